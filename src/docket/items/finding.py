"""What a page of search hits shows of the items: their rows, titles and working copies, read in one
query for the whole page at the viewer's levels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import ColumnElement, Connection, Select, and_, bindparam, select

from docket.db.schema import items
from docket.kernel import Kernel, newest_text_sha
from docket.model.access import Viewer
from docket.search import SearchHit
from docket.search.browse import Facets
from docket.search.service import HitSource


@dataclass(frozen=True)
class FoundItem:
    """A search hit and its item's row (links to hidden items left out, as :meth:`ItemStore.get`
    gives it)."""

    hit: SearchHit
    item: dict[str, Any]


@dataclass(frozen=True)
class SearchPage:
    """One page of hits with their items, and the facet counts over every match."""

    found: list[FoundItem]
    facets: Facets


def _hit_rows() -> Select[Any]:
    """The rows of the items ``ids`` at ``levels``, each with its newest working copy's hash
    and the ids of its parent and original when they are at ``levels`` (None when not)."""

    def visible(column: ColumnElement[str]) -> ColumnElement[bool]:
        return column.in_(bindparam("levels", expanding=True))

    parent = items.alias("shown_parent")
    original = items.alias("shown_original")
    newest_text = newest_text_sha(items.c.id).scalar_subquery()
    joined = items.outerjoin(
        parent, and_(parent.c.id == items.c.parent_id, visible(parent.c.confidentiality))
    ).outerjoin(
        original,
        and_(original.c.id == items.c.translation_of, visible(original.c.confidentiality)),
    )
    return (
        select(
            items,
            newest_text.label("newest_text"),
            parent.c.id.label("shown_parent"),
            original.c.id.label("shown_original"),
        )
        .select_from(joined)
        .where(items.c.id.in_(bindparam("ids", expanding=True)), visible(items.c.confidentiality))
    )


# Built once: building it cost as much as running it.
_HIT_ROWS: Final = _hit_rows()


def hit_sources(
    kernel: Kernel,
    viewer: Viewer,
    connection: Connection,
    item_ids: Sequence[int],
    rows: dict[int, dict[str, Any]],
) -> dict[int, HitSource]:
    """The title and working-copy text of each of ``item_ids`` the viewer may see, read in
    one query with the items' rows, which go into ``rows`` (links to hidden items left
    out, as :meth:`ItemStore.get` gives them)."""
    sources = {}
    wanted = {"ids": sorted(set(item_ids)), "levels": list(viewer.visibility.levels)}
    for found in connection.execute(_HIT_ROWS, wanted).mappings():
        row = {column.name: found[column.name] for column in items.columns}
        # A link to an item the viewer may not see is left out, as if there were none.
        row["parent_id"] = found["shown_parent"]
        row["translation_of"] = found["shown_original"]
        rows[int(row["id"])] = row
        # The text is read only if its snippet is not kept (``search``'s kept_snippets).
        sources[int(row["id"])] = HitSource(
            row["title"] or row["original_name"],
            text_sha256=found["newest_text"] or None,
            read_text=kernel.blobs.read_text,
        )
    return sources
