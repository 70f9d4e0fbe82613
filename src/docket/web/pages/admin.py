"""User administration for admins: who may sign in, with which role and second factor, their
sessions and API tokens. Every change is a custody entry written by ``Accounts``; everyone else
gets 403 here.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from docket.face import SCOPES, AccountError, Accounts, PermissionDenied, User
from docket.model.access import Role
from docket.web.auth import Signed, csrf_protected, session_cookie, signed_in, workspace
from docket.web.ids import MAX_ID, Id
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

PER_PAGE: Final = 50
ADMINS_ONLY: Final = "Only admins manage users."
# What the page says after a change, by the code in the address (never free text from a link).
OUTCOMES: Final = frozenset(
    {
        "added",
        "disabled",
        "enabled",
        "reset",
        "ended",
        "enforced",
        "relaxed",
        "revoked",
    }
)


def require_admin(signed: Signed) -> None:
    if signed.user.role is not Role.ADMIN:
        raise PermissionDenied(ADMINS_ONLY)


def _page_of(rows: list[Any], page: int) -> tuple[list[Any], int, int]:
    pages = max(1, -(-len(rows) // PER_PAGE))
    page = min(max(page, 1), pages)
    start = (page - 1) * PER_PAGE
    return rows[start : start + PER_PAGE], page, pages


def _admin_page(
    request: Request,
    signed: Signed,
    *,
    page: int = 1,
    token_page: int = 1,
    done: str | None = None,
    error: str | None = None,
    new_token: str | None = None,
    status_code: int = 200,
) -> Response:
    accounts = workspace(request).accounts
    users = accounts.users()
    names = {user.id: user.name for user in users}
    shown_users, page, pages = _page_of(users, page)
    # Newest first: the token just made or revoked is at the top.
    tokens = list(reversed(accounts.tokens()))
    shown_tokens, token_page, token_pages = _page_of(tokens, token_page)
    return render(
        request,
        "admin_users.html",
        {
            "users": shown_users,
            "all_users": users,
            "page": page,
            "pages": pages,
            "tokens": shown_tokens,
            "token_page": token_page,
            "token_pages": token_pages,
            "names": names,
            "enforced": accounts.two_factor_enforced(),
            "roles": [role.value for role in Role],
            "scopes": SCOPES,
            "done": done if done in OUTCOMES else None,
            "error": error,
            "new_token": new_token,
            "me": signed.user.id,
        },
        status_code=status_code,
    )


def _done(outcome: str) -> Response:
    return RedirectResponse(f"/admin/users?done={outcome}", status_code=303)


def _user(accounts: Accounts, user_id: int) -> User:
    user = accounts.get(user_id)
    if user is None:
        raise AccountError(f"no user with id {user_id}")
    return user


@router.get("/admin/users")
def users_page(
    request: Request,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    token_page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    done: Annotated[str | None, Query(max_length=20)] = None,
    signed: Signed = Depends(signed_in),
) -> Response:
    require_admin(signed)
    return _admin_page(request, signed, page=page, token_page=token_page, done=done)


@router.post("/admin/users")
def add_user(
    request: Request,
    name: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form(max_length=16)],
    password: Annotated[str, Form(max_length=1024)],
    display_name: Annotated[str, Form(max_length=200)] = "",
    require_2fa: Annotated[str, Form(max_length=8)] = "",
    signed: Signed = Depends(csrf_protected),
) -> Response:
    require_admin(signed)
    try:
        workspace(request).accounts.add(
            name,
            role,
            password,
            actor=signed.user.name,
            display_name=display_name.strip() or None,
            require_2fa=bool(require_2fa),
        )
    except AccountError as error:
        return _admin_page(request, signed, error=str(error), status_code=400)
    return _done("added")


def _change(request: Request, signed: Signed, user_id: int, action: str) -> Response:
    require_admin(signed)
    accounts = workspace(request).accounts
    try:
        user = _user(accounts, user_id)
        if action == "disabled":
            if user.id == signed.user.id:
                raise AccountError("you cannot disable your own account; ask another admin")
            accounts.disable(user.name, actor=signed.user.name)
        elif action == "enabled":
            accounts.enable(user.name, actor=signed.user.name)
        elif action == "reset":
            accounts.reset_2fa(user.name, actor=signed.user.name)
        else:
            accounts.end_sessions(user.id, actor=signed.user.name)
    except AccountError as error:
        return _admin_page(request, signed, error=str(error), status_code=400)
    if user.id == signed.user.id and action in ("reset", "ended"):
        return _signed_out(request)
    return _done(action)


@router.post("/admin/users/{user_id}/disable")
def disable_user(
    request: Request,
    user_id: Id,
    signed: Signed = Depends(csrf_protected),
) -> Response:
    return _change(request, signed, user_id, "disabled")


@router.post("/admin/users/{user_id}/enable")
def enable_user(
    request: Request,
    user_id: Id,
    signed: Signed = Depends(csrf_protected),
) -> Response:
    return _change(request, signed, user_id, "enabled")


@router.post("/admin/users/{user_id}/reset-2fa")
def reset_two_factor(
    request: Request,
    user_id: Id,
    signed: Signed = Depends(csrf_protected),
) -> Response:
    return _change(request, signed, user_id, "reset")


@router.post("/admin/users/{user_id}/end-sessions")
def end_user_sessions(
    request: Request,
    user_id: Id,
    signed: Signed = Depends(csrf_protected),
) -> Response:
    return _change(request, signed, user_id, "ended")


def _signed_out(request: Request) -> Response:
    """The admin's own session ended too: off to the sign-in page."""
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(session_cookie(request), path="/")
    return response


@router.post("/admin/sessions/end-all")
def end_all_sessions(request: Request, signed: Signed = Depends(csrf_protected)) -> Response:
    require_admin(signed)
    workspace(request).accounts.end_sessions(None, actor=signed.user.name)
    return _signed_out(request)


@router.post("/admin/2fa")
def require_two_factor(
    request: Request,
    enforce: Annotated[str, Form(max_length=8)],
    signed: Signed = Depends(csrf_protected),
) -> Response:
    require_admin(signed)
    wanted = enforce == "on"
    try:
        workspace(request).accounts.enforce_2fa(wanted, actor=signed.user.name)
    except AccountError as error:
        return _admin_page(request, signed, error=str(error), status_code=400)
    return _done("enforced" if wanted else "relaxed")


@router.post("/admin/tokens")
def create_token(
    request: Request,
    user_id: Annotated[int, Form(ge=1, le=MAX_ID)],
    label: Annotated[str, Form(max_length=100)],
    scopes: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies the default
    signed: Signed = Depends(csrf_protected),
) -> Response:
    require_admin(signed)
    accounts = workspace(request).accounts
    try:
        secret, _ = accounts.create_token(user_id, label, scopes, actor=signed.user.name)
    except AccountError as error:
        return _admin_page(request, signed, error=str(error), status_code=400)
    # Shown in this answer only: a redirect would have to carry the secret in the address.
    return _admin_page(request, signed, new_token=secret)


@router.post("/admin/tokens/{token_id}/revoke")
def revoke_token(
    request: Request,
    token_id: Id,
    signed: Signed = Depends(csrf_protected),
) -> Response:
    require_admin(signed)
    try:
        workspace(request).accounts.revoke_token(token_id, actor=signed.user.name)
    except AccountError as error:
        return _admin_page(request, signed, error=str(error), status_code=400)
    return _done("revoked")
