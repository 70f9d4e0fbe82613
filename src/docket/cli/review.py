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
    Draft,
    DraftValue,
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


def _value_line(value: DraftValue, text: str) -> str:
    quoted = ", ".join(f"«{text[c['start'] : c['end']]}»" for c in value.citations)
    shown = value.shown if value.ref is None else f"{value.shown} (#{value.ref})"
    if value.is_new:
        shown += " (new record)"
    if value.degree:
        shown += f", {value.degree}"
    if value.note:
        shown += f" [{value.note}]"
    others = ", ".join(f"#{a.record_id} {a.title}" for a in value.alternatives)
    line = f"  {value.field}: {shown} ← {quoted}"
    return line + (f"\n    or: {others}" if others else "")


def _shown(archive: Door, proposal: Proposal, draft: Draft) -> Text:
    before, words, after = archive.proposals.passage(proposal)
    text = archive.items.text(proposal.item_id)
    shown = Text(f"#{proposal.id} {proposal.kind}: {proposal.label} (item {proposal.item_id})\n")
    shown.append("…" + before)
    shown.append(words, style="bold black on yellow")
    shown.append(after + "…\n")
    shown.append(f"As {draft.record_type}:\n")
    for value in draft.values:
        shown.append(_value_line(value, text) + "\n")
    if draft.matches:
        listed = ", ".join(f"#{m.record_id} {m.title} ({m.why})" for m in draft.matches)
        shown.append(f"Already in the archive: {listed}\n", style="italic")
    if len(draft.retypes) > 1:
        shown.append(f"Can be accepted as: {', '.join(draft.retypes)}\n", style="italic")
    if draft.reported is not None:
        shown.append(f"Undated; can be dated {draft.reported.shown}\n", style="italic")
    if draft.missing:
        shown.append(f"To accept, give: {', '.join(draft.missing)}", style="italic")
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


def _ask_drafted(draft: Draft, edits: dict[str, Any]) -> None:
    """Each proposed value, kept with Enter, changed by typing, left out with "-"."""
    changed: dict[str, list[Any]] = {}
    touched: set[str] = set()
    for value in draft.values:
        typed = typer.prompt(
            f"{value.field} (Enter keeps, - leaves out)", default=value.shown, show_default=True
        ).strip()
        if typed == "-":
            touched.add(value.field)
            continue
        if typed == value.shown:
            changed.setdefault(value.field, []).append(value.to_edit())
            continue
        touched.add(value.field)
        edit: dict[str, Any] = {"value": typed, "citations": list(value.citations)}
        if value.kind:
            # A name typed for a reference makes a record of the kind the finding named.
            edit["type"] = value.kind
        if value.degree is not None:
            edit["degree"] = typer.prompt("degree", default=value.degree).strip()
        changed.setdefault(value.field, []).append(edit)
    for name in touched:
        edits[name] = changed.get(name) or None


def _ask_edits(
    archive: Door, proposal: Proposal, draft: Draft, *, optional: bool
) -> dict[str, Any] | None:
    """Ask about each proposed value and the fields still needed, then (if ``optional``) any
    others.

    None when the reviewer leaves a needed field empty: the proposal stays pending.
    """
    record_type = record_type_of(proposal)
    edits: dict[str, Any] = {}
    if optional:
        _ask_drafted(draft, edits)
    for name in draft.missing:
        spec = record_type.fields[name]
        hint = (
            f"record id, or a new {spec.targets[0]}'s name"
            if spec.targets
            else spec.type_name.replace("_", " ")
        )
        while True:
            raw = typer.prompt(f"{spec.label()} ({hint})", default="", show_default=False)
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


def _ask_choices(draft: Draft, *, ask_type: bool) -> tuple[str | None, int | str | None]:
    """The type to accept as (when asked) and, for a name the archive may know, where it goes."""
    as_type = None
    if ask_type and len(draft.retypes) > 1:
        typed = typer.prompt(
            f"Accept as ({'/'.join(draft.retypes)})", default=draft.record_type
        ).strip()
        as_type = typed if typed != draft.record_type else None
    into: int | str | None = None
    if draft.matches and (as_type is None or as_type == draft.record_type):
        offered = str(draft.into) if draft.into is not None else ""
        while True:
            typed = typer.prompt(
                "Add to which record (its id), or new", default=offered, show_default=bool(offered)
            ).strip()
            if typed == "new":
                return as_type, "new"
            if typed.lstrip("#").isdigit():
                return as_type, int(typed.lstrip("#"))
            err.print("[red]error[/red] give the id of the record to add to, or new")
    return as_type, into


def _walk(archive: Door, limit: int) -> None:
    queue = archive.proposals.pending(limit)
    if not queue:
        out.print("Nothing to review.")
        return
    for proposal in queue:
        draft = archive.proposals.draft(proposal)
        out.print(_shown(archive, proposal, draft))
        choice = typer.prompt("a=accept e=edit r=reject s=skip q=quit", default="s").strip().lower()
        if choice == "q":
            return
        try:
            if choice in ("a", "e"):
                edits: dict[str, Any] | None = None
                if choice == "e" or draft.missing:
                    edits = _ask_edits(archive, proposal, draft, optional=choice == "e")
                    if edits is None:
                        out.print(f"Skipped #{proposal.id}: a needed field was left empty.")
                        continue
                as_type, into = _ask_choices(draft, ask_type=choice == "e")
                reported = (
                    draft.reported is not None
                    and "date" not in (edits or {})
                    and typer.confirm(f"Undated: date it {draft.reported.shown}?", default=False)
                )
                record_id = archive.proposals.accept(
                    proposal.id, edits or None, as_type=as_type, into=into, as_reported=reported
                )
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
    as_type: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="TYPE",
            help=(
                "With --accept: the record type to accept as (person, organisation or group; "
                "intervention or claim)."
            ),
            show_default=False,
        ),
    ] = None,
    into: Annotated[
        int | None,
        typer.Option(
            "--into",
            metavar="ID",
            help="With --accept: add a name to this existing record instead of a new one.",
            show_default=False,
        ),
    ] = None,
    new: Annotated[
        bool,
        typer.Option(
            "--new", help="With --accept: a new record even when the archive has the name."
        ),
    ] = False,
    as_reported: Annotated[
        bool,
        typer.Option(
            "--as-reported",
            help=(
                "With --accept: date an undated finding by the day its item was published, "
                "marked as a reporting date."
            ),
        ),
    ] = False,
    reason: Annotated[
        str | None, typer.Option(help="Why the proposals are rejected.", show_default=False)
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many proposals.")] = 50,
) -> None:
    """Accept or reject what extraction proposed; without options, walk through it one by one.

    Each proposal is shown with everything accepting it keeps: its type, values, date, place
    and parties, each with the words it cites, the records it may already be, and the types
    it can be accepted as. Accepting keeps all of it; --set replaces a field. A name the
    archive already has is added to that record (--into ID picks one when several match,
    --new makes a new record instead); --as TYPE retypes the proposal.

    In the walk, e edits before accepting: each proposed value is kept with Enter, changed by
    typing or left out with -, then it asks for the fields a record still needs (an act's
    victim, an intervention's party), for any others as FIELD=VALUE, for the type and for the
    record to add to. --json prints each pending proposal with its draft.
    """
    if (assignments or as_type or into is not None or new or as_reported) and not accepted:
        raise DocketError("--set, --as, --into, --new and --as-reported apply to --accept")
    if into is not None and new:
        raise DocketError("--into and --new ask for opposite things: give one")
    with archive_as(ctx) as archive:
        if accepted or rejected:
            if rejected and reason is None:
                raise DocketError("--reject needs --reason")
            for proposal_id in accepted or []:
                edits = None
                if assignments:
                    # With --as, --set gives fields of the record it becomes.
                    types = archive.records.types
                    record_type = (
                        types.get(as_type)
                        if as_type is not None and as_type in types
                        else record_type_of(archive.proposals.get(proposal_id))
                    )
                    edits = parse_assignments(record_type, assignments)
                record_id = archive.proposals.accept(
                    proposal_id,
                    edits,
                    as_type=as_type,
                    into="new" if new else into,
                    as_reported=as_reported,
                )
                out.print(f"Accepted #{proposal_id} as record {record_id}.")
            for proposal_id in rejected or []:
                archive.proposals.reject(proposal_id, reason or "")
                out.print(f"Rejected #{proposal_id}.")
        elif as_json:
            for proposal in archive.proposals.pending(limit):
                before, words, after = archive.proposals.passage(proposal)
                shown = proposal.to_json()
                shown["required_edits"] = required_edits(proposal)
                draft = archive.proposals.draft(proposal)
                shown["suggested_edits"] = archive.proposals.suggested_edits(proposal)
                shown["draft"] = draft.to_json()
                shown["passage"] = {"before": before, "text": words, "after": after}
                print(json.dumps(shown, ensure_ascii=False), flush=True)
        else:
            _walk(archive, limit)
