"""What can go wrong with records, each reaching the user as one line."""

from __future__ import annotations

from docket.errors import DocketError, PermissionDenied

__all__ = [
    "EditConflict",
    "InvalidCitation",
    "InvalidRecord",
    "PermissionDenied",
    "RecordKeyError",
    "RecordNotFound",
]


class RecordNotFound(DocketError):
    """No record with that id, or one the viewer may not see (the two are told apart nowhere)."""


class InvalidRecord(DocketError):
    """A record, a value or an edit does not fit the record types."""


class InvalidCitation(DocketError):
    """A citation points outside its item's working copy, or at an item that does not exist."""


class EditConflict(DocketError):
    """The record changed since the version the edit was based on."""


class RecordKeyError(DocketError):
    """The key that encrypts protected fields is missing, malformed or not this archive's."""
