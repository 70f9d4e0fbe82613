"""Signing in and out, the second factor, and a user's own settings."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from docket.face import PAUSED, REPLACEMENT_REFUSED, AccountError, LoginRefused
from docket.web.auth import (
    LANGUAGE_COOKIE,
    Signed,
    client_address,
    csrf_protected,
    current_session,
    is_secure,
    request_language,
    session_cookie,
    signed_in,
    workspace,
)
from docket.web.i18n import LANGUAGES, N_
from docket.web.security import new_token, same_secret
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

# Before there is a session, the sign-in form is protected by a double-submit token: a random
# value in a strict same-site cookie that the form must repeat.
LOGIN_COOKIE: Final = "docket_login"
TOO_MANY: Final = N_("Too many sign-in attempts from here. Wait a minute and try again.")
WRONG: Final = N_("Wrong name or password.")
PAUSED_HERE: Final = N_(
    "Sign-in to this account is paused after too many failed attempts. "
    "Try again later or ask an admin."
)
EXPIRED: Final = N_("The form had expired. Please try again.")
BAD_CODE: Final = N_("That code is not valid. Try the next one.")
PASSWORD_CHANGED: Final = N_("Your password is changed; you are signed out everywhere else.")
REPLACEMENT_WRONG: Final = N_(
    "The password or the code of your current authenticator is wrong. Nothing was changed."
)


def _safe_next(target: str | None) -> str:
    """Only paths on this site: an address elsewhere would make the form an open redirect."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def _set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        secure=is_secure(request),
        samesite="strict",
        path="/",
    )


def _login_form(
    request: Request, *, next_path: str, error: str | None = None, status: int = 200
) -> Response:
    request.state.language = request_language(request)
    token = new_token()
    response = render(
        request,
        "login.html",
        {"next": next_path, "login_token": token, "error": error},
        status_code=status,
    )
    _set_cookie(request, response, LOGIN_COOKIE, token)
    return response


def _attempt_allowed(request: Request, account: str) -> bool:
    """Within the limits: attempts for this account from this address, and failures from this
    address for any account. A colleague's typos behind the same proxy pause only their own
    account there, until the whole address passes a generous ceiling."""
    space = workspace(request)
    client = client_address(request)
    if space.address_limiter.full(client):
        return False
    return space.login_limiter.allow(f"{client}|{account}")


def _failed(request: Request) -> None:
    workspace(request).address_limiter.add(client_address(request))


@router.get("/login")
def login_page(request: Request, next: str | None = None, lang: str | None = None) -> Response:
    if lang in LANGUAGES:
        # The choice must hold for this very page, before the cookie comes back.
        request.cookies[LANGUAGE_COOKIE] = lang
    response = _login_form(request, next_path=_safe_next(next))
    if lang in LANGUAGES:
        _set_cookie(request, response, LANGUAGE_COOKIE, lang)
    return response


@router.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    login_token: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    next_path = _safe_next(next)
    space = workspace(request)
    if not same_secret(login_token, request.cookies.get(LOGIN_COOKIE)):
        return _login_form(
            request,
            next_path=next_path,
            error=EXPIRED,
            status=403,
        )
    if not _attempt_allowed(request, f"name:{name.strip().casefold()}"):
        return _login_form(request, next_path=next_path, error=TOO_MANY, status=429)
    try:
        user = space.accounts.check_password(name, password)
    except LoginRefused as refused:
        _failed(request)
        message = PAUSED_HERE if str(refused) == PAUSED else WRONG
        return _login_form(request, next_path=next_path, error=message, status=401)
    token, _ = space.accounts.start_session(user.id, second_factor_done=not user.totp_enabled)
    target = "/login/2fa" if user.totp_enabled else next_path
    if user.totp_enabled and next_path != "/":
        target += f"?next={next_path}"
    response = RedirectResponse(target, status_code=303)
    _set_cookie(request, response, session_cookie(request), token)
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.get("/login/2fa")
def second_factor_page(request: Request, next: str | None = None) -> Response:
    found = current_session(request)
    if found is None:
        return RedirectResponse("/login", status_code=303)
    user, session = found
    request.state.language = request_language(request, user)
    request.state.csrf_token = session.csrf_token
    return render(request, "second_factor.html", {"next": _safe_next(next)})


@router.post("/login/2fa")
def second_factor(
    request: Request,
    code: Annotated[str, Form(max_length=64)],
    csrf_token: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    space = workspace(request)
    found = current_session(request)
    if found is None:
        return RedirectResponse("/login", status_code=303)
    user, session = found
    request.state.language = request_language(request, user)
    request.state.csrf_token = session.csrf_token
    if not same_secret(csrf_token, session.csrf_token):
        return render(
            request,
            "second_factor.html",
            {"next": _safe_next(next), "error": EXPIRED},
            status_code=403,
        )
    if not _attempt_allowed(request, f"user:{user.id}"):
        return render(
            request,
            "second_factor.html",
            {"next": _safe_next(next), "error": TOO_MANY},
            status_code=429,
        )
    try:
        accepted = space.accounts.check_second_factor(user.id, code.strip())
    except LoginRefused:
        _failed(request)
        return render(
            request,
            "second_factor.html",
            {"next": _safe_next(next), "error": PAUSED_HERE},
            status_code=429,
        )
    if not accepted:
        _failed(request)
        return render(
            request,
            "second_factor.html",
            {"next": _safe_next(next), "error": BAD_CODE},
            status_code=401,
        )
    old_token = request.cookies.get(session_cookie(request), "")
    space.accounts.complete_second_factor(old_token)
    # A new token once fully signed in: one seen before sign-in is worth nothing after.
    token, _ = space.accounts.rotate_session(old_token)
    response = RedirectResponse(_safe_next(next), status_code=303)
    _set_cookie(request, response, session_cookie(request), token)
    return response


@router.post("/logout")
def logout(request: Request, signed: Signed = Depends(csrf_protected)) -> Response:
    token = request.cookies.get(session_cookie(request))
    if token:
        workspace(request).accounts.end_session(token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(session_cookie(request), path="/")
    return response


@router.get("/account")
def account_page(request: Request, signed: Signed = Depends(signed_in)) -> Response:
    return _account_page(request, signed)


def _account_page(
    request: Request,
    signed: Signed,
    *,
    error: str | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Response:
    accounts = workspace(request).accounts
    left = accounts.recovery_codes_left(signed.user.id) if signed.user.totp_enabled else 0
    return render(
        request,
        "account.html",
        {"recovery_left": left, "error": error, "notice": notice},
        status_code=status,
    )


@router.post("/account/password")
def change_password(
    request: Request,
    current: Annotated[str, Form(max_length=1024)],
    new: Annotated[str, Form(max_length=1024)],
    repeat: Annotated[str, Form(max_length=1024)],
    signed: Signed = Depends(csrf_protected),
) -> Response:
    """A new password for oneself: the current one, the new one twice; other sessions end."""
    accounts = workspace(request).accounts
    assert signed.session is not None
    try:
        if new != repeat:
            raise AccountError(N_("The two new passwords differ."))
        accounts.change_own_password(signed.user.id, current, new, keep_session=signed.session.id)
    except LoginRefused:
        return _account_page(request, signed, error=PAUSED_HERE, status=429)
    except AccountError as error:
        return _account_page(request, signed, error=str(error), status=400)
    return _account_page(request, signed, notice=PASSWORD_CHANGED)


@router.get("/account/2fa")
def enrol_page(request: Request, signed: Signed = Depends(signed_in)) -> Response:
    enrolment = workspace(request).accounts.begin_totp(signed.user.id)
    return render(request, "enrol.html", {"enrolment": enrolment})


@router.post("/account/2fa")
def enrol(
    request: Request,
    secret: Annotated[str, Form(max_length=128)],
    code: Annotated[str, Form(max_length=16)],
    password: Annotated[str, Form(max_length=1024)] = "",
    current_code: Annotated[str, Form(max_length=64)] = "",
    signed: Signed = Depends(csrf_protected),
) -> Response:
    """Turn on two-factor sign-in, or replace the authenticator: replacing needs the password
    and a code of the current one (or a recovery code), and ends every other session."""
    accounts = workspace(request).accounts
    try:
        if signed.user.totp_enabled:
            assert signed.session is not None
            codes = accounts.replace_totp(
                signed.user.id,
                password=password,
                current_code=current_code.strip(),
                secret=secret,
                code=code.strip(),
                keep_session=signed.session.id,
            )
        else:
            codes = accounts.confirm_totp(signed.user.id, secret, code.strip())
    except LoginRefused:
        return _enrol_again(request, signed, PAUSED_HERE, 429)
    except AccountError as error:
        refused = str(error) == REPLACEMENT_REFUSED
        return _enrol_again(request, signed, REPLACEMENT_WRONG if refused else BAD_CODE, 400)
    return render(request, "recovery_codes.html", {"codes": codes})


def _enrol_again(request: Request, signed: Signed, error: str, status: int) -> Response:
    enrolment = workspace(request).accounts.begin_totp(signed.user.id)
    return render(
        request, "enrol.html", {"enrolment": enrolment, "error": error}, status_code=status
    )


@router.post("/account/language")
def choose_language(
    request: Request,
    language: Annotated[str, Form(max_length=8)],
    next: Annotated[str, Form(max_length=2048)] = "/",
    signed: Signed = Depends(csrf_protected),
) -> Response:
    chosen = language if language in LANGUAGES else None
    workspace(request).accounts.set_language(signed.user.id, chosen)
    # Pages send no Referer, so the form says where it was.
    response = RedirectResponse(_safe_next(next), status_code=303)
    if chosen:
        _set_cookie(request, response, LANGUAGE_COOKIE, chosen)
    return response
