"""The mentions of one document gathered into the people, organisations and places they name.

Two mentions of the same kind are one entity when their names have the same words up to
spelling, script, case and a Russian patronymic; a shorter name joins the longer one whose words
contain it (Atambaev joins Almazbek Atambayev) only when exactly one such longer name, or one chain
of them, exists in the document, or, for a person, exactly one written as a man's or a woman's
as the shorter one is (Atambaev joins Almazbek Atambaev, not Roza Atambaeva), or exactly one
named before the surname is first written alone (Kurmanov after Timur Kurmanov joins him, not his
brother Azamat Kurmanov named further on); a name run on into a word in lower case ("прокуратураны
Алиевге") is no candidate beside a well-formed one; initials written
for a given name choose among them (А. Атамбаев, Токтогулов Т.К.); an organisation's
acronym joins the long form whose initials it spells (SI, Socialist International; ГКНБ,
Государственный комитет национальной безопасности). An organisation the text writes in quotes
at least once is named with them (a dateline's Ордо Пресс beside «Ордо Пресс»: «Ордо Пресс»).

Names are compared once per distinct spelling and candidates come from a word index, so the time
grows with the number of distinct names and their words, not with mentions × mentions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

from docket.extract.mentions import Mention, MentionKind
from docket.extract.sexes import EITHER, by_given_name, by_surname
from docket.names import name_key
from docket.names.keys import PATRONYMIC_KEY_ENDINGS

__all__ = ["Entity", "acronym_of", "group_mentions", "quoted_as_written"]

# A word shared by more names than this is too common to index: "Kyrgyz", "State", "Bishkek".
_MAX_CANDIDATES = 200
_ACRONYM_LENGTHS = range(2, 9)
# The keys of the words for administrative units and quarters (облусу, району, область, region,
# district, кичи району, микрорайон), and for an airport or a bazaar named after a town
# (аэропорту, базары, airport, bazaar): a place named with one is not the place named without it.
_UNIT_KEYS = frozenset(
    ("oblus", "raio", "raion", "oblast", "region", "distrikt", "district", "rayon", "kich",
     "mikroraion", "aimag", "province", "airport", "aeroport", "bazar", "market")
)  # fmt: skip


@dataclass(frozen=True)
class Entity:
    """One person, organisation or place of a document, with every mention of it in order."""

    kind: MentionKind
    name: str
    mentions: tuple[Mention, ...]


def _core(text: str) -> frozenset[str]:
    # Patronymics are dropped so that Алмазбек Шаршенович Атамбаев and Almazbek Atambaev agree.
    return frozenset(
        key for key in name_key(text).split() if not key.endswith(PATRONYMIC_KEY_ENDINGS)
    )


def _initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


def _person_core(text: str) -> tuple[frozenset[str], str]:
    """A person's core without the initials written for a given name or a patronymic
    ("А. Атамбаев", "Токтогулов Т.К."), and the key of the first such initial ("" if none)."""
    words = _words(text)
    initials = [name_key(word) for word in words if _initial(word)]
    if not initials:
        return _core(text), ""
    return _core(" ".join(word for word in words if not _initial(word))), initials[0]


def _words(text: str) -> list[str]:
    return [word for word in "".join(c if c.isalnum() else " " for c in text).split() if word]


def acronym_of(text: str) -> str | None:
    """``text`` itself, upper-cased, when it looks like an acronym (SI, ОБСЕ, ГКНБ), else None."""
    stripped = text.strip()
    if (
        len(stripped) in _ACRONYM_LENGTHS
        and stripped.isalpha()
        and stripped.isupper()
        and " " not in stripped
    ):
        return stripped
    return None


def _initials(text: str) -> set[str]:
    """Acronyms a long name may be written as: initials of its capitalised words, or of all."""
    words = _words(text)
    if len(words) < 2:
        return set()
    every = "".join(word[0] for word in words if word[0].isalpha()).upper()
    capitalised = "".join(word[0] for word in words if word[0].isupper()).upper()
    return {initials for initials in (every, capitalised) if len(initials) >= 2}


def _sexes(spelling: str) -> frozenset[str]:
    """Who a person's name, as written, may name: a man, a woman or either."""
    words = _words(spelling)
    if not words:
        return EITHER
    surname = by_surname(words[-1])
    if len(words) < 2:
        return surname
    # Cues that disagree tell nothing.
    return (surname & by_given_name(words[0])) or EITHER


# Words a person's name is written with in lower case (Асан уулу, Айгуль кызы).
_LOWER_NAME_WORDS: Final = frozenset(("уулу", "кызы", "uulu", "kyzy"))


def _run_on(spelling: str) -> bool:
    """A person's name run on into a word in lower case, which no name is written with
    ("прокуратураны Алиевге" for "Башкы прокуратураны Алиевге")."""
    return any(word[:1].islower() and word not in _LOWER_NAME_WORDS for word in spelling.split())


class _Partition:
    def __init__(self, size: int) -> None:
        self._parent = list(range(size))

    def find(self, index: int) -> int:
        root = index
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[index] != root:
            self._parent[index], index = root, self._parent[index]
        return root

    def join(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # The smaller index wins, so the outcome does not depend on the order of joins.
            low, high = sorted((root_a, root_b))
            self._parent[high] = low


def _group_kind(kind: MentionKind, mentions: Sequence[Mention]) -> list[Entity]:
    spellings = sorted({mention.as_name for mention in mentions})
    if kind == "person":
        cores, initials = [], []
        for spelling in spellings:
            core, initial = _person_core(spelling)
            cores.append(core)
            initials.append(initial)
    else:
        cores = [_core(spelling) for spelling in spellings]
        initials = [""] * len(spellings)
    # Spellings with the same words (and the same initial: A. and B. Atambaev are two people)
    # form the first groups; an empty core stays on its own.
    group_of_core: dict[tuple[frozenset[str], str], int] = {}
    group_cores: list[frozenset[str]] = []
    spelling_group: list[int] = []
    for core, initial in zip(cores, initials, strict=True):
        if not core:
            spelling_group.append(len(group_cores))
            group_cores.append(core)
            continue
        if (core, initial) not in group_of_core:
            group_of_core[core, initial] = len(group_cores)
            group_cores.append(core)
        spelling_group.append(group_of_core[core, initial])
    partition = _Partition(len(group_cores))
    sexes = [EITHER] * len(group_cores)
    group_initials: list[set[str]] = [set() for _ in group_cores]
    if kind == "person":
        for spelling, group, initial in zip(spellings, spelling_group, initials, strict=True):
            sexes[group] = sexes[group] & _sexes(spelling)
            if initial:
                group_initials[group].add(initial)
        # Spellings that disagree (a typo, a transliteration) tell nothing.
        sexes = [found or EITHER for found in sexes]
    compound = [False] * len(group_cores)
    for spelling, group in zip(spellings, spelling_group, strict=True):
        compound[group] = compound[group] or ("-" in spelling and " " not in spelling)

    def distinct_places(smaller: int, larger: int) -> bool:
        # Naryn and the Naryn region, Kochkor and Kochkor district are two places; Naryn and
        # Eki-Naryn (a village named with it) too.
        extra = group_cores[larger] - group_cores[smaller]
        return bool(extra & _UNIT_KEYS) or (compound[larger] and not compound[smaller])

    run_on = [kind == "person"] * len(group_cores)
    for spelling, group in zip(spellings, spelling_group, strict=True):
        run_on[group] = run_on[group] and _run_on(spelling)
    first: list[int] = []
    if kind == "person":
        first = [len(mentions) and max(m.end for m in mentions)] * len(group_cores)
        group_of_spelling = dict(zip(spellings, spelling_group, strict=True))
        for mention in mentions:
            group = group_of_spelling[mention.as_name]
            first[group] = min(first[group], mention.start)
    _join_contained(
        group_cores,
        partition,
        sexes,
        group_initials,
        distinct_places if kind == "place" else None,
        run_on,
        first,
    )
    if kind == "organization":
        _join_acronyms(spellings, spelling_group, partition)
    if kind == "place":
        _join_declined(group_cores, partition)
    members: dict[int, list[Mention]] = defaultdict(list)
    group_by_spelling = dict(zip(spellings, spelling_group, strict=True))
    for mention in mentions:
        members[partition.find(group_by_spelling[mention.as_name])].append(mention)
    return [
        Entity(
            kind, quoted_as_written(_canonical(found), found), tuple(sorted(found, key=_position))
        )
        for found in members.values()
    ]


def _join_contained(
    cores: list[frozenset[str]],
    partition: _Partition,
    sexes: list[frozenset[str]],
    initials: list[set[str]],
    distinct: Callable[[int, int], bool] | None = None,
    run_on: Sequence[bool] = (),
    first: Sequence[int] = (),
) -> None:
    index: dict[str, list[int]] = defaultdict(list)
    for number, core in enumerate(cores):
        for key in core:
            index[key].append(number)
    for number, core in enumerate(cores):
        if not core:
            continue
        postings = min((index[key] for key in core), key=len)
        if len(postings) > _MAX_CANDIDATES:
            continue
        containing = [
            other
            for other in postings
            if cores[other] > core and (distinct is None or not distinct(number, other))
        ]
        if not initials[number]:
            # Atambaev and A. Atambaev are one person when no other initial is written.
            initialled = [o for o in postings if o != number and cores[o] == core and initials[o]]
            if len(initialled) == 1:
                containing = [*initialled, *containing]
        if initials[number]:
            # "А. Атамбаев" is Алмазбек Атамбаев's, not Кадырбек Атамбаев's.
            initial = next(iter(initials[number]))
            containing = [
                other
                for other in containing
                if any(key.startswith(initial) for key in cores[other] - core)
            ]
        if not containing:
            continue
        containing.sort(
            key=lambda other: (len(cores[other]), sorted(cores[other]), sorted(initials[other]))
        )
        if not _chain(cores, containing) and run_on:
            # A name run on into another word ("Токтоматов Ош" for "Токтоматов Ош
            # аэропортунан") is no second candidate beside a well-formed one.
            containing = [other for other in containing if not run_on[other]] or containing
        # Only a chain (each containing the one before) is unambiguous: Atambaev next to both
        # Almazbek Atambaev and Kadyrbek Atambaev stays apart from either.
        if not _chain(cores, containing) and sexes[number] != EITHER:
            # Atambaev next to Ulan Atambaev and Gulnara Atambaeva: a man's surname form joins
            # the one full name that may be a man's, or failing that the one that is only his.
            containing = [other for other in containing if sexes[other] & sexes[number]]
            if not _chain(cores, containing):
                containing = [other for other in containing if sexes[other] == sexes[number]]
        if containing and not _chain(cores, containing) and first:
            # A surname alone stands for someone already named: Токтоматов, after Мирбек
            # Токтоматов, is not his brother Бактыбек Токтоматов named only further on.
            containing = [other for other in containing if first[other] < first[number]]
        if containing and _chain(cores, containing):
            partition.join(number, containing[-1])


# Shorter keys are too alike to tell a case ending from another name.
_MIN_DECLINED_KEY = 3


def _join_declined(cores: list[frozenset[str]], partition: _Partition) -> None:
    """Places whose keys differ only by one letter closing one word, where the key of a Russian
    case form keeps a letter the nominative's loses (Жалал-Абаде "jalal abad", Жалал-Абада
    "jalal aba"): one place, when no third place is that close too."""
    shortened: dict[frozenset[str], set[int]] = defaultdict(set)
    for number, core in enumerate(cores):
        for key in core:
            if len(key) > _MIN_DECLINED_KEY:
                shortened[(core - {key}) | {key[:-1]}].add(number)
    for number, core in enumerate(cores):
        longer = shortened.get(core, set()) - {number}
        if len(longer) == 1:
            partition.join(number, longer.pop())


def _chain(cores: list[frozenset[str]], containing: list[int]) -> bool:
    return all(cores[larger] >= cores[smaller] for smaller, larger in pairwise(containing))


def _join_acronyms(spellings: list[str], groups: list[int], partition: _Partition) -> None:
    long_forms: dict[str, set[int]] = defaultdict(set)
    for spelling, group in zip(spellings, groups, strict=True):
        for initials in _initials(spelling):
            long_forms[initials].add(group)
    for spelling, group in zip(spellings, groups, strict=True):
        acronym = acronym_of(spelling)
        if acronym is None:
            continue
        targets = {partition.find(target) for target in long_forms.get(acronym, ())}
        if len(targets) == 1:
            partition.join(group, targets.pop())


def _position(mention: Mention) -> tuple[int, int, str, str]:
    return (mention.start, mention.end, mention.text, mention.source)


# Kyrgyz case endings (two letters or more, so no Russian ending: Алиева, Алиеву) a name's
# last word may carry where the text also writes it bare ("Бейшенованын", "Бейшенова").
_KYRGYZ_ENDINGS: Final = tuple(
    sorted(
        {
            *(f"{c}{v}н" for c in "дтн" for v in "ыиуү"),
            *(f"{c}{v}" for c in "дтн" for v in "ыиуү"),
            *(f"{c}{v}" for c in "гк" for v in "аеоө"),
            *(f"{c}{v}" for c in "дт" for v in "аеоө"),
            *(f"{c}{v}н" for c in "дтн" for v in "аеоө"),
        },
        key=len,
        reverse=True,
    )
)


def _bare(spelling: str, written: frozenset[str]) -> str:
    """``spelling`` with a Kyrgyz case ending taken off its last word where the text writes
    that word without it (Мирбек Токтоматовдун, beside Токтоматов: Мирбек Токтоматов)."""
    head, _, last = spelling.rpartition(" ")
    # Most names (every English and Russian one) end in none: one test rather than one each.
    if not last.endswith(_KYRGYZ_ENDINGS):
        return spelling
    for ending in _KYRGYZ_ENDINGS:
        stem = last[: -len(ending)]
        if last.endswith(ending) and len(stem) >= 3 and stem in written:
            return f"{head} {stem}" if head else stem
    return spelling


def _given_name_last(text: str) -> bool:
    """A person's two-word name written surname first ("Токтогулов Эрмек"): the first word
    ends as only a surname does, the last does not."""
    words = _words(text)
    return (
        len(words) == 2
        and by_surname(words[0], nominative=True) != EITHER
        and by_surname(words[1], nominative=True) == EITHER
    )


def _canonical(mentions: Iterable[Mention]) -> str:
    """The longest full form: most words (initials aside), then for a person the given name
    first, then most often written, then longest, then first. A Kyrgyz case ending the text
    also writes the name without is taken off."""
    mentions = list(mentions)
    written = frozenset(
        word for mention in mentions for word in mention.as_name.split()[-1:] if word
    )
    counts = Counter(_bare(mention.as_name, written) for mention in mentions)
    person = all(mention.kind == "person" for mention in mentions)
    return min(
        counts,
        # Initials count for nothing: Таалайбек Токтогулов, not Токтогулов Т.К.
        key=lambda text: (
            -sum(not _initial(word) for word in _words(text)),
            person and _given_name_last(text),
            -counts[text],
            -len(text),
            text,
        ),
    )


def quoted_as_written(name: str, mentions: Iterable[Mention]) -> str:
    """An organisation's ``name`` in the quotation marks a mention of it writes around it: a
    dateline's bare "Ордо Пресс" beside «Ордо Пресс» is the outlet «Ордо Пресс», as the text
    names it where it tells it is one."""
    folded = name.casefold()
    for mention in mentions:
        written = mention.as_name
        if (
            mention.kind == "organization"
            and written[:1] == "«"
            and written[-1:] == "»"
            and written[1:-1].strip().casefold() == folded
        ):
            return f"«{name}»"
    return name


def group_mentions(mentions: Iterable[Mention]) -> list[Entity]:
    """The entities named by ``mentions``, ordered by their first mention.

    Every mention lands in exactly one entity, and the result does not depend on the order of
    ``mentions``.
    """
    by_kind: dict[MentionKind, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_kind[mention.kind].append(mention)
    entities = [entity for kind in sorted(by_kind) for entity in _group_kind(kind, by_kind[kind])]
    entities.sort(key=lambda entity: (_position(entity.mentions[0]), entity.kind))
    return entities
