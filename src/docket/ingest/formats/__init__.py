"""Format readers: one module per format, each turning an original into an Extraction.

``extract`` picks the reader by media type (see ``docket.ingest.mediatype``). An empty file is
refused with CorruptFile("file is empty") whatever its type: there is nothing to derive, and the
original is still kept by the caller. Containers (ZIP, mailboxes) have no text of their own and
raise UnsupportedFormat here; ``docket.ingest.containers`` unpacks them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docket.errors import CorruptFile, DocketError, TooLarge, UnsupportedFormat
from docket.ingest.formats.extraction import MAX_TEXT_CHARS, Extraction
from docket.ingest.formats.html import extract_html
from docket.ingest.formats.image import extract_image
from docket.ingest.formats.mail import extract_email
from docket.ingest.formats.ocr import (
    FunctionOcr,
    OcrEngine,
    OcrFailed,
    OcrUnavailable,
    TesseractOcr,
)
from docket.ingest.formats.pdf import extract_pdf
from docket.ingest.formats.text import extract_text
from docket.ingest.formats.word import extract_docx

__all__ = [
    "DEFAULT_OCR",
    "DOCX",
    "MAX_TEXT_CHARS",
    "Extraction",
    "FunctionOcr",
    "OcrEngine",
    "OcrFailed",
    "OcrUnavailable",
    "TesseractOcr",
    "extract",
    "is_readable",
]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Shared so that tesseract is asked for its languages once per process, not once per file.
DEFAULT_OCR: OcrEngine = TesseractOcr()

_TEXT_TYPES = frozenset(
    {"text/plain", "text/markdown", "text/csv", "application/json", "application/xml", "text/xml"}
)
_IMAGE_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/tiff", "image/gif", "image/bmp", "image/webp"}
)
_CONTAINERS = {
    "application/zip": "a ZIP archive has no text of its own; its members are read one by one",
    "application/mbox": "a mailbox has no text of its own; its messages are read one by one",
}
_LABELS = {"application/pdf": "PDF", DOCX: "DOCX", "text/html": "HTML", "message/rfc822": "email"}


def extract(path: Path, media_type: str, *, ocr: OcrEngine | None = DEFAULT_OCR) -> Extraction:
    """Read the text and metadata of the original at ``path``.

    Raises UnsupportedFormat when no reader knows ``media_type``, CorruptFile when the content is
    damaged, TooLarge when it is past a safety limit; every message is one line.
    """
    if path.stat().st_size == 0:
        raise CorruptFile("file is empty")
    read = _reader(media_type, ocr)
    try:
        return read(path)
    except (DocketError, FileNotFoundError, PermissionError):
        raise
    except MemoryError as error:
        raise TooLarge("file needs more memory to read than this machine has") from error
    except RecursionError as error:
        raise CorruptFile(f"{_label(media_type)} is nested too deeply to read") from error
    except Exception as error:  # a library's bug on hostile input must not escape as a traceback
        raise CorruptFile(
            f"{_label(media_type)} could not be read ({type(error).__name__})"
        ) from error


def is_readable(media_type: str) -> bool:
    """Whether ``extract`` has a reader for this media type."""
    return media_type in _READERS


def _reader(media_type: str, ocr: OcrEngine | None) -> Callable[[Path], Extraction]:
    reader = _READERS.get(media_type)
    if reader is not None:
        return lambda path: reader(path, media_type, ocr)
    if media_type in _CONTAINERS:
        raise UnsupportedFormat(_CONTAINERS[media_type])
    raise UnsupportedFormat(f"no reader for {media_type}; the original is kept as it is")


def _read_text(path: Path, media_type: str, ocr: OcrEngine | None) -> Extraction:
    return extract_text(path, media_type)


def _read_image(path: Path, media_type: str, ocr: OcrEngine | None) -> Extraction:
    return extract_image(path, ocr)


def _read_pdf(path: Path, media_type: str, ocr: OcrEngine | None) -> Extraction:
    return extract_pdf(path, ocr)


def _read_html(path: Path, media_type: str, ocr: OcrEngine | None) -> Extraction:
    return extract_html(path)


def _read_docx(path: Path, media_type: str, ocr: OcrEngine | None) -> Extraction:
    return extract_docx(path)


def _read_email(path: Path, media_type: str, ocr: OcrEngine | None) -> Extraction:
    return extract_email(path)


_READERS: dict[str, Callable[[Path, str, OcrEngine | None], Extraction]] = {
    **dict.fromkeys(_TEXT_TYPES, _read_text),
    **dict.fromkeys(_IMAGE_TYPES, _read_image),
    "application/pdf": _read_pdf,
    "text/html": _read_html,
    "application/xhtml+xml": _read_html,
    DOCX: _read_docx,
    "message/rfc822": _read_email,
}


def _label(media_type: str) -> str:
    if media_type.startswith("image/"):
        return media_type.removeprefix("image/").upper()
    return _LABELS.get(media_type, media_type)
