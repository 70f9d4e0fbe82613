"""Commands on structured records: record add/edit/show/list/history/retract/cite, import and
export of records, and a record's timeline. Merging and splitting records are in
``record_merging.py``, the statistics in ``statistics.py``.

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

from docket.cli import record_merging, statistics
from docket.cli.context import AsJson, AsRole, archive_as, err, out, print_json, reports_errors
from docket.cli.integrity import export_app
from docket.errors import DocketError
from docket.face import RECORD_FORMATS as FORMATS
from docket.face import InvalidRecord, RecordView, display

record_app = typer.Typer(help="Add, change and read structured records.", no_args_is_help=True)
import_app = typer.Typer(help="Import records.", no_args_is_help=True)

Fields = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        "-f",
        help="NAME=VALUE; repeat for several values. A value starting with { or [ is JSON.",
        show_default=False,
    ),
]
Reason = Annotated[str | None, typer.Option(help="Why; kept in the record's history.")]


def register(app: typer.Typer) -> None:
    record_app.command("add")(add)
    record_app.command("edit")(edit)
    record_app.command("show")(show)
    record_app.command("list")(list_records)
    record_app.command("history")(history)
    record_app.command("retract")(retract)
    record_app.command("cite")(cite)
    record_app.command("merge")(record_merging.merge)
    record_app.command("unmerge")(record_merging.unmerge)
    record_app.command("split")(record_merging.split)
    import_app.command("records")(import_records)
    export_app.command("records")(export)
    app.add_typer(record_app, name="record")
    app.add_typer(import_app, name="import")
    # Here, so that `docket --help` lists the record commands together.
    statistics.register(app)
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
