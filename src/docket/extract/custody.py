"""Acts that befall a prisoner in custody, and the institutions that answer for acts.

A prisoner's care withheld or cell described ("the duty doctor came only in the morning", "ему
дают только обезболивающие") rarely has the prisoner as the grammar's object: the sentence speaks
through a relative or a lawyer. ``in_custody`` gives such an act the prisoner the sentence speaks
of. ``answerable`` gives an act whose text names no perpetrator the institution that answers for
it: a trial's court, a prisoner's colony, or the owner of the place of detention
(``facility_owners``: "the temporary detention facility of the City Police Department",
"УКМКнын тергөө изоляторунда").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.document_people import COUNSEL_REACH, counsel_cues
from docket.extract.participants import VOCABULARY, phrase_pattern, sentence_span
from docket.extract.referents import HE, SHE, pronoun_referent
from docket.model._lexicon import read_yaml

__all__ = ["answerable", "facility_owners", "in_custody"]


@cache
def _institutions(language: str) -> list[tuple[frozenset[str], tuple[str, ...]]]:
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    return [
        (
            frozenset(entry["codes"]),
            tuple(word.casefold() for word in entry["words"].get(language) or []),
        )
        for entry in read_yaml(source).get("institutions") or []
    ]


def answerable(
    findings: Sequence[dict[str, Any]],
    language: str | None,
    actors: Sequence[Actor],
    sentence_of: Callable[[int], int],
    text: str = "",
) -> None:
    """Give an act the institution that answers for it where nothing else names its
    perpetrator: a trial's court ("Most hearings were closed"), a prisoner's colony ("placed in
    a punishment cell"), or the organisation named as the owner of a place of detention
    (``facility_owners``: "the temporary detention facility of the Jangy-Kala City Police
    Department"): the institution of that kind named last before the act, or after it in its
    sentence. A beating told in a sentence that names the facility ("came out of the facility
    with bruises") is that owner's."""
    if not language:
        return
    kinds = [(codes, words) for codes, words in _institutions(language) if words]
    organisations = sorted(
        (actor for actor in actors if actor.kind == "organization"),
        key=lambda actor: actor.start,
    )
    custody = _custody(language)
    owners = facility_owners(text, language, organisations)
    # Where the text names a place of detention, by sentence.
    facilities: dict[int, list[int]] = {}
    if owners and custody.facility is not None:
        for found in custody.facility.finditer(text.casefold()):
            facilities.setdefault(sentence_of(found.start()), []).append(found.start())
    for finding in findings:
        if finding.get("perpetrator") is not None:
            continue
        sentence = sentence_of(finding["start"])
        inside = facilities.get(sentence)
        if finding["type"] in custody.inside and inside:
            # "came out of the facility with bruises": what befell them inside is the
            # facility's.
            earlier = [actor for actor in owners if actor.end <= max(inside)]
            victim = finding.get("victim")
            if earlier and (victim is None or victim["name"] != earlier[-1].name):
                finding["perpetrator"] = earlier[-1].to_json(degree="carried_out")
                continue
        for codes, words in kinds:
            if finding["type"] not in codes:
                continue
            fitting = [
                actor
                for actor in organisations
                if (
                    any(word.startswith(words) for word in actor.text.casefold().split())
                    or (actor in owners and finding["type"] in custody.codes)
                )
                and (actor.end <= finding["start"] or sentence_of(actor.start) == sentence)
            ]
            before = [actor for actor in fitting if actor.end <= finding["start"]]
            chosen = before[-1] if before else (fitting[0] if fitting else None)
            victim = finding.get("victim")
            if chosen is not None and (victim is None or victim["name"] != chosen.name):
                finding["perpetrator"] = chosen.to_json(degree="carried_out")
            break


@dataclass(frozen=True)
class _Custody:
    codes: frozenset[str]
    kin: re.Pattern[str] | None
    facility: re.Pattern[str] | None
    inside: frozenset[str]


@cache
def _custody(language: str) -> _Custody:
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    data = read_yaml(source).get("custody") or {}
    kin = [word.casefold() for word in (data.get("kin") or {}).get(language) or []]
    places = [word.casefold() for word in (data.get("facilities") or {}).get(language) or []]
    return _Custody(
        frozenset(data.get("codes") or []),
        # A kin word right before a name, with at most a comma between ("His wife, Aigerim
        # Asanova", "Анын апасы Роза").
        re.compile(rf"(?<!\w)(?:{'|'.join(map(phrase_pattern, kin))})\w*\s*,?\s*$")
        if kin
        else None,
        re.compile(rf"(?<!\w)(?:{'|'.join(map(phrase_pattern, places))})\w*") if places else None,
        frozenset(data.get("inside") or []),
    )


# Pronouns that may stand for the prisoner a custody act befalls: objects and possessives ("gave
# him a painkiller", "his cell", "ему дают", "ага жеткен эмес"); a subject "she" in "His sister
# says the insulin she brought" is who speaks for him.
_OBJECTS: Final = (HE | SHE) - {"he", "she", "hers", "он", "она"} | {"аны", "ага", "анын"}
_CUSTODY_PRONOUN: Final = re.compile(
    rf"(?<!\w)(?:{'|'.join(sorted(_OBJECTS, key=len, reverse=True))})(?!\w)", re.IGNORECASE
)
# The same in the first person, in a witness's statement: "скорую вызвали только вечером, когда
# меня уже отпустили".
_CUSTODY_FIRST: Final = re.compile(
    r"(?<!\w)(?:me|my|меня|мне|мой|моя|мою|моей|моего|мени|мага|менин)(?!\w)", re.IGNORECASE
)
# An owner of a facility must stand this close to its word.
_FACILITY_REACH: Final = 12


def in_custody(
    text: str,
    language: str | None,
    findings: Sequence[dict[str, Any]],
    people: Sequence[Actor],
    sentence_starts: Sequence[int],
    sentence_of: Callable[[int], int],
    speaker: Actor | None = None,
) -> None:
    """Give an act that befalls a prisoner in custody (``custody`` codes: care withheld, the
    cell) whose grammar names no victim the prisoner its sentence speaks of: the one person it
    names who is no one's relative or counsel ("Адвокаты Бакыт Осмоновдун айтымында,
    Бообековдун жүрөгү ооруйт, бирок ал врачтын кароосуна жеткирилген жок"), else the person
    a pronoun of it stands for, by agreement, among those named before who are neither ("His
    wife, Aigerim Asanova, says the duty doctor came only in the morning and gave him a
    painkiller": Bolot Asanov), or by the first person the witness whose statement it is
    (``speaker``). Two such people named in the sentence are no guess."""
    if not language:
        return
    custody = _custody(language)
    _, lawyers_before = counsel_cues(language)
    folded = text.casefold()
    speakers = {
        actor.name
        for actor in people
        if actor.kind == "person"
        and any(
            pattern is not None
            and pattern.search(folded, max(0, actor.start - COUNSEL_REACH), actor.start)
            for pattern in (custody.kin, lawyers_before)
        )
    }
    prisoners = [actor for actor in people if actor.kind == "person" and actor.name not in speakers]
    for finding in findings:
        if finding["type"] not in custody.codes or finding.get("victim") is not None:
            continue
        perpetrator = finding.get("perpetrator")
        taken = None if perpetrator is None else perpetrator["name"]
        sentence = sentence_of(finding["start"])
        low, high = sentence_span(sentence, sentence_starts, len(text))
        named = {
            actor.name: actor
            for actor in prisoners
            if low <= actor.start < high and actor.name != taken
        }
        if len(named) > 1:
            continue
        chosen = (
            next(iter(named.values()))
            if named
            else _custody_pronoun(text, low, high, finding, prisoners)
        )
        if chosen is None and speaker is not None and _CUSTODY_FIRST.search(text, low, high):
            chosen = speaker
        if chosen is not None and chosen.name != taken:
            finding["victim"] = chosen.to_json()


def _custody_pronoun(
    text: str, low: int, high: int, finding: dict[str, Any], prisoners: Sequence[Actor]
) -> Actor | None:
    """The person a pronoun of the act's sentence stands for, the first after the act tried
    first, then the nearest before it."""
    found = list(_CUSTODY_PRONOUN.finditer(text, low, high))
    ordered = [m for m in found if m.start() >= finding["end"]] + [
        m for m in reversed(found) if m.end() <= finding["start"]
    ]
    for pronoun in ordered:
        before = [actor for actor in prisoners if actor.end <= pronoun.start()]
        chosen = pronoun_referent(text, pronoun.span(), before)
        if chosen is not None:
            return chosen
    return None


# What stands between a facility's word and its owner's name: "facility of the Jangy-Kala City
# Police Department", "ИВС ГКНБ"; in Kyrgyz the owner comes first in the genitive, with at most
# one word between ("УКМКнын тергөө изоляторунда").
_OWNER_AFTER: Final = re.compile(r"\w*[ \t]+(?:of[ \t]+)?(?:the[ \t]+)?", re.IGNORECASE)
_OWNER_BEFORE: Final = re.compile(r"(?:[нтд]?[ыиуү]н)?[ \t]+(?:\w+[ \t]+)?", re.IGNORECASE)


def facility_owners(text: str, language: str | None, organisations: Sequence[Actor]) -> list[Actor]:
    """The organisations named as the owners of a place of detention (``custody``
    ``facilities``): "the temporary detention facility of the Jangy-Kala City Police
    Department", "УКМКнын тергөө изоляторунда", in text order, each mention once."""
    custody = _custody(language) if language else None
    if custody is None or custody.facility is None:
        return []
    folded = text.casefold()
    found: dict[int, Actor] = {}
    for place in custody.facility.finditer(folded):
        for actor in organisations:
            if language == "ky":
                tied = actor.end <= place.start() and _OWNER_BEFORE.fullmatch(
                    folded, actor.end, place.start()
                )
            else:
                tied = (
                    place.end() <= actor.start <= place.end() + _FACILITY_REACH + 8
                    and _OWNER_AFTER.fullmatch(folded, place.end(), actor.start)
                )
            if tied:
                found[actor.start] = actor
    return [found[start] for start in sorted(found)]
