"""Jobs: long work (the ingest of uploads, the capture of links) run apart from the request
that asks for it — on ``docket worker`` processes through a PostgreSQL queue, or in-process on
the embedded archive — with its progress, result or failure kept for the person who asked."""

from docket.jobs.ledger import DONE, FAILED, QUEUED, RUNNING, JobView
from docket.jobs.postgres import QueueSchemaTooNew
from docket.jobs.queue import MAX_ATTEMPTS, JobBoard, JobNotFound, JobQueue
from docket.jobs.work import CAPTURE, INGEST, options_json

__all__ = [
    "CAPTURE",
    "DONE",
    "FAILED",
    "INGEST",
    "MAX_ATTEMPTS",
    "QUEUED",
    "RUNNING",
    "JobBoard",
    "JobNotFound",
    "JobQueue",
    "JobView",
    "QueueSchemaTooNew",
    "options_json",
]
