"""Who an act was done to and who did it, from the people and organisations of its sentence.

A reviewer accepting an act must name its victim; a good guess shown with the passage saves
typing, and a wrong one costs a glance. The guesses are deliberately narrow:

- a perpetrator only where the text marks one ("by", "ordered by", "по приказу", "тарабынан",
  "буйругу менен", or an organisation right before the act: "Police detained"), with the degree
  of involvement the marker implies (``ordered`` or ``carried_out``);
- a victim as the person nearest the act in its clause (after it: "detained Aisuluu Temirova";
  else before it: "Temirova was detained"), the person a numbered line of a list opens with
  ("3. Bektur Asanov, 19, student: 10 days of administrative arrest"), or an organisation right
  after the act ("raided Kloop").

Where the act's sentence names no one, ``docket.extract.carried`` gives it a victim told before
it, and an intervention naming no author is that of the organisation the document speaks for
(``docket.extract.document_people``). Who a prisoner's care and cell befall, and the court,
colony or owner of a facility that answers for an act, are read in ``docket.extract.custody``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.kyrgyz_endings import case_ending_length
from docket.extract.kyrgyz_syntax import kyrgyz_possessed, kyrgyz_slots
from docket.extract.referents import known_actor, pronoun_referent
from docket.extract.syntax import Slot
from docket.model._lexicon import read_yaml

__all__ = [
    "CLAUSE_BREAK",
    "VOCABULARY",
    "Participants",
    "participants",
    "phrase_pattern",
    "sentence_span",
]

VOCABULARY: Final = "vocabulary/participants.yaml"
# An organisation this close before an act, with nothing but words between, is its subject.
_SUBJECT_GAP: Final = re.compile(r"^[ \t]+(?:[\w-]+[ \t]+){0,2}$")
_CUE_REACH: Final = 40
_GLUED: Final = re.compile(r"\w+")
_SENTENCE_END: Final = re.compile(r"[.!?\n]")
# A victim stands in the act's own clause: "villagers were shot dead in Kara-Suu and Atambaev
# was killed" does not make Atambaev the victim of the shooting.
_CLAUSE_REACH: Final = 60
_LIST_MARKER: Final = re.compile(r"[ \t]*(?:\d{1,3}[.)]|[-•*–])[ \t]+")
CLAUSE_BREAK: Final = re.compile(
    r"[,;:()]|\s(?:and|but|while|whereas|и|а|но|однако|жана|бирок|ал\s+эми)\s", re.IGNORECASE
)


# A verb of taking or bringing after a body in the Kyrgyz dative ("милиция бөлүмүнө алып
# барышты"): the body is where someone was taken, not whom the act befell.
_TAKEN_TO: Final = re.compile(
    r"[ \t]+(?:алып[ \t]+(?:бар|кет|кел)|жеткир|котор|этапта)", re.IGNORECASE
)


_KY_WORD: Final = re.compile(r"\w+")
_KY_REACH: Final = 80


def _kyrgyz_known(
    text: str, start: int, end: int, actors: Sequence[Actor], known: Mapping[str, Actor]
) -> list[Actor]:
    """The words of the act's Kyrgyz sentence that name someone of ``known`` with a case ending
    the recogniser missed ("Осмоновду камакта сабашкан" after "Каныбек Осмонов"): Kyrgyz has
    no parse, so its case endings can only be read off mentions."""
    # Only the reach around the act is searched for the sentence's bounds: a scan from the
    # text's start for each act cost a tenth of a Kyrgyz document's extraction.
    low = max(0, start - _KY_REACH)
    low = max((found.end() for found in _SENTENCE_END.finditer(text, low, start)), default=low)
    closing = _SENTENCE_END.search(text, end, end + _KY_REACH)
    high = closing.start() if closing else min(len(text), end + _KY_REACH)
    found = []
    for word in _KY_WORD.finditer(text, low, high):
        if not word.group()[:1].isupper() or any(
            a.start < word.end() and word.start() < a.end for a in actors
        ):
            continue
        stem = word.group()[: len(word.group()) - case_ending_length(word.group())]
        actor = known_actor(text, [(word.start(), word.start() + len(stem))], known)
        if actor is not None:
            found.append(replace(actor, end=word.end(), text=word.group()))
    return found


@dataclass(frozen=True)
class Participants:
    """The likeliest victim and perpetrator, and in ``victims`` and ``perpetrators`` each of
    them with everyone the grammar joins to them in their role ("detained Osmonov, Toktogulov
    and Ismailova"), the likeliest first; empty where no one has the role. ``several``: the
    grammar gives the victim's role a word for several people ("both", "они"), which no one
    victim carried from elsewhere stands for (``carried``)."""

    victim: dict[str, Any] | None
    perpetrator: dict[str, Any] | None
    victims: tuple[dict[str, Any], ...] = ()
    perpetrators: tuple[dict[str, Any], ...] = ()
    several: bool = False


@dataclass(frozen=True)
class _Cues:
    before: list[tuple[re.Pattern[str], str]]
    after: list[tuple[re.Pattern[str], str]]


def phrase_pattern(words: str) -> str:
    return r"\s+".join(re.escape(word) for word in words.casefold().split())


@cache
def _cues(language: str) -> _Cues:
    text = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    data: dict[str, Any] = read_yaml(text)
    before, after = [], []
    # Order cues are tried first: "ordered by X" must not read as plain "by X".
    for degree in ("ordered", "carried_out"):
        words = (data["before"].get(language) or {}).get(degree) or []
        if words:
            body = "|".join(phrase_pattern(w) for w in sorted(words, key=len, reverse=True))
            before.append((re.compile(rf"(?<!\w)(?:{body})\s+(?:the\s+)?$", re.I), degree))
        words = (data["after"].get(language) or {}).get(degree) or []
        if words:
            body = "|".join(phrase_pattern(w) for w in sorted(words, key=len, reverse=True))
            after.append((re.compile(rf"^\s*(?:{body})(?!\w)", re.I), degree))
    return _Cues(before, after)


def _marked(text: str, actor: Actor, cues: _Cues) -> str | None:
    lead = text[max(0, actor.start - _CUE_REACH) : actor.start]
    for pattern, degree in cues.before:
        if pattern.search(lead):
            return degree
    # A Kyrgyz name's case ending stays glued on after the recogniser's span: "Ташиев|дин
    # буйругу менен" is cued by what follows the ending.
    glued = _GLUED.match(text, actor.end) if text[actor.end - 1 : actor.end].isalpha() else None
    after = actor.end if glued is None else glued.end()
    tail = text[after : after + _CUE_REACH]
    for pattern, degree in cues.after:
        if pattern.match(tail):
            return degree
    return None


def participants(
    text: str,
    language: str | None,
    start: int,
    end: int,
    actors: Sequence[Actor],
    slots: Sequence[Slot] | None = None,
    *,
    earlier: Actor | None = None,
    before: Sequence[Actor] = (),
    speaker: Actor | None = None,
    addressed: bool = False,
    author: Actor | None = None,
    known: Mapping[str, Actor] | None = None,
    groups: Sequence[tuple[Actor, ...]] = (),
    kind: str | None = None,
) -> Participants:
    """The likely victim and perpetrator of the act at ``text[start:end]`` among ``actors``.

    ``slots`` are the roles the parse of the sentence gives (``syntax.slots_in``); Kyrgyz reads
    them from case endings here. A role the grammar fills with a name wins; a pronoun in it
    ("his", "его") is the person named last before the act (``earlier``), a first-person one
    ("me", "мени") the witness whose statement it is (``speaker``); the word rules
    below fill what the grammar leaves open. With ``addressed`` (an intervention), an addressee
    stands in for a victim, before whom the appeal is about: who an appeal was sent to is what
    it was toward, and the subject of the verb above it who made it; where its words
    name no author, it is the document's own ``author`` ("Urgent action" under the clinic's
    name, "призывает прекратить преследование" in the Alliance's declaration), never its
    addressee. A slot whose head word was left unrecognised but is a word of one of the
    document's names (``known``, from ``name_words``) is that name's actor. A word for several
    people ("both", "they", "обоих", "аларды") in a role is everyone of the group the text
    listed just before (``groups``, from ``coordinated_groups``), when there is exactly one
    and, for "both", of two; a noun a number counts ("the three detainees", "оба издания") is
    the one group of that many of the noun's kind (people, organisations); a possessive
    ("their lawyers", "их адвокатам", "алардын адвокаттарын") is that group too, as the owners.
    Otherwise the role is left to no one. An act of ``kind`` in ``things`` (a confiscation) is
    done to a thing, which a bare "их" or "them" as its object stands for.
    """
    if slots is None and language == "ky" and known:
        actors = [*actors, *_kyrgyz_known(text, start, end, actors, known)]
    if slots is None:
        slots = (
            kyrgyz_slots(
                text,
                start,
                end,
                [(a.start, a.end, a.kind) for a in actors],
                (0, len(text)),
                addressed=addressed,
                by_subject=kind in _done_by_subject(),
            )
            if language == "ky"
            else []
        )
    read = _from_slots(
        text,
        slots,
        actors,
        earlier,
        speaker,
        addressed,
        known or {},
        before,
        groups,
        kind in _things(),
        kind in _done_by_subject(),
    )
    victims = [found for found, _ in read.victims]
    several = any(slot.pronoun in _SEVERAL and slot.role in ("victim", "subject") for slot in slots)
    # Who sent an appeal is the subject of the verb it is the object of ("«Калкан» направил в
    # Генеральную прокуратуру обращение"), not the addressee written right before it.
    perpetrator = (
        read.own
        or (read.weak if addressed else None)
        or _marked_perpetrator(text, language, start, end, actors)
        or read.weak
    )
    if (
        perpetrator is not None
        and not addressed
        and perpetrator[0].name not in read.told
        and _spoken_of(text, language, perpetrator[0], start, end)
    ):
        perpetrator = None
    doers = [] if perpetrator is None else _joined(perpetrator[0], read.agents, set())
    taken = None if perpetrator is None else perpetrator[0].name
    # None of those who did it: "They beat their detainees" after two officers named together
    # owns the detainees by the doers.
    doing_names = {found.name for found in doers}
    victim = next(
        (found for found in victims if found.name != taken and found.name not in doing_names),
        None,
    )
    # When the grammar gives the act a victim no name stands for ("villagers were shot",
    # "журналистку задержали"), a name nearby is someone else.
    people = [a for a in actors if a.kind == "person" and a.name != taken]
    if victim is None:
        victim = _listed_person(text, start, people)
    if victim is None and not any(slot.role == "victim" and not slot.weak for slot in slots):
        victim = _nearest_victim(text, start, end, actors, taken)
    if addressed and author is not None and perpetrator is None:
        perpetrator = (author, "carried_out")
        if victim is not None and victim.name == author.name:
            victim = None
    if perpetrator is None:
        return Participants(
            None if victim is None else victim.to_json(),
            None,
            ()
            if victim is None
            else tuple(a.to_json() for a in _joined(victim, read.victims, set())),
            several=several,
        )
    degrees = {found.name: degree for found, degree, _, _ in read.degrees}
    doing = [
        (
            found,
            perpetrator[1] if found is perpetrator[0] else degrees.get(found.name, perpetrator[1]),
        )
        for found in doers or [perpetrator[0]]
    ]
    victims_all = (
        [] if victim is None else _joined(victim, read.victims, {found.name for found, _ in doing})
    )
    return Participants(
        None if victim is None else victim.to_json(),
        perpetrator[0].to_json(degree=perpetrator[1]),
        tuple(found.to_json() for found in victims_all),
        tuple(found.to_json(degree=degree) for found, degree in doing),
        several=several,
    )


def _joined(first: Actor, found: Sequence[tuple[Actor, Slot]], others: set[str]) -> list[Actor]:
    """``first`` and the actors of the slots the grammar joins to the slot that gave it ("and",
    a comma), in their order, each name once and none of ``others`` (those of the other
    role)."""
    slot = next((slot for actor, slot in found if actor is first), None)
    joined = [first]
    if slot is None or slot.joined is None:
        return joined
    for actor, other in found:
        if (
            other.joined == slot.joined
            and other.role == slot.role
            and actor.name not in others
            and all(actor.name != each.name for each in joined)
        ):
            joined.append(actor)
    return joined


@dataclass(frozen=True)
class _Read:
    """What the slots say: the victims they name with their slots, nearest the act first; the
    perpetrator of the act's own clause and of any clause; everyone named as doing the act
    with their slots and degrees; the organisations that tell of the act as their own."""

    victims: list[tuple[Actor, Slot]]
    own: tuple[Actor, str] | None
    weak: tuple[Actor, str] | None
    agents: list[tuple[Actor, Slot]]
    degrees: list[tuple[Actor, str, bool, Slot]]
    told: set[str]


def _from_slots(
    text: str,
    slots: Sequence[Slot],
    actors: Sequence[Actor],
    earlier: Actor | None,
    speaker: Actor | None,
    addressed: bool,
    known: Mapping[str, Actor],
    before: Sequence[Actor] = (),
    groups: Sequence[tuple[Actor, ...]] = (),
    things: bool = False,
    by_subject: bool = False,
) -> _Read:
    """The roles the slots give the actors (``_Read``)."""

    def everyone_in(slot: Slot) -> list[tuple[Actor, Slot]]:
        # "both", "they": the one group listed before, each of it joined in the slot's role.
        # "the three detainees", "both outlets": the one group of that many of the noun's kind.
        if slot.pronoun not in _SEVERAL:
            return []
        if slot.fits:
            fitting = [
                group
                for group in groups
                if len(group) == slot.size and all(actor.kind == slot.fits for actor in group)
            ]
        elif things and not slot.owner and slot.role == "victim":
            # "их изъяли" after two people who brought tents: the tents.
            return []
        else:
            fitting = list(groups)
        if len(fitting) != 1:
            return []
        group = fitting[0]
        if slot.pronoun == "pair" and len(group) != 2:
            return []
        joined = replace(slot, joined=slot.spans[0][0])
        return [(actor, joined) for actor in group]

    def actor_in(slot: Slot) -> Actor | None:
        # The actor nearest the slot's head in the tree; among a victim's words a person first:
        # "журналистку издания Kerege.info Айсулуу Темирову" is the journalist, not her outlet.
        inside = [
            (slot.role == "victim" and actor.kind != "person", word, actor.start, actor)
            for actor in actors
            if (word := slot.covers(actor.start, actor.end)) is not None
        ]
        if inside:
            return min(inside, key=lambda found: found[:3])[3]
        if slot.pronoun in _SEVERAL:
            # No one name stands for several people (``everyone_in``).
            return None
        referent = {"third": earlier, "first": speaker}.get(slot.pronoun)
        if slot.pronoun == "third" and before:
            referent = pronoun_referent(text, slot.spans[0], before) or referent
        if slot.pronoun:
            return referent if referent is not None and referent.kind == "person" else None
        return known_actor(text, slot.spans, known) if known else None

    def in_slot(slot: Slot) -> list[tuple[Actor, Slot]]:
        several = everyone_in(slot)
        if several:
            return several
        found = actor_in(slot)
        return [] if found is None else [(found, slot)]

    def undergoes(slot: Slot) -> bool:
        # The subject of an intransitive act is its victim when a person ("Sultanov
        # disappeared"), or several a number counts ("оба издания закрыли", which the parser
        # reads with the outlets as subject): their nouns name those acts befall. An
        # intervention's subject is always who made it.
        return (
            slot.role == "subject"
            and not addressed
            and not by_subject
            and any(found.kind == "person" or slot.fits for found, _ in in_slot(slot))
        )

    def does(slot: Slot, found: Actor) -> bool:
        if slot.told:
            return found.kind == "organization"
        if slot.role == "agent":
            return True
        return slot.role == "subject" and (
            addressed or by_subject or (found.kind == "organization" and not slot.fits)
        )

    victims = [slot for slot in slots if slot.role == "victim" or undergoes(slot)]
    if addressed:
        # Whom an appeal is sent to is what it is toward, before whom it is about
        # ("обращение в Генеральную прокуратуру о переводе Бекмуратова в больницу").
        # Whose belongings or wrongs an appeal is about comes after whom it names: "urges the
        # Prosecutor General to investigate their ill-treatment" is toward the prosecutor.
        victims = (
            [slot for slot in slots if slot.role == "addressee"]
            + [slot for slot in victims if not slot.owner]
            + [slot for slot in victims if slot.owner]
        )
    named = [
        (found, each)
        for slot in victims
        for found, each in in_slot(slot)
        if slot.role != "subject" or found.kind == "person" or slot.fits
    ]
    agents = [
        (found, each.degree, each.weak, each)
        for slot in slots
        for found, each in in_slot(slot)
        if does(slot, found)
    ]
    strong = next(((found, degree) for found, degree, weak, _ in agents if not weak), None)
    told = {
        found.name
        for slot in slots
        if slot.told and (found := actor_in(slot)) is not None and does(slot, found)
    }
    return _Read(
        named,
        strong,
        next(((found, degree) for found, degree, _, _ in agents), None),
        [(found, slot) for found, _, _, slot in agents],
        agents,
        told,
    )


_SEVERAL: Final = ("pair", "group")


def _marked_perpetrator(
    text: str, language: str | None, start: int, end: int, actors: Sequence[Actor]
) -> tuple[Actor, str] | None:
    """A perpetrator the words mark: a cue ("by", "по приказу", "тарабынан") or an organisation
    right before the act."""
    cues = _cues(language) if language else _Cues([], [])
    marked = [(actor, _marked(text, actor, cues)) for actor in actors]
    candidates = [(actor, degree) for actor, degree in marked if degree is not None]
    if candidates:
        return min(candidates, key=lambda pair: _distance(pair[0], start, end))
    subjects = [
        actor
        for actor in actors
        if actor.kind == "organization"
        and actor.end <= start
        and _SUBJECT_GAP.match(text[actor.end : start])
        # "«Азаттык» радиосунун сайтын бөгөттөдү": the owner of what the act befell.
        and not (language == "ky" and kyrgyz_possessed(text, actor.end))
    ]
    return (subjects[-1], "carried_out") if subjects else None


@cache
def _speaking(language: str) -> re.Pattern[str] | None:
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    words = read_yaml(source)["speaks_of"].get(language) or []
    if not words:
        return None
    body = "|".join(phrase_pattern(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})", re.IGNORECASE)


def _spoken_of(text: str, language: str | None, subject: Actor, start: int, end: int) -> bool:
    """Whether the one read as having done the act at ``start``..``end`` only speaks of it: a
    verb such as "condemns" or "considers" stands just between them ("The Council condemns the
    pressure"), or in Kyrgyz, which puts the verb last, after the act in its clause. Who
    comments on an act is most often the document's author, not the act's."""
    speaking = _speaking(language) if language else None
    if speaking is None or _marked(text, subject, _cues(language or "")) is not None:
        # Who the words mark ("by", "тарабынан") did it, whoever condemns it.
        return False
    if 0 <= start - subject.end <= _CUE_REACH and speaking.search(text, subject.end, start):
        return True
    if language != "ky":
        return False
    tail = text[end : end + _CUE_REACH]
    clause = CLAUSE_BREAK.search(tail) or _SENTENCE_END.search(tail)
    return speaking.search(tail[: clause.start() if clause else None]) is not None


def _nearest_victim(
    text: str, start: int, end: int, actors: Sequence[Actor], taken: str | None
) -> Actor | None:
    people = [a for a in actors if a.kind == "person" and a.name != taken]
    after = [a for a in people if a.start >= end and _same_clause(text[end : a.start])]
    before = [a for a in people if a.end <= start and _same_clause(text[a.end : start])]
    if after:
        return after[0]
    if before:
        return before[-1]
    outlets = [
        a
        for a in actors
        if a.kind == "organization"
        and a.name != taken
        and a.start >= end
        and a.start - end <= _CUE_REACH
        and _TAKEN_TO.match(text, a.end) is None
    ]
    return outlets[0] if outlets else None


def sentence_span(sentence: int, sentence_starts: Sequence[int], length: int) -> tuple[int, int]:
    """Where sentence number ``sentence`` starts and ends, in a text of ``length`` characters
    whose sentences start at ``sentence_starts``."""
    following = sentence + 1
    return sentence_starts[sentence], (
        sentence_starts[following] if following < len(sentence_starts) else length
    )


def _listed_person(text: str, start: int, people: Sequence[Actor]) -> Actor | None:
    """The person a numbered or bulleted line opens with, for an act on that line: lists of
    detainees write "3. Bektur Asanov, 19, student: 10 days of administrative arrest"."""
    line = text.rfind("\n", 0, start) + 1
    marker = _LIST_MARKER.match(text, line, start)
    if marker is None:
        return None
    return next((person for person in people if person.start == marker.end()), None)


def _same_clause(gap: str) -> bool:
    """Whether words between an act and a name leave them in one clause."""
    return len(gap) <= _CLAUSE_REACH and not CLAUSE_BREAK.search(gap)


def _distance(actor: Actor, start: int, end: int) -> int:
    return start - actor.end if actor.end <= start else actor.start - end


@cache
def _done_by_subject() -> frozenset[str]:
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    return frozenset(read_yaml(source).get("done_by_subject") or [])


@cache
def _things() -> frozenset[str]:
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    return frozenset(read_yaml(source).get("things") or [])
