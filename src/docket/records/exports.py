"""Writing records out: JSON Lines (the interchange form), CSV (one row per value) and
FollowTheMoney entities.

Exports read through the viewer's filter like every other path, redact protected values unless
the viewer may see them and asks, and enter the chain of custody: one entry per export, naming
the confidential records it contains and whether protected values were revealed.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Iterator, Mapping, Set
from typing import TYPE_CHECKING, Final, TextIO

from docket.db.engine import writing
from docket.errors import DocketError
from docket.items import ItemStore
from docket.model.access import Viewer
from docket.records.audit import RecordAction
from docket.records.ftm import ftm_entities
from docket.records.values import display
from docket.records.views import Citation, RecordView

if TYPE_CHECKING:
    from docket.records.store import RecordStore

FORMATS: Final = ("jsonl", "csv", "ftm")
CSV_COLUMNS: Final = (
    "record",
    "type",
    "confidentiality",
    "title",
    "field",
    "value_id",
    "value",
    "value_json",
    "preferred",
    "reason",
    "citations",
)
# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets (the
# full-width forms too, in East Asian locales): text from a hostile document could run
# =HYPERLINK(...) or DDE in an analyst's spreadsheet. Such a cell is written with a leading
# apostrophe, which spreadsheets show as text and hide.
FORMULA_STARTS: Final = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def spreadsheet_safe(cell: object) -> object:
    """``cell`` as a spreadsheet will take it as text, never as a formula."""
    if isinstance(cell, str) and cell[:1] in FORMULA_STARTS:
        return "'" + cell
    return cell


def export_records(
    store: RecordStore,
    out: TextIO,
    *,
    fmt: str = "jsonl",
    type_name: str | None = None,
    reveal: bool = False,
    include_retracted: bool = False,
    identities: Mapping[int, int] | None = None,
    unconfirmed: Set[int] = frozenset(),
) -> int:
    """Write every record the viewer may see to ``out``; returns how many were written.

    ``identities`` maps each linked record (``docket link``) to its identity's id (its
    smallest member the viewer may see), ``unconfirmed`` the records whose link no reviewer
    confirmed: JSON Lines give each record its ``identity`` (null when not linked), the
    FollowTheMoney export a ``Similar`` link from each other member to the identity's record."""
    same = {} if identities is None else dict(identities)
    viewer = store.viewer
    if fmt not in FORMATS:
        raise DocketError(f"unknown export format {fmt!r}; formats: {', '.join(FORMATS)}")
    if type_name is not None:
        store.types.get(type_name)
    views = store.views(
        type_names=None if type_name is None else [type_name],
        include_retracted=include_retracted,
        reveal=reveal,
        quotes=True,
    )
    if fmt == "jsonl":
        for view in views:
            line = {**view.to_json(), "identity": same.get(view.id)}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        writer.writerows([spreadsheet_safe(cell) for cell in row] for row in _csv_rows(views))
    else:
        items = ItemStore(store.kernel, viewer).get
        for entity in ftm_entities(views, items, same_as=same, unconfirmed=unconfirmed):
            out.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
    _log(store, viewer, views, fmt, reveal)
    return len(views)


def _csv_rows(views: list[RecordView]) -> Iterator[list[object]]:
    for view in views:
        for value in view.values:
            spec = view.type.field(value.field)
            yield [
                view.id,
                view.type.name,
                view.confidentiality,
                view.title,
                value.field,
                value.id,
                display(spec, value.value, view.names),
                json.dumps(value.value, ensure_ascii=False, sort_keys=True),
                "yes" if value.preferred else "no",
                value.reason or "",
                "; ".join(_cited(c) for c in value.citations),
            ]


def _cited(citation: Citation) -> str:
    """A citation's item and offsets, then the words it quotes (as a JSON string, so quotes and
    semicolons inside them stay unambiguous): ``12:40-61 "fired upon"``, with "(moved)" when the
    item's newest working copy no longer has those words there."""
    where = f"{citation.item_id}:{citation.start}-{citation.end}"
    if citation.quote is None:
        return where
    moved = " (moved)" if citation.drifted else ""
    return f"{where} {json.dumps(citation.quote, ensure_ascii=False)}{moved}"


def _log(
    store: RecordStore, viewer: Viewer, views: list[RecordView], fmt: str, reveal: bool
) -> None:
    payload = {
        "export_id": str(uuid.uuid4()),
        "format": fmt,
        "records": len(views),
        "confidential": [view.id for view in views if view.confidentiality == "confidential"],
        "revealed": [
            view.id for view in views if any(v.protected and not v.redacted for v in view.values)
        ],
        "viewer_role": viewer.role.value,
    }
    with writing(store.kernel.engine) as connection:
        store.kernel.custody.append(
            connection, RecordAction.EXPORTED, "records", payload, actor=viewer.name
        )
    store.kernel.checkpoint()
