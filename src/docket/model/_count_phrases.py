"""One count phrase read from a text's tokens: qualifier, number, the endings written on it,
noun and postpositions, with the rules that tell a number is no count (a label, a plate, a day
of a month, a year) and the Kyrgyz counts of part of a group ("Кармалгандардын 18ине").
"""

from __future__ import annotations

import re
from typing import Final

from docket.model._count_grammar import Qualifier
from docket.model._count_nouns import NounReader
from docket.model._count_numbers import CountPhrase
from docket.model._tokens import adjacent

__all__ = ["CountReader", "kyrgyz_plural_genitive"]

# A Kyrgyz plural in the genitive ("кармалгандардын", "алардын") before a number with a
# possessive ending ("18ине", "3ү") takes a part of it: eighteen of the detained.
_KYRGYZ_PLURAL_GENITIVE: Final = re.compile(
    r"(?:лар|лер|лор|лөр|дар|дер|дор|дөр|тар|тер|тор|төр)(?:дын|дин|дун|дүн)$"
)
_GENITIVES: Final = ("дын", "дин", "дун", "дүн")
_KYRGYZ_POSSESSIVE: Final = re.compile(
    r"(?:сы|си|су|сү|ы|и|у|ү)(?:н(?:а|е|о|ө|да|де|до|дө|дан|ден|дон|дөн|ын|ин|ун|үн)?)?"
)
# Latin capitals beside a number make it part of a vehicle's plate ("01 KG 777 ABC").
_PLATE_LETTERS: Final = re.compile(r"[A-Z]{1,3}")


def kyrgyz_plural_genitive(word: str) -> bool:
    """Whether a word is a Kyrgyz plural in the genitive ("кармалгандардын", "алардын")."""
    return word.endswith(_GENITIVES) and _KYRGYZ_PLURAL_GENITIVE.search(word) is not None


class CountReader(NounReader):
    """Reads one count starting at a token: qualifier, number, endings, noun, postpositions."""

    def count(self, i: int) -> CountPhrase | None:
        grammar, tokens = self.grammar, self.tokens
        qualifier: Qualifier | None = None
        if grammar.not_counts.match(tokens, i) is not None:
            return None
        part = self._kyrgyz_part(i) or self._kyrgyz_possessed(i)
        if part is not None:
            return part
        if i < len(tokens) and tokens[i].key in grammar.range_openers:
            between = self.between(i)
            if between is None:
                return None
            phrase = between
        else:
            hit = grammar.qualifiers_before.match(tokens, i)
            if hit is not None:
                qualifier, i = hit
            elif self._labelled(i):
                return None
            round_ = None if qualifier is None else grammar.rounds.match(tokens, i)
            number = (
                self.number(i)
                if round_ is None
                else CountPhrase(round_[0], None, None, None, "words", round_[1], i)
            )
            if number is None or self.range_end(number) or self._day_of_month(number):
                return None
            phrase = number
            if phrase.ending == "about" and qualifier is None:
                qualifier = Qualifier.ABOUT
            phrase.qualifier = qualifier
            if (
                phrase.ending == "case"
                and grammar.qualifiers_after.match(tokens, phrase.end) is None
            ):
                return None
            self.extend_to_range(phrase)
            if phrase.high is not None and qualifier not in (None, Qualifier.ABOUT):
                return None
        if self._plate(phrase) or self.mark(phrase.end, "%"):
            return None
        j = self._number_ending(phrase)
        j = self._after(phrase, j)
        j = self.noun(phrase, j)
        phrase.end = self._after(phrase, j)
        if phrase.unit is None and phrase.kind == "collective":
            # "трое суток" is three days: a collective numeral before a measure is not a count
            # of people, and is not reported as any count.
            if phrase.measure:
                return None
            phrase.unit = "persons"
        return phrase

    def _day_of_month(self, phrase: CountPhrase) -> bool:
        """Whether a month's name follows the number: a day ("до 2 марта"), never a count."""
        return (
            phrase.kind == "digits"
            and phrase.end < len(self.tokens)
            and self.grammar.months.match(self.tokens, phrase.end) is not None
        )

    def _kyrgyz_part(self, i: int) -> CountPhrase | None:
        """A Kyrgyz plural in the genitive and a number with a possessive ending: the number is
        a part of what the plural names ("Кармалгандардын 18ине", eighteen of the detained)."""
        tokens = self.tokens
        if (
            "ky" not in self.grammar.languages
            or i + 2 >= len(tokens)
            or tokens[i].kind != "word"
            or tokens[i + 1].kind != "num"
            or adjacent(tokens[i], tokens[i + 1])
            or not _KYRGYZ_PLURAL_GENITIVE.search(tokens[i].key)
        ):
            return None
        phrase = self.number(i + 1)
        if phrase is None or phrase.kind != "digits" or phrase.end != i + 2:
            return None
        hyphen = self.mark(i + 2, "-") and adjacent(tokens[i + 1], tokens[i + 2])
        ending = i + 3 if hyphen else i + 2
        if (
            ending >= len(tokens)
            or not adjacent(tokens[ending - 1], tokens[ending])
            or not _KYRGYZ_POSSESSIVE.fullmatch(tokens[ending].key)
        ):
            return None
        whole = tokens[i].key[:-3]
        phrase.unit = self.grammar.unit_words.get(whole)
        phrase.thing = phrase.unit is None
        phrase.noun = tokens[i].text
        phrase.end = self._after(phrase, ending + 1)
        return phrase

    def _kyrgyz_possessed(self, i: int) -> CountPhrase | None:
        """A Kyrgyz number word with a possessive ending after a plural in the genitive or a
        word for the rest of a group ("алардын алтысы", "калган сегизине"): a part of a group
        told before. Numbers of a hundred and more are left alone ("алардын жүзү", their
        faces), and so is one ("алардын бири")."""
        tokens, grammar = self.tokens, self.grammar
        if (
            i + 1 >= len(tokens)
            or tokens[i].kind != "word"
            or tokens[i + 1].kind != "word"
            or self.apart(i + 1)
            or tokens[i + 1].key in grammar.stop_words
        ):
            return None
        before, word = tokens[i].key, tokens[i + 1].key
        remainder = before in grammar.remainders
        if not remainder and not _KYRGYZ_PLURAL_GENITIVE.search(before):
            return None
        for size in range(len(word) - 1, 1, -1):
            value = grammar.kyrgyz_numbers.get(word[:size])
            if value is not None and value >= 2 and _KYRGYZ_POSSESSIVE.fullmatch(word[size:]):
                phrase = CountPhrase(value, None, None, None, "words", i + 2, i + 1)
                phrase.unit = None if remainder else grammar.unit_words.get(before[:-3])
                phrase.thing = phrase.unit is None
                phrase.noun = tokens[i].text
                phrase.end = self._after(phrase, i + 2)
                return phrase
        return None

    def _plate(self, phrase: CountPhrase) -> bool:
        """Whether the number is part of a vehicle's plate: Latin capitals follow it, and a
        number or a country's two letters stand before it ("01 KG 777 ABC")."""
        tokens, at = self.tokens, phrase.at
        if phrase.kind != "digits" or phrase.end >= len(tokens):
            return False
        before = tokens[at - 1] if at > 0 else None
        return bool(
            _PLATE_LETTERS.fullmatch(tokens[phrase.end].text)
            and (
                # "01 345 ABC" is read as one grouped number
                re.search(r"[0-9]\s[0-9]", phrase.digits)
                or (
                    before is not None
                    and (before.kind == "num" or re.fullmatch(r"[A-Z]{2}", before.text))
                )
            )
        )

    def _labelled(self, i: int) -> bool:
        """Whether the number at ``i`` follows a word that makes it a label ("Article 212",
        "ч. 2 ст. 281", "№ 47")."""
        tokens = self.tokens
        before = i - 1
        if before >= 0 and tokens[before].text == "№":
            return True
        if before >= 1 and tokens[before].text == "." and tokens[before - 1].kind == "word":
            before -= 1
        return before >= 0 and tokens[before].key in self.grammar.labels_before

    def _number_ending(self, phrase: CountPhrase) -> int:
        """A Kyrgyz case ending written on the number: "1700дөй", "170-тен"."""
        j = phrase.end
        tokens = self.tokens
        if j >= len(tokens) or phrase.kind == "vague":
            return j
        start = j + 1 if self.mark(j, "-") and adjacent(tokens[j - 1], tokens[j]) else j
        if start >= len(tokens) or not adjacent(tokens[start - 1], tokens[start]):
            return j
        hit = self.grammar.number_endings.match(tokens, start)
        if hit is None or hit[1] != start + 1:
            return j
        if hit[0] == "about" and phrase.qualifier is None:
            phrase.qualifier = Qualifier.ABOUT
        return hit[1]

    def _after(self, phrase: CountPhrase, j: int) -> int:
        hit = self.grammar.qualifiers_after.match(self.tokens, j)
        if hit is None:
            return j
        if phrase.qualifier is None:
            phrase.qualifier = hit[0]
        return hit[1]

    def looks_like_year(self, phrase: CountPhrase) -> bool:
        """A four-digit number that running text uses as a year ("в 2019 году", "in 2019")."""
        if phrase.kind != "digits" or not re.fullmatch(r"[12][0-9]{3}", phrase.digits):
            return False
        tokens, at = self.tokens, phrase.at
        after = at + 2 if self.mark(at + 1, "-") else at + 1
        if self.grammar.year_words.match(tokens, after):
            return True
        # "in 2019 protesters gathered": a preposition of time before a bare four-digit number
        return (
            phrase.qualifier is None
            and at > 0
            and tokens[at - 1].key in self.grammar.year_prepositions
        )
