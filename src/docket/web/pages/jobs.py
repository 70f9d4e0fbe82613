"""Jobs on the workspace: what became of an upload, a capture, a report or a reading of items
for proposals, while it runs and after; a report's file is downloaded from its job's page.

A job's page answers at once and shows its progress; with scripts on, it asks
``/api/jobs/{id}`` for the progress and reloads when the job ends, without them it refreshes
itself. Only the person who asked for a job sees it: to anyone else it is missing, so that its file
names and links do not leak.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, Response

from docket.face import JobNotFound, JobView
from docket.web.auth import Signed, signed_in
from docket.web.ids import JobId
from docket.web.templating import render

router = APIRouter(include_in_schema=False)


def job_of(signed: Signed, job_id: int) -> JobView:
    """The job, or 404 whether it is missing or someone else's."""
    try:
        return signed.door.jobs.get(job_id)
    except JobNotFound:
        raise HTTPException(404, "There is nothing here.") from None


@router.get("/jobs")
def jobs_list(request: Request, signed: Signed = Depends(signed_in)) -> Response:
    return render(request, "jobs.html", {"jobs": signed.door.jobs.recent()})


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: JobId, signed: Signed = Depends(signed_in)) -> Response:
    job = job_of(signed, job_id)
    outcomes = job.result.get("outcomes", []) if job.finished else []
    return render(request, "job.html", {"job": job, "outcomes": outcomes})


@router.get("/jobs/{job_id}/file")
def job_file(job_id: JobId, signed: Signed = Depends(signed_in)) -> Response:
    """The file a report job made, for the person who asked for it; 404 for anyone else."""
    try:
        made = signed.door.jobs.report_file(job_id)
    except JobNotFound:
        raise HTTPException(404, "There is nothing here.") from None
    # Its SHA-256 entered custody when the job made it: each download hands over those bytes.
    return FileResponse(made.path, media_type=made.media_type, filename=made.name)
