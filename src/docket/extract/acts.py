"""Violations named in a text: the taxonomy's synonyms, report verbs, and what narrows them.

The taxonomy's synonyms are its formal names ("arbitrary detention", "произвольный арест");
reports mostly write verbs ("were detained", "задержали", "кармалды"). ``vocabulary/acts.yaml``
adds those, the verb-object patterns of ``verb_object`` ("denied him surgery", "журналистов
преследуют"), and narrows a general code by the words of its sentence: a detention in a sentence
about a journalist is the detention of a journalist. Where the sentence names more than one
narrower kind, the word nearest the act decides ("задержаны 31 человек, в том числе двое
журналистов" is a detention of protesters).

A report states each act once, where it tells what happened, and then refers back to it; an act
is proposed where it is stated:

- a phrase of ``not_acts`` holding the words is no act ("those detained", "climate of
  impunity");
- a phrase denied ("were not detained", "никто не преследует журналистов", "кармалган жок") is
  no act (``negation``: ``cancel`` in ``vocabulary/acts.yaml``), nor one only feared ("Я
  боюсь, что меня снова задержат", "кыйнап жатышат деп кооптонот": ``feared``) or threatened
  ("камакка алабыз деп коркутушкан": the threat is the act);
- a description that tells an act only after another ("came out with bruises" after an
  arrest: a pattern's ``after`` codes) is no act where the document told no such act before;
- an act in the clause of a call (``calls``) is what the call asks for ("calls on the
  authorities to lift the travel ban", "куугунтуктоону токтотууга чакырабыз");
- an act denied, supposed, forbidden by a law, named in a body's name, asked for, called lawful
  or asked about is no act, and a custody place, a noun pointing back or a clause of time tells
  again an act told before (``docket.extract.act_filters``);
- a word of ``retold`` ("задержание", "the detention") after an act of the same kind is that act
  referred to again;
- a heading (a short line of its own without closing punctuation) that a later sentence tells
  again of the same kind, or of a narrower or broader one of its family, is the headline of
  that sentence;
- an act of a ``part_of`` kind beside a narrower one of its family in its sentence is part of
  it (scant care beside a refused operation), unless it is stated by what was not done ("he
  has been given no painkillers" beside doctors kept away);
- one sentence states one act of each kind: matches of one code up to ten words apart are one
  act, spanning both when at most three words part them ("дарыгерлер милиция уруксат бербесе ок
  жараатын жазбайбыз"), else standing at the first; an act of a general kind beside one of its
  narrower kinds in the sentence is that act (a charge beside a journalist's prosecution).

A ``refine`` rule's ``counted`` words narrow only where a number stands right before them: "төрт
активистти кармады" is a detention of protesters, "Активист камоого алынды" one activist's
detention. A rule with a ``reach`` narrows only where its word stands at most that many words
from the act: "their mother was summoned" is pressure on the family, not "Мамбетову вызвали в
ГКНБ, а позавчера … приходили к её 70-летней матери".

Where the sentence names no narrower kind, a ``refine`` rule with ``before`` codes narrows by the
act told before it in its paragraph (calls from unknown numbers after officers came to a
mother's home are pressure on the family), and one with ``beside`` codes by the document: a death
in a report of shooting is a killing by excessive force.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from docket.extract.act_filters import NotStated
from docket.extract.act_parties import family_codes, tells_for_another
from docket.extract.act_vocabulary import ActVocabulary, act_vocabulary, is_number
from docket.extract.lexicon import FoldedText, PhraseMatch
from docket.extract.stated_acts import phrases_within, unstated
from docket.model.taxonomy import Taxonomy
from docket.names import Token

__all__ = ["find_acts"]

_HEADING_END: Final = ".!?…:;"
_HEADING_WORDS: Final = 25
_CLOSING_QUOTES: Final = "\"'»”’)"
# A blank line, then more text: a line in a block of lines ("Case: …" over "Court: …") is a
# field, not a heading.
_PARAGRAPH_BREAK: Final = re.compile(r"[ \t]*\n[ \t]*\n\s*\S")
# Two matches of one kind this many words apart or closer in a sentence tell one act; farther
# apart, in a run-on text without punctuation, they may be two.
_MERGE_GAP: Final = 10
_JOIN_GAP: Final = 3
# Words that tell an act happened once more: beside a second match of the same wording they make
# it a second act.
_AGAIN: Final = frozenset({"again", "снова", "опять", "вновь", "кайра", "кайрадан"})
# Two clauses joined by these that each tell an act by the same word tell an act each: "Osmonov
# was detained on 3 May, and Bekov was detained on 5 May", "Осмонова задержали 3 мая, а Бекова
# задержали 5 мая"; one told again in other words ("в камере площадью восемь метров …, а вода
# в камере была только техническая") is still one.
_CLAUSES_APART: Final = re.compile(
    r";|,\s*(?:and|but|while|whereas|а|но|и|ал\s+эми|бирок|жана)\s", re.IGNORECASE
)
_LIST_MARKER: Final = re.compile(r"\s*(?:[-•*–—]|\d+[.)])")
_PARAGRAPH: Final = re.compile(r"\n[ \t]*\n")


@dataclass
class _Found:
    """A match with the code it was found under (before narrowing) and its words."""

    match: PhraseMatch
    base: str
    first: int
    last: int
    sentence: int
    # Told by a description that tells an act only after another ("came home with bruises").
    evidence: bool = False
    # The word of the sentence that narrowed the code ("сестре" in "сестре угрожали"), if one.
    narrowed_by: int | None = None


class _RuleWords:
    """Where the words of each code's ``refine`` rules stand in each sentence, found once per
    sentence and code: an act is narrowed by the nearest, and a long sentence of many acts is
    not read again for each."""

    def __init__(
        self,
        acts: ActVocabulary,
        sentence_words: Mapping[int, Sequence[tuple[int, str]]],
        language: str = "",
        aside: Callable[[int, int], int] | None = None,
    ):
        self._acts = acts
        self._sentence_words = sentence_words
        self._language = language
        self._aside = aside
        self._found: dict[tuple[int, str], tuple[list[int], list[int]]] = {}

    def distance(self, first: int, last: int) -> int:
        """How many words part the words ``first`` and ``last`` (token indices, in either
        order), not counting those of a clause set off by commas between them."""
        low, high = min(first, last), max(first, last)
        aside = 0 if self._aside is None else self._aside(low, high)
        return high - low - aside

    def of(self, sentence: int, base: str) -> tuple[list[int], list[int]]:
        """The word indices of the sentence holding a word of one of ``base``'s rules, in
        order, with the order of the first such rule at each."""
        key = (sentence, base)
        found = self._found.get(key)
        if found is None:
            rules = self._acts.rules.get(base, [])
            words = self._sentence_words.get(sentence, ())
            indices: list[int] = []
            orders: list[int] = []
            plain = [word for _, word in words]
            cancelled = {
                order
                for order, rule in enumerate(rules)
                if rule.unless and any(word.startswith(rule.unless) for word in plain)
            }
            for position, (index, word) in enumerate(words):
                for order, rule in enumerate(rules):
                    if order in cancelled:
                        continue
                    if (
                        rule.starts
                        and word.startswith(rule.starts)
                        and rule.term.code in family_codes()
                        and tells_for_another(plain, position, self._language)
                    ):
                        # "His wife said he was summoned": the wife tells of it.
                        continue
                    after_number = position > 0 and is_number(self._acts, words[position - 1][1])
                    if rule.names(word, after_number):
                        indices.append(index)
                        orders.append(order)
                        break
            found = self._found[key] = (indices, orders)
        return found


def _narrowed(
    acts: ActVocabulary,
    found: _Found,
    rule_words: _RuleWords,
    codes: frozenset[str],
    previous: str | None = None,
    excluded: frozenset[str] = frozenset(),
) -> PhraseMatch:
    """The match narrowed by the rule whose word stands nearest it in its sentence, else by
    the first rule the act before it in its paragraph (``previous``) fits, else by the first
    an act of the document (``codes``) fits; never to one of ``excluded``."""
    rules = acts.rules.get(found.base)
    if not rules or found.match.term.code != found.base:
        return found.match
    indices, orders = rule_words.of(found.sentence, found.base)
    best: tuple[int, int, int] | None = None
    # The nearest words: those inside the act, and the nearest on either side of it.
    low = bisect_left(indices, found.first)
    high = bisect_right(indices, found.last)
    for at in (*range(low, high), low - 1, high):
        if 0 <= at < len(indices) and rules[orders[at]].term.code not in excluded:
            distance = max(found.first - indices[at], indices[at] - found.last, 0)
            reach = rules[orders[at]].reach
            if reach is not None and distance > reach:
                nearest = found.first if indices[at] < found.first else found.last
                if rule_words.distance(indices[at], nearest) > reach:
                    continue
            if best is None or (distance, orders[at]) < best[:2]:
                best = (distance, orders[at], indices[at])
    if best is not None:
        found.narrowed_by = best[2]
        return PhraseMatch(rules[best[1]].term, found.match.start, found.match.end)
    for rule in rules:
        if previous is not None and previous in rule.before:
            return PhraseMatch(rule.term, found.match.start, found.match.end)
    for rule in rules:
        if rule.beside & codes:
            return PhraseMatch(rule.term, found.match.start, found.match.end)
    return found.match


def _aside_words(
    acts: ActVocabulary, text: str, tokens: Sequence[Token], low: int, high: int
) -> int:
    """How many of the words between ``low`` and ``high`` stand in a clause set off by commas
    that one of ``asides`` opens (", who flew in from Moscow,")."""

    def comma_before(index: int) -> bool:
        return "," in text[tokens[index - 1].end : tokens[index].start]

    count = 0
    index = low + 1
    while acts.asides and index < high:
        if comma_before(index) and tokens[index].text.casefold() in acts.asides:
            closing = next((at for at in range(index + 1, high + 1) if comma_before(at)), None)
            if closing is None:
                break
            count += closing - index
            index = closing
        else:
            index += 1
    return count


# Words of one verb or noun share this many first letters ("detained", "detaining";
# "задержали", "задержан").
_STEM: Final = 5


def _same_stem(word: str, other: str) -> bool:
    return len(word) >= _STEM and word[:_STEM] == other[:_STEM]


def _same_wording(words: Sequence[str], others: Sequence[str]) -> bool:
    """Whether two matches tell their acts by the same word: the first words alike, or, where
    a short auxiliary opens them ("was beaten", "was beaten again"), a longer word of each."""
    if words and others and _same_stem(words[0], others[0]):
        return True
    return any(
        _same_stem(word, other)
        for word in words
        if len(word) >= _STEM
        for other in others
        if len(other) >= _STEM
    )


def _told_anew(words: Sequence[str], first: int, last: int, earlier: Sequence[str]) -> bool:
    """Whether the match at words ``first``..``last`` tells its act once more by the same word
    with a word of repetition beside it ("beaten in the van and later beaten again", "бөлүмдө
    кайра сабашты"): another event, not the first told in other words."""
    own = words[first : last + 1]
    # A short verb the same ("beat", "beat him") counts here, where "again" says it is told anew.
    if not (_same_wording(own, earlier) or (bool(own) and bool(earlier) and own[0] == earlier[0])):
        return False
    beside = [*words[max(0, first - 2) : first], *words[last + 1 : last + 3]]
    return any(word in _AGAIN for word in beside)


def _same_family(taxonomy: Taxonomy, code: str, match: PhraseMatch) -> bool:
    """Whether ``match`` tells an act of ``code``, or of a kind narrower or broader than it."""
    other = match.term.code
    return taxonomy.is_a(other, code) or taxonomy.is_a(code, other)


def _heading(text: str, start: int) -> bool:
    """Whether the line holding ``start`` is a heading: a short line standing as a paragraph of
    its own before more text, with no closing punctuation, list marker or table cell."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if line_end < 0:
        return False
    line = text[line_start:line_end].strip()
    closed = line.rstrip(_CLOSING_QUOTES)
    return (
        bool(closed)
        and closed[-1] not in _HEADING_END
        and len(line.split()) <= _HEADING_WORDS
        and not _LIST_MARKER.match(line)
        and "|" not in line
        and bool(_PARAGRAPH_BREAK.match(text, line_end))
    )


def find_acts(
    text: str, folded: FoldedText, language: str, sentence_of: Callable[[int], int]
) -> list[PhraseMatch]:
    """Every violation phrase of ``text`` (folded as ``folded``), then every verb-object pattern
    where no phrase was found, with general codes narrowed by their sentence, each act once
    where it is stated."""
    acts = act_vocabulary(language)
    vocabulary = acts.vocabulary
    tokens, words = folded.tokens, folded.words
    index_at = {token.start: index for index, token in enumerate(tokens)}
    index_to = {token.end: index for index, token in enumerate(tokens)}
    phrases = [
        match
        for match in vocabulary.lexicon.find_folded(folded)
        if not vocabulary.verb_objects.denied(
            text, folded, index_at[match.start], index_to[match.end]
        )
    ]
    patterns = vocabulary.verb_objects.find(text, folded, phrases)
    not_stated = NotStated(text, folded, language, sentence_of)
    # What a complaint or an inquiry is about is part of its wording, no act of its own: the
    # words are set aside and the patterns read again, so "her complaint about the beating
    # was rejected" is the complaint rejected, not lost with the beating.
    aside: set[int] = set()
    for match in (*phrases, *patterns):
        span = not_stated.matter_span(index_at[match.start], index_to[match.end])
        if span is not None:
            aside.update(range(span[0], span[1] + 1))
    if aside:
        phrases = [
            match
            for match in phrases
            if not aside.issuperset(range(index_at[match.start], index_to[match.end] + 1))
        ]
        patterns = vocabulary.verb_objects.find(text, folded, phrases, aside=aside)
    matches = sorted([*phrases, *patterns], key=lambda match: match.start)
    if not matches:
        return []
    # A phrase of ``not_acts`` that is the matter of a complaint set aside excludes no act
    # around it ("complaint about the beating was rejected").
    excluded = [
        (low, high)
        for low, high in phrases_within(words, acts.not_acts)
        if not aside.issuperset(range(low, high + 1))
    ]
    sentence_words: dict[int, list[tuple[int, str]]] = {}
    for index, (token, word) in enumerate(zip(tokens, words, strict=True)):
        sentence_words.setdefault(sentence_of(token.start), []).append((index, word))

    taxonomy = vocabulary.taxonomy
    found: list[_Found] = []
    for match in matches:
        first, last = index_at[match.start], index_to[match.end]
        if unstated(acts, text, folded, sentence_of, excluded, not_stated, match, first, last):
            continue
        # A description that tells an act only after another ("came out with bruises" after an
        # arrest): kept where the document has told such an act before it.
        if match.needs and not any(
            taxonomy.is_a(earlier.match.term.code, need)
            for earlier in found
            for need in match.needs
        ):
            continue
        code = match.term.code
        sentence = sentence_of(match.start)
        # What an act left ("treated for a broken rib") after a sentence before told that act
        # ("the beating of a porter") is the same act told again.
        if match.described and any(
            not earlier.evidence
            and earlier.sentence != sentence
            and _same_family(taxonomy, code, earlier.match)
            for earlier in found
        ):
            continue
        found.append(
            _Found(match, acts.bases.get(code, code), first, last, sentence, match.described)
        )

    kept: list[_Found] = []
    told: set[str] = set()
    family = not_stated.family

    def in_family(code: str) -> bool:
        return bool(family) and taxonomy.is_a(code, family)

    rule_words = _RuleWords(
        acts,
        sentence_words,
        language,
        lambda low, high: _aside_words(acts, text, tokens, low, high),
    )
    for position, one in enumerate(found):
        # An act told again is dropped, unless its sentence narrows it to a kind not told yet:
        # "Корреспондента … продержали в ОВД 3 суток" after the miners' detention is a
        # journalist's.
        own = _narrowed(acts, one, rule_words, frozenset())
        pointing_back = tuple(words[one.first : one.last + 1]) in acts.retold
        if (
            (
                one.match.retold
                or pointing_back
                or not_stated.told_again(one.first, one.last, in_family, one.base)
            )
            and one.base in told
            and (own.term.code == one.base or own.term.code in told)
        ) or (
            # A word alone that points back at a custody ("задержание", "без предъявления
            # обвинения") points at the taking or the holding told before, whichever it was.
            pointing_back and in_family(one.base) and any(in_family(code) for code in told)
        ):
            continue
        if _heading(text, one.match.start) and any(
            later.sentence != one.sentence
            and (
                later.base == one.base
                or _same_family(
                    taxonomy,
                    one.match.term.code,
                    # The later act as its own sentence narrows it ("угрожали его брату").
                    _narrowed(acts, later, rule_words, frozenset()),
                )
            )
            for later in found[position + 1 :]
        ):
            continue
        told.update((one.base, own.term.code))
        kept.append(one)
    # A headline the body tells again is no act of its own but still tells what the document
    # is about.
    codes = frozenset(one.base for one in found)
    paragraphs = [0, *(gap.end() for gap in _PARAGRAPH.finditer(text))]
    previous: tuple[int, str] | None = None
    # The narrower custody kinds told so far, with the general kind each was narrowed from: a
    # journalist's detention is told by its first phrase, and a holding told after the taking
    # is a holding like anyone's ("Журналиста задержали 3 мая. Два дня его держали в ИВС").
    custody_told: dict[str, set[str]] = {}
    for one in kept:
        paragraph = bisect_right(paragraphs, one.match.start)
        told_narrower = frozenset(
            code
            for code, bases in custody_told.items()
            if in_family(one.base) and bases - {one.base}
        )
        one.match = _narrowed(
            acts,
            one,
            rule_words,
            codes,
            previous[1] if previous is not None and previous[0] == paragraph else None,
            told_narrower,
        )
        previous = (paragraph, one.match.term.code)
        if in_family(one.base) and one.match.term.code != one.base:
            custody_told.setdefault(one.match.term.code, set()).add(one.base)

    # "«Жалган маалымат таратуу» беренеси менен айыпталууда": the charge a sentence names as a
    # journalist's prosecution is that prosecution.
    narrow_in: dict[int, set[str]] = {}
    for one in kept:
        narrow_in.setdefault(one.sentence, set()).add(one.match.term.code)
    for one in kept:
        for rule in acts.rules.get(one.match.term.code, []):
            # A rule that narrows only near its words does not narrow by a kind told anywhere
            # in the sentence: a summons beside a visit to a mother is a summons.
            if rule.reach is None and rule.term.code in narrow_in[one.sentence]:
                one.match = PhraseMatch(rule.term, one.match.start, one.match.end)
                break
    # An act of a ``part_of`` kind beside a narrower one of its family in one sentence is part
    # of it: "отказывается отправить его в больницу, а фельдшер лишь выдаёт обезболивающее" is
    # one refusal of care. Not one stated by what was not done, a denial of its own:
    # "Independent doctors were not allowed to see him, and he has been given no painkillers"
    # tells two.
    in_sentence: dict[int, set[str]] = {}
    for one in kept:
        in_sentence.setdefault(one.sentence, set()).add(one.match.term.code)
    kept = [
        one
        for one in kept
        if one.match.term.code not in acts.part_of
        or one.match.negated
        or not any(
            code != one.match.term.code and taxonomy.is_a(code, one.match.term.code)
            for code in in_sentence[one.sentence]
        )
    ]
    merged: list[PhraseMatch] = []
    # Per sentence and code: the index in ``merged``, the last word, whether only a description
    # stands for the act.
    last_of: dict[tuple[int, str], tuple[int, int, bool]] = {}
    # The words of the act each of those stands for, and the word that narrowed its code.
    first_words: dict[tuple[int, str], tuple[str, ...]] = {}
    narrowers: dict[tuple[int, str], int | None] = {}
    for one in kept:
        key = (one.sentence, one.match.term.code)
        before = last_of.get(key)
        earlier_narrower = narrowers.get(key)
        if (
            before is not None
            and one.first - before[1] <= _MERGE_GAP
            and not (
                one.first - before[1] > _JOIN_GAP
                and _CLAUSES_APART.search(text, tokens[before[1]].end, tokens[one.first].start)
                and (
                    _same_wording(words[one.first : one.last + 1], first_words.get(key, ()))
                    # Narrowed by a word of its own clause, not the one that narrowed the act
                    # before, it befell another: "её отца вызвали на допрос, а младшей сестре
                    # угрожали по телефону".
                    or (
                        one.narrowed_by is not None
                        and one.narrowed_by > before[1]
                        and one.narrowed_by != earlier_narrower
                    )
                )
            )
            and not _told_anew(words, one.first, one.last, first_words.get(key, ()))
        ):
            # Words told in one run ("уруксат бербесе ок жараатын жазбайбыз") are one span;
            # further apart, the first words stand for the act, unless they only describe it
            # and the later ones tell it ("came home with bruises and said officers had beaten
            # him").
            evidence = before[2] and one.evidence
            if one.first - before[1] <= _JOIN_GAP:
                into = merged[before[0]]
                merged[before[0]] = PhraseMatch(into.term, into.start, max(into.end, one.match.end))
            elif before[2] and not one.evidence:
                merged[before[0]] = one.match
            last_of[key] = (before[0], max(before[1], one.last), evidence)
            continue
        last_of[key] = (len(merged), one.last, one.evidence)
        first_words[key] = tuple(words[one.first : one.last + 1])
        narrowers[key] = one.narrowed_by
        merged.append(one.match)
    return sorted(merged, key=lambda match: match.start)
