"""PDF: the text layer of every page through PDFium, and OCR for pages that have none."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from docket.errors import CorruptFile, UnsupportedFormat
from docket.ingest.formats.extraction import Extraction, build_extraction, package_version
from docket.ingest.formats.ocr import OcrEngine, OcrFailed, OcrUnavailable

# Real documents stay far below this; a file claiming more pages is built to keep a worker busy.
MAX_PAGES = 20_000
# Scans are read at 300 dpi, but never rendered larger than this: a poster-sized page at 300 dpi
# would need gigabytes of memory.
OCR_DPI = 300
MAX_OCR_PIXELS = 40_000_000

_PDF_DATE = re.compile(
    r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz+-])\s*(\d{2})?'?\s*(\d{2})?'?)?"
)
_METADATA_FIELDS = {
    "Author": "author",
    "Subject": "description",
    "Keywords": "keywords",
    "Creator": "creator",
    "Producer": "producer",
}
# PDFium marks a hyphen that breaks a word at the end of a line with STX.
_SOFT_HYPHEN = "\x02"


def extract_pdf(path: Path, ocr: OcrEngine | None) -> Extraction:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        reason = _reason(error)
        if "password" in reason:
            raise UnsupportedFormat("PDF is password-protected") from error
        raise CorruptFile(f"PDF is damaged: {reason}") from error
    try:
        info = document.get_metadata_dict(skip_empty=True)
        reader = _PageReader(document, ocr)
        pages = [reader.read(index) for index in range(min(len(document), MAX_PAGES))]
        notes = reader.notes()
        if len(document) > MAX_PAGES:
            notes.append(f"only the first {MAX_PAGES:,} of {len(document):,} pages were read")
    finally:
        document.close()
    if not _has_end_marker(path):
        notes.append("PDF has no end-of-file marker; it may be truncated")
    tool, tool_version = "pypdfium2", package_version("pypdfium2")
    if reader.ocr_pages:
        tool += f"+{getattr(ocr, 'tool', type(ocr).__name__)}"
        tool_version += f"+{getattr(ocr, 'tool_version', '')}"
    return build_extraction(
        pages,
        title=info.get("Title"),
        metadata=pdf_metadata(info),
        tool=tool,
        tool_version=tool_version,
        notes=notes,
    )


class _PageReader:
    def __init__(self, document: Any, ocr: OcrEngine | None) -> None:
        self._document = document
        self._ocr = ocr
        self._ocr_unavailable: str | None = None
        self.without_text: list[int] = []
        self.blank: list[int] = []
        self.ocr_pages: list[int] = []
        self.unreadable: list[int] = []
        self.ocr_failures: list[str] = []

    def read(self, index: int) -> str:
        import pypdfium2 as pdfium

        number = index + 1
        try:
            page = self._document[index]
        except pdfium.PdfiumError:
            self.unreadable.append(number)
            return ""
        try:
            textpage = page.get_textpage()
            try:
                text = str(textpage.get_text_range()).replace(_SOFT_HYPHEN, "-")
            finally:
                textpage.close()
            if text.strip():
                return text
            self.without_text.append(number)
            return self._recognise(page, number)
        except pdfium.PdfiumError:
            self.unreadable.append(number)
            return ""
        finally:
            page.close()

    def _recognise(self, page: Any, number: int) -> str:
        if self._ocr is None:
            return ""
        width, height = page.get_size()
        scale = OCR_DPI / 72
        if width * height * scale * scale > MAX_OCR_PIXELS:
            scale = math.sqrt(MAX_OCR_PIXELS / max(width * height, 1.0))
        bitmap = page.render(scale=scale, grayscale=True)
        try:
            image = bitmap.to_pil()
            low, high = image.convert("L").getextrema()
            if low == high:
                self.blank.append(number)
                return ""
            text = self._ocr.read(image)
        except OcrUnavailable as error:
            self._ocr_unavailable = f"OCR unavailable: {error}"
            self._ocr = None
            return ""
        except OcrFailed as error:
            self.ocr_failures.append(f"OCR failed on page {number}: {error}")
            return ""
        finally:
            bitmap.close()
        self.ocr_pages.append(number)
        return text

    def notes(self) -> list[str]:
        notes: list[str] = []
        if self.unreadable:
            notes.append(f"{_pages(self.unreadable)} could not be read")
        if self.without_text:
            notes.append(f"{_pages(self.without_text)} no text layer")
        if self.blank:
            notes.append(f"{_pages(self.blank, 'is', 'are')} blank")
        if self.ocr_pages:
            notes.append(f"text of {_pages(self.ocr_pages, '', '').strip()} is from OCR")
        if self._ocr_unavailable:
            notes.append(self._ocr_unavailable)
        elif self.without_text and self._ocr is None:
            notes.append("OCR not requested")
        return notes + self.ocr_failures[:10]


def _pages(numbers: Sequence[int], one: str = "has", many: str = "have") -> str:
    """'page 3 has' or 'pages 1-4, 7 have': a note per page would bury a scanned book's notes."""
    ranges: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        ranges.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    if len(numbers) == 1:
        return f"page {ranges[0]} {one}"
    return f"pages {', '.join(ranges)} {many}"


def pdf_metadata(info: dict[str, str]) -> dict[str, str]:
    found = {key: info[field] for field, key in _METADATA_FIELDS.items() if info.get(field)}
    for field, key in (("CreationDate", "created"), ("ModDate", "modified")):
        when = pdf_date(info.get(field, ""))
        if when:
            found[key] = when
    return found


def pdf_date(value: str) -> str | None:
    """A PDF date string ("D:20220815103000+06'00'") as ISO 8601, or None if it is not one."""
    match = _PDF_DATE.fullmatch(value.strip().rstrip("'"))
    if not match:
        return None
    year, month, day, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
    try:
        when = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
        if sign in ("+", "-"):
            offset = timedelta(hours=int(zone_hours or 0), minutes=int(zone_minutes or 0))
            when = when.replace(tzinfo=timezone(-offset if sign == "-" else offset))
        elif sign in ("Z", "z"):
            when = when.replace(tzinfo=UTC)
    except ValueError:
        return None
    if month is None:
        return year
    if day is None:
        return f"{year}-{month}"
    return when.isoformat()


def _has_end_marker(path: Path) -> bool:
    with path.open("rb") as file:
        file.seek(0, 2)
        size = file.tell()
        file.seek(max(0, size - 2048))
        return b"%%EOF" in file.read()


def _reason(error: BaseException) -> str:
    """PDFium's own words ("Data format error"), lower-cased to sit after "PDF is damaged:"."""
    text = " ".join(str(error).split())
    inner = re.search(r"\(PDFium: ([^)]*)\)", text)
    reason = (inner.group(1) if inner else text).rstrip(".")
    return (reason[:1].lower() + reason[1:])[:160] or type(error).__name__
