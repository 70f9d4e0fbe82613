"""API tokens over the API: a user lists, makes and revokes their own; admins anyone's.

A token never makes a token with more rights than its own: a script holding a read-only token
cannot mint itself a writing one. Someone else's token is "not found", not "forbidden", so the
answer does not tell which token ids exist.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from docket.face import SCOPES, AccountError, ApiToken
from docket.model.access import Role
from docket.web.auth import Signed, scoped, workspace
from docket.web.ids import MAX_ID, Id

router = APIRouter(prefix="/api", tags=["tokens"])


class Problem(BaseModel):
    detail: str


class TokenOut(BaseModel):
    id: int
    user_id: int
    name: str
    scopes: list[str]
    created_at: str
    last_used_at: str | None
    revoked: bool


class NewToken(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="What the token is for.")
    scopes: list[str] = Field(min_length=1, max_length=len(SCOPES), description=", ".join(SCOPES))
    user_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="Admins only: whose token."
    )


class CreatedToken(BaseModel):
    token: str = Field(description="The secret: shown this once, never again.")
    info: TokenOut


def token_out(token: ApiToken) -> TokenOut:
    return TokenOut.model_validate(token.to_json())


def _is_admin(caller: Signed) -> bool:
    return caller.user.role is Role.ADMIN


def manageable(request: Request, caller: Signed, token_id: int) -> ApiToken:
    """A token the caller may revoke: their own, or anyone's for an admin; else not found."""
    accounts = workspace(request).accounts
    owner = None if _is_admin(caller) else caller.user.id
    found = next((t for t in accounts.tokens(owner) if t.id == token_id), None)
    if found is None:
        raise HTTPException(404, f"no API token {token_id}")
    return found


ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    401: {"model": Problem, "description": "Not signed in and no valid token."},
    403: {"model": Problem, "description": "Not allowed, or the token lacks the scope."},
}


@router.get("/tokens", response_model=list[TokenOut], responses=ERRORS)
def list_tokens(
    request: Request,
    user_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    caller: Signed = scoped("read"),
) -> list[TokenOut]:
    """The caller's tokens, revoked ones too; an admin sees everyone's or one user's."""
    accounts = workspace(request).accounts
    if user_id is not None and user_id != caller.user.id and not _is_admin(caller):
        raise HTTPException(403, "Only admins see other users' tokens.")
    wanted = user_id if user_id is not None or _is_admin(caller) else caller.user.id
    return [token_out(token) for token in accounts.tokens(wanted)]


@router.post(
    "/tokens",
    response_model=CreatedToken,
    status_code=201,
    responses={**ERRORS, 400: {"model": Problem, "description": "Bad label or scopes."}},
)
def create_token(
    request: Request, body: NewToken, caller: Signed = scoped("write")
) -> CreatedToken:
    """A new token; its secret is in this answer only. Admins may make one for another user."""
    accounts = workspace(request).accounts
    owner = body.user_id if body.user_id is not None else caller.user.id
    if owner != caller.user.id and not _is_admin(caller):
        raise HTTPException(403, "Only admins make tokens for other users.")
    wanted = {scope.strip().lower() for scope in body.scopes}
    if caller.token is not None and not wanted <= caller.token.scopes:
        raise HTTPException(403, "A token cannot make a token with scopes it lacks itself.")
    try:
        secret, token = accounts.create_token(owner, body.name, wanted, actor=caller.user.name)
    except AccountError as error:
        raise HTTPException(400, str(error)) from None
    return CreatedToken(token=secret, info=token_out(token))


@router.delete(
    "/tokens/{token_id}",
    response_model=TokenOut,
    responses={
        **ERRORS,
        404: {"model": Problem, "description": "No such token among the caller's."},
        409: {"model": Problem, "description": "The token is already revoked."},
    },
)
def revoke_token(
    request: Request,
    token_id: Id,
    caller: Signed = scoped("write"),
) -> TokenOut:
    """Revoke a token: it stops working at once; its record stays."""
    accounts = workspace(request).accounts
    token = manageable(request, caller, token_id)
    if token.revoked:
        raise HTTPException(409, f"API token {token_id} is already revoked")
    accounts.revoke_token(token.id, actor=caller.user.name)
    return token_out(manageable(request, caller, token_id))
