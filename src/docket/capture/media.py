"""Videos and sound a captured page shows or links to, fetched with yt-dlp.

yt-dlp knows how to get the media of many platforms and of a plain ``<video>`` element; each file
it brings is kept as an item of its own, below the page's capture, with yt-dlp's description of
it (title, uploader, upload date, formats) as metadata. Every address is checked before yt-dlp is
given it, as the browser's requests are; yt-dlp's own further requests to a platform (its API, a
CDN) are sent through the capture's proxy but not checked hop by hop.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

from docket.capture.address import CaptureRefused, check_host, check_url
from docket.capture.options import CaptureOptions

MEDIA_EXTENSIONS: Final = frozenset(
    {
        ".mp4",
        ".m4v",
        ".mov",
        ".webm",
        ".mkv",
        ".ogv",
        ".mp3",
        ".m4a",
        ".ogg",
        ".oga",
        ".wav",
        ".flac",
    }
)
# A page with more media than this is a gallery; its first ones are fetched, the rest noted.
MAX_MEDIA: Final = 5


@dataclass(frozen=True)
class MediaFile:
    url: str
    path: Path
    info: dict[str, Any]


@dataclass(frozen=True)
class MediaFailure:
    url: str
    reason: str


def media_links(html: str, base: str) -> list[str]:
    """Addresses of the media a rendered page plays or links to directly, in page order."""
    from lxml import html as lxml_html

    try:
        document = lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    found: list[str] = []
    for element in document.iter("video", "audio", "source", "a"):
        attribute = "href" if element.tag == "a" else "src"
        value = (element.get(attribute) or "").strip()
        if not value or value.startswith(("blob:", "data:", "#")):
            continue
        address = urljoin(base, value)
        if (
            element.tag == "a"
            and Path(urlsplit(address).path).suffix.lower() not in MEDIA_EXTENSIONS
        ):
            continue
        if address not in found:
            found.append(address)
    return found


def is_platform_page(url: str) -> bool:
    """Whether a yt-dlp extractor other than the generic one knows this address (a video
    platform's page)."""
    return any(extractor.suitable(url) for extractor in _extractors())


@functools.cache
def _extractors() -> tuple[Any, ...]:
    from yt_dlp.extractor import gen_extractor_classes

    return tuple(e for e in gen_extractor_classes() if e.IE_NAME not in ("generic",))


class _Quiet:
    """yt-dlp's logger: nothing on the terminal; the last error kept for the report."""

    def __init__(self) -> None:
        self.error_text = ""

    def debug(self, message: str) -> None:
        pass

    def info(self, message: str) -> None:
        pass

    def warning(self, message: str) -> None:
        pass

    def error(self, message: str) -> None:
        self.error_text = message


def fetch_media(url: str, folder: Path, options: CaptureOptions) -> MediaFile | MediaFailure:
    """Download the media at ``url`` into ``folder``."""
    try:
        check_url(url)
        if not options.allows_private(url):
            check_host(url, options.resolver())
    except CaptureRefused as refused:
        return MediaFailure(url, str(refused))
    import yt_dlp

    folder.mkdir(parents=True, exist_ok=True)
    logger = _Quiet()
    settings: dict[str, Any] = {
        "outtmpl": str(folder / "%(id).80s.%(ext)s"),
        "restrictfilenames": True,
        "noplaylist": True,
        "max_filesize": options.max_media_size,
        "socket_timeout": min(options.timeout, 60),
        "noprogress": True,
        "quiet": True,
        "no_warnings": True,
        "logger": logger,
        "cachedir": False,
        "overwrites": True,
        # One file, as served: merging formats would need ffmpeg, which is not required.
        "format": "best",
    }
    if options.proxy:
        settings["proxy"] = options.proxy
    try:
        with yt_dlp.YoutubeDL(settings) as downloader:
            info = downloader.extract_info(url, download=True)
            described = downloader.sanitize_info(info) if info else {}
    except Exception as error:  # yt-dlp raises its own and its extractors' errors alike
        return MediaFailure(url, _reason(str(error) or logger.error_text))
    downloads = described.get("requested_downloads") or []
    paths = [Path(d["filepath"]) for d in downloads if d.get("filepath")]
    kept = [path for path in paths if path.is_file()]
    if not kept:
        return MediaFailure(
            url, f"nothing downloaded (larger than {options.max_media_size:,} bytes, or no media)"
        )
    described.pop("requested_downloads", None)
    described.pop("http_headers", None)
    return MediaFile(url, kept[0], described)


def info_json(info: dict[str, Any]) -> bytes:
    return json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode()


def _reason(message: str) -> str:
    line = message.strip().splitlines()[0] if message.strip() else "yt-dlp failed"
    return line.removeprefix("ERROR: ")[:300]
