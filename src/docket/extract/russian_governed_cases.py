"""The cases the word just before a Russian name leaves it: a preposition those it governs
(из Оша: not the nominative Оша), a noun for a thing the genitive (в центре Жалал-Абада,
освобождения Мурада Алиева), a transitive verb no woman alone could be the subject of the
object cases for a person after it ("арестовал Токтосунова"). A word for a kind of place (городе,
улица) tells nothing, since a name beside it may stand in the nominative.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from docket.extract.mentions import Mention
from docket.extract.russian_readings import case_of, parses_of

__all__ = ["governed_cases"]

_OBJECT_CASES: Final = frozenset(("gent", "datv", "accs", "ablt", "loct"))
# The cases each preposition governs (the nominative follows none).
_PREPOSITIONS: Final = {
    **dict.fromkeys(
        (
            "из", "изо", "от", "ото", "до", "у", "для", "без", "безо", "около", "возле",
            "после", "против", "среди", "вокруг", "кроме", "из-за", "из-под", "близ", "мимо",
            "вдоль", "напротив", "вблизи", "посреди", "внутри",
        ),
        frozenset({"gent"}),
    ),
    **dict.fromkeys(("к", "ко", "благодаря", "согласно", "вопреки"), frozenset({"datv"})),
    **dict.fromkeys(("по",), frozenset({"datv", "loct", "accs"})),
    **dict.fromkeys(("в", "во", "на"), frozenset({"accs", "loct"})),
    **dict.fromkeys(("о", "об", "обо"), frozenset({"loct", "accs"})),
    **dict.fromkeys(("при",), frozenset({"loct"})),
    **dict.fromkeys(("с", "со"), frozenset({"gent", "ablt", "accs"})),
    **dict.fromkeys(("за", "под", "подо"), frozenset({"accs", "ablt"})),
    **dict.fromkeys(("над", "надо", "перед", "передо", "между"), frozenset({"ablt"})),
    **dict.fromkeys(("через", "про", "сквозь"), frozenset({"accs"})),
}  # fmt: skip
# A preposition, then names listed after it up to the mention: "из Узгена, Нооката и ".
_LISTED_BEFORE: Final = re.compile(
    r"(?<![^\W\d_])([^\W\d_]+)[ \t\u00a0]+"
    r"(?:[А-ЯЁ][^\W\d_]*(?:-[А-ЯЁ][^\W\d_]*)*"
    r"(?:,[ \t\u00a0]+|[ \t\u00a0]+(?:и|или)[ \t\u00a0]+)){1,4}$"
)
_SENTENCE_OPENING: Final = re.compile(r"(?:^|[.!?…]\s+|\n\s*)$")
_PREVIOUS_WORD: Final = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)?)[ \t\u00a0]+$")
# Words for a kind of place or body a name may stand beside in the nominative (в городе
# Жангы-Кала, улица Ленина): after any other thing's noun a place or a person is its genitive
# (в центре Жалал-Абада, освобождения Мурада Алиева).
_KIND_WORDS: Final = frozenset(
    (
        "город",
        "село",
        "посёлок",
        "поселок",
        "район",
        "область",
        "улица",
        "проспект",
        "микрорайон",
        "айыл",
        "аймак",
        "округ",
        "озеро",
        "река",
        "ущелье",
        "перевал",
        "станция",
        "площадь",
        "переулок",
        "бульвар",
        "массив",
        "жилмассив",
        "квартал",
        "местечко",
        "деревня",
        "урочище",
        "кишлак",
        "аил",
        "пгт",
    )
)


def governed_cases(text: str, mention: Mention) -> frozenset[str] | None:
    """The cases the word just before a mention leaves it: those a preposition governs, the
    genitive after a noun for a thing (of a place or a person); None if it does not tell."""
    if mention.kind == "place":
        listed = _LISTED_BEFORE.search(text, max(0, mention.start - 120), mention.start)
        if listed is not None and listed.group(1).lower() in _PREPOSITIONS:
            # The second of places listed after one preposition (из Токмока и Кемина, из
            # Узгена, Нооката и Жалал-Абада) is in the case it governs.
            return _PREPOSITIONS[listed.group(1).lower()]
    found = _PREVIOUS_WORD.search(text, max(0, mention.start - 40), mention.start)
    if found is None:
        return None
    word = found.group(1)
    governed = _PREPOSITIONS.get(word.lower())
    # A verb or a word for a person opening a sentence governs as it would inside one
    # ("Задержали Токтосунова"); a noun for a thing there may be the sentence's object, with
    # the name its subject ("Митинг Жангы-Кала провела").
    opening = _SENTENCE_OPENING.search(text, max(0, found.start() - 3), found.start())
    if opening is not None and word[1:].islower():
        lowered = word.lower()
        if _takes_object(lowered) or _person_noun(lowered):
            word = lowered
    if governed is not None or mention.kind == "organization" or not word.islower():
        return governed
    if mention.kind == "person" and _takes_object(word):
        return _OBJECT_CASES
    if mention.kind == "person" and _person_noun(word):
        # A person named after a word for one agrees with it ("брата активиста Нурлана": the
        # genitive, Нурлан), unless that word may be the nominative ("журналист Эрлан").
        cases = _noun_cases(word)
        return None if not cases or "nomn" in cases else cases
    if mention.kind == "place" and _person_noun(word):
        # A place after a word for people is whose they are (жителей Тоо-Моюна, уроженец
        # Таш-Кола), a person after one its name in apposition (учитель Эрлан).
        return frozenset({"gent"})
    return frozenset({"gent"}) if _thing(word) else None


@lru_cache(maxsize=20_000)
def _noun_cases(word: str) -> frozenset[str]:
    """The cases a known noun may be read in, singular or plural."""
    return frozenset(
        case
        for parse in parses_of(word)
        if parse.is_known and parse.tag.POS == "NOUN"
        for case in (case_of(parse.tag),)
        if case is not None
    )


@lru_cache(maxsize=20_000)
def _person_noun(word: str) -> bool:
    """Whether a word is only ever a noun for people (жителей, уроженец)."""
    parses = [parse for parse in parses_of(word) if parse.is_known]
    return bool(parses) and all(
        parse.tag.POS == "NOUN" and "anim" in parse.tag and parse.normal_form not in _KIND_WORDS
        for parse in parses
    )


@lru_cache(maxsize=20_000)
def _takes_object(word: str) -> bool:
    """Whether a word is only ever a transitive verb that no woman named alone could be the
    subject of (арестовал, задержали, защищают) or its infinitive, which has no subject after
    it (освободить, навестить): a person named right after it is its object, not in the
    nominative ("арестовал Токтосунова" is his accusative); "рассказала", "защищает" may have
    her after them."""
    parses = [parse for parse in parses_of(word) if parse.is_known]
    return (
        bool(parses)
        and all(parse.tag.POS in ("VERB", "INFN") and "tran" in parse.tag for parse in parses)
        and not any(
            ("past" in parse.tag and "femn" in parse.tag)
            or ("sing" in parse.tag and "3per" in parse.tag)
            for parse in parses
        )
    )


@lru_cache(maxsize=20_000)
def _thing(word: str) -> bool:
    """Whether a word is only ever a noun for a thing that is not a kind of place."""
    parses = [parse for parse in parses_of(word) if parse.is_known]
    return (
        bool(parses)
        and all(parse.tag.POS == "NOUN" and "inan" in parse.tag for parse in parses)
        and not any(parse.normal_form in _KIND_WORDS for parse in parses)
    )
