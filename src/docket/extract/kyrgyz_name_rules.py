"""Kyrgyz names found by rules alone: persons by their surnames and patronyms, organisations by
their head nouns, quotes and declined acronyms, places by their administrative unit.
"""

from __future__ import annotations

import re

from docket.extract.kyrgyz_endings import (
    ATTRIBUTIVE_ENDINGS,
    ENDINGS,
    LOCATIVE,
    case_ending_length,
    place_ending_length,
    possessed,
)
from docket.extract.kyrgyz_words import (
    ADJECTIVES,
    NOT_HEADS,
    ORGANIZATION_HEADS,
    PATRONYM_WORDS,
    PATRONYMIC_FINALS,
    SURNAME_FINALS,
    SURNAME_LIKE,
    Word,
    adjacent,
    capitalised,
    common_word,
    head_end,
    is_head,
    is_plural_noun,
    starts_sentence,
    stem_end,
    text_words,
)
from docket.extract.mentions import Mention
from docket.extract.name_words import GENITIVES

__all__ = [
    "RULES_SOURCE",
    "acronym_mentions",
    "organization_mentions",
    "person_mentions",
    "quoted_organization_mentions",
    "rule_mention",
    "unit_place_mentions",
]

RULES_SOURCE = "kyrgyz-rules"
_MAX_NAME_WORDS_BEFORE_HEAD = 5
_QUOTED = re.compile(r"«([^«»\n]{1,60})»")


def rule_mention(kind: str, text: str, start: int, end: int) -> Mention:
    """A mention of ``kind`` over ``text[start:end]``, found by these rules."""
    if kind == "person":
        return Mention("person", text[start:end], start, end, RULES_SOURCE)
    if kind == "organization":
        return Mention("organization", text[start:end], start, end, RULES_SOURCE)
    return Mention("place", text[start:end], start, end, RULES_SOURCE)


def person_mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Names written Given [Patronymic] Surname-ов/-ева, or Given Father уулу/кызы."""
    words = text_words(text, start, end)
    found: list[Mention] = []
    index = 0
    while index + 1 < len(words):
        first = words[index]
        if not capitalised(first.text):
            index += 1
            continue
        chain = [first]
        for following in words[index + 1 : index + 4]:
            if not adjacent(text, chain[-1], following):
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


def _person_in(text: str, chain: list[Word]) -> Mention | None:
    if len(chain) < 2 or not capitalised(chain[1].text) or is_plural_noun(chain[0].text):
        return None
    if common_word(chain[0].text):
        # "Кечээ Темирова ...", "Бүгүн Асанов ...": an adverb opening the sentence before a
        # surname, not a given name.
        return None
    first, second = chain[0], chain[1]
    genitive = case_ending_length(second.text) and second.text.lower().endswith(GENITIVES)
    if len(chain) >= 3 and chain[2].text.lower().startswith(PATRONYM_WORDS) and not genitive:
        patronym = chain[2]
        return rule_mention("person", text, first.start, stem_end(patronym))
    surname = second
    if len(chain) >= 3 and second.text.lower().endswith(PATRONYMIC_FINALS):
        if not capitalised(chain[2].text):
            return None
        surname = chain[2]
    stem = text[surname.start : stem_end(surname)].lower()
    if stem.endswith(SURNAME_FINALS) and not first.text.lower().endswith(SURNAME_FINALS):
        return rule_mention("person", text, first.start, stem_end(surname))
    return None


_UNIT_ADJECTIVES = frozenset(("райондук", "шаардык", "облустук", "айылдык"))

# People named by what they do, in the plural ("укук коргоочулар": human rights defenders):
# "Ноокаттык укук коргоочулар соттун имаратынын алдында" tells of people at a court, and a
# body's name runs through no such word.
_AGENT_PLURAL = re.compile(r"[а-яёөүң]+(?:чу|чү|чы|чи)(?:лар|лер|лор|лөр)")


def _is_police_department(words: list[Word], index: int) -> bool:
    """ "ички иштер бөлүмү" (department of internal affairs), "милиция бөлүмү": "бөлүм" alone
    is any section or ward, after "иштер" or "милиция" it is the police's."""
    return (
        index > 0
        and words[index].text.lower().startswith("бөлүм")
        and words[index - 1].text.lower() in ("иштер", "милиция")
    )


# A plural head names organisations in general ("эл аралык уюмдарга": international
# organisations), not one of them.
_PLURAL = re.compile(r"(?:лар|лер|лор|лөр|дар|дер|дор|дөр|тар|тер|тор|төр)")


def organization_mentions(text: str) -> list[Mention]:
    """Names built on a head noun: Социал-демократиялык партиясы, Улуттук ... комитети."""
    words = text_words(text)
    found: list[Mention] = []
    for index, head in enumerate(words):
        lowered = head.text.lower()
        police = _is_police_department(words, index)
        if index == 0 or not (is_head(lowered) or police):
            continue
        stem = "бөлүм" if police else next(h for h in ORGANIZATION_HEADS if lowered.startswith(h))
        if _PLURAL.match(lowered, len(stem)) or _PLURAL.match(lowered, len(stem) + 1):
            continue
        first = None
        position = index - 1
        if (police and words[position].text.lower() == "милиция") or (
            lowered.startswith("өкмөт") and words[position].text.lower() == "айыл"
        ):
            # The police's own word, or a village's ("айыл өкмөтү": a village government),
            # which alone open sentences as common nouns.
            position -= 1
        while position >= max(0, index - _MAX_NAME_WORDS_BEFORE_HEAD):
            if not adjacent(text, words[position], words[position + 1]):
                break
            if words[position].text.isupper():
                first = position
                break
            if common_word(words[position].text) or _AGENT_PLURAL.fullmatch(words[position].text):
                break
            if LOCATIVE.search(words[position].text.lower()) and not words[position].text.isupper():
                break
            if capitalised(words[position].text):
                first = position
                # A run of capitalised words is one name (Ата Журт); a word with a case ending
                # before it (Бишкекте) is not part of it.
                # Nor is a surname (Токтакунов Биринчи май райондук соту): a person who speaks
                # of the court, not the name of the court.
                while (
                    first > 0
                    and first > index - _MAX_NAME_WORDS_BEFORE_HEAD
                    and adjacent(text, words[first - 1], words[first])
                    and capitalised(words[first - 1].text)
                    and not case_ending_length(words[first - 1].text)
                    and not LOCATIVE.search(words[first - 1].text.lower())
                    and not common_word(words[first - 1].text)
                    and not is_plural_noun(words[first - 1].text)
                    and not words[first - 1].text.lower().endswith(SURNAME_LIKE)
                ):
                    first -= 1
                break
            position -= 1
        if first is not None and words[first].text.lower() in _UNIT_ADJECTIVES:
            # "Райондук милиция бөлүмү" opening a sentence: the district's police, whichever
            # district; a body is named by the place before the adjective.
            first = None
        if first is not None:
            # The possessive head takes -на/-нө after its vowel (бөлүмүнө): its end is the
            # possessed form's.
            end = head.start + len(possessed(lowered)) if police else head_end(head)
            found.append(rule_mention("organization", text, words[first].start, end))
    return found


# A capitalised name before an administrative unit, a square or a street in its possessive names
# it, wherever it stands ("Өзгөн районунда": in the district of Özgön; "Чүй облусунун", "Ош-Сай
# кыштагында", "Жеңиш аянтында"):
# natasha misses such names when it does not know them. The mention runs to the unit's word and
# the name keeps it without its case ending (Өзгөн району), as for "Ала-Мыш районуна".
# A micro-district or a gorge is named so too, the micro-district often by a number ("Восток-5
# кичи районунда", "Беш-Таш капчыгайында"), and so are passes, rivers, valleys, avenues and
# summer pastures ("Долон ашуусунда", "Чүй дарыясынын", "Чүй проспектисинде").
_UNIT_PLACE = re.compile(
    r"(?<![\w-])((?:[А-ЯЁӨҮҢ][а-яёөүң]+-)*[А-ЯЁӨҮҢ][а-яёөүң]+(?:-\d+)?) "
    r"(району|кичи району|облусу|аймагы|кыштагы|аянты|көчөсү|капчыгайы|ашуусу|дарыясы|өрөөнү"
    r"|проспектиси|бульвары|жайлоосу)(?:н[а-яёөүң]*)?(?![\w-])"
)

# An acronym with a case ending glued on, or after a hyphen ("УКМКнын", "ИИМге", "ГКНБ-нын",
# "МВДдагы"): Kyrgyz declines the acronyms of its and Russian bodies as it does any noun, so the
# capitals are the organisation's name and the lower-case tail its grammar.
_ACRONYM = re.compile(r"(?<![\w-])([А-ЯЁӨҮҢ]{2,6})(-?[а-яёөүң]{1,5})?(?![\w-])")
_ACRONYM_ENDINGS = frozenset((*ENDINGS, *ATTRIBUTIVE_ENDINGS, "ны", "ни", "ну", "нү", "га",
                              "ге", "го", "гө", "ка", "ке", "ко", "кө", "нан", "нен", "нон", "нөн",
                              "дагы", "деги", "догу", "дөгү"))  # fmt: skip

# Capitals that name no body: states (КР, АКШ, РФ), "the mass media" (ЖМК, СМИ), NGOs in general
# (БӨУ, НКО), television (ТВ).
_NOT_BODIES = frozenset(("КР", "АКШ", "РФ", "ЖМК", "СМИ", "БӨУ", "НКО", "НПО", "ТВ", "ОМС"))


def unit_place_mentions(text: str) -> list[Mention]:
    """Places named with their administrative unit (Өзгөн району, Чүй облусу)."""
    found: list[Mention] = []
    for match in _UNIT_PLACE.finditer(text):
        if common_word(match.group(1)) or match.group(1).lower() in ADJECTIVES:
            continue
        end = match.start(2) + len(match.group(2))
        start = match.start(1)
        if match.group(2) in _NAMED_AFTER_PEOPLE:
            # "Курманжан Датка көчөсүндө": a street named after someone by two or three words.
            for _ in range(2):
                before = _NAME_WORD_BEFORE.search(text, max(0, start - 30), start)
                if (
                    before is None
                    or common_word(before.group(1))
                    or place_ending_length(before.group(1))
                    # "Дүкөн Чүй проспектисинде": a sentence's first word may be any noun.
                    or starts_sentence(text, before.start(1))
                ):
                    break
                start = before.start(1)
        found.append(rule_mention("place", text, start, end))
    return found


# Streets, avenues and boulevards, which are named after people as often as after places.
_NAMED_AFTER_PEOPLE = frozenset(("көчөсү", "проспектиси", "бульвары"))
_NAME_WORD_BEFORE = re.compile(r"(?<![\w-])([А-ЯЁӨҮҢ][а-яёөүң]+) $")


def acronym_mentions(text: str) -> list[Mention]:
    """Organisations written as an acronym with a case ending; a bare acronym where the
    document also declines it."""
    declined: set[str] = set()
    found: list[tuple[str, int, int]] = []
    for match in _ACRONYM.finditer(text):
        acronym, tail = match.group(1), match.group(2) or ""
        if acronym in _NOT_BODIES or (tail and tail.lstrip("-") not in _ACRONYM_ENDINGS):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line = text[line_start : len(text) if line_end < 0 else line_end]
        if not any(letter.islower() for letter in line):
            continue  # a heading in capitals
        if tail:
            declined.add(acronym)
        found.append((acronym, match.start(), match.end()))
    return [
        Mention("organization", text[start:end], start, end, RULES_SOURCE, acronym)
        for acronym, start, end in found
        if acronym in declined
    ]


def quoted_organization_mentions(text: str) -> list[Mention]:
    """A capitalised name in «» is an organisation, an outlet or a company («Таш Сөзү»); with
    the head noun after it (``«Калкан» укук коргоо борбору``) the whole is one name."""
    found: list[Mention] = []
    for quoted in _QUOTED.finditer(text):
        name = quoted.group(1).strip()
        # A title ("«Таш-Булуң: августтагы эки күн»") is quoted too, but is no organisation.
        if not name[:1].isupper() or ":" in name or len(name.split()) > 3:
            continue
        if common_word(name.split()[0].strip(".,!?")):
            continue  # speech quoted ("«Алар түнкүсүн келишти»"), not a name
        end = quoted.end()
        following = text_words(text, end, min(len(text), end + 80))
        previous_end = end
        for word in following[:4]:
            gap = text[previous_end : word.start]
            if not gap.isspace() or "\n" in gap or not word.text.islower():
                break
            if word.text.startswith(ORGANIZATION_HEADS) and not word.text.startswith(NOT_HEADS):
                end = stem_end(word)
                break
            previous_end = word.end
        found.append(rule_mention("organization", text, quoted.start(), end))
    return found
