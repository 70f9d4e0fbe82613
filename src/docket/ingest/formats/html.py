"""Web pages: the main text and the page's own metadata, through trafilatura."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docket.ingest.formats.decoding import Decoded, decode_bytes
from docket.ingest.formats.extraction import Extraction, build_extraction, package_version

# Saved pages past this size are not articles; lxml and trafilatura would need gigabytes for them.
MAX_HTML_BYTES = 64 << 20

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_METADATA_FIELDS = {
    "author": "author",
    "date": "published",
    "sitename": "sitename",
    "description": "description",
    "url": "url",
}
_NO_MAIN_TEXT = "no main text found; the text of the whole page was kept"


def extract_html(path: Path) -> Extraction:
    with path.open("rb") as file:
        data = file.read(MAX_HTML_BYTES + 1)
    notes: list[str] = []
    if len(data) > MAX_HTML_BYTES:
        data = data[:MAX_HTML_BYTES]
        notes.append(f"only the first {MAX_HTML_BYTES:,} bytes were read")
    decoded = decode_bytes(data, declared=declared_charset(data), partial=bool(notes))
    if decoded is None:
        # The content was recognised as markup; a damaged page is still worth reading.
        text = data.decode("utf-8", "replace")
        decoded = Decoded(text, "utf-8", text.count("\ufffd"))
    if decoded.replaced:
        notes.append(f"{decoded.replaced:,} invalid UTF-8 sequences replaced with U+FFFD")
    from trafilatura.metadata import extract_metadata

    document: Any = _main_text_document(decoded.text)
    if document is None:
        text = visible_text(decoded.text)
        notes.append(_NO_MAIN_TEXT)
        document = extract_metadata(decoded.text)
    else:
        text = str(document.text)
    metadata = {
        key: str(value)
        for field, key in _METADATA_FIELDS.items()
        if (value := getattr(document, field, None))
    }
    return build_extraction(
        [text],
        title=getattr(document, "title", None) or None,
        metadata=metadata,
        tool="trafilatura",
        tool_version=package_version("trafilatura"),
        notes=notes,
    )


def html_to_text(html: str) -> str:
    """The main text of an HTML document (an email body, say), else all of its visible text."""
    document = _main_text_document(html)
    return str(document.text) if document is not None else visible_text(html)


def _main_text_document(html: str) -> Any:
    import trafilatura

    document: Any = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
    )
    if document is None or not str(document.text or "").strip():
        return None
    return document


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def visible_text(html: str) -> str:
    """Every piece of text a browser would show, one block element per line."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


class _VisibleText(HTMLParser):
    _HIDDEN = frozenset({"script", "style", "head", "template", "noscript", "svg", "title"})
    _BLOCKS = frozenset(
        {
            "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul",
            "ol", "section", "article", "header", "footer", "blockquote", "pre", "hr", "dd",
            "dt", "form", "nav", "main", "aside", "figcaption", "address",
        }
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden_depth += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self.parts.append(data)
