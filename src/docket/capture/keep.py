"""A capture kept as one item: the original (the WACZ, or the file a link answered with), its
renditions (screenshot, PDF print, capture metadata, working-copy text), custody and search entry.

As in ingest, the blobs are made durable first and then one transaction adds the item, its
renditions, their custody entries and its search entry together: a crash or an error leaves no
item half-written, only unreferenced blobs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, insert, select

from docket.db.engine import reading, writing
from docket.db.schema import items, renditions
from docket.evidence.blobs import StagedBlob
from docket.evidence.custody import Action, utc_now
from docket.ingest.filenames import clean_line, stored_name
from docket.ingest.formats import Extraction
from docket.ingest.provenance import Provenance
from docket.kernel import Kernel
from docket.model.access import Visibility
from docket.search import SearchDocument, index_item

# What each kind of rendition of a capture is.
SCREENSHOT: Final = "screenshot"
PDF_PRINT: Final = "pdf"
CAPTURE_METADATA: Final = "capture"
MEDIA_METADATA: Final = "media-metadata"
TEXT: Final = "text"


@dataclass(frozen=True)
class Rendition:
    kind: str
    blob: StagedBlob
    tool: str
    tool_version: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kept:
    item_id: int
    sha256: str


def earlier_capture(
    kernel: Kernel, url: str, media_types: tuple[str, ...], visibility: Visibility
) -> int | None:
    """The newest capture of ``url`` the viewer may see, if any."""
    with reading(kernel.engine) as connection:
        found = connection.execute(
            select(items.c.id)
            .where(
                items.c.source_url == url,
                items.c.media_type.in_(media_types),
                items.c.parent_id.is_(None),
                visibility.clause(items.c.confidentiality),
            )
            .order_by(items.c.id.desc())
            .limit(1)
        ).scalar()
    return None if found is None else int(found)


def existing_item(kernel: Kernel, sha256: str) -> int | None:
    """The item that already holds these bytes, if any (whoever may see it)."""
    with reading(kernel.engine) as connection:
        found = connection.execute(select(items.c.id).where(items.c.sha256 == sha256)).scalar()
    return None if found is None else int(found)


def seen_again(
    kernel: Kernel, actor: str, item_id: int, provenance: Provenance, capture: dict[str, Any]
) -> None:
    """The same bytes captured again: a custody entry on the item that holds them."""
    with writing(kernel.engine) as connection, kernel.custody.batch(connection, actor=actor) as log:
        log.append(
            Action.SEEN_AGAIN,
            f"item:{item_id}",
            {
                "name": capture.get("url"),
                "received_at": utc_now(),
                "provenance": provenance.to_json(),
                "capture": capture,
            },
            item_id=item_id,
        )


def keep(
    kernel: Kernel,
    actor: str,
    *,
    original: StagedBlob,
    media_type: str,
    name: str,
    provenance: Provenance,
    capture: dict[str, Any],
    extraction: Extraction | None,
    language: str | None,
    text: StagedBlob | None,
    extras: list[Rendition],
    text_failure: str | None = None,
    parent_id: int | None = None,
) -> Kept:
    """Store the capture; the staged blobs are committed here (or discarded on failure)."""
    staged = [original, *(r.blob for r in extras), *([text] if text is not None else [])]
    try:
        kernel.blobs.commit(staged)
    except BaseException:
        kernel.blobs.discard(staged)
        raise
    found: dict[str, str] = dict(extraction.metadata) if extraction else {}
    values: dict[str, Any] = {
        "sha256": original.stored.sha256,
        "size": original.stored.size,
        "media_type": media_type,
        "original_name": stored_name(name),
        "title": _label(
            provenance.title
            or capture.get("title")
            or (extraction.title if extraction is not None else None)
        ),
        "author": _label(provenance.author or found.get("author")),
        "published": provenance.published or _iso_date(found.get("published")),
        "language": language,
        "source_url": provenance.source_url,
        "collected_at": utc_now(),
        "collected_by": provenance.collected_by,
        "translation_of": None,
        "parent_id": parent_id,
        "confidentiality": provenance.confidentiality,
        "reliability": None,
        "notes": provenance.note,
    }
    with writing(kernel.engine) as connection, kernel.custody.batch(connection, actor=actor) as log:
        item_id = _new_id(connection, insert(items).values(values))
        subject = f"item:{item_id}"
        log.append(
            Action.RECEIVED,
            subject,
            {
                "item": values,
                "provenance": provenance.to_json(),
                "found_metadata": found,
                "capture": capture,
            },
            item_id=item_id,
        )
        # The working copy goes last: the newest rendition is the one a bag's check reads.
        for extra in extras:
            row = _rendition(connection, item_id, extra)
            log.append(Action.RENDITION_DERIVED, subject, row, item_id=item_id)
        if extraction is not None and text is not None:
            row = _rendition(
                connection,
                item_id,
                Rendition(TEXT, text, extraction.tool, extraction.tool_version, extraction.notes),
                page_starts=list(extraction.page_starts),
            )
            log.append(Action.TEXT_DERIVED, subject, row, item_id=item_id)
        elif text_failure is not None:
            log.append(Action.TEXT_FAILED, subject, {"reason": text_failure}, item_id=item_id)
        body = extraction.text if extraction else ""
        also = (capture.get("final_url"),)
        index_item(connection, SearchDocument.of_item(item_id, values, body, also))
    return Kept(item_id, original.stored.sha256)


def _rendition(
    connection: Connection, item_id: int, rendition: Rendition, page_starts: list[int] | None = None
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "item_id": item_id,
        "kind": rendition.kind,
        "sha256": rendition.blob.stored.sha256,
        "size": rendition.blob.stored.size,
        "tool": rendition.tool[:64],
        "tool_version": rendition.tool_version[:64],
        "created_at": utc_now(),
        "page_starts": json.dumps(page_starts or []),
        "notes": json.dumps(list(rendition.notes), ensure_ascii=False),
    }
    row["id"] = _new_id(connection, insert(renditions).values(row))
    return row


def _new_id(connection: Connection, statement: Any) -> int:
    key = connection.execute(statement).inserted_primary_key
    assert key is not None
    return int(key[0])


def _iso_date(value: str | None) -> str | None:
    from datetime import date

    if not value:
        return None
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return None
    return value[:10]


def _label(text: str | None) -> str | None:
    return clean_line(text) or None if text else None
