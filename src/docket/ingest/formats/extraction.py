"""The result of reading one file, and the one place where its text is normalised and capped."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from types import MappingProxyType

PAGE_BREAK = "\f"

# Far beyond any real document; past it the working copy would be unsearchable and unreviewable.
MAX_TEXT_CHARS = 50_000_000

_NEWLINES = re.compile(r"\r\n?")


@dataclass(frozen=True)
class Extraction:
    """Text read from an original, with where each page starts and how it was obtained."""

    text: str
    page_starts: tuple[int, ...]
    title: str | None
    metadata: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    tool: str = ""
    tool_version: str = ""
    notes: tuple[str, ...] = ()


def normalise_text(text: str) -> str:
    """One newline convention, no NULs, NFC, so that spans and search agree across formats."""
    text = _NEWLINES.sub("\n", text).replace("\x00", "")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def build_extraction(
    pages: Iterable[str],
    *,
    title: str | None,
    metadata: Mapping[str, str],
    tool: str,
    tool_version: str,
    notes: Iterable[str] = (),
) -> Extraction:
    """Join pages with a page break, record where each starts, and cap the total size."""
    all_notes = list(notes)
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for page in pages:
        if parts:
            offset += len(PAGE_BREAK)
        if offset >= MAX_TEXT_CHARS:
            all_notes.append(f"text truncated at {MAX_TEXT_CHARS:,} characters")
            break
        # A page break inside a page would make the page boundaries ambiguous.
        clean = normalise_text(page).replace(PAGE_BREAK, "\n")
        starts.append(offset)
        room = MAX_TEXT_CHARS - offset
        if len(clean) > room:
            parts.append(clean[:room])
            all_notes.append(f"text truncated at {MAX_TEXT_CHARS:,} characters")
            break
        parts.append(clean)
        offset += len(clean)
    clean_metadata = {key: one_line(value) for key, value in metadata.items()}
    return Extraction(
        text=PAGE_BREAK.join(parts),
        page_starts=tuple(starts) or (0,),
        title=one_line(title or "") or None,
        metadata=MappingProxyType({key: value for key, value in clean_metadata.items() if value}),
        tool=tool,
        tool_version=tool_version,
        notes=tuple(all_notes),
    )


def one_line(value: str, limit: int = 1000) -> str:
    """Collapse whitespace so a value fits on one line, and bound its length."""
    return " ".join(value.split())[:limit]


@cache
def package_version(distribution: str) -> str:
    """The installed version of a library, recorded with every working copy it makes."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"
