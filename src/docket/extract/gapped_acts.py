"""Acts told again for someone else by a clause that leaves out its verb.

A report lists the same act befalling several people on different days in one sentence, saying
the verb once: "Mamyrov was detained on 3 May and Osmonov on 5 May", "Мамырова задержали 3 мая,
а Осмонова — 5 мая". The gold format counts one act per event, victim and type, so the second
clause is an act of its own: of the same type, with the person and the day it names, and the
perpetrator of the first.

The shape read is narrow, since a name and a date after "and" are often something else ("was
detained on 3 May and Osmonov said on 5 May that …"): right after the first act's clause a
joining word ("and", ", а", "и"), a person named in it, at most a preposition or a dash, a date,
and then the end of the clause.

Kyrgyz puts the verb last, so the clause that leaves it out comes first: "Мамыровду 3-майда,
Осмоновду 5-майда кармашты". Each person named right before a date, the pairs parted by a comma
or "жана" and the last followed in its clause by the act, is a victim of an act of its own: the
act's words are the last person's, and each earlier pair is an act spanning its name and date.
A pair parted from the act by a comma (the date then belongs to another clause) or by a
sentence's end gives nothing, nor does a name without a date of its own ("Мамыровду жана
Осмоновду 5-майда кармашты" is one act).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from docket.extract.actors import Actor

__all__ = ["gapped_acts"]

# What joins the second clause to the first, by language.
_JOINS: Final = {
    "en": re.compile(r"\s*,?\s+and\s+$", re.IGNORECASE),
    "ru": re.compile(r"\s*(?:,\s*а|,?\s+и)\s+$", re.IGNORECASE),
}
# Between the name and its date: nothing, a preposition or a dash.
_BEFORE_DATE: Final = re.compile(r"\s*(?:[—–-]|on|in|at|в|во)?\s*$", re.IGNORECASE)
# After the date the clause ends.
_CLAUSE_ENDS: Final = re.compile(r"\s*(?:[.,;!?…\n]|$)")
_SENTENCE_ENDS: Final = re.compile(r"[.;!?](?=\s)|\n")
# Between a Kyrgyz name and its date: nothing but a space; between two pairs a comma or "жана".
_KY_BEFORE_DATE: Final = re.compile(r"[ \t]+$")
_KY_PAIRS_JOINED: Final = re.compile(r"\s*(?:,|\s+жана)\s+$", re.IGNORECASE)
# Between the last pair and its act: words of the clause, no mark that ends it.
_KY_TO_ACT: Final = re.compile(r"[^,.;:!?…\n]*$")
# How far after the first act its joining word may stand (the act's own date and place
# between).
_REACH: Final = 80


def _victim_name(act: dict[str, Any]) -> str | None:
    victim = act.get("victim")
    if isinstance(victim, dict) and victim.get("kind") == "person":
        return str(victim["name"])
    return None


def gapped_acts(
    text: str,
    language: str | None,
    acts: Sequence[dict[str, Any]],
    people: Sequence[Actor],
    dates: Sequence[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The acts of ``acts`` followed by a clause without a verb that gives the act to another
    person on another day, each as a new act of its own (the spans of the person and the date),
    in text order."""
    if language == "ky":
        return _kyrgyz_gapped(text, acts, people, dates)
    joins = _JOINS.get(language or "")
    if joins is None:
        return []
    found: list[dict[str, Any]] = []
    taken = {(act["start"], act["end"]) for act in acts}
    for act in acts:
        name = _victim_name(act)
        if name is None:
            continue
        for person in people:
            if person.start <= act["end"] or person.start - act["end"] > _REACH:
                continue
            if person.name == name or joins.search(text, act["end"], person.start) is None:
                continue
            # Nothing between the act and the joining word ends its clause but the act's date.
            if _SENTENCE_ENDS.search(text, act["end"], person.start):
                continue
            date = next(
                (
                    one
                    for one in dates
                    if one["start"] >= person.end
                    and _BEFORE_DATE.match(text[person.end : one["start"]]) is not None
                    and _CLAUSE_ENDS.match(text, one["end"]) is not None
                ),
                None,
            )
            if date is None or (person.start, date["end"]) in taken:
                continue
            taken.add((person.start, date["end"]))
            found.append(
                {
                    **act,
                    "start": person.start,
                    "end": date["end"],
                    "victim": person.to_json(),
                    "date": date,
                }
            )
            break
    return sorted(found, key=lambda one: one["start"])


def _dated_person(
    text: str, people: Sequence[Actor], dates: Sequence[dict[str, Any]], until: int
) -> tuple[Actor, dict[str, Any]] | None:
    """The person named right before a date that ends at most where ``until`` allows: the
    nearest pair of a name and its date before ``until``."""
    for date in sorted(dates, key=lambda one: one["end"], reverse=True):
        if date["end"] > until:
            continue
        person = next(
            (
                one
                for one in reversed(people)
                if one.end <= date["start"]
                and _KY_BEFORE_DATE.match(text, one.end, date["start"]) is not None
            ),
            None,
        )
        return None if person is None else (person, date)
    return None


def _kyrgyz_gapped(
    text: str,
    acts: Sequence[dict[str, Any]],
    people: Sequence[Actor],
    dates: Sequence[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The Kyrgyz acts of ``acts`` whose clause lists dated people before the verb ("Мамыровду
    3-майда, Осмоновду 5-майда кармашты"): each act is given to the last of them, and each
    earlier one is an act of its own. ``acts`` are changed in place."""
    found: list[dict[str, Any]] = []
    for act in acts:
        if _victim_name(act) is None:
            continue
        last = _dated_person(text, people, dates, act["start"])
        if last is None or _KY_TO_ACT.match(text[last[1]["end"] : act["start"]]) is None:
            continue
        earlier: list[tuple[Actor, dict[str, Any]]] = []
        joined_at = last[0].start
        while True:
            pair = _dated_person(text, people, dates, joined_at)
            if pair is None or _KY_PAIRS_JOINED.match(text[pair[1]["end"] : joined_at]) is None:
                break
            earlier.append(pair)
            joined_at = pair[0].start
        if not earlier:
            continue
        act["victim"] = last[0].to_json()
        act["date"] = last[1]
        found.extend(
            {
                **act,
                "start": person.start,
                "end": date["end"],
                "victim": person.to_json(),
                "date": date,
            }
            for person, date in earlier
        )
    return sorted(found, key=lambda one: one["start"])
