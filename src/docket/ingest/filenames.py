"""File names as Docket keeps and shows them.

A name is evidence of how a file arrived, but it is also text a person reads to decide what to
open. Bidirectional controls let ``report‮fdp.exe`` read as ``reportexe.pdf``; control
characters break lines and terminals. ``clean_name`` removes both and keeps every other
character, so a name in any script stays as it was given; the exact bytes go into the chain of
custody (``name_bytes``) for whoever needs them.
"""

from __future__ import annotations

import os
import unicodedata
from typing import Final

# Marks, embeddings, overrides and isolates that reorder how text is displayed (Unicode's
# bidirectional formatting characters), including the Arabic letter mark.
BIDI_CONTROLS: Final = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Line and paragraph separators end a line like a newline does.
_LINE_BREAKS: Final = frozenset("\u2028\u2029")
# Container paths join their parts with this; a name longer than this says nothing more.
MAX_NAME: Final = 1000
FALLBACK: Final = "unnamed"


def clean_name(name: str) -> str:
    """``name`` without bidirectional controls or control characters; line separators become
    spaces, undecodable bytes (lone surrogates) U+FFFD, and outer blanks go. Empty only when
    nothing readable was left."""
    return clean_line(name)[:MAX_NAME]


def clean_line(text: str) -> str:
    """One line of text shown as a label (a title, an author): ``clean_name`` at any length.

    Titles and authors read from a document's content can carry the same display tricks as
    file names; the document's own bytes keep them.
    """
    kept: list[str] = []
    for char in text:
        if char in BIDI_CONTROLS:
            continue
        if char in _LINE_BREAKS:
            kept.append(" ")
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            continue
        kept.append("\ufffd" if category == "Cs" else char)
    return "".join(kept).strip()


def stored_name(name: str) -> str:
    """The name an item is kept under: ``clean_name``, or ``FALLBACK`` if nothing is left."""
    return clean_name(name) or FALLBACK


def name_bytes(name: str) -> str | None:
    """The bytes of a name as given (hex), when they differ from what is kept; else None."""
    if name == stored_name(name):
        return None
    try:
        raw = os.fsencode(name)
    except UnicodeEncodeError:  # a surrogate no file system decoding makes
        raw = name.encode("utf-8", "surrogatepass")
    return raw.hex()
