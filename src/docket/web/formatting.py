"""Dates and stored codes in the reader's language.

The record store keeps dates as ranges and choices as codes, and its own text for them is
English (the command line and the exports use it, unchanged). A page writes them in the
language it is read in: Babel's calendar names and patterns for the days, months and years, the
catalog for the words around them (seasons, "as reported on", an inferred year) and for codes.
English pages keep the record store's wording, so a date reads the same on a page and in the
command line.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Final

from babel.dates import format_date, format_interval, format_skeleton

from docket.face import Relation
from docket.model.dates import Precision, UncertainDate
from docket.web.i18n import DEFAULT_LANGUAGE, N_, locale_of, translations

_ONE_DAY: Final = timedelta(days=1)
_SKELETONS: Final = {Precision.DAY: "yMMMd", Precision.MONTH: "yMMM", Precision.YEAR: "y"}
_SEASON_STARTING: Final = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}
_SEASON_ENDING: Final = {5: "spring", 8: "summer", 11: "autumn", 2: "winter"}
_SEASON_WORDS: Final = {
    "spring": N_("spring %(year)s"),
    "summer": N_("summer %(year)s"),
    "autumn": N_("autumn %(year)s"),
    "winter": N_("winter %(year)s"),
}

# The codes that text fields with fixed choices store (record_types.yaml), and the statuses of
# proposals: the pages show them through the catalog.
CHOICE_NAMES: Final = (
    N_("female"),
    N_("male"),
    N_("other"),
    N_("unknown"),
    N_("country"),
    N_("region"),
    N_("district"),
    N_("city"),
    N_("village"),
    N_("facility"),
    N_("site"),
)
STATUS_NAMES: Final = (
    N_("pending"),
    N_("accepted"),
    N_("edited"),
    N_("rejected"),
)


def code_label(code: str, language: str) -> str:
    """A stored code (a choice, a status) as the catalog words it; unknown codes as stored."""
    return translations(language).gettext(code)


def date_label(value: UncertainDate, language: str) -> str:
    """A date with its marks in ``language``: a reporting date is never shown as if it were the
    day something happened, nor an inferred year as if the source had given it."""
    gettext = translations(language).gettext
    if language == DEFAULT_LANGUAGE:
        body = str(replace(value, reported=False, year_inferred=False))
    else:
        body = _body(value, language)
    if value.reported:
        body = gettext("as reported on %(date)s") % {"date": body}
    if value.year_inferred:
        body = gettext("%(date)s (year inferred)") % {"date": body}
    return body


def _body(value: UncertainDate, language: str) -> str:
    gettext = translations(language).gettext
    if value.precision is Precision.UNKNOWN:
        return gettext("unknown date")
    precision = value.precision
    if value.start is None:
        assert value.end is not None
        if value.end == date.max:
            last = _bound(value.end, precision, language, True)
            body = gettext("until %(date)s") % {"date": last}
        else:
            after = value.end + _ONE_DAY
            body = gettext("before %(date)s") % {"date": _bound(after, precision, language, False)}
    elif value.end is None:
        body = gettext("since %(date)s") % {"date": _bound(value.start, precision, language, False)}
    else:
        body = _span(value.start, value.end, precision, language)
    if value.approximate:
        body = gettext("c. %(date)s") % {"date": body}
    return body


def _unit(day: date, precision: Precision, language: str, ending: bool) -> str:
    if precision is Precision.SEASON:
        season, year = _season(day, ending)
        return translations(language).gettext(_SEASON_WORDS[season]) % {"year": year}
    return format_skeleton(_SKELETONS[precision], day, locale=locale_of(language))


def _bound(day: date, precision: Precision, language: str, ending: bool) -> str:
    """One end of an open range, after "before" or "since": a month there takes the form the
    language uses inside a date ("до мая 2019 г."), not the one it names a month by ("май")."""
    if precision is not Precision.MONTH:
        return _unit(day, precision, language, ending)
    locale = locale_of(language)
    pattern = locale.datetime_skeletons["yMMM"].pattern
    return format_date(day, pattern.replace("LLL", "MMM"), locale=locale)


def _season(day: date, ending: bool) -> tuple[str, int]:
    """The season (and its year) that ``day`` starts or ends; winter of Y holds January of Y."""
    if ending:
        return _SEASON_ENDING[day.month], day.year
    season = _SEASON_STARTING[day.month]
    return season, day.year + 1 if season == "winter" else day.year


def _span(start: date, end: date, precision: Precision, language: str) -> str:
    if precision is Precision.SEASON:
        first = _unit(start, precision, language, False)
        last = _unit(end, precision, language, True)
        return first if first == last else f"{first} – {last}"
    skeleton = _SKELETONS[precision]
    # Babel shortens a range to what differs ("12–15 мар. 2023 г."), in the language's order.
    return format_interval(start, end, skeleton, locale=locale_of(language))


def relation_label(relation: Relation, language: str) -> str:
    """How a fact concerns a case file's subject, in ``language``."""
    gettext = translations(language).gettext
    if relation.itself:
        text = gettext("itself")
    else:
        labels = [relation.record_type.field(name).label(language) for name in relation.fields]
        text = ", ".join(labels) or gettext("mentions")
    if relation.through is None:
        return text
    link_type, link_id = relation.through
    return gettext("%(relation)s (through %(type)s #%(id)s)") % {
        "relation": text,
        "type": link_type.label(language).lower(),
        "id": link_id,
    }
