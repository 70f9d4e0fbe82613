"""The Reports area: choose a kind of report, its subject (by name), period, language and the
audience it is for (no higher than the signed-in user's role); preview it in the page, or have
it made as an HTML or PDF file to download — a job, whose page answers at once and offers the
file once it is made (the file of a period or a large case takes a while). A statement is
written in the page: the user's paragraphs with ``[[#ID]]`` where a record's fact goes (the
format ``docket report statement`` reads), a fact added by picking its record by name. The
report is made through a door for that audience, so it holds only what the audience may see.
Like every page of the workspace it never reveals protected fields: that is asked for at the
command line (``docket report … --reveal``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from docket.door import Door
from docket.errors import DocketError
from docket.face import (
    REPORT_LANGUAGES,
    REPORT_SUBJECTS,
    STATEMENT_MAX_DRAFT,
    Report,
    render_html,
    tie_fact,
)
from docket.model.access import Role, Viewer
from docket.web.auth import Signed, csrf_protected, signed_in, workspace
from docket.web.i18n import translations
from docket.web.pages.picks import record_chips
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

KINDS: Final = ("case", "incident", "period", "statement")
# Lowest first: an audience is any role up to the user's own.
AUDIENCES: Final = (Role.VIEWER, Role.ANALYST, Role.EDITOR, Role.ADMIN)
DOWNLOADS: Final = ("html", "pdf")


@dataclass
class Choice:
    kind: str = "case"
    subject: str = ""  # as typed in the picker's box
    subject_id: int | None = None  # as chosen from the picker's list
    start: str = ""
    end: str = ""
    language: str = "en"
    audience: str = "viewer"
    draft: str = ""  # a statement's text
    fact: str = ""  # a record to tie into the statement, as typed in the picker's box
    estimates: bool = False  # a period report with multiple systems estimates


def _audiences(signed: Signed) -> list[str]:
    own = signed.viewer.role
    return [role.value for role in AUDIENCES[: AUDIENCES.index(own) + 1]]


def _page(
    request: Request,
    signed: Signed,
    choice: Choice,
    *,
    error: str | None = None,
    preview: str | None = None,
    status_code: int = 200,
) -> Response:
    language = getattr(request.state, "language", "en")
    chosen = [choice.subject_id] if choice.subject_id is not None else []
    return render(
        request,
        "reports.html",
        {
            "choice": choice,
            "subject_targets": [
                (name, signed.door.records.types.get(name).label(language))
                for name in ("person", "group", "case", "event")
            ],
            "subject_current": record_chips(signed.door, chosen, language),
            "fact_targets": [
                (record_type.name, record_type.label(language))
                for record_type in signed.door.records.types
            ],
            "max_draft": STATEMENT_MAX_DRAFT,
            "kinds": KINDS,
            "languages": REPORT_LANGUAGES,
            "audiences": _audiences(signed),
            "error": error,
            "preview": preview,
        },
        status_code=status_code,
    )


@router.get("/reports")
def reports_page(request: Request, signed: Signed = Depends(signed_in)) -> Response:
    language = getattr(request.state, "language", "en")
    own = signed.viewer.role.value
    # A report for someone outside starts at the lowest audience.
    choice = Choice(language=language if language in REPORT_LANGUAGES else "en")
    choice.audience = "viewer" if "viewer" in _audiences(signed) else own
    return _page(request, signed, choice)


@router.post("/reports")
def make_report(
    request: Request,
    kind: Annotated[str, Form(max_length=20)] = "case",
    subject_id: Annotated[str, Form(alias="subject", max_length=12)] = "",
    subject: Annotated[str, Form(alias="pick.subject", max_length=300)] = "",
    start: Annotated[str, Form(max_length=20)] = "",
    end: Annotated[str, Form(max_length=20)] = "",
    language: Annotated[str, Form(max_length=10)] = "en",
    audience: Annotated[str, Form(max_length=20)] = "viewer",
    draft: Annotated[str, Form(max_length=STATEMENT_MAX_DRAFT)] = "",
    fact_id: Annotated[str, Form(alias="fact", max_length=12)] = "",
    fact: Annotated[str, Form(alias="pick.fact", max_length=300)] = "",
    action: Annotated[str, Form(max_length=10)] = "preview",
    estimates: Annotated[str, Form(max_length=5)] = "",
    signed: Signed = Depends(csrf_protected),
) -> Response:
    chosen = int(subject_id) if subject_id.isdigit() else None
    choice = Choice(kind, subject.strip(), chosen, start.strip(), end.strip(), language, audience)
    choice.draft, choice.fact = draft, fact.strip()
    choice.estimates = estimates == "on"
    gettext = translations(getattr(request.state, "language", "en")).gettext
    try:
        if action == "tie":
            # Nothing is made: the record is found as the audience would find it, and its
            # tie written into the draft where the user goes on writing.
            choice.kind = "statement"
            named = f"#{fact_id}" if fact_id.isdigit() else choice.fact
            if not named:
                raise DocketError(gettext("Name the record whose fact to add, or give its #id."))
            door = _audience_door(request, signed, choice, gettext)
            record_id = door.resolve(named, (), "fact")
            choice.draft, choice.fact = tie_fact(choice.draft, record_id), ""
            return _page(request, signed, choice)
        door = _audience_door(request, signed, choice, gettext)
        if action in DOWNLOADS:
            job_id = _queue(signed.door, choice, action, gettext)
            return RedirectResponse(f"/jobs/{job_id}", status_code=303)
        report = _report(door, choice, gettext)
    except DocketError as error:
        return _page(request, signed, choice, error=str(error), status_code=400)
    return _page(request, signed, choice, preview=render_html(report, fragment=True))


def _queue(own: Door, choice: Choice, file_format: str, gettext: Any) -> int:
    """Queue the report's file as a job of the user; the door checks everything the request
    can check as the audience would find it, nothing made yet. The job's number."""
    if choice.kind not in KINDS:
        raise DocketError(gettext("Choose a kind of report: case, incident, period or statement."))
    period = None
    if choice.kind == "period":
        period = (
            _day(choice.start, gettext("From"), gettext),
            _day(choice.end, gettext("To"), gettext),
        )
    return own.queue_report(
        choice.kind,
        audience=choice.audience,
        language=choice.language,
        file_format=file_format,
        subject=_named(choice, gettext) if choice.kind in REPORT_SUBJECTS else "",
        period=period,
        estimates=choice.estimates,
        draft=choice.draft,
    )


def _report(door: Door, choice: Choice, gettext: Any) -> Report:
    if choice.kind not in KINDS:
        raise DocketError(gettext("Choose a kind of report: case, incident, period or statement."))
    if choice.kind == "statement":
        return door.statement_report(choice.draft, language=choice.language)
    if choice.kind == "period":
        first = _day(choice.start, gettext("From"), gettext)
        last = _day(choice.end, gettext("To"), gettext)
        return door.period_report(first, last, language=choice.language, estimates=choice.estimates)
    record_id = _subject(door, choice, gettext)
    if choice.kind == "case":
        return door.case_report(record_id, language=choice.language)
    return door.incident_report(record_id, language=choice.language)


def _named(choice: Choice, gettext: Any) -> str:
    """The subject as chosen from the picker's list (``#id``) or as typed in its box."""
    named = f"#{choice.subject_id}" if choice.subject_id is not None else choice.subject
    if not named:
        raise DocketError(gettext("Name the subject of the report, or give its #id."))
    return named


def _subject(door: Door, choice: Choice, gettext: Any) -> int:
    # The subject is found as the audience would find it: a hidden record is not there.
    return door.resolve(_named(choice, gettext), REPORT_SUBJECTS[choice.kind], "report.subject")


def _audience_door(request: Request, signed: Signed, choice: Choice, gettext: Any) -> Door:
    """The archive as the audience sees it, the report still made by (and logged as) the user."""
    if choice.language not in REPORT_LANGUAGES:
        raise DocketError(gettext("Choose a language: en, ru or ky."))
    if choice.audience not in _audiences(signed):
        raise DocketError(gettext("A report can be made for your role or a lower one only."))
    role = Role(choice.audience)
    own = signed.viewer
    if role is own.role:
        return signed.door
    return workspace(request).archive.as_viewer(Viewer(own.name, role))


def _day(text: str, label: str, gettext: Any) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DocketError(
            gettext("%(field)s: give a day as YYYY-MM-DD.") % {"field": label}
        ) from None
