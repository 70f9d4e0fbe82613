"""``docket link`` and ``docket eval link`` end to end through the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docket.archive import Archive
from tests.e2e.conftest import Run, json_lines

GOLD = Path(__file__).parents[1] / "linkage" / "gold" / "people.jsonl"


@pytest.fixture(autouse=True)
def _archive(archive: Archive) -> None:
    """Every test here works on a new archive."""


def _add(run: Run, *fields: str) -> int:
    args = [part for field in fields for part in ("-f", field)]
    result = run("record", "add", "person", *args, "--json")
    return int(json.loads(result.stdout)["id"])


def test_link_prints_the_json_contract_with_every_record_once(run: Run) -> None:
    ru = _add(run, "name=Атамбаев Алмазбек", "birth_year=1956")
    en = _add(run, "name=Almazbek Atambayev", "birth_year=1956")
    other = _add(run, "name=Sadyr Japarov", "birth_year=1968")
    initials = _add(run, "name=A.")
    result = run("link", "--type", "person", "--json")
    data = json.loads(result.stdout)
    assert set(data) == {"clusters", "review"}
    assert data["clusters"] == [
        {"id": ru, "records": [ru, en]},
        {"id": other, "records": [other]},
        {"id": initials, "records": [initials]},
    ]
    assert all(set(p) == {"a", "b", "score", "reason"} for p in data["review"])
    assert f"record {initials}: its name is too short to compare" in result.stderr
    shown = run("link", "show", str(en), "--json")
    assert json.loads(shown.stdout)["records"] == [ru, en]


def test_a_reviewer_decides_a_pair_from_the_queue(run: Run) -> None:
    first = _add(run, "name=Nurlan Tokoev", "birth_year=1970")
    second = _add(run, "name=Nurlan Tookev")
    result = run("link", "--type", "person", "--json", "--link-above", "1")
    (pair,) = json.loads(result.stdout)["review"]
    assert (pair["a"], pair["b"]) == (first, second)
    assert "surname" in pair["reason"]
    result = run("link", "review", "--reason", "same passport", input="a\n")
    assert "Nurlan Tokoev" in result.stdout and "Nurlan Tookev" in result.stdout
    assert "1 pairs decided" in result.stdout
    log = json.loads(run("link", "log", "--json").stdout)
    assert [(e["a"], e["b"], e["decision"], e["reason"]) for e in log] == [
        (first, second, "same", "same passport")
    ]
    data = json.loads(run("link", "--type", "person", "--json").stdout)
    assert {"id": first, "records": [first, second]} in data["clusters"]
    assert data["review"] == []
    run("link", "undo", str(first), str(second), "--version", "1")
    refused = run("link", "judge", str(first), str(second), "same", "--version", "1", code=2)
    assert "judged again since version 1" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_bad_requests_get_one_line(run: Run) -> None:
    for args, message in [
        (("link",), "say what to link"),
        (("link", "--type", "vehicle"), "not 'vehicle'"),
        (("link", "--type", "person", "--engine", "hadoop"), "unknown engine 'hadoop'"),
        (("link", "judge", "1", "1", "same"), "name two records"),
        (("link", "judge", "1", "2", "perhaps"), "same or different"),
        (("link", "show", "7"), "no record 7"),
    ]:
        result = run(*args, code=2)
        assert message in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_eval_link_reaches_the_target_on_the_gold_set(run: Run) -> None:
    result = run("eval", "link", str(GOLD), "--json")
    scores = json.loads(result.stdout)
    assert scores["pairwise"]["f1"] >= 0.97
    assert {
        "cyrillic-surname-first",
        "latin-bgn",
        "latin-j-typo",
        "kyrgyz-letters",
        "namesake",
        "no-year",
        "repeat",
        "age",
    } <= set(scores["by_variation"])
    assert scores["by_variation"]["age"]["f1"] >= 0.97


def test_eval_link_names_the_bad_line(run: Run, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": 1, "entity": "P1", "names": ["Ulan"]}\n{"id": 1}\n', encoding="utf-8")
    result = run("eval", "link", str(gold), code=2)
    assert "gold.jsonl line 2: id must be a whole number, once per file" in result.stderr


def test_stats_counts_a_linked_person_once(run: Run) -> None:
    ru = _add(run, "name=Атамбаев Алмазбек", "birth_year=1956")
    en = _add(run, "name=Almazbek Atambayev", "birth_year=1956")
    for victim in (ru, en):
        run(
            "record", "add", "act", "-f", "violation=arbitrary_detention",
            "-f", f'victim={{"ref": {victim}}}', "-f", "date=2023-10",
        )  # fmt: skip
    (before,) = json.loads(run("stats", "counts", "--json").stdout)
    assert before["people"] == 2
    run("link", "--type", "person")
    (after,) = json.loads(run("stats", "counts", "--json").stdout)
    assert (after["people"], after["linked_records"], after["unreviewed_links"]) == (1, 1, 1)
    assert "1 of 1 links unreviewed" in run("stats", "counts").stdout


def test_exports_and_timelines_show_the_identity_as_the_reader_may_see_it(run: Run) -> None:
    ru = _add(run, "name=Атамбаев Алмазбек", "birth_year=1956")
    en = _add(run, "name=Almazbek Atambayev", "birth_year=1956")
    secret = json.loads(
        run(
            "record", "add", "person", "-f", "name=Алмазбек Шаршенович Атамбаев",
            "--confidentiality", "confidential", "--json",
        ).stdout
    )["id"]  # fmt: skip
    act = json.loads(
        run(
            "record", "add", "act", "-f", "violation=arbitrary_detention",
            "-f", f"victim={secret}", "-f", "date=2021-07", "--json",
        ).stdout
    )["id"]  # fmt: skip
    run("link", "--type", "person")
    lines = {d["id"]: d for d in map(json.loads, run("export", "records").stdout.splitlines())}
    assert [lines[r]["identity"] for r in (ru, en, secret, act)] == [ru, ru, ru, None]
    moments = json.loads(run("timeline", str(en), "--json").stdout)
    assert [(m["record"], m["linked_from"]) for m in moments] == [(act, secret)]
    hidden = run("export", "records", "--as-role", "analyst").stdout
    assert f'"identity": {secret}' not in hidden and "Шаршенович" not in hidden
    seen = json.loads(run("timeline", str(en), "--json", "--as-role", "analyst").stdout)
    assert seen == []


def test_an_age_in_a_dated_list_links_through_the_command(run: Run, tmp_path: Path) -> None:
    listing = tmp_path / "detained.txt"
    listing.write_text(
        "Detained on 28 February: Nurlan Tokoev, 34, a teacher; Aibek Osmonov, 41.\n",
        encoding="utf-8",
    )
    (item,) = json_lines(run("ingest", str(listing), "--published", "2022-03-01", "--json"))
    given = ("Bakyt", "Chyngyz", "Daniyar", "Emil", "Kanat", "Marat", "Ruslan", "Ilyas")
    surnames = ("Kadyrov", "Beishenov", "Mamatov", "Usenov", "Asanov", "Kasymov", "Sultanov")
    surnames += ("Ibraimov", "Zhumabaev", "Omurbekov", "Abdyldaev", "Toktogulov", "Jeenbekov")
    # Others on the lists, so that two records are not as likely as not one person before they
    # are compared.
    crowd = [
        {"type": "person", "fields": {"name": f"{g} {s}", "birth_year": 1900 + n}}
        for n, (g, s) in enumerate((g, s) for g in given for s in surnames)
    ]
    cited = {"item": item["id"], "quote": "Nurlan Tokoev, 34"}
    age = {"value": {"years": 34}, "citations": [cited]}
    people = [
        {"key": "aged", "type": "person", "fields": {"name": "Nurlan Tokoev", "age": age}},
        {"key": "born", "type": "person", "fields": {"name": "Нурлан Токоев", "birth_year": 1987}},
        {"key": "older", "type": "person", "fields": {"name": "Nurlan Tokoev", "birth_year": 1970}},
        {"type": "person", "fields": {"name": "Aibek Osmonov", "age": {"years": 41}}},
    ]
    lines = tmp_path / "people.jsonl"
    lines.write_text("\n".join(json.dumps(d) for d in people + crowd) + "\n", encoding="utf-8")
    keys = json.loads(run("import", "records", str(lines), "--json").stdout)["keys"]
    exported = {
        d["id"]: d
        for d in map(json.loads, run("export", "records", "--type", "person").stdout.splitlines())
    }
    assert exported[keys["aged"]]["fields"]["age"][0]["value"] == {"years": 34}
    result = run("link", "--type", "person", "--json")
    clusters = [c["records"] for c in json.loads(result.stdout)["clusters"]]
    assert sorted([keys["aged"], keys["born"]]) in clusters
    assert [keys["older"]] in clusters
    assert "1 age was not used: no date was given with it" in result.stderr
    refused = tmp_path / "refused.jsonl"
    refused.write_text(
        json.dumps({"type": "person", "fields": {"name": "Nurlan Tokoev", "age": {"years": 140}}})
        + "\n",
        encoding="utf-8",
    )
    message = run("import", "records", str(refused), code=2).stderr
    assert "age.years: 140 is not between 0 and 130" in message
    assert len(message.strip().splitlines()) == 1
