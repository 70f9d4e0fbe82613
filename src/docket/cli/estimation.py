"""``docket estimate``: how many people no source recorded (multiple systems estimation)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from docket.cli.context import AsRole, archive_as, out, reports_errors
from docket.errors import DocketError, TooLarge
from docket.face import (
    ESTIMATION_METHODS,
    ESTIMATION_STRATA,
    MAX_HISTORIES_BYTES,
    Estimation,
    SamplerSettings,
    StratifiedEstimation,
    check_methods,
    check_seed,
    estimate,
    parse_histories_csv,
)

DEFAULTS = SamplerSettings()


def register(app: typer.Typer) -> None:
    app.command("estimate")(estimate_command)


@reports_errors
def estimate_command(
    ctx: typer.Context,
    histories: Annotated[
        Path | None,
        typer.Option(
            "--histories",
            help="Estimate from a CSV table made elsewhere: a header naming the lists and "
            "'count', one row per pattern of 0/1 (UTF-8).",
            show_default=False,
        ),
    ] = None,
    record_type: Annotated[
        str, typer.Option("--type", help="The records whose people are counted.")
    ] = "person",
    violation: Annotated[
        str | None,
        typer.Option(help="Only victims of acts of this violation code (or a narrower one)."),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(help=f"One estimate per stratum: {', '.join(ESTIMATION_STRATA)}."),
    ] = None,
    sources: Annotated[
        list[str] | None,
        typer.Option(
            "--sources",
            help="The items that are the lists (ids, repeated or comma-separated). "
            "Default: every item the records cite.",
            show_default=False,
        ),
    ] = None,
    by_publisher: Annotated[
        bool,
        typer.Option(
            "--by-publisher",
            help="Make the items of one publisher (their author: the organisation that "
            "published them) one list, instead of each item a list of its own.",
        ),
    ] = False,
    method: Annotated[
        list[str] | None,
        typer.Option(
            "--method",
            help=f"Methods to run (repeat): {', '.join(ESTIMATION_METHODS)}. Default: all.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        str, typer.Option(help="Seed of the LCMCR sampler: the same seed, the same draws.")
    ] = "1",
    criterion: Annotated[
        str, typer.Option(help="How the log-linear model is chosen: bic or aic.")
    ] = "bic",
    chains: Annotated[int, typer.Option(min=1, max=64, help="LCMCR chains.")] = DEFAULTS.chains,
    burnin: Annotated[
        int, typer.Option(min=0, help="LCMCR sweeps discarded per chain.")
    ] = DEFAULTS.burnin,
    samples: Annotated[
        int, typer.Option(min=10, help="LCMCR draws kept per chain.")
    ] = DEFAULTS.samples,
    thinning: Annotated[
        int, typer.Option(min=1, help="LCMCR sweeps per kept draw.")
    ] = DEFAULTS.thinning,
    classes: Annotated[
        int | None,
        typer.Option(
            "--classes",
            min=1,
            max=50,
            help="LCMCR latent classes K. Default: 2^lists − 1, at most 15.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    as_role: AsRole = None,
) -> None:
    """Estimate how many people no source recorded, from how the sources overlap.

    Each method (LCMCR latent classes, log-linear models, model averaging over decomposable
    graphs) gives its estimate with a 95% interval; the warnings say what the numbers assume.
    """
    methods = check_methods(method or ESTIMATION_METHODS)
    number = check_seed(seed)
    settings = SamplerSettings(chains, burnin, samples, thinning, classes)
    settings.check()
    result: Estimation | StratifiedEstimation
    if histories is not None:
        if violation or by or sources or by_publisher:
            raise DocketError(
                "--histories estimates from a table; --violation, --by, --sources and "
                "--by-publisher choose records from the archive: use one or the other"
            )
        table = parse_histories_csv(_read(histories), name=histories.name)
        result = estimate(
            table, seed=number, methods=methods, settings=settings, criterion=criterion
        )
    else:
        with archive_as(ctx, as_role) as archive:
            result = archive.estimate_records(
                seed=number,
                methods=methods,
                settings=settings,
                criterion=criterion,
                record_type=record_type,
                violation=violation,
                by=by,
                sources=_item_ids(sources),
                by_publisher=by_publisher,
            )
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
    elif isinstance(result, StratifiedEstimation):
        for stratum in result.strata:
            _show(stratum)
        _warnings(result.warnings)
    else:
        _show(result)


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_HISTORIES_BYTES:
            raise TooLarge(
                f"{path.name} is {path.stat().st_size:,} bytes; a table of capture histories is "
                f"at most {MAX_HISTORIES_BYTES:,}"
            )
        with path.open("rb") as handle:
            return handle.read(MAX_HISTORIES_BYTES + 1)
    except IsADirectoryError:
        raise DocketError(f"{path} is a folder, not a CSV file") from None
    except OSError as error:
        raise DocketError(f"cannot read {path}: {error.strerror or error}") from None


def _item_ids(values: list[str] | None) -> list[int] | None:
    if not values:
        return None
    ids = []
    for value in values:
        for part in value.split(","):
            text = part.strip()
            if not text.isascii() or not text.isdigit():
                raise DocketError(f"--sources takes item ids: {text[:20]!r} is not one")
            ids.append(int(text))
    return ids


def _show(result: Estimation) -> None:
    histories = result.histories
    if result.stratum is not None:
        out.print(f"\n{result.stratum}", style="bold", markup=False)
    out.print(
        f"{histories.documented:,} documented on {histories.size} lists: "
        + ", ".join(histories.lists),
        markup=False,
    )
    table = Table("Pattern", "People", title="Capture histories")
    for pattern, count in histories.counts().items():
        table.add_row(pattern, f"{count:,}")
    out.print(table)
    estimates = Table("Method", "Estimate", "95% interval", "Details", title="Estimates")
    for item in result.estimates:
        low, high = item.interval
        estimates.add_row(
            item.method,
            f"{item.estimate:,}",
            f"{low:,} – {'unbounded' if high is None else f'{high:,}'}",
            escape(_details(item.details)),
        )
    out.print(estimates)
    _warnings(result.warnings)


def _details(details: dict[str, Any]) -> str:
    if "model" in details:
        return f"{details['model']} ({details['criterion'].upper()})"
    if "rhat" in details:
        return f"K={details['K']}, R-hat {details['rhat']}, ESS {details['ess']:.0f}"
    if "mode" in details:
        top = details["models"][0]
        return f"mode {details['mode']:,}; top graph {top['model']} ({top['probability']:.2f})"
    return ""


def _warnings(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        out.print(f"warning: {warning}", markup=False)
