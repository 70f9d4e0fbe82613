"""Kyrgyz words as the name rules see them: the words of a text, and which of them can be part
of a name (surnames, patronyms, head nouns, offices) and which never open one (pronouns,
sentence openers, common words of news and testimony).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from docket.extract.kyrgyz_endings import LOCATIVE, case_ending_length, place_ending_length

__all__ = [
    "ADJECTIVES",
    "NOT_HEADS",
    "OFFICES",
    "ORGANIZATION_HEADS",
    "PATRONYMIC_FINALS",
    "PATRONYM_WORDS",
    "PLACE_HEADS",
    "SETTLEMENT_WORDS",
    "SURNAME_FINALS",
    "SURNAME_LIKE",
    "Word",
    "adjacent",
    "capitalised",
    "common_word",
    "head_end",
    "is_head",
    "is_plural_noun",
    "names_a_body",
    "place_stem_end",
    "placing",
    "starts_sentence",
    "stem_end",
    "text_words",
]

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

SURNAME_FINALS = ("ов", "ев", "ёв", "ова", "ева", "ёва", "ин", "ина")
PATRONYMIC_FINALS = ("ович", "евич", "овна", "евна", "ична")
PATRONYM_WORDS = ("уулу", "кызы")
# "Атамбаевдин уулу" is Atambaev's son, not a patronym: the father's name in one
# (Бакыт Асан уулу) takes no genitive.
ORGANIZATION_HEADS = (
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
NOT_HEADS = ("кызматкер",)

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
ADJECTIVES = frozenset(
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
OFFICES = frozenset(("акыйкатчы", "омбудсмен"))
SURNAME_LIKE = (*SURNAME_FINALS, *PATRONYM_WORDS, "ова", "ева")
PLACE_HEADS = ("район", "аянт", "көчө", "облус", "айыл", "шаар")
SETTLEMENT_WORDS = ("айыл", "шаар")


class Word(NamedTuple):
    text: str
    start: int
    end: int


def common_word(word: str) -> bool:
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


def names_a_body(word: str) -> bool:
    """Whether ``word`` is an organisation's head noun or an office (Омбудсмен, соту)."""
    return is_head(word) or word.lower() in OFFICES


def text_words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of ``text`` between ``start`` and ``end``, hyphenated compounds as one."""
    stop = len(text) if end is None else end
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, stop)]


def capitalised(word: str) -> bool:
    """Capitalised as a name is, not written all in capitals as an acronym is."""
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def adjacent(text: str, left: Word, right: Word) -> bool:
    """Whether ``right`` follows ``left`` after one or two whitespace characters, on one line."""
    gap = text[left.end : right.start]
    return 0 < len(gap) <= 2 and gap.isspace() and "\n" not in gap


def stem_end(word: Word) -> int:
    """Where ``word`` ends without its case ending."""
    return word.end - case_ending_length(word.text)


def is_plural_noun(word: str) -> bool:
    """A capitalised plural ("Дарыгерлер", "Кыргыздар"): a noun, never a person's name."""
    found = _PLURAL_NOUN.fullmatch(word.lower())
    return found is not None and len(found.group(1)) >= _MIN_PLURAL_STEM


# The endings a possessive head takes after its -н- (министрлиги+нде, сотту+на, +нан): the
# case endings alone would leave the -н on the name (Адилет министрлигин).
_AFTER_POSSESSIVE = re.compile(r"[ыиуү](н(?:[дт][аеоө](?:[гк][ыиуү])?|[аеоө]|[дт]?[аеоө]н))$")


def head_end(head: Word) -> int:
    """Where a head noun's name ends: its possessive form without the case after it."""
    found = _AFTER_POSSESSIVE.search(head.text.lower())
    return head.end - len(found.group(1)) if found else stem_end(head)


def placing(word: Word) -> bool:
    """A word in the locative that is no surname's ("Мечитте Имам ...": in the mosque, the
    imam): it says where, and a name after it starts after it."""
    lowered = word.text.lower()
    length = case_ending_length(word.text)
    return (
        length > 0
        and LOCATIVE.search(lowered) is not None
        and not lowered[: len(lowered) - length].endswith(SURNAME_LIKE)
    )


def is_head(word: str) -> bool:
    """Whether ``word`` is an organisation's head noun (партиясы, министрлиги, соту)."""
    lowered = word.lower()
    return lowered.startswith(ORGANIZATION_HEADS) and not lowered.startswith(NOT_HEADS)


def starts_sentence(text: str, offset: int) -> bool:
    # Spaces are passed over, a line break is not: a line's first word opens it.
    before = text[max(0, offset - 3) : offset].rstrip(" \t")
    return offset == 0 or not before or before[-1] in ".!?:…\n|·•"


def place_stem_end(word: Word) -> int:
    """Where the place's name ``word`` ends without its ending."""
    return word.end - place_ending_length(word.text)
