"""The search page: full text across scripts and spellings, with facets and pages of results.

Results, snippets and facet counts all come through the viewer's confidentiality levels, so an
item the viewer may not see is neither shown nor counted. What a page read is kept for the next
request asking for the same address, in the same language, with the same confidentiality levels,
until the archive changes (see ``docket.web.remembered.page_key``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final, NamedTuple

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from docket.door import Door
from docket.errors import InvalidQuery
from docket.face import AlsoRecorded, Facets, SearchFilters
from docket.model.taxonomy import load_taxonomy
from docket.web.auth import Signed, signed_in, workspace
from docket.web.pages.items import Pager, check_page, highlight, listing_filters, pager, with_query
from docket.web.remembered import page_key
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE: Final = 20
# A facet lists its most frequent values; the rest are reached by typing a filter.
FACET_VALUES: Final = 15


@dataclass(frozen=True)
class Hit:
    """One result as the page shows it."""

    item_id: int
    title: str
    snippet: Markup
    day: str | None
    language: str | None
    media_type: str


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    facets: Facets
    pager: Pager


class SearchAnswer(NamedTuple):
    """What a search page shows that the archive decides (the rest comes from who is signed
    in)."""

    results: Results
    facets: dict[str, Any]


def parse_day(value: str | None, what: str) -> date | None:
    """A date from a form field; blank is none, anything else must be YYYY-MM-DD."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidQuery(f"The {what} date must be YYYY-MM-DD, not '{value[:40]}'.") from None


def parse_record(value: str | None, what: str) -> int | None:
    """A record number from a link; blank is none, anything else must be a positive number."""
    if value is None or not value.strip():
        return None
    if not value.strip().isascii() or not value.strip().isdigit():
        raise InvalidQuery(f"The {what} must be a record number, not '{value[:40]}'.")
    return int(value.strip())


def search_filters(
    language: str | None,
    date_from: str | None,
    date_to: str | None,
    media_type: str | None,
    violation: str | None = None,
    place: str | None = None,
    actor: str | None = None,
) -> SearchFilters:
    filters = listing_filters(
        language=(language or "").strip() or None,
        media_type=(media_type or "").strip() or None,
        date_from=parse_day(date_from, "start"),
        date_to=parse_day(date_to, "end"),
    )
    return replace(
        filters,
        violation=(violation or "").strip() or None,
        place=parse_record(place, "place"),
        actor=parse_record(actor, "actor"),
    )


# Snippets are kept across changes of the archive (``docket.search.service``): so is their
# markup, which depends on nothing else.
@functools.lru_cache(maxsize=2_048)
def snippet_html(snippet: str, highlights: tuple[tuple[int, int], ...]) -> Markup:
    """The snippet escaped, its matched words in ``<mark>``."""
    return highlight(snippet, [(start, end, "") for start, end in highlights])


def run_search(
    request: Request, door: Door, query: str, filters: SearchFilters, page: int
) -> Results:
    offset = check_page(page, PAGE_SIZE)
    answer = door.items.search_page(query, filters, limit=PAGE_SIZE, offset=offset)
    hits = [
        Hit(
            item_id=found.hit.item_id,
            title=found.hit.title or found.item["original_name"],
            snippet=snippet_html(found.hit.snippet, found.hit.highlights),
            day=found.item["published"] or found.item["collected_at"],
            language=found.item["language"],
            media_type=str(found.item["media_type"]).split(";")[0],
        )
        for found in answer.found
    ]
    return Results(hits, answer.facets, pager(request, answer.facets.total, page, PAGE_SIZE))


@router.get("/search")
def search_page(
    request: Request,
    signed: Signed = Depends(signed_in),
    q: str = "",
    language: str = "",
    date_from: str = "",
    date_to: str = "",
    media_type: str = "",
    violation: str = "",
    place: str = "",
    actor: str = "",
    page: int = Query(1, ge=1),
) -> Response:
    door = signed.door
    form = {
        "q": q,
        "language": language,
        "date_from": date_from,
        "date_to": date_to,
        "media_type": media_type,
        "violation": violation,
        "place": place,
        "actor": actor,
    }
    context: dict[str, Any] = {"form": form, "results": None, "error": None}
    if not q.strip():
        return render(request, "search.html", context)
    try:
        filters = search_filters(language, date_from, date_to, media_type, violation, place, actor)
        answer = workspace(request).search_answers.answer(
            page_key(door, request), lambda: _work_out(request, door, q, filters, page, form)
        )
    except InvalidQuery as error:
        context["error"] = str(error)
        return render(request, "search.html", context, status_code=400)
    context["results"], context["facets"] = answer
    return render(request, "search.html", context)


def _work_out(
    request: Request,
    door: Door,
    query: str,
    filters: SearchFilters,
    page: int,
    form: dict[str, str],
) -> SearchAnswer:
    """The results and the facets with their links: everything the page shows that depends on
    the archive, read through the viewer."""
    results = run_search(request, door, query, filters, page)
    links = _facet_links(request, results.facets, form)
    links.update(_record_facet_links(request, door, results, filters))
    return SearchAnswer(results, links)


def _record_facet_links(
    request: Request, door: Door, results: Results, filters: SearchFilters
) -> dict[str, Any]:
    """The record facets and active record filters, named in the page language.

    Titles are read through the viewer, and only for the records the facets returned or the
    filters name: a record the viewer may not see keeps its number and gets no name.
    """
    language = getattr(request.state, "language", "en")
    taxonomy = load_taxonomy("violation_types")

    def violation_label(code: str) -> str:
        return taxonomy.label(code, language) if code in taxonomy else code

    facets = results.facets
    wanted = {record for record, _ in facets.places + facets.actors}
    wanted.update(record for record in (filters.place, filters.actor) if record is not None)
    titles = door.records.titles(sorted(wanted))
    # The other records of each record's identity, read through the viewer as well.
    identities = door.linkage.also_recorded_as(
        [record for record, _ in facets.places + facets.actors if record in titles]
    )
    violations = [
        (violation_label(code), count, with_query(request, violation=code, page=None), None)
        for code, count in facets.violations
    ]
    places = [
        (
            titles[record],
            count,
            with_query(request, place=str(record), page=None),
            _identity_link(record, identities.get(record)),
        )
        for record, count in facets.places
        if record in titles
    ]
    actors = [
        (
            titles[record],
            count,
            with_query(request, actor=str(record), page=None),
            _identity_link(record, identities.get(record)),
        )
        for record, count in facets.actors
        if record in titles
    ]
    active: list[tuple[str, str, str]] = []
    if filters.violation is not None:
        active.append(
            (
                "violation",
                violation_label(filters.violation),
                with_query(request, violation=None, page=None),
            )
        )
    for name, record in (("place", filters.place), ("actor", filters.actor)):
        if record is not None:
            label = titles.get(record, f"#{record}")
            active.append((name, label, with_query(request, page=None, **{name: None})))
    return {"violations": violations, "places": places, "actors": actors, "record_active": active}


def _identity_link(record: int, also: AlsoRecorded | None) -> dict[str, Any] | None:
    """ "Also recorded as N other records", pointing at the record page's list of them."""
    if also is None:
        return None
    return {
        "url": f"/records/{record}#also-recorded",
        "others": len(also.others),
        "unreviewed": also.unreviewed,
        "titles": [other.title for other in also.others],
    }


def _facet_links(request: Request, facets: Facets, form: dict[str, str]) -> dict[str, Any]:
    """Each facet value with the address that narrows the search to it (page 1 again)."""
    media = [
        (value, count, with_query(request, media_type=value, page=None))
        for value, count in facets.media_types[:FACET_VALUES]
    ]
    languages = [
        (value, count, with_query(request, language=value, page=None) if value else None)
        for value, count in facets.languages[:FACET_VALUES]
    ]
    years = [
        (
            value,
            count,
            with_query(request, date_from=f"{value}-01-01", date_to=f"{value}-12-31", page=None),
        )
        for value, count in sorted(facets.years, key=lambda pair: pair[0], reverse=True)[
            :FACET_VALUES
        ]
    ]
    active = [
        (name, form[name], with_query(request, page=None, **{name: None}))
        for name in ("media_type", "language", "date_from", "date_to")
        if form[name]
    ]
    return {"media_types": media, "languages": languages, "years": years, "active": active}
