"""Items cited by structured records, as SQL that both engines accept: for facets and filters.

A record counts only when the viewer may see it and it is not retracted; so does the record it
refers to (the place of an act, the victim of an act). Only active citations of active values
count, and protected values are left out: their references are not shown to readers who
cannot reveal them, so they must not be counted either. Every value is a bound parameter; what
counts as visible is the viewer's ``Visibility``, the same rule the record store applies (bind
its ``parameters()``, an expanding list).

Each fragment selects ``(key, item_id)`` rows: the violation code as stored (JSON text), the
place record id, or the actor record id.
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


def _cited_by(alias: str, types: str, visibility: Visibility) -> str:
    """Active citations of active values of visible records ``alias`` of ``types``."""
    return (
        "citations AS c "
        "JOIN record_values AS cv ON cv.id = c.value_id AND cv.status = :r_active "
        f"JOIN records AS {alias} ON {alias}.id = c.record_id AND {alias}.type IN ({types}) "
        f"AND {visibility.current_record_sql(alias)}"
    )


def _active_value(alias: str, owner: str) -> str:
    return (
        f"{alias}.record_id = {owner}.id AND {alias}.status = :r_active AND NOT {alias}.protected"
    )


def violations(visibility: Visibility) -> str:
    """``(stored violation code, item_id)`` for items cited by visible acts."""
    return (
        "SELECT v.value AS facet_key, c.item_id AS item_id "  # noqa: S608 - code-made SQL
        f"FROM {_cited_by('a', ':r_act', visibility)} "
        f"JOIN record_values AS v ON {_active_value('v', 'a')} AND v.field = :r_violation_field "
        "WHERE c.status = :r_active"
    )


def places(visibility: Visibility) -> str:
    """``(place id, item_id)`` for items cited by visible acts and events at a visible place."""
    return (
        "SELECT pv.ref_id AS facet_key, c.item_id AS item_id "  # noqa: S608 - code-made SQL
        f"FROM {_cited_by('a', ':r_act, :r_event', visibility)} "
        f"JOIN record_values AS pv ON {_active_value('pv', 'a')} AND pv.field = :r_place_field "
        "JOIN records AS p ON p.id = pv.ref_id AND p.type = :r_place "
        f"AND {visibility.current_record_sql('p')} "
        "WHERE c.status = :r_active"
    )


def actors(visibility: Visibility) -> str:
    """``(actor id, item_id)``: items cited by a visible person or organisation, or by a visible
    act, intervention or involvement that refers to one."""
    actor_types = ":r_person, :r_organisation"
    own = (
        "SELECT a.id AS facet_key, c.item_id AS item_id "  # noqa: S608 - code-made SQL
        f"FROM {_cited_by('a', actor_types, visibility)} WHERE c.status = :r_active"
    )
    referring = (
        "SELECT rv.ref_id AS facet_key, c.item_id AS item_id "  # noqa: S608 - code-made SQL
        f"FROM {_cited_by('a', ':r_act, :r_intervention, :r_involvement', visibility)} "
        f"JOIN record_values AS rv ON {_active_value('rv', 'a')} "
        f"JOIN records AS p ON p.id = rv.ref_id AND p.type IN ({actor_types}) "
        f"AND {visibility.current_record_sql('p')} "
        "WHERE c.status = :r_active"
    )
    return f"{own} UNION {referring}"


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
