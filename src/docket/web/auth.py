"""Who is asking: the signed-in user of a page, or the script holding an API token.

Pages use a server-side session (the cookie holds only a random token) and a CSRF token bound
to that session on every change. The API takes ``Authorization: Bearer`` tokens with scopes, or
the page session with the CSRF token in a header, for the pages' own scripts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from docket.door import POSITION_READS, Door
from docket.face import ApiToken, Session, User, act_as
from docket.model.access import Viewer
from docket.web.i18n import choose_language
from docket.web.security import CSRF_FIELD, CSRF_HEADER, UNSAFE_METHODS, same_secret
from docket.web.workspace import Workspace

LANGUAGE_COOKIE: Final = "docket_lang"
# Pages a user who must set up two-factor sign-in can still reach.
ENROLMENT_PATHS: Final = frozenset({"/account/2fa", "/logout"})


class SignInRequired(Exception):
    """No valid session: the page sends the browser to the sign-in form."""


class SecondFactorRequired(Exception):
    """Password accepted, the one-time code not yet given."""


class EnrolmentRequired(Exception):
    """The user must set up two-factor sign-in before doing anything else."""


class CsrfRejected(Exception):
    """A change arrived without this session's CSRF token."""


@dataclass(frozen=True)
class Signed:
    """The person behind a request, how they proved it, and the archive as they may see it.

    ``door`` is built once per request from the user's viewer: every page and endpoint reads
    and writes through it, so nothing reaches the archive without the permission check.
    """

    user: User
    door: Door
    session: Session | None = None
    token: ApiToken | None = None
    # The archive's position (``Door.position``), read with the session: what a page kept at
    # a position is looked up by, without another transaction.
    position: tuple[int, str] | None = None

    @property
    def viewer(self) -> Viewer:
        return self.door.viewer

    def allows(self, scope: str) -> bool:
        """Sessions may do what the role allows; tokens only what their scopes name too."""
        return self.token is None or scope in self.token.scopes


def workspace(request: Request) -> Workspace:
    found: Workspace = request.app.state.workspace
    return found


def door_of(request: Request, user: User) -> Door:
    """The archive as ``user`` may see and change it."""
    return workspace(request).archive.as_viewer(user.viewer())


def is_secure(request: Request) -> bool:
    """Whether cookies must be Secure: by the settings, or because a trusted proxy says the
    browser came over HTTPS."""
    space = workspace(request)
    return space.settings.cookies_secure or space.proxies.forwarded_https(request.scope)


def client_address(request: Request) -> str:
    """The client's address, from a trusted proxy's ``X-Forwarded-For`` or the peer itself."""
    return workspace(request).proxies.client(request.scope)


def session_cookie(request: Request) -> str:
    return "__Host-docket_session" if is_secure(request) else "docket_session"


def request_language(request: Request, user: User | None = None) -> str:
    return choose_language(
        user.language if user else None,
        request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language", ""),
    )


def _session_at_position(request: Request) -> tuple[User, Session, tuple[int, str]] | None:
    """``current_session``, and the archive's position read by the same query."""
    token = request.cookies.get(session_cookie(request))
    if not token:
        return None
    return workspace(request).accounts.signed_in_at(token, POSITION_READS)


def current_session(request: Request) -> tuple[User, Session] | None:
    """The user and session the cookie names, if both are still good."""
    token = request.cookies.get(session_cookie(request))
    if not token:
        return None
    return workspace(request).accounts.signed_in(token)


async def signed_in(request: Request) -> Signed:
    """The signed-in user of a page; raises to send them to sign-in, 2FA or enrolment.

    Async so that the actor it sets is seen by the handler: every custody entry the request
    writes names the signed-in user, not the account the server runs under.
    """
    found = await run_in_threadpool(_session_at_position, request)
    if found is None:
        request.state.language = request_language(request)
        raise SignInRequired
    user, session, position = found
    request.state.language = request_language(request, user)
    if not session.second_factor_done:
        raise SecondFactorRequired
    request.state.user = user
    request.state.csrf_token = session.csrf_token
    if user.require_2fa and not user.totp_enabled and request.url.path not in ENROLMENT_PATHS:
        raise EnrolmentRequired
    act_as(user.name)
    return Signed(user, door_of(request, user), session, position=position)


async def form_data(request: Request) -> FormData:
    """The posted form, read once: the CSRF check has usually read it already."""
    return await request.form()


async def csrf_protected(request: Request, signed: Signed = Depends(signed_in)) -> Signed:
    """``signed_in``, and for a change the session's CSRF token in a header, the query or the
    form."""
    if request.method in UNSAFE_METHODS:
        assert signed.session is not None
        # The upload form carries it in its address too: that is checked before the body is read.
        given = request.headers.get(CSRF_HEADER) or request.query_params.get(CSRF_FIELD)
        if given is None:
            form = await request.form()
            field = form.get(CSRF_FIELD)
            given = field if isinstance(field, str) else None
        if not same_secret(given, signed.session.csrf_token):
            raise CsrfRejected
    return signed


async def api_caller(request: Request) -> Signed:
    """A script with a bearer token, or the pages' own scripts with the session and CSRF header.

    Async for the same reason as :func:`signed_in`: the actor must reach the handler.
    """
    caller = await run_in_threadpool(_identify_caller, request)
    act_as(caller.user.name)
    return caller


def _identify_caller(request: Request) -> Signed:
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        found = workspace(request).accounts.authenticate_token(credential.strip())
        if found is None:
            raise HTTPException(
                401,
                "The token is unknown, revoked or its user disabled.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        user, token = found
        request.state.language = request_language(request, user)
        return Signed(user, door_of(request, user), token=token)
    session_found = current_session(request)
    if session_found is None or not session_found[1].second_factor_done:
        raise HTTPException(
            401,
            "Sign in, or send an API token as 'Authorization: Bearer'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user, session = session_found
    if user.require_2fa and not user.totp_enabled:
        raise HTTPException(403, "Set up two-factor sign-in before using the API.")
    if request.method in UNSAFE_METHODS and not same_secret(
        request.headers.get(CSRF_HEADER), session.csrf_token
    ):
        raise HTTPException(403, "The X-CSRF-Token header is missing or wrong.")
    request.state.language = request_language(request, user)
    return Signed(user, door_of(request, user), session=session)


def scoped(scope: str) -> Any:
    """A dependency: the API caller, refused unless their token carries ``scope``."""

    async def check(caller: Signed = Depends(api_caller)) -> Signed:
        if not caller.allows(scope):
            raise HTTPException(403, f"This token lacks the '{scope}' scope.")
        return caller

    return Depends(check)
