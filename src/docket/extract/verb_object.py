"""Acts and interventions told by a verb and its object, in either order, in one clause.

A fixed phrase misses the ways a report words a refusal: "denied him surgery", "refused to allow
the operations", "отказали ему в медицинской помощи", "журналистов преследуют", "дарылоо
берилбей жатат". A pattern names the starts of its verb words and of its object words; it is
found where a verb word and an object word stand at most ``reach`` words apart (in either order,
or only in the ``order`` given: "verb first", "object first") with nothing between that ends a
clause (a comma, "but", "и") and none of its ``unless`` words between them ("refused to comment
on the operation" is no refused surgery; they are looked for up to three words either side too,
within the pair's sentence: the next sentence's words are not the pair's).
``unless_after`` words cancel a pair only up to three words after it: what a call asks to
have released ("release the report") follows it, while the same word before ("a video … and
urged the authorities to release him") is another clause's. ``unless_next`` words cancel a pair
when they stand, whole, right after its verb: "called for", "called on" are calls, not what
someone called a thing. A pattern marked ``coordinated`` lets "and" ("и", "жана") stand
between them: one verb asks for two things ("мыйзамдуулугун текшерүүнү жана … жардам
көрсөтүүнү талап кылат" is a call for an investigation). A pattern marked ``commas`` lets a
comma stand between verb and object: a Russian clause of place or manner opens with one ("не
сообщили родственникам, где он находится"). A pattern with ``context`` words also needs one
of them somewhere in the pair's sentence: "returned to the colony" is a return against medical
advice only in a sentence about treatment or a hospital.
An object after its verb takes the ``then`` words that follow it ("refused medical care"). A
pattern without objects is its verb alone. A pattern marked ``negated`` also needs a
negation next to the pair ("no investigation was opened", "не провели расследование",
"иликтөө жүргүзүлгөн жок"): one of the language's negation words up to two words before the
pair or inside it, or, where the language puts it after the verb (Kyrgyz "жок", "эмес"), right
after it, or after the ``between`` words that may part them (a particle or a copula: "төшөк
да жок", "кыйноо болгон эмес"). A pattern marked ``limited`` needs a word that limits what was
done instead (the language's ``limit`` words: "the doctor came only in the morning", "ему дают
только обезболивающие", "дарыны гана берип жатат") inside the pair or right after it: care given
late or scantily is care withheld. ``unless_sentence`` words cancel a pair anywhere in its sentence
(an official's version: "получил при задержании, когда оказывал сопротивление"). A pattern
with ``after`` codes whose ``context`` is not in its sentence (or that has none) is still found,
marked as needing an act of one of those kinds (or of a narrower one) told before it in the
document: bruises after an arrest, not after a fall in the street. A pattern marked ``retold``
tells the details of an act more often than the act: like the ``retold`` words of ``acts``, it
is an act only where none of its kind came before ("took him from his flat" after "detained
the journalist"). A pattern marked ``whole`` matches its objects as whole words: the particle
"off" of "hauled … off a minibus" is not the start of "officers".

Patterns come from the vocabulary files (``vocabulary/acts.yaml``, ``vocabulary/
interventions.yaml``) under ``verb_object``; the negation words under ``negation``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Final

from docket.extract.lexicon import FoldedText, Lexicon, PhraseMatch
from docket.extract.participants import CLAUSE_BREAK
from docket.extract.sentence_ends import breaks_sentence
from docket.model._lexicon import read_yaml
from docket.model.taxonomy import Taxonomy, Term, load_taxonomy

__all__ = ["VerbObjects", "Vocabulary", "load_vocabulary"]

_REACH: Final = 4
_NEGATION_BEFORE: Final = 2
_UNLESS_AROUND: Final = 3
# Distinct words whose patterns are remembered before the memory starts afresh: a long-running
# worker reads an open vocabulary.
_WORDS_KEPT: Final = 50_000
# "and" between two names joins the people the act befell ("hauled Adilet Sadykov and Elnura
# Kadyrova off a minibus"), not two clauses.
_AND: Final = re.compile(r"\s(?:and|и|жана)\s", re.IGNORECASE)
_NAMES_JOINED: Final = re.compile(r"(?<=\w)(\s+(?:and|и|жана)\s+)(?=[A-ZА-ЯЁӨҮҢ])")


@dataclass(frozen=True)
class _Pattern:
    term: Term
    verbs: tuple[str, ...]
    objects: tuple[str, ...]
    negated: bool
    reach: int
    order: str
    unless: tuple[str, ...]
    unless_after: tuple[str, ...]
    unless_next: tuple[str, ...]
    then: tuple[str, ...]
    context: tuple[str, ...]
    commas: bool
    coordinated: bool
    limited: bool = False
    unless_sentence: tuple[str, ...] = ()
    after: frozenset[str] = frozenset()
    retold: bool = False
    whole: bool = False
    # Whether each word met is one of the objects, kept once tested: the words around every
    # verb are tested, and a text's words repeat.
    _tested: dict[str, bool] = field(default_factory=dict, hash=False, compare=False, repr=False)

    def is_object(self, word: str) -> bool:
        found = self._tested.get(word)
        if found is None:
            found = word in self.objects if self.whole else word.startswith(self.objects)
            if len(self._tested) >= _WORDS_KEPT:
                self._tested.clear()
            self._tested[word] = found
        return found


_ORDERS: Final = ("any", "verb first", "object first")


def _starts(words: Iterable[str]) -> tuple[str, ...]:
    """Word starts folded for matching; each is matched against one word of the text."""
    folded = tuple(word.casefold().replace("ё", "е") for word in words)
    for word in folded:
        if not word or any(character.isspace() for character in word):
            raise ValueError(f"a verb-object pattern lists {word!r}: give one word start")
    return folded


def _apostrophes(words: Iterable[str]) -> frozenset[str]:
    """The words as written with a straight and with a typographic apostrophe."""
    folded = _starts(words)
    return frozenset([*folded, *(word.replace("'", "\u2019") for word in folded)])


class VerbObjects:
    """The verb-object patterns of one vocabulary in one language, ready to match."""

    def __init__(self, taxonomy: Taxonomy, language: str, vocabulary: Mapping[str, Any]) -> None:
        self._patterns: list[_Pattern] = []
        for code, by_language in (vocabulary.get("verb_object") or {}).items():
            term = taxonomy.get(code)
            for entry in by_language.get(language) or []:
                if entry.get("order", "any") not in _ORDERS:
                    raise ValueError(
                        f"verb-object pattern for {code}: order {entry['order']!r} is not one"
                        f" of {', '.join(_ORDERS)}"
                    )
                self._patterns.append(
                    _Pattern(
                        term,
                        _starts(entry["verbs"]),
                        _starts(entry.get("objects") or []),
                        bool(entry.get("negated", False)),
                        int(entry.get("reach", _REACH)),
                        str(entry.get("order", "any")),
                        _starts(entry.get("unless") or []),
                        _starts(entry.get("unless_after") or []),
                        _starts(entry.get("unless_next") or []),
                        _starts(entry.get("then") or []),
                        _starts(entry.get("context") or []),
                        bool(entry.get("commas", False)),
                        bool(entry.get("coordinated", False)),
                        bool(entry.get("limited", False)),
                        _starts(entry.get("unless_sentence") or []),
                        frozenset(taxonomy.get(other).code for other in entry.get("after") or []),
                        bool(entry.get("retold", False)),
                        bool(entry.get("whole", False)),
                    )
                )
        # Patterns by the first letter of their verbs, in vocabulary order: a word is tried only
        # against the patterns it could begin.
        self._by_initial: dict[str, list[_Pattern]] = {}
        for pattern in self._patterns:
            for initial in dict.fromkeys(verb[0] for verb in pattern.verbs):
                self._by_initial.setdefault(initial, []).append(pattern)
        # The patterns each word can begin, found once per distinct word: a text's words repeat,
        # and testing every word against every pattern of its initial was most of the search.
        self._of_word: dict[str, tuple[_Pattern, ...]] = {}
        negation = (vocabulary.get("negation") or {}).get(language) or {}
        self._before = _apostrophes(negation.get("before") or [])
        self._after = _apostrophes(negation.get("after") or [])
        self._cancel = _apostrophes(negation.get("cancel") or [])
        self._limit = _apostrophes(negation.get("limit") or [])
        # Words that may stand between an act and the negation after it: "Камерада төшөк да,
        # жылуулук да жок", "кыйноо болгон эмес".
        self._between = _apostrophes(negation.get("between") or [])

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def find(
        self,
        text: str,
        folded: FoldedText,
        taken: Sequence[PhraseMatch],
        opens: Callable[[Term, PhraseMatch], bool] | None = None,
        aside: Collection[int] = (),
    ) -> list[PhraseMatch]:
        """Every pattern found in ``text``, in text order, overlapping neither ``taken`` nor
        each other; the first pattern of the vocabulary that fits a place keeps it. A pattern
        not marked ``negated`` is not found where it is denied (see ``denied``). ``opens``
        says which phrases of ``taken`` a pattern's term may overlap all the same (a general
        word opening a pattern of one of its narrower kinds). The words ``aside`` name what
        a complaint or an inquiry is about: no pattern starts there, and they do not count in
        a pattern's reach ("her complaint about the beating was rejected" is "complaint …
        rejected")."""
        if not self._patterns:
            return []
        words = folded.words
        # What is found, in text order, and where each starts. Found phrases never overlap, so
        # a new one can only overlap its neighbours there: a long text is not compared with
        # every phrase found before.
        found: list[PhraseMatch] = []
        starts: list[int] = []
        # ``taken`` may overlap among itself; a phrase reaching into a match starts at most
        # the longest taken phrase's length before it.
        taken = sorted(taken, key=lambda phrase: phrase.start)
        taken_starts = [phrase.start for phrase in taken]
        reach = max((phrase.end - phrase.start for phrase in taken), default=0)
        # Most words begin no pattern: the memory of each word's patterns is read here, and
        # ``_verb_patterns`` called only for a word not met before.
        of_word = self._of_word
        for index, word in enumerate(words):
            if index in aside:
                continue
            patterns = of_word.get(word)
            if patterns is None:
                patterns = self._verb_patterns(word)
            for pattern in patterns:
                match = self._pair(text, folded, index, pattern, aside)
                if match is None:
                    continue
                at = bisect_right(starts, match.start)
                if (at and found[at - 1].end > match.start) or (
                    at < len(found) and found[at].start < match.end
                ):
                    continue
                nearby = taken[
                    bisect_right(taken_starts, match.start - reach) : bisect_left(
                        taken_starts, match.end
                    )
                ]
                if any(
                    match.start < phrase.end
                    and phrase.start < match.end
                    and (opens is None or not opens(pattern.term, phrase))
                    for phrase in nearby
                ):
                    continue
                found.insert(at, match)
                starts.insert(at, match.start)
                break
        return found

    def _verb_patterns(self, word: str) -> tuple[_Pattern, ...]:
        """The patterns whose verbs ``word`` starts with, in vocabulary order."""
        patterns = self._of_word.get(word)
        if patterns is None:
            patterns = tuple(
                pattern
                for pattern in self._by_initial.get(word[:1], ())
                if word.startswith(pattern.verbs)
            )
            if len(self._of_word) >= _WORDS_KEPT:
                self._of_word.clear()
            self._of_word[word] = patterns
        return patterns

    def _pair(
        self,
        text: str,
        folded: FoldedText,
        verb: int,
        pattern: _Pattern,
        aside: Collection[int] = (),
    ) -> PhraseMatch | None:
        """The nearest object of ``pattern`` around the verb at word ``verb``, in its clause; a
        pattern without objects is its verb alone. Words ``aside`` are not counted in its
        reach."""
        tokens, words = folded.tokens, folded.words
        low = verb if pattern.order == "verb first" else max(0, verb - pattern.reach - 1)
        high = verb + 1 if pattern.order == "object first" else verb + pattern.reach + 2
        if aside:
            low = max(0, low - sum(1 for index in range(low, verb) if index in aside))
            high += sum(1 for index in range(verb + 1, min(len(words), high)) if index in aside)
        if pattern.objects:
            # The words tested before are read from the pattern's memory here rather than
            # through ``is_object``: this runs for a dozen words around every verb.
            tested, is_object = pattern._tested, pattern.is_object
            nearest = []
            for step in _steps(verb - low, min(len(words), high) - 1 - verb):
                if step:
                    word = words[verb + step]
                    known = tested.get(word)
                    if known or (known is None and is_object(word)):
                        nearest.append(verb + step)
        else:
            nearest = [verb]
        for other in nearest:
            first, last = min(verb, other), max(verb, other)
            if self._broken(
                text, tokens[first].end, tokens[last].start, pattern.commas, pattern.coordinated
            ):
                continue
            low_around, high_around = _around(text, folded, first, last)
            if pattern.unless and any(
                word.startswith(pattern.unless) for word in words[low_around : high_around + 1]
            ):
                continue
            if pattern.unless_after and any(
                word.startswith(pattern.unless_after) for word in words[last + 1 : high_around + 1]
            ):
                continue
            if (
                pattern.unless_next
                and verb + 1 < len(words)
                and words[verb + 1] in pattern.unless_next
            ):
                continue
            if pattern.negated and not self._negated(text, folded, first, last):
                continue
            if pattern.limited and not self._negated(text, folded, first, last, self._limit):
                continue
            if not pattern.negated and self.denied(text, folded, first, last):
                continue
            if pattern.unless_sentence and self._in_sentence(
                text, folded, first, pattern.unless_sentence
            ):
                continue
            # Out of its context, a pattern with ``after`` codes still tells an act where the
            # document has told one of those kinds before it.
            in_context = bool(pattern.context) and self._in_sentence(
                text, folded, first, pattern.context
            )
            if pattern.context and not in_context and not pattern.after:
                continue
            needs = frozenset() if in_context else pattern.after
            while (
                other == last
                and last + 1 < len(words)
                and bool(pattern.then)
                and words[last + 1].startswith(pattern.then)
                and not self._broken(text, tokens[last].end, tokens[last + 1].start)
            ):
                last += 1
                other = last
            return PhraseMatch(
                pattern.term,
                tokens[first].start,
                tokens[last].end,
                needs,
                pattern.retold,
                pattern.negated,
                bool(pattern.after),
            )
        return None

    @staticmethod
    def _broken(
        text: str, start: int, end: int, commas: bool = False, coordinated: bool = False
    ) -> bool:
        """Whether ``text[start:end]`` ends a clause or a sentence (a comma only unless
        ``commas``)."""
        between = text[start:end].replace(",", " ") if commas else text[start:end]
        if coordinated:
            between = _AND.sub(" ", between)
        if breaks_sentence(between):
            return True
        if not CLAUSE_BREAK.search(between):
            return False
        joined = _NAMES_JOINED.sub(
            lambda found: " " if _after_name(between, found.start()) else found.group(1),
            between,
        )
        return bool(CLAUSE_BREAK.search(joined))

    @staticmethod
    def _in_sentence(text: str, folded: FoldedText, word: int, starts: tuple[str, ...]) -> bool:
        """Whether a word of the sentence around word ``word`` starts with one of ``starts``."""
        tokens, words = folded.tokens, folded.words
        low = word
        while low > 0 and not breaks_sentence(text, tokens[low - 1].end, tokens[low].start):
            low -= 1
        high = word
        while high + 1 < len(words) and not breaks_sentence(
            text, tokens[high].end, tokens[high + 1].start
        ):
            high += 1
        return any(other.startswith(starts) for other in words[low : high + 1])

    def denied(self, text: str, folded: FoldedText, first: int, last: int) -> bool:
        """Whether words ``first``..``last`` are denied: one of the language's ``cancel`` words
        up to two words before them in their clause ("were not detained", "никто не
        задержан"), or, where the language denies after the verb, right after them
        ("кармалган жок")."""
        tokens, words = folded.tokens, folded.words
        for index in range(max(0, first - _NEGATION_BEFORE), first):
            if words[index] in self._cancel and not self._broken(
                text, tokens[index].end, tokens[first].start
            ):
                return True
        after = self._after_between(text, folded, last)
        return after < len(words) and words[after] in self._after

    def _after_between(self, text: str, folded: FoldedText, last: int) -> int:
        """The index of the first word after word ``last`` that is none of the ``between`` words,
        in its clause (the index past the clause where none is)."""
        tokens, words = folded.tokens, folded.words
        after = last + 1
        while (
            after < len(words)
            and words[after] in self._between
            and after + 1 < len(words)
            and not self._broken(text, tokens[after - 1].end, tokens[after + 1].start)
        ):
            after += 1
        return after

    def _negated(
        self,
        text: str,
        folded: FoldedText,
        first: int,
        last: int,
        limit: frozenset[str] | None = None,
    ) -> bool:
        """Whether words ``first``..``last`` are negated, or, given ``limit`` words, limited
        ("only", "только", "гана") inside the pair or right after it: "only" before it limits
        who did it ("Only the doctor came to the hearing"), not what was done."""
        tokens, words = folded.tokens, folded.words
        before = self._before if limit is None else limit
        low = max(0, first - _NEGATION_BEFORE) if limit is None else first
        for index in range(low, last + 1):
            if words[index] in before and not self._broken(
                text, tokens[index].end, tokens[first].start
            ):
                return True
        after = last + 1 if limit is not None else self._after_between(text, folded, last)
        return after < len(words) and words[after] in (self._after if limit is None else limit)


def _around(text: str, folded: FoldedText, first: int, last: int) -> tuple[int, int]:
    """The words up to ``_UNLESS_AROUND`` either side of words ``first``..``last`` within their
    sentence, as ``(low, high)``: "тыюу салды. Катышуучулардын бири …" does not make the ban
    one on participants."""
    tokens, words = folded.tokens, folded.words
    low = first
    while low > max(0, first - _UNLESS_AROUND) and not breaks_sentence(
        text, tokens[low - 1].end, tokens[low].start
    ):
        low -= 1
    high = last
    while high < min(len(words) - 1, last + _UNLESS_AROUND) and not breaks_sentence(
        text, tokens[high].end, tokens[high + 1].start
    ):
        high += 1
    return low, high


def _after_name(text: str, at: int) -> bool:
    """Whether the word ending at ``at`` is capitalised, as a name is."""
    word = text[:at].split()
    return bool(word) and word[-1][:1].isupper()


def nearest_first(middle: int, low: int, high: int) -> list[int]:
    """``range(low, high)`` nearest ``middle`` first, the earlier of two as near: the order in
    which a pattern's objects are looked for around its verb (``_pair`` walks the same steps)."""
    return [middle + step for step in _steps(middle - low, high - 1 - middle)]


@lru_cache(maxsize=1024)
def _steps(before: int, after: int) -> tuple[int, ...]:
    """The steps from a middle word to the ``before`` words before it and the ``after`` words
    after it, nearest first: the same few windows recur around every verb."""
    order = [0]
    for distance in range(1, max(before, after) + 1):
        if distance <= before:
            order.append(-distance)
        if distance <= after:
            order.append(distance)
    return tuple(order)


@dataclass(frozen=True)
class Vocabulary:
    """A vocabulary file in one language: its phrases beside the taxonomy's own synonyms, and
    its verb-object patterns."""

    data: Mapping[str, Any]
    taxonomy: Taxonomy
    lexicon: Lexicon
    verb_objects: VerbObjects

    def find(self, text: str, folded: FoldedText) -> list[PhraseMatch]:
        """Every phrase of ``text`` (folded as ``folded``), then every verb-object pattern where
        no phrase was found, in text order."""
        found = self.lexicon.find_folded(folded)
        return sorted(
            [*found, *self.verb_objects.find(text, folded, found)], key=lambda match: match.start
        )


def load_vocabulary(file: str, taxonomy_name: str, language: str) -> Vocabulary:
    """``vocabulary/<file>`` of ``docket.extract`` for the terms of ``taxonomy_name``."""
    text = resources.files("docket.extract").joinpath(file).read_text(encoding="utf-8")
    data: dict[str, Any] = read_yaml(text)
    taxonomy = load_taxonomy(taxonomy_name)
    told_as = ((data.get("first_person") or {}).get(language)) or {}
    extra = {
        code: _with_first_person(by_language[language], told_as)
        for code, by_language in (data.get("phrases") or {}).items()
        if by_language.get(language)
    }
    return Vocabulary(
        data,
        taxonomy,
        Lexicon(taxonomy, language, extra),
        VerbObjects(taxonomy, language, data),
    )


def _with_first_person(phrases: list[str], told_as: dict[str, list[str]]) -> list[str]:
    """``phrases`` and the same phrases told by the one they befell: a report's "beat him up",
    "took them away", "denied access to his lawyer" are a witness's "beat me up", "took us
    away", "denied access to my lawyer". ``told_as`` maps a third-person word to its
    first-person ones."""
    told = list(phrases)
    for phrase in phrases:
        words = phrase.split()
        for index, word in enumerate(words):
            for first in told_as.get(word.casefold(), []):
                retold = " ".join([*words[:index], first, *words[index + 1 :]])
                if retold not in told:
                    told.append(retold)
    return told
