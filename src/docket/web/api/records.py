"""The records API: lists, one record, its history and timeline, and changes to records.

The same permissions as the pages: a record above the caller's clearance is 404 "no record
N" on every endpoint, before any other refusal; protected values are always "[redacted]";
changes need the ``write`` scope and the role of an editor or admin. The bodies of changes are
those of ``RecordStore.create`` / ``edit`` (docs/records.md).
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, ConfigDict, Field

from docket.errors import InvalidDate
from docket.face import Moment, RecordView, day_bound
from docket.web.auth import Signed, scoped
from docket.web.ids import RecordId

router = APIRouter(prefix="/api", tags=["records"])

MAX_ID: Final = 2_147_483_647
Level = Literal["public", "restricted", "confidential"]


class Problem(BaseModel):
    """What went wrong, in one line."""

    detail: str


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    words = {
        400: "The request does not fit the record types, or a citation does not fit its item.",
        401: "Not signed in and no valid token.",
        403: "The token lacks the scope, or the role may not change records.",
        404: "No such record, or one above the caller's clearance (never told apart).",
        409: "The record changed since the version the edit was based on.",
    }
    return {code: {"model": Problem, "description": words[code]} for code in codes}


# -- what comes back -------------------------------------------------------------------------


class Stamp(BaseModel):
    at: str
    by: str


class CitationOut(BaseModel):
    """A span of an item's working copy; the quoted words when the caller may read them."""

    item: int
    item_sha256: str | None = None
    start: int
    end: int
    sha256: str
    quote: str | None = None
    drifted: bool = False


class ValueOut(BaseModel):
    id: int
    value: Any = Field(description='The stored JSON value, or "[redacted]" when protected.')
    protected: bool = False
    preferred: bool
    reason: str | None = None
    citations: list[CitationOut]


class RecordOut(BaseModel):
    id: int
    key: str
    type: str
    title: str
    confidentiality: Level
    version: int
    retracted: bool
    retraction_reason: str | None = None
    merged_into: int | None = Field(
        None, description="The record this one was merged into, which holds its values now."
    )
    created: Stamp
    updated: Stamp
    fields: dict[str, list[ValueOut]]


class RecordSummary(BaseModel):
    id: int
    type: str
    title: str
    confidentiality: Level
    version: int
    retracted: bool
    updated: Stamp


class RecordList(BaseModel):
    total: int
    limit: int
    offset: int
    records: list[RecordSummary]


class VersionOut(BaseModel):
    record: int
    version: int
    at: str
    actor: str
    reason: str | None = None
    change: dict[str, Any] = Field(description="Each changed field's values before and after.")


class MomentOut(BaseModel):
    date: str | None = Field(description="EDTF-style date, or null when undated.")
    date_label: str
    reported: bool = Field(
        False, description="The date is when a source reported the fact, not when it happened."
    )
    record: int
    type: str
    title: str
    relation: str
    linked_from: int | None = Field(
        None,
        description="The other record of the subject's identity (docket link) the fact "
        "concerns, or null when it concerns the subject itself.",
    )
    summary: str
    sources: list[CitationOut]


class TimelinePage(BaseModel):
    total: int
    dated: int = Field(description="How many of the total have a date of the event.")
    reported: int = Field(0, description="How many have only the date a source reported them on.")
    undated: int = Field(description="How many of the total have none (listed last).")
    limit: int
    offset: int
    moments: list[MomentOut]


# -- what is sent ----------------------------------------------------------------------------


class RecordCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(max_length=32, description="A record type, e.g. person or act.")
    fields: dict[str, Any] = Field(description="Values as in the JSON form of docs/records.md.")
    confidentiality: Level = "public"
    reason: str | None = Field(None, max_length=2000)


class CiteTarget(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: int | None = Field(None, ge=1, le=MAX_ID, description="The value id to cite for.")
    field: str | None = Field(None, max_length=64, description="Or the field (its one value).")
    item: int = Field(ge=1, le=MAX_ID)
    start: int | None = Field(None, ge=0, le=MAX_ID)
    end: int | None = Field(None, ge=0, le=MAX_ID)
    quote: str | None = Field(None, max_length=20_000)


class RecordEdit(BaseModel):
    """The changes of ``RecordStore.edit``, the version they are based on, and why."""

    model_config = ConfigDict(extra="forbid")

    set: dict[str, Any] | None = Field(None, description="Replace these fields' values.")
    add: dict[str, Any] | None = Field(None, description="Add values (or alternatives).")
    remove: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = None
    prefer: dict[str, str] | None = Field(None, description="Value id → why it is preferred.")
    cite: list[CiteTarget] | None = None
    confidentiality: Level | None = None
    expected_version: int = Field(ge=1, le=MAX_ID)
    reason: str = Field(min_length=1, max_length=2000)


class Retraction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)
    expected_version: int = Field(
        ge=1, le=MAX_ID, description="The version the caller saw; 409 if the record moved on."
    )


# -- conversions -----------------------------------------------------------------------------


def record_out(view: RecordView) -> RecordOut:
    return RecordOut.model_validate(view.to_json())


def _moment_out(moment: Moment) -> MomentOut:
    data = moment.to_json()
    return MomentOut(
        date=data["date"],
        date_label=data["date_label"],
        reported=data["reported"],
        record=moment.record.id,
        type=moment.record.type.name,
        title=moment.record.title,
        relation=moment.relation,
        linked_from=moment.linked_from,
        summary=moment.summary,
        sources=[CitationOut.model_validate(s) for s in data["sources"]],
    )


# -- endpoints -------------------------------------------------------------------------------


@router.get("/records", response_model=RecordList, responses=_errors(400, 401, 403))
def list_records(
    type: str | None = Query(None, max_length=32, description="Only records of this type."),
    q: str | None = Query(None, max_length=200, description="Words of the record's name."),
    retracted: bool = Query(False, description="Include retracted records."),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
    caller: Signed = scoped("read"),
) -> RecordList:
    """Records the caller may see, newest first."""
    found = caller.door.find_records(
        type_name=type or None,
        text=q,
        include_retracted=retracted,
        limit=limit,
        offset=offset,
    )
    return RecordList(
        total=found.total,
        limit=limit,
        offset=offset,
        records=[
            RecordSummary.model_validate(
                {
                    "id": v.id,
                    "type": v.type.name,
                    "title": v.title,
                    "confidentiality": v.confidentiality,
                    "version": v.version,
                    "retracted": v.retracted,
                    "updated": {"at": v.updated_at, "by": v.updated_by},
                }
            )
            for v in found.records
        ],
    )


@router.get("/records/{record_id}", response_model=RecordOut, responses=_errors(401, 403, 404))
def get_record(record_id: RecordId, caller: Signed = scoped("read")) -> RecordOut:
    """One record with its values and their sources (a confidential one is logged as viewed)."""
    return record_out(caller.door.records.get(record_id))


class IdentityOut(BaseModel):
    """The records linked as one subject (``docket link``), as the caller may see them."""

    id: int
    type: str
    records: list[int]
    spellings: list[str]
    unreviewed: int
    conflicts: dict[str, list[str]]


@router.get(
    "/records/{record_id}/identity",
    response_model=IdentityOut | None,
    responses=_errors(401, 403, 404),
)
def record_identity(record_id: RecordId, caller: Signed = scoped("read")) -> IdentityOut | None:
    """The identity the record belongs to (null until a linkage run has seen it): only the
    records the caller may see, their spellings and the values on which they disagree."""
    identity = caller.door.linkage.identity_of(record_id)
    return None if identity is None else IdentityOut.model_validate(identity.to_json())


@router.get(
    "/records/{record_id}/history",
    response_model=list[VersionOut],
    responses=_errors(401, 403, 404),
)
def record_history(record_id: RecordId, caller: Signed = scoped("read")) -> list[VersionOut]:
    """Every version of the record, oldest first: who, when, why and what changed."""
    versions = caller.door.records.history(record_id)
    return [VersionOut.model_validate(v.to_json()) for v in versions]


@router.get(
    "/records/{record_id}/timeline",
    response_model=TimelinePage,
    responses=_errors(401, 403, 404),
)
def record_timeline(
    record_id: RecordId,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
    caller: Signed = scoped("read"),
) -> TimelinePage:
    """The dated facts about a person, case or event, earliest first, with their sources."""
    found = caller.door.timeline(record_id)
    undated = sum(1 for moment in found if moment.date is None)
    reported = sum(1 for moment in found if moment.date is not None and moment.date.reported)
    return TimelinePage(
        total=len(found),
        dated=len(found) - undated - reported,
        reported=reported,
        undated=undated,
        limit=limit,
        offset=offset,
        moments=[_moment_out(m) for m in found[offset : offset + limit]],
    )


@router.post(
    "/records",
    response_model=RecordOut,
    status_code=201,
    responses=_errors(400, 401, 403),
)
def create_record(
    body: Annotated[RecordCreate, Body()], caller: Signed = scoped("write")
) -> RecordOut:
    """A new record; its values may carry citations ({item, start, end} or {item, quote})."""
    view = caller.door.records.create(
        body.type,
        body.fields,
        confidentiality=body.confidentiality,
        reason=body.reason,
    )
    return record_out(view)


@router.patch(
    "/records/{record_id}",
    response_model=RecordOut,
    responses=_errors(400, 401, 403, 404, 409),
)
def edit_record(
    record_id: RecordId,
    body: Annotated[RecordEdit, Body()],
    caller: Signed = scoped("write"),
) -> RecordOut:
    """Change the record if it is still at ``expected_version``; 409 when someone was first."""
    records = caller.door.records
    # A hidden record is 404 before any other refusal.
    records.get(record_id, log=False)
    changes = body.model_dump(exclude_none=True, exclude={"expected_version", "reason"})
    return record_out(records.edit(record_id, changes, body.expected_version, body.reason))


@router.post(
    "/records/{record_id}/retract",
    response_model=RecordOut,
    responses=_errors(400, 401, 403, 404, 409),
)
def retract_record(
    record_id: RecordId,
    body: Annotated[Retraction, Body()],
    caller: Signed = scoped("write"),
) -> RecordOut:
    """Withdraw the record with the reason; it keeps its history."""
    records = caller.door.records
    # A hidden record is 404 before any other refusal.
    records.get(record_id, log=False)
    view = records.retract(record_id, body.reason, expected_version=body.expected_version)
    return record_out(view)


@router.get("/timeline", response_model=TimelinePage, responses=_errors(400, 401, 403))
def archive_timeline(
    type: list[str] = Query([], max_length=20, description="Only these record types."),
    start: str | None = Query(None, alias="from", max_length=40, description="2023, 2023-04…"),
    end: str | None = Query(None, alias="to", max_length=40, description="…or 2023-04-05."),
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
    caller: Signed = scoped("read"),
) -> TimelinePage:
    """Dated records the caller may see (events, acts, interventions…), earliest first."""
    door = caller.door
    first = day_bound(start, ending=False) if start and start.strip() else None
    last = day_bound(end, ending=True) if end and end.strip() else None
    if first is not None and last is not None and first > last:
        raise InvalidDate("the range ends before it starts")
    dated = door.chronology(type_names=tuple(type) or None, start=first, end=last)
    page = door.moments(dated[offset : offset + limit])
    counted = door.date_tally(dated)
    return TimelinePage(
        total=len(dated),
        dated=counted.dated,
        reported=counted.reported,
        undated=counted.undated,
        limit=limit,
        offset=offset,
        moments=[_moment_out(m) for m in page],
    )
