"""Witnessing other archives: they hand in their signed checkpoints, and read back the newest.

Only tokens with the ``witness`` scope (or a signed-in session) get in. A statement is kept when
its signature is valid for the key it names and that key is the one the archive first came with;
the same entry number with another head is a fork of that archive's history: both are kept and
the sender is told with a 409.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from docket.face import witness_desk, witness_statements
from docket.web.auth import Signed, scoped, workspace

router = APIRouter(prefix="/api/witness", tags=["witness"])


class Problem(BaseModel):
    detail: str


ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    401: {"model": Problem, "description": "Not signed in and no valid token."},
    403: {"model": Problem, "description": "The token lacks the witness scope."},
}


class Submitted(BaseModel):
    statement: str = Field(
        max_length=witness_statements.MAX_STATEMENT,
        description="The output of `docket checkpoint`.",
    )


class Kept(BaseModel):
    archive_id: str
    seq: int
    outcome: str = Field(description="'new', or 'held' when this statement was held already.")


class Held(BaseModel):
    archive_id: str
    seq: int
    statements: list[str] = Field(
        description="The statements held for the highest entry number, the first received "
        "first; more than one means the archive's history forked there."
    )


def _desk(request: Request) -> witness_desk.WitnessDesk:
    return witness_desk.WitnessDesk(workspace(request).archive.settings.home)


@router.post(
    "/checkpoints",
    status_code=201,
    response_model=Kept,
    responses={
        **ERRORS,
        400: {"model": Problem, "description": "Not a statement, or its signature is not valid."},
        409: {
            "model": Problem,
            "description": "Another key for a known archive, or a fork of its history.",
        },
    },
)
def hand_in(body: Submitted, request: Request, caller: Signed = scoped("witness")) -> Kept:
    """Keep another archive's signed checkpoint."""
    try:
        receipt = _desk(request).receive(body.statement)
    except witness_statements.KeyChanged as error:
        raise HTTPException(409, str(error)) from None
    if receipt.outcome == "fork":
        raise HTTPException(
            409,
            f"kept, but a different head for entry {receipt.seq} of archive "
            f"{receipt.archive_id} was handed in before: its history forked",
        )
    return Kept(archive_id=receipt.archive_id, seq=receipt.seq, outcome=receipt.outcome)


@router.get(
    "/checkpoints/{archive_id}/latest",
    response_model=Held,
    responses={
        **ERRORS,
        404: {"model": Problem, "description": "No checkpoint of that archive is held."},
    },
)
def latest(archive_id: str, request: Request, caller: Signed = scoped("witness")) -> Held:
    """The newest checkpoint held of an archive."""
    statements = _desk(request).newest(archive_id)
    if not statements:
        raise HTTPException(404, f"no checkpoint of archive {archive_id} is held here")
    return Held(
        archive_id=archive_id,
        seq=statements[0].seq,
        statements=[witness_statements.render(statement) for statement in statements],
    )
