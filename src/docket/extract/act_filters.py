"""Acts named but not stated: words around an act that say it did not happen, might happen,
is forbidden, is opposed or asked to end, or was lawful in the authorities' word.

A report names acts in many sentences that tell no act: an official denies one ("denied that the
blogger was beaten", "отрицают, что задержанных избивали", "кармалганын четке какты"), nobody
underwent it ("no one had been detained", "тинтүү жүргүзүлгөн эмес"), it is a condition or a
possibility ("If he is charged with …", "айып тагылышы мүмкүн"), a law forbids it ("Article 143
prohibits torture", "кыйноого тыюу салат"), a body is named against it ("Anti-Torture
Initiative", "Кыйноого каршы коалиция"), a call or slogan asks for its end ("called on the
prosecutor to investigate the beating", "«Хватит давления на активистов!»"), the authorities
call it lawful ("пикет был разогнан законно"), a question asks about it ("Эмне үчүн блогерлер
кармалып жатат?") or it is what a complaint is about ("his complaint of beatings", "по жалобе
на отказ в медицинской помощи", "кыйноо тууралуу арызы"); a search of a home is no raid on a
newsroom ("обыскали дом"). The words are in
``vocabulary/act_filters.yaml``; every look is bounded to a few words around the act, and the
ends of questions are found once per text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

from docket.extract.lexicon import FoldedText, PhraseMatch
from docket.model._lexicon import read_yaml

__all__ = ["NotStated", "words_after", "words_before"]

_VOCABULARY: Final = "vocabulary/act_filters.yaml"
# What ends a clause: an act after it is another clause's.
_CLAUSE_END: Final = re.compile(r"[,;:()«»\"“”.!?…\n]")
_SENTENCE_END: Final = re.compile(r"[.!?…\n]")
# How many words before an act a denial, a subject "no one" or a condition may stand: "denied
# that the blogger was beaten" (four), not a denial a clause away.
_REACH: Final = 6
# A law's verb before what it forbids: "bans cruel and degrading treatment" (three words).
_LAW_REACH: Final = 4
# Kyrgyz puts a possibility, a provision or a denial right after the verb: "айып тагылышы
# мүмкүн", "кыйноо фактысын четке кагышты".
_AFTER_REACH: Final = 4
# A Kyrgyz possibility closes its clause, past a charge's quoted name: "«жалган маалымат таратуу»
# беренеси боюнча айып тагылышы мүмкүн" (five words).
_POSSIBLE_REACH: Final = 6
# The marks of _CLAUSE_END but quotation marks: a charge's quoted name does not end its clause.
_UNQUOTED_END: Final = re.compile(r"[,;:().!?…\n]")
_CALL_REACH: Final = 12
# A clause of time before its act: "after he had been detained" (three words).
_OPENS_REACH: Final = 4
# A Kyrgyz law's verb closes its clause: "кыйноо үчүн он жылга чейин эркинен ажыратууну карайт".
_LAW_AFTER_REACH: Final = 8
_LAWFUL_REACH: Final = 4
# A home right after its search ("обыскали наш дом", "searched their house": two words), and
# the owner who makes the search another act, up to five words either side ("searched the flat
# of the parents").
_HOME_REACH: Final = 2
_OWNER_REACH: Final = 5
# A complaint's noun before the word that joins it to its matter: "жалобе сестры на отказ …"
# (two words).
_MATTER_REACH: Final = 3
# Words that may stand between a complaint's joining word and the act it is about ("about the
# beating", "of his beating").
_MATTER_JOIN_REACH: Final = 3
_MATTER_SMALL_WORD: Final = 5

Phrase = tuple[str, ...]


def _words(values: Iterable[str] | None) -> frozenset[str]:
    return frozenset(value.casefold().replace("ё", "е") for value in values or ())


@dataclass(frozen=True)
class _Phrases:
    """Phrases of words by their first word: a word is compared only with the phrases it can
    open, which matters as every act looks at the words around it."""

    by_first: Mapping[str, tuple[Phrase, ...]]

    def __bool__(self) -> bool:
        return bool(self.by_first)


def _phrases(values: Iterable[Iterable[str]] | None) -> _Phrases:
    by_first: dict[str, list[Phrase]] = {}
    for value in values or ():
        phrase = tuple(word.casefold().replace("ё", "е") for word in value)
        if phrase:
            by_first.setdefault(phrase[0], []).append(phrase)
    return _Phrases({first: tuple(phrases) for first, phrases in by_first.items()})


@dataclass(frozen=True)
class _Filters:
    denials: frozenset[str]
    reported: frozenset[str]
    denial_joins: frozenset[str]
    passive: frozenset[str]
    denials_after: frozenset[str]
    nobody: _Phrases
    nobody_stops: frozenset[str]
    negated_after: _Phrases
    carriers: frozenset[str]
    facts: frozenset[str]
    carried: frozenset[str]
    supposed_before: _Phrases
    supposed_after: _Phrases
    supposed_stops: frozenset[str]
    law_before: _Phrases
    law_after: _Phrases
    against_before: frozenset[str]
    against_after: frozenset[str]
    calls_before: _Phrases
    calls_after: _Phrases
    general: frozenset[str]
    body_joins: frozenset[str]
    body_heads: tuple[str, ...]
    lawful: _Phrases
    custody_family: str
    custody: tuple[str, ...]
    pointing_before: frozenset[str]
    pointing_after: frozenset[str]
    opens: _Phrases
    matter_heads: tuple[str, ...] = ()
    matter_joins: frozenset[str] = frozenset()
    matter_after: frozenset[str] = frozenset()
    home_codes: frozenset[str] = frozenset()
    homes: tuple[str, ...] = ()
    home_owners: tuple[str, ...] = ()


@cache
def _filters(language: str) -> _Filters:
    source = resources.files("docket.extract").joinpath(_VOCABULARY).read_text(encoding="utf-8")
    data: dict[str, Any] = read_yaml(source)

    def part(name: str) -> dict[str, Any]:
        found: dict[str, Any] = (data.get(name) or {}).get(language) or {}
        return found

    denied, nobody, carriers = part("denied"), part("nobody"), part("carriers")
    supposed, law, against = part("supposed"), part("law"), part("against")
    calls, bodies, matter = part("calls"), part("bodies"), part("matter")
    homes = part("homes")
    told_again: dict[str, Any] = data.get("told_again") or {}

    def told(name: str) -> list[str]:
        found: list[str] = (told_again.get(name) or {}).get(language) or []
        return found

    return _Filters(
        _words(denied.get("words")),
        _words(denied.get("reported")),
        _words(denied.get("joins")),
        _words(denied.get("passive")),
        _words(denied.get("after")),
        _phrases(nobody.get("words")),
        _words(nobody.get("stops")),
        _phrases((data.get("negated_after") or {}).get(language)),
        _words(carriers.get("words")),
        _words(carriers.get("facts")),
        _words(carriers.get("negations")),
        _phrases(supposed.get("before")),
        _phrases(supposed.get("after")),
        _words(supposed.get("stops")),
        _phrases(law.get("before")),
        _phrases(law.get("after")),
        _words(against.get("before")),
        _words(against.get("after")),
        _phrases(calls.get("before")),
        _phrases(calls.get("after")),
        _words((data.get("general") or {}).get(language)),
        _words(bodies.get("joins")),
        tuple(sorted(_words(bodies.get("heads")))),
        _phrases((data.get("lawful") or {}).get(language)),
        str(told_again.get("family") or ""),
        tuple(sorted(_words(told("custody")))),
        _words(told("before")),
        _words(told("after")),
        _phrases(told("opens")),
        tuple(sorted(_words(matter.get("heads")))),
        _words(matter.get("joins")),
        _words(matter.get("after")),
        frozenset((data.get("homes") or {}).get("codes") or []),
        tuple(sorted(_words(homes.get("homes")))),
        tuple(sorted(_words(homes.get("owners")))),
    )


def _at(words: Sequence[str], index: int, phrases: _Phrases) -> Phrase | None:
    """The phrase of ``phrases`` that starts at word ``index``, if any."""
    for phrase in phrases.by_first.get(words[index], ()):
        if tuple(words[index : index + len(phrase)]) == phrase:
            return phrase
    return None


class NotStated:
    """Tells, for the acts found in one text, which are named without being stated."""

    def __init__(
        self, text: str, folded: FoldedText, language: str, sentence_of: Callable[[int], int]
    ):
        self._text = text
        self._tokens = folded.tokens
        self._words = folded.words
        self._filters = _filters(language)
        self._sentence_of = sentence_of
        ends = list(_SENTENCE_END.finditer(text))
        self._ends = [found.start() for found in ends]
        self._question = [found.group() == "?" for found in ends]
        # Words are runs of letters and digits, so every mark that ends a clause stands between
        # two of them: one pass over the text finds them all (the words they follow), where each
        # filter walking the words around each act would search every gap again.
        starts = [token.start for token in self._tokens]
        self._breaks = sorted(
            {bisect_right(starts, found.start()) - 1 for found in _CLAUSE_END.finditer(text)}
        )
        self._unquoted_breaks = sorted(
            {bisect_right(starts, found.start()) - 1 for found in _UNQUOTED_END.finditer(text)}
        )
        self._break_set = frozenset(self._breaks)

    def __call__(self, match: PhraseMatch, first: int, last: int) -> bool:
        """Whether the act ``match``, words ``first``..``last``, is named but not stated."""
        filters = self._filters
        if self._asked(match.end):
            return True
        if not match.negated and (
            self._nobody(first) or self._carried(last) or self._negated_after(last)
        ):
            return True
        return (
            self._denied(first, last)
            or self._supposed(first, last)
            or self._forbidden(first, last)
            or self._against(first, last)
            or self._body(first, last)
            or self._called(first, last)
            or any(
                self._words[index] in filters.general
                for index in (*self._before(first, _LAW_REACH), *self._after(last, _LAW_REACH))
            )
            or self._lawful(first, last)
            or self._matter(first, last)
            or self._home(match, first, last)
        )

    def told_again(self, first: int, last: int, family: Callable[[str], bool], code: str) -> bool:
        """Whether words ``first``..``last``, an act of ``code``, point back at an act told
        before: a place of custody in a detention (``family`` tells whether ``code`` is one of
        its kinds), or a word pointing back at an act named by a noun ("over the beating",
        "сабоо фактысы боюнча")."""
        filters, words = self._filters, self._words
        if (
            filters.custody
            and family(code)
            and any(word.startswith(filters.custody) for word in words[first : last + 1])
        ):
            return True
        if any(
            _at(words, index, filters.opens) is not None
            for index in self._before(first, _OPENS_REACH)
        ):
            return True
        # A noun pointed back at ("the beating"), not a clause that opens with one ("the cell
        # was so cold").
        return (
            first == last
            and first > 0
            and words[first - 1] in filters.pointing_before
            and not self._parted(first - 1)
        ) or (
            last + 1 < len(words)
            and words[last + 1] in filters.pointing_after
            and not self._parted(last)
        )

    @property
    def family(self) -> str:
        """The code of the family whose acts may be told again by a place of custody."""
        return self._filters.custody_family

    def _parted(self, left: int) -> bool:
        """Whether a clause ends between word ``left`` and the next."""
        return left in self._break_set

    def _before(self, first: int, reach: int, joins: frozenset[str] = frozenset()) -> range:
        """The words up to ``reach`` before word ``first`` in its clause, nearest first; a
        clause end before one of ``joins`` ("отрицают, что") does not end it."""
        return words_before(self._breaks, self._words, first, reach, joins)

    def _after(self, last: int, reach: int, quoted: bool = False) -> range:
        """The words up to ``reach`` after word ``last`` in its clause, nearest first; where
        ``quoted``, quotation marks end no clause."""
        breaks = self._unquoted_breaks if quoted else self._breaks
        return words_after(breaks, len(self._words), last, reach)

    def _asked(self, end: int) -> bool:
        at = bisect_left(self._ends, end)
        return at < len(self._ends) and self._question[at]

    def _denied(self, first: int, last: int) -> bool:
        filters, words = self._filters, self._words
        for index in self._before(first, _REACH, filters.denial_joins):
            if words[index] not in filters.denials or (
                index > 0 and words[index - 1] in filters.passive
            ):
                continue
            # Past "the claims", "информацию" to "that", "о" or the act itself.
            after = index + 1
            while after < first and words[after] in filters.reported:
                after += 1
            if after == first or words[after] in filters.denial_joins:
                return True
        return any(
            words[index] in filters.denials_after for index in self._after(last, _AFTER_REACH)
        )

    def _nobody(self, first: int) -> bool:
        filters = self._filters
        for index in self._before(first, _REACH):
            if self._words[index] in filters.nobody_stops:
                return False
            if _at(self._words, index, filters.nobody):
                return True
        return False

    def _carried(self, last: int) -> bool:
        """Whether, past words of ``facts``, a Kyrgyz participle and a negation follow the act
        ("тинтүү жүргүзүлгөн эмес", "Кыйноо фактылары аныкталган жок")."""
        filters, words = self._filters, self._words
        after = [index for index in self._after(last, 3)]
        while after and words[after[0]] in filters.facts:
            after.pop(0)
        return (
            len(after) >= 2
            and words[after[0]] in filters.carriers
            and words[after[1]] in filters.carried
        )

    def _negated_after(self, last: int) -> bool:
        """Whether a negation follows an act named by a noun ("пыток не было")."""
        return any(
            _at(self._words, index, self._filters.negated_after) is not None
            for index in self._after(last, 2)
        )

    def _supposed(self, first: int, last: int) -> bool:
        filters, words = self._filters, self._words
        for index in self._before(first, _REACH):
            if words[index] in filters.supposed_stops:
                break
            phrase = _at(words, index, filters.supposed_before)
            if phrase is not None and index + len(phrase) <= first:
                return True
        return any(
            _at(words, index, filters.supposed_after)
            for index in self._after(last, _POSSIBLE_REACH, quoted=True)
        )

    def _forbidden(self, first: int, last: int) -> bool:
        filters, words = self._filters, self._words
        return any(
            _at(words, index, filters.law_before) for index in self._before(first, _LAW_REACH)
        ) or any(
            _at(words, index, filters.law_after) for index in self._after(last, _LAW_AFTER_REACH)
        )

    def _against(self, first: int, last: int) -> bool:
        filters, words = self._filters, self._words
        return (
            first > 0 and words[first - 1] in filters.against_before and not self._parted(first - 1)
        ) or (
            last + 1 < len(words)
            and words[last + 1] in filters.against_after
            and not self._parted(last)
        )

    def _called(self, first: int, last: int) -> bool:
        """Whether a call, recommendation or promise opens the act's clause before it, or, in
        Kyrgyz, closes it after it."""
        filters, words = self._filters, self._words
        return any(
            _at(words, index, filters.calls_before) is not None
            for index in self._before(first, _CALL_REACH)
        ) or any(
            _at(words, index, filters.calls_after) is not None
            for index in self._after(last, _CALL_REACH)
        )

    def _body(self, first: int, last: int) -> bool:
        """Whether the act names what a body works on ("Working Group on Arbitrary
        Detention", "кармоо боюнча жумушчу тобу")."""
        filters, words = self._filters, self._words
        if not filters.body_joins:
            return False
        if first > 0 and words[first - 1] in filters.body_joins:
            return any(
                word.startswith(filters.body_heads) for word in words[max(0, first - 4) : first - 1]
            )
        return (
            last + 2 < len(words)
            and words[last + 1] in filters.body_joins
            and words[last + 2].startswith(filters.body_heads)
        )

    def _matter(self, first: int, last: int) -> bool:
        return self.matter_span(first, last) is not None

    def matter_span(self, first: int, last: int) -> tuple[int, int] | None:
        """The words naming the act at ``first``..``last`` as what a complaint or an inquiry
        is about, with the word that joins it to its noun: a word of ``joins`` right before it,
        or up to two words before it in its clause ("complaint of beatings", "complaint about
        the beating", "жалобе сестры на отказ в медицинской помощи"), with a complaint's noun a
        few words before that; or, in Kyrgyz, one of ``after`` right after it and then the noun
        ("кыйноо тууралуу арызы"). None where the act is no such matter."""
        filters, words = self._filters, self._words
        if not filters.matter_heads:
            return None
        for join in range(first - 1, max(-1, first - 1 - _MATTER_JOIN_REACH), -1):
            if self._parted(join):
                break
            if join < first - 1 and len(words[join + 1]) > _MATTER_SMALL_WORD:
                # Only an article or a possessive stands between ("about the beating", "на
                # его избиение"): a longer word may be an act of its own the join belongs to.
                break
            if words[join] in filters.matter_joins:
                if any(
                    words[index].startswith(filters.matter_heads)
                    for index in self._before(join, _MATTER_REACH)
                ):
                    return (join, last)
                break
        if (
            last + 2 < len(words)
            and words[last + 1] in filters.matter_after
            and not self._parted(last)
            and not self._parted(last + 1)
            and words[last + 2].startswith(filters.matter_heads)
        ):
            return (first, last + 1)
        return None

    def _home(self, match: PhraseMatch, first: int, last: int) -> bool:
        """Whether a search (``home_codes``) is of someone's home, not of a newsroom: a word of
        ``homes`` right after it, and no owner who makes it another act (a relative: pressure
        on the family; an outlet's office) a few words either side in its sentence."""
        filters = self._filters
        if match.term.code not in filters.home_codes or not filters.homes:
            return False
        words = self._words
        if not any(
            words[index].startswith(filters.homes) for index in self._after(last, _HOME_REACH)
        ):
            return False
        sentence = self._sentence_of(self._tokens[first].start)
        low = max(0, first - _OWNER_REACH)
        high = min(len(words), last + _OWNER_REACH + 1)
        return not any(
            self._sentence_of(self._tokens[index].start) == sentence
            and words[index].startswith(filters.home_owners)
            for index in range(low, high)
        )

    def _lawful(self, first: int, last: int) -> bool:
        """Whether a word of lawfulness stands a few words either side of the act in its
        sentence, quotation marks and commas aside ("задержана «в соответствии с законом»")."""
        filters = self._filters
        if not filters.lawful:
            return False
        sentence = self._sentence_of(self._tokens[first].start)
        low = max(0, first - _LAWFUL_REACH)
        high = min(len(self._words), last + _LAWFUL_REACH + 1)
        return any(
            self._sentence_of(self._tokens[index].start) == sentence
            and _at(self._words, index, filters.lawful) is not None
            for index in (*range(low, first), *range(last + 1, high))
        )


def words_before(
    breaks: Sequence[int], words: Sequence[str], first: int, reach: int, joins: frozenset[str]
) -> range:
    """The indices of up to ``reach`` words before word ``first``, nearest first, back to the
    nearest clause end; ``breaks`` (sorted) are the words a clause ends after, and one followed
    by a word of ``joins`` ends none."""
    low = max(-1, first - reach - 1)
    at = bisect_left(breaks, first) - 1
    while at >= 0 and breaks[at] > low:
        if words[breaks[at] + 1] not in joins:
            low = breaks[at]
            break
        at -= 1
    return range(first - 1, low, -1)


def words_after(breaks: Sequence[int], count: int, last: int, reach: int) -> range:
    """The indices of up to ``reach`` words after word ``last`` of ``count``, nearest first, up
    to the nearest clause end (``breaks``, sorted: the words a clause ends after)."""
    high = min(count - 1, last + reach)
    at = bisect_left(breaks, last)
    if at < len(breaks):
        high = min(high, breaks[at])
    return range(last + 1, high + 1)
