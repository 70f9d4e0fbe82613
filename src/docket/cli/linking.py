"""``docket link``: identities across sources, the clerical review of uncertain pairs, and the
log of judgements.

``docket link --type person`` links every current person record (``--json`` prints
``{"clusters": [...], "review": [...]}``, every record in exactly one cluster); progress goes to
stderr. ``docket link review`` shows the waiting pairs side by side with their cited passages and
takes a decision per pair: one keystroke (a accept, r reject, s skip, q quit) on a terminal, one
line otherwise. ``judge`` and ``undo`` decide one pair from scripts; ``log`` lists the
decisions; ``show`` prints the identity of a record.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import click
import typer
from rich.markup import escape
from rich.table import Table

from docket.cli.context import AsRole, archive_as, err, out, reports_errors
from docket.door import Door
from docket.errors import DocketError
from docket.face import (
    LINK_ABOVE,
    LINK_DECISIONS,
    LINK_ENGINES,
    LINK_KINDS,
    REVIEW_ABOVE,
    UNDONE,
    LinkageError,
    RecordView,
    ReviewPair,
    display,
)

link_app = typer.Typer(
    help="Link records of one person (organisation, place, event) across sources.",
    invoke_without_command=True,
)

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
Reason = Annotated[str | None, typer.Option(help="Why; kept in the chain of custody.")]
Version = Annotated[
    int | None,
    typer.Option(help="The pair's version you decided on; refused if someone judged it since."),
]
First = Annotated[int, typer.Argument(help="A record id.")]
Second = Annotated[int, typer.Argument(help="Another record id.")]
# Notes (records left on their own, narrowed blocks) printed before the rest are counted.
MAX_NOTES = 20
KEYS = {"a": "same", "r": "different", "s": "skip", "q": "quit"}


def register(app: typer.Typer) -> None:
    app.add_typer(link_app, name="link")


def _progress(message: str) -> None:
    err.print(f"[dim]{escape(message)}[/dim]")


@link_app.callback()
@reports_errors
def link(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Option("--type", help=f"What to link: {', '.join(LINK_KINDS)}.", show_default=False),
    ] = None,
    engine: Annotated[
        str, typer.Option(help=f"Where pairs are scored: {', '.join(LINK_ENGINES)}.")
    ] = "duckdb",
    full: Annotated[
        bool, typer.Option("--full", help="Train and score everything again (keeps judgements).")
    ] = False,
    link_above: Annotated[
        float, typer.Option(help="Pairs at or above this probability are linked.")
    ] = LINK_ABOVE,
    review_above: Annotated[
        float, typer.Option(help="Pairs from here up to --link-above go to review.")
    ] = REVIEW_ABOVE,
    as_json: AsJson = False,
) -> None:
    """Link every current record of a type; identities are replaced in one transaction."""
    if ctx.invoked_subcommand is not None:
        return
    if kind is None:
        raise LinkageError(f"say what to link: --type {'|'.join(LINK_KINDS)}")
    with archive_as(ctx) as door:
        outcome = door.linkage.run(
            kind,
            engine=engine,
            full=full,
            link_above=link_above,
            review_above=review_above,
            progress=_progress,
        )
    for note in outcome.notes[:MAX_NOTES]:
        err.print(f"[yellow]note:[/yellow] {escape(note)}")
    if len(outcome.notes) > MAX_NOTES:
        err.print(f"[yellow]note:[/yellow] and {len(outcome.notes) - MAX_NOTES} more like these")
    if as_json:
        print(json.dumps(outcome.to_json(), ensure_ascii=False))
        return
    linked = [group for group in outcome.clusters if len(group) > 1]
    records = sum(len(group) for group in outcome.clusters)
    out.print(
        f"{records} {kind} records form {len(outcome.clusters)} identities "
        f"({len(linked)} of several records; {outcome.mode} run); "
        f"{len(outcome.review)} pairs wait for review (docket link review)"
    )


def _record_lines(view: RecordView) -> list[str]:
    lines = [f"[bold]#{view.id}[/bold] {escape(view.title)} ({view.confidentiality})"]
    for value in view.values:
        if not value.active:
            continue
        spec = view.type.fields.get(value.field)
        text = value.value if spec is None else display(spec, value.value, view.names)
        lines.append(f"  {escape(value.field)}: {escape(str(text))}")
        for citation in value.citations:
            quote = citation.quote if citation.quote is not None else ""
            lines.append(f"    [dim]item {citation.item_id}:[/dim] “{escape(quote)}”")
    return lines


def _show_pair(pair: ReviewPair, position: int, total: int) -> None:
    score = "judged by hand" if pair.score is None else f"{pair.score:.3f}"
    out.print(f"\n[bold]pair {position}/{total}[/bold] · score {score} · {escape(pair.reason)}")
    table = Table(box=None, show_header=False)
    table.add_column(ratio=1)
    table.add_column(ratio=1)
    left, right = _record_lines(pair.a), _record_lines(pair.b)
    for index in range(max(len(left), len(right))):
        table.add_row(
            left[index] if index < len(left) else "",
            right[index] if index < len(right) else "",
        )
    out.print(table)


def _ask() -> str:
    prompt = "same person? [a]ccept / [r]eject / [s]kip / [q]uit: "
    if sys.stdin.isatty():
        out.print(prompt, end="")
        while True:
            key = click.getchar().lower()
            if key in KEYS:
                out.print(key)
                return KEYS[key]
    out.print(prompt, end="")
    line = sys.stdin.readline()
    if not line:
        return "quit"
    return KEYS.get(line.strip().lower()[:1], "skip")


@link_app.command("review")
@reports_errors
def review(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--type", help="Only pairs of this type.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many pairs.")] = 50,
    reason: Reason = None,
) -> None:
    """Decide the waiting pairs one by one: both records side by side with their passages."""
    with archive_as(ctx) as door:
        pairs = door.linkage.queue(kind, limit=limit)
        if not pairs:
            out.print("no pairs wait for review")
            return
        decided = 0
        for position, pair in enumerate(pairs, start=1):
            _show_pair(pair, position, len(pairs))
            answer = _ask()
            if answer == "quit":
                break
            if answer == "skip":
                continue
            try:
                door.linkage.judge(
                    pair.a.id, pair.b.id, answer, reason=reason, version=pair.version
                )
            except DocketError as error:
                err.print(f"[red]error:[/red] {escape(str(error))}")
                continue
            decided += 1
    out.print(f"{decided} pairs decided; run docket link --type … to apply them")


def _judge(
    door: Door, a: int, b: int, decision: str, reason: str | None, version: int | None
) -> None:
    judgement = door.linkage.judge(a, b, decision, reason=reason, version=version)
    out.print(
        f"records {judgement.a} and {judgement.b}: {judgement.decision} "
        f"(version {judgement.pair_version}, by {escape(judgement.actor)})"
    )


@link_app.command("judge")
@reports_errors
def judge(
    ctx: typer.Context,
    a: First,
    b: Second,
    decision: Annotated[str, typer.Argument(help="same or different.")],
    reason: Reason = None,
    version: Version = None,
) -> None:
    """Say whether two records are one subject; the next link run follows it."""
    if decision not in LINK_DECISIONS:
        raise LinkageError(f"a decision is {' or '.join(LINK_DECISIONS)}, not {decision!r}")
    with archive_as(ctx) as door:
        _judge(door, a, b, decision, reason, version)


@link_app.command("undo")
@reports_errors
def undo(
    ctx: typer.Context,
    a: First,
    b: Second,
    reason: Reason = None,
    version: Version = None,
) -> None:
    """Withdraw the decision on a pair (the log keeps it); the pair waits for review again."""
    with archive_as(ctx) as door:
        _judge(door, a, b, UNDONE, reason, version)


@link_app.command("log")
@reports_errors
def log(
    ctx: typer.Context,
    a: Annotated[int | None, typer.Argument(help="A record id.")] = None,
    b: Annotated[int | None, typer.Argument(help="Another record id.")] = None,
    as_role: AsRole = None,
    as_json: AsJson = False,
) -> None:
    """The decisions on pairs, oldest first (all pairs, or one)."""
    if (a is None) != (b is None):
        raise LinkageError("name two records, or none for every pair")
    with archive_as(ctx, as_role) as door:
        entries = door.linkage.judgements(a, b)
    if as_json:
        print(json.dumps([entry.to_json() for entry in entries], ensure_ascii=False))
        return
    table = Table("at", "records", "decision", "by", "reason", box=None)
    for entry in entries:
        table.add_row(
            entry.at,
            f"{entry.a} {entry.b}",
            entry.decision,
            escape(entry.actor),
            escape(entry.reason or ""),
        )
    out.print(table)


@link_app.command("show")
@reports_errors
def show(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(help="A record id.")],
    as_role: AsRole = None,
    as_json: AsJson = False,
) -> None:
    """The identity a record belongs to: its other records, spellings and conflicting values."""
    with archive_as(ctx, as_role) as door:
        identity = door.linkage.identity_of(record_id)
    if identity is None:
        raise LinkageError(f"record {record_id} has not been linked yet: run docket link")
    if as_json:
        print(json.dumps(identity.to_json(), ensure_ascii=False))
        return
    data: dict[str, Any] = identity.to_json()
    out.print(
        f"identity {data['id']} ({data['type']}): records {', '.join(map(str, data['records']))}"
    )
    for member in identity.members:
        out.print(f"  #{member.id} {escape(member.title)}")
    if identity.unreviewed:
        out.print(f"{identity.unreviewed} of these records were linked without review")
    out.print("spellings: " + escape(", ".join(identity.spellings)))
    for name, values in identity.conflicts.items():
        out.print(f"[yellow]{escape(name)} differs:[/yellow] " + escape(" | ".join(values)))
