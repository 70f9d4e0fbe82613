"""``JobBoard``: the jobs one viewer may ask for — uploads, captures, reports, proposals,
linkage — each checked as the request would be before it is queued, and the jobs they may see:
their own alone."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

from docket.db.engine import reading, writing
from docket.errors import DocketError, PermissionDenied
from docket.jobs import ledger
from docket.jobs.ledger import JobView
from docket.jobs.linking import LINK
from docket.jobs.proposing import MAX_ITEMS, PROPOSE
from docket.jobs.queue import JobQueue, payload_of
from docket.jobs.reporting import FORMATS, REPORT, REPORT_KINDS, audience_viewer
from docket.jobs.retention import note_download, removed_at
from docket.jobs.work import CAPTURE, INGEST
from docket.jobs.work import KINDS as WORK_KINDS
from docket.linkage import KINDS as LINK_KINDS
from docket.model.access import LEVELS, Role, Viewer
from docket.reports import check_language
from docket.reports.binding import FILE_NAMES
from docket.reports.period import check_period

JOB_KINDS: Final = tuple(WORK_KINDS)
# A list of jobs longer than this is more than anyone reads.
MAX_LISTED: Final = 1_000


class JobNotFound(DocketError):
    """No job with this number that the viewer may see."""


class JobBoard:
    """The jobs one viewer may ask for and see."""

    def __init__(self, queue: JobQueue, viewer: Viewer) -> None:
        self._queue = queue
        self.viewer = viewer

    def inbox(self) -> Path:
        self.viewer.require_writer()
        return self._queue.inbox()

    def ingest(
        self,
        folder: Path,
        files: list[dict[str, str]],
        provenance: dict[str, Any],
        options: dict[str, Any],
    ) -> int:
        """Queue the ingest of the files put in ``folder`` (from ``inbox``); its job number."""
        level = str(provenance.get("confidentiality") or "public")
        self._check_level(level)
        payload = {
            "folder": str(folder),
            "files": files,
            "provenance": provenance,
            "options": options,
        }
        try:
            return self._queue.enqueue(self.viewer, INGEST, payload, confidentiality=level)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def capture(self, links: list[str], provenance: dict[str, Any]) -> int:
        """Queue the capture of ``links``; its job number."""
        level = str(provenance.get("confidentiality") or "public")
        self._check_level(level)
        payload = {"links": links, "provenance": provenance}
        return self._queue.enqueue(self.viewer, CAPTURE, payload, confidentiality=level)

    def report(
        self,
        kind: str,
        *,
        audience: str,
        language: str,
        file_format: str,
        subject_id: int | None = None,
        period: tuple[date, date] | None = None,
        estimates: bool = False,
        draft: str = "",
    ) -> int:
        """Queue the making of a report for ``audience`` (the viewer's role or a lower one) as
        an HTML or PDF file; its job number. The kind, format, audience, language and period
        are checked here; the subject and a statement's ties are for the caller to find
        through the audience's door first, as the Reports page does."""
        self.check_report(kind, audience, language, file_format, period)
        if kind in ("case", "incident") and subject_id is None:
            raise DocketError("name the subject of the report")
        folder = self._queue.inbox()
        since = self._custody_head()
        payload: dict[str, Any] = {
            "folder": str(folder),
            "title": _report_title(kind, subject_id, period, file_format),
            "kind": kind,
            "subject_id": subject_id,
            "start": None if period is None else period[0].isoformat(),
            "end": None if period is None else period[1].isoformat(),
            "estimates": estimates,
            "draft": draft,
            "language": language,
            "audience": audience,
            "format": file_format,
            # Chosen now, so that however often the job runs, its report is one making.
            "export_id": str(uuid.uuid4()),
            "since": since,
        }
        try:
            return self._queue.enqueue(self.viewer, REPORT, payload, confidentiality="public")
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def check_report(
        self,
        kind: str,
        audience: str,
        language: str,
        file_format: str,
        period: tuple[date, date] | None,
    ) -> None:
        """Refuse a report that cannot be asked for as it is, whatever its subject."""
        if kind not in REPORT_KINDS:
            raise DocketError(f"unknown kind of report {kind[:20]!r}")
        if file_format not in FORMATS:
            raise DocketError(f"a report is written as html or pdf, not {file_format[:20]!r}")
        audience_viewer(self.viewer, audience)
        check_language(language)
        if period is not None:
            check_period(*period)
        if kind == "period" and period is None:
            raise DocketError("give the period of the report")

    def report_file(self, job_id: int) -> ReportFile:
        """The file a finished report job wrote, for its owner alone; asking for it counts as
        its download, from which its keeping time runs (``retention``)."""
        job = self.get(job_id)
        with reading(self._queue.kernel.engine) as connection:
            row = ledger.row(connection, job_id)
        assert row is not None
        payload = payload_of(row)
        outcomes = job.result.get("outcomes") or []
        if job.kind != REPORT or job.state != ledger.DONE or not outcomes:
            raise JobNotFound(f"job {job_id} has no report to download")
        path = Path(payload["folder"]) / FILE_NAMES[payload["format"]]
        removed = removed_at(job.result)
        if removed is not None or not path.is_file():
            when = "" if removed is None else f" since {removed[:10]}"
            raise JobNotFound(f"the report of job {job_id} is no longer kept{when}; make it again")
        with writing(self._queue.kernel.engine) as connection:
            note_download(connection, job_id)
        label = payload["subject_id"] or f"job{job_id}"
        name = f"docket-{payload['kind']}-report-{label}.{payload['format']}"
        return ReportFile(path, FORMATS[payload["format"]], name)

    def propose(self, item_ids: Sequence[int]) -> int:
        """Queue the extraction of these items, their findings kept for review; its job
        number. An item the viewer may not see is reported as missing, as a missing one."""
        self.viewer.require_writer()
        wanted = list(dict.fromkeys(int(item_id) for item_id in item_ids))
        if not wanted:
            raise DocketError("give the items to read for proposals")
        if len(wanted) > MAX_ITEMS:
            raise DocketError(f"at most {MAX_ITEMS:,} items at once, not {len(wanted):,}")
        payload = {"items": wanted, "since": self._custody_head()}
        return self._queue.enqueue(self.viewer, PROPOSE, payload, confidentiality="public")

    def link(self, kind: str) -> int:
        """Queue the linkage of every current record of ``kind``; its job number. Linkage
        reads records of every level: editors and admins only."""
        self.viewer.require_writer()
        if not self.viewer.can_see(LEVELS[-1]):
            raise PermissionDenied(
                "linkage reads every record of a type: it needs a role that may see "
                "confidential records"
            )
        if kind not in LINK_KINDS:
            raise DocketError(f"cannot link {kind[:20]!r}; link one of: {', '.join(LINK_KINDS)}")
        payload = {"type": kind, "since": self._custody_head()}
        return self._queue.enqueue(self.viewer, LINK, payload, confidentiality="public")

    def _custody_head(self) -> int:
        """Where the chain of custody ends now: what a job leaves is logged after it."""
        with reading(self._queue.kernel.engine) as connection:
            since, _ = self._queue.kernel.custody.head(connection)
        return since

    def _check_level(self, level: str) -> None:
        if not self.viewer.can_see(level):
            raise PermissionDenied("evidence cannot be kept at a level above your own")

    def get(self, job_id: int) -> JobView:
        """One job; another person's job the viewer may not see answers as a missing one."""
        with reading(self._queue.kernel.engine) as connection:
            row = ledger.row(connection, job_id)
        if row is None or not ledger.may_see(self.viewer, row):
            raise JobNotFound(f"there is no job {job_id}")
        return ledger.view(row)

    def recent(
        self, limit: int = 50, *, state: str | None = None, kind: str | None = None
    ) -> list[JobView]:
        """The viewer's newest jobs, newest first, of one ``state`` or ``kind`` if given."""
        if state is not None and state not in ledger.STATES:
            raise DocketError(f"a job is {', '.join(ledger.STATES)}, not {state[:20]!r}")
        if kind is not None and kind not in JOB_KINDS:
            raise DocketError(f"a job is one of: {', '.join(JOB_KINDS)}, not {kind[:20]!r}")
        if not 1 <= limit <= MAX_LISTED:
            raise DocketError(f"list from 1 to {MAX_LISTED:,} jobs, not {limit:,}")
        with reading(self._queue.kernel.engine) as connection:
            rows = ledger.rows_of(connection, self.viewer, limit, state=state, kind=kind)
        return [ledger.view(row) for row in rows]

    def sweep(self) -> list[int]:
        """Remove every folder of a finished job that nothing needs any more: failed jobs'
        and reports past their keeping time (an admin's business); the jobs concerned."""
        if self.viewer.role is not Role.ADMIN:
            raise PermissionDenied("only an admin cleans the jobs folder")
        return self._queue.sweeper.sweep()

    @property
    def runs_here(self) -> bool:
        """Whether the jobs queued here run in this process (the embedded archive)."""
        return self._queue.in_process

    def finish_here(self) -> None:
        """On the embedded archive, let the jobs this process queued end (a command that
        queued one and is about to exit)."""
        self._queue.wait()


@dataclass(frozen=True)
class ReportFile:
    """A report a job wrote: where it is, its media type and the name to hand it over by."""

    path: Path
    media_type: str
    name: str


def _report_title(
    kind: str, subject_id: int | None, period: tuple[date, date] | None, file_format: str
) -> str:
    """What the owner's list of jobs calls a report job."""
    if period is not None:
        return f"{kind} report {period[0].isoformat()} – {period[1].isoformat()} ({file_format})"
    if subject_id is not None:
        return f"{kind} report on #{subject_id} ({file_format})"
    return f"{kind} report ({file_format})"
