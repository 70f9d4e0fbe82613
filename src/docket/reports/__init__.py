"""Reports: what the records say, written out as a document whose every fact is footnoted with
the words of the evidence, and which ends with the signed head of the chain of custody."""

from __future__ import annotations

from docket.reports.binding import rendered, write_report
from docket.reports.case import case_report
from docket.reports.document import Footnote, Report, Seal, Section, Sentence, Source
from docket.reports.incident import incident_report
from docket.reports.labels import LANGUAGES, check_language
from docket.reports.package import write_package
from docket.reports.period import period_report
from docket.reports.render import render_html, render_pdf
from docket.reports.statement import MAX_DRAFT as STATEMENT_MAX_DRAFT
from docket.reports.statement import statement_report, tie_fact
from docket.reports.verify import verify_report

__all__ = [
    "LANGUAGES",
    "STATEMENT_MAX_DRAFT",
    "Footnote",
    "Report",
    "Seal",
    "Section",
    "Sentence",
    "Source",
    "case_report",
    "check_language",
    "incident_report",
    "period_report",
    "render_html",
    "render_pdf",
    "rendered",
    "statement_report",
    "tie_fact",
    "verify_report",
    "write_package",
    "write_report",
]
