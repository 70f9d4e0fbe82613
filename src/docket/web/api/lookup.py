"""Records by the name being typed: the choices of a picker in a form.

Listed before ``records`` so ``/api/records/lookup`` is never read as a record number. Bad
input (no words, too long, an unknown type) is 400 with one line, like the other refusals of
the records API, rather than a validation list.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from docket.web.api.records import Level, Problem
from docket.web.auth import Signed, scoped

router = APIRouter(prefix="/api", tags=["records"])


class LookupHit(BaseModel):
    id: int
    type: str
    title: str
    also: list[str] = Field(description="The record's other names (spellings, scripts).")
    level: Level


def _errors() -> dict[int | str, dict[str, Any]]:
    words = {
        400: "No words, more than 100 characters, an unknown type or a limit out of 1–50.",
        401: "Not signed in and no valid token.",
        403: "The token lacks the read scope.",
    }
    return {code: {"model": Problem, "description": text} for code, text in words.items()}


@router.get("/records/lookup", response_model=list[LookupHit], responses=_errors())
def lookup_records(
    q: str = Query("", description="The start of a name in any script, or #number."),
    type: list[str] = Query([], description="Only records of these types."),
    limit: int = Query(10, description="At most this many (1–50)."),
    caller: Signed = scoped("read"),
) -> list[LookupHit]:
    """Current records the caller may see whose names start like ``q``, best first."""
    found = caller.door.lookup(q, type_names=type, limit=limit)
    return [
        LookupHit.model_validate(
            {"id": m.id, "type": m.type, "title": m.title, "also": m.also, "level": m.level}
        )
        for m in found
    ]
