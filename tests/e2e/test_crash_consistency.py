"""``kill -9`` at random points of an ingest leaves an archive that verifies, and re-running the
same ingest completes it without duplicates.

Only the ingests are separate processes, the ones killed and the ones that must finish after a
kill; ``init`` and ``verify`` run the same commands in this process, which has Docket imported
already (starting a process that imports it costs about a second of processor time)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from docket.cli.app import app
from docket.config import Settings

KILLS_PER_BACKEND = 4


def _corpus(folder: Path) -> int:
    """Files whose ingest takes a few seconds; returns how many items they make."""
    folder.mkdir()
    for n in range(60):
        (folder / f"note-{n:03}.txt").write_text(
            f"Report {n}: protesters detained in the border agreement case, "
            f"Atambaev {n} Жапаров {n * 7}.\n" * 20,
            encoding="utf-8",
        )
    with zipfile.ZipFile(folder / "bundle.zip", "w") as bundle:
        for n in range(15):
            bundle.writestr(f"docs/member-{n}.txt", f"Zipped statement number {n} of a witness.")
    return 60 + 1 + 15


def _docket(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "docket", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=300)
    return process.returncode, stderr.decode(errors="replace")


def _here(env: dict[str, str], *args: str) -> tuple[int, str]:
    """``docket ARGS`` run in this process: its exit code and what it wrote."""
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.output


def _count(settings: Settings) -> tuple[int, int]:
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        items = connection.execute(text("SELECT count(*) FROM items")).scalar_one()
        distinct = connection.execute(text("SELECT count(DISTINCT sha256) FROM items")).scalar_one()
    engine.dispose()
    return int(items), int(distinct)


@pytest.mark.slow
def test_kill_minus_nine_anywhere_during_ingest(
    settings: Settings, cli_env: dict[str, str], tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    expected = _corpus(corpus)
    env = {**os.environ, **cli_env}
    assert _here(env, "init")[0] == 0

    started = time.monotonic()
    code, stderr = _finish(_docket(env, "ingest", str(corpus)))
    duration = time.monotonic() - started
    assert code == 0, stderr
    assert _count(settings) == (expected, expected)

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    for attempt in range(KILLS_PER_BACKEND):
        home = settings.home.with_name(f"crash-{attempt}")
        crash_settings = Settings(home=home, database_url=settings.database_url)
        if not settings.is_sqlite:
            engine = create_engine(settings.database_url)
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            engine.dispose()
        else:
            crash_settings = Settings.from_env(
                home=home, database_url=f"sqlite:///{home}/docket.sqlite3"
            )
        crash_env = {
            **env,
            "DOCKET_HOME": str(home),
            "DOCKET_DATABASE_URL": crash_settings.database_url,
        }
        assert _here(crash_env, "init")[0] == 0
        victim = _docket(crash_env, "ingest", str(corpus))
        time.sleep(rng.uniform(0.0, duration))
        victim.send_signal(signal.SIGKILL)
        _finish(victim)

        code, output = _here(crash_env, "verify")
        assert code == 0, f"seed {seed}, attempt {attempt}: {output}"
        code, stderr = _finish(_docket(crash_env, "ingest", str(corpus)))
        assert code == 0, f"seed {seed}, attempt {attempt}: {stderr}"
        assert _count(crash_settings) == (expected, expected), f"seed {seed}"
        code, output = _here(crash_env, "verify")
        assert code == 0, f"seed {seed}, attempt {attempt}: {output}"
