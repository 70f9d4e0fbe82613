"""Accepting with edits from the command line: --set in scripts, e in the interactive walk."""

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
    run("init")
    statement = tmp_path / "statement.txt"
    statement.write_text(STATEMENT, encoding="utf-8")
    run("propose", str(statement))
    return json_lines(run("review", "--json"))


def _record(run: Run, record_id: int) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(run("record", "show", str(record_id), "--json").stdout)
    return shown


def _accepted_id(stdout: str) -> int:
    return int(stdout.strip().splitlines()[-1].rsplit(" ", 1)[1].rstrip("."))


def test_accept_with_set_from_a_script(run: Run, tmp_path: Path) -> None:
    proposals = _proposed(run, tmp_path)
    act = next(p for p in proposals if p["kind"] == "act")
    person = next(p for p in proposals if p["kind"] == "person")
    assert act["required_edits"] == ["victim"]
    assert person["required_edits"] == []

    refused = run("review", "--accept", str(act["id"]), code=2)
    assert "victim" in refused.stderr
    typo = run("review", "--accept", str(act["id"]), "--set", "victm=1", code=2)
    assert "act has no field 'victm'" in typo.stderr
    bad_ref = run("review", "--accept", str(act["id"]), "--set", "victim=l2", code=2)
    assert "give its id" in bad_ref.stderr
    assert "--accept" in run("review", "--set", "victim=1", code=2).stderr

    person_id = _accepted_id(run("review", "--accept", str(person["id"])).stdout)
    accepted = run(
        "review",
        "--accept",
        str(act["id"]),
        "--set",
        f"victim=#{person_id}",
        "--set",
        "victim=group:about 1,700 villagers",
        "--set",
        "description=shooting in the village",
        "--set",
        "status=confirmed",
    )
    act_record = _record(run, _accepted_id(accepted.stdout))
    fields = act_record["fields"]
    victims = [value["value"]["ref"] for value in fields["victim"]]
    assert victims[0] == person_id
    group = _record(run, victims[1])
    assert group["type"] == "group"
    assert group["fields"]["description"][0]["value"] == "about 1,700 villagers"
    assert fields["status"][0]["value"] == "confirmed"
    assert fields["description"][0]["value"] == "shooting in the village"
    assert act["id"] not in {p["id"] for p in json_lines(run("review", "--json"))}
    run("verify")


def test_interactive_edit_asks_for_what_is_needed(
    run: Run, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    proposals = _proposed(run, tmp_path)
    ordered = [p["id"] for p in proposals]
    act = next(p for p in proposals if p["kind"] == "act")
    intervention = next(p for p in proposals if p["kind"] == "intervention")
    answers = []
    for proposal_id in ordered:
        if proposal_id == act["id"]:
            # e: each proposed value is kept with Enter; the victim is a new person; a wrong
            # field is refused and asked again.
            kept = [""] * len(act["draft"]["values"])
            answers += [
                "e",
                *kept,
                "Ulan Atambaev",
                "nonsense=1",
                "description=fired on the crowd",
                "",
            ]
        elif proposal_id == intervention["id"]:
            # a on an intervention still asks who made it; empty leaves it pending.
            answers += ["a", ""]
        else:
            answers += ["s"]

    walked = CliRunner().invoke(
        app, ["review"], input="\n".join(answers) + "\n", env=cli_env, catch_exceptions=False
    )

    assert walked.exit_code == 0, walked.output
    assert "To accept, give: victim" in walked.stdout
    assert "act has no field 'nonsense'" in walked.stderr
    assert f"Skipped #{intervention['id']}" in walked.stdout
    line = next(x for x in walked.stdout.splitlines() if x.startswith(f"Accepted #{act['id']}"))
    act_record = _record(run, _accepted_id(line))
    assert act_record["fields"]["description"][0]["value"] == "fired on the crowd"
    victim = _record(run, act_record["fields"]["victim"][0]["value"]["ref"])
    assert victim["type"] == "person"
    assert victim["fields"]["name"][0]["value"]["text"] == "Ulan Atambaev"
    left = {p["id"] for p in json_lines(run("review", "--json"))}
    assert act["id"] not in left
    assert intervention["id"] in left


def test_a_date_phrase_takes_its_year_from_the_item(run: Run, tmp_path: Path) -> None:
    run("init")
    statement = tmp_path / "statement.txt"
    statement.write_text(STATEMENT, encoding="utf-8")
    run("ingest", str(statement), "--published", "2023-06-10")
    run("propose", "1")
    proposals = json_lines(run("review", "--json"))
    act = next(p for p in proposals if p["kind"] == "act")
    person = next(p for p in proposals if p["kind"] == "person")
    person_id = _accepted_id(run("review", "--accept", str(person["id"])).stdout)

    wrong = run(
        "review", "--accept", str(act["id"]), "--set", f"victim={person_id}",
        "--set", "date=in Apirl", code=2,
    )  # fmt: skip
    assert "act.date: not a date: 'in Apirl'" in wrong.stderr
    assert "record 1" not in wrong.stderr
    accepted = run(
        "review", "--accept", str(act["id"]), "--set", f"victim={person_id}",
        "--set", "date=in April",
    )  # fmt: skip
    record_id = _accepted_id(accepted.stdout)
    (date,) = _record(run, record_id)["fields"]["date"]
    assert date["value"]["start"] == "2023-04-01"
    assert date["value"]["year_inferred"] is True
    assert "Date: Apr 2023 (year inferred)" in run("record", "show", str(record_id)).stdout
    run("verify")
