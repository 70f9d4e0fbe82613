"""The number of a count phrase: figures ("1,700", "1.5 million"), words ("two hundred",
"эки жүздөй") and the ranges they make ("20–30", "between 15 and 20", "20дан 30га чейин").

``NumberReader`` holds a text's tokens and reads numbers from them; the noun reader
(``_count_nouns``) and the count reader (``_count_phrases``) build on it to read what stands
around a number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

from docket.model._count_grammar import CountGrammar, Qualifier
from docket.model._tokens import Token, adjacent

__all__ = ["MAX_VALUE", "CountPhrase", "NumberReader"]

# The largest count a number may give, here and in ``Count``.
MAX_VALUE: Final = 10**12
_DASHES: Final = frozenset("-–—‒−")
_GROUPED: Final = re.compile(r"[0-9]{1,3}(?:[, \u00a0\u202f\u2009][0-9]{3})+")
_ROUND_POWERS: Final = frozenset({100, 1000, 10**6})


@dataclass
class CountPhrase:
    """A count phrase as far as it has been read; the count reader fills it in."""

    number: int
    qualifier: Qualifier | None
    unit: str | None
    noun: str | None
    kind: str  # "digits", "words", "collective" or "vague"
    end: int
    at: int = 0  # index of the number's first token
    digits: str = ""
    high: int | None = None
    thing: bool = False  # the noun is not a counting unit ("three articles")
    # a Kyrgyz number word's own ending: "about" ("жүздөй") or "case" ("кырктан ашык")
    ending: str | None = None
    measure: bool = False  # the number measures time, money or distance ("15 days")

    @property
    def evident(self) -> bool:
        """Whether running text clearly means this as a count, not a stray number.

        A figure needs a qualifier or a counted noun ("at least 22"); a number word needs the
        noun, since "about one country" is a topic, not a count.
        """
        if self.measure:
            return False
        if self.unit is not None or self.kind in ("collective", "vague"):
            return True
        if self.thing:
            # "one" is mostly an article ("one country"), and a bare year before a noun is a
            # year ("2024 elections").
            year = self.kind == "digits" and re.fullmatch(r"(19|20)[0-9]{2}", self.digits)
            return self.number >= 2 and not (year and self.qualifier is None)
        return self.qualifier is not None and self.kind == "digits"


def _number_value(text: str) -> Decimal | None:
    if len(text) > 20:
        return None
    if _GROUPED.fullmatch(text):
        return Decimal(re.sub(r"[^0-9]", "", text))
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


class NumberReader:
    """Reads the number of a count at a token, in figures or words, and the range it opens."""

    def __init__(self, text: str, tokens: Sequence[Token], grammar: CountGrammar) -> None:
        self.text = text
        self.tokens = tokens
        self.grammar = grammar

    def between(self, i: int) -> CountPhrase | None:
        """A range opened by a word, "between 15 and 20"; None if no such range is at ``i``."""
        tokens = self.tokens
        low = self.number(i + 1)
        if (
            low is None
            or low.kind not in ("digits", "words")
            or low.end >= len(tokens)
            or tokens[low.end].key not in self.grammar.range_openers[tokens[i].key]
        ):
            return None
        top = self.number(low.end + 1)
        if top is None or top.kind != low.kind or top.number <= low.number:
            return None
        low.high, low.end = top.number, top.end
        return low

    def number(self, i: int) -> CountPhrase | None:
        grammar, tokens = self.grammar, self.tokens
        if i >= len(tokens):
            return None
        for kind, table in (("vague", grammar.vague), ("collective", grammar.collectives)):
            hit = table.match(tokens, i)
            if hit is not None:
                return CountPhrase(hit[0], None, None, None, kind, hit[1], i)
        token = tokens[i]
        if token.kind == "num":
            if self._clock(i):
                return None
            amount = _number_value(token.text)
            if amount is None:
                return None
            j = i + 1
            multiplier = grammar.numbers.match(tokens, j)
            if multiplier is not None and multiplier[0] >= 100:
                amount *= multiplier[0]
                j = multiplier[1]
            if amount != amount.to_integral_value() or not 0 <= amount <= MAX_VALUE:
                return None
            return CountPhrase(int(amount), None, None, None, "digits", j, i, token.text)
        return self._words(i)

    def _clock(self, i: int) -> bool:
        """Whether the number at ``i`` is joined by a colon to another ("10:30", "23:40", a
        score "2:1"): a time of day or a ratio, never a count."""
        tokens = self.tokens

        def joined(mark: int, number: int) -> bool:
            return (
                min(mark, number) >= 0
                and max(mark, number) < len(tokens)
                and self.mark(mark, ":")
                and tokens[number].kind == "num"
                and adjacent(tokens[min(mark, number)], tokens[max(mark, number)])
                and adjacent(tokens[min(i, mark)], tokens[max(i, mark)])
            )

        return joined(i + 1, i + 2) or joined(i - 1, i - 2)

    def _words(self, i: int) -> CountPhrase | None:
        """A number in words: parts add up and hundreds/thousands multiply."""
        total = current = 0
        j = i
        found = False
        while True:
            hit = self.grammar.numbers.match(self.tokens, j)
            if hit is None and found and self.mark(j, "-"):
                hit = self.grammar.numbers.match(self.tokens, j + 1)
            times = None if not found else self.grammar.multipliers.match(self.tokens, j)
            if times is not None:
                # "two dozen", "два десятка": the round noun multiplies and ends the number
                current *= times[0]
                j = times[1]
                break
            if hit is None:
                ending = self.kyrgyz_word(j)
                if ending is not None:
                    value, kind = ending
                    if value in _ROUND_POWERS:
                        # "эки жүзгө жакын", "беш жүздөй": the round word multiplies the words
                        # before it and carries the ending of the whole number.
                        whole = total + max(current, 1) * value
                        return CountPhrase(whole, None, None, None, "words", j + 1, i, ending=kind)
                    if current % (10 ** len(str(value))) == 0:
                        current += value
                        found, j = True, j + 1
                        return CountPhrase(
                            total + current, None, None, None, "words", j, i, ending=kind
                        )
                break
            value, after = hit
            if value == 100 or (value > 100 and value % 1000 != 0 and value < 1000):
                if value == 100:
                    current = max(current, 1) * 100
                elif current % 1000 == 0:
                    current += value
                else:
                    break
            elif value >= 1000:
                if total % (value * 1000) != 0 and total:
                    break
                total += max(current, 1) * value
                current = 0
            else:
                if current % (10 ** len(str(value))) != 0:
                    break
                current += value
            found = True
            j = after
        if not found:
            return None
        return CountPhrase(total + current, None, None, None, "words", j, i)

    def kyrgyz_word(self, j: int) -> tuple[int, str] | None:
        """A Kyrgyz number word with its ending written on it: "жүздөй" (about a hundred),
        "кырктан" (from forty); (value, "about" or "case"), or None."""
        if j >= len(self.tokens) or self.tokens[j].kind != "word":
            return None
        return self.grammar.kyrgyz_words.get(self.tokens[j].key)

    def _joiner(self, i: int) -> int | None:
        """The index after a dash or word joining two numbers of a range, None if none is at i."""
        if i >= len(self.tokens):
            return None
        if self.tokens[i].text in _DASHES:
            return i + 1
        hit = self.grammar.range_joiners.match(self.tokens, i)
        return None if hit is None else hit[1]

    def range_end(self, phrase: CountPhrase) -> bool:
        """Whether the number is the top of a range whose bottom was not a count ("7–8 August")."""
        tokens = self.tokens
        before = phrase.at - 1
        if before <= 0 or tokens[before - 1].kind != "num":
            return False
        return tokens[before].text in _DASHES or (
            self.grammar.range_joiners.match(tokens, before) is not None
        )

    def extend_to_range(self, phrase: CountPhrase) -> None:
        """Extends a number to a range ("3–30", "20 to 30", "от 20 до 30") when one follows."""
        if phrase.kind not in ("digits", "words"):
            return
        if self._kyrgyz_range(phrase):
            return
        start = self._joiner(phrase.end)
        if start is None:
            return
        top = self.number(start)
        if top is None or top.kind != phrase.kind or top.number <= phrase.number:
            return
        phrase.high = top.number
        phrase.end = top.end

    def _kyrgyz_range(self, phrase: CountPhrase) -> bool:
        """Extends a number to a Kyrgyz range marked by its endings ("20дан 30га чейин")."""
        grammar = self.grammar
        after_from = self._ending(phrase.end, grammar.range_from)
        if phrase.kind != "digits" or after_from is None:
            return False
        top = self.number(after_from)
        if top is None or top.kind != "digits" or top.number <= phrase.number:
            return False
        after_to = self._ending(top.end, grammar.range_to)
        closed = None if after_to is None else grammar.range_closers.match(self.tokens, after_to)
        if closed is None:
            return False
        phrase.high, phrase.end = top.number, closed[1]
        return True

    def _ending(self, j: int, endings: frozenset[str]) -> int | None:
        """The index after one of ``endings`` written on the number that ends before ``j``
        ("20дан", "20-дан"), None if there is none."""
        tokens = self.tokens
        if not endings or j == 0 or j >= len(tokens):
            return None
        start = j + 1 if self.mark(j, "-") and adjacent(tokens[j - 1], tokens[j]) else j
        if (
            start >= len(tokens)
            or not adjacent(tokens[start - 1], tokens[start])
            or tokens[start].key not in endings
        ):
            return None
        return start + 1

    def mark(self, i: int, text: str) -> bool:
        """Whether token ``i`` is the mark ``text``."""
        return (
            i < len(self.tokens) and self.tokens[i].kind == "mark" and self.tokens[i].text == text
        )

    def apart(self, k: int) -> bool:
        """Whether a line break parts token ``k`` from the one before it."""
        if k <= 0 or k >= len(self.tokens):
            return False
        return "\n" in self.text[self.tokens[k - 1].end : self.tokens[k].start]
