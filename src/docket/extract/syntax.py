"""Who did what to whom, read from the grammar of an act's sentence.

Words next to an act are a weak guide to its participants: "Temirova and Asanov were detained by
officers of the State Security Service" puts Asanov nearest the act, and "Журналистку Айсулуу
Темирову задержали сотрудники СГБ" puts the victim first. The grammar says it outright, so the
sentences that hold an act and a name are parsed and each act's words read for:

- its victim: the object of the act's verb, its passive subject, the one it was done to
  ("denied him", "отказали Атамбаеву"), the noun a passive relative clause or participle
  hangs on ("a journalist who was beaten", "журналистку, задержанную полицией");
- its perpetrator: the subject of an active verb, the agent of a passive one ("by police",
  instrumental "сотрудниками милиции"), with the degree the verbs above the act give it:
  the subject of "ordered" ``ordered``, of "failed to prevent" ``failed_to_prevent``;
- an addressee, for interventions: "written to the Ombudsman", "обращение в прокуратуру".

The sentences are parsed first (``docket.extract.sentence_parses``); the words that stand for
people named before are ``docket.extract.referring_words``; the words of a noun's name and the
nouns joined to it are read by ``docket.extract.noun_groups``. Kyrgyz has no parser here; its
case endings carry the roles instead (``docket.extract.kyrgyz_syntax``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, Final, Literal

from docket.extract.noun_groups import (
    coordinated,
    coordinated_within,
    dependents,
    group_pronoun,
    listed_in_apposition,
    noun_group,
    numbered,
)
from docket.extract.referring_words import OWNERS, PRONOUNS
from docket.extract.sentence_parses import Word
from docket.model._lexicon import read_yaml

__all__ = ["Slot", "slots_in"]

Role = Literal["victim", "agent", "subject", "addressee"]

_VOCABULARY: Final = "vocabulary/participants.yaml"
_RELATIVE: Final = re.compile(r"^(?:who|whom|which|that|котор\w*|кто)$")


@dataclass(frozen=True)
class Slot:
    """A span of the document the grammar gives a role in an act."""

    role: Role
    spans: tuple[tuple[int, int], ...]
    degree: str = "carried_out"
    # "first" or "third" when the slot holds a pronoun instead of a name; "pair" or "group"
    # when it holds a word for several people named before ("both", "they").
    pronoun: str = ""
    # Read off the verb a noun act is the object of: "police carried out the raid", but also
    # "the Council supports the report"; word cues outrank it.
    weak: bool = False
    # The one who tells of the act as its own ("The Committee said it had detained him",
    # "ГКНБ сообщил, что задержал"): its speaking verb does not make it a bystander.
    told: bool = False
    # Where the slot's noun is one of several joined by "and" or a comma ("detained Osmonov,
    # Toktogulov and Ismailova", "Полиция и сотрудники ГКНБ"), the start of the first: every
    # slot with the same value shares the role with it. None for a noun standing alone.
    joined: int | None = None
    # For a noun a number says is several named before ("the three detainees", "оба издания"):
    # how many, and the kind of actor the noun fits ("person", "organization"). Size 0 with a
    # kind: several of that kind a count says are none of a list ("кеминде эки журналистти").
    size: int = 0
    fits: str = ""
    # The word for several is a possessive ("their lawyers", "их адвокатам", "алардын
    # адвокаттарын"): those it stands for own what the act befell.
    owner: bool = False

    def covers(self, start: int, end: int) -> int | None:
        """Which of the slot's words (0 for its head) the span ``start``..``end`` overlaps."""
        return next((i for i, (s, e) in enumerate(self.spans) if s < end and start < e), None)


@dataclass(frozen=True)
class _Verbs:
    ordered: tuple[str, ...]
    failed: tuple[str, ...]
    negation: tuple[str, ...]
    prevent: tuple[str, ...]
    toward: frozenset[str]


@cache
def _verbs(language: str) -> _Verbs:
    text = resources.files("docket.extract").joinpath(_VOCABULARY).read_text(encoding="utf-8")
    data: dict[str, Any] = read_yaml(text)["grammar"]

    def starts(key: str) -> tuple[str, ...]:
        return tuple(word.casefold() for word in (data[key].get(language) or []))

    return _Verbs(
        starts("ordered"),
        starts("failed"),
        starts("negation"),
        starts("prevent"),
        frozenset(starts("toward")),
    )


# Reading roles from a parse ------------------------------------------------------------------


def _anchor(words: Sequence[Word], start: int, end: int) -> int | None:
    """The word of the act's phrase that the rest of its phrase hangs on."""
    inside = [i for i, word in enumerate(words) if word.start < end and start < word.end]
    for index in inside:
        head = words[index].head
        if head == index or not (start < words[head].end and words[head].start < end):
            return index
    return None


def _is_verb(words: Sequence[Word], index: int) -> bool:
    return words[index].verb or words[index].passive


def _passive(words: Sequence[Word], index: int) -> bool:
    return words[index].passive or any(
        words[child].relation in ("nsubj:pass", "aux:pass", "auxpass")
        for child in dependents(words, index)
    )


def _negated(words: Sequence[Word], index: int, verbs: _Verbs) -> bool:
    return any(words[child].text in verbs.negation for child in dependents(words, index))


def _failing(words: Sequence[Word], index: int, verbs: _Verbs) -> bool:
    return words[index].text.startswith(verbs.failed) or _negated(words, index, verbs)


def _degree(words: Sequence[Word], verb: int, verbs: _Verbs) -> str:
    """The degree the verb ``verb`` gives its subject in an act it governs."""
    text = words[verb].text
    if text.startswith(verbs.ordered):
        return "ordered"
    if text.startswith(verbs.prevent) and _failing(words, verb, verbs):
        return "failed_to_prevent"
    return "carried_out"


def slots_in(
    words: Sequence[Word], start: int, end: int, language: str, *, addressed: bool = False
) -> list[Slot]:
    """The victims, perpetrators and (with ``addressed``) addressees the parse ``words`` gives
    the act at ``start``..``end``, nearest the act first within each role."""
    anchor = _anchor(words, start, end)
    if anchor is None:
        return []
    slots: list[Slot] = []
    if not _is_verb(words, anchor):
        # A noun act: what it is "of" is its victim ("the arrest of Temirova", "задержание
        # Темировой"), and the verb it is the object of says who did it.
        for child in dependents(words, anchor):
            if words[child].relation in ("nmod", "nmod:poss", "prep") or words[child].case == "Gen":
                slots.extend(_slots_of(words, child, "victim"))
            elif words[child].relation in ("acl", "acl:relcl") and _passive(words, child):
                # "the report published by the SDPA", "обыск, проведённый сотрудниками СГБ".
                found = _verb_slots(words, child, child, language, addressed=False)
                slots.extend(slot for slot in found if slot.role == "agent")
                # "the pressure exerted on the outlets": whom the act bore on. Weak, as a time
                # ("carried out on Monday") is no one.
                slots.extend(
                    replace(slot, weak=True)
                    for on in dependents(words, child)
                    if words[on].relation == "prep" and words[on].text in _BORNE_ON
                    for noun in dependents(words, on)
                    for slot in _slots_of(words, noun, "victim")
                )
        head = words[anchor].head
        above = words[head].head
        if (
            words[anchor].relation == "obl"
            and words[head].relation == "prep"
            and words[head].text in _BORNE_BY
            and above != head
            and _is_verb(words, above)
        ):
            # "was released with a broken rib", "came out of the facility with bruises": the
            # injuries are those of whom the verb tells of, never of who did it.
            return slots + [
                replace(slot, role="victim", weak=True)
                for slot in _verb_slots(words, above, head, language, addressed=False)
                if slot.role in ("victim", "subject")
            ]
        if words[anchor].relation not in ("obj", "nsubj:pass", "obl") or head == anchor:
            return slots
        return slots + [
            Slot(slot.role, slot.spans, slot.degree, slot.pronoun, weak=True, joined=slot.joined)
            for slot in _verb_slots(words, head, anchor, language, addressed=addressed)
        ]
    return slots + _verb_slots(words, anchor, anchor, language, addressed=addressed)


# English prepositions by which a participle names whom a noun act bore on ("pressure exerted
# on the outlets", "restrictions imposed on the newspaper").
_BORNE_ON: Final = frozenset({"on", "upon", "against"})
# English prepositions by which a noun act is borne by whom its verb tells of ("released with
# a broken rib").
_BORNE_BY: Final = frozenset({"with"})


def _verb_slots(
    words: Sequence[Word], verb: int, anchor: int, language: str, *, addressed: bool
) -> list[Slot]:
    """The roles the clause of the verb ``verb`` gives an act whose phrase hangs on ``anchor``."""
    verbs = _verbs(language)
    slots: list[Slot] = []
    later: list[Slot] = []
    passive = _passive(words, verb)
    degree = _degree(words, verb, verbs) if verb != anchor else "carried_out"
    for child in dependents(words, verb):
        relation, word = words[child].relation, words[child]
        if relation in ("obj", "iobj", "nsubj:pass") and child != anchor:
            slots.extend(_slots_of(words, child, "victim"))
        elif not addressed and _undergoing(words, child, verbs):
            # "poured cold water over him", "fired at the crowd", "к Атамбаеву не допустили":
            # whom the act was aimed at, after its object.
            # Weak: a place ("detained at the airport") is no one, and does not keep a name
            # nearby from being taken for the victim.
            later.extend(replace(slot, weak=True) for slot in _slots_of(words, child, "victim"))
        elif relation == "nsubj":
            slots.extend(_slots_of(words, child, _subject_role(words, verb, passive), degree))
        elif (
            relation in ("obl", "obl:agent")
            and passive
            and (word.case == "Ins" or relation == "obl:agent")
        ):
            # "сотрудниками милиции": the instrumental of a passive is who did it.
            slots.extend(_slots_of(words, child, "agent"))
        elif addressed and relation == "obl" and word.case in ("Dat", "Acc"):
            slots.extend(_slots_of(words, child, "addressee"))
        elif addressed and relation == "prep" and word.text in ("to", "on"):
            for grandchild in dependents(words, child):
                slots.extend(_slots_of(words, grandchild, "addressee"))
        elif relation == "agent":
            # English "by guards": the noun is the preposition's object.
            for grandchild in dependents(words, child):
                slots.extend(_slots_of(words, grandchild, "agent"))
    # "призвали власти освободить Токтосунова", "calls on the authorities to release him": an
    # appeal is toward whom its second verb is about, an act also done to its object's object.
    further = [
        slot
        for child in dependents(words, verb)
        if words[child].relation == "xcomp"
        for grandchild in dependents(words, child)
        if words[grandchild].relation in ("obj", "iobj")
        for slot in _slots_of(words, grandchild, "victim")
    ]
    slots = further + slots if addressed else slots + further + later
    slots.extend(_from_above(words, verb, passive, verbs, language))
    if verb == anchor and not passive:
        slots.extend(_teller(words, verb, language))
    return slots


def _undergoing(words: Sequence[Word], index: int, verbs: _Verbs) -> bool:
    """Whether the word ``index`` under an act's verb names whom the act was aimed at: a
    preposition of ``toward`` ("at", "against", "против"), or a bare dative or one after "к"
    ("отказали Атамбаеву", "к Атамбаеву не допустили"); "по решению суда" is how, not whom."""
    word = words[index]
    if word.relation == "prep":
        return word.text in verbs.toward
    if word.relation != "obl":
        return False
    # "в отношении активиста": a preposition of several words hangs its others on the first.
    marks = [
        " ".join(
            [words[c].text]
            + [words[f].text for f in dependents(words, c) if words[f].relation == "fixed"]
        )
        for c in dependents(words, index)
        if words[c].relation == "case"
    ]
    return all(mark in verbs.toward for mark in marks) if marks else word.case == "Dat"


def _subject_role(words: Sequence[Word], verb: int, passive: bool) -> Role:
    """A passive verb's subject is its victim and a transitive one's its agent; the subject of
    an intransitive verb may be either ("police fired", "Sultanov disappeared"), so which is
    left to the kind of its name."""
    if passive:
        return "victim"
    objects = {"obj", "iobj", "ccomp", "xcomp", "dobj"}
    if any(words[child].relation in objects for child in dependents(words, verb)):
        return "agent"
    return "subject"


def _slots_of(
    words: Sequence[Word], index: int, role: Role, degree: str = "carried_out"
) -> list[Slot]:
    found: list[Slot] = []
    conjuncts = coordinated(words, index)
    joined = words[index].start if len(conjuncts) > 1 else None
    for each in conjuncts:
        if _RELATIVE.match(words[each].text):
            # "who", "которого" stand for the noun their clause hangs on (``_from_above``).
            continue
        if words[each].relation == "prep":
            # English "by officers", "to the Ombudsman": the noun is the preposition's object.
            for child in dependents(words, each):
                found.extend(_slots_of(words, child, role, degree))
            continue
        pronoun = PRONOUNS.get(words[each].text, "") or group_pronoun(words, each)
        size, fits = (0, "") if pronoun else numbered(words, each)
        group = noun_group(words, each)
        further = coordinated_within(words, each, group, conjuncts) if role == "agent" else []
        listed = listed_in_apposition(words, group, conjuncts)
        if further or listed:
            joined = words[index].start
        found.append(
            Slot(
                role,
                group,
                degree,
                "group" if fits else pronoun,
                joined=joined,
                size=size,
                fits=fits,
            )
        )
        found.extend(
            Slot(role, noun_group(words, child), degree, joined=joined)
            for child in [*listed, *further]
        )
        if role == "victim":
            # "threatened to arrest her brother", "Temirova's lawyer was refused access": an
            # act against someone's kin, counsel or belongings is against them, when the noun
            # is not a name itself (the slot before this one is tried first).
            # "their lawyers", "их адвокатам": the owners, several named before.
            found.extend(
                Slot(
                    role,
                    noun_group(words, child),
                    degree,
                    PRONOUNS.get(words[child].text, "") or group_pronoun(words, child),
                    owner=words[child].text in OWNERS,
                )
                for child in dependents(words, each)
                if words[child].relation == "nmod:poss"
                or (
                    words[child].relation == "det"
                    and (words[child].text in PRONOUNS or words[child].text in OWNERS)
                )
            )
    return found


# Subjects by which a reported clause tells of its speaker: "said it had detained".
_SELF: Final = frozenset({"it", "он", "она", "оно"})
# Russian plural verb endings (past, present): a plural verb without a subject says nobody in
# particular ("сообщили, что его задержали").
_RU_PLURAL: Final = ("ли", "ют", "ят", "ут", "ат")


def _teller(words: Sequence[Word], verb: int, language: str) -> list[Slot]:
    """The speaker of a reported act told as its own: the subject of the verb the act's clause
    reports, when the clause's subject is a pronoun for it ("The State Committee said it had
    detained Temirov") or, in Russian, a singular verb has none ("ГКНБ сообщил, что
    задержал"). Only an organisation is taken for it (``participants``)."""
    head = words[verb].head
    if words[verb].relation != "ccomp" or head == verb:
        return []
    subjects = [c for c in dependents(words, verb) if words[c].relation in ("nsubj", "nsubj:pass")]
    if any(words[c].relation == "nsubj:pass" or words[c].text not in _SELF for c in subjects):
        return []
    if not subjects and (language != "ru" or words[verb].text.endswith(_RU_PLURAL)):
        return []
    speakers = [c for c in dependents(words, head) if words[c].relation == "nsubj"]
    return [
        replace(slot, told=True) for child in speakers for slot in _slots_of(words, child, "agent")
    ]


def _unlike_number(words: Sequence[Word], verb: int, head: int, language: str) -> bool:
    """Whether two coordinated Russian verbs differ in number, so do not share a subject: "Я
    просил вызвать врача, но скорую вызвали только вечером" — the ambulance was not called by
    me."""
    if language != "ru":
        return False
    return words[verb].text.endswith(_RU_PLURAL) != words[head].text.endswith(_RU_PLURAL)


def _from_above(
    words: Sequence[Word], verb: int, passive: bool, verbs: _Verbs, language: str = ""
) -> list[Slot]:
    """Roles the clauses above the act's verb give: the noun a relative clause or participle
    hangs on, a subject shared with a coordinated verb, and who ordered or failed to prevent
    the act."""
    slots: list[Slot] = []
    word = words[verb]
    head = word.head
    if head == verb:
        return slots
    own = {words[child].relation for child in dependents(words, verb)}
    relative = [c for c in dependents(words, verb) if _RELATIVE.match(words[c].text)]
    subjects = [
        c
        for c in dependents(words, verb)
        if words[c].relation in ("nsubj", "nsubj:pass") and c not in relative
    ]
    if word.relation in ("acl", "acl:relcl") and (relative or not subjects):
        # The noun a relative clause or participle hangs on, in the role of its relative
        # pronoun ("who was beaten", "которого задержали") or, for a participle, by its voice;
        # a clause with a subject of its own and no such pronoun is about someone else
        # ("Usupova, whose son was shot": the son was).
        # "которому не вызвали скорую": a relative in the dative is whom the act was done to.
        undergoes = (
            words[relative[0]].relation in ("obj", "iobj", "nsubj:pass") if relative else passive
        )
        role: Role = "victim" if undergoes or passive else "agent"
        slots.extend(_slots_of(words, head, role))
        if words[head].relation == "appos" and words[head].head != head:
            # "Bolot Asanov, a driver detained on 14 February": the noun is in apposition to
            # the name it describes.
            slots.extend(_slots_of(words, words[head].head, role))
    elif (
        word.relation == "conj"
        and not own & {"nsubj", "nsubj:pass"}
        and not _unlike_number(words, verb, head, language)
    ):
        # "were detained and beaten", "провели обыск и изъяли серверы": the first verb's subject.
        for child in dependents(words, head):
            if words[child].relation in ("nsubj:pass", "nsubj"):
                role = _subject_role(words, verb, passive)
                slots.extend(_slots_of(words, child, role))
    elif word.relation in ("xcomp", "ccomp", "obj", "advcl"):
        degree = _degree(words, head, verbs)
        if degree == "carried_out" and words[verb].text.startswith(verbs.prevent):
            degree = "failed_to_prevent" if _failing(words, head, verbs) else degree
        if degree != "carried_out":
            for child in dependents(words, head):
                if words[child].relation == "nsubj":
                    slots.extend(_slots_of(words, child, "agent", degree))
                elif degree == "ordered" and words[child].relation == "obj" and child != verb:
                    # "ordered the troops to open fire": the troops carried it out.
                    slots.extend(_slots_of(words, child, "agent"))
        elif word.relation == "xcomp" and not own & {"nsubj", "nsubj:pass"}:
            # Who does what an infinitive says: the object of the verb above when it has one
            # ("asks its Secretary General, Joanna Verhoeven, to seek", "поручает секретарю
            # направить письмо"), else its subject ("the Centre decided to appeal").
            above = dependents(words, head)
            objects = [c for c in above if words[c].relation in ("obj", "iobj") and c != verb]
            subjects = [c for c in above if words[c].relation == "nsubj"]
            for child in objects or subjects:
                slots.extend(_slots_of(words, child, "agent"))
    return slots
