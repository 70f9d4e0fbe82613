"""What the commit of a batch writes, in one transaction: the new items' rows and their working
copies', the custody entries of every file (received, or seen again), and the new items' search
entries."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, select

from docket.db.bulk import insert_rows
from docket.db.schema import items, renditions
from docket.evidence.custody import Action, Appender, utc_now
from docket.ingest.filenames import clean_line, name_bytes, stored_name
from docket.ingest.pending import Pending
from docket.search import SearchDocument, index_items

# Built once: building a statement per item, with its values inlined, cost more than running it.
_ITEM_BY_SHA = select(
    items.c.id, items.c.parent_id, items.c.media_type, items.c.confidentiality
).where(items.c.sha256 == bindparam("sha256"))


def item_by_sha(connection: Connection, sha256: str) -> Any:
    return connection.execute(_ITEM_BY_SHA, {"sha256": sha256}).first()


def commit_batch(connection: Connection, log: Appender, batch: list[Pending]) -> None:
    """Write the batch's rows and custody entries, then index its new items together.

    The rows of a batch go in with one statement per table (ids reserved first, as record
    import does); the custody entries follow in the batch's order, each item's received
    entry before its working copy's."""
    new = [pending for pending in batch if pending.existing is None]
    rows = [_item_row(pending) for pending in new]
    for pending, item_id in zip(new, _insert(connection, items, rows), strict=True):
        pending.item_id = item_id
    texts = [(pending, _rendition_row(pending)) for pending in new if pending.working_copy]
    _insert(connection, renditions, [row for _, row in texts])
    made = {id(pending): row for pending, row in texts}
    values_of = {id(pending): row for pending, row in zip(new, rows, strict=True)}
    documents = []
    for pending in batch:
        if pending.existing is not None:
            _seen_again(log, pending)
        else:
            documents.append(_log_new(log, pending, values_of[id(pending)], made.get(id(pending))))
    index_items(connection, documents)


def _seen_again(log: Appender, pending: Pending) -> None:
    log.append(
        Action.SEEN_AGAIN,
        f"item:{pending.existing.id}",
        {
            "name": stored_name(pending.name),
            **_raw_name(pending.name),
            "parent_id": pending.parent_id,
            "received_at": utc_now(),
            "provenance": pending.provenance.to_json(),
        },
        item_id=pending.existing.id,
    )


def _item_row(pending: Pending) -> dict[str, Any]:
    """The new item's row, without its id."""
    derived = pending.derived
    assert derived is not None
    extraction = derived.extraction
    provenance = pending.provenance
    blob = pending.original.stored
    found = extraction.metadata if extraction else {}
    return {
        "sha256": blob.sha256,
        "size": blob.size,
        "media_type": derived.media_type,
        "original_name": stored_name(pending.name),
        "title": _label(provenance.title or (extraction.title if extraction else None)),
        "author": _label(provenance.author or found.get("author")),
        "published": provenance.published or _iso_date(found.get("published")),
        "language": derived.language,
        "source_url": provenance.source_url,
        "collected_at": utc_now(),
        "collected_by": provenance.collected_by,
        "translation_of": provenance.translation_of,
        "parent_id": pending.parent_id,
        "confidentiality": provenance.confidentiality,
        "reliability": None,
        "notes": provenance.note,
    }


def _log_new(
    log: Appender,
    pending: Pending,
    row: dict[str, Any],
    rendition: dict[str, Any] | None,
) -> SearchDocument:
    """The custody entries of a new item (written with ``row``, and ``rendition`` when it
    has a working copy); what the index is to hold of it."""
    derived = pending.derived
    assert derived is not None
    assert pending.item_id is not None
    extraction = derived.extraction
    item_id = pending.item_id
    subject = f"item:{item_id}"
    values = {key: value for key, value in row.items() if key != "id"}
    log.append(
        Action.RECEIVED,
        subject,
        {
            "item": values,
            "provenance": pending.provenance.to_json(),
            "found_metadata": dict(extraction.metadata) if extraction else {},
            **_raw_name(pending.name),
        },
        item_id=item_id,
    )
    if rendition is not None:
        log.append(Action.TEXT_DERIVED, subject, rendition, item_id=item_id)
    elif derived.failure is not None:
        log.append(Action.TEXT_FAILED, subject, {"reason": derived.failure}, item_id=item_id)
    return SearchDocument.of_item(item_id, values, extraction.text if extraction else "")


# -- containers ------------------------------------------------------------------------


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` and give their new ids, in order. Many go in by the driver's bulk path,
    ids reserved first; one alone by a plain statement, which reports a clash of its unique
    columns as SQLAlchemy's IntegrityError (what a commit of one item retries on)."""
    if len(rows) > 1:
        return insert_rows(connection, table, rows)
    ids = []
    for row in rows:
        key = connection.execute(insert(table), row).inserted_primary_key
        assert key is not None
        row["id"] = int(key[0])
        ids.append(row["id"])
    return ids


def _rendition_row(pending: Pending) -> dict[str, Any]:
    """The row of a new item's working copy (its item id known), without its own id."""
    derived = pending.derived
    assert derived is not None
    assert derived.extraction is not None
    assert derived.text_blob is not None
    assert pending.item_id is not None
    extraction = derived.extraction
    text_blob = derived.text_blob.stored
    return {
        "item_id": pending.item_id,
        "kind": "text",
        "sha256": text_blob.sha256,
        "size": text_blob.size,
        "tool": extraction.tool,
        "tool_version": extraction.tool_version,
        "created_at": utc_now(),
        "page_starts": json.dumps(list(extraction.page_starts)),
        "notes": json.dumps(list(extraction.notes), ensure_ascii=False),
    }


def _raw_name(name: str) -> dict[str, str]:
    """The name's bytes as given, for the custody entry, when the kept name differs."""
    raw = name_bytes(name)
    return {} if raw is None else {"name_bytes": raw}


def _iso_date(value: str | None) -> str | None:
    """Keep a found publication date only when it is a plain calendar date."""
    if not value:
        return None
    candidate = value[:10]
    try:
        date.fromisoformat(candidate)
    except ValueError:
        return None
    return candidate


def _label(text: str | None) -> str | None:
    """A title or author as shown to people: no display tricks, None when nothing is left."""
    return clean_line(text) or None if text else None
