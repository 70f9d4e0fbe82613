"""Search over the API: the page's search with its facets, as JSON.

Hits, snippets, totals and facet counts are computed over the items the caller may see only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any, Final

from fastapi import APIRouter, Query
from pydantic import BaseModel

from docket.door import Door
from docket.face import Facets
from docket.web.auth import Signed, scoped
from docket.web.pages.items import listing_filters

router = APIRouter(prefix="/api", tags=["search"])

MAX_LIMIT: Final = 100
MAX_RESULTS: Final = 10_000


class Problem(BaseModel):
    detail: str


class SearchResult(BaseModel):
    """One item found; ``highlights`` are (start, end) offsets of matched words in ``snippet``."""

    item_id: int
    title: str | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]]
    published: str | None
    collected_at: str
    language: str | None
    media_type: str


class FacetValue(BaseModel):
    value: str | None
    count: int


class OtherRecord(BaseModel):
    """Another record of the same identity; ``reviewed`` when a reviewer confirmed the link."""

    record: int
    title: str
    reviewed: bool


class RecordIdentity(BaseModel):
    """The other records of a record's identity the caller may see (``id`` is the smallest of
    its visible records); records the caller may not see are neither listed nor counted."""

    id: int
    others: list[OtherRecord]
    unreviewed: int


class RecordFacetValue(BaseModel):
    """A record the caller may see (a place, person or organisation), its title, and its
    identity when linkage found it recorded elsewhere too."""

    record: int
    title: str
    count: int
    identity: RecordIdentity | None = None


class SearchFacets(BaseModel):
    media_types: list[FacetValue]
    languages: list[FacetValue]
    years: list[FacetValue]
    violations: list[FacetValue] = []
    places: list[RecordFacetValue] = []
    actors: list[RecordFacetValue] = []


class SearchAnswer(BaseModel):
    query: str
    total: int
    limit: int
    offset: int
    results: list[SearchResult]
    facets: SearchFacets


ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    400: {"model": Problem, "description": "The query or a filter cannot run."},
    401: {"model": Problem, "description": "Not signed in and no valid token."},
    403: {"model": Problem, "description": "The token lacks the 'read' scope."},
}


def _facets(door: Door, facets: Facets) -> SearchFacets:
    # Titles are read through the caller, for the records the facets returned only (none
    # read at all when the matches cite no record).
    wanted = sorted({record for record, _ in facets.places + facets.actors})
    titles = (
        {view.id: view.title for view in door.records.views(ids=wanted, sources=False, names=False)}
        if wanted
        else {}
    )
    identities = door.linkage.also_recorded_as(sorted(titles)) if titles else {}

    def identity(record: int) -> RecordIdentity | None:
        also = identities.get(record)
        if also is None:
            return None
        return RecordIdentity.model_validate(also.to_json())

    def named(pairs: list[tuple[int, int]]) -> list[RecordFacetValue]:
        return [
            RecordFacetValue(
                record=record, title=titles[record], count=count, identity=identity(record)
            )
            for record, count in pairs
            if record in titles
        ]

    return SearchFacets(
        media_types=[FacetValue(value=v, count=n) for v, n in facets.media_types],
        languages=[FacetValue(value=v, count=n) for v, n in facets.languages],
        years=[FacetValue(value=v, count=n) for v, n in facets.years],
        violations=[FacetValue(value=v, count=n) for v, n in facets.violations],
        places=named(facets.places),
        actors=named(facets.actors),
    )


@router.get("/search", response_model=SearchAnswer, responses=ERRORS)
def search(
    q: Annotated[str, Query(min_length=1, max_length=1000, description="Search words.")],
    language: Annotated[str | None, Query(max_length=20)] = None,
    date_from: date | None = None,
    date_to: date | None = None,
    media_type: Annotated[str | None, Query(max_length=100)] = None,
    violation: Annotated[
        str | None, Query(max_length=64, description="A violation type code.")
    ] = None,
    place: Annotated[int | None, Query(ge=1, description="A place record id.")] = None,
    actor: Annotated[
        int | None, Query(ge=1, description="A person or organisation record id.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_RESULTS)] = 0,
    caller: Signed = scoped("read"),
) -> SearchAnswer:
    """Full-text search in any script and spelling, best first, with facet counts by media
    type, language, year, violation type, place and actor over every match."""
    door = caller.door
    filters = listing_filters(
        language=language,
        media_type=media_type,
        date_from=date_from,
        date_to=date_to,
    )
    filters = replace(filters, violation=violation, place=place, actor=actor)
    page = door.items.search_page(q, filters, limit=limit, offset=offset)
    results = [
        SearchResult(
            item_id=found.hit.item_id,
            title=found.hit.title,
            score=found.hit.score,
            snippet=found.hit.snippet,
            highlights=list(found.hit.highlights),
            published=found.item["published"],
            collected_at=found.item["collected_at"],
            language=found.item["language"],
            media_type=found.item["media_type"],
        )
        for found in page.found
    ]
    return SearchAnswer(
        query=q,
        total=page.facets.total,
        limit=limit,
        offset=offset,
        results=results,
        facets=_facets(door, page.facets),
    )
