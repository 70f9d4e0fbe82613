"""The dashboard: where a signed-in user lands. Recent evidence, proposals waiting for review,
and acts counted by violation type and by month, all over what this user may see."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Final

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from docket.door import Door
from docket.model.access import Role
from docket.model.taxonomy import load_taxonomy
from docket.web.auth import Signed, signed_in
from docket.web.charts import Bar, bar_chart, column_chart
from docket.web.pages.backups import backup_summary
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

RECENT_ITEMS: Final = 10
WAITING_SHOWN: Final = 5
# The month chart shows the most recent months that have acts; the table lists all of them.
CHART_MONTHS: Final = 36
YEAR_ONLY: Final = "year"
UNDATED: Final = "undated"
REPORTED: Final = "reported"
# "unknown" has as many characters as a month, so the shape is checked, not the length.
MONTH: Final = re.compile(r"\d{4}-\d{2}")


def recent_items(door: Door, limit: int = RECENT_ITEMS) -> list[dict[str, Any]]:
    """The newest items the viewer may see (items above their clearance do not exist for them)."""
    return door.items.browse(limit=limit).items


def act_counts(door: Door, language: str) -> dict[str, Any]:
    """Acts and people affected by violation type and by month, read through the viewer."""
    rows = door.counts()
    violations = load_taxonomy("violation_types")
    by_type: Counter[str] = Counter()
    people_by_type: Counter[str] = Counter()
    # Types with a group of no stated size: their people are an unknown number, never zero.
    unknown_people: set[str] = set()
    by_month: Counter[str] = Counter()
    for row in rows:
        code = row["violation"]
        by_type[code] += row["acts"]
        people_by_type[code] += row["people_known"]
        if row["people"] is None:
            unknown_people.add(code)
        # Acts dated only by when they were reported stay off the time axis.
        by_month[REPORTED if row["reported"] else _month_key(row["month"])] += row["acts"]
    types = [
        {
            "code": code,
            "label": violations.label(code, language) if code in violations else code,
            "acts": acts,
            "people": people_by_type[code],
            "people_unknown": code in unknown_people,
        }
        for code, acts in sorted(by_type.items(), key=lambda pair: (-pair[1], pair[0]))
    ]
    months = sorted(key for key in by_month if MONTH.fullmatch(key))
    return {
        "types": types,
        "months": [{"month": month, "acts": by_month[month]} for month in months],
        "year_only": by_month[YEAR_ONLY],
        "undated": by_month[UNDATED],
        "reported": by_month[REPORTED],
        "total": sum(by_type.values()),
    }


def _month_key(month: str) -> str:
    """A month (YYYY-MM) stays itself; a year alone, or no date, is counted apart."""
    if MONTH.fullmatch(month):
        return month
    return YEAR_ONLY if re.fullmatch(r"\d{4}", month) else UNDATED


def type_bars(types: list[dict[str, Any]]) -> list[Bar]:
    return [Bar(entry["label"], entry["acts"]) for entry in types]


def month_bars(months: list[dict[str, Any]]) -> list[Bar]:
    """The last months up to the newest with acts, empty months included: a time axis with
    gaps left out would put October 2022 next to January 2023."""
    if not months:
        return []
    acts = {entry["month"]: entry["acts"] for entry in months}
    year, month = map(int, months[-1]["month"].split("-"))
    first = months[0]["month"]
    bars: list[Bar] = []
    while len(bars) < CHART_MONTHS:
        key = f"{year:04d}-{month:02d}"
        bars.append(Bar(key, acts.get(key, 0)))
        if key <= first:
            break
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return bars[::-1]


@router.get("/")
def dashboard(request: Request, signed: Signed = Depends(signed_in)) -> Response:
    door = signed.door
    viewer = signed.viewer
    language = getattr(request.state, "language", "en")
    counts = act_counts(door, language)
    return render(
        request,
        "dashboard.html",
        {
            "recent": recent_items(door),
            "waiting": door.proposals.count_pending(),
            "first_waiting": door.proposals.pending(WAITING_SHOWN),
            "may_review": viewer.role.value in ("admin", "editor"),
            "counts": counts,
            "type_bars": type_bars(counts["types"]),
            "month_bars": month_bars(counts["months"]),
            "chart_months": CHART_MONTHS,
            "bar_chart": bar_chart,
            "column_chart": column_chart,
            # Admins are told when the archive has not been backed up as planned.
            "backups": backup_summary(door.backup_status(), language)
            if viewer.role is Role.ADMIN
            else None,
        },
    )
