"""What a report is made of before it is written out: sections of sentences, each tied by its
footnotes to the words of the evidence, and the seal of the chain of custody it ends with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Footnote:
    """Where one cited span of one source stands, in words a reader can check by hand."""

    number: int
    citation_id: int
    item_id: int
    source_title: str
    source_date: str | None
    item_sha256: str | None
    start: int
    end: int
    span_sha256: str
    quote: str | None
    drifted: bool
    value_entry: int | None  # the custody entry that added the cited value to its record
    source_entry: int | None  # the custody entry that received the source

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "citation": self.citation_id,
            "item": self.item_id,
            "source_title": self.source_title,
            "source_date": self.source_date,
            "item_sha256": self.item_sha256,
            "start": self.start,
            "end": self.end,
            "span_sha256": self.span_sha256,
            "quote": self.quote,
            "drifted": self.drifted,
            "value_entry": self.value_entry,
            "source_entry": self.source_entry,
        }


@dataclass(frozen=True)
class Sentence:
    """One fact as the report states it, and the footnotes it rests on."""

    text: str
    record_id: int
    notes: tuple[Footnote, ...]
    protected: bool = False  # it shows a protected value, revealed on request
    drifted: bool = False

    @property
    def unsourced(self) -> bool:
        return not self.notes


@dataclass(frozen=True)
class Table:
    """Figures the report computes from the facts the audience may see (never a fact itself)."""

    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    sentences: list[Sentence]
    summary: list[str] = field(default_factory=list)  # lines computed from the sentences
    table: Table | None = None
    chart: str | None = None  # an SVG drawn by ``reports.charts`` from the table's figures
    # A statement's paragraphs: the user's words, and the facts tied into them.
    paragraphs: list[list[str | Sentence]] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    item_id: int
    title: str
    date: str | None
    sha256: str
    citations: int
    received_entry: int | None


@dataclass(frozen=True)
class Seal:
    """The signed head of the chain of custody at the moment the report was made."""

    export_id: str  # names the custody entry that made the report, and those that bind its files
    archive_id: str
    entries: int
    head: str
    signed_at: str
    signature: str
    public_key: str
    fingerprint: str
    statement: str


@dataclass(frozen=True)
class Report:
    kind: str
    title: str
    subject_id: int
    language: str
    made_at: str
    made_by: str
    role: str
    revealed: bool
    sections: list[Section]
    sources: list[Source]
    footnotes: list[Footnote]
    record_ids: list[int]
    seal: Seal
    # The records the report states, as the audience may see them: what a package carries.
    records: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The facts of the report with their footnotes: what a package's checker reads."""
        return {
            "kind": self.kind,
            "title": self.title,
            "subject": self.subject_id,
            "language": self.language,
            "made_at": self.made_at,
            "made_by": self.made_by,
            "role": self.role,
            "revealed": self.revealed,
            "records": self.record_ids,
            "sections": [
                {
                    "key": section.key,
                    "title": section.title,
                    "sentences": [_sentence_json(s) for s in section.sentences],
                    "paragraphs": [
                        [
                            piece if isinstance(piece, str) else _sentence_json(piece)
                            for piece in paragraph
                        ]
                        for paragraph in section.paragraphs
                    ],
                }
                for section in self.sections
            ],
            "footnotes": [note.to_json() for note in self.footnotes],
            "seal": {
                "export_id": self.seal.export_id,
                "archive": self.seal.archive_id,
                "entries": self.seal.entries,
                "head": self.seal.head,
                "signed_at": self.seal.signed_at,
                "signature": self.seal.signature,
                "public_key": self.seal.public_key,
                "statement": self.seal.statement,
            },
        }


def _sentence_json(sentence: Sentence) -> dict[str, Any]:
    return {
        "text": sentence.text,
        "record": sentence.record_id,
        "notes": [note.number for note in sentence.notes],
        "protected": sentence.protected,
    }
