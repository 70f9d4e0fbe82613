"""`docket record merge`, `unmerge` and `split`, driven like a user would, on both backends."""

from __future__ import annotations

import json

from tests.e2e.conftest import Run, json_lines


def _person(run: Run, *fields: str, level: str = "public") -> int:
    args = [arg for field in fields for arg in ("--field", field)]
    created = run("record", "add", "person", *args, "--confidentiality", level, "--json")
    return int(json.loads(created.stdout)["id"])


def test_merge_show_undo_and_refusals(run: Run) -> None:
    run("init")
    first = _person(run, "name=Ulan Atambaev", "birth_year=1956", level="restricted")
    second = _person(run, "name=Ulan Atambaev", "birth_year=1957")
    act = json.loads(
        run(
            "record", "add", "act", "--field", "violation=torture",
            "--field", f"victim={{\"ref\": {first}}}", "--json",
        ).stdout
    )["id"]  # fmt: skip

    itself = run("record", "merge", str(first), str(first), "--reason", "x", code=2)
    assert itself.stderr.strip() == f"error: record {first} cannot be merged into itself"
    stale = run(
        "record", "merge", str(first), str(second), "--reason", "x",
        "--expect-into-version", "3", code=2,
    )  # fmt: skip
    assert "was changed by" in stale.stderr
    assert len(stale.stderr.strip().splitlines()) == 1
    analyst = run(
        "record", "merge", str(first), str(second), "--reason", "x", "--as-role", "analyst", code=2
    )
    assert "may read records but not change them" in analyst.stderr
    # A restricted record does not exist for a viewer.
    viewer = run(
        "record", "merge", str(first), str(second), "--reason", "x", "--as-role", "viewer", code=2
    )
    assert viewer.stderr.strip() == f"error: no record {first}"

    merged = run(
        "record", "merge", str(first), str(second), "--reason", "the same man",
        "--expect-version", "1", "--expect-into-version", "1",
    )  # fmt: skip
    assert f"Merged record {first} into record {second}." in merged.stdout
    assert "birth_year: 1956 — added as an alternative" in merged.stdout
    assert f"references moved in record {act}" in merged.stdout
    assert "now restricted (was public): the stricter level of the two" in merged.stdout

    shown = run("record", "show", str(first))
    assert f"merged into record {second}" in shown.stdout
    assert json.loads(run("record", "show", str(first), "--json").stdout)["merged_into"] == second
    listed = [r["id"] for r in json_lines(run("record", "list", "--type", "person", "--json"))]
    assert listed == [second]
    assert f"(merged into {second})" in run("record", "list", "--retracted").stdout
    again = run("record", "merge", str(first), str(second), "--reason", "x", code=2)
    assert f"record {first} is already merged into {second}" in again.stderr

    undone = json.loads(
        run("record", "unmerge", str(first), "--reason", "two men", "--json").stdout
    )
    assert undone["unmerged"] == first and undone["from"] == second
    assert undone["referrers"] == [act]
    assert {(v["field"], v["how"]) for v in undone["values"]} == {("birth_year", "removed")}
    victim = json.loads(run("record", "show", str(act), "--json").stdout)["fields"]["victim"]
    assert victim[0]["value"] == {"ref": first}
    assert run("record", "unmerge", str(first), "--reason", "x", code=2).stderr.startswith(
        f"error: record {first} is not merged"
    )
    run("verify")


def test_split_moves_values_to_a_new_record(run: Run) -> None:
    run("init")
    conflated = _person(run, "name=Asel Sadykova", "name=Aigul Sadykova", "birth_year=1980")
    names = json.loads(run("record", "show", str(conflated), "--json").stdout)["fields"]["name"]
    moved = next(v["id"] for v in names if v["value"]["text"] == "Asel Sadykova")
    bad = run("record", "split", str(conflated), "--values", "x", "--reason", "two", code=2)
    assert "--values takes ids separated by commas" in bad.stderr
    split = json.loads(
        run(
            "record", "split", str(conflated), "--values", str(moved), "--reason",
            "two women", "--json",
        ).stdout
    )  # fmt: skip
    assert split["split"] == conflated
    assert split["values"] == [{"field": "name", "value": "Asel Sadykova", "how": "moved"}]
    created = json.loads(run("record", "show", str(split["created"]), "--json").stdout)
    assert [v["value"]["text"] for v in created["fields"]["name"]] == ["Asel Sadykova"]
    history = run("record", "history", str(conflated)).stdout
    assert f'"into": {split["created"]}' in history
    help_text = run("record", "split", "--help").stdout
    assert "--values" in help_text and "--referrers" in help_text
