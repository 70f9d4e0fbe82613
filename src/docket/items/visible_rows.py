"""The one rule for items: an item above the viewer's clearance is missing, and a link to one
(a parent, the original of a translation) is left out as if there were none."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import Connection, select

from docket.db.schema import items, renditions
from docket.errors import ItemNotFound
from docket.model.access import Viewer

# An item's links to other items: shown only when the viewer may see the other item.
LINKS: Final = ("parent_id", "translation_of")
# Item ids are 32-bit columns: a larger number names no item, and the engines refuse to compare.
MAX_ID: Final = 2**31 - 1


def shown_row(connection: Connection, viewer: Viewer, item_id: int) -> dict[str, Any]:
    """The item's row as the viewer sees it; ItemNotFound when it is missing or hidden."""
    return without_hidden_links(connection, viewer, [stored_row(connection, viewer, item_id)])[0]


def stored_row(connection: Connection, viewer: Viewer, item_id: int) -> dict[str, Any]:
    """The item's row as stored, links included (what its custody entries are checked
    against); ItemNotFound when it is missing or hidden."""
    if isinstance(item_id, bool) or not isinstance(item_id, int) or not 1 <= item_id <= MAX_ID:
        raise ItemNotFound(f"no item {item_id}")
    row = (
        connection.execute(
            select(items).where(
                items.c.id == item_id,
                viewer.visibility.clause(items.c.confidentiality),
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise ItemNotFound(f"no item {item_id}")
    return dict(row)


def without_hidden_links(
    connection: Connection, viewer: Viewer, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The rows with links to items the viewer may not see left out, as if there were
    none; the linked items' levels are read in one query for the whole page."""
    linked = {row[link] for row in rows for link in LINKS if row[link] is not None}
    visible = (
        set(
            connection.execute(
                select(items.c.id).where(
                    items.c.id.in_(sorted(linked)),
                    viewer.visibility.clause(items.c.confidentiality),
                )
            ).scalars()
        )
        if linked
        else set()
    )
    shown = [dict(row) for row in rows]
    for row in shown:
        for link in LINKS:
            if row[link] is not None and row[link] not in visible:
                row[link] = None
    return shown


def renditions_of(connection: Connection, item_id: int) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(renditions).where(renditions.c.item_id == item_id).order_by(renditions.c.id)
    ).mappings()
    return [dict(row) for row in rows]
