"""The record commands, driven like a user would, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import Run, json_lines


def test_add_edit_show_history_retract(run: Run, tmp_path: Path) -> None:
    run("init")
    created = run(
        "record", "add", "person", "--field", "name=Ulan Atambaev", "--field", "name=Атамбаев",
        "--field", "contact=+996 555 123", "--field", "birth_year=1956", "--json",
    )  # fmt: skip
    person = json.loads(created.stdout)
    assert person["fields"]["contact"][0]["value"] == "[redacted]"
    year = person["fields"]["birth_year"][0]["id"]
    run(
        "record", "edit", "1", "--expect-version", "1", "--add", "birth_year=1957",
        "--prefer", f"{year}=court record", "--reason", "second source",
    )  # fmt: skip
    stale = run("record", "edit", "1", "--expect-version", "1", "--field", "gender=male", code=2)
    assert "changed by tester" in stale.stderr
    assert "--expect-version 2" in stale.stderr
    shown = run("record", "show", "1")
    assert "Year of birth: 1956 (preferred: court record)" in shown.stdout
    assert "Year of birth: 1957 (alternative)" in shown.stdout
    assert "+996" not in shown.stdout
    revealed = run("record", "show", "1", "--reveal", "--json")
    assert json.loads(revealed.stdout)["fields"]["contact"][0]["value"] == "+996 555 123"
    hidden = run("record", "show", "1", "--reveal", "--as-role", "analyst", code=2)
    assert "may not see protected fields" in hidden.stderr
    history = run("record", "history", "1")
    assert "version 2" in history.stdout
    assert "second source" in history.stdout
    stale_retract = run(
        "record", "retract", "1", "--reason", "duplicate", "--expect-version", "1", code=2
    )
    assert "--expect-version 2" in stale_retract.stderr
    assert len(stale_retract.stderr.strip().splitlines()) == 1
    assert run("record", "retract", "1", "--reason", "duplicate", code=2).exit_code == 2
    run("record", "retract", "1", "--reason", "duplicate", "--expect-version", "2")
    assert run("record", "list", "--json").stdout == ""
    listed = json_lines(run("record", "list", "--retracted", "--json"))
    assert [(r["id"], r["retracted"]) for r in listed] == [(1, True)]


def test_file_import_export_and_stats(run: Run, tmp_path: Path) -> None:
    run("init")
    witness = tmp_path / "witness.yaml"
    witness.write_text(
        "type: person\nconfidentiality: confidential\nfields:\n"
        "  witness_code: TB-W-07\n  witness: {real_name: Cholpon Asanova}\n",
        encoding="utf-8",
    )
    run("record", "add", "person", "--file", str(witness))
    lines = tmp_path / "records.jsonl"
    lines.write_text(
        "\n".join(
            json.dumps(document)
            for document in [
                {"type": "group", "key": "v", "fields": {"description": "villagers",
                                                         "size": "about 1,700"}},
                {"type": "event", "key": "op", "fields": {"title": "Operation",
                                                          "date": "14-15 August 2022"}},
                {"type": "act", "fields": {"violation": "use_of_firearms", "event": {"key": "op"},
                                           "victim": [{"key": "v"}, 1]}},
            ]
        ),
        encoding="utf-8",
    )  # fmt: skip
    imported = json.loads(run("import", "records", str(lines), "--json").stdout)
    assert imported["imported"] == 3
    counted = json.loads(run("stats", "counts", "--json").stdout)
    assert [(c["month"], c["people"], c["named_persons"]) for c in counted] == [
        ("2022-08", 1701, 1)
    ]
    as_viewer = json.loads(run("stats", "counts", "--json", "--as-role", "viewer").stdout)
    assert [(c["people"], c["named_persons"]) for c in as_viewer] == [(1700, 0)]
    exported = run("export", "records")
    assert "TB-W-07" in exported.stdout
    assert "Asanova" not in exported.stdout
    revealed = run("export", "records", "--reveal-protected")
    assert "Asanova" in revealed.stdout
    public = run("export", "records", "--format", "csv", "--as-role", "viewer")
    assert "TB-W-07" not in public.stdout
    assert public.stdout.startswith("record,type,confidentiality")
    timeline = json.loads(run("timeline", "3", "--json").stdout)
    assert [m["record"] for m in timeline] == [3, 4]
    acts = json.loads(run("stats", "acts", "--victim", "2", "--json").stdout)
    assert [a["act"] for a in acts] == [4]
    assert json.loads(run("stats", "cases", "--by", "status", "--json").stdout) == []
    assert "no record 1" in run("record", "show", "1", "--as-role", "viewer", code=2).stderr


def test_cite_and_bad_input_are_one_line_errors(run: Run, documents: Path) -> None:
    run("init")
    item = json_lines(run("ingest", str(documents / "statement.txt"), "--json"))[0]["id"]
    bad_date = run("record", "add", "event", "--field", "date=7 August", "--field",
                   "title=x", code=2)  # fmt: skip
    assert "has no year" in bad_date.stderr
    run("record", "add", "event", "--field", "title=Return to prison")
    cited = run("record", "cite", "1", "title", "--item", str(item), "--start", "17",
                "--end", "32")  # fmt: skip
    assert '"Almaz Atambayev"' in cited.stdout
    outside = run("record", "cite", "1", "title", "--item", str(item), "--start", "0",
                  "--end", "99999", code=2)  # fmt: skip
    assert "outside item" in outside.stderr
    assert len(outside.stderr.strip().splitlines()) == 1
    unknown = run("record", "add", "dragon", "--field", "name=x", code=2)
    assert "no record type 'dragon'" in unknown.stderr
    bad = run("record", "add", "person", "--field", "nameless", code=2)
    assert "NAME=VALUE" in bad.stderr


def test_stats_acts_without_a_filter_lists_every_act_a_page_at_a_time(
    run: Run, tmp_path: Path
) -> None:
    run("init")
    lines = tmp_path / "acts.jsonl"
    documents = [{"type": "group", "key": "crowd", "fields": {"description": "protesters"}}]
    documents += [
        {"type": "act", "fields": {"violation": "killing", "date": f"{2000 + n}",
                                   "victim": [{"key": "crowd"}]}}
        for n in range(5)
    ]  # fmt: skip
    lines.write_text("\n".join(json.dumps(d) for d in documents), encoding="utf-8")
    run("import", "records", str(lines))
    every = json.loads(run("stats", "acts", "--json").stdout)
    assert [a["act"] for a in every] == [2, 3, 4, 5, 6]
    assert (
        every[0].keys()
        == json.loads(run("stats", "acts", "--victim", "1", "--json").stdout)[0].keys()
    )
    table = run("stats", "acts")
    assert "Killing" in table.stdout and "act" in table.stdout.splitlines()[0]
    second = run("stats", "acts", "--per-page", "2", "--page", "2", "--json")
    assert [a["act"] for a in json.loads(second.stdout)] == [4, 5]
    assert "Acts 3-4 of 5 (page 2 of 3); --page 3 for more." in second.stderr
    beyond = run("stats", "acts", "--per-page", "2", "--page", "9", code=2)
    assert "there is no page 9: 5 acts make 3 pages" in beyond.stderr
    both = run("stats", "acts", "--victim", "1", "--perpetrator", "1", code=2)
    assert "not both" in both.stderr
    # The group has no size: its people are an unknown number, not "at least 0".
    counted = json.loads(run("stats", "counts", "--json").stdout)
    assert {(c["people"], c["qualifier"], c["people_label"]) for c in counted} == {
        (None, "unknown", "unknown number")
    }
    assert "unknown number" in run("stats", "counts").stdout
    assert "at least 0" not in run("stats", "counts").stdout


def test_reporting_dates_and_inferred_years_are_marked_in_the_cli(run: Run, tmp_path: Path) -> None:
    run("init")
    lines = tmp_path / "acts.jsonl"
    documents = [
        {"type": "person", "key": "aida", "fields": {"name": "Aida Kasymalieva"}},
        {"type": "act", "fields": {"violation": "torture", "date": "9 August 2022",
                                   "victim": {"key": "aida"}}},
        {"type": "act", "fields": {"violation": "torture",
                                   "date": "по сообщению от 10 августа 2022",
                                   "victim": {"key": "aida"}}},
        {"type": "act", "fields": {"violation": "torture",
                                   "date": {"text": "in April", "reference": "2023-06-01"},
                                   "victim": {"key": "aida"}}},
    ]  # fmt: skip
    lines.write_text("\n".join(json.dumps(d) for d in documents), encoding="utf-8")
    run("import", "records", str(lines))
    assert "as reported on 10 Aug 2022" in run("record", "show", "3").stdout
    assert "Apr 2023 (year inferred)" in run("record", "show", "4").stdout
    typed = run("record", "add", "event", "--field", "title=Raid",
                "--field", "date=as reported on 11 August 2022", "--json")  # fmt: skip
    (value,) = json.loads(typed.stdout)["fields"]["date"]
    assert value["value"]["reported"] is True
    timeline = run("timeline", "1").stdout
    assert "as reported on 10 Aug 2022" in timeline
    assert "Apr 2023 (year inferred)" in timeline
    counted = json.loads(run("stats", "counts", "--json").stdout)
    assert sorted((row["month"], row["reported"], row["acts"]) for row in counted) == [
        ("2022-08", False, 1),
        ("2022-08", True, 1),
        ("2023-04", False, 1),
    ]
    assert "2022-08 (as reported)" in run("stats", "counts").stdout
    empty = run("record", "add", "event", "--field", "title=Raid",
                "--field", "date=as reported on", code=2)  # fmt: skip
    assert "not a date: 'as reported on'" in empty.stderr
    assert len(empty.stderr.strip().splitlines()) == 1
