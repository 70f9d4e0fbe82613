"""Items cited by structured records, as SQL that both engines accept: for facets and filters.

A record counts only when the viewer may see it and it is not retracted; so does the record it
refers to (the place of an act, the victim of an act). Only active citations of active values
count, and protected values are left out: their references are not shown to readers who
cannot reveal them, so they must not be counted either. Every value is a bound parameter; what
counts as visible is the viewer's ``Visibility``, the same rule the record store applies (bind
its ``parameters()``, an expanding list).

Each fragment selects ``(key, item_id)`` rows: the violation code as stored (JSON text), the
place record id, or the actor record id. The same paths for every viewer at once
(:func:`paths`, for the search index) keep every current record whatever its level and say the
levels of the records on each path instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from docket.errors import InvalidQuery
from docket.model.access import Visibility

# Kept equal to docket.records.changes.ACTIVE; importing docket.records here would make the
# search package depend on the whole records package.
ACTIVE: Final = "active"

PARAMETERS: Final[Mapping[str, object]] = MappingProxyType(
    {
        "r_active": ACTIVE,
        "r_act": "act",
        "r_event": "event",
        "r_place": "place",
        "r_person": "person",
        "r_organisation": "organisation",
        "r_intervention": "intervention",
        "r_involvement": "involvement",
        "r_violation_field": "violation",
        "r_place_field": "place",
    }
)

_VIOLATION_CODE = re.compile(r"[a-z_]{1,64}")


def _current(alias: str, visibility: Visibility | None) -> str:
    """A record that counts for ``visibility``; for every viewer when None (its level is then
    selected with the row, see :func:`paths`)."""
    if visibility is None:
        return f"NOT {alias}.retracted AND {alias}.merged_into IS NULL"
    return visibility.current_record_sql(alias)


def _cited_by(alias: str, types: str, visibility: Visibility | None) -> str:
    """Active citations of active values of visible records ``alias`` of ``types``."""
    return (
        "citations AS c "
        "JOIN record_values AS cv ON cv.id = c.value_id AND cv.status = :r_active "
        f"JOIN records AS {alias} ON {alias}.id = c.record_id AND {alias}.type IN ({types}) "
        f"AND {_current(alias, visibility)}"
    )


def _active_value(alias: str, owner: str) -> str:
    return (
        f"{alias}.record_id = {owner}.id AND {alias}.status = :r_active AND NOT {alias}.protected"
    )


# What :func:`paths` selects besides the key and the item: the levels of the records on the path.
_ONE_LEVEL: Final = ", a.confidentiality AS level, a.confidentiality AS other_level"
_TWO_LEVELS: Final = ", a.confidentiality AS level, p.confidentiality AS other_level"
# The items a statement of :func:`paths` is limited to, when it is (an expanding parameter).
ITEMS_PARAMETER: Final = "c_items"
# Or the first and last item id of the span it is limited to.
FIRST_PARAMETER: Final = "c_first"
LAST_PARAMETER: Final = "c_last"


def _violations(visibility: Visibility | None, levels: str = "") -> str:
    return (
        f"SELECT v.value AS facet_key, c.item_id AS item_id{levels} "  # noqa: S608 - code-made SQL
        f"FROM {_cited_by('a', ':r_act', visibility)} "
        f"JOIN record_values AS v ON {_active_value('v', 'a')} AND v.field = :r_violation_field "
        "WHERE c.status = :r_active"
    )


def _places(visibility: Visibility | None, levels: str = "") -> str:
    return (
        f"SELECT pv.ref_id AS facet_key, c.item_id AS item_id{levels} "  # noqa: S608 - code-made
        f"FROM {_cited_by('a', ':r_act, :r_event', visibility)} "
        f"JOIN record_values AS pv ON {_active_value('pv', 'a')} AND pv.field = :r_place_field "
        "JOIN records AS p ON p.id = pv.ref_id AND p.type = :r_place "
        f"AND {_current('p', visibility)} "
        "WHERE c.status = :r_active"
    )


_ACTOR_TYPES: Final = ":r_person, :r_organisation"


def _own_actors(visibility: Visibility | None, levels: str = "") -> str:
    return (
        f"SELECT a.id AS facet_key, c.item_id AS item_id{levels} "  # noqa: S608 - code-made SQL
        f"FROM {_cited_by('a', _ACTOR_TYPES, visibility)} WHERE c.status = :r_active"
    )


def _referred_actors(visibility: Visibility | None, levels: str = "") -> str:
    return (
        f"SELECT rv.ref_id AS facet_key, c.item_id AS item_id{levels} "  # noqa: S608 - code-made
        f"FROM {_cited_by('a', ':r_act, :r_intervention, :r_involvement', visibility)} "
        f"JOIN record_values AS rv ON {_active_value('rv', 'a')} "
        f"JOIN records AS p ON p.id = rv.ref_id AND p.type IN ({_ACTOR_TYPES}) "
        f"AND {_current('p', visibility)} "
        "WHERE c.status = :r_active"
    )


def violations(visibility: Visibility) -> str:
    """``(stored violation code, item_id)`` for items cited by visible acts."""
    return _violations(visibility)


def places(visibility: Visibility) -> str:
    """``(place id, item_id)`` for items cited by visible acts and events at a visible place."""
    return _places(visibility)


def actors(visibility: Visibility) -> str:
    """``(actor id, item_id)``: items cited by a visible person or organisation, or by a visible
    act, intervention or involvement that refers to one."""
    return f"{_own_actors(visibility)} UNION {_referred_actors(visibility)}"


def paths(*, limited: bool, spanned: bool = False) -> list[tuple[str, str]]:
    """``(facet, statement)`` for each way an item is cited by current records, whatever their
    level: rows of ``(facet_key, item_id, level, other_level)``, the levels of the citing record
    and of the record its value refers to (the same one twice when there is none). Facets are
    ``violations``, ``places`` and ``actors``, as :func:`violations`, :func:`places` and
    :func:`actors` select them for one viewer. ``limited``: only the items of the expanding
    parameter :data:`ITEMS_PARAMETER`; ``spanned``: only those from :data:`FIRST_PARAMETER` to
    :data:`LAST_PARAMETER`. Bind :data:`PARAMETERS`."""
    among = ""
    if limited:
        among = f" AND c.item_id IN :{ITEMS_PARAMETER}"
    elif spanned:
        among = f" AND c.item_id BETWEEN :{FIRST_PARAMETER} AND :{LAST_PARAMETER}"
    return [
        ("violations", _violations(None, _ONE_LEVEL) + among),
        ("places", _places(None, _TWO_LEVELS) + among),
        ("actors", _own_actors(None, _ONE_LEVEL) + among),
        ("actors", _referred_actors(None, _TWO_LEVELS) + among),
    ]


# Custody entries of records that change nothing a facet counts; kept equal to
# docket.records.audit.RecordAction.VIEWED and EXPORTED.
_UNCHANGING: Final = frozenset({"record_viewed", "records_exported"})
_RECORD_SUBJECT: Final = re.compile(r"record:([0-9]{1,10})")
RECORDS_PARAMETER: Final = "c_records"
# Items whose citing paths go through one of the records of :data:`RECORDS_PARAMETER`, in any
# state: cited by one of them, or by a record one of whose values refers to one of them.
# Citations and values are kept with their status when removed, so an item a change took
# away from a facet is found as well.
AFFECTED_ITEMS: Final = (
    "SELECT c.item_id FROM citations AS c WHERE c.record_id IN :c_records "
    "UNION SELECT c.item_id FROM citations AS c "
    "JOIN record_values AS rv ON rv.record_id = c.record_id "
    "WHERE rv.ref_id IN :c_records"
)


def changed_record(action: str, subject: str) -> int | None:
    """The record a custody entry changed in a way facets may show, if it did."""
    if action in _UNCHANGING:
        return None
    found = _RECORD_SUBJECT.fullmatch(subject)
    return int(found.group(1)) if found else None


def violation_value(code: str) -> str:
    """The stored JSON text of a violation code; :class:`InvalidQuery` if it is not one."""
    if not _VIOLATION_CODE.fullmatch(code):
        raise InvalidQuery(
            f"'{code[:40]}' is not a violation type code such as arbitrary_detention."
        )
    return json.dumps(code)


def record_id(value: int, what: str) -> int:
    """A record id given as a filter; :class:`InvalidQuery` unless it is a positive number."""
    # Record ids are 32-bit columns: a larger number names no record, and engines refuse it.
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 2**31 - 1:
        raise InvalidQuery(f"The {what} must be a record number, not '{str(value)[:40]}'.")
    return value
