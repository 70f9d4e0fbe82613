"""Bytes of unknown encoding to text, weighted toward the encodings our users' files come in."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Legacy encodings of Russian and Kyrgyz documents, plus Western European ones. Trying these first
# matters for short texts, where an unrestricted guess often lands on an East Asian encoding.
_LIKELY_ENCODINGS = (
    "cp1251",
    "koi8_r",
    "cp866",
    "mac_cyrillic",
    "iso8859_5",
    "koi8_u",
    "cp1252",
    "latin_1",
)
# charset-normalizer's "mess" score above which a likely-encoding reading is rejected as garbage.
_MAX_CHAOS = 0.1
# Text files sometimes carry a stray control character; binary data is full of them.
_MAX_CONTROL_RATIO = 0.02
_SAMPLE_CHARS = 65_536
_MAX_DAMAGED_RATIO = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # invalid bytes shown as U+FFFD; only ever for damaged UTF-8


def decode_bytes(
    data: bytes, *, declared: str | None = None, partial: bool = False
) -> Decoded | None:
    """Decode ``data``, or return None when it does not read as text in any encoding.

    ``declared`` is an encoding named by the file itself (an HTML meta tag, a MIME charset); it is
    tried after UTF-8 because declarations are often wrong and valid UTF-8 almost never is by
    chance. ``partial`` accepts a multi-byte character cut off at the end (a file's first block).
    """
    decoded = _decode_with_bom(data, partial) or _decode_utf8(data, partial)
    if decoded is None and declared:
        decoded = _decode_declared(data, declared)
    damaged = _decode_damaged_utf8(data) if decoded is None else None
    if decoded is None and damaged is not None and _clearly_utf8(damaged):
        decoded = damaged
    if decoded is None:
        decoded = _decode_guessed(data) or damaged
    if decoded is None or not _looks_like_text(decoded.text):
        return None
    return decoded


def _decode_with_bom(data: bytes, partial: bool) -> Decoded | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            errors = "replace" if partial else "strict"
            try:
                return Decoded(data.decode(encoding, errors), encoding.removesuffix("-sig"))
            except UnicodeDecodeError:
                return None
    return None


def _decode_utf8(data: bytes, partial: bool) -> Decoded | None:
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        if not partial or error.start < len(data) - 3:
            return None
    try:
        return Decoded(codecs.getincrementaldecoder("utf-8")().decode(data), "utf-8")
    except UnicodeDecodeError:
        return None


def _decode_damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few broken bytes (a bad sector, a cut download) is still UTF-8."""
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    if replaced > max(8.0, _MAX_DAMAGED_RATIO * len(text)):
        return None
    return Decoded(text, "utf-8", replaced)


def _clearly_utf8(decoded: Decoded) -> bool:
    """Many well-formed multi-byte characters around the broken ones: no legacy encoding fits."""
    wide = sum(1 for char in decoded.text[:_SAMPLE_CHARS] if char > "\x7f" and char != "\ufffd")
    return wide >= 4 * decoded.replaced


def _decode_declared(data: bytes, declared: str) -> Decoded | None:
    try:
        name = codecs.lookup(declared).name
        return Decoded(data.decode(name), name)
    except (LookupError, UnicodeDecodeError):
        return None


def _decode_guessed(data: bytes) -> Decoded | None:
    import charset_normalizer

    likely = charset_normalizer.from_bytes(data, cp_isolation=list(_LIKELY_ENCODINGS)).best()
    if likely is not None and likely.chaos <= _MAX_CHAOS:
        return Decoded(str(likely), likely.encoding)
    anything = charset_normalizer.from_bytes(data).best()
    if anything is None:
        return None
    return Decoded(str(anything), anything.encoding)


def _looks_like_text(text: str) -> bool:
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return True
    # One stray control character is tolerated however short the text.
    return len(_CONTROL.findall(sample)) <= max(1.0, _MAX_CONTROL_RATIO * len(sample))
