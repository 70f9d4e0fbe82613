"""Capitalised words the models take for names that are no names.

A statistical model reads capitals as a sign of a name, so it takes common words that are
capitalised for another reason: the first word of a sentence or a headline ("Prisoner denied
medical care", "Журналистов задержали"), a heading in capitals ("ЖУРНАЛИСТОВ"), the cells of a
table ("| Gunshot wounds | Deaths |") and the items of a site's menu ("Contact | Privacy").
Nationalities and languages ("Kyrgyz", "Tajik"), months and days of the week are capitalised in
English everywhere and name no person, organisation or place either.

A one-word mention is dropped when its word is a common word of the language (English: in the
word lists of the shipped spaCy model's lemmatizer; Russian: in pymorphy3's dictionary with no
reading as a first name, surname, place or organisation) and the document gives no sign that it
is a name here: it writes the same word in lower case elsewhere, or writes it only where any word
is capitalised. Names of several words, hyphenated compounds, acronyms and quoted names are never
dropped.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from docket.extract.mentions import Mention

__all__ = ["is_common_word", "is_group_or_time", "russian_analyser", "without_common_words"]

_LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Nationalities, peoples and languages, and the faiths the region's reports name people by.
_ENGLISH_GROUPS = frozenset(
    (
        "kyrgyz", "kirghiz", "kyrgyzstani", "russian", "uzbek", "tajik", "kazakh", "uyghur",
        "uighur", "dungan", "turkmen", "tatar", "turkish", "turk", "chinese", "korean",
        "ukrainian", "belarusian", "afghan", "kyrgyzstani", "american", "european", "british",
        "german", "french", "muslim", "christian", "orthodox", "protestant", "baptist",
        "catholic", "islamist", "salafi", "sunni", "shia", "jewish", "english", "islam",
        "christianity", "quran", "koran", "bible", "allah", "ramadan",
    )
)  # fmt: skip
_ENGLISH_TIMES = frozenset(
    (
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday",
    )
)  # fmt: skip
# Case and number endings of Russian and Kyrgyz (a closed list: a name may begin like a month,
# Мартин, Майрамбек).
_CYRILLIC_ENDINGS = (
    r"(?:[ьяеюаоуыиүө]|ем|ём|ом|ой|ий|ая|ое|ие|их|им|ими|ого|ому|ую|ов|ам|ами|ах|ка|ки|ку|кой"
    r"|ча|че|да|де|дө|до|та|те|тө|то|га|ге|ка|ке|дын|дин|дүн|дун|тын|тин|нын|нин|дагы|деги"
    r"|дөгү|догу|тагы|теги|дан|ден|дөн|тан|тен|дар|дер|тар|тер|лар|лер|дардын|лардын|тардын)?"
)
_CYRILLIC_GROUPS = re.compile(
    r"(?:кыргыз|киргиз|узбек|өзбек|таджик|тажик|казах|казак|уйгур|дунган|туркмен|түркмөн|татар"
    r"|орус|русск|мусульман|христиан)" + _CYRILLIC_ENDINGS
)
_CYRILLIC_TIMES = re.compile(
    r"(?:январ|феврал|март|апрел|ма[йяею]|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|понедельник|вторник|сред|четверг|пятниц|суббот|воскресень"
    r"|дүйшөмбү|шейшемби|шаршемби|бейшемби|ишемби|жекшемби)" + _CYRILLIC_ENDINGS
)
# Readings of a Russian word that make it a name (pymorphy3's grammemes).
_PROPER = frozenset(("Name", "Surn", "Patr", "Geox", "Orgn", "Trad"))
# What stands before a word that any word would be capitalised after: a sentence's or a line's
# end, a table's or a menu's separator, a heading's mark.
_OPENERS = ".!?:;|·•\n"
_MARKS = " \t#*>_-–—\"'«“(["
_CELL_ENDS = "|·•,\n"
_ACRONYM_LENGTH = 4

_lock = threading.Lock()
_analysers: dict[str, Any] = {}


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """The English word lists of the shipped spaCy model's lemmatizer (WordNet's nouns, verbs,
    adjectives and adverbs), read from its lookups alone; empty when the model has none."""
    from docket.extract.english import DEFAULT_SPACY_MODEL

    try:
        from spacy.lookups import Lookups
        from spacy.util import get_package_path

        folders = sorted(get_package_path(DEFAULT_SPACY_MODEL).glob("*/lemmatizer/lookups"))
        if not folders:
            return frozenset()
        table = Lookups().from_disk(folders[0]).get_table("lemma_index")
    except (KeyError, ValueError, OSError, ImportError):
        return frozenset()
    words: set[str] = set()
    for part in table.values():
        words.update(word for word in part if "_" not in word)
    return frozenset(words)


def russian_analyser() -> Any:
    """pymorphy3's analyser of Russian, loaded once per process."""
    with _lock:
        analyser = _analysers.get("ru")
        if analyser is None:
            import pymorphy3  # type: ignore[import-untyped]
            import pymorphy3_dicts_ru  # type: ignore[import-untyped]

            # The path is given: the dictionary's package is the one pinned beside it.
            analyser = pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path())
            _analysers["ru"] = analyser
        return analyser


def _english_common(word: str) -> bool:
    words = _english_words()
    if word in words:
        return True
    # A plural ("Deaths", "Detentions", "Declarations").
    return any(
        len(word) > len(ending) + 2
        and word.endswith(ending)
        and word[: -len(ending)] + singular in words
        for ending, singular in (("ies", "y"), ("es", ""), ("s", ""))
    )


def _russian_common(word: str) -> bool:
    parses = russian_analyser().parse(word)
    known = [parse for parse in parses if parse.is_known]
    return bool(known) and not any(_PROPER & set(parse.tag.grammemes) for parse in known)


def is_common_word(word: str, language: str) -> bool:
    """Whether ``word`` (one word, any case) is a common word of ``language``: a nationality, a
    month or a weekday, or a word of its dictionary that is no name."""
    lowered = word.lower()
    if language == "en":
        return lowered in _ENGLISH_GROUPS or lowered in _ENGLISH_TIMES or _english_common(lowered)
    if _CYRILLIC_GROUPS.fullmatch(lowered) or _CYRILLIC_TIMES.fullmatch(lowered):
        return True
    return language == "ru" and _russian_common(lowered)


def is_group_or_time(word: str, language: str) -> bool:
    """Whether ``word`` is a nationality, a language, a faith, a month or a weekday."""
    return _always_common(word, language)


def _always_common(word: str, language: str) -> bool:
    """A nationality, a language, a faith, a month or a weekday: never a name alone."""
    lowered = word.lower()
    if language == "en":
        return lowered in _ENGLISH_GROUPS or lowered in _ENGLISH_TIMES
    return bool(_CYRILLIC_GROUPS.fullmatch(lowered) or _CYRILLIC_TIMES.fullmatch(lowered))


def _opens(text: str, start: int) -> bool:
    """Whether a word at ``start`` is capitalised by its place: first in a sentence, a line, a
    cell or a menu item."""
    position = start
    while position > 0 and text[position - 1] in _MARKS:
        position -= 1
    return position == 0 or text[position - 1] in _OPENERS


def _cell(text: str, start: int, end: int) -> bool:
    """Whether the word stands alone between separators: a table's cell, a menu's item, a tag."""
    position = end
    while position < len(text) and text[position] in " \t":
        position += 1
    closes = position == len(text) or text[position] in _CELL_ENDS
    position = start
    while position > 0 and text[position - 1] in " \t#*":
        position -= 1
    return closes and (position == 0 or text[position - 1] in _CELL_ENDS)


def _written(text: str, word: str) -> tuple[bool, bool]:
    """Whether ``text`` writes ``word`` in lower case, and capitalised inside a sentence."""
    lower = upper_inside = False
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
    for found in pattern.finditer(text):
        written = found.group()
        if written.islower():
            lower = True
        elif written[:1].isupper() and not written.isupper() and not _opens(text, found.start()):
            upper_inside = True
    return lower, upper_inside


def _one_word(mention: Mention) -> str | None:
    name = mention.as_name
    if _LETTERS.fullmatch(name) is None:
        return None
    if name.isupper() and len(name) <= _ACRONYM_LENGTH:
        return None
    return name


def without_common_words(
    text: str, language: str, mentions: Sequence[Mention], keep_sources: tuple[str, ...] = ()
) -> list[Mention]:
    """``mentions`` less the one-word mentions that write a common word, not a name.

    Mentions from ``keep_sources`` (rules that look for a name by its form) are kept.
    """
    kept: list[Mention] = []
    for mention in mentions:
        word = None if mention.source in keep_sources else _one_word(mention)
        if word is None or not _dropped(text, language, mention, word):
            kept.append(mention)
    return kept


def _dropped(text: str, language: str, mention: Mention, word: str) -> bool:
    if _always_common(word, language):
        return True
    opens = _opens(text, mention.start)
    if language != "en" and not opens and not word.isupper():
        # Russian and Kyrgyz capitalise a common word only where it opens a sentence.
        return False
    if not is_common_word(word, language):
        return False
    lower, upper_inside = _written(text, word)
    if lower and (language == "en" or opens):
        return True
    if _cell(text, mention.start, mention.end):
        return not upper_inside
    if mention.kind == "place" and language == "en":
        # A place opening a sentence ("Bishkek police said") is written so too often to drop.
        return False
    return (opens or word.isupper()) and not upper_inside
