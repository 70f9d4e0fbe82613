"""The extract command: people, places, dates, counts, acts and responses an item mentions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from docket.archive import Archive
from docket.cli.context import EXIT_PROBLEMS, err, opened, out, reports_errors
from docket.errors import InvalidDate
from docket.extract.document import extract_document_with_notes
from docket.extract.gazetteer import Gazetteer
from docket.extract.mentions import MentionKind
from docket.ingest.provenance import Provenance
from docket.records import Viewer

# Record types whose names the archive already knows, and the kind of mention each one is.
_KNOWN_KINDS: dict[str, MentionKind] = {
    "person": "person",
    "organisation": "organization",
    "place": "place",
}


def register(app: typer.Typer) -> None:
    app.command()(extract)


def item_day(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _given_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidDate(f"--document-date must be YYYY-MM-DD, not {text!r}") from None


def archive_gazetteer(archive: Archive) -> Gazetteer:
    viewer = Viewer.owner()
    names: list[tuple[MentionKind, str, str]] = []
    for type_name, kind in _KNOWN_KINDS.items():
        for record in archive.records.list_records(viewer, type_name=type_name):
            for value in record.field_values("name"):
                if value.redacted:
                    continue
                raw = value.value
                text = raw.get("text") if isinstance(raw, dict) else raw
                if isinstance(text, str) and text.strip():
                    names.append((kind, text, record.key))
    return Gazetteer.from_names(names)


def resolve_items(archive: Archive, targets: list[str]) -> tuple[list[int], int]:
    """Items to extract, in order: ids as given, files ingested first; and how many failed."""
    ids: list[int] = []
    failed = 0
    for target in targets:
        if target.strip().isdigit():
            ids.append(int(target))
            continue
        for result in archive.ingest([Path(target)], Provenance()):
            if result.id is None:
                failed += 1
                err.print(f"[red]error[/red] {escape(result.path)}: {escape(result.error or '')}")
            elif result.id not in ids:
                ids.append(result.id)
    return ids, failed


def _summary(document: dict[str, Any]) -> None:
    out.print(
        f"[bold]item {document['item']}[/bold] language {document['language'] or '?'}, "
        f"dated {document['document_date'] or '?'}"
    )
    for entity in document["entities"]:
        known = f" → {entity['archive_id']}" if entity["archive_id"] else ""
        out.print(
            f"  {entity['kind']:<12} {escape(entity['name'])}{escape(known)} "
            f"({len(entity['mentions'])}×)"
        )
    for found in document["dates"]:
        value = found["value"]
        out.print(f"  {'date':<12} {escape(found['text'])} = {value['start']}..{value['end']}")
    for found in document["counts"]:
        out.print(f"  {'count':<12} {escape(found['text'])}")
    for section, name in (("acts", "act"), ("interventions", "intervention")):
        for found in document[section]:
            out.print(f"  {name:<12} {escape(found['label'])} ({found['start']}–{found['end']})")


@reports_errors
def extract(
    ctx: typer.Context,
    targets: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE_OR_ID...",
            help="Item ids, or files to ingest first.",
            show_default=False,
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per item on stdout.")
    ] = False,
    document_date: Annotated[
        str | None,
        typer.Option(
            help="Date the document speaks from, YYYY-MM-DD (default: published, else collected).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Propose people, organisations, places, dates, counts, acts and interventions of items.

    Names already in the archive's records are linked to them. Nothing is stored: the output is
    a proposal for review. Exit status is 1 when any file could not be ingested.
    """
    given = _given_date(document_date)
    with opened(ctx) as archive:
        ids, failed = resolve_items(archive, targets)
        gazetteer = archive_gazetteer(archive)
        for item_id in ids:
            item = archive.get_item(item_id)
            anchor = given or item_day(item.get("published")) or item_day(item.get("collected_at"))
            extraction = extract_document_with_notes(
                archive.text(item_id),
                item_id=item_id,
                language=item.get("language"),
                document_date=anchor,
                gazetteer=gazetteer,
            )
            for note in extraction.notes:
                err.print(f"[yellow]note[/yellow] item {item_id}: {escape(note)}")
            if as_json:
                print(json.dumps(extraction.document, ensure_ascii=False), flush=True)
            else:
                _summary(extraction.document)
    if failed:
        raise typer.Exit(EXIT_PROBLEMS)
