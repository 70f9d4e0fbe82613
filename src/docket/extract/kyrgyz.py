"""Kyrgyz Cyrillic names: the Russian model's spans, corrected and completed by rules.

natasha has never seen Kyrgyz, but Kyrgyz news writes names as Russian does (capitals,
Russian-style surnames), so its spans are a good start. What it gets wrong is grammar: Kyrgyz
glues case endings to the name (Атамбаевдин, Бишкекте), it runs a person into the next word
(Бакыт Асан уулу Ошто) and it does not know organisation names built on a head noun
(Социал-демократиялык партиясы). The rules here fix exactly those.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from docket.extract.mentions import Mention, Recogniser, merge_mentions
from docket.extract.name_words import GENITIVES
from docket.extract.russian import NatashaRecogniser

__all__ = [
    "RULES_SOURCE",
    "KyrgyzRecogniser",
    "acronym_mentions",
    "as_written",
    "case_ending_length",
    "common_word",
    "names_a_body",
    "organization_mentions",
    "person_mentions",
    "place_ending_length",
    "possessed",
    "quoted_organization_mentions",
    "starts_sentence",
    "unit_place_mentions",
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
# "Атамбаевдин уулу" is Atambaev's son, not a patronym: the father's name in one
# (Бакыт Асан уулу) takes no genitive.
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
    "клиника",
    "соту",
    "соттун",
    "гезит",
    "басылма",
    "телеканал",
    "акимчилиг",
    "акимчилик",
    "мэрия",
    "биримдиг",
    "биримдик",
    "альянс",
    "кыймыл",
    "ассоциация",
    "университет",
    "институт",
    # A hospital in the possessive, after the town or district it serves ("Ош облустук
    # ооруканасына"); "ооруканага" alone is any hospital.
    "ооруканасы",
    # A government: a village's ("Ак-Терек айыл өкмөтү") or the state's.
    "өкмөт",
)
# Words that begin like a head noun but are not one: кызматкер (employee), not кызмат (service).
_NOT_HEADS = ("кызматкер",)
_MAX_NAME_WORDS_BEFORE_HEAD = 5
# Words that open sentences in news prose and so are capitalised without being part of a name.
_SENTENCE_OPENERS = frozenset(
    (
        "кечээ", "бүгүн", "эртең", "азыр", "учурда", "мурда", "мурдагы", "бирок", "ошондой",
        "ал", "алар", "бул", "мен", "биз", "муну", "мунун", "ушул", "ошол",
        # Days and times told relative to the story ("Эртеси Мамытовду ...": the next day,
        # Mamytov ...), which news prose puts first.
        "эртеси", "кийин", "андан", "анан", "ошондо", "быйыл", "былтыр", "жакында", "түндө",
        "кечинде", "түштө", "дагы", "ошентип", "ошондуктан",
        # Bodies named by their common noun ("Сот Темированы ... соттоду": the court ...).
        "сот", "милиция",
    )
)  # fmt: skip
# Common words of Kyrgyz news, testimony and appeals that are capitalised where they open a
# sentence, and that natasha, reading capitals, takes for a name or the start of one ("Мындан
# тышкары", "Күбөнүн айтымында", "Аларды Кыдыр Асаналиев"). Kyrgyz has no dictionary in the
# pipeline, so the list is of frequent function words, witnesses' and officials' common nouns;
# a word counts with any case ending (Маалыматка, Окуянын). Words that are also given names
# (Бакыт, Эркин, Максат, Адилет, Жеңиш, Алтын) are left out.
_COMMON_WORDS = frozenset(
    (
        # Conjunctions, adverbs and discourse words.
        "анткени", "себеби", "ошентсе", "ошого", "ушуга", "мисалы", "акыры", "натыйжада",
        "жыйынтыгында", "азырынча", "мындан", "ошондон", "ушундан", "мына", "эми", "эгер",
        "эгерде", "демек", "албетте", "балким", "чынында", "негизи", "жалпысынан", "кошумча",
        "андыктан", "мындай", "ушундай", "андай", "кандай", "эмне", "эмнеге", "неге", "ким",
        "качан", "кайда", "ооба", "тескерисинче", "кыскасы", "айтымында", "бүгүнкү", "кечээки",
        "азыркы", "учурдагы", "мурунку", "акыркы", "баары", "бардыгы", "көпчүлүгү", "кээ",
        "кээси", "айрым", "бир", "эки", "үч", "төрт", "беш", "алты", "жети", "сегиз", "тогуз",
        "түнкүсүн", "эртең", "бардык", "ар", "ошону", "ушуну",
        # Pronouns in their cases.
        "аларды", "аларга", "алардын", "алардан", "аларда", "андан", "анда", "буга", "бизге",
        "биздин", "бизден", "менин", "мага", "менден", "сага", "сени", "сенин", "сизге",
        "сиздин", "силерге", "өзү", "өзүм", "өзүбүз",
        # Nouns of reports and testimony.
        "маалымат", "окуя", "тергөө", "тергөөчү", "адвокат", "прокурор", "судья", "журналист",
        "күбө", "жабырлануучу", "шектүү", "айыпталуучу", "кармалган", "кармалгандар", "тургун",
        "депутат", "бийлик", "кызматкер", "кызматкерлер", "дарыгер",
        "оорукана", "түрмө", "камак", "камера", "өкүм", "мыйзам", "токтом", "арыз",
        "доо", "талап", "кайрылуу", "билдирүү", "нааразылык", "митинг", "чогулуш", "жыйын",
        "тинтүү", "кармоо", "зомбулук", "кысым", "кыйноо", "маселе", "абал", "жагдай", "кабар",
        "жаңылык", "сүрөт", "видео", "булак", "саат", "күнү", "жылы", "айы", "үй", "үй-бүлө",
        "коңшу", "кошуна", "мамлекет", "өлкө", "киши", "адам",
        # A settlement's kind alone ("Айыл өкмөтүнүн башчысы": the village government's head).
        "айыл", "шаар",
        # Salutations, forms of address and clergy, written before a name and no part of it.
        "урматтуу", "кадырлуу", "айым", "мырза", "байке", "имам", "молдо", "пастор",
    )
)  # fmt: skip
# A relative named with a possessive ("Атам Бишкекке кетти": my father went to Bishkek; "Апасы",
# "Уулум"), which opens testimony's sentences and is no part of a name after it.
_KIN = re.compile(
    r"(?:ата|апа|ага|эже|ини|сиңди|карындаш|уул|кыз|жубай|аял|күйөө|бала|балдар|небере|жээн"
    r"|келин|таята|тайата|кайната|кайнене|тууган|кошуна|адвокат)"
    r"(?:м|ым|им|ум|үм|ң|ың|иң|уң|үң|сы|си|су|сү|ы|и|у|ү|быз|ыбыз|ибиз|убуз|үбүз|ларым|лары"
    r"|дары|дарым|ыз|ыңыз|иңиз|уңуз|үңүз)"
    r"(?:н[^\W\d_]*|[гкдтн][аеоөыиуү][н]?)?"
)
# Adjectives that open names (Ички иштер министрлиги, Башкы прокуратура) and alone name nothing.
_ADJECTIVES = frozenset(
    (
        "ички", "тышкы", "башкы", "жогорку", "улуттук", "мамлекеттик", "борбордук",
        "райондук", "шаардык", "облустук", "эл", "аралык",
    )
)  # fmt: skip
# Pronouns and common words natasha takes for one-word names when they open a sentence
# ("Биз", "Саат"); a name of one word without a surname's ending is only kept mid-sentence.
_PRONOUNS = frozenset(
    (
        "мен", "сен", "биз", "силер", "сиз", "ал", "алар", "аны", "ага", "анын", "мени", "бизди",
        "муну", "мунун", "бул", "ушул", "ошол",
    )
)  # fmt: skip
# A plural noun, with a case ending or none. Given names that end like one (Айдар, Мухтар)
# have a stem of two or three letters before it.
_PLURAL_NOUN = re.compile(
    r"(.+?)(?:лар|лер|лор|лөр|дар|дер|дор|дөр|тар|тер|тор|төр)"
    r"(?:дын|дин|дун|дүн|га|ге|го|гө|да|де|до|дө|ды|ди|ду|дү|дан|ден|дон|дөн)?"
)
_MIN_PLURAL_STEM = 4
# Offices written before a name ("Акыйкатчы Атыр Абдрахматова").
_OFFICES = frozenset(("акыйкатчы", "омбудсмен"))
_SURNAME_LIKE = (*_SURNAME_FINALS, *_PATRONYM_WORDS, "ова", "ева")
# The attributive locative ("Жаңы-Каладагы", "of Jangy-Kala"): a locative plus -гы/-ги.
_ATTRIBUTIVE_ENDINGS = ("дагы", "даги", "дегы", "деги", "тагы", "таги", "тегы", "теги",
                        "догу", "дөгү", "тогу", "төгү")  # fmt: skip
_PLACE_HEADS = ("район", "аянт", "көчө", "облус", "айыл", "шаар")
_SETTLEMENT_WORDS = ("айыл", "шаар")
_QUOTED = re.compile(r"«([^«»\n]{1,60})»")
_SPATIAL_ENDINGS = tuple(
    ending for ending in _ENDINGS if ending[1:] in ("а", "е", "о", "ө", "ан", "ен", "он", "өн")
)


# A Kyrgyz head noun after a name takes the possessive (Ала-Мыш району, "the district of
# Ala-Mysh"), and a case ending after it starts with -н: районуна, аянтында, көчөсүндөгү.
_POSSESSED = re.compile(r"(.*?(?:ы|и|у|ү|сы|си|су|сү))(?:н[^\W\d_]*)?$")


def possessed(word: str) -> str:
    """The Kyrgyz head noun ``word`` in its possessive form, without a case ending."""
    found = _POSSESSED.match(word)
    return word if found is None else found.group(1)


class _Word(NamedTuple):
    text: str
    start: int
    end: int


# Asked of the same words many times a text (by the name rules, the places, the participants),
# and told by the word alone.
@lru_cache(maxsize=8192)
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


def _common(word: str) -> bool:
    """Whether ``word`` is a pronoun, an opener or a common word of ``_COMMON_WORDS`` (with any
    case ending or plural), or a relative named with a possessive: never a name's first word."""
    lowered = word.lower()
    if lowered in _SENTENCE_OPENERS or lowered in _PRONOUNS or _KIN.fullmatch(lowered):
        return True
    stem = lowered[: len(lowered) - case_ending_length(word)]
    plural = _PLURAL_NOUN.fullmatch(lowered)
    return (
        lowered in _COMMON_WORDS
        or stem in _COMMON_WORDS
        or (plural is not None and plural.group(1) in _COMMON_WORDS)
    )


def common_word(word: str) -> bool:
    """Whether ``word`` is a common Kyrgyz word, in any case, that never starts a name."""
    return _common(word)


def names_a_body(word: str) -> bool:
    """Whether ``word`` is an organisation's head noun or an office (Омбудсмен, соту)."""
    return _is_head(word) or word.lower() in _OFFICES


def starts_sentence(text: str, offset: int) -> bool:
    """Whether the word at ``offset`` opens a sentence or a line."""
    return _sentence_start(text, offset)


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


def _is_plural_noun(word: str) -> bool:
    """A capitalised plural ("Дарыгерлер", "Кыргыздар"): a noun, never a person's name."""
    found = _PLURAL_NOUN.fullmatch(word.lower())
    return found is not None and len(found.group(1)) >= _MIN_PLURAL_STEM


def _person_in(text: str, chain: list[_Word]) -> Mention | None:
    if len(chain) < 2 or not _capitalised(chain[1].text) or _is_plural_noun(chain[0].text):
        return None
    if _common(chain[0].text):
        # "Кечээ Темирова ...", "Бүгүн Асанов ...": an adverb opening the sentence before a
        # surname, not a given name.
        return None
    first, second = chain[0], chain[1]
    genitive = case_ending_length(second.text) and second.text.lower().endswith(GENITIVES)
    if len(chain) >= 3 and chain[2].text.lower().startswith(_PATRONYM_WORDS) and not genitive:
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


# The endings a possessive head takes after its -н- (министрлиги+нде, сотту+на, +нан): the
# case endings alone would leave the -н on the name (Адилет министрлигин).
_AFTER_POSSESSIVE = re.compile(r"[ыиуү](н(?:[дт][аеоө](?:[гк][ыиуү])?|[аеоө]|[дт]?[аеоө]н))$")


def _head_end(head: _Word) -> int:
    """Where a head noun's name ends: its possessive form without the case after it."""
    found = _AFTER_POSSESSIVE.search(head.text.lower())
    return head.end - len(found.group(1)) if found else _stem_end(head)


def _placing(word: _Word) -> bool:
    """A word in the locative that is no surname's ("Мечитте Имам ...": in the mosque, the
    imam): it says where, and a name after it starts after it."""
    lowered = word.text.lower()
    length = case_ending_length(word.text)
    return (
        length > 0
        and _LOCATIVE.search(lowered) is not None
        and not lowered[: len(lowered) - length].endswith(_SURNAME_LIKE)
    )


_UNIT_ADJECTIVES = frozenset(("райондук", "шаардык", "облустук", "айылдык"))
# People named by what they do, in the plural ("укук коргоочулар": human rights defenders):
# "Ноокаттык укук коргоочулар соттун имаратынын алдында" tells of people at a court, and a
# body's name runs through no such word.
_AGENT_PLURAL = re.compile(r"[а-яёөүң]+(?:чу|чү|чы|чи)(?:лар|лер|лор|лөр)")


def _is_head(word: str) -> bool:
    lowered = word.lower()
    return lowered.startswith(_ORGANIZATION_HEADS) and not lowered.startswith(_NOT_HEADS)


def _is_police_department(words: list[_Word], index: int) -> bool:
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
# A word inside a name never carries a locative ("Ала-Мыш районундагы ...", "февраль айында"):
# such a word places what follows, and the name starts after it.
_LOCATIVE = re.compile(r"(?:да|де|до|дө|та|те|то|тө)(?:гы|ги|гу|гү)?$")


def organization_mentions(text: str) -> list[Mention]:
    """Names built on a head noun: Социал-демократиялык партиясы, Улуттук ... комитети."""
    words = _words(text)
    found: list[Mention] = []
    for index, head in enumerate(words):
        lowered = head.text.lower()
        police = _is_police_department(words, index)
        if index == 0 or not (_is_head(lowered) or police):
            continue
        stem = "бөлүм" if police else next(h for h in _ORGANIZATION_HEADS if lowered.startswith(h))
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
            if not _adjacent(text, words[position], words[position + 1]):
                break
            if words[position].text.isupper():
                first = position
                break
            if _common(words[position].text) or _AGENT_PLURAL.fullmatch(words[position].text):
                break
            if (
                _LOCATIVE.search(words[position].text.lower())
                and not words[position].text.isupper()
            ):
                break
            if _capitalised(words[position].text):
                first = position
                # A run of capitalised words is one name (Ата Журт); a word with a case ending
                # before it (Бишкекте) is not part of it.
                # Nor is a surname (Токтакунов Биринчи май райондук соту): a person who speaks
                # of the court, not the name of the court.
                while (
                    first > 0
                    and first > index - _MAX_NAME_WORDS_BEFORE_HEAD
                    and _adjacent(text, words[first - 1], words[first])
                    and _capitalised(words[first - 1].text)
                    and not case_ending_length(words[first - 1].text)
                    and not _LOCATIVE.search(words[first - 1].text.lower())
                    and not _common(words[first - 1].text)
                    and not _is_plural_noun(words[first - 1].text)
                    and not words[first - 1].text.lower().endswith(_SURNAME_LIKE)
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
            end = head.start + len(possessed(lowered)) if police else _head_end(head)
            found.append(_mention("organization", text, words[first].start, end))
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
_ACRONYM_ENDINGS = frozenset((*_ENDINGS, *_ATTRIBUTIVE_ENDINGS, "ны", "ни", "ну", "нү", "га",
                              "ге", "го", "гө", "ка", "ке", "ко", "кө", "нан", "нен", "нон", "нөн",
                              "дагы", "деги", "догу", "дөгү"))  # fmt: skip
# Capitals that name no body: states (КР, АКШ, РФ), "the mass media" (ЖМК, СМИ), NGOs in general
# (БӨУ, НКО), television (ТВ).
_NOT_BODIES = frozenset(("КР", "АКШ", "РФ", "ЖМК", "СМИ", "БӨУ", "НКО", "НПО", "ТВ", "ОМС"))


def unit_place_mentions(text: str) -> list[Mention]:
    """Places named with their administrative unit (Өзгөн району, Чүй облусу)."""
    found: list[Mention] = []
    for match in _UNIT_PLACE.finditer(text):
        if _common(match.group(1)) or match.group(1).lower() in _ADJECTIVES:
            continue
        end = match.start(2) + len(match.group(2))
        start = match.start(1)
        if match.group(2) in _NAMED_AFTER_PEOPLE:
            # "Курманжан Датка көчөсүндө": a street named after someone by two or three words.
            for _ in range(2):
                before = _NAME_WORD_BEFORE.search(text, max(0, start - 30), start)
                if (
                    before is None
                    or _common(before.group(1))
                    or place_ending_length(before.group(1))
                    # "Дүкөн Чүй проспектисинде": a sentence's first word may be any noun.
                    or _sentence_start(text, before.start(1))
                ):
                    break
                start = before.start(1)
        found.append(_mention("place", text, start, end))
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
        if _common(name.split()[0].strip(".,!?")):
            continue  # speech quoted ("«Алар түнкүсүн келишти»"), not a name
        end = quoted.end()
        following = _words(text, end, min(len(text), end + 80))
        previous_end = end
        for word in following[:4]:
            gap = text[previous_end : word.start]
            if not gap.isspace() or "\n" in gap or not word.text.islower():
                break
            if word.text.startswith(_ORGANIZATION_HEADS) and not word.text.startswith(_NOT_HEADS):
                end = _stem_end(word)
                break
            previous_end = word.end
        found.append(_mention("organization", text, quoted.start(), end))
    return found


def _sentence_start(text: str, offset: int) -> bool:
    # Spaces are passed over, a line break is not: a line's first word opens it.
    before = text[max(0, offset - 3) : offset].rstrip(" \t")
    return offset == 0 or not before or before[-1] in ".!?:…\n|·•"


def place_ending_length(word: str) -> int:
    """How many final letters of a place's name ``word`` are its ending: the attributive
    locative (Сары-Белдеги, "of Sary-Bel") or a case ending."""
    lowered = word.lower()
    for ending in _ATTRIBUTIVE_ENDINGS:
        if lowered.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return len(ending)
    return case_ending_length(word)


def _place_stem_end(word: _Word) -> int:
    return word.end - place_ending_length(word.text)


def _corrected(text: str, mention: Mention) -> list[Mention]:
    words = _words(text, mention.start, mention.end)
    # "Аны Ала-Мыштагы", "Бүгүн Алтын-Таштын ...": a pronoun or an adverb opened the sentence.
    while words and _common(words[0].text):
        words = words[1:]
    if words and words[0].start != mention.start:
        mention = replace(mention, text=text[words[0].start : mention.end], start=words[0].start)
    if not any(word.text[:1].isupper() for word in words):
        return []  # "Мындан тышкары" less its opener: nothing capitalised, nothing named
    if len(words) == 1 and mention.kind != "organization" and words[0].text.lower() in _ADJECTIVES:
        return []
    if mention.kind == "person":
        # A person ends with a capitalised word or a patronym (Асан уулу); natasha runs one on
        # into the words after it ("Эркин Сулайманов да аны").
        while (
            len(words) > 1
            and words[-1].text.islower()
            and not words[-1].text.startswith(_PATRONYM_WORDS)
        ):
            words = words[:-1]
        if words and words[-1].end != mention.end:
            end = words[-1].end
            mention = replace(mention, text=text[mention.start : end], end=end)
        if _is_plural_noun(words[-1].text) or any(
            word.text.lower().startswith("республика") for word in words
        ):
            # "Ыйык Китептер" (the holy books): a plural names things or a group, not one.
            # "Кыргыз Республикасынын Жазык-процесстик кодекси": a state and its laws.
            return []
        if len(words) == 1 and _placing(words[0]):
            # "Бишкекте" (in Bishkek): a locative places; a person is hardly where one is.
            mention = replace(mention, kind="place")
    if mention.kind != "organization" and len(words) > 1 and _is_head(words[-1].text):
        # "Жогорку Кеңешке": a name ending in an organisation's head noun is the organisation.
        mention = replace(mention, kind="organization")
    if mention.kind != "person" and len(words) > 1:
        people = person_mentions(text, mention.start, mention.end)
        if people and people[0].start == mention.start and people[0].end < words[-1].start:
            # "Улан Ниязбеков Ош шаарында": the model ran a person into the place after him.
            following = [w for w in words if w.start >= people[0].end]
            if len(following) == 1:
                start = following[0].start
                after = replace(mention, text=text[start : mention.end], start=start)
                return [people[0], *_corrected(text, after)]
    if mention.kind == "person":
        # "Түрмөдөгү Элдар Кенжебаев" (the one in prison, Eldar Kenjebaev), "Дарыгерлер
        # Асановго" (the doctors, to Asanov), "Акыйкатчы Атыр Абдрахматова": a word with the
        # attributive locative, a plural or an office is no part of the name after it.
        while (
            len(words) > 1
            and _capitalised(words[1].text)
            and (
                (len(words) > 2 and words[0].text.lower().endswith(_ATTRIBUTIVE_ENDINGS))
                or _is_plural_noun(words[0].text)
                or words[0].text.lower() in _OFFICES
                or _placing(words[0])
            )
        ):
            words = words[1:]
        if len(words) == 1 and _common(words[0].text):
            return []  # "Мечитте Имам": the imam is a title, not his name
        if words and words[0].start != mention.start:
            mention = replace(
                mention, text=text[words[0].start : mention.end], start=words[0].start
            )
        # Kyrgyz puts the case ending on a name's last word only: a surname with one
        # ("Мамытовду Ала-Мыш ...") ends the person, and what follows is another name.
        ended = next(
            (
                index
                for index, word in enumerate(words[:-1])
                if case_ending_length(word.text)
                and text[word.start : _stem_end(word)].lower().endswith(_SURNAME_FINALS)
            ),
            None,
        )
        if ended is not None:
            words = words[: ended + 1]
            mention = replace(mention, text=text[mention.start : words[-1].end], end=words[-1].end)
    # Only a locative with a name after it cuts: the model may run the place on into the verb
    # ("Бакай-Ата районундагы Кең-Көл айылында төрөлгөм": born in the village of Keң-Köl).
    inner = [
        i
        for i, word in enumerate(words[:-1])
        if _LOCATIVE.search(word.text.lower())
        and any(_capitalised(later.text) for later in words[i + 1 :])
    ]
    leading: list[Mention] = []
    if (
        inner
        and (mention.kind != "person" or words[inner[-1]].text.lower().startswith(_PLACE_HEADS))
        and any(_capitalised(word.text) for word in words[inner[-1] + 1 :])
    ):
        # "Ала-Мыш районундагы Таш-Булуң", "Сокулук районундагы Шопоков": what stands before
        # the locative places the rest.
        cut = inner[-1]
        if _capitalised(words[0].text) and (
            "-" in words[0].text or (cut > 0 and words[cut].text.lower().startswith(_PLACE_HEADS))
        ):
            end = _place_stem_end(words[0])
            if cut > 0 and words[cut].text.lower().startswith(_PLACE_HEADS):
                end = words[cut].start + len(possessed(words[cut].text.lower()))
            leading.append(_mention("place", text, words[0].start, end))
        words = words[cut + 1 :]
        mention = replace(mention, text=text[words[0].start : mention.end], start=words[0].start)
    # A name never opens with a word in lower case: "Сокулук районунда жашаган Асанов" (living
    # in Sokuluk district, Asanov) loses the place to the rule above and the verb here.
    while len(words) > 1 and words[0].text.islower():
        words = words[1:]
    if words and words[0].start != mention.start:
        mention = replace(mention, text=text[words[0].start : mention.end], start=words[0].start)
    if mention.kind == "organization":
        # "Каржыланган уюмдар Адилет министрлигинде" (funded organisations, at the Ministry of
        # Justice): a capitalised word after a word in lower case starts the name again, unless
        # the lower-case word is an adjective of names (Эл аралык Амнистия).
        again = [
            index
            for index in range(1, len(words))
            if words[index].text[:1].isupper()
            and words[index - 1].text.islower()
            and words[index - 1].text not in _ADJECTIVES
        ]
        if again:
            words = words[again[-1] :]
            mention = replace(
                mention, text=text[words[0].start : mention.end], start=words[0].start
            )
    if mention.kind == "organization" and len(words) == 1 and _is_head(words[0].text):
        return leading  # "Партия өзүнүн ...": the party spoken of, not a name
    if mention.kind == "organization":
        # An organisation ends with its head noun, a capitalised word or a quote, never in the
        # words after it ("Башкы прокуратурага бир").
        while len(words) > 1 and words[-1].text.islower() and not _is_head(words[-1].text):
            words = words[:-1]
    if not words:
        return []
    if mention.kind == "person" and "-" in words[0].text and _capitalised(words[0].text):
        # Kyrgyz writes place names as hyphenated compounds (Чоң-Арык, Кара-Жыгач, Жаңы-Кала);
        # people's names are not.
        place = _mention("place", text, words[0].start, _place_stem_end(words[0]))
        rest = [w for w in words[1:] if _capitalised(w.text)]
        return [place] if not rest else [place, *_corrected_rest(text, mention, rest)]
    if (
        mention.kind == "person"
        and len(words) == 1
        and _sentence_start(text, words[0].start)
        and not text[words[0].start : _stem_end(words[0])].lower().endswith(_SURNAME_LIKE)
    ):
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
                elif text[rest[0].start : _stem_end(rest[0])].lower().endswith(_SURNAME_FINALS):
                    # "Атыр Абдрахматова Асанов менен": a second person named by surname.
                    corrected.append(_mention("person", text, rest[0].start, _stem_end(rest[0])))
            return corrected
    if mention.kind == "place":
        # The model runs a place into the verbs after it ("Кемпир-Абадда журналисттер
        # кармалды"); a place ends with a capitalised word or a head noun (району, аянты).
        while len(words) > 1 and words[-1].text.islower():
            if words[-1].text.startswith(_PLACE_HEADS):
                break
            words = words[:-1]
    end = _stem_end(words[-1])
    if mention.kind == "organization" and _is_head(words[-1].text):
        end = _head_end(words[-1])
    if mention.kind == "place" and len(words) > 1 and words[-1].text.startswith(_PLACE_HEADS):
        end = words[-1].start + len(possessed(words[-1].text))
        if words[-1].text.startswith(_SETTLEMENT_WORDS):
            # "Кең-Көл айылында": a village or a town is named without its kind's word, as the
            # name rules name it (Кең-Көл); a district or a street keeps it (Тоң району).
            end = words[-2].end
    if end <= mention.start:
        return leading
    return [*leading, replace(mention, text=text[mention.start : end], end=end)]


def _corrected_rest(text: str, mention: Mention, rest: list[_Word]) -> list[Mention]:
    """What follows a place wrongly joined to a name ("Жаңы-Каладагы Жеңиш аянтында")."""
    start, end = rest[0].start, _stem_end(rest[-1])
    if end <= start:
        return []
    lowered = rest[-1].text.lower()
    if lowered.startswith(("аянт", "көчө", "район", "айыл")):
        return [_mention("place", text, start, end)]
    return []


class KyrgyzRecogniser:
    """Persons, organisations and places in Kyrgyz Cyrillic text."""

    def __init__(self, base: Recogniser | None = None) -> None:
        self.base: Recogniser = base if base is not None else NatashaRecogniser()

    def mentions(self, text: str) -> list[Mention]:
        return self.mentions_many([text])[0]

    def mentions_many(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Mentions in each of ``texts``; the base model sees all of them in one call."""
        many = getattr(self.base, "mentions_many", None)
        based: list[list[Mention]] = (
            many(texts) if callable(many) else [self.base.mentions(text) for text in texts]
        )
        return [self._corrected_all(text, found) for text, found in zip(texts, based, strict=True)]

    @staticmethod
    def _corrected_all(text: str, based: list[Mention]) -> list[Mention]:
        if not text.strip():
            return []
        found: list[Mention] = []
        for mention in based:
            found.extend(_corrected(text, mention))
        found.extend(person_mentions(text))
        found.extend(organization_mentions(text))
        found.extend(quoted_organization_mentions(text))
        # The unit's and the acronym's rules read the grammar natasha does not know: their
        # reading wins over the model's where they overlap.
        # A place the model read over a unit's name and more stays as it read it, unless it
        # runs over two units' names ("Чүй облусунун Сокулук районунда": the region and the
        # district in it, two places, as "Sokuluk district of Chui region" is in English).
        units = unit_place_mentions(text)
        places = [
            m
            for m in found
            if m.kind == "place" and sum(m.start <= u.start and u.end <= m.end for u in units) < 2
        ]
        ruled = [
            *(m for m in units if not any(p.start <= m.start and m.end <= p.end for p in places)),
            *acronym_mentions(text),
        ]
        found = [mention for mention in found if not any(_overlap(mention, r) for r in ruled)]
        found.extend(ruled)
        return merge_mentions(as_written(text, mention) for mention in found)


def _overlap(one: Mention, other: Mention) -> bool:
    return one.start < other.end and other.start < one.end


def as_written(text: str, mention: Mention) -> Mention:
    """``mention`` widened to the end of its last word, its ``name`` the part it covered.

    The rules find a name by its stem (Атамбаев in Атамбаевдин); a reviewer sees, and the
    archive cites, the word as the text writes it.
    """
    end = mention.end
    while end < len(text) and text[end].isalpha():
        end += 1
    if end == mention.end:
        return mention
    return replace(mention, text=text[mention.start : end], end=end, name=mention.as_name)
