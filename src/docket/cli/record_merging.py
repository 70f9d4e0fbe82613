"""Merging records that are one subject, undoing a merge, and splitting a record that is two
(``docket record merge``, ``unmerge``, ``split``)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from docket.cli.context import AsJson, AsRole, archive_as, out, print_json, reports_errors
from docket.face import InvalidRecord, MergeOutcome, Moved

HOW: dict[str, str] = {
    "added": "added",
    "alternative": "added as an alternative",
    "sources": "its sources joined the equal value",
    "itself": "not copied: it would point at the record itself",
    "removed": "taken back",
    "kept": "kept (preferred since the merge)",
    "moved": "moved",
}


def _moved_json(moved: tuple[Moved, ...]) -> list[dict[str, str]]:
    return [{"field": m.field, "value": m.text, "how": m.how} for m in moved]


def _print_moved(moved: tuple[Moved, ...], referrers: tuple[int, ...], verb: str) -> None:
    for item in moved:
        out.print(f"  {item.field}: {escape(item.text)} — {HOW.get(item.how, item.how)}")
    if referrers:
        listed = ", ".join(str(r) for r in referrers)
        out.print(f"  references {verb} in record{'s' if len(referrers) > 1 else ''} {listed}")


def merge_json(outcome: MergeOutcome) -> dict[str, Any]:
    return {
        "merged": outcome.source,
        "into": outcome.target,
        "values": _moved_json(outcome.values),
        "referrers": list(outcome.referrers),
        "confidentiality": outcome.level,
        "confidentiality_raised": outcome.level_raised,
    }


@reports_errors
def merge(
    ctx: typer.Context,
    source_id: Annotated[int, typer.Argument(metavar="SOURCE", help="The record merged away.")],
    into: Annotated[int, typer.Argument(metavar="INTO", help="The record that remains.")],
    reason: Annotated[str, typer.Option(help="Why they are one; kept in both histories.")],
    expect_version: Annotated[
        int | None,
        typer.Option(help="SOURCE's version you looked at: refused if it has moved since.", min=1),
    ] = None,
    expect_into_version: Annotated[
        int | None,
        typer.Option(help="INTO's version you looked at: refused if it has moved since.", min=1),
    ] = None,
    as_role: AsRole = None,
    as_json: AsJson = False,
) -> None:
    """Merge SOURCE into INTO: its values, sources and the references to it move to INTO.

    A value INTO already has gains SOURCE's sources; a single-valued field that disagrees keeps
    SOURCE's value as an alternative. INTO takes the stricter confidentiality of the two.
    SOURCE stays readable as "merged into INTO"; `docket record unmerge SOURCE` undoes it.
    """
    with archive_as(ctx, as_role) as archive:
        source = expect_version or archive.records.get(source_id, log=False).version
        target = expect_into_version or archive.records.get(into, log=False).version
        outcome = archive.records.merge(
            source_id, into=into, reason=reason, source_version=source, target_version=target
        )
    if as_json:
        print_json(merge_json(outcome))
        return
    out.print(f"Merged record {outcome.source} into record {outcome.target}.")
    _print_moved(outcome.values, outcome.referrers, "moved")
    if outcome.level_raised:
        out.print(
            f"  record {outcome.target} is now {outcome.level} (was "
            f"{outcome.previous_level}): the stricter level of the two"
        )


@reports_errors
def unmerge(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(metavar="ID", help="The record merged away.")],
    reason: Annotated[str, typer.Option(help="Why the merge is undone.")],
    expect_version: Annotated[
        int | None,
        typer.Option(help="The version you looked at: refused if it has moved since.", min=1),
    ] = None,
    as_role: AsRole = None,
    as_json: AsJson = False,
) -> None:
    """Undo a merge: what it added and moved that still stands goes back; later edits stay.

    The surviving record keeps the stricter confidentiality it took.
    """
    with archive_as(ctx, as_role) as archive:
        outcome = archive.records.unmerge(record_id, reason=reason, expected_version=expect_version)
    if as_json:
        print_json(
            {
                "unmerged": outcome.source,
                "from": outcome.target,
                "values": _moved_json(outcome.values),
                "referrers": list(outcome.referrers),
            }
        )
        return
    out.print(f"Record {outcome.source} is on its own again, out of record {outcome.target}.")
    _print_moved(outcome.values, outcome.referrers, "moved back")


@reports_errors
def split(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(metavar="ID")],
    values: Annotated[
        str, typer.Option(help="Value ids that move to the new record, comma-separated.")
    ],
    reason: Annotated[str, typer.Option(help="Why the record is two subjects.")],
    referrers: Annotated[
        str | None,
        typer.Option(help="Ids of records referring to ID that should refer to the new one."),
    ] = None,
    expect_version: Annotated[
        int | None,
        typer.Option(help="The version you looked at: refused if it has moved since.", min=1),
    ] = None,
    as_role: AsRole = None,
    as_json: AsJson = False,
) -> None:
    """Split a record that conflates two subjects: the chosen values (with their sources) move
    to a new record of the same type and level; the history of both says where they went."""
    with archive_as(ctx, as_role) as archive:
        outcome = archive.records.split(
            record_id,
            _id_list(values, "--values"),
            reason=reason,
            referrers=_id_list(referrers or "", "--referrers"),
            expected_version=expect_version,
        )
    if as_json:
        print_json(
            {
                "split": outcome.source,
                "created": outcome.created,
                "values": _moved_json(outcome.values),
                "referrers": list(outcome.referrers),
            }
        )
        return
    out.print(f"Split record {outcome.source}: new record {outcome.created}.")
    _print_moved(outcome.values, outcome.referrers, "moved")


def _id_list(text: str, option: str) -> list[int]:
    ids = []
    for part in text.split(","):
        if not part.strip():
            continue
        if not part.strip().isdigit():
            raise InvalidRecord(f"{option} takes ids separated by commas, not {part.strip()!r}")
        ids.append(int(part))
    return ids
