"""The propose and review commands, driven like a user would, on both backends."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Run, json_lines
from typer.testing import CliRunner

from docket.cli.app import app

STATEMENT = (
    "Former president Almazbek Atambaev was returned to prison on 7 August. "
    "His lawyers filed an appeal; it was rejected. "
    "About 1,700 villagers were shot dead.\n"
)


def test_propose_then_review(run: Run, tmp_path: Path) -> None:
    run("init")
    statement = tmp_path / "statement.txt"
    statement.write_text(STATEMENT, encoding="utf-8")

    first = run("propose", str(statement))
    assert "item 1:" in first.stdout
    assert "item 1: 0 new proposals" in run("propose", "1").stdout

    proposals = json_lines(run("review", "--json"))
    kinds = {proposal["kind"] for proposal in proposals}
    assert {"person", "act", "intervention"} <= kinds
    person = next(p for p in proposals if p["kind"] == "person")
    assert person["status"] == "pending"
    assert person["passage"]["text"] in STATEMENT
    assert "Atambaev" in person["passage"]["text"]

    accepted = run("review", "--accept", str(person["id"]))
    assert f"Accepted #{person['id']} as record" in accepted.stdout
    again = run("review", "--accept", str(person["id"]), code=2)
    assert "already accepted" in again.stderr

    act = next(p for p in proposals if p["kind"] == "act")
    assert "--reason" in run("review", "--reject", str(act["id"]), code=2).stderr
    run("review", "--reject", str(act["id"]), "--reason", "not in this country")

    left = {proposal["id"] for proposal in json_lines(run("review", "--json"))}
    assert person["id"] not in left
    assert act["id"] not in left
    shown = run("record", "show", "1", "--json")
    assert "Atambaev" in shown.stdout
    run("verify")


def test_interactive_walk(run: Run, tmp_path: Path, cli_env: dict[str, str]) -> None:
    run("init")
    assert "Nothing to review." in run("review").stdout
    statement = tmp_path / "statement.txt"
    statement.write_text(STATEMENT, encoding="utf-8")
    run("propose", str(statement))
    first, second, third = json_lines(run("review", "--json"))[:3]

    walked = CliRunner().invoke(
        app, ["review"], input="s\nr\nwrong person\nq\n", env=cli_env, catch_exceptions=False
    )

    assert walked.exit_code == 0, walked.output
    assert f"#{first['id']}" in walked.stdout
    assert f"Rejected #{second['id']}." in walked.stdout
    left = [proposal["id"] for proposal in json_lines(run("review", "--json"))]
    assert first["id"] in left
    assert second["id"] not in left
    assert third["id"] in left
