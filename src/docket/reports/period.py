"""The period report: people affected by violation × month × place over a period, with a chart
per month, and the notable cases of the period (those whose course changed most in it), every
figure counted from what the audience may see only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from docket.errors import DocketError
from docket.estimation import Estimation
from docket.items import ItemStore
from docket.model.count_wording import number
from docket.model.dates import UncertainDate
from docket.model.taxonomy import load_taxonomy
from docket.records import RecordStore
from docket.records.stats import counts
from docket.records.timeline import date_of
from docket.reports.assemble import assemble, reveal_views
from docket.reports.charts import bar_chart
from docket.reports.document import Report, Section, Table
from docket.reports.footnotes import Footnotes
from docket.reports.labels import check_language, word
from docket.reports.sentences import sentence
from docket.reports.wording import day

NOTABLE: int = 10


def period_report(
    records: RecordStore,
    items: ItemStore,
    start: date,
    end: date,
    *,
    language: str = "en",
    reveal: bool = False,
    same_as: Mapping[int, int] | None = None,
    unconfirmed: Collection[int] = (),
    estimation: Estimation | str | None = None,
) -> Report:
    """``same_as`` maps person records linked as one person (``docket link``) to their identity,
    so a person counts once; ``unconfirmed`` are those linked by the model alone.
    ``estimation`` is what multiple systems estimation made of the period's victims, or why it
    could not (a section of the report either way); None leaves estimates out."""
    check_language(language)
    check_period(start, end)
    if reveal:
        records.viewer.require_reveal()
    first, last = f"{start:%Y-%m}", f"{end:%Y-%m}"
    rows = [row for row in counts(records, same_as, unconfirmed) if first <= row["month"] <= last]
    rows = [row for row in rows if len(row["month"]) == len("YYYY-MM") and not row["reported"]]
    table = Table(
        header=[
            word("violation", language),
            word("month", language),
            word("place", language),
            word("acts_count", language),
            word("people", language),
        ],
        rows=[
            [
                _violation(row["violation"], language),
                row["month"],
                row["place_name"] or word("unknown", language),
                number(row["acts"], language),
                number(row["people"], language)
                if row["people"] is not None
                else word("unknown", language),
            ]
            for row in rows
        ],
    )
    by_month: Counter[str] = Counter()
    for row in rows:
        by_month[row["month"]] += int(row["acts"])
    chart = bar_chart(word("counts", language), sorted(by_month.items()))
    statuses = [
        view
        for view in records.views(type_names=["case_status"], quotes=True)
        if _within(date_of(view, {}), start, end)
    ]
    changes = Counter(case for view in statuses for case in view.refs("case"))
    notable_ids = [case for case, _ in changes.most_common(NOTABLE)]
    notable = records.views(ids=sorted(notable_ids), quotes=True) if notable_ids else []
    views = {view.id: view for view in notable}
    if reveal and views:
        views = reveal_views(records, views)
    footnotes = Footnotes(records, items, list(views.values()))
    ordered = sorted(views.values(), key=lambda v: (-changes[v.id], v.id))
    sections = [
        Section(
            "counts",
            word("counts", language),
            [],
            table=table if rows else None,
            chart=chart or None,
            summary=[_counted_as(rows, linked=bool(same_as), language=language)] if rows else [],
        ),
        *([] if estimation is None else [_estimates(estimation, language)]),
        Section(
            "notable",
            word("notable", language),
            [sentence(v, date_of(v, {}), language, footnotes) for v in ordered],
        ),
    ]
    title = f"{word('period_report', language)}: {day(start, language)} – {day(end, language)}"
    return assemble(
        records,
        kind="period",
        title=title,
        subject_id=None,
        language=language,
        reveal=reveal,
        views=views,
        sections=sections,
        footnotes=footnotes,
    )


def check_period(start: date, end: date) -> None:
    """Refuse a period that ends before it starts."""
    if end < start:
        raise DocketError(f"the period ends ({end}) before it starts ({start})")


def _estimates(estimation: Estimation | str, language: str) -> Section:
    """Every method's estimate with its interval, and the warnings: never a bare number."""
    title = word("estimates", language)
    if isinstance(estimation, str):
        return Section(
            "estimates",
            title,
            [],
            summary=[word("no_estimate", language).format(reason=estimation)],
        )
    table = Table(
        header=[word("method", language), word("estimate", language), word("interval", language)],
        rows=[
            [
                word(f"method_{found.method}", language),
                number(found.estimate, language),
                f"{number(found.interval[0], language)} – "
                + (
                    number(found.interval[1], language)
                    if found.interval[1] is not None
                    else word("no_upper_bound", language)
                ),
            ]
            for found in estimation.estimates
        ],
    )
    documented = word("documented_in", language).format(
        people=number(estimation.histories.documented, language),
        lists=number(len(estimation.histories.lists), language),
    )
    return Section("estimates", title, [], summary=[documented, *estimation.warnings], table=table)


def _counted_as(rows: list[dict[str, Any]], *, linked: bool, language: str) -> str:
    """What "people" means in the table: records, or people linked across them."""
    if not linked:
        return word("not_linked", language)
    unreviewed = sum(int(row.get("unreviewed_links") or 0) for row in rows)
    return word("linked", language).format(unreviewed=number(unreviewed, language))


def _violation(code: str, language: str) -> str:
    terms = load_taxonomy("violation_types")
    return terms.label(code, language) if code in terms else code


def _within(when: UncertainDate | None, start: date, end: date) -> bool:
    if when is None or when.start is None or when.end is None:
        return False
    return start <= when.start and when.end <= end
