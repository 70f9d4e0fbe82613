"""The annotation model: what was found in one item (entities with their mentions, dates,
counts, acts, interventions and claims), gold or predicted, and a gold document.

The extraction output contract is read into it by ``docket.extract.annotation_reading`` and
scored by ``docket.extract.evaluation``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from docket.errors import DocketError
from docket.model.counts import Count
from docket.model.dates import UncertainDate

__all__ = [
    "ENTITY_KINDS",
    "LANGUAGES",
    "SPLITS",
    "Act",
    "Annotation",
    "Claim",
    "CountSpan",
    "DateSpan",
    "Entity",
    "GoldDocument",
    "Intervention",
    "InvalidAnnotation",
    "Span",
]

ENTITY_KINDS: Final = ("person", "organization", "place")
LANGUAGES: Final = ("en", "ru", "ky")
SPLITS: Final = ("tune", "holdout")


class InvalidAnnotation(DocketError):
    """An annotation file or a prediction does not follow the extraction contract."""


@dataclass(frozen=True)
class Span:
    """Characters ``start`` to ``end`` (exclusive) of the document text."""

    text: str
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Entity:
    kind: str
    name: str
    archive_id: str | None
    mentions: tuple[Span, ...]


@dataclass(frozen=True)
class DateSpan:
    span: Span
    value: UncertainDate


@dataclass(frozen=True)
class CountSpan:
    span: Span
    value: Count


@dataclass(frozen=True)
class Act:
    """An act of violation with everyone it names in each role: several victims where the text
    coordinates them ("Police detained A, B and C"), several perpetrators likewise."""

    type: str
    span: Span
    victims: tuple[str, ...] = ()
    perpetrators: tuple[str, ...] = ()
    date: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class Intervention:
    type: str
    span: Span
    by: str | None = None
    toward: str | None = None
    response: str | None = None


@dataclass(frozen=True)
class Claim:
    """A statement attributed to someone. ``claimant`` is the speaker's entity name (None when
    the text names no entity as speaker); ``claimant_span`` the mention a prediction points at."""

    statement: Span
    cue: Span
    claimant: str | None = None
    claimant_span: Span | None = None


@dataclass(frozen=True)
class Annotation:
    """What was found in one item, gold or predicted."""

    item: str
    language: str | None = None
    document_date: date | None = None
    entities: tuple[Entity, ...] = ()
    dates: tuple[DateSpan, ...] = ()
    counts: tuple[CountSpan, ...] = ()
    acts: tuple[Act, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class GoldDocument:
    annotation: Annotation
    text: str
    split: str
