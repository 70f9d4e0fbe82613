"""The propose and review commands: keep what extraction finds, then accept or reject it."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.text import Text

from docket.archive import Archive
from docket.cli.context import EXIT_PROBLEMS, err, opened, out, reports_errors
from docket.cli.extraction import archive_gazetteer, item_day, resolve_items
from docket.errors import DocketError
from docket.extract.document import extract_document_with_notes
from docket.records import Viewer
from docket.review import Proposal, accept, passage, pending, reject, store_proposals


def register(app: typer.Typer) -> None:
    app.command()(propose)
    app.command()(review)


@reports_errors
def propose(
    ctx: typer.Context,
    targets: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE_OR_ID...", help="Item ids, or files to ingest first.", show_default=False
        ),
    ],
) -> None:
    """Extract items and keep the findings for review; a finding proposed before is not repeated.

    Exit status is 1 when any file could not be ingested.
    """
    with opened(ctx) as archive:
        ids, failed = resolve_items(archive, targets)
        gazetteer = archive_gazetteer(archive)
        for item_id in ids:
            item = archive.get_item(item_id)
            extraction = extract_document_with_notes(
                archive.text(item_id),
                item_id=item_id,
                language=item.get("language"),
                document_date=item_day(item.get("published")) or item_day(item.get("collected_at")),
                gazetteer=gazetteer,
            )
            for note in extraction.notes:
                err.print(f"[yellow]note[/yellow] item {item_id}: {escape(note)}")
            added = store_proposals(archive, item_id, extraction.document)
            out.print(f"item {item_id}: {added} new proposals")
    if failed:
        raise typer.Exit(EXIT_PROBLEMS)


def _shown(archive: Archive, proposal: Proposal) -> Text:
    before, words, after = passage(archive, proposal)
    shown = Text(f"#{proposal.id} {proposal.kind}: {proposal.label} (item {proposal.item_id})\n")
    shown.append("…" + before)
    shown.append(words, style="bold black on yellow")
    shown.append(after + "…")
    return shown


def _walk(archive: Archive, viewer: Viewer, limit: int) -> None:
    queue = pending(archive, limit)
    if not queue:
        out.print("Nothing to review.")
        return
    for proposal in queue:
        out.print(_shown(archive, proposal))
        choice = typer.prompt("a=accept r=reject s=skip q=quit", default="s").strip().lower()
        if choice == "q":
            return
        try:
            if choice == "a":
                record_id = accept(archive, proposal.id, viewer)
                out.print(f"Accepted #{proposal.id} as record {record_id}.")
            elif choice == "r":
                reject(archive, proposal.id, viewer, typer.prompt("Reason"))
                out.print(f"Rejected #{proposal.id}.")
        except DocketError as error:
            # One finding that cannot be accepted as it stands must not end the walk.
            err.print(f"[red]error[/red] #{proposal.id}: {escape(str(error))}")


@reports_errors
def review(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print pending proposals, one JSON object a line.")
    ] = False,
    accepted: Annotated[
        list[int] | None,
        typer.Option("--accept", metavar="ID", help="Accept a proposal into a record."),
    ] = None,
    rejected: Annotated[
        list[int] | None,
        typer.Option("--reject", metavar="ID", help="Reject a proposal (needs --reason)."),
    ] = None,
    reason: Annotated[
        str | None, typer.Option(help="Why the proposals are rejected.", show_default=False)
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many proposals.")] = 50,
) -> None:
    """Accept or reject what extraction proposed; without options, walk through it one by one."""
    viewer = Viewer.owner()
    with opened(ctx) as archive:
        if accepted or rejected:
            if rejected and reason is None:
                raise DocketError("--reject needs --reason")
            for proposal_id in accepted or []:
                record_id = accept(archive, proposal_id, viewer)
                out.print(f"Accepted #{proposal_id} as record {record_id}.")
            for proposal_id in rejected or []:
                reject(archive, proposal_id, viewer, reason or "")
                out.print(f"Rejected #{proposal_id}.")
        elif as_json:
            for proposal in pending(archive, limit):
                before, words, after = passage(archive, proposal)
                shown = proposal.to_json()
                shown["passage"] = {"before": before, "text": words, "after": after}
                print(json.dumps(shown, ensure_ascii=False), flush=True)
        else:
            _walk(archive, viewer, limit)
