"""What a count's number counts: a noun of the counting units ("1,700 villagers"), any other
noun ("three articles", "пять из них"), or a measure that makes the number no count ("15 days",
"10 тысяч сомов").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from docket.model._count_numbers import CountPhrase, NumberReader
from docket.model._noun_forms import noun_lemma
from docket.model._tokens import adjacent

__all__ = ["NounReader"]

# Words allowed between a number and its noun ("three independent media outlets").
_MAX_SKIPPED_WORDS: Final = 2
_LATIN: Final = re.compile(r"[a-z'-]+")
_ENGLISH_SINGULAR_S: Final = ("ss", "us", "is")
_ENGLISH_PLURALS: Final = frozenset({"people", "men", "women", "children", "policemen", "staff"})
# Russian adjective endings: an adjective before a noun is skipped to reach the noun ("три
# независимые редакции"), while one that ends the phrase is the noun ("22 осуждённых").
_ADJECTIVE_ENDINGS: Final = (
    "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ого", "его", "ому",
    "ему", "ым", "им", "ыми", "ими", "ую", "юю",
)  # fmt: skip
_VERB_ENDINGS: Final = ("ли", "лись", "лось", "ся", "ть")
# A collective numeral governs a genitive plural ("четверо полицейских"); another word after it
# is not what it counts ("экөө көрсөтмөлөрүн": two of them, testimonies).
_GENITIVE_PLURAL: Final = ("ов", "ев", "ей", "ых", "их")
# A Kyrgyz compound noun marks its head with a possessive ending ("милиция бөлүмүндө", police
# station + locative): the head is the word that carries it.
_KYRGYZ_COMPOUND_HEAD: Final = re.compile(
    r"(?:сы|си|су|сү|ы|и|у|ү)(?:н(?:да|де|до|дө|дан|ден|дон|дөн|а|е|о|ө|ын|ин|ун|үн))?$"
)


class NounReader(NumberReader):
    """Reads the noun after a count's number, skipping the words that may stand between."""

    def _is_measure(self, k: int) -> int | None:
        """The index after a measure noun at ``k`` ("days", "сомов", "жылга"), None if none."""
        grammar, tokens = self.grammar, self.tokens
        hit = grammar.measures.match(tokens, k)
        if hit is not None:
            return hit[1]
        if (
            k < len(tokens)
            and tokens[k].kind == "word"
            and "ky" in grammar.languages
            and (
                noun_lemma(tokens[k].key, "ky") in grammar.measure_words
                # a word the lemmatiser cuts short ("суткага": сут), without its case ending
                or any(
                    tokens[k].key.endswith(ending)
                    and tokens[k].key[: -len(ending)] in grammar.measure_words
                    for ending in (*grammar.noun_endings, *grammar.measure_suffixes)
                )
            )
        ):
            return k + 1
        return None

    def noun(self, phrase: CountPhrase, j: int) -> int:
        part = self.grammar.partitives.match(self.tokens, j)
        if part is not None and phrase.kind != "vague" and not self.apart(j):
            # "two of them", "пять из них": a count of what the pronoun stands for.
            phrase.noun = self.tokens[part[1] - 1].text
            phrase.thing = phrase.kind != "collective"
            return part[1]
        found = self._unit(phrase, j)
        return self._thing(phrase, j) if found is None else found

    def _thing(self, phrase: CountPhrase, j: int) -> int:
        """Any noun the number counts ("three articles"), or the end of a measure ("15 days")."""
        grammar, tokens = self.grammar, self.tokens
        k = j
        link = grammar.links.match(tokens, k)
        if link is not None:
            k = link[1]
        window: list[int] = []
        while k < len(tokens) and len(window) <= _MAX_SKIPPED_WORDS:
            token = tokens[k]
            measured = self._is_measure(k)
            if measured is not None and not self.apart(k):
                phrase.measure = True
                return measured
            if (
                token.kind != "word"
                or self.apart(k)
                or adjacent(tokens[k - 1], token)
                or token.key in grammar.stop_words
                or token.key in grammar.starters
                or grammar.months.match(tokens, k) is not None
                or grammar.qualifiers_after.match(tokens, k) is not None
                or (token.text[:1].isupper() and not token.text.isupper())
            ):
                break
            window.append(k)
            k += 1
        head = self._head(window, collective=phrase.kind == "collective")
        if head is None:
            return j
        phrase.thing = True
        phrase.noun = tokens[head].text
        return head + 1

    def _head(self, window: Sequence[int], *, collective: bool) -> int | None:
        """The counted noun among the words after a number: English takes the first plural,
        Russian and Kyrgyz the first word that is not an adjective before another word."""
        # A Kyrgyz collective numeral stands alone ("бешөөн коё беришти"): no compound follows.
        if self.grammar.languages == ("ky",) and len(window) >= 2 and not collective:
            first, second = (self.tokens[k].key for k in window[:2])
            if noun_lemma(first, "ky") == first and _KYRGYZ_COMPOUND_HEAD.search(second):
                return window[1]
        for place, k in enumerate(window):
            word = self.tokens[k].key
            if _LATIN.fullmatch(word):
                plural = word in _ENGLISH_PLURALS or (
                    word.endswith("s") and not word.endswith(_ENGLISH_SINGULAR_S) and len(word) > 2
                )
                if plural:
                    return k
                continue
            if place + 1 < len(window) and word.endswith(_ADJECTIVE_ENDINGS):
                continue
            if word.endswith(_VERB_ENDINGS):
                return None
            if collective and not word.endswith(_GENITIVE_PLURAL):
                return None
            return k
        return None

    def _unit(self, phrase: CountPhrase, j: int) -> int | None:
        """A noun of the counting units ("1,700 villagers"); None if there is none."""
        grammar, tokens = self.grammar, self.tokens
        k = j
        for _ in range(_MAX_SKIPPED_WORDS + 1):
            link = grammar.links.match(tokens, k)
            if link is not None:
                k = link[1]
            if self.apart(k):
                return None
            hit = grammar.units.match(tokens, k)
            if hit is not None:
                phrase.unit = hit[0]
                phrase.noun = self.text[tokens[k].start : tokens[hit[1] - 1].end]
                return hit[1]
            if k >= len(tokens) or tokens[k].kind != "word":
                return None
            stem = self._strip_ending(tokens[k].key)
            if stem is not None:
                phrase.unit = grammar.unit_words[stem]
                phrase.noun = tokens[k].text
                return k + 1
            if (
                tokens[k].key in grammar.starters
                or grammar.qualifiers_after.match(tokens, k)
                or self._is_measure(k) is not None
                # "22 марта возле дома": a number before a month is a day
                or grammar.months.match(tokens, k) is not None
            ):
                return None
            k += 1
        return None

    def _strip_ending(self, word: str) -> str | None:
        for ending in self.grammar.noun_endings:
            if word.endswith(ending) and word[: -len(ending)] in self.grammar.unit_words:
                return word[: -len(ending)]
        return None
