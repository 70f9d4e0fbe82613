"""A small archive of items to search, on whichever engine a test runs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert

from docket.db.engine import reading, writing
from docket.db.schema import items
from docket.evidence.custody import Action, CustodyLog
from docket.model.access import LEVELS, Visibility
from docket.search import (
    SearchDocument,
    SearchFilters,
    SearchHit,
    index_item,
    raw_query,
    remove_item,
    search,
)
from docket.search.tantivy_index import SearchIndex

ARCHIVE_ID = "search-tests"


@dataclass
class Corpus:
    """Items written as ingest writes them (row, full-text keys, custody entry); searched by
    the database's full-text index, or by a Tantivy index in ``index_folder`` when given."""

    engine: Engine
    index_folder: Path | None = None
    texts: dict[int, str] = field(default_factory=dict)
    _next_id: int = 1
    index: SearchIndex | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        with writing(self.engine) as connection:
            CustodyLog(ARCHIVE_ID).start(connection)
            if self.index_folder is not None:
                self.index = SearchIndex.open(connection, ARCHIVE_ID, self.index_folder, new=True)

    def _logged(self, connection: Connection, action: str, item_id: int) -> None:
        CustodyLog(ARCHIVE_ID).append(connection, action, f"item:{item_id}", {}, item_id=item_id)

    def add(
        self,
        body: str = "",
        *,
        title: str | None = None,
        meta: str = "",
        language: str | None = "en",
        published: str | None = None,
        collected_at: str = "2024-03-01T10:00:00Z",
        media_type: str = "text/plain",
        confidentiality: str = "public",
    ) -> int:
        item_id = self._next_id
        self._next_id += 1
        with writing(self.engine) as connection:
            connection.execute(
                insert(items).values(
                    id=item_id,
                    sha256=hashlib.sha256(str(item_id).encode()).hexdigest(),
                    size=len(body),
                    media_type=media_type,
                    original_name=f"item-{item_id}.txt",
                    title=title,
                    language=language,
                    published=published,
                    collected_at=collected_at,
                    confidentiality=confidentiality,
                )
            )
            index_item(connection, SearchDocument(item_id, title or "", body, meta))
            self._logged(connection, Action.RECEIVED, item_id)
        self.texts[item_id] = body
        return item_id

    def reindex(self, item_id: int, body: str, *, title: str = "", meta: str = "") -> None:
        with writing(self.engine) as connection:
            index_item(connection, SearchDocument(item_id, title, body, meta))
            self._logged(connection, Action.TEXT_DERIVED, item_id)
        self.texts[item_id] = body

    def remove(self, item_id: int) -> None:
        with writing(self.engine) as connection:
            remove_item(connection, item_id)
            remove_item(connection, item_id)
            self._logged(connection, Action.TEXT_FAILED, item_id)

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        language: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        media_type: str | None = None,
        visible: tuple[str, ...] = LEVELS,
    ) -> list[SearchHit]:
        filters = SearchFilters(language, date_from, date_to, media_type)
        with reading(self.engine) as connection:
            return search(
                connection,
                query,
                Visibility(visible),
                filters=filters,
                limit=limit,
                load_texts=lambda ids: {item_id: self.texts[item_id] for item_id in ids},
                index=self.index,
            )

    def ids(self, query: str, **filters: Any) -> list[int]:
        return [hit.item_id for hit in self.search(query, **filters)]

    def raw(self, query: str, limit: int = 20) -> list[tuple[int, float]]:
        with reading(self.engine) as connection:
            return raw_query(connection, query, limit, self.index)
