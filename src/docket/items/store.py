"""``ItemStore``: the evidence of one archive as one viewer may see and handle it.

An item above the viewer's clearance does not exist for them: reading it, its text, its custody,
its place in a list, a search or a package answers exactly as for a missing item. What points at
a hidden item (a parent, the original of a translation, a child) is left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Final

from sqlalchemy import select, update

from docket.db.engine import reading, writing
from docket.db.schema import items, proposals
from docket.errors import DocketError, PermissionDenied
from docket.evidence.custody import Action, Entry
from docket.evidence.verify import Problem, compare_item
from docket.ingest.options import IngestOptions
from docket.ingest.provenance import Provenance
from docket.items import packaging
from docket.items.finding import FoundItem, SearchPage, hit_sources
from docket.items.visible_rows import (
    MAX_ID,
    renditions_of,
    shown_row,
    stored_row,
    without_hidden_links,
)
from docket.kernel import Kernel
from docket.model.access import LEVELS, Role, Viewer
from docket.search import SearchFilters, SearchHit, search
from docket.search.browse import Facets, ItemPage, facets, list_items
from docket.search.service import kept_snippets
from docket.search.transactions import search_reading

if TYPE_CHECKING:
    from docket.ingest.pending import IngestResult

# Custody action of a person seeing a confidential item in the workspace.
ITEM_VIEWED: Final = "item_viewed"

EDITABLE_FIELDS: Final = frozenset(
    {
        "title",
        "author",
        "published",
        "language",
        "source_url",
        "collected_by",
        "translation_of",
        "confidentiality",
        "reliability",
        "notes",
    }
)


@dataclass(frozen=True)
class ItemView:
    """Everything ``docket show`` tells about one item."""

    item: dict[str, Any]
    renditions: list[dict[str, Any]]
    history: list[Entry]
    children: list[int]

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = {
            "item": self.item,
            "renditions": self.renditions,
            "children": self.children,
            "custody": [entry.to_json() for entry in self.history],
        }
        if text is not None:
            result["text"] = text
        return result


@dataclass(frozen=True)
class Mention:
    """Words of an item's working copy (``start``/``end`` offsets) that a proposal is about."""

    start: int
    end: int
    kind: str
    label: str
    status: str
    proposal_id: int


class ItemStore:
    """Items read, searched, edited, verified and exported on behalf of one viewer."""

    def __init__(self, kernel: Kernel, viewer: Viewer) -> None:
        self.kernel = kernel
        self.viewer = viewer

    # -- reading ----------------------------------------------------------------------------

    def get(self, item_id: int) -> dict[str, Any]:
        """The item's row; ItemNotFound when it is missing or hidden from the viewer."""
        with reading(self.kernel.engine) as connection:
            return shown_row(connection, self.viewer, item_id)

    def rows(self, item_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """The rows of those items the viewer may see, by id, read at once for a whole page;
        an id missing, hidden or not an item number is simply absent."""
        wanted = sorted(
            {
                item_id
                for item_id in item_ids
                if isinstance(item_id, int)
                and not isinstance(item_id, bool)
                and 1 <= item_id <= MAX_ID
            }
        )
        if not wanted:
            return {}
        with reading(self.kernel.engine) as connection:
            found = [
                dict(row)
                for row in connection.execute(
                    select(items).where(
                        items.c.id.in_(wanted),
                        self.viewer.visibility.clause(items.c.confidentiality),
                    )
                ).mappings()
            ]
            return {row["id"]: row for row in without_hidden_links(connection, self.viewer, found)}

    def show(self, item_id: int) -> ItemView:
        with reading(self.kernel.engine) as connection:
            item = shown_row(connection, self.viewer, item_id)
            derived = [
                {
                    **row,
                    "page_starts": json.loads(row["page_starts"]),
                    "notes": json.loads(row["notes"]),
                }
                for row in renditions_of(connection, item_id)
            ]
            # Only the entries that reveal nothing above the viewer's clearance.
            history = self.kernel.custody.readable(
                connection, item_id, item["confidentiality"], self.viewer.can_see
            )
            children = list(
                connection.execute(
                    select(items.c.id)
                    .where(
                        items.c.parent_id == item_id,
                        self.viewer.visibility.clause(items.c.confidentiality),
                    )
                    .order_by(items.c.id)
                ).scalars()
            )
        return ItemView(item, derived, history, children)

    def text(self, item_id: int) -> str:
        """The newest working-copy text of the item ('' when none could be derived)."""
        with reading(self.kernel.engine) as connection:
            shown_row(connection, self.viewer, item_id)
            return self.kernel.text_in(connection, item_id)

    def original(self, item_id: int) -> Path:
        """Where the item's original lies on disk (read-only; sealed in an encrypted archive,
        so read it with ``open_original``)."""
        return self.kernel.blobs.path_of(self.get(item_id)["sha256"])

    def open_original(self, item_id: int) -> BinaryIO:
        """The item's original bytes as received (decrypted in an encrypted archive); raises
        FileNotFoundError when the stored file is missing."""
        return self.kernel.blobs.open(self.get(item_id)["sha256"])

    def ids(self) -> list[int]:
        """The ids of every item the viewer may see, in order."""
        with reading(self.kernel.engine) as connection:
            return list(
                connection.execute(
                    select(items.c.id)
                    .where(self.viewer.visibility.clause(items.c.confidentiality))
                    .order_by(items.c.id)
                ).scalars()
            )

    def mentions(self, item_id: int) -> list[Mention]:
        """The spans of the item's working copy where extraction found something, from its
        proposals (pending or accepted; rejected findings are no mentions), in text order."""
        with reading(self.kernel.engine) as connection:
            shown_row(connection, self.viewer, item_id)
            rows = connection.execute(
                select(proposals.c.id, proposals.c.kind, proposals.c.payload, proposals.c.status)
                .where(proposals.c.item_id == item_id, proposals.c.status != "rejected")
                .order_by(proposals.c.id)
            ).all()
        found = []
        for proposal_id, kind, payload, status in rows:
            data = json.loads(payload)
            if kind in ("act", "intervention"):
                label = str(data.get("label") or data.get("type") or kind)
                spans = [data]
            else:
                label = str(data.get("name") or kind)
                spans = data.get("mentions") or []
            for span in spans:
                start, end = int(span["start"]), int(span["end"])
                if 0 <= start < end:
                    found.append(Mention(start, end, kind, label, status, proposal_id))
        return sorted(found, key=lambda mention: (mention.start, mention.end))

    # -- finding ----------------------------------------------------------------------------

    def search(
        self, query: str, filters: SearchFilters | None = None, limit: int = 20, offset: int = 0
    ) -> list[SearchHit]:
        with search_reading(self.kernel) as (connection, index):
            return search(
                connection,
                query,
                self.viewer.visibility,
                filters=filters or SearchFilters(),
                limit=limit,
                offset=offset,
                load_hits=lambda item_ids: hit_sources(
                    self.kernel, self.viewer, connection, item_ids, {}
                ),
                index=index,
                kept_snippets=kept_snippets(self.kernel),
            )

    def search_page(
        self, query: str, filters: SearchFilters | None = None, limit: int = 20, offset: int = 0
    ) -> SearchPage:
        """What a page of results shows: :meth:`search`'s hits with their items' rows, and
        :meth:`facets` over every match, through one connection; the hits' rows, titles,
        working copies and linked items' levels in one query for the whole page."""
        filters = filters or SearchFilters()
        rows: dict[int, dict[str, Any]] = {}
        with search_reading(self.kernel) as (connection, index):
            hits = search(
                connection,
                query,
                self.viewer.visibility,
                filters=filters,
                limit=limit,
                offset=offset,
                load_hits=lambda item_ids: hit_sources(
                    self.kernel, self.viewer, connection, item_ids, rows
                ),
                index=index,
                kept_snippets=kept_snippets(self.kernel),
            )
            counted = facets(connection, query, filters, self.viewer.visibility, index)
        found = [FoundItem(hit, rows[hit.item_id]) for hit in hits if hit.item_id in rows]
        return SearchPage(found, counted)

    def facets(self, query: str | None, filters: SearchFilters | None = None) -> Facets:
        """Counts by media type, language, year and citing records of the items ``query``
        matches (all items when None) that pass ``filters``."""
        with search_reading(self.kernel) as (connection, index):
            return facets(
                connection, query, filters or SearchFilters(), self.viewer.visibility, index
            )

    def browse(
        self,
        filters: SearchFilters | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
        parent_id: int | None = None,
    ) -> ItemPage:
        """A page of items passing ``filters``, newest first, and how many pass in all."""
        with reading(self.kernel.engine) as connection:
            page = list_items(
                connection,
                filters or SearchFilters(),
                self.viewer.visibility,
                limit=limit,
                offset=offset,
                parent_id=parent_id,
            )
            shown = without_hidden_links(connection, self.viewer, page.items)
        return ItemPage(shown, page.total)

    # -- integrity --------------------------------------------------------------------------

    def verify(self, item_id: int) -> list[Problem]:
        """Re-hash the item's original and working copies and check them and its metadata
        against the chain of custody; no problems means verified."""
        with reading(self.kernel.engine) as connection:
            item = stored_row(connection, self.viewer, item_id)
            stored = renditions_of(connection, item_id)
            history = list(self.kernel.custody.entries(connection, item_id=item_id))
        # The same comparison ``verify`` makes for every item, for this one alone.
        problems = list(compare_item(item, history, stored))
        blobs = {item["sha256"]: item["size"], **{r["sha256"]: r["size"] for r in stored}}
        for sha256, size in blobs.items():
            actual = self.kernel.blobs.rehash(sha256)
            if actual is None:
                problems.append(
                    Problem("missing", f"item {item_id}: stored file {sha256[:12]}… is missing")
                )
            elif actual != (sha256, size):
                problems.append(
                    Problem(
                        "changed", f"item {item_id}: stored file {sha256[:12]}… was changed on disk"
                    )
                )
        return problems

    # -- writing ----------------------------------------------------------------------------

    def log_view(self, item_id: int, what: str) -> Entry:
        """Record in the chain of custody that the viewer saw the item (its page, original or
        text): done for confidential items, whose every reader must be known."""
        with writing(self.kernel.engine) as connection:
            shown_row(connection, self.viewer, item_id)
            return self.kernel.custody.append(
                connection,
                ITEM_VIEWED,
                f"item:{item_id}",
                {"viewed": what},
                item_id=item_id,
                actor=self.viewer.name,
            )

    def edit(self, item_id: int, changes: dict[str, Any], reason: str | None = None) -> Entry:
        """Change item metadata; the old and new values go into the chain of custody."""
        self.viewer.require_writer()
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise DocketError(
                f"cannot edit {', '.join(sorted(unknown))}; editable: "
                f"{', '.join(sorted(EDITABLE_FIELDS))}"
            )
        Provenance(
            published=changes.get("published"),
            confidentiality=changes.get("confidentiality", "public"),
        )
        with writing(self.kernel.engine) as connection:
            current = stored_row(connection, self.viewer, item_id)
            wanted = changes.get("confidentiality", current["confidentiality"])
            if wanted != current["confidentiality"]:
                self._check_level_change(current["confidentiality"], wanted, reason)
            if "translation_of" in changes and changes["translation_of"] is not None:
                shown_row(connection, self.viewer, int(changes["translation_of"]))
            diff = {
                field: {"old": current[field], "new": value}
                for field, value in changes.items()
                if current[field] != value
            }
            if not diff:
                raise DocketError("nothing to change: the values are already as given")
            connection.execute(
                update(items)
                .where(items.c.id == item_id)
                .values({field: change["new"] for field, change in diff.items()})
            )
            entry = self.kernel.custody.append(
                connection,
                Action.METADATA_EDITED,
                f"item:{item_id}",
                {"changes": diff, "reason": reason},
                item_id=item_id,
                actor=self.viewer.name,
            )
        self.kernel.checkpoint()
        return entry

    def level_choices(self, current: str) -> list[str]:
        """The levels the viewer may move an item at ``current`` to."""
        if not self.viewer.may_write:
            return []
        return [
            level
            for level in self.viewer.visible_levels()
            if level != current
            and (self.viewer.role is Role.ADMIN or LEVELS.index(level) > LEVELS.index(current))
        ]

    def _check_level_change(self, current: str, wanted: str, reason: str | None) -> None:
        """Editors and admins raise an item's level; only admins lower it, since a lower level
        shows the item, and its whole history, to more people. Never above the person's own
        clearance, and never without a reason."""
        viewer = self.viewer
        if not viewer.can_see(wanted):
            raise PermissionDenied(
                f"You may not file items as {wanted}: it is above your clearance."
            )
        if LEVELS.index(wanted) < LEVELS.index(current) and viewer.role is not Role.ADMIN:
            raise PermissionDenied("Only an admin may lower an item's level.")
        if not (reason or "").strip():
            raise DocketError(
                "Say why the level changes; the reason is kept in the chain of custody."
            )

    def ingest(
        self,
        paths: Sequence[Path],
        provenance: Provenance,
        options: IngestOptions | None = None,
    ) -> Iterator[IngestResult]:
        """Ingest files and folders; one result per file or container member, in order."""
        self.viewer.require_writer()
        if not self.viewer.can_see(provenance.confidentiality):
            raise DocketError("evidence cannot be kept at a level above your own")
        if provenance.translation_of is not None:
            self.get(provenance.translation_of)
        # Imported here: the format readers take a second to load and only ingest needs them.
        from docket.ingest.pipeline import Ingestor

        ingestor = Ingestor(self.kernel, options or IngestOptions(), self.viewer.name)
        try:
            yield from ingestor.run(paths, provenance)
        finally:
            self.kernel.checkpoint()

    @staticmethod
    def count_inputs(paths: Sequence[Path]) -> int:
        """How many files an ingest of ``paths`` will read at the top level (for progress)."""
        from docket.ingest.pipeline import Ingestor

        return sum(1 for _ in Ingestor.walk(paths))

    # -- packaging --------------------------------------------------------------------------

    def check_packable(self, item_ids: Sequence[int]) -> list[int]:
        """The items, once each, when the viewer may package them all; one line if not."""
        return packaging.check_packable(self.kernel, self.viewer, item_ids)

    def export_bag(
        self, out: Path, item_ids: Sequence[int], *, carrying: Sequence[Entry] = ()
    ) -> Path:
        """Write a BagIt evidence package of these items; the export enters their custody.

        ``carrying``: further entries the caller has just written (a report's files bound in
        custody) for the bag to hold beside the items' own, covered by its checkpoint."""
        return packaging.export_bag(self.kernel, self.viewer, out, item_ids, carrying=carrying)
