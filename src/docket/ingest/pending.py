"""A file on its way into the archive: its staged blobs, what reading it found, and the result it
gives once its batch is committed (or fails)."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from docket.evidence.blobs import StagedBlob
from docket.ingest.formats import Extraction
from docket.ingest.provenance import Provenance
from docket.ingest.reading import Reading
from docket.model.access import LEVELS as CONFIDENTIALITY_LEVELS


@dataclass(frozen=True)
class IngestResult:
    """The outcome for one file or container member: ``new``, ``duplicate`` or ``error``."""

    path: str
    status: str
    id: int | None = None
    sha256: str | None = None
    error: str | None = None
    notes: tuple[str, ...] = ()
    parent_id: int | None = None
    confidentiality: str | None = None
    provenance_kept_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "id": self.id,
            "sha256": self.sha256,
            "status": self.status,
            "error": self.error,
            "notes": list(self.notes),
            "parent": self.parent_id,
            "confidentiality": self.confidentiality,
            "provenance_kept_at": self.provenance_kept_at,
        }

    @property
    def item_below_provenance(self) -> bool:
        """Known bytes brought again at a level above the item's: the item keeps its level, the
        new provenance is kept at the level it was given at (``provenance_kept_at``)."""
        return self.provenance_kept_at is not None


@dataclass(frozen=True)
class Derived:
    media_type: str
    extraction: Extraction | None
    text_blob: StagedBlob | None
    language: str | None
    failure: str | None
    reading: Future[Reading] | None = None


@dataclass
class Pending:
    """A file staged for the next batch commit."""

    display: str
    name: str
    provenance: Provenance
    parent_id: int | None
    original: StagedBlob
    existing: Any
    derived: Derived | None = None
    item_id: int | None = None

    @property
    def working_copy(self) -> bool:
        """Whether the new item gets a text working copy."""
        derived = self.derived
        return (
            derived is not None and derived.extraction is not None and derived.text_blob is not None
        )

    @property
    def blobs(self) -> list[StagedBlob]:
        text = self.derived.text_blob if self.derived is not None else None
        return [self.original] if text is None or text is self.original else [self.original, text]

    def result(self) -> IngestResult:
        sha256 = self.original.stored.sha256
        if self.existing is not None:
            level = str(self.existing.confidentiality)
            given = self.provenance.confidentiality
            return IngestResult(
                self.display,
                "duplicate",
                id=self.existing.id,
                sha256=sha256,
                parent_id=self.parent_id,
                confidentiality=level,
                provenance_kept_at=given if _rank(given) > _rank(level) else None,
            )
        notes: tuple[str, ...] = ()
        if self.derived is not None and self.derived.extraction is not None:
            notes = self.derived.extraction.notes
        elif self.derived is not None and self.derived.failure is not None:
            notes = (f"kept without text: {self.derived.failure}",)
        return IngestResult(
            self.display,
            "new",
            id=self.item_id,
            sha256=sha256,
            notes=notes,
            parent_id=self.parent_id,
            confidentiality=self.provenance.confidentiality,
        )

    def failed(self, reason: str) -> IngestResult:
        return IngestResult(
            self.display,
            "error",
            sha256=self.original.stored.sha256,
            error=reason,
            parent_id=self.parent_id,
        )


def _rank(level: str) -> int:
    return CONFIDENTIALITY_LEVELS.index(level) if level in CONFIDENTIALITY_LEVELS else -1
