"""WACZ packaging (Web Archive Collection Zipped, 1.1.1): the WARC, its CDXJ index, the page
list and a datapackage.json that hashes each of them, in one zip.

Built here rather than with the ``wacz`` package: that one pulls in frictionless, pydantic and a
public-suffix list that ``tldextract`` fetches from the network at run time, and all it would
add for a single page is what the forty lines below write.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from docket.capture.warc import Indexed, timestamp14

WACZ_VERSION: Final = "1.1.1"
WARC_NAME: Final = "data.warc.gz"
WARC_PATH: Final = f"archive/{WARC_NAME}"
INDEX_PATH: Final = "indexes/index.cdx"
PAGES_PATH: Final = "pages/pages.jsonl"
MEDIA_TYPE: Final = "application/wacz"


@dataclass(frozen=True)
class Page:
    url: str
    title: str | None
    at: datetime


def surt(url: str) -> str:
    """The Sort-friendly URI Reordering Transform the CDXJ index is sorted by."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    reversed_host = ",".join(reversed(host.split("."))) if host else ""
    port = parts.port
    if port is not None and (parts.scheme, port) not in (("http", 80), ("https", 443)):
        reversed_host += f":{port}"
    path = parts.path or "/"
    query = "&".join(sorted(parts.query.split("&"))) if parts.query else ""
    return f"{reversed_host}){path}{'?' + query if query else ''}".lower()


def cdxj_lines(index: Iterable[Indexed]) -> list[str]:
    lines = []
    for entry in index:
        fields: dict[str, Any] = {
            "url": entry.url,
            "mime": entry.media_type or "unk",
            "status": str(entry.status),
            "digest": entry.digest,
            "length": str(entry.length),
            "offset": str(entry.offset),
            "filename": WARC_NAME,
        }
        lines.append(f"{surt(entry.url)} {timestamp14(entry.at)} {json.dumps(fields)}")
    return sorted(lines)


def write_wacz(
    out: Path,
    warc: Path,
    index: Iterable[Indexed],
    page: Page,
    software: str,
) -> None:
    """Write the WACZ of one captured page to ``out`` (a new file)."""
    pages_header = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
    page_line = {
        "id": hashlib.sha256(page.url.encode()).hexdigest()[:32],
        "url": page.url,
        "ts": page.at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "title": page.title or page.url,
    }
    pages = json.dumps(pages_header) + "\n" + json.dumps(page_line, ensure_ascii=False) + "\n"
    index_text = "".join(line + "\n" for line in cdxj_lines(index))
    written = page.at.astimezone(UTC).timetuple()[:6]
    members: list[tuple[str, bytes | Path]] = [
        (WARC_PATH, warc),
        (INDEX_PATH, index_text.encode()),
        (PAGES_PATH, pages.encode()),
    ]
    resources = [_resource(path, content) for path, content in members]
    package = {
        "profile": "data-package",
        "wacz_version": WACZ_VERSION,
        "title": page.title or page.url,
        "created": page.at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "software": software,
        "mainPageUrl": page.url,
        "mainPageDate": page_line["ts"],
        "resources": resources,
    }
    package_bytes = json.dumps(package, indent=2, ensure_ascii=False).encode()
    digest = {
        "path": "datapackage.json",
        "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest(),
    }
    with zipfile.ZipFile(out, "x") as archive:
        for path, content in members:
            # The WARC is stored, not deflated: replay tools read records at their offsets.
            compression = zipfile.ZIP_STORED if path == WARC_PATH else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo(path, date_time=written)
            info.compress_type = compression
            if isinstance(content, Path):
                with (
                    archive.open(info, "w", force_zip64=True) as target,
                    open(content, "rb") as src,
                ):
                    while chunk := src.read(1 << 20):
                        target.write(chunk)
            else:
                archive.writestr(info, content)
        for path, data in (
            ("datapackage.json", package_bytes),
            ("datapackage-digest.json", json.dumps(digest, indent=2).encode()),
        ):
            info = zipfile.ZipInfo(path, date_time=written)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


def _resource(path: str, content: bytes | Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    if isinstance(content, Path):
        with open(content, "rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    else:
        digest.update(content)
        size = len(content)
    return {
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "hash": "sha256:" + digest.hexdigest(),
        "bytes": size,
    }
