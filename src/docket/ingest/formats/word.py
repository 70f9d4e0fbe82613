"""Word documents (DOCX): body paragraphs and tables in reading order, and the core properties."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from docket.errors import CorruptFile, TooLarge
from docket.ingest.formats.extraction import Extraction, build_extraction, package_version

# A DOCX is a ZIP: its parts are inflated into memory, so their declared sizes are checked first.
# Python's zipfile never inflates past a declared size, which makes the declaration a safe bound.
MAX_UNPACKED_BYTES = 512 << 20

_PROPERTIES = {
    "author": "author",
    "subject": "subject",
    "keywords": "keywords",
    "comments": "description",
    "last_modified_by": "last_modified_by",
    "language": "language",
    "category": "category",
}


def extract_docx(path: Path) -> Extraction:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_unpacked_size(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile) as error:
        raise CorruptFile(f"DOCX is damaged: {_reason(error)}") from error
    except (OSError, EOFError) as error:
        # zipfile follows a damaged header's offsets to impossible positions in the file.
        raise CorruptFile("DOCX is damaged: a part is truncated or misplaced") from error
    except SyntaxError as error:  # lxml's XMLSyntaxError
        raise CorruptFile("DOCX is damaged: malformed XML") from error
    except zlib.error as error:
        raise CorruptFile("DOCX is damaged: compressed data is invalid") from error
    text = "\n".join(_blocks(document))
    properties = document.core_properties
    metadata = {
        key: str(value)
        for field, key in _PROPERTIES.items()
        if (value := getattr(properties, field))
    }
    for field in ("created", "modified"):
        when = getattr(properties, field)
        if isinstance(when, datetime):
            metadata[field] = when.isoformat()
    return build_extraction(
        [text],
        title=properties.title or None,
        metadata=metadata,
        tool="python-docx",
        tool_version=package_version("python-docx"),
    )


def _blocks(document: Any) -> Iterator[str]:
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            yield from _table_rows(block)
        else:
            yield str(block.text)


def _table_rows(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # Merged cells come back once per grid column they span; keep one copy.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(str(cell.text).split()))
        yield "\t".join(cells)


def _check_unpacked_size(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise CorruptFile(f"DOCX is damaged: {_reason(error)}") from error
    if declared > MAX_UNPACKED_BYTES:
        raise TooLarge(
            f"DOCX unpacks to {declared:,} bytes, over the limit of {MAX_UNPACKED_BYTES:,}"
        )


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()).strip('"')
    return (text[:1].lower() + text[1:])[:160] or type(error).__name__
