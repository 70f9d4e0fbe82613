"""Who did what to whom in Kyrgyz, read from case endings instead of a parse.

No parser for Kyrgyz runs here, but its case endings carry the roles a parse would give: an
accusative (-ны, -ды, -ту) is the object, a dative (-га, -ке) the one an act was done to or an
appeal sent to, a bare organisation before an active verb its subject, a verb's passive
(-ыл-, -ын-) makes its nominative the victim, and "тарабынан" marks the agent. The slots read
here are the ones ``docket.extract.syntax.slots_in`` gives from the English and Russian parses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Final

from docket.extract.kyrgyz_endings import case_ending_length
from docket.extract.referring_words import GROUP_PRONOUNS, KY_THEIR, PRONOUNS, several_words
from docket.extract.syntax import Slot

__all__ = ["kyrgyz_case", "kyrgyz_possessed", "kyrgyz_slots"]

_KY_ACCUSATIVE: Final = frozenset(c + v for c in "нтд" for v in "ыиуү")
_KY_DATIVE: Final = frozenset(c + v for c in "гк" for v in "аеоө") | frozenset(
    "н" + v for v in "аеоө"
)
_KY_GENITIVE: Final = frozenset(c + v + "н" for c in "нтд" for v in "ыиуү")
_KY_REACH: Final = 80
_KY_SENTENCE_END: Final = re.compile(r"[.!?\n]")
# The Kyrgyz pronouns of ``PRONOUNS``: "он" there is Russian, and Kyrgyz "ten" ("саат он").
_KY_PRONOUNS: Final = frozenset({"ал", "аны", "ага", "анын", "мен", "мени", "мага", "менин"})
# Nominative pronouns are subjects, which a passive or active verb may make either role.
_KY_SUBJECTS: Final = frozenset({"ал", "мен"})
_KY_GROUP_SUBJECTS: Final = frozenset({"алар", "экөө", "экөөсү"})
_KY_LETTER: Final = re.compile(r"[а-яёөүңӊ]+", re.IGNORECASE)
# A noun with a third-person possessive before its accusative or dative ending ("сайтын",
# "үйүнө", "телефонун"): something of the name before it.
_KY_POSSESSED: Final = re.compile(
    r"(?:[ыиуү]|с[ыиуү])(?:н|н[аеоө]|н[ыиуү]н|нд[аеоө]|нд[аеоө]н)$", re.IGNORECASE
)
# A plural noun in the accusative or dative, bare or with a possessive ("кабарчыларды",
# "тургундарга", "катышуучуларын"), or "эл" (the people): an object no one name stands for.
_KY_GROUP: Final = re.compile(
    r"(?:^эл(?:ди|ге)|(?:[лдт][ао]р|[лдт][еө]р)(?:[дн][ыиуү]|[гк][аеоө]|[ыиуү]н|[ыиуү]н[аеоө]))$"
)
# A verb with the passive -ыл/-ил/-ул/-үл/-л or -ын/-н before its tense: кармалды, таратылды,
# алынган; кармады, таратты are active.
_KY_PASSIVE: Final = re.compile(
    r"(?:[ыиуү]л|[аеоөяю]л|[ыиуү]н)(?:ды|ди|ду|дү|ган|ген|гон|гөн|ып|ип|уп|үп|ат|ет|от|өт)\w*$",
    re.IGNORECASE,
)


def kyrgyz_case(text: str, start: int, end: int) -> str:
    """The case of the Kyrgyz name at ``text[start:end]``: "Acc", "Dat", "Gen", "Nom" (no ending),
    or "" for another case. The ending is either glued on after the span (a recogniser that
    trims it) or the span's own last letters."""
    after = _KY_LETTER.match(text, end)
    if after is not None and text[end - 1 : end].isalpha():
        ending = after.group().casefold()
    else:
        words = text[start:end].split()
        last = words[-1] if words else ""
        length = case_ending_length(last)
        ending = last[len(last) - length :].casefold() if length else ""
    if not ending:
        return "Nom"
    # A possessive before the case ("Омбудсменине", "буйругуна") leaves the case letters last.
    for case, endings in (("Gen", _KY_GENITIVE), ("Acc", _KY_ACCUSATIVE), ("Dat", _KY_DATIVE)):
        if any(ending.endswith(e) for e in endings):
            return case
    return ""


def kyrgyz_slots(
    text: str,
    start: int,
    end: int,
    names: Iterable[tuple[int, int, str]],
    clause: tuple[int, int],
    *,
    addressed: bool = False,
    by_subject: bool = False,
) -> list[Slot]:
    """Roles of the names (start, end, kind) of the act's clause from their Kyrgyz case endings.

    With ``by_subject`` (a court's or an investigation's act), a bare person before the verb in
    its clause did it, as an organisation does: "Судья Касымов … өтүнүчтү четке какты"; not
    one a comma parts from it ("Токтосунова милицияга кайрылганда, кызматкерлер … кабыл
    алышкан жок").

    An accusative name is the object; a dative one, the one the act was done to (an appeal's
    addressee); a genitive one right before the act, its possessor ("Темированын телефонун
    алышты"); a bare organisation before an active verb, its subject."""
    slots: list[Slot] = []
    verb = text[start:end].split()
    passive = bool(verb) and _KY_PASSIVE.search(verb[-1]) is not None
    # A pronoun object in the act's own sentence: "мени эки күн кармап", "анын санына".
    lead = max(clause[0], start - _KY_REACH)
    names = list(names)
    for found in _KY_LETTER.finditer(text, lead, end):
        if _KY_SENTENCE_END.search(text, found.end(), start) is not None:
            continue
        word = found.group().casefold()
        person = PRONOUNS.get(word, "") if word in _KY_PRONOUNS else ""
        several = "" if addressed else GROUP_PRONOUNS.get(word, "")
        if person and word not in _KY_SUBJECTS:
            slots.append(Slot("victim", ((found.start(), found.end()),), pronoun=person))
        elif several:
            # "аларды сабашты", "экөө тең кармалды": the people named together before; a bare
            # one is the subject, which only a passive verb makes the victim.
            if passive or word not in _KY_GROUP_SUBJECTS:
                slots.append(Slot("victim", ((found.start(), found.end()),), pronoun=several))
        elif not addressed and (numbered := _kyrgyz_several(text, found, passive)) is not None:
            slots.append(numbered)
        elif (
            not addressed
            and _KY_GROUP.search(word)
            and not any(s < found.end() and found.start() < e for s, e, _ in names)
        ):
            # "кабарчыларды коркутуу", "элге газ ыргытышты": the act befell people no one name
            # stands for, so a name nearby is someone else.
            slots.append(Slot("victim", ((found.start(), found.end()),)))
    names = [n for n in names if clause[0] <= n[0] and n[1] <= clause[1]]
    cases, joined = _kyrgyz_coordinated(text, names)
    own_object = any(_KY_OBJECT.search(word) for word in verb[:-1])
    # Where each list of names ends: what follows the last one tells what all of them are
    # ("Kerege.info, Tash Sözü жана Jarchy TV басылмаларынын сайттарын": their sites).
    list_end: dict[int | None, int] = {}
    for (_, name_end, _), first in zip(names, joined, strict=True):
        list_end[first] = max(list_end.get(first, name_end), name_end)
    for (name_start, name_end, kind), case, first in zip(names, cases, joined, strict=True):
        before = len(slots)
        last_end = name_end if first is None else list_end[first]
        if addressed and (with_name := _KY_WITH.match(text, name_end)):
            # "Касымов менен жолугушту": whom a visit or meeting was with, not who made it,
            # unless they went along ("Омбудсмен менен бирге барышты").
            if not _KY_ALONG.match(text, with_name.end()):
                slots.append(Slot("addressee", ((name_start, name_end),)))
            continue
        if (
            not addressed
            and case in ("Acc", "Dat")
            and _kyrgyz_other_verb(
                text, (name_start, name_end), (start, end), own_object=own_object
            )
        ):
            # An appeal's addressee stands where the appeal's words put it.
            continue
        if case == "Acc":
            slots.append(Slot("victim", ((name_start, name_end),)))
        elif case == "Dat":
            slots.append(Slot("addressee" if addressed else "victim", ((name_start, name_end),)))
        elif addressed and not case and _kyrgyz_ablative(text, name_start, name_end):
            # Who a demand is made of: "Башкы прокуратурадан … текшерүүнү талап кылат".
            slots.append(Slot("addressee", ((name_start, name_end),)))
        elif (
            case == "Gen" or (case == "Nom" and _KY_POSSESSED.search(verb[0] if verb else ""))
        ) and (name_end <= start and not text[name_end:start].strip(' \t,-»”"')):
            # "«Азаттык» сайтын бөгөттөдү": a bare name before a noun with a possessive
            # ending is its owner, as a genitive one is, not the subject.
            slots.append(Slot("victim", ((name_start, name_end),)))
        elif case == "Nom" and _kyrgyz_owner(text, last_end, start, verb):
            slots.append(Slot("victim", ((name_start, name_end),)))
        elif case == "Nom" and name_end <= start:
            if addressed:
                # Whoever stands bare before an appeal made it: "кайрылды" only looks passive.
                slots.append(Slot("agent", ((name_start, name_end),)))
            elif passive:
                slots.append(Slot("victim", ((name_start, name_end),)))
            elif (
                kind == "organization" or (by_subject and "," not in text[name_end:start])
            ) and not kyrgyz_possessed(text, last_end):
                # "«Азаттык» радиосунун сайтын": a name before a possessed noun is its owner.
                slots.append(Slot("agent", ((name_start, name_end),)))
        slots[before:] = [replace(slot, joined=first) for slot in slots[before:]]
    return slots


# The case of a noun after a number ("эки журналистти", "үч активистке"; bare "эки журналист"),
# and of a noun with a third-person possessive after "алардын" ("адвокаттарын",
# "адвокаттарына"; bare "үйлөрү"). A locative or ablative ("алардын айтымында", according to
# them) is no participant.
_KY_OBJECT_CASE: Final = re.compile(r"[нтд][ыиуү]|[гкн][аеоө]")
_KY_OWNED: Final = re.compile(r"(?:[ыиуү]|с[ыиуү])(?P<case>н|н[аеоө])?$")
_KY_SPACE: Final = re.compile(r"[ \t]+")
# Words before a number that make it a count ("кеминде эки", at least two; "жок дегенде",
# "болжол менен", "дээрлик"): new people, not a list named before.
_KY_QUALIFIERS: Final = frozenset({"кеминде", "дегенде", "болжол", "менен", "дээрлик", "жалпы"})
_KY_QUALIFIER_REACH: Final = 20
_KY_WORD_BEFORE: Final = re.compile(r"([а-яёөүңӊ]+)[ \t]+$", re.IGNORECASE)


def _kyrgyz_several(text: str, word: re.Match[str], passive: bool) -> Slot | None:
    """A victim's slot for several named before that ``word`` opens with the word after it:
    a number and a noun of ``several`` ("эки журналистти сабашты", "үч активист кармалды"),
    or "алардын" and what they own ("алардын адвокаттарын киргизишкен жок"). In the
    accusative or dative it is the object; bare, the victim of a passive verb only ("эки
    журналист кармалды"; "эки киши … уруп": two men beat)."""
    folded = word.group().casefold()
    several = several_words()
    size = several.numbers.get(folded, 0)
    if size < 2 and folded != KY_THEIR:
        return None
    after = _KY_SPACE.match(text, word.end())
    noun = _KY_LETTER.match(text, after.end()) if after is not None else None
    if noun is None:
        return None
    following = noun.group().casefold()
    if size:
        stem = max(
            (
                (len(each), kind)
                for kind, nouns in several.nouns.items()
                for each in nouns
                if following.startswith(each)
            ),
            default=(0, ""),
        )
        rest = following[stem[0] :]
        if not stem[1] or not ((rest == "" and passive) or _KY_OBJECT_CASE.fullmatch(rest)):
            return None
        low = max(0, word.start() - _KY_QUALIFIER_REACH)
        before = _KY_WORD_BEFORE.search(text, low, word.start())
        if before is not None and before.group(1).casefold() in _KY_QUALIFIERS:
            # "кеминде эки журналистти": a count of people, none of a list named before.
            size = 0
        return Slot(
            "victim", ((word.start(), noun.end()),), pronoun="group", size=size, fits=stem[1]
        )
    owned = _KY_OWNED.search(following)
    if (
        owned is None
        or following.startswith("бир")
        or following in several.numbers
        or following.startswith("экөө")
        or (owned.group("case") is None and not passive)
    ):
        return None
    return Slot("victim", ((word.start(), word.end()),), pronoun="group", owner=True)


_KY_ABLATIVE: Final = re.compile(r"[дт][аеоө]н$")
# The comitative postposition after a name: with whom.
_KY_WITH: Final = re.compile(r"[ \t]+менен\b", re.IGNORECASE)
_KY_ALONG: Final = re.compile(r"[ \t]+бирге\b", re.IGNORECASE)


def _kyrgyz_ablative(text: str, start: int, end: int) -> bool:
    """Whether the Kyrgyz name at ``text[start:end]`` ends in the ablative ("-дан", "-тен"),
    glued on after the span or as its own last letters."""
    words = text[start:end].split()
    if not words:
        return False
    last = words[-1].casefold()
    after = _KY_LETTER.match(text, end)
    if after is not None and text[end - 1 : end].isalpha():
        last += after.group().casefold()
    return _KY_ABLATIVE.search(last) is not None


def _kyrgyz_owner(text: str, end: int, start: int, verb: Sequence[str]) -> bool:
    """Whether the bare names ending at ``end`` own what the act at ``start`` befell through a
    chain of possessed nouns: "Kerege.info, Tash Sözü жана Jarchy TV басылмаларынын сайттарын
    бөгөттөдү" blocked the sites of the three outlets."""
    between = _KY_LETTER.findall(text, _past_ending(text, end), start)
    return (
        bool(between)
        and bool(verb)
        and _KY_POSSESSED.search(verb[0]) is not None
        and not text[_past_ending(text, end) : start].strip(' \t»”"').startswith(",")
        and all(_KY_POSSESSED.search(word) for word in between)
        and not _KY_SENTENCE_END.search(text, end, start)
        and len(between) <= _KY_OWNER_CHAIN
    )


# How many possessed nouns may stand between owners and what the act befell.
_KY_OWNER_CHAIN: Final = 2


# A noun in the accusative, bare or after a possessive ("видеокамерасын", "сайтты"): the object
# of the verb it stands before.
_KY_OBJECT: Final = re.compile(r"(?:[нтд][ыиуү]|[ыиуү]н)$", re.IGNORECASE)


def _kyrgyz_other_verb(
    text: str, name: tuple[int, int], act: tuple[int, int], *, own_object: bool
) -> bool:
    """Whether the object (accusative or dative) name at ``name`` belongs to another verb of the
    sentence than the act at ``act``. Kyrgyz puts the verb after its object, so a name after the
    act and past a comma is the object of a later verb ("уруп, Исаковду кармашты" did not beat
    Isakov); a name before it, past the comma that closes a verb of its own, is that verb's
    object when the act names its own ("Мамытовду уруп, видеокамерасын талкалап": the camera
    was smashed, not Mamytov). Without an object of its own the act shares the first one
    ("Мамытовду кармап, сабашты"), unless "ал эми" or "бирок" opens its clause."""
    if name[0] >= act[1]:
        return "," in text[act[1] : name[0]]
    if _KY_NEW_CLAUSE.search(text, name[1], act[0]):
        # "Мамыровду кармады, ал эми Осмоновду кармады": "ал эми" and "бирок" open a clause
        # with its own participants.
        return True
    return own_object and "," in text[name[1] : act[0]]


_KY_NEW_CLAUSE: Final = re.compile(r",\s*(?:ал\s+эми|бирок)\s", re.IGNORECASE)


# What joins two names of one role: "Осмонов менен Токтогулов", "Осмонов жана Токтогулов",
# "Осмонов, Токтогулов жана Исмаилова", with what the second one is before it ("Мамытовду жана
# оператор Руслан Исаковду").
_KY_AND: Final = re.compile(
    r"\s*(?:,\s*|,?\s*(?:менен|жана|и)\s+(?:[а-яёөүң-]+\s+){0,2})", re.IGNORECASE
)


def _kyrgyz_coordinated(
    text: str, names: Sequence[tuple[int, int, str]]
) -> tuple[list[str], list[int | None]]:
    """The case of each name and, for names of one kind and case joined by "менен", "жана" or
    a comma, the start of the first of them. Kyrgyz may put the case ending on the last of
    coordinated nouns only ("Осмонов жана Токтогуловду кармашты"): a bare name before it takes
    its case."""
    cases = [kyrgyz_case(text, start, end) for start, end, _ in names]
    joined: list[int | None] = [None] * len(names)
    chains: list[list[int]] = []
    for index in sorted(range(len(names)), key=lambda i: names[i][0]):
        chain = chains[-1] if chains else []
        previous = chain[-1] if chain else None
        if (
            previous is not None
            and cases[previous] in ("Nom", cases[index])
            and names[previous][2] == names[index][2]
            and names[previous][1] <= names[index][0]
            and _KY_AND.fullmatch(text, _past_ending(text, names[previous][1]), names[index][0])
        ):
            chain.append(index)
        else:
            chains.append([index])
    for chain in chains:
        if len(chain) < 2:
            continue
        last = cases[chain[-1]]
        for index in chain:
            joined[index] = names[chain[0]][0]
            if cases[index] == "Nom":
                cases[index] = last
    return cases, joined


def _past_ending(text: str, end: int) -> int:
    """Where the word of a name ending at ``end`` ends: past a case ending the recogniser left
    out of its span ("Мамытов|ду")."""
    glued = _KY_LETTER.match(text, end) if text[end - 1 : end].isalpha() else None
    return end if glued is None else glued.end()


def kyrgyz_possessed(text: str, at: int) -> bool:
    """Whether the word after ``at`` (past a closing quote) has a third-person possessive
    ending ("радиосунун", "сайтын"): the name ending at ``at`` is its owner."""
    found = _KY_LETTER.search(text, at, at + _KY_REACH)
    return (
        found is not None
        and not text[at : found.start()].strip(' \t»”"')
        and _KY_POSSESSED.search(found.group()) is not None
    )
