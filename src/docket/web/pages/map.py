"""The map of events and acts, drawn in the browser over an offline world map; without
JavaScript, the same events listed by place."""

from __future__ import annotations

from itertools import groupby
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from docket.web.api.map import DEFAULT_LIMIT, happenings
from docket.web.auth import Signed, signed_in
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

PLACES_PER_PAGE: Final = 25


@router.get("/map")
def map_page(
    request: Request,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    signed: Signed = Depends(signed_in),
) -> Response:
    language = getattr(request.state, "language", "en")
    found = happenings(signed.door, language)
    ordered = sorted(found, key=lambda h: (h.place_name.casefold(), h.place, h.sort_date, h.id))
    places: list[dict[str, Any]] = []
    for place_id, group in groupby(ordered, key=lambda h: h.place):
        entries = list(group)
        places.append(
            {
                "id": place_id,
                "name": entries[0].place_name,
                "mapped": entries[0].lat is not None,
                "entries": entries,
            }
        )
    pages = max(1, -(-len(places) // PLACES_PER_PAGE))
    page = min(page, pages)
    start = (page - 1) * PLACES_PER_PAGE
    return render(
        request,
        "map.html",
        {
            "places": places[start : start + PLACES_PER_PAGE],
            "place_count": len(places),
            "mapped": sum(1 for h in found if h.lat is not None),
            "unmapped": sum(1 for h in found if h.lat is None),
            "page": page,
            "pages": pages,
            "limit": DEFAULT_LIMIT,
        },
    )
