"""The extract command: people, places, dates, counts, acts and responses an item mentions."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Final

import typer
from rich.console import Console
from rich.markup import escape

from docket.cli.context import EXIT_PROBLEMS, archive_as, err, out, progress_bar, reports_errors
from docket.door import Door, Extraction, Provenance
from docket.errors import DocketError, InvalidDate, ItemNotFound

_ID_RANGE: Final = re.compile(r"(\d+)\s*-\s*(\d+)")


def register(app: typer.Typer) -> None:
    app.command()(extract)


def _given_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidDate(f"--document-date must be YYYY-MM-DD, not {text!r}") from None


def _range(target: str) -> tuple[int, int] | None:
    found = _ID_RANGE.fullmatch(target.strip())
    if found is None or Path(target).exists():
        return None
    first, last = int(found.group(1)), int(found.group(2))
    if first > last:
        raise DocketError(f"the range {target!r} runs backwards")
    return first, last


def resolve_items(
    archive: Door, targets: list[str], *, every: bool = False
) -> tuple[list[int], int]:
    """Items to extract, in order: ids and ranges (``10-200``) as given, files ingested first,
    or every item with ``every``; and how many files failed.

    An id that names no item is an error before anything is read; a range takes the items that
    exist in it.
    """
    known = archive.items.ids()
    if every:
        if targets:
            raise DocketError("give item ids or --all, not both")
        return list(known), 0
    if not targets:
        raise DocketError("give item ids, ranges (10-200) or files, or --all")
    existing = set(known)
    ids: list[int] = []
    seen: set[int] = set()
    failed = 0

    def add(item_id: int) -> None:
        if item_id not in seen:
            seen.add(item_id)
            ids.append(item_id)

    for target in targets:
        bounds = _range(target)
        if target.strip().isdigit():
            if int(target) not in existing:
                raise ItemNotFound(f"no item {int(target)}")
            add(int(target))
        elif bounds is not None:
            for item_id in sorted(i for i in existing if bounds[0] <= i <= bounds[1]):
                add(item_id)
        else:
            for result in archive.items.ingest([Path(target)], Provenance()):
                if result.id is None:
                    failed += 1
                    err.print(
                        f"[red]error[/red] {escape(result.path)}: {escape(result.error or '')}"
                    )
                else:
                    add(result.id)
    return ids, failed


def extractions(
    archive: Door, ids: list[int], given: date | None, workers: int, verb: str
) -> Iterator[tuple[Extraction, Console]]:
    """Each item's extraction, streamed, with a progress bar on stderr while it runs.

    The console given with each extraction prints above the bar without breaking it.
    """
    progress = progress_bar(f"[bold]{verb}", remaining=True)
    with progress:
        task = progress.add_task(verb, total=len(ids))
        for extraction in archive.extract(ids, given, workers=workers):
            yield extraction, progress.console
            progress.advance(task)


def _summary(document: dict[str, Any]) -> None:
    out.print(
        f"[bold]item {document['item']}[/bold] language {document['language'] or '?'}, "
        f"dated {document['document_date'] or '?'}"
    )
    for entity in document["entities"]:
        link = entity.get("link")
        known = f" → {link['archive_id']} ({link['reason']})" if link else ""
        if entity.get("candidates"):
            known = f" → one of {len(entity['candidates'])} records? (for review)"
        role = f", {entity['role']['text']}" if entity.get("role") else ""
        out.print(
            f"  {entity['kind']:<12} {escape(entity['name'])}{escape(role)}{escape(known)} "
            f"({len(entity['mentions'])}×)"
        )
    for found in document["dates"]:
        value = found["value"]
        out.print(f"  {'date':<12} {escape(found['text'])} = {value['start']}..{value['end']}")
    for found in document["counts"]:
        out.print(f"  {'count':<12} {escape(found['text'])}")
    for section, name in (("acts", "act"), ("interventions", "intervention")):
        for found in document[section]:
            who = [
                f"{role} {actor['name']}"
                for role in ("victim", "perpetrator", "by", "toward")
                # An act's role lists everyone the text coordinates in it.
                for actor in (
                    found[role] if isinstance(found.get(role), list) else [found.get(role)]
                )
                if isinstance(actor, dict)
            ]
            shown = f" [{'; '.join(who)}]" if who else ""
            out.print(
                f"  {name:<12} {escape(found['label'])}{escape(shown)} "
                f"({found['start']}–{found['end']})"
            )
    for claim in document.get("claims", []):
        claimant = claim.get("claimant")
        speaker = f"{claimant['name']}: " if isinstance(claimant, dict) else ""
        out.print(
            f"  {'claim':<12} {escape(speaker)}{escape(claim['statement']['text'])} "
            f"({claim['start']}–{claim['end']})"
        )


Targets = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="FILE_OR_ID...",
        help="Item ids, ranges of ids (10-200), or files to ingest first.",
        show_default=False,
    ),
]
Every = Annotated[bool, typer.Option("--all", help="Every item in the archive.")]
Workers = Annotated[
    int,
    typer.Option(
        min=0,
        help="Extract in this many worker processes (each loads the models once); 0: in this one.",
    ),
]


@reports_errors
def extract(
    ctx: typer.Context,
    targets: Targets = None,
    every: Every = False,
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
    workers: Workers = 0,
) -> None:
    """Propose people, organisations, places, dates, counts, acts and interventions of items.

    Names already in the archive's records are linked to them. Nothing is stored: the output is
    a proposal for review. Items are read as a stream, so any number of them fits in memory.
    Exit status is 1 when any file could not be ingested.
    """
    given = _given_date(document_date)
    with archive_as(ctx) as archive:
        ids, failed = resolve_items(archive, targets or [], every=every)
        for extraction, console in extractions(archive, ids, given, workers, "extract"):
            item_id = extraction.document["item"]
            for note in extraction.notes:
                console.print(f"[yellow]note[/yellow] item {item_id}: {escape(note)}")
            if as_json:
                print(json.dumps(extraction.document, ensure_ascii=False), flush=True)
            else:
                _summary(extraction.document)
    if failed:
        raise typer.Exit(EXIT_PROBLEMS)
