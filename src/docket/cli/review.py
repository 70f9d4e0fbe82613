"""The propose and review commands: keep what extraction finds, then accept or reject it."""

from __future__ import annotations

import json
from typing import Annotated, Any, Final

import typer
from rich.markup import escape
from rich.text import Text

from docket.cli.context import EXIT_PROBLEMS, archive_as, err, out, reports_errors
from docket.cli.extraction import Every, Targets, Workers, extractions, resolve_items
from docket.door import (
    Door,
    Proposal,
    parse_assignments,
    parse_value,
    record_type_of,
    required_edits,
)
from docket.errors import DocketError

# Past this many items, one line each would bury the notes; a total says enough.
_ITEM_LINES: Final = 100


def register(app: typer.Typer) -> None:
    app.command()(propose)
    app.command()(review)


@reports_errors
def propose(
    ctx: typer.Context,
    targets: Targets = None,
    every: Every = False,
    workers: Workers = 0,
) -> None:
    """Extract items and keep the findings for review; a finding proposed before is not repeated.

    Exit status is 1 when any file could not be ingested.
    """
    total = 0
    with archive_as(ctx) as archive:
        ids, failed = resolve_items(archive, targets or [], every=every)
        for extraction, console in extractions(archive, ids, None, workers, "propose"):
            item_id = int(extraction.document["item"])
            for note in extraction.notes:
                console.print(f"[yellow]note[/yellow] item {item_id}: {escape(note)}")
            added = archive.proposals.store(item_id, extraction.document)
            total += added
            if len(ids) <= _ITEM_LINES:
                out.print(f"item {item_id}: {added} new proposals")
        if len(ids) > _ITEM_LINES:
            out.print(f"{len(ids)} items: {total} new proposals")
        if total:
            # Storing proposals is in the chain of custody: sign its head once for the run.
            archive.checkpoint()
    if failed:
        raise typer.Exit(EXIT_PROBLEMS)


def _shown(archive: Door, proposal: Proposal) -> Text:
    before, words, after = archive.proposals.passage(proposal)
    shown = Text(f"#{proposal.id} {proposal.kind}: {proposal.label} (item {proposal.item_id})\n")
    shown.append("…" + before)
    shown.append(words, style="bold black on yellow")
    shown.append(after + "…")
    missing = required_edits(proposal)
    if missing:
        shown.append(f"\nTo accept, give: {', '.join(missing)}", style="italic")
    return shown


def _merged(edits: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    """``edits`` with ``more`` added: a field given again gains values rather than losing them."""
    for name, value in more.items():
        if name not in edits:
            edits[name] = value
            continue
        old = edits[name] if isinstance(edits[name], list) else [edits[name]]
        edits[name] = old + (value if isinstance(value, list) else [value])
    return edits


def _ask_edits(archive: Door, proposal: Proposal, *, optional: bool) -> dict[str, Any] | None:
    """Ask for the fields the proposal still needs, then (if ``optional``) any others.

    None when the reviewer leaves a needed field empty: the proposal stays pending.
    """
    record_type = record_type_of(proposal)
    edits: dict[str, Any] = {}
    suggested = archive.proposals.suggested_edits(proposal)
    for name in required_edits(proposal):
        spec = record_type.fields[name]
        hint = (
            f"record id, or a new {spec.targets[0]}'s name"
            if spec.targets
            else spec.type_name.replace("_", " ")
        )
        while True:
            offered = suggested.get(name, "")
            raw = typer.prompt(
                f"{spec.label()} ({hint})", default=offered, show_default=bool(offered)
            )
            if not raw.strip():
                return None
            try:
                edits[name] = parse_value(spec, raw, bare_name_is_new=True)
                break
            except DocketError as error:
                err.print(f"[red]error[/red] {escape(str(error))}")
    while optional:
        raw = typer.prompt("Another field (FIELD=VALUE, empty to finish)", default="")
        if not raw.strip():
            break
        try:
            _merged(edits, parse_assignments(record_type, [raw], bare_name_is_new=True))
        except DocketError as error:
            err.print(f"[red]error[/red] {escape(str(error))}")
    return edits


def _walk(archive: Door, limit: int) -> None:
    queue = archive.proposals.pending(limit)
    if not queue:
        out.print("Nothing to review.")
        return
    for proposal in queue:
        out.print(_shown(archive, proposal))
        choice = typer.prompt("a=accept e=edit r=reject s=skip q=quit", default="s").strip().lower()
        if choice == "q":
            return
        try:
            if choice in ("a", "e"):
                edits: dict[str, Any] | None = None
                if choice == "e" or required_edits(proposal):
                    edits = _ask_edits(archive, proposal, optional=choice == "e")
                    if edits is None:
                        out.print(f"Skipped #{proposal.id}: a needed field was left empty.")
                        continue
                record_id = archive.proposals.accept(proposal.id, edits or None)
                out.print(f"Accepted #{proposal.id} as record {record_id}.")
            elif choice == "r":
                archive.proposals.reject(proposal.id, typer.prompt("Reason"))
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
    assignments: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="FIELD=VALUE",
            help=(
                "With --accept: a field of the new record (repeat for more). A reference is a "
                "record id or TYPE:NAME for a new record; a value starting with { or [ is JSON."
            ),
        ),
    ] = None,
    reason: Annotated[
        str | None, typer.Option(help="Why the proposals are rejected.", show_default=False)
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many proposals.")] = 50,
) -> None:
    """Accept or reject what extraction proposed; without options, walk through it one by one.

    In the walk, e edits before accepting: it asks for the fields a record still needs (an
    act's victim, an intervention's party) and then for any others as FIELD=VALUE.
    """
    if assignments and not accepted:
        raise DocketError("--set gives fields of an accepted record: use it with --accept")
    with archive_as(ctx) as archive:
        if accepted or rejected:
            if rejected and reason is None:
                raise DocketError("--reject needs --reason")
            for proposal_id in accepted or []:
                edits = None
                if assignments:
                    record_type = record_type_of(archive.proposals.get(proposal_id))
                    edits = parse_assignments(record_type, assignments)
                record_id = archive.proposals.accept(proposal_id, edits)
                out.print(f"Accepted #{proposal_id} as record {record_id}.")
            for proposal_id in rejected or []:
                archive.proposals.reject(proposal_id, reason or "")
                out.print(f"Rejected #{proposal_id}.")
        elif as_json:
            for proposal in archive.proposals.pending(limit):
                before, words, after = archive.proposals.passage(proposal)
                shown = proposal.to_json()
                shown["required_edits"] = required_edits(proposal)
                shown["suggested_edits"] = archive.proposals.suggested_edits(proposal)
                shown["passage"] = {"before": before, "text": words, "after": after}
                print(json.dumps(shown, ensure_ascii=False), flush=True)
        else:
            _walk(archive, limit)
