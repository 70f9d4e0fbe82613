"""Whom an appeal is sent to, where its words mark the addressee.

The grammar gives an intervention's addressee where the parse links it to the appeal's verb;
the words that mark one are plainer and do not depend on the parse: English "to" and "with"
right before the name ("lodged a complaint with the Prosecutor General's Office", "sent an
urgent appeal to the UN Special Rapporteur", "has been raised with the Ombudsman"), Russian
"к", "в", "в адрес" ("обратился с жалобой к Омбудсмену", "подал жалобу в прокуратуру
Иссык-Кульской области", "в адрес Генеральной прокуратуры"), and the Kyrgyz dative of the name
before the verb ("Жаңы-Кала шаардык сотуна даттанды", "атайын баяндамачысына шашылыш кайрылуу
жөнөттү"), or its ablative for what is asked of someone ("Ички иштер министрлигинен … маалымат
берүүнү өтүндү"). A name right after the verb of calling that opens the words is the one
called on ("urges the Prosecutor General to release Toktosunov", "призывает Генеральную
прокуратуру прекратить преследование Мамбетовой"): the addressee, not the person to be freed.

Only appeals, requests, letters and legal steps are sent to someone (``addressed`` in
``vocabulary/interventions.yaml``): a visit's "in SIZO No. 1" and a request for treatment's "to
District Hospital No. 2" are places, not addressees. A name so marked in the intervention's
words, or just after them in their clause (before them in Kyrgyz), is its addressee, in place
of whom the appeal is about; and the addressee is never also its author ("направили в адрес
Генеральной прокуратуры обращения": the prosecutor's office received them). A call for release
that names no addressee is toward the person it asks to free (``freed_people``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from itertools import islice
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.clauses import LOOK_BACK, SENTENCE_BREAK
from docket.extract.gapped_calls import named_before_the_dash
from docket.extract.participants import CLAUSE_BREAK
from docket.model.taxonomy import Taxonomy

__all__ = ["freed_people", "marked_addressees", "visited_places"]

_WORD: Final = re.compile(r"\w+(?:[-'’]\w+)*")
# Words that may stand between the end of the intervention's words and its addressee's marker
# ("sent an urgent appeal | to the UN …", "обратился с жалобой | к Омбудсмену").
_AFTER: Final = 3
# Words that may stand between a Kyrgyz addressee and the intervention's words ("Омбудсменге
# арыз жөнөтүп", "атайын баяндамачысына шашылыш кайрылуу").
_BEFORE: Final = 4
# The Kyrgyz dative, bare or after a possessive ("сотко", "Омбудсменге", "сотуна",
# "прокуратурасына"), and the ablative ("прокуратурадан", "министрлигинен").
_KY_DATIVE: Final = re.compile(r"(?:[гк][аеоө]|(?:[ыиуү]|с[ыиуү])н[аеоө])$")
_KY_ABLATIVE: Final = re.compile(r"(?:[дт][аеоө]н|(?:[ыиуү]|с[ыиуү])н[аеоө]н)$")
_KY_STEM: Final = 3
_CONVERB_COMMA: Final = re.compile(r"(?<=[ыиуүаеоө]п),")
# Characters before a name its marker is looked for in ("в адрес ", "with the ").
_MARKER_REACH: Final = 20
# A word of a name with a case ending: this many letters shared from the start, this many
# letters more or fewer ("Бекову", "Бекова").
_NAME_STEM: Final = 5
_ENDING: Final = 2
# Languages whose object stands before its verb: the one to free too.
_OBJECT_FIRST: Final = frozenset({"ky"})
# What may stand between a verb of calling and the one called on: "urged the", "calls on".
_CALLED_GAP: Final = re.compile(r"\s+(?:(?:the|on|upon)\s+)*", re.IGNORECASE)
# Languages that may put the addressee before the appeal's noun.
_ADDRESSEE_FIRST: Final = frozenset({"ru"})


@cache
def _marker(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern for one of the marker phrases ``words`` ending right before a name."""
    if not words:
        return None
    phrases = sorted(words, key=len, reverse=True)
    joined = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
    return re.compile(rf"(?<!\w)(?:{joined})\s+(?:the\s+)?$", re.IGNORECASE)


def _addressed(taxonomy: Taxonomy, code: str, kinds: Sequence[str], unless: Sequence[str]) -> bool:
    return any(taxonomy.is_a(code, kind) for kind in kinds) and not any(
        taxonomy.is_a(code, kind) for kind in unless
    )


def _within_words(text: str, low: int, high: int, most: int) -> bool:
    """Whether ``text[low:high]`` holds at most ``most`` words. Counting stops past ``most``:
    in a long text, an act's distance from names far before it is not read word by word."""
    return next(islice(_WORD.finditer(text, low, high), most, None), None) is None


def _clear(text: str, language: str) -> bool:
    """Whether ``text`` (between an intervention's words and its addressee) stays in one
    clause."""
    if language == "ky":
        text = _CONVERB_COMMA.sub("", text)
    return not CLAUSE_BREAK.search(text) and not SENTENCE_BREAK.search(text)


def _kyrgyz_marked(text: str, actor: Actor) -> bool:
    """Whether the Kyrgyz name ``actor`` ends in the dative or ablative, on its own last word
    or glued on after it."""
    words = _WORD.findall(text[actor.start : actor.end])
    if not words:
        return False
    last = words[-1].casefold()
    glued = _WORD.match(text, actor.end)
    if glued is not None and text[actor.end - 1 : actor.end].isalpha():
        last += glued.group().casefold()
    if len(last) <= _KY_STEM + 1:
        return False
    return bool(_KY_DATIVE.search(last) or _KY_ABLATIVE.search(last))


def marked_addressees(
    text: str,
    language: str,
    interventions: Sequence[dict[str, Any]],
    actors: Sequence[Actor],
    taxonomy: Taxonomy,
    data: Mapping[str, Any],
) -> None:
    """Give each appeal whose words mark a name as its addressee that name as ``toward``, in
    place (see the module's docstring)."""
    addressed = data.get("addressed") or {}
    kinds = tuple(addressed.get("kinds") or ())
    unless = tuple(addressed.get("unless") or ())
    marker = _marker(tuple((addressed.get("markers") or {}).get(language) or ()))
    callers = tuple((addressed.get("callers") or {}).get(language) or ())
    ordered = sorted(actors, key=lambda actor: actor.start)
    for found in interventions:
        if not _addressed(taxonomy, found["type"], kinds, unless):
            continue
        start, end = found["start"], found["end"]
        # "…, а Омбудсмена — посетить Сарыбаеву в СИЗО": the one named before the dash.
        chosen = named_before_the_dash(text, start, end, ordered)
        if chosen is None and language == "ky":
            before = [
                actor
                for actor in ordered
                if actor.end <= end
                and _within_words(text, actor.end, start, _BEFORE)
                and _clear(text[actor.end : max(actor.end, start)], language)
                and _kyrgyz_marked(text, actor)
            ]
            chosen = before[-1] if before else None
        elif chosen is None and marker is not None:
            marked = [
                actor
                for actor in ordered
                if marker.search(text, max(0, actor.start - _MARKER_REACH), actor.start)
            ]
            chosen = _first_in_or_after(text, language, start, end, marked)
            if chosen is None and language in _ADDRESSEE_FIRST:
                # "в адрес Генеральной прокуратуры обращения", "в прокуратуру жалобу".
                ahead = [
                    actor
                    for actor in marked
                    if actor.end <= start
                    and _within_words(text, actor.end, start, _BEFORE)
                    and _clear(text[actor.end : start], language)
                ]
                chosen = ahead[-1] if ahead else None
        if language not in _OBJECT_FIRST:
            # The one called on comes before a name marked later in the call: "просит
            # Омбудсмена посетить Бердибекова в ИВС" asks the Ombudsman, not the cells.
            called = _called(text, start, end, ordered, callers)
            if called is not None and (chosen is None or called.start < chosen.start):
                chosen = called
        if chosen is None:
            continue
        found["toward"] = chosen.to_json()
        by = found.get("by")
        if isinstance(by, Mapping) and by.get("name") == chosen.name:
            found["by"] = None


def _called(
    text: str, start: int, end: int, actors: Sequence[Actor], callers: tuple[str, ...]
) -> Actor | None:
    """The name right after a verb of calling in ``text[start:end]`` (``callers``, word
    starts; "the", "on" or "upon" may stand between), inside those words: the one called on
    ("urges the Prosecutor General to release Toktosunov", "a letter asking the Prosecutor
    General to release Sooronbaev", "призывает Генеральную прокуратуру прекратить
    преследование")."""
    if not callers:
        return None
    for verb in _WORD.finditer(text, start, end):
        if not verb.group().casefold().startswith(callers):
            continue
        called = next(
            (
                actor
                for actor in actors
                if verb.end() < actor.start
                and actor.end <= end
                and _CALLED_GAP.fullmatch(text[verb.end() : actor.start])
            ),
            None,
        )
        if called is not None:
            return called
    return None


def freed_people(
    text: str,
    language: str,
    interventions: Sequence[dict[str, Any]],
    actors: Sequence[Actor],
    data: Mapping[str, Any],
    known: Mapping[str, Actor] | None = None,
) -> None:
    """Give each call for release (``freed`` in the vocabulary) that names no addressee the
    person it asks to free, in place, as the guideline says: the first person named in its
    words or right after them in their clause ("demands that Nazarov be freed", "calls for the
    release of Adilet Sadykov"), also by a word of their name the recogniser left out
    (``known``: ``referents.name_words``)."""
    kinds = frozenset(data.get("freed") or ())
    people = sorted((a for a in actors if a.kind == "person"), key=lambda actor: actor.start)
    for found in interventions:
        if found["type"] not in kinds or found.get("toward") is not None:
            continue
        start, end = found["start"], found["end"]
        low = _clause_start(text, start, language) if language in _OBJECT_FIRST else start
        named = [
            *people,
            *_name_words(text, low, _clause_end(text, end, language), known or {}),
        ]
        named.sort(key=lambda actor: actor.start)
        person = _first_in_or_after(text, language, start, end, named)
        if person is None and language in _OBJECT_FIRST:
            # "Касымовду бошотууну талап кылат": the one to free stands before the verb.
            ahead = [
                actor
                for actor in named
                if low <= actor.start
                and actor.end <= start
                and _within_words(text, actor.end, start, _BEFORE)
            ]
            person = ahead[-1] if ahead else None
        if person is not None and not (
            isinstance(found.get("by"), Mapping) and found["by"].get("name") == person.name
        ):
            found["toward"] = person.to_json()


def _first_in_or_after(
    text: str, language: str, start: int, end: int, actors: Sequence[Actor]
) -> Actor | None:
    """The first of ``actors`` named inside ``text[start:end]`` or a few words right
    after it with nothing between that ends the clause."""
    return next(
        (
            actor
            for actor in actors
            if start <= actor.start
            and (
                actor.start < end
                or (
                    _within_words(text, end, actor.start, _AFTER)
                    and _clear(text[end : actor.start], language)
                )
            )
        ),
        None,
    )


def _clause_start(text: str, start: int, language: str) -> int:
    """Where the clause that ``text[start:]`` is in starts (a Kyrgyz converb's comma joins)."""
    low = max(0, start - LOOK_BACK)
    for pattern in (CLAUSE_BREAK, SENTENCE_BREAK):
        for found in pattern.finditer(text, max(0, start - LOOK_BACK), start):
            if language == "ky" and _CONVERB_COMMA.match(text, found.start()):
                continue
            low = max(low, found.end())
    return low


def _clause_end(text: str, end: int, language: str) -> int:
    """Where the clause that ``text[:end]`` is in ends."""
    breaks = [
        found.start()
        for pattern in (CLAUSE_BREAK, SENTENCE_BREAK)
        if (found := pattern.search(text, end)) is not None
    ]
    return min(breaks, default=len(text))


def _name_words(text: str, start: int, end: int, known: Mapping[str, Actor]) -> list[Actor]:
    """The capitalised words of ``text[start:end]`` that are a word of one person's name, with
    or without a case ending ("Nazarov", "Бекову"), as that person's actors."""
    found: list[Actor] = []
    for word in _WORD.finditer(text, start, end):
        if not word.group()[:1].isupper():
            continue
        key = word.group().casefold().replace("ё", "е")
        named = {
            actor.name: actor
            for name, actor in known.items()
            if key == name
            or (
                len(key) >= _NAME_STEM
                and key[:_NAME_STEM] == name[:_NAME_STEM]
                and abs(len(key) - len(name)) <= _ENDING
            )
        }
        if len(named) == 1:
            actor = next(iter(named.values()))
            found.append(
                Actor(actor.kind, actor.name, actor.archive_id, word.group(), *word.span())
            )
    return found


def visited_places(
    text: str,
    interventions: Sequence[dict[str, Any]],
    actors: Sequence[Actor],
    data: Mapping[str, Any],
) -> None:
    """Give each visit to a place of detention (``visited`` in the vocabulary) that names no
    one it is toward the institution its words name by a word of its name, in place: "my
    visit to the colony" after "Colony No. 47", "посещавшая колонию" after "Колония № 47"; the
    one named last before the visit's end."""
    kinds = frozenset(data.get("visited") or ())
    organisations = sorted(
        (actor for actor in actors if actor.kind == "organization"), key=lambda actor: actor.start
    )
    for found in interventions:
        if found["type"] not in kinds or found.get("toward") is not None:
            continue
        words = {
            word.casefold()[:_NAME_STEM]
            for word in _WORD.findall(text[found["start"] : found["end"]])
            if len(word) >= _NAME_STEM
        }
        place = None
        for actor in organisations:
            if actor.start >= found["end"]:
                break
            if words & {word.casefold()[:_NAME_STEM] for word in _WORD.findall(actor.name)}:
                place = actor
        if place is not None:
            found["toward"] = place.to_json()
