"""Statements built once and run with the viewer's levels bound: the same rows, for every role,
as the statements composed for each read that they replace."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from records_support import Source
from sqlalchemy import ColumnElement, Connection, Select, and_, event, select, true
from tests.support import as_owner

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import citations, items, record_values, records
from docket.model.access import LEVELS, Role, Viewer
from docket.records.changes import ACTIVE
from docket.records.reader import _reads, current, hidden_refs


def _composed(
    levels: tuple[str, ...],
    *,
    types: list[str] | None,
    current_only: bool,
    removed_too: bool,
    fields: list[str] | None,
    ids: list[int] | None,
) -> tuple[Select[Any], Select[Any], Select[Any]]:
    """The statements as the reader composed them for each read, with the values written in."""
    condition: ColumnElement[bool] = records.c.confidentiality.in_(levels)
    if types is not None:
        condition = and_(condition, records.c.type.in_(types))
    if current_only:
        condition = and_(condition, current())
    if ids is not None:
        condition = and_(condition, records.c.id.in_(ids))
    value_filter: ColumnElement[bool] = true() if removed_too else record_values.c.status == ACTIVE
    if fields is not None:
        value_filter = and_(value_filter, record_values.c.field.in_(fields))
    return (
        select(records).where(condition),
        select(record_values)
        .join(records, records.c.id == record_values.c.record_id)
        .where(condition, value_filter),
        select(citations)
        .join(records, records.c.id == citations.c.record_id)
        .where(condition, citations.c.status == ACTIVE),
    )


def _rows(connection: Connection, statement: Select[Any], parameters: dict[str, Any]) -> list[Any]:
    return sorted(tuple(row) for row in connection.execute(statement, parameters))


@pytest.fixture
def filed(archive: Archive, source: Source) -> dict[str, int]:
    """Records of every level citing the source and referring to each other; one retracted,
    one with a value removed."""
    owner = as_owner(archive).records
    people = {
        level: owner.create(
            "person",
            {"name": {"value": f"Person {level}", "citations": [source.span("he was returned")]}},
            confidentiality=level,
        ).id
        for level in LEVELS
    }
    act = owner.create(
        "act",
        {
            "violation": {
                "value": "arbitrary_detention",
                "citations": [source.span("have been refused")],
            },
            "victim": [{"ref": people[level]} for level in LEVELS],
        },
    )
    retracted = owner.create("person", {"name": "Withdrawn"}, confidentiality="restricted")
    owner.retract(retracted.id, "a duplicate", expected_version=retracted.version)
    renamed = owner.get(people["public"])
    owner.edit(renamed.id, {"set": {"name": ["Person public, renamed"]}}, renamed.version, "typo")
    return {**people, "act": act.id, "retracted": retracted.id}


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ANALYST, Role.VIEWER])
def test_built_reads_return_the_composed_reads_rows(
    role: Role, archive: Archive, filed: dict[str, int]
) -> None:
    levels = Viewer("reader", role).visibility.levels
    every_id = sorted(filed.values())
    with reading(archive.kernel.engine) as connection:
        for types, current_only, removed_too, fields, ids in itertools.product(
            (None, ["person"]),
            (False, True),
            (False, True),
            (None, ["name"]),
            (None, every_id, [filed["confidential"]]),
        ):
            built = _reads(
                by_type=types is not None,
                current_only=current_only,
                removed_too=removed_too,
                by_field=fields is not None,
                by_id=ids is not None,
            )
            parameters: dict[str, Any] = {"vis_levels": list(levels)}
            parameters.update(
                {
                    name: value
                    for name, value in (("types", types), ("fields", fields), ("ids", ids))
                }
            )
            composed = _composed(
                levels,
                types=types,
                current_only=current_only,
                removed_too=removed_too,
                fields=fields,
                ids=ids,
            )
            # The records and their values, read together, are the rows of the two reads.
            together = list(connection.execute(built.records_and_values, parameters))
            width = len(records.c)
            assert sorted({tuple(row[:width]) for row in together}) == _rows(
                connection, composed[0], {}
            )
            assert sorted(
                tuple(row[width:]) for row in together if row[width] is not None
            ) == _rows(connection, composed[1], {})
            # Each citation with its item's hash and level besides.
            assert sorted(
                tuple(row[: len(citations.c)])
                for row in connection.execute(built.citations, parameters)
            ) == _rows(connection, composed[2], {})
        everyone = set(filed.values())
        assert hidden_refs(connection, Viewer("reader", role), everyone, {}) == {
            record
            for record in everyone
            if connection.execute(
                select(records.c.confidentiality).where(records.c.id == record)
            ).scalar_one()
            not in levels
        }


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ANALYST, Role.VIEWER])
def test_a_viewer_reads_only_their_levels_after_a_change(
    role: Role, archive: Archive, filed: dict[str, int]
) -> None:
    reader = archive.as_viewer(Viewer("reader", role)).records
    seen = Viewer("reader", role).visibility.levels
    act = reader.get(filed["act"], log=False)
    victims = set(act.refs("victim"))
    assert victims == {filed[level] for level in LEVELS if level in seen}
    assert set(reader.referrers([filed[level] for level in LEVELS])) == {filed["act"]}
    # The public person is raised to confidential: lower levels lose it at once.
    owner = as_owner(archive).records
    person = owner.get(filed["public"])
    owner.edit(person.id, {"confidentiality": "confidential"}, person.version, "a threat")
    victims = set(reader.get(filed["act"], log=False).refs("victim"))
    assert victims == {filed[level] for level in LEVELS if level in seen} - (
        set() if "confidential" in seen else {filed["public"]}
    )
    titles = reader.titles([filed[level] for level in LEVELS])
    assert set(titles) == {filed[level] for level in LEVELS if level in seen} - (
        set() if "confidential" in seen else {filed["public"]}
    )


def test_a_levels_clause_is_the_one_composed_for_it() -> None:
    for role in Role:
        visibility = Viewer("reader", role).visibility
        for column in (records.c.confidentiality, items.c.confidentiality):
            built = visibility.clause(column)
            assert built is visibility.clause(column)
            composed = column.in_(visibility.levels)
            assert str(built.compile(compile_kwargs={"literal_binds": True})) == str(
                composed.compile(compile_kwargs={"literal_binds": True})
            )
    public = Viewer("reader", Role.VIEWER).visibility.clause(records.c.confidentiality)
    everything = Viewer("reader", Role.ADMIN).visibility.clause(records.c.confidentiality)
    assert "'confidential'" not in str(public.compile(compile_kwargs={"literal_binds": True}))
    assert "'confidential'" in str(everything.compile(compile_kwargs={"literal_binds": True}))


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ANALYST, Role.VIEWER])
def test_a_record_and_the_names_of_what_it_refers_to_are_two_statements(
    role: Role, archive: Archive, filed: dict[str, int]
) -> None:
    reader = archive.as_viewer(Viewer("reader", role)).records
    seen = Viewer("reader", role).visibility.levels
    ran: list[str] = []

    def count(*args: object) -> None:
        ran.append(str(args[2]))

    event.listen(archive.kernel.engine, "before_cursor_execute", count)
    try:
        (act,) = reader.views(ids=[filed["act"]], sources=False)
    finally:
        event.remove(archive.kernel.engine, "before_cursor_execute", count)
    # The act with its values, then the people it names with theirs: those not read are hidden.
    assert len([s for s in ran if s.lstrip().upper().startswith("SELECT")]) == 2
    victims = {filed[level] for level in LEVELS if level in seen}
    assert set(act.refs("victim")) == victims
    assert set(act.names) == victims


def test_the_records_a_view_names_are_read_by_their_title_fields(archive: Archive) -> None:
    owner = as_owner(archive).records
    person = owner.create(
        "person", {"name": "Azimjan Askarov", "birth_year": 1951, "gender": "male"}
    )
    act = owner.create("act", {"violation": "torture", "victim": {"ref": person.id}})
    (view,) = owner.views(ids=[act.id], sources=False)
    assert view.names == {person.id: "Azimjan Askarov"}
    named = view.linked[person.id]
    assert {value.field for value in named.values} == {"name"}
    assert named.title == owner.get(person.id, log=False).title
