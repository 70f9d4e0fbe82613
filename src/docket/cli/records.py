"""Commands on structured records: record add/edit/show/list/history/retract/cite/merge/
unmerge/split, import and export of records, timelines and statistics.

Every command acts as the archive's owner (an admin on this machine) unless ``--as-role`` asks
to see what an editor, analyst or viewer would see. Protected values stay "[redacted]" unless
asked for with ``--reveal`` (``--reveal-protected`` for exports).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.markup import escape
from rich.table import Table

from docket.cli.context import AsRole, archive_as, err, out, print_json, reports_errors
from docket.cli.integrity import export_app
from docket.errors import DocketError
from docket.face import RECORD_FORMATS as FORMATS
from docket.face import InvalidRecord, MergeOutcome, Moved, RecordView, display

record_app = typer.Typer(help="Add, change and read structured records.", no_args_is_help=True)
import_app = typer.Typer(help="Import records.", no_args_is_help=True)
stats_app = typer.Typer(help="Count acts, cases and people affected.", no_args_is_help=True)

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
Fields = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        "-f",
        help="NAME=VALUE; repeat for several values. A value starting with { or [ is JSON.",
        show_default=False,
    ),
]
# `docket stats acts` without a filter lists every act, this many to a page.
ACTS_PAGE = 50
MAX_ACTS_PAGE = 1000
Reason = Annotated[str | None, typer.Option(help="Why; kept in the record's history.")]


def register(app: typer.Typer) -> None:
    record_app.command("add")(add)
    record_app.command("edit")(edit)
    record_app.command("show")(show)
    record_app.command("list")(list_records)
    record_app.command("history")(history)
    record_app.command("retract")(retract)
    record_app.command("cite")(cite)
    record_app.command("merge")(merge)
    record_app.command("unmerge")(unmerge)
    record_app.command("split")(split)
    import_app.command("records")(import_records)
    export_app.command("records")(export)
    stats_app.command("acts")(stats_acts)
    stats_app.command("cases")(stats_cases)
    stats_app.command("counts")(stats_counts)
    app.add_typer(record_app, name="record")
    app.add_typer(import_app, name="import")
    app.add_typer(stats_app, name="stats")
    app.command()(timeline)


def _fields(pairs: list[str] | None) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for pair in pairs or []:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidRecord(f"--field needs NAME=VALUE, not {pair!r}")
        value: Any = raw
        if raw.lstrip().startswith(("{", "[")):
            try:
                value = json.loads(raw)
            except json.JSONDecodeError:
                raise InvalidRecord(f"--field {name}: the value is not valid JSON") from None
        existing = fields.get(name.strip())
        if existing is None:
            fields[name.strip()] = value
        elif isinstance(existing, list) and not raw.lstrip().startswith("["):
            existing.append(value)
        else:
            fields[name.strip()] = [existing, value]
    return fields


def _read_document(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DocketError(f"cannot read {path}: {error}") from None
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            return yaml.safe_load(text)
        return json.loads(text)
    except (json.JSONDecodeError, yaml.YAMLError):
        raise DocketError(f"{path} is not valid {path.suffix.lstrip('.').upper()}") from None


def _print_record(view: RecordView) -> None:
    state = " [red]RETRACTED[/red]" if view.retracted else ""
    out.print(
        f"[bold]{escape(view.type.label())} {view.id}[/bold]: {escape(view.title)}{state}",
        markup=True,
    )
    out.print(
        f"  {view.confidentiality}, version {view.version}, updated {view.updated_at} "
        f"by {escape(view.updated_by)}"
    )
    if view.retracted:
        out.print(f"  retracted: {escape(view.retraction_reason or '')}")
    if view.merged_into is not None:
        out.print(f"  merged into record {view.merged_into}: its values and links live on there")
    for name, spec in view.type.fields.items():
        values = view.field_values(name)
        alternatives = len(values) > 1 and not spec.many
        for value in values:
            mark = ""
            if alternatives:
                mark = " (preferred" + (f": {value.reason})" if value.reason else ")")
                mark = mark if value.preferred else " (alternative)"
            text = display(spec, value.value, view.names)
            out.print(f"  {spec.label()}: {escape(text)}{escape(mark)}  [dim]#{value.id}[/dim]")
            for citation in value.citations:
                quote = f' "{citation.quote}"' if citation.quote else ""
                drift = " [red](text changed since cited)[/red]" if citation.drifted else ""
                out.print(
                    f"      source: item {citation.item_id} "
                    f"[{citation.start}:{citation.end}]{escape(quote)}{drift}",
                    markup=True,
                )


@reports_errors
def add(
    ctx: typer.Context,
    record_type: Annotated[str, typer.Argument(metavar="TYPE", help="person, act, case, ...")],
    field: Fields = None,
    file: Annotated[
        Path | None,
        typer.Option(help="A record in JSON or YAML (see docs/records.md).", dir_okay=False),
    ] = None,
    confidentiality: Annotated[
        str, typer.Option(help="public, restricted or confidential.")
    ] = "public",
    reason: Reason = None,
    as_json: AsJson = False,
) -> None:
    """Add a record from --field options or a file."""
    fields = _fields(field)
    level = confidentiality
    if file is not None:
        document = _read_document(file)
        if not isinstance(document, dict):
            raise InvalidRecord(f"{file} must hold one record object")
        if document.get("type", record_type) != record_type:
            raise InvalidRecord(f"{file} holds a {document.get('type')}, not a {record_type}")
        given = document.get("fields", {})
        if not isinstance(given, dict):
            raise InvalidRecord(f"{file}: fields must be an object")
        fields = {**given, **fields}
        level = str(document.get("confidentiality", level))
    with archive_as(ctx) as archive:
        view = archive.records.create(record_type, fields, confidentiality=level, reason=reason)
    if as_json:
        print_json(view.to_json())
    else:
        out.print(f"Created {view.type.name} {view.id} (version {view.version}): {view.title}")


@reports_errors
def edit(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(metavar="ID")],
    expect_version: Annotated[
        int,
        typer.Option(help="The version you looked at; the edit fails if it has moved since."),
    ],
    field: Annotated[
        list[str] | None,
        typer.Option("--field", "-f", help="NAME=VALUE: replace the field's values."),
    ] = None,
    add_value: Annotated[
        list[str] | None,
        typer.Option("--add", help="NAME=VALUE: add a value (another source's version)."),
    ] = None,
    remove: Annotated[
        list[int] | None, typer.Option(help="Value id to remove (kept in history).")
    ] = None,
    prefer: Annotated[
        list[str] | None, typer.Option(help="VALUE_ID=REASON: prefer this value, and why.")
    ] = None,
    confidentiality: Annotated[str | None, typer.Option(help="New level.")] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            help="Changes as JSON or YAML (set, add, remove, prefer, cite).", dir_okay=False
        ),
    ] = None,
    reason: Reason = None,
    as_json: AsJson = False,
) -> None:
    """Change a record; every change is a new version with who, when and why."""
    changes: dict[str, Any] = {}
    if file is not None:
        loaded = _read_document(file)
        if not isinstance(loaded, dict):
            raise InvalidRecord(f"{file} must hold an object of changes")
        changes.update(loaded)
    if field:
        changes["set"] = {**changes.get("set", {}), **_fields(field)}
    if add_value:
        changes["add"] = {**changes.get("add", {}), **_fields(add_value)}
    if remove:
        changes["remove"] = [*changes.get("remove", []), *remove]
    for pair in prefer or []:
        value_id, sep, why = pair.partition("=")
        if not sep:
            raise InvalidRecord(f"--prefer needs VALUE_ID=REASON, not {pair!r}")
        changes.setdefault("prefer", {})[value_id.strip()] = why
    if confidentiality is not None:
        changes["confidentiality"] = confidentiality
    with archive_as(ctx) as archive:
        view = archive.records.edit(record_id, changes, expect_version, reason)
    if as_json:
        print_json(view.to_json())
    else:
        out.print(f"Changed {view.type.name} {view.id}: now version {view.version}.")


@reports_errors
def show(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(metavar="ID")],
    reveal: Annotated[
        bool, typer.Option(help="Show protected values (logged in the chain of custody).")
    ] = False,
    removed: Annotated[bool, typer.Option(help="Also show removed values.")] = False,
    as_role: AsRole = None,
    as_json: AsJson = False,
) -> None:
    """Show a record with every value, its sources and the preferred one among alternatives."""
    with archive_as(ctx, as_role) as archive:
        view = archive.records.get(record_id, reveal=reveal, include_removed=removed)
    if as_json:
        print_json(view.to_json(include_removed=removed))
    else:
        _print_record(view)


@reports_errors
def list_records(
    ctx: typer.Context,
    record_type: Annotated[
        str | None, typer.Option("--type", help="Only records of this type.")
    ] = None,
    retracted: Annotated[bool, typer.Option(help="Include retracted records.")] = False,
    as_role: AsRole = None,
    as_json: AsJson = False,
) -> None:
    """List records (protected values redacted)."""
    with archive_as(ctx, as_role) as archive:
        views = archive.records.list_records(type_name=record_type, include_retracted=retracted)
    if as_json:
        for view in views:
            sys.stdout.write(json.dumps(view.to_json(), ensure_ascii=False) + "\n")
        return
    table = Table("id", "type", "title", "level", "version", box=None)
    for view in views:
        title = view.title + (" (retracted)" if view.retracted else "")
        if view.merged_into is not None:
            title += f" (merged into {view.merged_into})"
        table.add_row(
            str(view.id), view.type.name, escape(title), view.confidentiality, str(view.version)
        )
    out.print(table)
    err.print(f"{len(views)} records")


@reports_errors
def history(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(metavar="ID")],
    reveal: Annotated[bool, typer.Option(help="Show protected values.")] = False,
    as_role: AsRole = None,
    as_json: AsJson = False,
) -> None:
    """Every version of a record: who, when, why and what changed (old → new)."""
    with archive_as(ctx, as_role) as archive:
        versions = archive.records.history(record_id, reveal=reveal)
    if as_json:
        print_json([version.to_json() for version in versions])
        return
    for version in versions:
        why = f" — {version.reason}" if version.reason else ""
        out.print(f"version {version.version}  {version.at}  {escape(version.actor)}{escape(why)}")
        for key, change in version.change.items():
            if key == "fields":
                for name, sides in change.items():
                    old = ", ".join(_short(v["value"]) for v in sides["old"]) or "—"
                    new = ", ".join(_short(v["value"]) for v in sides["new"]) or "—"
                    out.print(f"  {name}: {escape(old)} → {escape(new)}")
            else:
                out.print(f"  {key}: {escape(json.dumps(change, ensure_ascii=False))}")


def _short(value: Any) -> str:
    if isinstance(value, dict) and "text" in value and "precision" not in value:
        return str(value["text"])
    if isinstance(value, dict) and "ref" in value:
        return f"#{value['ref']}"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@reports_errors
def retract(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(metavar="ID")],
    reason: Annotated[str, typer.Option(help="Why the record is withdrawn.")],
    expect_version: Annotated[
        int,
        typer.Option(
            help="The version you looked at (record show): refused if the record moved on.",
            min=1,
        ),
    ],
) -> None:
    """Withdraw a record. It is never deleted: it stays, marked, with its history."""
    with archive_as(ctx) as archive:
        view = archive.records.retract(record_id, reason, expected_version=expect_version)
    out.print(f"Retracted {view.type.name} {view.id} (version {view.version}).")


@reports_errors
def cite(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(metavar="ID")],
    field: Annotated[str, typer.Argument(metavar="FIELD")],
    item: Annotated[int, typer.Option(help="The item cited.")],
    start: Annotated[int, typer.Option(help="First character of the passage.")],
    end: Annotated[int, typer.Option(help="Character after the passage.")],
    value: Annotated[
        int | None, typer.Option(help="The value id, when the field has several.")
    ] = None,
    expect_version: Annotated[int | None, typer.Option(help="The version you looked at.")] = None,
) -> None:
    """Cite a passage of an item's working copy as the source of a field's value."""
    with archive_as(ctx) as archive:
        view = archive.records.cite(
            record_id,
            field,
            item,
            start,
            end,
            value_id=value,
            expected_version=expect_version,
        )
        quote = archive.items.text(item)[start:end]
    out.print(f'Cited item {item} [{start}:{end}] "{escape(quote)}" for {field} of {view.id}.')


@reports_errors
def import_records(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="JSON Lines: one record per line.", dir_okay=False)],
    reason: Reason = None,
    as_json: AsJson = False,
) -> None:
    """Import records from JSON Lines, all or none. Use "key" to link records in the file."""
    documents: list[Any] = []
    try:
        with file.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    try:
                        documents.append(json.loads(line))
                    except json.JSONDecodeError:
                        raise DocketError(f"{file} line {number}: not valid JSON") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DocketError(f"cannot read {file}: {error}") from None
    with archive_as(ctx) as archive:
        result = archive.records.import_documents(documents, reason=reason)
    if as_json:
        print_json({"imported": len(result.ids), "ids": result.ids, "keys": result.keys})
    else:
        out.print(f"Imported {len(result.ids)} records.")


@reports_errors
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help=f"{', '.join(FORMATS)}.")] = "jsonl",
    record_type: Annotated[str | None, typer.Option("--type", help="Only this type.")] = None,
    output: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: stdout).", dir_okay=False)
    ] = None,
    reveal_protected: Annotated[
        bool, typer.Option(help="Include protected values (logged in the chain of custody).")
    ] = False,
    as_role: AsRole = None,
) -> None:
    """Export records; protected values are redacted unless --reveal-protected."""
    with archive_as(ctx, as_role) as archive:
        if output is None:
            count = archive.export_records(
                sys.stdout,
                fmt=fmt,
                type_name=record_type,
                reveal=reveal_protected,
            )
        else:
            if output.exists():
                raise DocketError(f"{output} already exists; choose a new file")
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = archive.export_records(
                    handle,
                    fmt=fmt,
                    type_name=record_type,
                    reveal=reveal_protected,
                )
    err.print(f"Exported {count} records.")


@reports_errors
def timeline(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(metavar="ID")],
    as_role: AsRole = None,
    as_json: AsJson = False,
) -> None:
    """The dated facts about a person, case or event, in order, with their sources."""
    with archive_as(ctx, as_role) as archive:
        moments = archive.timeline(record_id)
    if as_json:
        print_json([moment.to_json() for moment in moments])
        return
    if not moments:
        out.print(f"No dated facts about record {record_id} yet.")
    for moment in moments:
        when = "undated" if moment.date is None else str(moment.date)
        sources = (
            ", ".join(f"item {c.item_id} [{c.start}:{c.end}]" for c in moment.sources)
            or "no source"
        )
        out.print(f"[bold]{escape(when)}[/bold]  {escape(moment.summary)}", markup=True)
        out.print(f"    #{moment.record.id} ({escape(moment.relation)}); {sources}")


@reports_errors
def stats_acts(
    ctx: typer.Context,
    victim: Annotated[int | None, typer.Option(help="Acts against this person or group.")] = None,
    perpetrator: Annotated[
        int | None, typer.Option(help="Acts this actor was involved in.")
    ] = None,
    page: Annotated[
        int, typer.Option(min=1, help="Which page of acts, when listing them all.")
    ] = 1,
    per_page: Annotated[
        int, typer.Option(min=1, max=MAX_ACTS_PAGE, help="Acts on a page, when listing them all.")
    ] = ACTS_PAGE,
    as_role: AsRole = None,
    as_json: AsJson = False,
) -> None:
    """Acts against a victim, or by a perpetrator, or without either every act, a page at a
    time; with dates, places and sources."""
    if victim is not None and perpetrator is not None:
        raise DocketError("give --victim ID or --perpetrator ID, not both")
    with archive_as(ctx, as_role) as archive:
        if victim is not None:
            rows = archive.acts_against(victim)
        elif perpetrator is not None:
            rows = archive.acts_by(perpetrator)
        else:
            rows = archive.all_acts()
    total = len(rows)
    if victim is None and perpetrator is None:
        pages = max(1, -(-total // per_page))
        if page > pages:
            raise DocketError(f"there is no page {page}: {total} acts make {pages} pages")
        rows = rows[(page - 1) * per_page : page * per_page]
        if total > per_page:
            first = (page - 1) * per_page + 1
            more = f"; --page {page + 1} for more" if page < pages else ""
            err.print(
                f"Acts {first}-{first + len(rows) - 1} of {total} (page {page} of {pages}){more}."
            )
    if as_json:
        print_json(rows)
        return
    table = Table("act", "violation", "date", "place", "status", "perpetrators", box=None)
    for row in rows:
        perpetrators = ", ".join(f"{p['name']} ({p['degree']})" for p in row["perpetrators"])
        table.add_row(
            str(row["act"]),
            escape(row["violation_label"] or ""),
            escape(row["date_label"]),
            escape(row["place_name"] or ""),
            row["status"] or "",
            escape(perpetrators),
        )
    out.print(table)
    if not rows:
        err.print("No acts.")


@reports_errors
def stats_cases(
    ctx: typer.Context,
    by: Annotated[str, typer.Option(help="What to group cases by (status).")] = "status",
    as_role: AsRole = None,
    as_json: AsJson = False,
) -> None:
    """How many cases stand at each status now."""
    if by != "status":
        raise DocketError("cases can be grouped --by status")
    with archive_as(ctx, as_role) as archive:
        rows = archive.cases_by_status()
    if as_json:
        print_json(rows)
        return
    table = Table("status", "cases", "ids", box=None)
    for row in rows:
        table.add_row(escape(row["label"]), str(row["cases"]), ", ".join(map(str, row["case_ids"])))
    out.print(table)


@reports_errors
def stats_counts(
    ctx: typer.Context,
    as_role: AsRole = None,
    as_json: AsJson = False,
) -> None:
    """People affected by violation type × month × place (people, not mentions)."""
    with archive_as(ctx, as_role) as archive:
        rows = archive.counts()
    if as_json:
        print_json(rows)
        return
    table = Table("violation", "month", "place", "people", "acts", box=None)
    for row in rows:
        table.add_row(
            escape(row["violation_label"]),
            f"{row['month']} (as reported)" if row["reported"] else row["month"],
            escape(row["place_name"] or "unknown"),
            _people_with_links(row),
            str(row["acts"]),
        )
    out.print(table)


def _people_with_links(row: dict[str, Any]) -> str:
    """The people of a cell, and how many of the links that made them fewer are unreviewed."""
    label = str(row["people_label"])
    if row.get("unreviewed_links"):
        label += f" ({row['unreviewed_links']} of {row['linked_records']} links unreviewed)"
    elif row.get("linked_records"):
        label += f" ({row['linked_records']} links, all reviewed)"
    return label


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
