"""The numbers in addresses: every id a page or API path names (items, records, proposals,
users, tokens) is a 32-bit database column, so one type bounds them all.

A number outside 1..MAX_ID cannot name anything. The app answers it as it answers any missing
thing, 404, not as a malformed request: ``/items/99999999999999999999`` is simply not there.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import Path

MAX_ID: Final = 2**31 - 1

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description="The item's number.")]
RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="The record's id.")]
ProposalId = Annotated[int, Path(ge=1, le=MAX_ID, description="The proposal's number.")]
JobId = Annotated[int, Path(ge=1, le=MAX_ID, description="The job's number.")]
