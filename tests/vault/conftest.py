"""Archives plain and encrypted: the same end-to-end tests run on both.

An encrypted archive here is unlocked by a key given as ``DOCKET_KEY`` (a key file's content):
the tests of passphrases run argon2id themselves, where its cost is the point.
"""

from __future__ import annotations

import base64
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from docket.cli.app import app
from docket.config import Settings
from tests.conftest import new_database
from tests.e2e.conftest import Run, documents

__all__ = ["documents"]

AT_REST = ["plain", "encrypted"]


@pytest.fixture(autouse=True)
def _temporaries_restored() -> Iterator[None]:
    """An encrypted archive opened in this process moves its temporary folder into memory (a
    private folder): the tests after this one get theirs back."""
    before_env, before_module = os.environ.get("TMPDIR"), tempfile.tempdir
    yield
    if before_env is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = before_env
    tempfile.tempdir = before_module


@pytest.fixture(params=AT_REST)
def at_rest(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """SQLite: the database an encrypted archive keeps in its folder."""
    with new_database("sqlite", tmp_path) as url:
        yield url


@pytest.fixture
def archive_key() -> str:
    return base64.b64encode(os.urandom(32)).decode("ascii")


@pytest.fixture
def cli_env(settings: Settings, at_rest: str, archive_key: str) -> dict[str, str]:
    env = {
        "DOCKET_HOME": str(settings.home),
        "DOCKET_DATABASE_URL": settings.database_url,
        "DOCKET_ACTOR": "tester",
    }
    if at_rest == "encrypted":
        env["DOCKET_KEY"] = archive_key
    return env


@pytest.fixture
def run(cli_env: dict[str, str], at_rest: str) -> Run:
    """``docket ARGS`` on the test archive; ``init`` makes it encrypted when the test is."""
    runner = CliRunner()

    def invoke(*args: str, code: int | None = 0) -> Result:
        if args == ("init",) and at_rest == "encrypted":
            args = ("init", "--encrypt")
        result = runner.invoke(app, list(args), env=cli_env, catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, result.output
        return result

    return invoke
