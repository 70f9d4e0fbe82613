"""The review command shows the whole draft, retypes with --as and adds to records with --into."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.e2e.conftest import Run, json_lines
from typer.testing import CliRunner

from docket.cli.app import app

STATEMENT = (
    "Former president Almazbek Atambaev was returned to prison on 7 August. "
    "His lawyers filed an appeal; it was rejected. "
    "About 1,700 villagers were shot dead.\n"
)


def _proposed(run: Run, tmp_path: Path) -> list[dict[str, Any]]:
    statement = tmp_path / "statement.txt"
    statement.write_text(STATEMENT, encoding="utf-8")
    run("propose", str(statement))
    return json_lines(run("review", "--json"))


def _record(run: Run, record_id: int) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(run("record", "show", str(record_id), "--json").stdout)
    return shown


def test_json_prints_the_draft_and_add_to_needs_a_choice(run: Run, tmp_path: Path) -> None:
    run("init")
    run("record", "add", "person", "--field", "name=Almazbek Atambayev")
    run("record", "add", "person", "--field", "name=Атамбаев Алмазбек")
    proposals = _proposed(run, tmp_path)
    person = next(p for p in proposals if p["kind"] == "person")
    draft = person["draft"]
    assert draft["type"] == "person"
    assert draft["retypes"] == ["person", "organisation", "group"]
    assert sorted(m["record"] for m in draft["matches"]) == [1, 2]
    (name,) = [v for v in draft["values"] if v["field"] == "name"]
    assert name["citations"][0]["start"] == STATEMENT.index("Almazbek")

    asked = run("review", "--accept", str(person["id"]), code=2)
    assert "choose the record to add to" in asked.stderr
    both = run("review", "--accept", str(person["id"]), "--into", "2", "--new", code=2)
    assert "--into and --new" in both.stderr
    assert "apply to --accept" in run("review", "--into", "2", code=2).stderr
    added = run("review", "--accept", str(person["id"]), "--into", "2")
    assert f"Accepted #{person['id']} as record 2." in added.stdout
    names = [v["value"]["text"] for v in _record(run, 2)["fields"]["name"]]
    assert names == ["Атамбаев Алмазбек", "Almazbek Atambaev"]
    run("verify")


def test_accept_as_another_type(run: Run, tmp_path: Path) -> None:
    run("init")
    proposals = _proposed(run, tmp_path)
    person = next(p for p in proposals if p["kind"] == "person")
    wrong = run("review", "--accept", str(person["id"]), "--as", "claim", code=2)
    assert "cannot become a claim" in wrong.stderr
    accepted = run("review", "--accept", str(person["id"]), "--as", "organisation", "--new")
    record_id = int(accepted.stdout.strip().rsplit(" ", 1)[1].rstrip("."))
    record = _record(run, record_id)
    assert record["type"] == "organisation"
    assert record["fields"]["name"][0]["citations"]


def test_the_walk_shows_every_finding_and_where_it_may_go(
    run: Run, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    run("init")
    run("record", "add", "person", "--field", "name=Almazbek Atambayev")
    proposals = _proposed(run, tmp_path)
    person = next(p for p in proposals if p["kind"] == "person")
    answers = []
    for proposal in proposals:
        # Enter on "add to" takes the record extraction linked the name to.
        answers += ["a", ""] if proposal["id"] == person["id"] else ["s"]
    walked = CliRunner().invoke(
        app, ["review"], input="\n".join(answers) + "\n", env=cli_env, catch_exceptions=False
    )
    assert walked.exit_code == 0, walked.output
    assert "As person:" in walked.stdout
    assert "name: Almazbek Atambaev ← «Almazbek Atambaev»" in walked.stdout
    assert "Already in the archive: #1 Almazbek Atambayev (linked)" in walked.stdout
    assert f"Accepted #{person['id']} as record 1." in walked.stdout


def test_accept_as_reported(run: Run, tmp_path: Path) -> None:
    run("init")
    statement = tmp_path / "statement.txt"
    statement.write_text(STATEMENT, encoding="utf-8")
    run("ingest", str(statement), "--published", "2023-06-10")
    run("propose", "1")
    proposals = json_lines(run("review", "--json"))
    intervention = next(p for p in proposals if p["kind"] == "intervention")
    assert intervention["draft"]["reported"]["value"]["start"] == "2023-06-10"
    assert "apply to --accept" in run("review", "--as-reported", code=2).stderr
    accepted = run(
        "review", "--accept", str(intervention["id"]), "--set", "by=organisation:Lawyers",
        "--as-reported",
    )  # fmt: skip
    record_id = int(accepted.stdout.strip().rsplit(" ", 1)[1].rstrip("."))
    (date,) = _record(run, record_id)["fields"]["date"]
    assert date["value"]["reported"] is True


def test_an_intervention_accepted_as_a_claim_takes_the_claims_fields(
    run: Run, tmp_path: Path
) -> None:
    run("init")
    proposals = _proposed(run, tmp_path)
    intervention = next(p for p in proposals if p["kind"] == "intervention")
    accepted = run(
        "review", "--accept", str(intervention["id"]), "--as", "claim",
        "--set", "claimant=organisation:Lawyers", "--set", "statement=the appeal was rejected",
    )  # fmt: skip
    record_id = int(accepted.stdout.strip().rsplit(" ", 1)[1].rstrip("."))
    record = _record(run, record_id)
    assert record["type"] == "claim"
    (statement,) = record["fields"]["statement"]
    assert statement["value"] == "the appeal was rejected"
    assert statement["citations"]
