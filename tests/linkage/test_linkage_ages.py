"""An age stated in a dated source becomes the two years its person may have been born in."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.support import as_owner

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import records
from docket.ingest.provenance import Provenance
from docket.linkage import LinkageError
from docket.linkage.evaluation import load_link_gold
from docket.linkage.subjects import birth_years
from docket.model.record_types import lint_record_types
from docket.records import InvalidRecord

LIST = "Detained on 28 February: Nurlan Tokoev, 34, a teacher; Sadyr Japarov, 50.\n"


def _list_item(archive: Archive, tmp_path: Path, published: str | None) -> int:
    path = tmp_path / f"list-{published}.txt"
    path.write_text(LIST if published else LIST + "(undated copy)\n", encoding="utf-8")
    (result,) = as_owner(archive).items.ingest([path], Provenance(published=published))
    assert result.id is not None
    return result.id


def _age(item: int, years: int) -> dict[str, object]:
    quoted = f"Nurlan Tokoev, {years}" if years == 34 else f"Sadyr Japarov, {years}"
    return {"value": {"years": years}, "citations": [{"item": item, "quote": quoted}]}


GIVEN = ("Aibek", "Bakyt", "Chyngyz", "Daniyar", "Emil", "Farkhad", "Gulnara", "Zhyldyz")
GIVEN += ("Ilyas", "Kanat", "Marat", "Ruslan")
SURNAMES = ("Osmonov", "Kadyrov", "Beishenov", "Mamatov", "Usenov", "Abdyldaev", "Toktogulov")
SURNAMES += ("Asanov", "Ibraimov", "Zhumabaev", "Kasymov", "Omurbekov")


def _crowd(archive: Archive) -> None:
    """Other people on the lists: with only the three records of a test, any two of them are
    as likely as not the same person before their names and years are compared."""
    as_owner(archive).records.import_documents(
        [
            {"type": "person", "fields": {"name": f"{given} {surname}", "birth_year": year}}
            for year, (given, surname) in enumerate(
                ((g, s) for g in GIVEN for s in SURNAMES), start=1900
            )
        ]
    )


def _identity_of(clusters: list[list[int]], record: int) -> set[int]:
    return set(next(group for group in clusters if record in group))


def test_an_age_on_a_date_gives_two_birth_years() -> None:
    assert birth_years(34, date(2022, 3, 1), date(2022, 3, 1)) == (1987, 1988)
    # An age true some time in 2022 (a date known to the year only) allows one more year.
    assert birth_years(34, date(2022, 1, 1), date(2022, 12, 31)) == (1987, 1988)
    assert birth_years(0, date(2023, 6, 1), date(2024, 5, 31)) == (2022, 2024)


@pytest.mark.parametrize("born", [1987, 1988])
def test_an_age_in_a_dated_document_meets_the_years_it_allows(
    archive: Archive, tmp_path: Path, born: int
) -> None:
    item = _list_item(archive, tmp_path, "2022-03-01")
    _crowd(archive)
    door = as_owner(archive)
    aged = door.records.create("person", {"name": "Nurlan Tokoev", "age": [_age(item, 34)]}).id
    same = door.records.create("person", {"name": "Nurlan Tokoev", "birth_year": born}).id
    older = door.records.create("person", {"name": "Nurlan Tokoev", "birth_year": 1970}).id
    outcome = door.linkage.run("person")
    assert _identity_of(outcome.clusters, aged) == {aged, same}
    assert _identity_of(outcome.clusters, older) == {older}
    assert not any("ages were not used" in note for note in outcome.notes)


def test_a_date_given_with_the_age_counts_before_the_documents(
    archive: Archive, tmp_path: Path
) -> None:
    item = _list_item(archive, tmp_path, "2022-03-01")
    _crowd(archive)
    door = as_owner(archive)
    # Thirty-four at an event of 2005, reported in 2022: born 1970 or 1971.
    at_event = {"years": 34, "at": "2005-05-10"}
    aged = door.records.create(
        "person",
        {
            "name": "Nurlan Tokoev",
            "age": [{"value": at_event, "citations": [_age(item, 34)["citations"][0]]}],
        },
    ).id
    older = door.records.create("person", {"name": "Nurlan Tokoev", "birth_year": 1970}).id
    younger = door.records.create("person", {"name": "Nurlan Tokoev", "birth_year": 1987}).id
    outcome = door.linkage.run("person")
    assert _identity_of(outcome.clusters, aged) == {aged, older}
    assert _identity_of(outcome.clusters, younger) == {younger}


def test_an_age_with_no_date_to_count_from_is_not_used_and_said_once(
    archive: Archive, tmp_path: Path
) -> None:
    undated = _list_item(archive, tmp_path, None)
    door = as_owner(archive)
    door.records.create("person", {"name": "Nurlan Tokoev", "age": [_age(undated, 34)]})
    door.records.create("person", {"name": "Sadyr Japarov", "age": {"years": 50}})
    door.records.create("person", {"name": "Aibek Sultanov", "birth_year": 1990})
    outcome = door.linkage.run("person")
    (note,) = [note for note in outcome.notes if "ages" in note]
    assert note.startswith("2 ages were not used: no date was given with them")


@pytest.mark.parametrize(
    ("age", "message"),
    [
        ({"years": -1}, "age.years: -1 is not between 0 and 130"),
        ({"years": 131}, "131 is not between 0 and 130"),
        ({"years": "thirty"}, "expected a whole number"),
        ({"at": "2022-03-01"}, "years is required"),
        (34, "expected an object with years, at"),
    ],
)
def test_an_impossible_age_is_refused_in_one_line(
    archive: Archive, age: object, message: str
) -> None:
    door = as_owner(archive)
    with pytest.raises(InvalidRecord, match=message) as error:
        door.records.create("person", {"name": "Nurlan Tokoev", "age": age})
    assert "\n" not in str(error.value)
    with reading(archive.kernel.engine) as connection:
        assert connection.execute(select(func.count()).select_from(records)).scalar_one() == 0


def test_a_range_is_for_integer_fields_only(tmp_path: Path) -> None:
    path = tmp_path / "types.yaml"
    path.write_text(
        "types:\n  thing:\n    labels: {en: Thing, ru: Вещь}\n    fields:\n"
        "      size: {type: integer, range: [5, 1], labels: {en: Size, ru: Размер}}\n"
        "      name: {type: text, range: [0, 9], labels: {en: Name, ru: Имя}}\n",
        encoding="utf-8",
    )
    problems = lint_record_types(path)
    assert len(problems) == 2
    assert all("range must be [lowest, highest]" in problem for problem in problems)


def test_the_gold_set_reads_an_age_as_two_years(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    line = {"id": 1, "entity": "P1", "names": ["Nurlan Tokoev"], "age": 34}
    gold.write_text(json.dumps({**line, "age_on": "2022-03-01"}) + "\n", encoding="utf-8")
    (record,) = load_link_gold(gold)
    assert (record.subject.year_low, record.subject.year_high) == (1987, 1988)
    gold.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(LinkageError, match=r"gold\.jsonl line 1: an age needs age_on"):
        load_link_gold(gold)
