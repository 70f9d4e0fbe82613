"""``docket train`` and ``docket models``: learning from review decisions, and which model reads."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from docket.cli.context import archive_as, err, out, progress_bar, reports_errors
from docket.face import ModelVersion, TrainingResult

models_app = typer.Typer(
    help="Models trained on the archive's review decisions: list, use one, roll back.",
    invoke_without_command=True,
)

# The kinds a held-out score is given for, in the order they are printed.
SCORED = ("person", "organisation", "place", "acts", "claims", "parties")

Language = Annotated[
    str | None,
    typer.Option(
        "--language",
        help="en, ru or ky (default: every language with decisions).",
        show_default=False,
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def register(app: typer.Typer) -> None:
    app.command()(train)
    app.add_typer(models_app, name="models")


def _f1(figures: dict[str, Any] | None, kind: str) -> str:
    if not figures or kind not in figures:
        return "—"
    found = figures[kind]
    if not found["gold"] and not found["predicted"]:
        return "—"
    return f"{found['f1']:.2f}"


def score_table(title: str, rows: list[tuple[str, dict[str, Any], dict[str, Any] | None]]) -> Table:
    """F1 per kind, "before → after", one row per (name, before, after)."""
    table = Table(title=title)
    table.add_column("model")
    for kind in SCORED:
        table.add_column(kind, justify="right")
    for name, before, after in rows:
        table.add_row(
            escape(name),
            *(f"{_f1(before, kind)} → {_f1(after, kind)}" for kind in SCORED),
        )
    return table


def _result_json(result: TrainingResult) -> dict[str, Any]:
    return {
        "version": result.version,
        "language": result.language,
        "active": result.active,
        "notes": list(result.notes),
        "manifest": result.manifest,
    }


@reports_errors
def train(
    ctx: typer.Context,
    language: Language = None,
    iterations: Annotated[
        int, typer.Option(min=1, help="Passes over the training decisions.")
    ] = 10,
    as_json: AsJson = False,
) -> None:
    """Fine-tune the entity recogniser and the act classifier on the archive's review decisions.

    Accepted, edited and rejected proposals are the examples; a held-out share of the items is
    never trained on and scores the model before and after. Each trained language becomes a new
    model version, made active at once (``docket models rollback`` goes back).
    """
    progress = progress_bar("[bold]training {task.description}")
    tasks: dict[str, Any] = {}

    def advance(code: str, done: int, total: int) -> None:
        if code not in tasks:
            tasks[code] = progress.add_task(code, total=total)
        progress.update(tasks[code], completed=done, total=total)

    with archive_as(ctx) as archive, progress:
        results, skipped = archive.models.train(language, iterations, advance)
    for line in skipped:
        err.print(f"[yellow]skipped[/yellow] {escape(line)}")
    if as_json:
        print(
            json.dumps([_result_json(result) for result in results], ensure_ascii=False, indent=2)
        )
        return
    rows = []
    for result in results:
        manifest = result.manifest
        decided = manifest["decisions"]
        status = "now in use" if result.active else "not in use"
        out.print(
            f"model {result.version} ({result.language}) trained on {decided['total']} decisions "
            f"in {manifest['seconds']} s; {status}"
        )
        if decided["contradictions"]:
            out.print(
                f"  {decided['contradictions']} contradictory decisions: "
                "the latest of each was used"
            )
        for note in result.notes:
            out.print(f"  {escape(note)}")
        scores = manifest["scores"]
        rows.append((f"{result.version} {result.language}", scores["before"], scores["after"]))
    out.print(score_table("F1 on held-out decisions (shipped → trained)", rows))


def _version_row(found: ModelVersion) -> list[str]:
    manifest = found.manifest
    if found.problem is not None:
        return [found.version, "?", "refused", escape(found.problem), "", ""]
    after = manifest.get("scores", {}).get("after", {})
    scored = ", ".join(f"{kind} {_f1(after, kind)}" for kind in SCORED if _f1(after, kind) != "—")
    return [
        found.version,
        found.language,
        "in use" if found.active else "",
        f"{manifest['decisions']['total']} decisions, {manifest['fingerprint'][:12]}",
        f"{manifest['created_at'][:19]} by {escape(manifest['created_by'])}",
        scored,
    ]


@models_app.callback()
@reports_errors
def models(ctx: typer.Context, as_json: AsJson = False) -> None:
    """List the trained model versions (without a subcommand)."""
    if ctx.invoked_subcommand is not None:
        return
    with archive_as(ctx) as archive:
        versions = archive.models.versions()
    if as_json:
        print(json.dumps([found.to_json() for found in versions], ensure_ascii=False, indent=2))
        return
    if not versions:
        out.print("no trained models; extraction uses the shipped models (`docket train`)")
        return
    table = Table(title="Trained models")
    for column in ("version", "language", "status", "training data", "made", "F1 after"):
        table.add_column(column)
    for found in versions:
        table.add_row(*_version_row(found))
    out.print(table)


@models_app.command("use")
@reports_errors
def use(
    ctx: typer.Context,
    version: Annotated[str, typer.Argument(metavar="VERSION", help="A version, e.g. v3.")],
) -> None:
    """Make VERSION the model extraction uses for its language."""
    with archive_as(ctx) as archive:
        found = archive.models.use(version)
    out.print(f"model {found.version} ({found.language}) is now in use")


@models_app.command("rollback")
@reports_errors
def rollback(ctx: typer.Context, language: Language = None) -> None:
    """Go back to the model before the one in use (or to the shipped models)."""
    with archive_as(ctx) as archive:
        code, version = archive.models.rollback(language)
    if version is None:
        out.print(f"{code}: extraction uses the shipped models again")
    else:
        out.print(f"{code}: model {version} is in use again")
