"""Kyrgyz Cyrillic names: the Russian model's spans, corrected and completed by rules.

natasha has never seen Kyrgyz, but Kyrgyz news writes names as Russian does (capitals,
Russian-style surnames), so its spans are a good start. What it gets wrong is grammar: Kyrgyz
glues case endings to the name (Атамбаевдин, Бишкекте), it runs a person into the next word
(Бакыт Асан уулу Ошто) and it does not know organisation names built on a head noun
(Социал-демократиялык партиясы). The rules here fix exactly those.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from docket.extract.mentions import Mention, Recogniser, merge_mentions
from docket.extract.russian import NatashaRecogniser

__all__ = [
    "RULES_SOURCE",
    "KyrgyzRecogniser",
    "case_ending_length",
    "organization_mentions",
    "person_mentions",
]

RULES_SOURCE = "kyrgyz-rules"

_VOWELS = frozenset("аеёиоуыэюяөү")
_VOICELESS = frozenset("кпстфхцчшщ")
# Ending → which stem-final sounds it follows: Kyrgyz assimilates the first consonant of an
# ending to the sound before it, so Бишкек+те and Атамбаев+дин are endings while the "та" of
# Кара-Балта (л takes -да) and the "ты" of Алматы (м takes -ды) are part of the name.
_AFTER_VOICED = ("д", "г")
_AFTER_VOICELESS = ("т", "к")
_AFTER_VOWEL = ("н",)
_ENDING_TAILS = (
    "ын", "ин", "ун", "үн",  # genitive
    "ы", "и", "у", "ү",  # accusative
    "а", "е", "о", "ө",  # dative, locative
    "ан", "ен", "он", "өн",  # ablative
)  # fmt: skip
_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        {
            consonant + tail
            for consonant in (*_AFTER_VOICED, *_AFTER_VOICELESS, *_AFTER_VOWEL)
            for tail in _ENDING_TAILS
            # -г/-к only start the dative (-га, -ке...); -н never starts it or the locative,
            # whose -на/-да after a vowel would cut Зарина or Мадина.
            if not (consonant in "гк" and tail not in ("а", "е", "о", "ө"))
            and not (consonant == "н" and tail in ("а", "е", "о", "ө"))
        },
        key=len,
        reverse=True,
    )
)
# Given names that end in what looks like a past-tense verb plus ending (Ырыскелди, Кудайберди).
_NAME_FINALS = ("келди", "берди", "алды", "турду")
_MIN_STEM = 2

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SURNAME_FINALS = ("ов", "ев", "ёв", "ова", "ева", "ёва", "ин", "ина")
_PATRONYMIC_FINALS = ("ович", "евич", "овна", "евна", "ична")
_PATRONYM_WORDS = ("уулу", "кызы")
_ORGANIZATION_HEADS = (
    "партия",
    "комитет",
    "кызмат",
    "борбор",
    "министрлиг",
    "министрлик",
    "кеңеш",
    "бирикме",
    "уюм",
    "фонд",
    "агенттиг",
    "агенттик",
    "прокуратура",
    "башкармалыг",
)
_MAX_NAME_WORDS_BEFORE_HEAD = 5
# Words that open sentences in news prose and so are capitalised without being part of a name.
_SENTENCE_OPENERS = frozenset(
    ("кечээ", "бүгүн", "эртең", "азыр", "учурда", "мурда", "бирок", "ошондой", "ал", "алар", "бул")
)
_SPATIAL_ENDINGS = tuple(
    ending for ending in _ENDINGS if ending[1:] in ("а", "е", "о", "ө", "ан", "ен", "он", "өн")
)


class _Word(NamedTuple):
    text: str
    start: int
    end: int


def case_ending_length(word: str) -> int:
    """How many final letters of ``word`` are a Kyrgyz case ending (0 when none is found).

    An acronym keeps its capitals and loses any lowercase tail (УКМКнын → УКМК).
    """
    if len(word) > 1 and word[0].isupper():
        capitals = len(word) - len(word.lstrip("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯӨҮҢ"))
        if capitals >= 2 and word[capitals:].islower() and word[capitals:].lower() in _ENDINGS:
            return len(word) - capitals
    lowered = word.lower()
    if lowered.endswith(_NAME_FINALS):
        return 0
    for ending in _ENDINGS:
        if not lowered.endswith(ending) or min(len(lowered), len(word)) - len(ending) < _MIN_STEM:
            continue
        before = lowered[-len(ending) - 1]
        if not before.isalpha():
            continue
        first = ending[0]
        if first in _AFTER_VOWEL and before in _VOWELS:
            return len(ending)
        if first in _AFTER_VOICELESS and before in _VOICELESS:
            return len(ending)
        if first in _AFTER_VOICED and before not in _VOICELESS and before not in "ъь":
            return len(ending)
    return 0


def _words(text: str, start: int = 0, end: int | None = None) -> list[_Word]:
    stop = len(text) if end is None else end
    return [_Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, stop)]


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def _adjacent(text: str, left: _Word, right: _Word) -> bool:
    gap = text[left.end : right.start]
    return 0 < len(gap) <= 2 and gap.isspace() and "\n" not in gap


def _stem_end(word: _Word) -> int:
    return word.end - case_ending_length(word.text)


def _mention(kind: str, text: str, start: int, end: int) -> Mention:
    if kind == "person":
        return Mention("person", text[start:end], start, end, RULES_SOURCE)
    if kind == "organization":
        return Mention("organization", text[start:end], start, end, RULES_SOURCE)
    return Mention("place", text[start:end], start, end, RULES_SOURCE)


def person_mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Names written Given [Patronymic] Surname-ов/-ева, or Given Father уулу/кызы."""
    words = _words(text, start, end)
    found: list[Mention] = []
    index = 0
    while index + 1 < len(words):
        first = words[index]
        if not _capitalised(first.text):
            index += 1
            continue
        chain = [first]
        for following in words[index + 1 : index + 4]:
            if not _adjacent(text, chain[-1], following):
                break
            chain.append(following)
        match = _person_in(text, chain)
        if match is None:
            index += 1
            continue
        found.append(match)
        index += 1
        while index < len(words) and words[index].start < match.end:
            index += 1
    return found


def _person_in(text: str, chain: list[_Word]) -> Mention | None:
    if len(chain) < 2 or not _capitalised(chain[1].text):
        return None
    first, second = chain[0], chain[1]
    if len(chain) >= 3 and chain[2].text.lower().startswith(_PATRONYM_WORDS):
        patronym = chain[2]
        return _mention("person", text, first.start, _stem_end(patronym))
    surname = second
    if len(chain) >= 3 and second.text.lower().endswith(_PATRONYMIC_FINALS):
        if not _capitalised(chain[2].text):
            return None
        surname = chain[2]
    stem = text[surname.start : _stem_end(surname)].lower()
    if stem.endswith(_SURNAME_FINALS) and not first.text.lower().endswith(_SURNAME_FINALS):
        return _mention("person", text, first.start, _stem_end(surname))
    return None


def organization_mentions(text: str) -> list[Mention]:
    """Names built on a head noun: Социал-демократиялык партиясы, Улуттук ... комитети."""
    words = _words(text)
    found: list[Mention] = []
    for index, head in enumerate(words):
        if index == 0 or not head.text.lower().startswith(_ORGANIZATION_HEADS):
            continue
        first = None
        position = index - 1
        while position >= max(0, index - _MAX_NAME_WORDS_BEFORE_HEAD):
            if not _adjacent(text, words[position], words[position + 1]):
                break
            if words[position].text.isupper():
                first = position
                break
            if words[position].text.lower() in _SENTENCE_OPENERS:
                break
            if _capitalised(words[position].text):
                first = position
                # A run of capitalised words is one name (Ата Журт); a word with a case ending
                # before it (Бишкекте) is not part of it.
                while (
                    first > 0
                    and first > index - _MAX_NAME_WORDS_BEFORE_HEAD
                    and _adjacent(text, words[first - 1], words[first])
                    and _capitalised(words[first - 1].text)
                    and not case_ending_length(words[first - 1].text)
                    and words[first - 1].text.lower() not in _SENTENCE_OPENERS
                ):
                    first -= 1
                break
            position -= 1
        if first is not None:
            found.append(_mention("organization", text, words[first].start, _stem_end(head)))
    return found


def _corrected(text: str, mention: Mention) -> list[Mention]:
    words = _words(text, mention.start, mention.end)
    if not words:
        return []
    if mention.kind == "person":
        people = person_mentions(text, mention.start, mention.end)
        if people and people[0].start == mention.start and people[0].end < words[-1].end:
            rest = [word for word in words if word.start >= people[0].end]
            corrected = [people[0]]
            if len(rest) == 1 and _capitalised(rest[0].text):
                lowered = rest[0].text.lower()
                ending = case_ending_length(rest[0].text)
                if ending and lowered.endswith(_SPATIAL_ENDINGS):
                    corrected.append(_mention("place", text, rest[0].start, rest[0].end - ending))
            return corrected
    end = _stem_end(words[-1])
    if end <= mention.start:
        return []
    return [Mention(mention.kind, text[mention.start : end], mention.start, end, mention.source)]


class KyrgyzRecogniser:
    """Persons, organisations and places in Kyrgyz Cyrillic text."""

    def __init__(self, base: Recogniser | None = None) -> None:
        self.base: Recogniser = base if base is not None else NatashaRecogniser()

    def mentions(self, text: str) -> list[Mention]:
        if not text.strip():
            return []
        found: list[Mention] = []
        for mention in self.base.mentions(text):
            found.extend(_corrected(text, mention))
        found.extend(person_mentions(text))
        found.extend(organization_mentions(text))
        return merge_mentions(found)
