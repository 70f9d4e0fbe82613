"""Russian names in their dictionary form: the nominative a record is named by.

A Russian sentence puts a name in the case its grammar needs ("освобождения Мурада Алиева",
"в центре Жалал-Абада"); a record, and the archive's name index, want the dictionary form
(Мурад Алиев, Жалал-Абад). Each mention is read for the cases and genders its words can agree
on, and gives the names it may be the case form of; an entity's name is the one its mentions
agree on.

- A person: every word to the nominative in the gender the words agree on. Surnames in -ов,
  -ев, -ин are declined by their endings (Алиева is his genitive or her nominative; Алиевой only
  hers); other words by pymorphy3's readings of names; a given name ending in a consonant may be
  a woman's, which Russian does not decline (Асель, Гульзат). The Kyrgyz endings of given names
  (-бек a man's, гүл a woman's) rule out the other sex.
- A place or an organisation: the head noun (the first noun) and the adjectives before it, which
  agree with it, to the nominative; what follows the head (genitive dependents, a name in
  apposition, quoted names, numbers) is kept as written: "прокуратуру Нарынской области" is
  Прокуратура Нарынской области, "улице Ленина" улица Ленина. An organisation's name begins with
  a capital.
- The word just before a mention rules out cases: a preposition those it does not govern (из
  Оша: not the nominative Оша), a noun for a thing all but the genitive for a place or a person
  (в центре Жалал-Абада, освобождения Мурада Алиева); a word for a kind of place (городе,
  улица) does not, since a name beside it may stand in the nominative. A transitive verb no
  woman alone could be the subject of (арестовал, задержали), or its infinitive (освободить),
  rules out the nominative for a person after it: "арестовал Токтосунова" is his accusative,
  not her name; so does such a verb opening a sentence ("Задержали Токтосунова").
- An entity's name is the one its fullest mentions agree on (Алтын-Таше, Алтын-Таш,
  Алтын-Таша: Алтын-Таш), a person's in the gender all its mentions allow (Осмонов makes Нурлана
  Осмонова his genitive); where the agreed names leave a choice, one a mention writes as it
  stands wins, and failing that the name grouping chose is kept.

Words pymorphy3 does not know (hyphenated Kyrgyz places: Жалал-Абада, Кара-Балты) are read by
its guesses, which decline by the Russian ending; a guess is taken only when the dictionary form
keeps the written word but for its last two letters (three for an adjective). Such a word in -а
may also be a nominative (Жангы-Кала, which pymorphy3 reads as a Жангы-Кал's genitive), and in
-у the accusative of one; a text that writes the nominative in -а beside a form only that
declension has (Жангы-Калы) reads its other forms so. A Kyrgyz word ending in a long vowel
(Кок-Суу, Айсулуу) is not declined. Where the readings leave a choice, the name is kept as
written: a wrong nominative is worse than the case form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any, Final

from docket.extract.grouping import Entity, quoted_as_written
from docket.extract.mentions import Mention
from docket.extract.non_names import russian_analyser
from docket.extract.sexes import FEMALE, MALE, by_given_name

__all__ = ["in_nominative", "nominatives", "read_genders"]

_CASES: Final = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# pymorphy3's second genitive, locative and vocative are read as the case they stand for.
_CASE_OF: Final = {"gen2": "gent", "loc2": "loct", "acc2": "accs", "voct": "nomn"}
_GENDERS: Final = ("masc", "femn")
_OBJECT_CASES: Final = frozenset(("gent", "datv", "accs", "ablt", "loct"))
_PHRASE_GENDERS: Final = ("masc", "femn", "neut")
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
# A Russian surname of the -ов, -ев, -ин family: its stem and its case ending.
_SURNAME: Final = re.compile(r"(.+(?:ов|ев|ёв|ин|ын))(а|у|ым|е|ой|ою)?", re.IGNORECASE)
# The endings of such a surname in each case, a man's and a woman's.
_SURNAME_ENDINGS: Final = {
    ("nomn", "masc"): "", ("gent", "masc"): "а", ("datv", "masc"): "у",
    ("accs", "masc"): "а", ("ablt", "masc"): "ым", ("loct", "masc"): "е",
    ("nomn", "femn"): "а", ("gent", "femn"): "ой", ("datv", "femn"): "ой",
    ("accs", "femn"): "у", ("ablt", "femn"): "ой", ("loct", "femn"): "ой",
}  # fmt: skip
_INITIAL: Final = re.compile(r"[А-ЯЁA-Z]\.(?:[А-ЯЁA-Z]\.)*")
# Words a Kyrgyz name is built with that Russian leaves undeclined (Мурат уулу, Айгуль кызы).
_UNDECLINED: Final = frozenset(("уулу", "кызы"))
_CYRILLIC_WORD: Final = re.compile(r"[А-ЯЁа-яёӨөҮүҢң]+(?:-[А-ЯЁа-яёӨөҮүҢң]+)*")
_VOWELS: Final = "аеёиоуыэюяөү"
# How many letters at its end a word pymorphy3 does not know may change: a noun's case ending
# (Жалал-Абада, Жалал-Абад), an adjective's (Ат-Башинского, Ат-Башинский).
_GUESSED_ENDING = 2
_GUESSED_ADJECTIVE_ENDING = 3
# A Kyrgyz word ending in a long vowel (Кок-Суу, Айсулуу) is not declined in Russian.
_LONG_VOWEL: Final = re.compile(r"([аоуыэөү])\1$")
# The endings of a noun declined like Кала (Жангы-Кала, -Калы, -Кале, -Калу, -Калой), the
# cases each stands for, and those only it has: the bare stem and -ом are another declension's.
_A_ENDINGS: Final = {
    "а": ("nomn",), "ы": ("gent",), "е": ("datv", "loct"), "у": ("accs",),
    "ой": ("ablt",), "ою": ("ablt",),
}  # fmt: skip
_A_ONLY: Final = ("ы", "ой", "ою")
_OTHER_DECLENSION: Final = ("", "ом", "ем")
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

# A reading of a word: its case and gender, and its dictionary form in that gender.
_Reading = tuple[str, str, str]


@lru_cache(maxsize=20_000)
def _parses(word: str) -> tuple[Any, ...]:
    return tuple(russian_analyser().parse(word))


def _case(tag: Any) -> str | None:
    case = tag.case
    return None if case is None else _CASE_OF.get(str(case), str(case))


def _close(written: str, nominative: str, ending: int = _GUESSED_ENDING) -> bool:
    """Whether a guessed dictionary form keeps the written word but for its ending."""
    common = 0
    for a, b in zip(written, nominative, strict=False):
        if a != b:
            break
        common += 1
    return common >= max(len(written), len(nominative)) - ending


def _nominative_of(parse: Any, lowered: str) -> str | None:
    inflected = parse.inflect({"nomn", "sing"}) if "sing" in parse.tag else None
    form = inflected.word if inflected is not None else None
    if form is None or ("-" in lowered and "-" not in form):
        return None
    if not parse.is_known and not _close(lowered, form):
        return None
    return str(form)


def _styled(written: str, form: str) -> str:
    """``form`` with the capitals of ``written``: all capitals, or those of its hyphened parts."""
    if written.isupper() and len(written) > 1:
        return form.upper()
    parts, shapes = form.split("-"), written.split("-")
    if len(parts) != len(shapes):
        return form[:1].upper() + form[1:] if written[:1].isupper() else form
    return "-".join(
        part[:1].upper() + part[1:] if shape[:1].isupper() else part
        for part, shape in zip(parts, shapes, strict=True)
    )


@lru_cache(maxsize=20_000)
def _noun_readings(word: str) -> tuple[_Reading, ...]:
    """The (case, gender, nominative) a word can be read as when it heads a name."""
    lowered = word.lower()
    found: dict[tuple[str, str], str] = {}
    if _LONG_VOWEL.search(lowered):
        return tuple((case, gender, lowered) for case in _CASES for gender in _GENDERS)
    for parse in _parses(lowered):
        tag = parse.tag
        if tag.POS != "NOUN" or "plur" in tag:
            continue
        # A noun of common gender (судья, сирота) agrees as a man's or a woman's.
        genders = _GENDERS if tag.gender is None or "ms-f" in tag else (str(tag.gender),)
        if "Fixd" in tag:
            for case in _CASES:
                for gender in genders:
                    found.setdefault((case, gender), lowered)
            continue
        read = _case(tag)
        nominative = lowered if read == "nomn" else _nominative_of(parse, lowered)
        if read is not None and nominative is not None:
            for gender in genders:
                found.setdefault((read, gender), nominative)
    if (
        lowered[-1:] in "ая"
        and not any(parse.is_known for parse in _parses(lowered))
        and not any(case == "nomn" for case, _ in found)
    ):
        # Жангы-Кала, which pymorphy3 guesses to be the genitive of a Жангы-Кал, may as well be
        # a nominative: the text or its other forms have to tell.
        for gender in _GENDERS:
            found.setdefault(("nomn", gender), lowered)
    if (
        lowered[-1:] == "у"
        and len(lowered) > 3
        and lowered[-2] not in _VOWELS
        and not any(parse.is_known for parse in _parses(lowered))
        and not any(case == "accs" for case, _ in found)
    ):
        # Likewise Жангы-Калу, guessed to be a Жангы-Кал's dative, may be Жангы-Кала's
        # accusative.
        found.setdefault(("accs", "femn"), lowered[:-1] + "а")
    if not any(parse.is_known for parse in _parses(lowered)):
        # A guessed neuter (Токмоко, for Токмока) beside a guessed masculine of the same case
        # (Токмок) is left out: a name of the region does not end in -о.
        found = {
            (case, gender): form
            for (case, gender), form in found.items()
            if gender != "neut" or (case, "masc") not in found
        }
    return tuple((case, gender, form) for (case, gender), form in found.items())


@lru_cache(maxsize=20_000)
def _adjective_readings(word: str) -> tuple[_Reading, ...]:
    """The (case, gender, nominative) of an adjective agreeing with a singular noun."""
    lowered = word.lower()
    found: dict[tuple[str, str], str] = {}
    for parse in _parses(lowered):
        tag = parse.tag
        if tag.POS != "ADJF" or "plur" in tag:
            continue
        case = _case(tag)
        inflected = parse.inflect({"nomn"})
        if case is None or tag.gender is None or inflected is None:
            continue
        if not parse.is_known and not _close(lowered, inflected.word, _GUESSED_ADJECTIVE_ENDING):
            continue
        found.setdefault((case, str(tag.gender)), lowered if case == "nomn" else inflected.word)
    return tuple((case, gender, form) for (case, gender), form in found.items())


def _known(word: str) -> bool:
    return any(parse.is_known for parse in _parses(word.lower()))


def _a_declension(word: str, written: frozenset[str]) -> tuple[_Reading, ...] | None:
    """The readings of a word pymorphy3 does not know that the text declines like Кала: it
    writes the nominative and a form only that declension has (Жангы-Кала, Жангы-Калы), and
    neither the bare stem nor its -ом (which Жалал-Абад, Жалал-Абада, Жалал-Абадом would)."""
    lowered = word.lower()
    if _known(lowered):
        return None
    for ending in sorted(_A_ENDINGS, key=len, reverse=True):
        stem = lowered[: len(lowered) - len(ending)]
        if lowered.endswith(ending) and len(stem) >= 3 and stem[-1] not in _VOWELS:
            break
    else:
        return None
    if (
        stem + "а" not in written
        or not any(stem + only in written for only in _A_ONLY)
        or any(stem + other in written for other in _OTHER_DECLENSION)
    ):
        return None
    return tuple((case, gender, stem + "а") for case in _A_ENDINGS[ending] for gender in _GENDERS)


@lru_cache(maxsize=20_000)
def _person_word_readings(word: str) -> tuple[_Reading, ...]:
    lowered = word.lower()
    if lowered in _UNDECLINED:
        return tuple((case, gender, lowered) for case in _CASES for gender in _GENDERS)
    surname = _SURNAME.fullmatch(lowered)
    readings: dict[tuple[str, str], str] = {}
    if surname is not None:
        stem, ending = surname.group(1), surname.group(2) or ""
        for (case, gender), expected in _SURNAME_ENDINGS.items():
            if expected == ending:
                readings[case, gender] = stem + ("а" if gender == "femn" else "")
        if ending == "ою":
            readings["ablt", "femn"] = stem + "а"
    else:
        for case, gender, form in _noun_readings(word):
            if gender in _GENDERS:
                readings.setdefault((case, gender), form)
        if lowered[-1:] not in _VOWELS:
            # A woman's given name or foreign surname ending in a consonant is not declined.
            for case in _CASES:
                readings.setdefault((case, "femn"), lowered)
    sexes = by_given_name(word)
    if sexes == MALE:
        readings = {key: form for key, form in readings.items() if key[1] == "masc"}
    elif sexes == FEMALE:
        readings = {key: form for key, form in readings.items() if key[1] == "femn"}
    return tuple((case, gender, form) for (case, gender), form in readings.items())


def _governed(text: str, mention: Mention) -> frozenset[str] | None:
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
        for parse in _parses(word)
        if parse.is_known and parse.tag.POS == "NOUN"
        for case in (_case(parse.tag),)
        if case is not None
    )


@lru_cache(maxsize=20_000)
def _person_noun(word: str) -> bool:
    """Whether a word is only ever a noun for people (жителей, уроженец)."""
    parses = [parse for parse in _parses(word) if parse.is_known]
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
    parses = [parse for parse in _parses(word) if parse.is_known]
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
    parses = [parse for parse in _parses(word) if parse.is_known]
    return (
        bool(parses)
        and all(parse.tag.POS == "NOUN" and "inan" in parse.tag for parse in parses)
        and not any(parse.normal_form in _KIND_WORDS for parse in parses)
    )


def _agreeing(
    words: Sequence[str],
    readings: Sequence[Sequence[_Reading]],
    governed: frozenset[str] | None,
    genders: Sequence[str] = _GENDERS,
) -> list[tuple[str, str]]:
    """The names ``words`` write in the nominative, with the gender each is read in, for each
    case and gender all their ``readings`` share; the written words first when they can be the
    nominative."""
    shared = [
        (case, gender)
        for case in _CASES
        for gender in genders
        if all(any(r[0] == case and r[1] == gender for r in options) for options in readings)
    ]
    if governed is not None and any(case in governed for case, _ in shared):
        shared = [(case, gender) for case, gender in shared if case in governed]
    names: list[tuple[str, str]] = []
    for case, gender in shared:
        forms = [
            next(r[2] for r in options if r[0] == case and r[1] == gender) for options in readings
        ]
        name = " ".join(
            word if case == "nomn" else _styled(word, form)
            for word, form in zip(words, forms, strict=True)
        )
        if (gender, name) not in names:
            names.append((gender, name))
    return names


def _person(text: str, mention: Mention) -> list[tuple[str, str]]:
    words = mention.text.split()
    declined = []
    for index, word in enumerate(words):
        if _CYRILLIC_WORD.fullmatch(word):
            declined.append(index)
        elif not _INITIAL.fullmatch(word):
            return []
    if not declined:
        return []
    readings = [_person_word_readings(words[index]) for index in declined]
    names = _agreeing([words[index] for index in declined], readings, _governed(text, mention))
    result = []
    for gender, name in names:
        new = iter(name.split())
        whole = " ".join(next(new) if i in declined else w for i, w in enumerate(words))
        result.append((gender, whole))
    return result


def _acronym(word: str) -> bool:
    """An abbreviation (РОВД, ГОВД), not a name in capitals (ОШЕ, ТАЛАСА)."""
    if len(word) < 2 or not word.isupper() or not word.isalpha():
        return False
    parses = _parses(word.lower())
    return not _noun_readings(word) or any("Abbr" in parse.tag for parse in parses)


def _phrase(text: str, mention: Mention, spelt: frozenset[str]) -> list[str]:
    """A place's or an organisation's names: head noun and adjectives before it declined."""
    words = mention.text.split()
    head = None
    for index, word in enumerate(words):
        if not _CYRILLIC_WORD.fullmatch(word):
            return []
        adjective = bool(_adjective_readings(word))
        # A word read both ways is the head only where nothing follows (Кара-Сууйскую
        # районную больницу: an adjective, with a surname among pymorphy3's guesses).
        noun = bool(_noun_readings(word) or _a_declension(word, spelt))
        if _acronym(word) or (noun and (not adjective or index == len(words) - 1)):
            head = index
            break
        if not adjective:
            return []
    if head is None:
        return []
    readings: list[Sequence[_Reading]] = [_adjective_readings(word) for word in words[:head]]
    declined = _a_declension(words[head], spelt)
    if declined is not None:
        readings.append(declined)
    elif _acronym(words[head]):
        # An acronym pymorphy3 does not know is not declined: the adjectives before it tell
        # the case. The bodies such acronyms name (отдел, комитет, департамент) are mostly
        # masculine.
        if not readings:
            return [mention.text]
        readings.append(tuple((case, "masc", words[head]) for case in _CASES))
    else:
        readings.append(_noun_readings(words[head]))
    names = _agreeing(words[: head + 1], readings, _governed(text, mention), _PHRASE_GENDERS)
    rest = words[head + 1 :]
    found = []
    for _, name in names:
        whole = " ".join([name, *rest])
        if mention.kind == "organization":
            whole = whole[:1].upper() + whole[1:]
        if whole not in found:
            found.append(whole)
    return found


def _spelt(text: str) -> frozenset[str]:
    return frozenset(word.lower() for word in _CYRILLIC_WORD.findall(text))


def nominatives(text: str, mention: Mention, spelt: frozenset[str] | None = None) -> list[str]:
    """The names a mention of a Russian ``text`` may write in the nominative: the written name
    first when it can be read so; empty when its words cannot be read. ``spelt`` is the set of
    the text's words in lower case, when it is at hand."""
    if mention.name:
        # A name set before (a heading's capitals undone: ТАЛАСА, Таласа) is read instead.
        mention = replace(mention, text=mention.name)
    if mention.kind == "person":
        return list(dict.fromkeys(name for _, name in _person(text, mention)))
    return _phrase(text, mention, _spelt(text) if spelt is None else spelt)


def _words(name: str) -> int:
    return sum(not _INITIAL.fullmatch(word) for word in name.split())


def _sex(read: Sequence[list[tuple[str, str]]]) -> frozenset[str]:
    """The genders every mention of a person can be read in (``read``: each mention's names
    with their genders): "Осмонов" makes "Нурлана Осмонова" his genitive, not her nominative."""
    genders = frozenset(_GENDERS)
    for names in read:
        found = frozenset(gender for gender, _ in names)
        if found and found & genders:
            genders &= found
    return genders


def read_genders(text: str, mentions: Sequence[Mention]) -> frozenset[str]:
    """The genders ("masc", "femn") every mention of one person can be read in, by its words
    and the word before it: "от Жумалиева" is only his genitive."""
    return _sex([_person(text, replace(m, text=m.name) if m.name else m) for m in mentions])


def _entity_name(text: str, entity: Entity, spelt: frozenset[str]) -> str:
    """The name the entity's fullest mentions agree on; as chosen by grouping where they
    agree on none or leave a choice none of them writes."""
    fullest = max(_words(mention.as_name) for mention in entity.mentions)
    mentions = [
        replace(mention, text=mention.name) if mention.name else mention
        for mention in entity.mentions
    ]
    people = [_person(text, mention) for mention in mentions] if entity.kind == "person" else []
    sex = _sex(people)
    shared: list[str] | None = None
    spellings: dict[str, list[str]] = {}
    written: set[str] = set()
    for index, mention in enumerate(mentions):
        if _words(mention.text) != fullest:
            continue
        if entity.kind == "person":
            names = list(dict.fromkeys(name for gender, name in people[index] if gender in sex))
        else:
            names = _phrase(text, mention, spelt)
        if not names:
            continue
        if names[0].casefold() == mention.text.casefold():
            written.add(names[0].casefold())
        keys = [name.casefold() for name in names]
        for key, name in zip(keys, names, strict=True):
            spellings.setdefault(key, []).append(name)
        shared = keys if shared is None else [key for key in shared if key in keys]
    if not shared:
        return entity.name
    # A name one of the mentions writes as it stands is preferred.
    chosen = [key for key in shared if key in written] or shared
    if len(chosen) > 1:
        return entity.name
    # Spelt as a mention spells it, not in capitals where one does not ("ОШЕ", "Ош").
    found = spellings[chosen[0]]
    return next((name for name in found if not name.isupper()), found[0])


def in_nominative(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """``entities`` of a Russian ``text`` named by the dictionary form their mentions agree on
    (see the module's description); the mentions' spans are not changed."""
    spelt = _spelt(text)
    return [
        replace(entity, name=quoted_as_written(_entity_name(text, entity, spelt), entity.mentions))
        for entity in entities
    ]
