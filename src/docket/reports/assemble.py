"""What every kind of report does once its sections are written: seal the chain of custody
and gather the report with its footnotes, sources and records."""

from __future__ import annotations

from collections.abc import Mapping

from docket.evidence.custody import utc_now
from docket.records import RecordStore, RecordView
from docket.reports.document import Report, Section
from docket.reports.footnotes import Footnotes
from docket.reports.seal import seal
from docket.reports.sentences import shown


def reveal_views(records: RecordStore, views: Mapping[int, RecordView]) -> dict[int, RecordView]:
    """The same records with their protected values open, the opening logged in custody."""
    records.viewer.require_reveal()
    opened = records.views(ids=sorted(views), quotes=True, reveal=True)
    records.log_view([view.id for view in opened], revealed=["report"])
    return {view.id: view for view in opened}


def assemble(
    records: RecordStore,
    *,
    kind: str,
    title: str,
    subject_id: int | None,
    language: str,
    reveal: bool,
    views: Mapping[int, RecordView],
    sections: list[Section],
    footnotes: Footnotes,
) -> Report:
    record_ids = sorted(views)
    made = seal(
        records,
        kind=kind,
        subject_id=subject_id,
        language=language,
        record_ids=record_ids,
        confidential=[v.id for v in views.values() if v.confidentiality == "confidential"],
        revealed=reveal,
    )
    viewer = records.viewer
    return Report(
        kind=kind,
        title=title,
        subject_id=subject_id or 0,
        language=language,
        made_at=utc_now(),
        made_by=viewer.name,
        role=viewer.role.value,
        revealed=reveal,
        sections=sections,
        sources=footnotes.sources(),
        footnotes=footnotes.footnotes,
        record_ids=record_ids,
        seal=made,
        records=[shown(views[record]) for record in record_ids],
    )
