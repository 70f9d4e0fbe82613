"""A report's files bound to the chain of custody. Whenever a report leaves the archive as
files — written with ``docket report``, downloaded from the web app, packaged — a custody entry
names the SHA-256 of each file and the chain head the report was made at, and the chain is
signed at that very entry. A package carries the entry and that signed statement: its files are
then held by the archive's signature, not only by the bag's manifests, which anyone who changes
a file can write again."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select

from docket.db.engine import reading
from docket.db.schema import custody
from docket.evidence.custody import Entry
from docket.records import RecordStore
from docket.records.audit import RecordAction
from docket.reports.document import Report
from docket.reports.render import HTML_FILE, PDF_FILE, check_output, pdf_from_html, render_html

RENDERED: Final = RecordAction.REPORT_RENDERED
# The name of a report's one file, by its format.
FILE_NAMES: Final = {"html": HTML_FILE, "pdf": PDF_FILE}


@dataclass(frozen=True)
class Binding:
    """The custody entry naming a report's files, and the archive's signed statement of the
    chain at exactly that entry."""

    entry: Entry
    statement: str


def bind(records: RecordStore, report: Report, files: Mapping[str, bytes]) -> Binding:
    """Enter the SHA-256 of each of the report's files (by name) in custody, signed."""
    return bind_named(records, binding_of(report, files))


def binding_of(report: Report, files: Mapping[str, bytes]) -> dict[str, Any]:
    """What the custody entry binding ``files`` to ``report`` says: kept by a job between
    writing the files and binding them, so that binding needs neither the report nor the
    files again."""
    return {
        "export_id": report.seal.export_id,
        "format": f"report:{report.kind}",
        "made_at_entry": report.seal.entries,
        "made_at_head": report.seal.head,
        "files": {name: sha256(data) for name, data in sorted(files.items())},
        "viewer_role": report.role,
    }


def bind_named(records: RecordStore, payload: Mapping[str, Any]) -> Binding:
    """Enter a binding (``binding_of``) in custody, the chain signed at it."""
    kernel = records.kernel
    entry, checkpoint = kernel.append_signed(
        RENDERED, f"report:{payload['export_id']}", payload, actor=records.viewer.name
    )
    return Binding(entry, checkpoint.statement(kernel.public_key))


def is_bound(records: RecordStore, export_id: str) -> bool:
    """Whether the files of the report made under ``export_id`` are in custody already."""
    with reading(records.kernel.engine) as connection:
        found = connection.execute(
            select(custody.c.seq)
            .where(custody.c.action == RENDERED, custody.c.subject == f"report:{export_id}")
            .limit(1)
        ).first()
    return found is not None


def rendered(records: RecordStore, report: Report, kind: str) -> bytes:
    """The report as ``kind`` ("html" or "pdf") bytes, its SHA-256 entered in custody and
    signed: what a download hands over."""
    data = report_bytes(report, kind)
    bind(records, report, {FILE_NAMES[kind]: data})
    return data


def report_bytes(report: Report, kind: str) -> bytes:
    """The report rendered as ``kind`` ("html" or "pdf"), not yet bound."""
    html = render_html(report)
    return pdf_from_html(html) if kind == "pdf" else html.encode("utf-8")


def write_report(records: RecordStore, report: Report, path: Path, *, force: bool = False) -> str:
    """Write ``report`` to ``path`` as HTML or PDF by its suffix, bound in custody; the format
    written."""
    kind = check_output(path, force=force)
    write_whole(path, rendered(records, report, kind))
    return kind


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: aside, then renamed over it."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
