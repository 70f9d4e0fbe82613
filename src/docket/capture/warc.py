"""The web archive of one capture: every request and response as WARC records, each record its
own gzip member so that an index can point at it (the layout ReplayWeb.page and pywb read)."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Final

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from docket.capture.address import CaptureRefused

# Hop-by-hop and transfer headers describe how bytes travelled, not the stored payload (which is
# kept decoded); their originals are kept under this prefix, as pywb does.
_TRANSFER_HEADERS: Final = frozenset({"content-encoding", "transfer-encoding", "content-length"})
ORIGINAL_HEADER_PREFIX: Final = "X-Archive-Orig-"


@dataclass(frozen=True)
class Exchange:
    """One request as the page made it and the response it got."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes | None
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    at: datetime

    @property
    def media_type(self) -> str:
        value = header(self.headers, "content-type") or ""
        return value.split(";", 1)[0].strip().lower()


@dataclass(frozen=True)
class Indexed:
    """Where a response record lies in the WARC, for the CDXJ index."""

    url: str
    at: datetime
    status: int
    media_type: str
    digest: str
    offset: int
    length: int


@dataclass
class WarcFile:
    """A WARC being written record by record, with an index entry for each response."""

    path: Path
    software: str
    index: list[Indexed] = field(default_factory=list)
    _stream: BinaryIO | None = None
    _writer: WARCWriter | None = None

    def __enter__(self) -> WarcFile:
        self._stream = open(self.path, "xb")
        self._writer = WARCWriter(self._stream, gzip=True, warc_version="1.1")
        info = self._writer.create_warcinfo_record(
            self.path.name, {"software": self.software, "format": "WARC File Format 1.1"}
        )
        self._writer.write_record(info)
        return self

    def __exit__(self, *_: object) -> None:
        if self._stream is not None:
            self._stream.close()

    @property
    def size(self) -> int:
        return self._stream.tell() if self._stream is not None else 0

    def add(self, exchange: Exchange) -> None:
        writer, stream = self._writer, self._stream
        if writer is None or stream is None:
            raise CaptureRefused("the web archive is closed")
        stamp = warc_date(exchange.at)
        response_id = f"<urn:uuid:{uuid.uuid4()}>"
        response_headers = StatusAndHeaders(
            f"{exchange.status} {exchange.reason or 'OK'}",
            stored_headers(exchange.headers, len(exchange.body)),
            protocol="HTTP/1.1",
        )
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            # With the length given, warcio reads the bytes in place instead of spooling a
            # temporary file it never closes.
            length=len(exchange.body),
            http_headers=response_headers,
            warc_headers_dict={"WARC-Date": stamp, "WARC-Record-ID": response_id},
        )
        offset = stream.tell()
        writer.write_record(response)
        length = stream.tell() - offset
        digest = str(response.rec_headers.get_header("WARC-Payload-Digest") or "")
        self.index.append(
            Indexed(
                exchange.url,
                exchange.at,
                exchange.status,
                exchange.media_type,
                digest,
                offset,
                length,
            )
        )
        target = exchange.url.split("://", 1)[-1].partition("/")[2]
        request_headers = StatusAndHeaders(
            f"{exchange.method} /{target} HTTP/1.1", exchange.request_headers, is_http_request=True
        )
        request = writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(exchange.request_body or b""),
            length=len(exchange.request_body or b""),
            http_headers=request_headers,
            warc_headers_dict={"WARC-Date": stamp, "WARC-Concurrent-To": response_id},
        )
        writer.write_record(request)


def stored_headers(headers: list[tuple[str, str]], length: int) -> list[tuple[str, str]]:
    """Response headers as they fit the decoded payload kept in the archive."""
    kept = []
    for name, value in headers:
        if name.lower() in _TRANSFER_HEADERS:
            kept.append((ORIGINAL_HEADER_PREFIX + name, value))
        else:
            kept.append((name, value))
    kept.append(("Content-Length", str(length)))
    return kept


def header(headers: list[tuple[str, str]], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)


def warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def timestamp14(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")
