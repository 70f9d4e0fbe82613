"""Commands on evidence items: ingest, show, edit."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from docket.cli.context import EXIT_PROBLEMS, AsRole, archive_as, err, out, reports_errors
from docket.face import IngestOptions, IngestResult, Provenance
from docket.model.access import LEVELS as CONFIDENTIALITY_LEVELS

Level = Annotated[
    str,
    typer.Option(
        "--confidentiality",
        help=f"Who may see the items: {', '.join(CONFIDENTIALITY_LEVELS)}.",
    ),
]


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(show)
    app.command()(edit)


@reports_errors
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="Files and folders (read recursively).", show_default=False)
    ],
    source_url: Annotated[str | None, typer.Option(help="Where the items were found.")] = None,
    title: Annotated[str | None, typer.Option(help="Title (default: found in the file).")] = None,
    author: Annotated[str | None, typer.Option(help="Author or publisher.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date, YYYY-MM-DD.", show_default=False)
    ] = None,
    collected_by: Annotated[str | None, typer.Option(help="Who collected the items.")] = None,
    translation_of: Annotated[
        int | None, typer.Option(help="Id of the item these are translations of.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note kept with the items.")] = None,
    confidentiality: Level = "public",
    max_size: Annotated[
        int, typer.Option(help="Refuse files larger than this many bytes.")
    ] = IngestOptions.max_size,
    workers: Annotated[
        int,
        typer.Option(
            help="Worker processes that read files (PDF, OCR) in large batches; 0 reads them "
            "in the main process. A reader that crashes in a worker costs only that file.",
            min=0,
        ),
    ] = 0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per item on stdout.")
    ] = False,
) -> None:
    """Preserve files as evidence: store them unaltered, derive searchable text, log custody.

    Containers (.zip, .eml, .mbox) are unpacked into child items linked to their parent. The
    same bytes received again become one item with a new "seen again" custody entry. Exit
    status is 1 when any file could not be ingested (each is reported in one line).
    """
    provenance = Provenance(
        source_url=source_url,
        title=title,
        author=author,
        published=published,
        collected_by=collected_by,
        translation_of=translation_of,
        note=note,
        confidentiality=confidentiality,
    )
    tally: Counter[str] = Counter()
    with archive_as(ctx) as archive:
        total = archive.items.count_inputs(paths)
        progress = Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}"),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        )
        with progress:
            task = progress.add_task("ingest", total=total, current="")
            for result in archive.items.ingest(
                paths, provenance, IngestOptions(max_size=max_size, workers=workers)
            ):
                tally[result.status] += 1
                if result.parent_id is None:
                    progress.update(task, advance=1, current=escape(Path(result.path).name[:40]))
                if as_json:
                    print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
                    continue
                if result.status == "error":
                    progress.console.print(
                        f"[red]error[/red] {escape(result.path)}: {escape(result.error or '')}"
                    )
                for remark in result.notes:
                    progress.console.print(
                        f"[yellow]note[/yellow] {escape(result.path)}: {escape(remark)}"
                    )
                if result.item_below_provenance:
                    progress.console.print(
                        f"[yellow]note[/yellow] {escape(result.path)}: {escape(_below(result))}"
                    )
    if not as_json:
        err.print(
            f"{tally['new']} new, {tally['duplicate']} already in the archive, "
            f"{tally['error']} not ingested"
        )
    if tally["error"]:
        raise typer.Exit(EXIT_PROBLEMS)


def _below(result: IngestResult) -> str:
    return (
        f"already in the archive as item {result.id} ({result.confidentiality}); the "
        f"provenance you gave is kept at {result.provenance_kept_at}; to raise the item: "
        f"docket edit {result.id} --confidentiality {result.provenance_kept_at} --reason …"
    )


@reports_errors
def show(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(metavar="ID", help="Item id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    text_limit: Annotated[
        int, typer.Option(help="Characters of working-copy text to print (0: all).")
    ] = 3000,
    as_role: AsRole = None,
) -> None:
    """Show an item: metadata, working copies, chain of custody and text."""
    with archive_as(ctx, as_role) as archive:
        view = archive.items.show(item_id)
        text = archive.items.text(item_id)
    if as_json:
        print(json.dumps(view.to_json(text), ensure_ascii=False, indent=2))
        return
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    for key, value in view.item.items():
        if value is not None:
            table.add_row(key.replace("_", " "), escape(str(value)))
    if view.children:
        table.add_row("contains", ", ".join(str(c) for c in view.children))
    out.print(table)
    if view.renditions:
        out.print("\n[bold]Working copies[/bold]")
        for rendition in view.renditions:
            out.print(
                f"  {rendition['kind']} by {rendition['tool']} {rendition['tool_version']}, "
                f"{rendition['size']:,} bytes, sha256 {rendition['sha256']}"
            )
            for remark in rendition["notes"]:
                out.print(f"    note: {escape(remark)}")
    out.print("\n[bold]Chain of custody[/bold]")
    for entry in view.history:
        out.print(
            f"  #{entry.seq} {entry.at} {escape(entry.actor)} {entry.action}{_summary(entry.data)}"
        )
    if text:
        shown = text if text_limit <= 0 else text[:text_limit]
        out.print("\n[bold]Text[/bold]")
        out.print(escape(shown) + ("\n…" if len(shown) < len(text) else ""))


def _summary(data: dict[str, Any]) -> str:
    if "changes" in data:
        changed = ", ".join(
            f"{name}: {change['old']!r} → {change['new']!r}"
            for name, change in data["changes"].items()
        )
        return f" ({escape(changed)})"
    if "reason" in data:
        return f" ({escape(str(data['reason']))})"
    if "bag" in data:
        return f" (bag {escape(str(data['bag']))})"
    if "name" in data:
        return f" (as {escape(str(data['name']))})"
    return ""


@reports_errors
def edit(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(metavar="ID", help="Item id.")],
    title: Annotated[str | None, typer.Option()] = None,
    author: Annotated[str | None, typer.Option()] = None,
    published: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    language: Annotated[str | None, typer.Option(help="ISO 639-1 code, e.g. en, ru, ky.")] = None,
    source_url: Annotated[str | None, typer.Option()] = None,
    collected_by: Annotated[str | None, typer.Option()] = None,
    translation_of: Annotated[int | None, typer.Option()] = None,
    confidentiality: Annotated[str | None, typer.Option()] = None,
    reliability: Annotated[str | None, typer.Option()] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    reason: Annotated[str | None, typer.Option(help="Why, kept in the chain of custody.")] = None,
) -> None:
    """Correct an item's metadata; old and new values are kept in its chain of custody."""
    changes = {
        name: value
        for name, value in {
            "title": title,
            "author": author,
            "published": published,
            "language": language,
            "source_url": source_url,
            "collected_by": collected_by,
            "translation_of": translation_of,
            "confidentiality": confidentiality,
            "reliability": reliability,
            "notes": notes,
        }.items()
        if value is not None
    }
    if not changes:
        err.print("nothing to change: give at least one field option (see --help)")
        raise typer.Exit(2)
    with archive_as(ctx) as archive:
        entry = archive.items.edit(item_id, changes, reason)
    out.print(f"item {item_id} updated (custody entry #{entry.seq})")
