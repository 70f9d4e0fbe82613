"""``docket eval extract GOLD_DIR``: precision, recall and F1 of extraction on gold documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from docket.cli.context import archive_as, err, out, reports_errors
from docket.cli.training import score_table
from docket.config import switch
from docket.face import (
    LINK_ABOVE,
    ActRecall,
    Annotation,
    GoldDocument,
    LinkScores,
    RecallSettings,
    Scores,
    Tally,
    act_recall,
    evaluate_link,
    extract_document,
    load_gold,
    load_link_gold,
    read_annotation,
    score,
)

eval_app = typer.Typer(help="Measure Docket against annotated documents.", no_args_is_help=True)

METRICS = (
    "persons",
    "organisations",
    "places",
    "person_mentions",
    "organization_mentions",
    "place_mentions",
    "grouping",
    "entity_names",
    "dates",
    "counts",
    "acts",
    "act_branches",
    "act_spans",
    "act_participants",
    "interventions",
    "intervention_participants",
    "claims",
    "claimants",
)


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")


@eval_app.command("extract")
@reports_errors
def evaluate_extraction(
    ctx: typer.Context,
    gold_dir: Annotated[
        Path | None,
        typer.Argument(
            metavar="[GOLD_DIR]",
            help="Folder of NAME.txt documents with NAME.json annotations (docs/extraction.md). "
            "Without it: the archive's held-out review decisions, shipped and trained models.",
            exists=True,
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(
            "--language", help="Without GOLD_DIR: only this language.", show_default=False
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Run extraction on every gold document; print precision, recall and F1 per kind.

    Figures are given for the whole set, for the documents extraction was tuned on ("tune") and
    for those kept aside ("holdout"), and per language. Without GOLD_DIR, the archive's own
    held-out review decisions (never trained on) are read by the shipped models and by the
    trained model in use, and F1 per kind is given before and after.
    """
    if gold_dir is None:
        _held_out(ctx, language, as_json)
        return
    # As extraction in an archive: acts recalled by sentence embeddings when the setting is on.
    recall = act_recall(RecallSettings()) if switch("DOCKET_EMBEDDINGS") else None
    gold = load_gold(gold_dir)
    with err.status(f"extracting {len(gold)} documents…"):
        predicted = {document.annotation.item: _predict(document, recall) for document in gold}
    scores = score(gold, predicted)
    if as_json:
        print(json.dumps(_json(scores), indent=2))
        return
    _print(scores, len(gold))


def _held_out(ctx: typer.Context, language: str | None, as_json: bool) -> None:
    with archive_as(ctx) as archive, err.status("reading the held-out decisions…"):
        report = archive.models.held_out_scores(language)
    if as_json:
        print(json.dumps(report, indent=2))
        return
    rows = []
    for code, found in sorted(report.items()):
        if found["note"]:
            err.print(f"[yellow]note[/yellow] {code}: {found['note']}")
        rows.append(
            (f"{code} {found['version'] or 'shipped only'}", found["before"], found["after"])
        )
    out.print(score_table("F1 on the archive's held-out decisions (shipped → trained)", rows))


@eval_app.command("link")
@reports_errors
def evaluate_linkage(
    gold: Annotated[
        Path,
        typer.Argument(
            metavar="GOLD",
            help="JSON Lines of records labelled with their entity (docs/linkage.md).",
            exists=True,
            dir_okay=False,
        ),
    ],
    engine: Annotated[str, typer.Option(help="duckdb or spark.")] = "duckdb",
    link_above: Annotated[float, typer.Option(help="Link pairs at or above this.")] = LINK_ABOVE,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Link a labelled set as ``docket link`` would: pairwise and cluster precision, recall and
    F1, and pairwise figures by kind of variation."""
    records = load_link_gold(gold)
    scores = evaluate_link(
        records,
        engine=engine,
        link_above=link_above,
        progress=lambda message: err.print(f"[dim]{message}[/dim]"),
    )
    if as_json:
        print(json.dumps(scores.to_json(), indent=2))
        return
    _print_link(scores)


def _print_link(scores: LinkScores) -> None:
    table = Table(
        title=f"Linkage of {scores.records} records of {scores.entities} entities",
    )
    for column in ("", "precision", "recall", "F1", "pairs found", "pairs wanted"):
        table.add_column(column, justify="left" if not column else "right")
    rows = [("pairwise", scores.pairwise), ("clusters", scores.clusters)]
    rows += [(f"  {kind}", tally) for kind, tally in sorted(scores.by_variation.items())]
    for label, tally in rows:
        table.add_row(
            label,
            f"{tally.precision:.3f}",
            f"{tally.recall:.3f}",
            f"{tally.f1:.3f}",
            str(tally.true_positive + tally.false_positive),
            str(tally.true_positive + tally.false_negative),
        )
    out.print(table)


def _predict(document: GoldDocument, recall: ActRecall | None = None) -> Annotation:
    found = extract_document(
        document.text,
        item_id=None,
        language=document.annotation.language,
        document_date=document.annotation.document_date,
        gazetteer=None,
        recall=recall,
    )
    return predicted_annotation(document, found)


def predicted_annotation(document: GoldDocument, found: dict[str, Any]) -> Annotation:
    """An extraction of a gold document in the form the gold annotations are compared in."""
    found = {**found, "item": document.annotation.item}
    for finding in (*found["acts"], *found["interventions"]):
        _flatten_roles(finding)
    # Predicted spans are scored by their offsets; an act's "label" is the taxonomy's name for
    # it, not the words of the passage, so the text is not compared here.
    return read_annotation(found)


def _flatten_roles(finding: dict[str, Any]) -> None:
    """The gold format names a role by its words and a response by its code; the pipeline gives
    the whole finding. Keep what the gold format compares."""
    for role in ("victim", "perpetrator", "date", "place", "by", "toward"):
        # A date is named by its words, an actor or place by its entity's canonical name.
        first, second = ("text", "name") if role == "date" else ("name", "text")
        value = finding.get(role)
        if isinstance(value, dict):
            finding[role] = value.get(first) or value.get(second)
        elif isinstance(value, list):
            # Several victims or perpetrators of one act.
            finding[role] = [
                each.get(first) or each.get(second) if isinstance(each, dict) else each
                for each in value
            ]
    response = finding.get("response")
    if isinstance(response, dict):
        finding["response"] = response.get("code")


def _figures(tally: Tally) -> dict[str, float | int]:
    return {
        "precision": round(tally.precision, 4),
        "recall": round(tally.recall, 4),
        "f1": round(tally.f1, 4),
        "gold": tally.gold,
        "predicted": tally.predicted,
    }


def _json(scores: Scores) -> dict[str, object]:
    return {
        "overall": {m: _figures(t) for m, t in scores.overall.items()},
        "by_split": {
            split: {m: _figures(t) for m, t in tallies.items()}
            for split, tallies in sorted(scores.by_split.items())
        },
        "by_language": {
            language: {m: _figures(t) for m, t in tallies.items()}
            for language, tallies in sorted(scores.by_language.items())
        },
    }


def _print(scores: Scores, documents: int) -> None:
    columns = [("all", scores.overall), *sorted(scores.by_split.items())]
    columns += sorted(scores.by_language.items())
    table = Table(title=f"Extraction on {documents} annotated documents (P / R / F1)")
    table.add_column("kind")
    for name, _ in columns:
        table.add_column(name, justify="right")
    for metric in METRICS:
        cells = []
        for _, tallies in columns:
            tally = tallies.get(metric)
            cells.append(
                "—"
                if tally is None or tally.gold + tally.predicted == 0
                else f"{tally.precision:.2f} / {tally.recall:.2f} / {tally.f1:.2f}"
            )
        table.add_row(metric.replace("_", " "), *cells)
    out.print(table)
