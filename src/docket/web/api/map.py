"""Events and acts on a map: GeoJSON of those whose place has coordinates, as the caller sees them.

An act is placed at its own place, else at its event's place; an event at its place. Records
above the caller's clearance are never loaded, and a reference to a hidden place counts as no
place at all, so neither the points nor their number betray anything hidden. The answer is
bounded: a map needs points, not every record of a large archive in one response.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Final, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from docket.door import Door
from docket.face import Facts
from docket.model.dates import UncertainDate
from docket.model.taxonomy import load_taxonomy
from docket.web.auth import Signed, scoped
from docket.web.pages.records_display import date_text

router = APIRouter(prefix="/api", tags=["map"])

DEFAULT_LIMIT: Final = 5000
MAX_LIMIT: Final = 20000
MAPPED_TYPES: Final = ("event", "act")


@dataclass(frozen=True)
class Happening:
    """An event or act with where it happened (coordinates may be missing)."""

    id: int
    kind: str
    title: str
    date: str | None
    sort_date: str
    place: int
    place_name: str
    lat: float | None
    lon: float | None


def _place_of(record: Facts, facts: dict[int, Facts]) -> int | None:
    own = record.refs("place")
    if own:
        return own[0]
    for event_id in record.refs("event"):
        event = facts.get(event_id)
        if event is not None and event.refs("place"):
            return event.refs("place")[0]
    return None


def _date_of(record: Facts, facts: dict[int, Facts]) -> UncertainDate | None:
    stored = record.first("date")
    if stored is None:
        for event_id in record.refs("event"):
            event = facts.get(event_id)
            if event is not None and event.first("date") is not None:
                stored = event.first("date")
                break
    return None if stored is None else UncertainDate.from_json(stored)


def _place_name(place: Facts | None, place_id: int) -> str:
    name = None if place is None else place.first("name")
    text = name.get("text") if isinstance(name, dict) else None
    if isinstance(text, str):
        return text
    return f"place #{place_id}"


def happenings(door: Door, language: str = "en") -> list[Happening]:
    """Every visible event and act that has a visible place, in record id order."""
    facts = door.facts(
        {
            "event": ("title", "date", "place"),
            "act": ("violation", "date", "place", "event"),
            "place": ("name", "coordinates"),
        },
    )
    violations = load_taxonomy("violation_types")
    found: list[Happening] = []
    for record_id in sorted(facts):
        record = facts[record_id]
        if record.type not in MAPPED_TYPES:
            continue
        place_id = _place_of(record, facts)
        if place_id is None:
            continue
        place = facts.get(place_id)
        if record.type == "event":
            title = str(record.first("title") or f"event #{record_id}")
        else:
            code = record.first("violation")
            title = violations.label(code, language) if code in violations else str(code)
        day = _date_of(record, facts)
        point = None if place is None else place.first("coordinates")
        found.append(
            Happening(
                id=record_id,
                kind=record.type,
                title=title,
                date=None if day is None else date_text(day, language),
                sort_date="" if day is None or day.start is None else day.start.isoformat(),
                place=place_id,
                place_name=_place_name(place, place_id),
                lat=float(point["lat"]) if isinstance(point, dict) else None,
                lon=float(point["lon"]) if isinstance(point, dict) else None,
            )
        )
    return found


class Point(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: list[float]


class HappeningProperties(BaseModel):
    id: int
    kind: str
    title: str
    date: str | None
    place: int
    place_name: str
    url: str


class Feature(BaseModel):
    type: Literal["Feature"] = "Feature"
    geometry: Point
    properties: HappeningProperties


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[Feature]
    total: int
    truncated: bool


class Problem(BaseModel):
    detail: str


def feature_collection(found: list[Happening], limit: int) -> FeatureCollection:
    mapped = [(h, h.lon, h.lat) for h in found if h.lat is not None and h.lon is not None]
    features = [
        Feature(
            # GeoJSON puts longitude first.
            geometry=Point(coordinates=[lon, lat]),
            properties=HappeningProperties(
                id=h.id,
                kind=h.kind,
                title=h.title,
                date=h.date,
                place=h.place,
                place_name=h.place_name,
                url=f"/records/{h.id}",
            ),
        )
        for h, lon, lat in mapped[:limit]
        if lon is not None and lat is not None
    ]
    return FeatureCollection(features=features, total=len(mapped), truncated=len(mapped) > limit)


@router.get(
    "/map/events",
    response_model=FeatureCollection,
    responses={
        401: {"model": Problem, "description": "Not signed in and no valid token."},
        403: {"model": Problem, "description": "The token lacks the read scope."},
    },
)
def map_events(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    caller: Signed = scoped("read"),
) -> FeatureCollection:
    """Events and acts with coordinates as a GeoJSON FeatureCollection (at most ``limit``)."""
    language = getattr(request.state, "language", "en")
    found = happenings(caller.door, language)
    return feature_collection(found, limit)
