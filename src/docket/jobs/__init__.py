"""Jobs: long work (the ingest of uploads, the capture of links, reports, proposals, linkage)
run apart from the request that asks for it — on ``docket worker`` processes through a
PostgreSQL queue, or in-process on the embedded archive — with its progress, result or failure
kept for the person who asked."""

from docket.jobs.board import JOB_KINDS, JobBoard, JobNotFound, ReportFile
from docket.jobs.ledger import DONE, FAILED, QUEUED, RUNNING, STATES, JobView
from docket.jobs.linking import LINK
from docket.jobs.postgres import QueueSchemaTooNew
from docket.jobs.proposing import MAX_ITEMS, PROPOSE
from docket.jobs.queue import MAX_ATTEMPTS, JobQueue
from docket.jobs.reporting import REPORT, REPORT_SUBJECTS, audience_viewer
from docket.jobs.run import Desk
from docket.jobs.work import CAPTURE, INGEST, options_json

__all__ = [
    "CAPTURE",
    "DONE",
    "FAILED",
    "INGEST",
    "JOB_KINDS",
    "LINK",
    "MAX_ATTEMPTS",
    "MAX_ITEMS",
    "PROPOSE",
    "QUEUED",
    "REPORT",
    "REPORT_SUBJECTS",
    "RUNNING",
    "STATES",
    "Desk",
    "JobBoard",
    "JobNotFound",
    "JobQueue",
    "JobView",
    "QueueSchemaTooNew",
    "ReportFile",
    "audience_viewer",
    "options_json",
]
