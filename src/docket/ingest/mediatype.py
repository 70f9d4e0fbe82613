"""What a file is, judged by its content; the file name's extension only breaks ties."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docket.ingest.formats import DOCX
from docket.ingest.formats.decoding import decode_bytes

EMPTY = "application/x-empty"
UNKNOWN = "application/octet-stream"

# Enough to see any signature and to judge whether the start of a file is text.
_HEAD_BYTES = 16 * 1024
# PDF readers accept junk before the header, so PDFium does too; so must sniffing.
_PDF_HEADER_WINDOW = 1024

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"{\\rtf", "application/rtf"),
)
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_ANYWHERE = re.compile(r"<(?:html|head|body|title|meta|p|div|table|br)\b[^>]*>", re.I)
_XML_START = re.compile(r"\s*<\?xml\b", re.I)
_HEADER_LINE = re.compile(r"[!-9;-~]+:[ \t]*\S")
_MBOX_FROM = re.compile(r"From \S+")
_MAIL_HEADERS = frozenset(
    {"from", "to", "cc", "subject", "date", "message-id", "received", "mime-version",
     "return-path", "delivered-to", "reply-to", "sender", "in-reply-to", "references"}
)  # fmt: skip
_MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdown"})
_TEXT_BY_EXTENSION = {".csv": "text/csv", ".json": "application/json"}


def sniff_media_type(path: Path) -> str:
    """The media type of the file at ``path``, from its bytes first and its name second."""
    with path.open("rb") as file:
        head = file.read(_HEAD_BYTES)
        complete = len(file.read(1)) == 0
    if not head:
        return EMPTY
    extension = path.suffix.lower()
    if b"%PDF-" in head[:_PDF_HEADER_WINDOW]:
        return "application/pdf"
    if head.startswith(_ZIP_SIGNATURES):
        return _zip_kind(path, extension)
    for signature, media_type in _SIGNATURES:
        if head.startswith(signature):
            return media_type
    decoded = decode_bytes(head, partial=not complete)
    if decoded is not None:
        return _text_kind(decoded.text, extension)
    # Mail headers are ASCII even when a raw 8-bit body in mixed encodings follows them.
    as_latin = head.decode("latin-1")
    if _looks_like_mbox(as_latin, extension):
        return "application/mbox"
    if _looks_like_email(as_latin, extension):
        return "message/rfc822"
    return _binary_kind(head)


def _zip_kind(path: Path, extension: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        # A damaged DOCX should be reported as a damaged DOCX, not as an unreadable ZIP.
        return DOCX if extension == ".docx" else "application/zip"
    return DOCX if "word/document.xml" in names else "application/zip"


def _text_kind(text: str, extension: str) -> str:
    start = text.lstrip("\ufeff")
    if _HTML_START.match(start) or (_XML_START.match(start) and "<html" in start[:4096].lower()):
        return "text/html"
    if _looks_like_mbox(start, extension):
        return "application/mbox"
    if _looks_like_email(start, extension):
        return "message/rfc822"
    if extension in (".html", ".htm", ".xhtml") and _HTML_ANYWHERE.search(start[:4096]):
        return "text/html"
    if _XML_START.match(start):
        return "application/xml"
    if extension in _MARKDOWN_EXTENSIONS:
        return "text/markdown"
    return _TEXT_BY_EXTENSION.get(extension, "text/plain")


def _looks_like_mbox(text: str, extension: str) -> bool:
    first, _, rest = text.partition("\n")
    if not _MBOX_FROM.match(first):
        return False
    second = rest.partition("\n")[0]
    return bool(_HEADER_LINE.match(second)) or extension in (".mbox", ".mbx")


def _looks_like_email(text: str, extension: str) -> bool:
    """An RFC 822 header block: header lines (or their continuations) up to a blank line."""
    names: set[str] = set()
    for number, line in enumerate(text.split("\n")[:200]):
        line = line.rstrip("\r")
        if not line:
            break
        if line[0] in " \t" and number > 0:
            continue
        if not _HEADER_LINE.match(line):
            return False
        names.add(line.split(":", 1)[0].lower())
    known = names & _MAIL_HEADERS
    if extension == ".eml":
        return bool(known)
    return len(known) >= 2 and bool(known & {"from", "received", "message-id", "mime-version"})


def _binary_kind(head: bytes) -> str:
    import puremagic

    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return UNKNOWN
    best = max(
        (match for match in matches if match.mime_type),
        key=lambda match: match.confidence,
        default=None,
    )
    return best.mime_type if best is not None else UNKNOWN
