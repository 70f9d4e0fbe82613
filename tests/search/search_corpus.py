"""A small archive of items to search, on whichever engine a test runs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine, insert

from docket.db.engine import reading, writing
from docket.db.schema import items
from docket.model.access import LEVELS, Visibility
from docket.search import SearchDocument, SearchFilters, SearchHit, index_item, raw_query, search


@dataclass
class Corpus:
    engine: Engine
    texts: dict[int, str] = field(default_factory=dict)
    _next_id: int = 1

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
        self.texts[item_id] = body
        return item_id

    def reindex(self, item_id: int, body: str, *, title: str = "", meta: str = "") -> None:
        with writing(self.engine) as connection:
            index_item(connection, SearchDocument(item_id, title, body, meta))
        self.texts[item_id] = body

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
                load_text=self.texts.__getitem__,
            )

    def ids(self, query: str, **filters: Any) -> list[int]:
        return [hit.item_id for hit in self.search(query, **filters)]

    def raw(self, query: str, limit: int = 20) -> list[tuple[int, float]]:
        with reading(self.engine) as connection:
            return raw_query(connection, query, limit)
