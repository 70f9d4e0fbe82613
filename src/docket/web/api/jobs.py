"""Jobs over the API: the caller's own jobs (uploads, captures, reports, proposals, linkage),
their state and progress, a report job's file, and reports, proposals and linkage queued as
jobs — each with the rights the caller's pages have. Another person's job is missing."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Final, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field

from docket.face import JOB_KINDS, JOB_STATES, MAX_JOB_ITEMS, REPORT_LANGUAGES, JobNotFound
from docket.web.auth import Signed, scoped
from docket.web.ids import MAX_ID, JobId

router = APIRouter(prefix="/api", tags=["jobs"])

MAX_LIMIT: Final = 1_000
# A statement's draft is a document someone wrote, not a dump: this is far above any.
MAX_DRAFT: Final = 200_000


class Problem(BaseModel):
    detail: str


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


class JobList(BaseModel):
    jobs: list[Job]


class ReportJob(BaseModel):
    """A report to make as an HTML or PDF file: a case or incident report names its
    ``subject`` (``#id`` or a name), a period report its days, a statement its ``draft``."""

    model_config = ConfigDict(populate_by_name=True)

    kind: Literal["case", "incident", "period", "statement"]
    format: Literal["html", "pdf"] = "pdf"
    audience: Literal["admin", "editor", "analyst", "viewer"] | None = Field(
        default=None, description="The caller's role (default) or a lower one."
    )
    language: str = Field(default="en", json_schema_extra={"enum": list(REPORT_LANGUAGES)})
    subject: str = Field(default="", max_length=300)
    start: date | None = Field(default=None, alias="from")
    end: date | None = Field(default=None, alias="to")
    estimates: bool = False
    draft: str = Field(default="", max_length=MAX_DRAFT)


class ProposalsJob(BaseModel):
    items: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        min_length=1, max_length=MAX_JOB_ITEMS
    )


class LinkageJob(BaseModel):
    type: str = Field(max_length=40, description="person, organisation, place or event")


READ_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    401: {"model": Problem, "description": "Not signed in and no valid token."},
    403: {"model": Problem, "description": "The token lacks the scope."},
    404: {"model": Problem, "description": "No such job, or another person's."},
}
QUEUE_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    400: {"model": Problem, "description": "What was asked for cannot be made; says why."},
    401: {"model": Problem, "description": "Not signed in and no valid token."},
    403: {"model": Problem, "description": "The role or the token's scopes do not allow it."},
    404: {"model": Problem, "description": "The subject is missing or hidden from the audience."},
}


@router.get(
    "/jobs",
    response_model=JobList,
    responses={
        **READ_ERRORS,
        400: {"model": Problem, "description": "An unknown state or kind; says which."},
    },
)
def jobs_list(
    state: Annotated[str | None, Query(json_schema_extra={"enum": list(JOB_STATES)})] = None,
    kind: Annotated[str | None, Query(json_schema_extra={"enum": list(JOB_KINDS)})] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    caller: Signed = scoped("read"),
) -> JobList:
    """The caller's newest jobs, newest first (as the Jobs page lists them)."""
    found = caller.door.jobs.recent(limit, state=state or None, kind=kind or None)
    return JobList(jobs=[Job(**job.to_json()) for job in found])


@router.get("/jobs/{job_id}", response_model=Job, responses=READ_ERRORS)
def job_status(job_id: JobId, caller: Signed = scoped("read")) -> Job:
    """One job the caller asked for; anyone else's is missing."""
    return Job(**_job(caller, job_id))


@router.get(
    "/jobs/{job_id}/file",
    response_class=FileResponse,
    responses={
        **READ_ERRORS,
        200: {"description": "The report.", "content": {"application/pdf": {}, "text/html": {}}},
    },
)
def job_file(job_id: JobId, caller: Signed = scoped("export")) -> FileResponse:
    """The file a finished report job made (its SHA-256 entered custody when it was made)."""
    try:
        made = caller.door.jobs.report_file(job_id)
    except JobNotFound as error:
        raise HTTPException(404, str(error)) from None
    return FileResponse(made.path, media_type=made.media_type, filename=made.name)


@router.post("/jobs/reports", response_model=Job, status_code=202, responses=QUEUE_ERRORS)
def queue_report(body: ReportJob, caller: Signed = scoped("export")) -> Job:
    """Queue a report's file as a job of the caller, made for their role or a lower one;
    the subject and a statement's ties are checked first, as the audience would find them."""
    door = caller.door
    period = None
    if body.start is not None or body.end is not None:
        if body.start is None or body.end is None:
            raise HTTPException(400, "a period needs both 'from' and 'to'")
        period = (body.start, body.end)
    job_id = door.queue_report(
        body.kind,
        audience=body.audience or door.viewer.role.value,
        language=body.language,
        file_format=body.format,
        subject=body.subject,
        period=period,
        estimates=body.estimates,
        draft=body.draft,
    )
    return Job(**_job(caller, job_id))


@router.post("/jobs/proposals", response_model=Job, status_code=202, responses=QUEUE_ERRORS)
def queue_proposals(body: ProposalsJob, caller: Signed = scoped("write")) -> Job:
    """Queue the reading of these items for proposals (editors and admins); an item the
    caller may not see is one line of the result, as a missing one."""
    return Job(**_job(caller, caller.door.jobs.propose(body.items)))


@router.post("/jobs/linkage", response_model=Job, status_code=202, responses=QUEUE_ERRORS)
def queue_linkage(body: LinkageJob, caller: Signed = scoped("write")) -> Job:
    """Queue the linkage of every record of a type (editors and admins)."""
    return Job(**_job(caller, caller.door.jobs.link(body.type)))


def _job(caller: Signed, job_id: int) -> dict[str, Any]:
    try:
        return caller.door.jobs.get(job_id).to_json()
    except JobNotFound:
        raise HTTPException(404, "There is nothing here.") from None
