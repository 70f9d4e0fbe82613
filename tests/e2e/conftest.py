"""Helpers for driving the ``docket`` command in-process and as a real subprocess."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from docket.cli.app import app

Run = Callable[..., Result]


@pytest.fixture
def run(cli_env: dict[str, str]) -> Run:
    """Invoke ``docket ARGS`` against the test archive; asserts the exit code when given."""
    runner = CliRunner()

    def invoke(*args: str, code: int | None = 0, input: str | None = None) -> Result:
        result = runner.invoke(app, list(args), env=cli_env, catch_exceptions=False, input=input)
        if code is not None:
            assert result.exit_code == code, result.output
        return result

    return invoke


def json_lines(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    """A small folder of evidence in three languages and several encodings."""
    folder = tmp_path / "incoming"
    (folder / "reports").mkdir(parents=True)
    (folder / "statement.txt").write_text(
        "Former president Almaz Atambayev was returned from hospital to prison on 7 August.\n",
        encoding="utf-8",
    )
    (folder / "reports" / "ru.txt").write_bytes(
        "Бывший президент Атамбаев переведён из больницы обратно в тюрьму. "
        "Врачи подтверждают, что ему необходима срочная операция.\n".encode("cp1251")
    )
    (folder / "reports" / "ky.txt").write_text(
        "Мурунку президент Атамбаевдин ден соолугу начарлады. Дарыгерлер операция "
        "керек экенин тастыкташты, бирок бийлик макулдук берген жок.\n",
        encoding="utf-8",
    )
    (folder / "reports" / "page.html").write_text(
        "<html><head><title>Village operation</title></head><body><nav>Home | About</nav>"
        "<article><h1>Village operation</h1><p>On two consecutive days security forces "
        "used firearms against about 1,700 villagers. The operation was ordered by "
        "Zhunushaliev, the former head of the special services, according to witnesses. "
        "No investigation has been opened.</p></article></body></html>",
        encoding="utf-8",
    )
    return folder
