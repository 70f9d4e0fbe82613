"""Structured records: who did what to whom, each fact with its source, versioned, never deleted.

``RecordStore`` (reached through the archive's door) is built for one viewer and reads and
writes on their behalf.
"""

from __future__ import annotations

from docket.records.errors import (
    EditConflict,
    InvalidCitation,
    InvalidRecord,
    PermissionDenied,
    RecordKeyError,
    RecordNotFound,
)
from docket.records.store import ImportResult, RecordStore
from docket.records.values import REDACTED
from docket.records.views import Citation, RecordView, Value, Version

__all__ = [
    "REDACTED",
    "Citation",
    "EditConflict",
    "ImportResult",
    "InvalidCitation",
    "InvalidRecord",
    "PermissionDenied",
    "RecordKeyError",
    "RecordNotFound",
    "RecordStore",
    "RecordView",
    "Value",
    "Version",
]
