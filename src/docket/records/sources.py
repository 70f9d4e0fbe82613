"""Checking citations against the evidence: the item exists and the span lies in its text.

The quoted words are hashed at write time; comparing that hash with the same span of the item's
newest working copy later tells whether the citation still points at the words it was made for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection, bindparam, select

from docket.db.engine import reading
from docket.db.schema import items
from docket.records.documents import CitationInput
from docket.records.errors import InvalidCitation

if TYPE_CHECKING:
    from docket.kernel import Kernel

_CHUNK = 500


def quote_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ItemMeta:
    id: int
    sha256: str
    confidentiality: str
    published: str | None


@dataclass(frozen=True)
class ResolvedCitation:
    item_id: int
    start: int
    end: int
    sha256: str

    def to_json(self) -> dict[str, object]:
        return {"item": self.item_id, "start": self.start, "end": self.end, "sha256": self.sha256}


class Sources:
    """Items and their working-copy texts, each read once per operation.

    With ``connection`` they are read in the caller's transaction: what a page loads is one
    snapshot, and reading it takes no other connection from the pool.
    """

    def __init__(self, kernel: Kernel, connection: Connection | None = None) -> None:
        self.kernel = kernel
        self._connection = connection
        self._meta: dict[int, ItemMeta] = {}
        self._by_sha: dict[str, int] = {}
        self._texts: dict[int, str] = {}

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        if self._connection is not None:
            yield self._connection
            return
        with reading(self.kernel.engine) as connection:
            yield connection

    def load(self, item_ids: Iterable[int] = (), shas: Iterable[str] = ()) -> None:
        wanted_ids = sorted({i for i in item_ids if i not in self._meta})
        wanted_shas = sorted({s for s in shas if s not in self._by_sha})
        if not wanted_ids and not wanted_shas:
            return
        with self._reading() as connection:
            for statement, wanted in ((_ITEMS_BY_ID, wanted_ids), (_ITEMS_BY_SHA, wanted_shas)):
                for start in range(0, len(wanted), _CHUNK):
                    rows = connection.execute(statement, {"wanted": wanted[start : start + _CHUNK]})
                    for row in rows:
                        meta = ItemMeta(row.id, row.sha256, row.confidentiality, row.published)
                        self._meta[meta.id] = meta
                        self._by_sha[meta.sha256] = meta.id

    def meta(self, item_id: int) -> ItemMeta | None:
        self.load([item_id])
        return self._meta.get(item_id)

    def text(self, item_id: int) -> str:
        if item_id not in self._texts:
            with self._reading() as connection:
                self._texts[item_id] = self.kernel.text_in(connection, item_id)
        return self._texts[item_id]

    def item_of(self, citation: CitationInput, where: str) -> int:
        if citation.item_sha256 is not None:
            self.load(shas=[citation.item_sha256])
            found = self._by_sha.get(citation.item_sha256)
            if found is not None:
                return found
            if citation.item_id is None:
                raise InvalidCitation(f"{where}: no item with SHA-256 {citation.item_sha256}")
        assert citation.item_id is not None
        if self.meta(citation.item_id) is None:
            raise InvalidCitation(f"{where}: no item {citation.item_id}")
        return citation.item_id

    def reference_of(self, citations: Sequence[CitationInput]) -> date | None:
        """The publication date of the first cited item that has one."""
        for citation in citations:
            try:
                meta = self.meta(self.item_of(citation, "citation"))
            except InvalidCitation:
                continue
            if meta is not None and meta.published:
                try:
                    return date.fromisoformat(meta.published)
                except ValueError:
                    continue
        return None

    def resolve(self, citation: CitationInput, where: str) -> ResolvedCitation:
        item_id = self.item_of(citation, where)
        text = self.text(item_id)
        if not text:
            raise InvalidCitation(f"{where}: item {item_id} has no working-copy text to cite")
        if citation.start is None or citation.end is None:
            assert citation.quote is not None
            return self._find(item_id, text, citation.quote, where)
        start, end = citation.start, citation.end
        if not 0 <= start < end <= len(text):
            raise InvalidCitation(
                f"{where}: span {start}-{end} is outside item {item_id}'s text "
                f"(0-{len(text)} characters)"
            )
        digest = quote_hash(text[start:end])
        if citation.sha256 is not None and citation.sha256 != digest:
            raise InvalidCitation(
                f"{where}: item {item_id} no longer has the cited words at {start}-{end}; "
                "find the passage again and cite its new span"
            )
        return ResolvedCitation(item_id, start, end, digest)

    def _find(self, item_id: int, text: str, quote: str, where: str) -> ResolvedCitation:
        start = text.find(quote)
        if start < 0:
            raise InvalidCitation(f"{where}: the quoted words are not in item {item_id}")
        if text.find(quote, start + 1) >= 0:
            raise InvalidCitation(
                f"{where}: the quoted words occur more than once in item {item_id}; "
                "give start and end"
            )
        end = start + len(quote)
        return ResolvedCitation(item_id, start, end, quote_hash(text[start:end]))


_ITEM_META = select(items.c.id, items.c.sha256, items.c.confidentiality, items.c.published)
_ITEMS_BY_ID = _ITEM_META.where(items.c.id.in_(bindparam("wanted", expanding=True)))
_ITEMS_BY_SHA = _ITEM_META.where(items.c.sha256.in_(bindparam("wanted", expanding=True)))
