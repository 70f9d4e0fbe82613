"""Whether the sentence around a date phrase tells of what is to come, or of a term that runs on.

A date without a year is the latest such day before the reference, unless its sentence speaks of
the future ("will rule on 3 May"), sets a day ("set the hearing for 3 May") or tells of a term
("extended his detention until 3 May"): then it may be a day to come. The words are the
``future``, ``future_forms``, ``scheduling`` and ``terms`` of ``lexicon/dates.yaml``. Each question
looks a bounded distance around the phrase, so that finding dates stays linear in a text's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Final

from docket.model._date_grammar import DateGrammar, date_grammar
from docket.model._lexicon import PhraseTable, languages_for
from docket.model._tokens import Token, tokenize
from docket.model._verb_tense import russian_future, russian_lemma, russian_lemmas, russian_past

__all__ = ["FutureSentences", "SentenceTense"]

# How far around a date phrase a word of the future is looked for, in tokens.
_SENTENCE_REACH: Final = 40
_SENTENCE_ENDS: Final = frozenset(".!?")
# A clause ends at these too: "On Monday, the court said it will rule …" tells of Monday past.
_CLAUSE_ENDS: Final = frozenset(".!?,;:")
# A blank line: a paragraph, or a headline, ends there.
_PARAGRAPH: Final = re.compile(r"\n[ \t]*\n")


class SentenceTense:
    """What the sentences of one text, split into ``tokens``, tell of time, asked of the tokens of
    a phrase."""

    def __init__(self, text: str, tokens: Sequence[Token], grammar: DateGrammar) -> None:
        self.tokens = tokens
        self.grammar = grammar
        # The tokens that open a paragraph: a sentence ends before them, also without a full
        # stop (a headline: "Суд назначен на 22 января" tells nothing of the paragraph after it).
        self.paragraphs = _paragraph_starts(text, tokens)

    def speaks_of_future(self, start: int, end: int) -> bool:
        """Whether the sentence around tokens ``start:end`` has a word of the future in it
        (looked for up to a bounded distance, so that finding stays linear)."""
        forms = self.grammar.future_forms
        if self._scheduled(start, end):
            return True
        if self._dates_a_participle(end):
            # "15-сентябрда кармалган Асановдун ишин карайт": the day of the participle's past.
            return False
        if self._past_of_its_own(start, end) and not self._sentence_holds(
            lambda tokens, k: self._future_word(tokens, k) or forms.tells(tokens, k),
            start,
            end,
            ends=_CLAUSE_ENDS,
        ):
            # "will release Asanov, who was detained on 15 September": the future is another
            # clause's.
            return False
        return self._sentence_holds(self._future_word, start, end) or self._sentence_holds(
            forms.tells, start, end
        )

    def _future_word(self, tokens: Sequence[Token], k: int) -> bool:
        return (
            self.grammar.future.match(tokens, k) is not None
            and self.grammar.future_not.match(tokens, k) is None
        ) or self._future_verb(tokens, k)

    def _future_verb(self, tokens: Sequence[Token], k: int) -> bool:
        """A Russian verb in the future by the dictionary ("выйдут", "подаст")."""
        token = tokens[k]
        return (
            self.grammar.past_forms.by_dictionary
            and token.kind == "word"
            and russian_future(token.key)
            and self.grammar.future_not.match(tokens, k) is None
        )

    def _setting_lemmas(self) -> frozenset[str]:
        """The dictionary forms of the words of the future and of setting a day: their
        participles ("назначенное на 25 марта", "перенесённое") tell of a day to come."""
        grammar = self.grammar
        return russian_lemmas(grammar.future.first_words() | grammar.scheduling.first_words())

    def _dates_a_participle(self, end: int) -> bool:
        """Whether the word after a date's tokens (ending at ``end``) is a participle of the
        past it dates (Kyrgyz "15-сентябрда кармалган")."""
        tokens = self.tokens
        return (
            end < len(tokens)
            and tokens[end].kind == "word"
            and self.grammar.past_forms.participle_after(tokens[end].key)
            # "25-мартка белгиленген", "дайындалган": set for a day, a word of the future.
            and self.grammar.future.match(tokens, end) is None
        )

    def _past_of_its_own(self, start: int, end: int) -> bool:
        """Whether the date at tokens ``start:end`` has a verb of the past in its own clause."""
        past = self.grammar.past_forms

        def tells_past(tokens: Sequence[Token], k: int) -> bool:
            token = tokens[k]
            if token.kind != "word":
                return False
            word = token.key
            return (
                word in past.words
                or past.ends_past(word)
                or (
                    past.by_dictionary
                    and russian_past(word)
                    and russian_lemma(word) not in self._setting_lemmas()
                )
            )

        return self._sentence_holds(tells_past, start, end, ends=_CLAUSE_ENDS)

    def _scheduled(self, start: int, end: int) -> bool:
        """Whether the phrase at tokens ``start:end`` follows a preposition of a verb of
        scheduling in its clause ("назначил заседание на 22 января", "set the hearing for 3
        February"): the day set for what is to come. Without the preposition the verb tells of
        the past ("суд назначил штраф 5 марта")."""
        grammar, tokens = self.grammar, self.tokens
        opened = tokens[start].key in grammar.scheduling_prepositions or (
            start > 0 and tokens[start - 1].key in grammar.scheduling_prepositions
        )
        return opened and self._sentence_holds(
            lambda tokens, k: grammar.scheduling.match(tokens, k) is not None,
            start,
            end,
            ends=_CLAUSE_ENDS,
        )

    def speaks_of_term(self, start: int, end: int) -> bool:
        """Whether the sentence around tokens ``start:end`` tells of a term that runs on
        ("extended his detention until", "продлил арест до"), whose end may be to come."""
        return self._sentence_has(self.grammar.terms, start, end)

    def states_future(self, start: int, end: int) -> bool:
        """Whether the clause around tokens ``start:end`` states itself what is to come: a word
        of the future that is no word of order ("next", "следующий", "кийинки" also tell a
        story's next step), or a Kyrgyz intention ("-макчы"), not a participle reported by a
        verb of saying in the past. A weekday there is the coming one ("The hearing will take
        place on Thursday", "Суд рассмотрит жалобу в понедельник")."""
        forms = self.grammar.future_forms
        return self._scheduled(start, end) or self._sentence_holds(
            lambda tokens, k: (
                (
                    self.grammar.future_stated.match(tokens, k) is not None
                    and self.grammar.future_not.match(tokens, k) is None
                )
                or forms.intends(tokens, k)
                or forms.ends_in_future(tokens, k)
                or self._future_verb(tokens, k)
            ),
            start,
            end,
            ends=_CLAUSE_ENDS,
        )

    def _sentence_has(self, words: PhraseTable[object], start: int, end: int) -> bool:
        return self._sentence_holds(
            lambda tokens, k: words.match(tokens, k) is not None, start, end
        )

    def _sentence_holds(
        self,
        test: Callable[[Sequence[Token], int], bool],
        start: int,
        end: int,
        *,
        ends: frozenset[str] = _SENTENCE_ENDS,
    ) -> bool:
        """Whether ``test`` holds at a token of the sentence (or the stretch between ``ends``)
        around tokens ``start:end``."""
        tokens, paragraphs = self.tokens, self.paragraphs
        low = start
        while (
            low > 0
            and start - low < _SENTENCE_REACH
            and tokens[low - 1].text not in ends
            and low not in paragraphs
        ):
            low -= 1
        high = end
        while (
            high < len(tokens)
            and high - end < _SENTENCE_REACH
            and tokens[high].text not in ends
            and high not in paragraphs
        ):
            high += 1
        return any(test(tokens, k) for k in range(low, high))


class FutureSentences:
    """Whether a span of one text stands in a sentence about what is to come, told as the date
    reader tells it for a day without a year (the ``future`` words and ``future_forms`` of
    ``lexicon/dates.yaml``): for words read elsewhere, such as weekdays ("Суд рассмотрит жалобу в
    понедельник"). The text is split once; each question looks a bounded distance around."""

    def __init__(self, text: str, language: str | None) -> None:
        tokens = tokenize(text)
        self._tense = SentenceTense(text, tokens, date_grammar(languages_for(language)))
        self._starts = [token.start for token in tokens]

    def __call__(self, start: int, end: int) -> bool:
        first = bisect_left(self._starts, start)
        if first >= len(self._starts):
            return False
        last = max(first + 1, bisect_left(self._starts, end))
        return self._tense.states_future(first, last)


def _paragraph_starts(text: str, tokens: Sequence[Token]) -> frozenset[int]:
    """The indices of the tokens that open a paragraph (after a blank line)."""
    if "\n" not in text:
        return frozenset()
    starts = [token.start for token in tokens]
    return frozenset(bisect_left(starts, found.end()) for found in _PARAGRAPH.finditer(text))
