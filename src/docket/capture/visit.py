"""What one visit of a link brought back: a rendered page with its web archive, or a file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docket.capture.warc import Exchange, Indexed
from docket.errors import DocketError


class CaptureFailed(DocketError):
    """The page could not be captured; nothing of it was kept."""


@dataclass
class PageVisit:
    """A web page as the browser rendered it, and the WARC of everything it loaded."""

    requested: str
    started: datetime
    document: Exchange
    redirects: list[str]
    title: str
    html: str
    screenshot: bytes
    pdf: bytes
    warc: Path
    index: list[Indexed]
    transferred: int
    blocked: list[str]
    seconds: float

    @property
    def final_url(self) -> str:
        return self.document.url


@dataclass
class FileVisit:
    """A link that answered with something other than a web page (an image, a PDF, a video)."""

    requested: str
    started: datetime
    document: Exchange
    redirects: list[str]

    @property
    def final_url(self) -> str:
        return self.document.url


Visit = PageVisit | FileVisit


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def as_dict(headers: list[tuple[str, str]]) -> dict[str, Any]:
    """Headers as one mapping (repeated names joined, as HTTP allows)."""
    joined: dict[str, Any] = {}
    for name, value in headers:
        key = name.lower()
        joined[key] = f"{joined[key]}, {value}" if key in joined else value
    return joined
