"""Statistics of the records: acts by victim or perpetrator, cases by status, and people
affected by violation × month × place (``docket stats``)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from docket.cli.context import AsJson, AsRole, archive_as, err, out, print_json, reports_errors
from docket.errors import DocketError

stats_app = typer.Typer(help="Count acts, cases and people affected.", no_args_is_help=True)

# `docket stats acts` without a filter lists every act, this many to a page.
ACTS_PAGE = 50
MAX_ACTS_PAGE = 1000


def register(app: typer.Typer) -> None:
    stats_app.command("acts")(stats_acts)
    stats_app.command("cases")(stats_cases)
    stats_app.command("counts")(stats_counts)
    app.add_typer(stats_app, name="stats")


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
