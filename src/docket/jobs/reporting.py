"""A report made and written out as a job: made through a door for the audience its owner
chose, written as one HTML or PDF file in the job's folder, its SHA-256 bound in custody; the
owner downloads it from the job's page.

Run again after a killed attempt, it leaves one of everything. The report is made under the
export id chosen when the job was queued, and an attempt that finds custody already holding
that making seals the report again without a second entry (``one_export``). The file is
written whole or not at all (written aside, then renamed) before it is bound, and the binding
is kept in the job's result first: an attempt that finds the file it names reads it back
instead of rendering another, and binds it only when custody holds no binding for the export.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any, Final

from docket.errors import DocketError, PermissionDenied
from docket.jobs.run import Desk, Run
from docket.model.access import Role, Viewer
from docket.reports import Report
from docket.reports.binding import (
    FILE_NAMES,
    bind_named,
    binding_of,
    is_bound,
    report_bytes,
    write_whole,
)
from docket.reports.seal import one_export

REPORT: Final = "report"
REPORT_KINDS: Final = ("case", "incident", "period", "statement")
# The types of record a case or incident report is about.
REPORT_SUBJECTS: Final = {"case": ("person", "group", "case"), "incident": ("event",)}
FORMATS: Final = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
# Lowest first: a report is made for its owner's role or a lower one.
AUDIENCES: Final = (Role.VIEWER, Role.ANALYST, Role.EDITOR, Role.ADMIN)


def audience_viewer(owner: Viewer, audience: str) -> Viewer:
    """Who the report is made as: the owner's name with the audience's role, never higher
    than the owner's own (as the owner is now, for a job run later)."""
    try:
        role = Role(audience)
    except ValueError:
        raise DocketError(f"unknown audience {audience[:20]!r}") from None
    if AUDIENCES.index(role) > AUDIENCES.index(owner.role):
        raise PermissionDenied("a report can be made for your role or a lower one only")
    return owner if role is owner.role else Viewer(owner.name, role)


def make_report(run: Run) -> None:
    """Make, write and bind the report the payload describes (see ``JobBoard.report``)."""
    payload = run.payload
    folder = Path(payload["folder"])
    if not folder.is_dir():
        raise DocketError(
            "the report's folder is gone (the server that queued it stopped, or the job "
            "folder is not shared with this worker): ask for the report again"
        )
    desk = run.desk(audience_viewer(run.viewer, str(payload["audience"])))
    kind = str(payload["format"])
    name = FILE_NAMES[kind]
    path = folder / name
    written: dict[str, Any] | None = run.result.get("binding")
    if written is None or _sha256_of(path) != written["files"][name]:
        with one_export(str(payload["export_id"]), int(payload["since"])):
            report = _made(desk, payload)
        data = report_bytes(report, kind)
        write_whole(path, data)
        written = binding_of(report, {name: data})
        run.result.update(binding=written, title=report.title)
        run.report(0, now=True)
    if not is_bound(desk.records, str(payload["export_id"])):
        bind_named(desk.records, written)
    run.result["outcomes"] = [
        {
            "name": name,
            "status": "new",
            "title": run.result["title"],
            "media_type": FORMATS[kind],
            "sha256": written["files"][name],
            "size": path.stat().st_size,
        }
    ]


def _made(desk: Desk, payload: Any) -> Report:
    kind = payload["kind"]
    language = str(payload["language"])
    if kind == "statement":
        return desk.statement_report(str(payload["draft"]), language=language)
    if kind == "period":
        start, end = date.fromisoformat(payload["start"]), date.fromisoformat(payload["end"])
        return desk.period_report(
            start, end, language=language, estimates=bool(payload.get("estimates"))
        )
    if kind == "case":
        return desk.case_report(int(payload["subject_id"]), language=language)
    if kind == "incident":
        return desk.incident_report(int(payload["subject_id"]), language=language)
    raise DocketError(f"unknown kind of report {str(kind)[:20]!r}")


def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None
