"""Capture histories from the archive's records, read through a viewer, and ``docket estimate``
on them and on a CSV table, end to end through the real command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.support import as_owner
from typer.testing import CliRunner

from docket.archive import Archive
from docket.cli.app import app
from docket.errors import DocketError
from docket.estimation import (
    UNLINKED,
    Estimation,
    SamplerSettings,
    StratifiedEstimation,
    capture_histories,
)
from docket.estimation.published import kosovo_csv
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.reports import render_html

NAMES = ["Asel", "Bakyt", "Gulnara", "Dastan", "Elmira", "Zhyldyz", "Ilyas", "Kanat"]
# Which of the three reports name each person: in the order of NAMES.
CITED_BY = ["12", "1", "2", "3", "13", "23", "123", "1"]
SEXES = ["female", "male", "female", "male", "female", "female", "male", "male"]


def reports(archive: Archive, tmp_path: Path) -> list[int]:
    ids = []
    for number in (1, 2, 3):
        path = tmp_path / f"report{number}.txt"
        path.write_text(f"Report {number} names {', '.join(NAMES)}.\n", encoding="utf-8")
        (result,) = as_owner(archive).items.ingest([path], Provenance(title=f"Report {number}"))
        assert result.id is not None
        ids.append(result.id)
    return ids


def people(archive: Archive, items: list[int], *, confidential: str | None = None) -> None:
    documents: list[dict[str, Any]] = []
    for name, cited, sex in zip(NAMES, CITED_BY, SEXES, strict=True):
        citations = [{"item": items[int(n) - 1], "quote": name} for n in cited]
        documents.append(
            {
                "type": "person",
                "key": name,
                "confidentiality": "confidential" if name == confidential else "public",
                "fields": {"name": [{"value": name, "citations": citations}], "gender": sex},
            }
        )
    # Killings of Asel (report 1) and Bakyt (reports 1 and 2); an extrajudicial execution, a
    # narrower kind of killing, of Gulnara (reports 2 and 3); a detention of Dastan.
    acts = [
        ("killing", "Asel", "1"),
        ("killing", "Bakyt", "12"),
        ("extrajudicial_execution", "Gulnara", "23"),
        ("arbitrary_detention", "Dastan", "3"),
    ]
    for code, victim, cited in acts:
        citations = [{"item": items[int(n) - 1], "quote": victim} for n in cited]
        documents.append(
            {
                "type": "act",
                "fields": {
                    "violation": code,
                    "victim": [{"value": {"key": victim}, "citations": citations}],
                },
            }
        )
    as_owner(archive).records.import_documents(documents)


def test_each_record_is_a_person_and_the_reports_are_the_lists(
    archive: Archive, tmp_path: Path
) -> None:
    items = reports(archive, tmp_path)
    people(archive, items)

    built = capture_histories(as_owner(archive).records)

    (stratum,) = built.strata
    assert stratum.label is None
    assert stratum.histories.lists == tuple(str(item) for item in items)
    # A person's sources are those citing their record or an act against them: Bakyt is named
    # by report 1 and his killing by reports 1 and 2.
    assert stratum.histories.counts() == {
        "001": 1, "010": 0, "011": 2, "100": 1, "101": 1, "110": 2, "111": 1,
    }  # fmt: skip
    assert UNLINKED in built.warnings


def test_linked_records_count_once_and_the_warning_goes(archive: Archive, tmp_path: Path) -> None:
    items = reports(archive, tmp_path)
    people(archive, items)
    records = as_owner(archive).records
    ids = {view.title: view.id for view in records.views(type_names=["person"])}

    # Kanat (report 1) is Dastan (report 3): one person on reports 1 and 3.
    built = capture_histories(records, identities={ids["Kanat"]: ids["Dastan"]})

    (stratum,) = built.strata
    assert stratum.histories.documented == 7
    assert stratum.histories.counts()["101"] == 2
    assert UNLINKED not in built.warnings


def test_a_viewer_counts_only_what_they_may_see(archive: Archive, tmp_path: Path) -> None:
    items = reports(archive, tmp_path)
    people(archive, items, confidential="Kanat")

    seen_by_owner = capture_histories(as_owner(archive).records).strata[0].histories
    analyst = archive.as_viewer(Viewer.as_role("analyst"))
    seen_by_analyst = capture_histories(analyst.records).strata[0].histories

    assert seen_by_owner.documented == 8
    assert seen_by_analyst.documented == 7
    assert seen_by_owner.counts()["100"] == 1
    assert seen_by_analyst.counts()["100"] == 0


def test_a_violation_counts_its_victims_by_the_sources_of_its_acts(
    archive: Archive, tmp_path: Path
) -> None:
    items = reports(archive, tmp_path)
    people(archive, items)

    built = capture_histories(as_owner(archive).records, violation="killing")

    (stratum,) = built.strata
    # Asel (1), Bakyt (1, 2), Gulnara (2, 3) by the narrower extrajudicial execution.
    assert stratum.histories.counts() == {
        "001": 0, "010": 0, "011": 1, "100": 1, "101": 0, "110": 1, "111": 0,
    }  # fmt: skip
    with pytest.raises(DocketError, match="unknown violation code"):
        capture_histories(as_owner(archive).records, violation="no_such_code")


def test_strata_by_sex_and_the_chosen_sources(archive: Archive, tmp_path: Path) -> None:
    items = reports(archive, tmp_path)
    people(archive, items)

    built = capture_histories(as_owner(archive).records, by="sex", sources=items[:2])

    assert [stratum.label for stratum in built.strata] == ["female", "male"]
    female, male = (stratum.histories for stratum in built.strata)
    # Report 3 is not a list: Dastan, whom only report 3 names, is in neither stratum.
    assert female.lists == male.lists == (str(items[0]), str(items[1]))
    assert female.counts() == {"01": 2, "10": 1, "11": 1}
    assert male.counts() == {"01": 0, "10": 1, "11": 2}


def test_too_few_people_is_one_clear_line(archive: Archive, tmp_path: Path) -> None:
    items = reports(archive, tmp_path)
    as_owner(archive).records.create(
        "person", {"name": [{"value": "Asel", "citations": [{"item": items[0], "quote": "Asel"}]}]}
    )

    with pytest.raises(DocketError, match="1 person: too few to estimate"):
        capture_histories(as_owner(archive).records)


def test_estimate_from_the_archive_through_the_door(archive: Archive, tmp_path: Path) -> None:
    items = reports(archive, tmp_path)
    people(archive, items)

    result = as_owner(archive).estimate_records(seed=1, methods=["loglinear", "bma"])
    strata = as_owner(archive).estimate_records(seed=1, methods=["bma"], by="sex")

    assert isinstance(result, Estimation)
    assert [item.method for item in result.estimates] == ["loglinear", "bma"]
    assert result.histories.documented == 8
    assert UNLINKED in result.warnings
    assert any("fewer than 50" in warning or "only 8" in warning for warning in result.warnings)
    assert isinstance(strata, StratifiedEstimation)
    assert strata.to_json()["by"] == "sex"


def test_the_door_counts_people_linked_by_docket_link_once(
    archive: Archive, tmp_path: Path
) -> None:
    items = reports(archive, tmp_path)
    people(archive, items)
    owner = as_owner(archive)
    # The same man in report 1 (Latin) and report 3 (Cyrillic, surname first).
    latin = owner.records.create("person", {"name": {"value": "Sadyk Japarov", "citations": []}})
    cyrillic = owner.records.create("person", {"name": {"value": "Жапаров Садык", "citations": []}})
    for record, item in ((latin, items[0]), (cyrillic, items[2])):
        owner.records.import_documents(
            [
                {
                    "type": "act",
                    "fields": {
                        "violation": "arbitrary_detention",
                        "victim": [
                            {"value": record.id, "citations": [{"item": item, "quote": "names"}]}
                        ],
                    },
                }
            ]
        )
    before = owner.estimate_records(seed=1, methods=["loglinear"])
    assert before.histories.documented == 10

    outcome = owner.linkage.run("person")
    assert [latin.id, cyrillic.id] in outcome.clusters

    after = owner.estimate_records(seed=1, methods=["loglinear"])
    assert isinstance(after, Estimation)
    assert after.histories.documented == 9
    assert UNLINKED not in after.warnings
    assert any("no reviewer has confirmed" in warning for warning in after.warnings)


def dated_acts(archive: Archive, items: list[int]) -> None:
    """A detention of every person in May 2021, cited by the reports naming them, and one of
    Asel in 2019 cited by report 3."""
    records = as_owner(archive).records
    ids = {view.title: view.id for view in records.views(type_names=["person"])}
    dated = [(name, cited, "2021-05-03") for name, cited in zip(NAMES, CITED_BY, strict=True)]
    dated.append(("Asel", "3", "2019-02-01"))
    records.import_documents(
        [
            {
                "type": "act",
                "fields": {
                    "violation": "arbitrary_detention",
                    "date": day,
                    "victim": [
                        {
                            "value": ids[name],
                            "citations": [
                                {"item": items[int(n) - 1], "quote": name} for n in cited
                            ],
                        }
                    ],
                },
            }
            for name, cited, day in dated
        ]
    )


def test_a_period_report_holds_its_estimates_with_intervals_and_warnings(
    archive: Archive, tmp_path: Path
) -> None:
    items = reports(archive, tmp_path)
    people(archive, items)
    owner = as_owner(archive)
    start, end = date(2021, 1, 1), date(2021, 12, 31)
    short = SamplerSettings(chains=2, burnin=500, samples=200, thinning=5)
    # Nothing dated in the period: the report says why there is no estimate, in its language.
    refused = owner.period_report(start, end, estimates=True, sampler=short, language="ru")
    (section,) = [s for s in refused.sections if s.key == "estimates"]
    assert section.table is None and section.summary[0].startswith("Оценки нет: ")

    dated_acts(archive, items)
    report = owner.period_report(start, end, estimates=True, sampler=short)

    (section,) = [s for s in report.sections if s.key == "estimates"]
    assert section.table is not None
    assert [row[0] for row in section.table.rows] == [
        "Latent classes (LCMCR)", "Log-linear model", "Model averaging",
    ]  # fmt: skip
    assert all(" – " in row[2] for row in section.table.rows)
    assert section.summary[0].startswith("People documented: 8, by 3 sources")
    assert UNLINKED in section.summary  # never a bare number: the warnings go with it
    html = render_html(report)
    assert "95% interval" in html and "Victims of the period" in html
    plain = owner.period_report(start, end)
    assert not [s for s in plain.sections if s.key == "estimates"]


def test_within_a_period_people_are_documented_by_the_acts_dated_in_it(
    archive: Archive, tmp_path: Path
) -> None:
    items = reports(archive, tmp_path)
    people(archive, items)  # their acts are undated: no period holds them
    records = as_owner(archive).records
    year = (date(2021, 1, 1), date(2021, 12, 31))
    with pytest.raises(DocketError, match="nothing to estimate"):
        capture_histories(records, within=year)
    dated_acts(archive, items)

    (stratum,) = capture_histories(records, within=year).strata

    assert stratum.histories.documented == 8
    # Only the acts of 2021 count, so Asel is on reports 1 and 2 (her 2019 act on 3 is out),
    # and no undated mention of a record counts either.
    assert stratum.histories.counts() == {
        "001": 1, "010": 1, "011": 1, "100": 2, "101": 1, "110": 1, "111": 1,
    }  # fmt: skip


def run(args: list[str], env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, args, env=env, catch_exceptions=False)


def test_cli_estimate_from_the_archive_prints_the_json_contract(
    archive: Archive, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    items = reports(archive, tmp_path)
    people(archive, items)

    done = run(["estimate", "--type", "person", "--method", "bma", "--json"], cli_env)

    assert done.exit_code == 0, done.output
    body = json.loads(done.stdout)
    assert list(body) == ["documented", "sources", "histories", "estimates", "warnings"]
    assert body["documented"] == 8
    assert body["sources"] == [str(item) for item in items]
    assert body["histories"]["111"] == 1
    (bma,) = body["estimates"]
    assert bma["method"] == "bma"
    low, high = bma["interval"]
    assert 8 <= low <= bma["estimate"] <= high
    assert UNLINKED in body["warnings"]


@pytest.fixture
def nowhere(tmp_path: Path) -> dict[str, str]:
    """An environment whose archive does not exist: --histories needs none."""
    return {"DOCKET_HOME": str(tmp_path / "no-archive"), "DOCKET_DATABASE_URL": ""}


def test_cli_estimate_from_a_csv_table(tmp_path: Path, nowhere: dict[str, str]) -> None:
    table = tmp_path / "kosovo.csv"
    table.write_text(kosovo_csv(), encoding="utf-8")

    done = run(["estimate", "--histories", str(table), "--method", "loglinear", "--json"], nowhere)
    shown = run(["estimate", "--histories", str(table), "--method", "loglinear"], nowhere)

    assert done.exit_code == 0, done.output
    body = json.loads(done.stdout)
    assert body["documented"] == 4_400
    assert body["sources"] == ["EXH", "ABA", "OSCE", "HRW"]
    (loglinear,) = body["estimates"]
    assert loglinear["estimate"] == 10_357
    assert loglinear["model"] == "[EXH*ABA*OSCE][EXH*HRW][OSCE*HRW]"
    assert loglinear["interval"] == [8_994, 12_111]
    assert any("closed population" in warning for warning in body["warnings"])
    assert shown.exit_code == 0, shown.output
    assert "[EXH*ABA*OSCE][EXH*HRW][OSCE*HRW]" in shown.stdout
    assert "8,994 – 12,111" in shown.stdout


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"A,B,count\n1,1,x\n", [], "line 2: count 'x' is not a whole number"),
        (b"A,B,count\n1,1,-3\n1,0,2\n", [], "count -3 is negative"),
        (b"A,B,n\n1,1,3\n", [], "no 'count' column"),
        (b"A,B,count\n1,1,3\n\xff\n", [], "not UTF-8"),
        (b"A,count\n1,3\n", [], "at least two lists"),
        (b"A,B,count\n1,1,3\n", ["--seed", "abc"], "seed 'abc' is not a whole number"),
        (b"A,B,count\n1,1,3\n", ["--method", "magic"], "unknown method magic"),
        (b"A,B,count\n1,1,3\n", ["--by", "sex"], "use one or the other"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, nowhere: dict[str, str], content: bytes, args: list[str], message: str
) -> None:
    table = tmp_path / "table.csv"
    table.write_bytes(content)

    done = run(["estimate", "--histories", str(table), *args], nowhere)

    assert done.exit_code == 2, done.output
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


def test_cli_a_missing_file_and_a_folder(tmp_path: Path, nowhere: dict[str, str]) -> None:
    missing = run(["estimate", "--histories", str(tmp_path / "none.csv")], nowhere)
    folder = run(["estimate", "--histories", str(tmp_path)], nowhere)

    assert missing.exit_code == 2
    assert "cannot read" in missing.stderr
    assert folder.exit_code == 2
    assert "is a folder" in folder.stderr


def test_cli_archive_choices_are_checked(
    archive: Archive, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    people(archive, reports(archive, tmp_path))

    wrong_type = run(["estimate", "--type", "event"], cli_env)
    wrong_by = run(["estimate", "--by", "colour"], cli_env)
    wrong_source = run(["estimate", "--sources", "1,x"], cli_env)

    assert wrong_type.exit_code == wrong_by.exit_code == wrong_source.exit_code == 2
    assert "--type must be person" in wrong_type.stderr
    assert "cannot stratify by 'colour'" in wrong_by.stderr
    assert "--sources takes item ids: 'x' is not one" in wrong_source.stderr


def test_strata_by_place_and_period_follow_the_acts(archive: Archive, tmp_path: Path) -> None:
    items = reports(archive, tmp_path)
    documents: list[dict[str, Any]] = [
        {"type": "place", "key": "osh", "fields": {"name": "Osh"}},
        {"type": "event", "key": "raid", "fields": {
            "title": "Raid", "date": "March 2023", "place": {"key": "osh"}}},
    ]  # fmt: skip
    for name, cited in zip(NAMES[:4], ("12", "1", "2", "12"), strict=True):
        documents.append({"type": "person", "key": name, "fields": {"name": name}})
        # Two acts in the raid at Osh (place and month from the event), two undated elsewhere.
        where = {"event": {"key": "raid"}} if name in ("Asel", "Bakyt") else {}
        citations = [{"item": items[int(n) - 1], "quote": name} for n in cited]
        documents.append(
            {
                "type": "act",
                "fields": {
                    "violation": "killing",
                    "victim": [{"value": {"key": name}, "citations": citations}],
                    **where,
                },
            }
        )
    as_owner(archive).records.import_documents(documents)

    by_place = capture_histories(as_owner(archive).records, by="place")
    by_period = capture_histories(as_owner(archive).records, by="period")

    assert [stratum.label for stratum in by_place.strata] == ["Osh", "unknown"]
    assert [stratum.label for stratum in by_period.strata] == ["2023-03", "unknown"]
    osh = by_place.strata[0].histories
    assert osh.counts() == {"01": 0, "10": 1, "11": 1}


def test_the_reports_of_one_publisher_can_be_one_list(
    archive: Archive, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    items = reports(archive, tmp_path)
    people(archive, items)
    owner = as_owner(archive)
    for item in items[:2]:  # reports 1 and 2 come from one monitoring group; 3 says nobody
        owner.items.edit(item, {"author": "Kyrgyz Monitor"}, reason="the group's reports")

    done = run(
        ["estimate", "--type", "person", "--by-publisher", "--method", "loglinear", "--json"],
        cli_env,
    )

    assert done.exit_code == 0, done.output
    body = json.loads(done.stdout)
    assert body["sources"] == [str(items[2]), "Kyrgyz Monitor"]
    # Report 3 alone: Dastan; the group alone: Asel, Bakyt, Kanat; both: the rest (Gulnara by
    # report 3's account of her execution).
    assert body["histories"] == {"01": 3, "10": 1, "11": 4}
    assert body["documented"] == 8
    table = run(["estimate", "--histories", str(tmp_path / "x.csv"), "--by-publisher"], cli_env)
    assert table.exit_code == 2 and "use one or the other" in table.stderr
