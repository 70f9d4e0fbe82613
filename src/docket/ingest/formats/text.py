"""Plain text and Markdown in any encoding; form feeds in the text are taken as page breaks."""

from __future__ import annotations

import re
from pathlib import Path

from docket.errors import UnsupportedFormat
from docket.ingest.formats.decoding import decode_bytes
from docket.ingest.formats.extraction import (
    MAX_TEXT_CHARS,
    PAGE_BREAK,
    Extraction,
    build_extraction,
    package_version,
)

# UTF-32 needs four bytes a character: reading more than this could not fit in the text cap.
MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS

_MARKDOWN_HEADING = re.compile(r"^ {0,3}#{1,2}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def extract_text(path: Path, media_type: str) -> Extraction:
    with path.open("rb") as file:
        data = file.read(MAX_TEXT_BYTES + 1)
    truncated = len(data) > MAX_TEXT_BYTES
    decoded = decode_bytes(data[:MAX_TEXT_BYTES], partial=truncated)
    if decoded is None:
        raise UnsupportedFormat("file is not text in any known encoding")
    notes = [f"only the first {MAX_TEXT_BYTES:,} bytes were read"] if truncated else []
    if decoded.replaced:
        notes.append(f"{decoded.replaced:,} invalid UTF-8 sequences replaced with U+FFFD")
    title = markdown_title(decoded.text) if media_type == "text/markdown" else None
    return build_extraction(
        decoded.text.split(PAGE_BREAK),
        title=title,
        metadata={"encoding": decoded.encoding},
        tool="charset-normalizer",
        tool_version=package_version("charset-normalizer"),
        notes=notes,
    )


def markdown_title(text: str) -> str | None:
    """The first level-1 or level-2 ATX heading near the top, which is what authors use as title."""
    match = _MARKDOWN_HEADING.search(text[:4096])
    return match.group(1) if match else None
