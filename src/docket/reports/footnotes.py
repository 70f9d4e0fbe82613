"""Numbering the citations a report rests on, with what a reader needs to check each one: the
quoted words, the source's title, date and SHA-256, and where the chain of custody holds them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import select

from docket.db.engine import reading
from docket.db.schema import custody
from docket.errors import DocketError
from docket.evidence.custody import Action
from docket.items import ItemStore
from docket.records import Citation, RecordStore, RecordView
from docket.records.audit import RecordAction, subject
from docket.reports.document import Footnote, Source


class Footnotes:
    """The report's footnotes in order of first use; a citation cited twice keeps one number."""

    def __init__(self, records: RecordStore, items: ItemStore, views: Sequence[RecordView]):
        self._items = items
        self._by_citation: dict[int, Footnote] = {}
        self._sources: dict[int, tuple[str, str | None, str, int | None]] = {}
        self._hidden_items: set[int] = set()
        self._entries = _version_entries(records, [view.id for view in views])

    def notes_for(
        self, view: RecordView, citations: Iterable[tuple[int, Citation]]
    ) -> list[Footnote]:
        """Footnotes for citations of ``view`` (each with the record version that added the
        cited value), skipping sources the viewer may not see."""
        notes: list[Footnote] = []
        for version, citation in citations:
            note = self._by_citation.get(citation.id)
            if note is None:
                source = self._source(citation.item_id)
                if source is None:
                    continue
                title, published, sha256, received = source
                note = Footnote(
                    number=len(self._by_citation) + 1,
                    citation_id=citation.id,
                    item_id=citation.item_id,
                    source_title=title,
                    source_date=published,
                    item_sha256=citation.item_sha256 or sha256,
                    start=citation.start,
                    end=citation.end,
                    span_sha256=citation.sha256,
                    quote=citation.quote,
                    drifted=bool(citation.drifted),
                    value_entry=self._entries.get((view.id, version)),
                    source_entry=received,
                )
                self._by_citation[citation.id] = note
            if note not in notes:
                notes.append(note)
        return notes

    @property
    def footnotes(self) -> list[Footnote]:
        return sorted(self._by_citation.values(), key=lambda note: note.number)

    def sources(self) -> list[Source]:
        counted: dict[int, int] = {}
        for note in self._by_citation.values():
            counted[note.item_id] = counted.get(note.item_id, 0) + 1
        result = []
        for item_id in sorted(counted):
            title, published, sha256, received = self._sources[item_id]
            result.append(Source(item_id, title, published, sha256, counted[item_id], received))
        return result

    def _source(self, item_id: int) -> tuple[str, str | None, str, int | None] | None:
        if item_id in self._hidden_items:
            return None
        if item_id not in self._sources:
            try:
                shown = self._items.show(item_id)
            except DocketError:
                # A source above the audience's clearance: the value stands without it.
                self._hidden_items.add(item_id)
                return None
            item = shown.item
            received = next(
                (entry.seq for entry in shown.history if entry.action == Action.RECEIVED), None
            )
            title = item.get("title") or item.get("original_name") or f"#{item_id}"
            published = item.get("published") or (item.get("collected_at") or "")[:10] or None
            self._sources[item_id] = (str(title), published, str(item["sha256"]), received)
        return self._sources[item_id]


def _version_entries(records: RecordStore, record_ids: Sequence[int]) -> dict[tuple[int, int], int]:
    """(record, version) → the custody entry that wrote that version, for records the viewer
    was already shown."""
    wanted = {subject(record_id): record_id for record_id in record_ids}
    found: dict[tuple[int, int], int] = {}
    names = sorted(wanted)
    with reading(records.kernel.engine) as connection:
        for start in range(0, len(names), 500):
            rows = connection.execute(
                select(custody.c.seq, custody.c.subject, custody.c.payload).where(
                    custody.c.subject.in_(names[start : start + 500]),
                    custody.c.action.in_(
                        [RecordAction.CREATED, RecordAction.EDITED, RecordAction.RETRACTED]
                    ),
                )
            )
            for row in rows:
                version = json.loads(row.payload).get("version")
                if isinstance(version, int):
                    found[(wanted[row.subject], version)] = int(row.seq)
    return found
