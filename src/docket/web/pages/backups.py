"""Scheduled backups, for admins: where they go, how often, where a plain archive's repository
password comes from, and how old the last good backup is. Each change is a custody entry
written through the door; everyone else gets 403 here.

The plan is kept by ``docket serve``, which makes each backup when it is due, or by
``docket backup --scheduled`` run from cron.

Here too an admin locks the archive, as ``docket lock`` does: every other process that has it
open is asked to stop, and this server stops itself once it has answered.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Annotated, Any, Final

from babel.dates import format_timedelta
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.background import BackgroundTask

from docket.errors import DocketError
from docket.face import BackupStatus, InvalidPlan
from docket.safekeeping import lockdown
from docket.web.auth import Signed, csrf_protected, signed_in, workspace
from docket.web.i18n import locale_of, translations
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE: Final = "/admin/backups"
OUTCOMES: Final = frozenset({"set", "stopped"})
PASSWORD_FROM: Final = ("env", "file")


def backup_summary(status: BackupStatus, language: str) -> dict[str, Any]:
    """What the dashboard and this page say about the last backup: its age in words."""
    now = datetime.now(UTC)
    age = status.age(now)
    return {
        "status": status,
        "age": None
        if age is None
        else format_timedelta(age, threshold=1.0, locale=locale_of(language)),
    }


def _page(
    request: Request,
    signed: Signed,
    *,
    done: str | None = None,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    status = signed.door.backup_status()
    plan = status.plan
    language = getattr(request.state, "language", "en")
    if form is None:
        form = {
            "target": plan.target if plan else "",
            "every": plan.every if plan else "daily",
            "password_from": "file" if plan and plan.password_file else "env",
            "password_env": (plan.password_env or "") if plan else "",
            "password_file": (plan.password_file or "") if plan else "",
        }
    return render(
        request,
        "admin_backups.html",
        {
            **backup_summary(status, language),
            "form": form,
            "done": done if done in OUTCOMES else None,
            "error": error,
        },
        status_code=status_code,
    )


@router.get(PAGE)
def backups_page(
    request: Request,
    done: Annotated[str | None, Query(max_length=20)] = None,
    signed: Signed = Depends(signed_in),
) -> Response:
    signed.viewer.require_admin()
    return _page(request, signed, done=done)


@router.post(PAGE)
def set_plan(
    request: Request,
    target: Annotated[str, Form(max_length=4096)],
    every: Annotated[str, Form(max_length=16)],
    password_from: Annotated[str, Form(max_length=8)] = "env",  # noqa: S107 -- a choice
    password_env: Annotated[str, Form(max_length=128)] = "",
    password_file: Annotated[str, Form(max_length=4096)] = "",
    signed: Signed = Depends(csrf_protected),
) -> Response:
    signed.viewer.require_admin()
    source = password_from if password_from in PASSWORD_FROM else "env"
    try:
        signed.door.set_backup_plan(
            target,
            every,
            password_env=password_env if source == "env" else None,
            password_file=password_file if source == "file" else None,
        )
    except InvalidPlan as error:
        form = {
            "target": target,
            "every": every,
            "password_from": source,
            "password_env": password_env,
            "password_file": password_file,
        }
        return _page(request, signed, error=str(error), form=form, status_code=400)
    return RedirectResponse(f"{PAGE}?done=set", status_code=303)


@router.post(f"{PAGE}/stop")
def stop_plan(request: Request, signed: Signed = Depends(csrf_protected)) -> Response:
    signed.viewer.require_admin()
    try:
        signed.door.stop_backup_plan()
    except InvalidPlan as error:
        return _page(request, signed, error=str(error), status_code=400)
    return RedirectResponse(f"{PAGE}?done=stopped", status_code=303)


@router.post(f"{PAGE}/lock")
def lock_archive(
    request: Request,
    confirm: Annotated[str, Form(max_length=8)] = "",
    signed: Signed = Depends(csrf_protected),
) -> Response:
    signed.viewer.require_admin()
    gettext = translations(getattr(request.state, "language", "en")).gettext
    if confirm != "yes":
        return _page(
            request,
            signed,
            error=gettext("Tick the box to confirm: locking stops the server for everyone."),
            status_code=400,
        )
    space = workspace(request)
    try:
        asked = lockdown.ask_to_stop(space.archive.settings.home, spare=os.getpid())
    except DocketError as error:
        return _page(request, signed, error=str(error), status_code=400)
    answer = render(
        request,
        "locked.html",
        {"encrypted": space.archive.encrypted, "others": len(asked)},
    )
    # After the answer is sent: the page must reach the admin before the server is gone.
    answer.background = BackgroundTask(space.stop_server)
    return answer
