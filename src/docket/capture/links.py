"""Lists of links to capture: one URL a line, or a CSV whose rows are a URL and a note."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from docket.capture.service import CaptureRequest
from docket.errors import DocketError

MAX_LIST_BYTES = 16 << 20


def read_links(path: Path) -> list[CaptureRequest]:
    """The links of a list file, in order; blank lines and lines starting with ``#`` skipped.

    A line with a comma is read as CSV (url, note); a header row whose first cell is ``url`` is
    skipped.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocketError(f"{path}: cannot read the list of links ({error.strerror})") from None
    if len(data) > MAX_LIST_BYTES:
        raise DocketError(f"{path}: a list of links over {MAX_LIST_BYTES:,} bytes is not read")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocketError(f"{path}: the list of links is not UTF-8 text") from None
    return parse_links(text)


def parse_links(text: str) -> list[CaptureRequest]:
    found: list[CaptureRequest] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    rows = csv.reader(io.StringIO(lines, newline=""))
    number = 0
    while True:
        number += 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            raise DocketError(f"line {rows.line_num} of the list of links: {error}") from None
        cells = [cell.strip() for cell in row]
        if not cells or not cells[0] or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].lower() in ("url", "link"):
            continue
        note = ", ".join(cell for cell in cells[1:] if cell) or None
        found.append(CaptureRequest(cells[0], note))
    return found
