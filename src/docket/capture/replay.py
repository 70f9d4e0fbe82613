"""Replay from a WACZ: archived responses looked up in its CDXJ index and read from its WARC,
and archived pages rewritten so that everything they load comes from the archive too.

Nothing here fetches: a response not in the archive is simply missing. The rewritten page keeps
no scripts, frames, plug-ins, ``<base>`` or refreshes, and every address it names points back at
the replay route, so a page shown from the archive cannot reach the network or the workspace.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import urljoin, urlsplit

from warcio.archiveiterator import ArchiveIterator

from docket.capture.wacz import INDEX_PATH, PAGES_PATH, WARC_PATH
from docket.capture.warc import ORIGINAL_HEADER_PREFIX

MAX_HOPS: Final = 5
# Headers of an archived response that may be passed on when it is replayed; the rest (cookies,
# caching, security policies of the original site) belong to the site, not to the replay.
REPLAYED_HEADERS: Final = frozenset({"content-type", "content-language", "last-modified"})
_DROPPED_ELEMENTS: Final = (
    "script",
    "noscript",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "portal",
)
_DROPPED_META: Final = frozenset(
    {"refresh", "content-security-policy", "set-cookie", "content-type"}
)
_URL_ATTRIBUTES: Final = ("src", "href", "poster", "data", "action", "background")
_TAG_NAME: Final = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")
# An attribute's name as a browser reads one: "<a\t<script>" makes an anchor with an attribute
# named "<script", harmless but spelling "<script" when written out, so such names are dropped.
_ATTRIBUTE_NAME: Final = re.compile(r"[^\s\"'<>/=\x00-\x1f]+")
_CSS_URL: Final = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT: Final = re.compile(r"""@import\s+(['"])([^'"]*)\1""", re.IGNORECASE)

Rewrite = Callable[[str], str]

# Characters an XML tree cannot hold (C0 controls but tab and line ends, and the non-characters).
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class ArchivedResponse:
    url: str
    status: int
    media_type: str
    headers: list[tuple[str, str]]
    body: bytes


class WaczReader:
    """The archived responses of one WACZ file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def main_url(self) -> str | None:
        with zipfile.ZipFile(self.path) as wacz:
            lines = wacz.read(PAGES_PATH).decode("utf-8").splitlines()
        for line in lines[1:]:
            url = json.loads(line).get("url")
            if isinstance(url, str):
                return url
        return None

    def get(self, url: str) -> ArchivedResponse | None:
        """The archived response to ``url``, redirects within the archive followed."""
        with zipfile.ZipFile(self.path) as wacz:
            index = self._index(wacz)
            for _ in range(MAX_HOPS + 1):
                where = index.get(_key(url))
                if where is None:
                    return None
                found = self._read(wacz, url, *where)
                location = _header(found.headers, "location")
                if not (300 <= found.status < 400 and location):
                    return found
                url = urljoin(url, location)
        return None

    @staticmethod
    def _index(wacz: zipfile.ZipFile) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for line in wacz.read(INDEX_PATH).decode("utf-8").splitlines():
            parts = line.split(" ", 2)
            if len(parts) != 3:
                continue
            fields = json.loads(parts[2])
            # The newest response wins, as a browser would have seen it last.
            found[_key(fields["url"])] = (int(fields["offset"]), int(fields["length"]))
        return found

    @staticmethod
    def _read(wacz: zipfile.ZipFile, url: str, offset: int, length: int) -> ArchivedResponse:
        with wacz.open(WARC_PATH) as warc:
            warc.seek(offset)
            member = warc.read(length)
        for record in ArchiveIterator(
            io.BytesIO(gzip.decompress(member) if member[:2] == b"\x1f\x8b" else member)
        ):
            if record.rec_type != "response":
                continue
            http = record.http_headers
            headers = [
                (name, value)
                for name, value in http.headers
                if not name.startswith(ORIGINAL_HEADER_PREFIX)
            ]
            media_type = (http.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
            return ArchivedResponse(
                url,
                int(http.get_statuscode() or 0),
                media_type,
                headers,
                record.content_stream().read(),
            )
        raise ValueError("no response record at the indexed offset")


def rewrite_html(html: bytes, base: str, link: Rewrite, charset: str | None = None) -> bytes:
    """The archived page with its active content removed and its addresses sent to ``link``,
    as UTF-8; ``charset`` is the one its Content-Type header named, which wins over the page's
    own declaration, as in a browser."""
    from lxml import html as lxml_html

    source: bytes | str = html
    if charset:
        with contextlib.suppress(LookupError):
            source = html.decode(charset, "replace")
    try:
        document = lxml_html.document_fromstring(source)
    except (ValueError, lxml_html.etree.ParserError):
        return b"<!doctype html><p>This archived page could not be read.</p>"
    # The HTML parser keeps control characters that lxml refuses in any text set afterwards,
    # and dropping an element joins its tail to a neighbour's text: they go first.
    for node in document.iter():
        if node.text and _NOT_XML.search(node.text):
            node.text = _NOT_XML.sub("", node.text)
        if node.tail and _NOT_XML.search(node.tail):
            node.tail = _NOT_XML.sub("", node.tail)
    # Collected first: dropping an element while iterating would skip its next sibling.
    for element in list(document.iter(*_DROPPED_ELEMENTS)):
        element.drop_tree()
    # Comments and processing instructions show nothing, and old browsers' conditional
    # comments ("<!--[if IE]><script>…") are active content.
    for node in list(document.iter(lxml_html.etree.Comment, lxml_html.etree.ProcessingInstruction)):
        node.drop_tree()
    # A malformed tag such as "<a<script>" is kept by the parser as an element named
    # "a<script": harmless to a browser, which reads the name the same way, but written out it
    # spells "<script"; such elements lose their tag and keep their text.
    for element in list(document.iter()):
        if isinstance(element.tag, str) and not _TAG_NAME.fullmatch(element.tag):
            element.drop_tag()
    for element in list(document.iter("meta")):
        equivalent = (element.get("http-equiv") or "").lower()
        # Refreshes leave the archive; the page's own charset no longer holds (it is served
        # as UTF-8); policies and cookies are the site's, not the replay's.
        if equivalent in _DROPPED_META or element.get("charset") is not None:
            element.drop_tree()
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in list(element.attrib):
            lowered = attribute.lower()
            value = element.attrib[attribute]
            if (
                lowered.startswith("on")
                or lowered in ("srcdoc", "ping", "formaction")
                or not _ATTRIBUTE_NAME.fullmatch(attribute)
            ):
                del element.attrib[attribute]
            elif lowered in _URL_ATTRIBUTES:
                element.attrib[attribute] = _address(value, base, link)
            elif lowered in ("srcset", "imagesrcset"):
                element.attrib[attribute] = ", ".join(
                    " ".join([_address(part.split()[0], base, link), *part.split()[1:]])
                    for part in value.split(",")
                    if part.split()
                )
            elif lowered == "style":
                element.attrib[attribute] = rewrite_css(value, base, link)
        if element.tag == "style" and element.text:
            element.text = rewrite_css(element.text, base, link)
    written: bytes = lxml_html.tostring(document, doctype="<!doctype html>", encoding="utf-8")
    return written


def rewrite_css(css: str, base: str, link: Rewrite) -> str:
    css = _CSS_URL.sub(lambda m: f'url("{_address(m.group(2), base, link)}")', css)
    return _CSS_IMPORT.sub(lambda m: f'@import "{_address(m.group(2), base, link)}"', css)


def _address(value: str, base: str, link: Rewrite) -> str:
    value = value.strip()
    if not value or value.startswith("#"):
        return value
    if value.lower().startswith("data:"):
        return value
    absolute = urljoin(base, value)
    if urlsplit(absolute).scheme not in ("http", "https"):
        return "#"
    return link(absolute)


def charset_of(headers: list[tuple[str, str]]) -> str | None:
    """The charset a Content-Type header names, if any."""
    value = _header(headers, "content-type") or ""
    for parameter in value.split(";")[1:]:
        name, _, given = parameter.partition("=")
        if name.strip().lower() == "charset" and given.strip():
            return given.strip().strip('"')
    return None


def _key(url: str) -> str:
    return url.split("#", 1)[0]


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)
