"""Who the API thinks the caller is: the cheapest authenticated endpoint, and a token check."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from docket.web.auth import Signed, scoped

router = APIRouter(prefix="/api", tags=["account"])


class Caller(BaseModel):
    name: str
    display_name: str
    role: str
    levels: list[str]
    scopes: list[str] | None


@router.get(
    "/me",
    response_model=Caller,
    responses={401: {"description": "Not signed in and no valid token."}},
)
async def me(caller: Signed = scoped("read")) -> Caller:
    """The signed-in user or token owner, the confidentiality levels they see, token scopes."""
    # Async: nothing here waits, so it is answered on the event loop instead of a second trip
    # through the thread pool (the caller was looked up on one already).
    return Caller(
        name=caller.user.name,
        display_name=caller.user.display_name,
        role=str(caller.user.role),
        levels=list(caller.viewer.visible_levels()),
        scopes=sorted(caller.token.scopes) if caller.token else None,
    )
