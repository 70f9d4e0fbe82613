"""Jobs over the API: the state and progress of an upload or capture queued by the caller."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from docket.door import JobNotFound
from docket.web.auth import Signed, scoped
from docket.web.ids import JobId

router = APIRouter(prefix="/api", tags=["jobs"])


class Job(BaseModel):
    """A job: ``queued``, ``running``, ``done`` or ``failed`` (``failure`` says why)."""

    id: int
    kind: str
    state: str
    owner: str
    confidentiality: str
    names: list[str]
    done: int
    total: int
    percent: int
    results: list[dict[str, Any]]
    failure: str | None
    attempts: int
    created_at: str
    started_at: str | None
    finished_at: str | None


@router.get(
    "/jobs/{job_id}",
    response_model=Job,
    responses={404: {"description": "No such job, or another person's."}},
)
def job_status(job_id: JobId, caller: Signed = scoped("read")) -> Job:
    """One job the caller asked for; anyone else's is missing."""
    try:
        found = caller.door.jobs.get(job_id)
    except JobNotFound:
        raise HTTPException(404, "There is nothing here.") from None
    return Job(**found.to_json())
