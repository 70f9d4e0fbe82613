"""The words a parse hangs on a noun that names participants: the noun with the words of its name,
the nouns joined to it by "and" or a comma, the names listed in apposition to it, and the number
or pronoun by which it stands for several named before ("the three detainees", "оба издания",
"both").

The roles these nouns take in an act are read in ``docket.extract.syntax``; the words for several
are ``docket.extract.referring_words``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from docket.extract.referring_words import DATIVE_ONLY, GROUP_PRONOUNS, several_words
from docket.extract.sentence_parses import Word

__all__ = [
    "coordinated",
    "coordinated_within",
    "dependents",
    "group_pronoun",
    "listed_in_apposition",
    "noun_group",
    "numbered",
]

_NAME_PARTS: Final = frozenset(
    {"compound", "flat", "flat:name", "flat:foreign", "appos", "amod", "det", "nmod", "nummod"}
)
# How many words a name's part may stand from the rest of it: "Службы государственной
# безопасности" hangs "безопасности" on "Службы" over its adjective.
_GAP: Final = 3


def dependents(words: Sequence[Word], index: int) -> list[int]:
    """The words the parse hangs on the word ``index``."""
    return [i for i, word in enumerate(words) if word.head == index and i != index]


def noun_group(words: Sequence[Word], index: int) -> tuple[tuple[int, int], ...]:
    """The spans of a noun and the words of its name, nearest in the tree first ("officers of
    the State Security Service", "Журналистку Айсулуу Темирову"); never its clauses or the
    nouns coordinated with it.

    Only words joined to the noun without a gap count, and an apposition right after them is
    taken whatever the parser hung it on: a name after its noun is that noun's name
    ("журналистку издания Kerege.info Айсулуу Темирову"). What the noun is "of" comes last: the
    Secretary General of an alliance, named in apposition, is the one who acts."""
    found, todo = [index], [index]
    of_what: set[int] = set()
    low = high = index
    while todo:
        # The noun's own name before what it is of: "Депутат Жогорку Кенеша ... Медер Абылов".
        children = sorted(
            dependents(words, todo.pop(0)), key=lambda c: words[c].relation != "appos"
        )
        for child in children:
            relation = words[child].relation
            # English hangs "the State Security Service" of "officers of ..." on "of".
            of_prep = relation == "obl" and words[words[child].head].text == "of"
            if child in found or (relation not in (*_NAME_PARTS, "prep", "case") and not of_prep):
                continue
            if not low - _GAP <= child <= high + _GAP:
                continue
            found.append(child)
            todo.append(child)
            if of_prep or words[child].head in of_what:
                of_what.add(child)
            low, high = min(low, child), max(high, child)
    after = high + 1
    # Past the closing quote of an outlet's name ("журналистку газеты «Таш Сөзү» Аиду") and the
    # comma before a name in apposition ("the Secretary General of the PIA, Joanna Verhoeven").
    while after < len(words) and words[after].relation == "punct" and words[after].text in "»”\"',":
        after += 1
    if after < len(words) and words[after].relation == "compound":
        # "Joanna" of "Joanna Verhoeven": the apposition is the name's last word.
        after = words[after].head
    named = [c for c in dependents(words, index) if words[c].relation == "appos" and c > high]
    if named and (after >= len(words) or words[after].relation != "appos"):
        # The noun's own apposition past what it is of: "the Secretary General of the
        # Progressive International Alliance, Joanna Verhoeven".
        after = named[0]
    if after < len(words) and words[after].relation == "appos" and after not in found:
        found.append(after)
        found.extend(
            i for i in dependents(words, after) if words[i].relation in ("flat", "flat:name")
        )
    found.sort(key=lambda i: i in of_what)
    return tuple((words[i].start, words[i].end) for i in found)


def coordinated(words: Sequence[Word], index: int) -> list[int]:
    """The noun and those coordinated with it: "Temirova and Asanov" are both detained."""
    found, todo = [index], [index]
    while todo:
        for child in dependents(words, todo.pop()):
            if words[child].relation == "conj" and child not in found:
                found.append(child)
                todo.append(child)
    return found


def group_pronoun(words: Sequence[Word], index: int) -> str:
    """ "pair" or "group" where the noun ``index`` is a word for several people named before
    (``GROUP_PRONOUNS``), else "". "Two" is one only as "the two": "two were beaten" may be
    two of many."""
    text = words[index].text
    found = GROUP_PRONOUNS.get(text, "")
    if text == "two" and not any(
        words[child].relation == "det" and words[child].text == "the"
        for child in dependents(words, index)
    ):
        return ""
    if text in DATIVE_ONLY and words[index].case != "Dat":
        return ""
    return found


def numbered(words: Sequence[Word], index: int) -> tuple[int, str]:
    """How many, and of which kind, the noun ``index`` says are several named before when a
    number stands with it ("the three detainees", "both outlets", "оба журналиста", "двое
    задержанных"); (0, "") for any other noun. In English a number needs a determiner
    ("the", "these", "all") unless it is "both"."""
    several = several_words()
    text = words[index].text
    fits = next(
        (kind for kind, nouns in several.nouns.items() if nouns and text.startswith(nouns)), ""
    )
    if not fits:
        return 0, ""
    children = dependents(words, index)
    for child in children:
        size = several.numbers.get(words[child].text, 0)
        if size < 2 or words[child].relation not in _NUMBERS:
            continue
        if words[child].text in several.determined and not any(
            words[other].text in several.determiners
            for other in (*children, *dependents(words, child))
        ):
            continue
        return size, fits
    return 0, ""


# The relations a number bears to its noun: "two" of "the two journalists", "both" of "both
# activists" (spaCy), "оба" of "оба журналиста", "двоих" of "двоих задержанных" (natasha).
_NUMBERS: Final = frozenset({"nummod", "nummod:gov", "det", "predet", "preconj"})


def listed_in_apposition(
    words: Sequence[Word], group: Sequence[tuple[int, int]], conjuncts: Sequence[int]
) -> list[int]:
    """The names listed in apposition to a noun of ``group`` past its first: "the outlets
    Kerege.info, Tash Sözü and Jarchy TV", "издания Kerege.info, Tash Sözü и Jarchy TV" are
    three outlets, each a participant. The parsers hang the list on the first name (its
    conjuncts) or make each name an apposition of its own."""
    spans = set(group)
    inside = {i for i, word in enumerate(words) if (word.start, word.end) in spans}
    appositions = sorted(
        child
        for member in inside
        for child in dependents(words, member)
        if words[child].relation == "appos"
    )
    listed = sorted(
        {
            other
            for apposition in appositions
            for other in coordinated(words, apposition)
            if other not in conjuncts
        }
    )
    # The first name is the noun's own, which its slot holds already.
    return listed[1:]


def coordinated_within(
    words: Sequence[Word], index: int, group: Sequence[tuple[int, int]], conjuncts: Sequence[int]
) -> list[int]:
    """The nouns coordinated with what the noun ``index`` is of: "officers of the GKNB and the
    police", "сотрудники ГКНБ и МВД" (each of them did the act)."""
    spans = set(group)
    inside = {i for i, word in enumerate(words) if (word.start, word.end) in spans}
    return [
        child
        for member in sorted(inside - {index})
        for child in dependents(words, member)
        if words[child].relation == "conj" and child not in inside and child not in conjuncts
    ]
