"""A mention's kind decided by the mentions and words around it, or the mention dropped.

A one-word name listed with places or after a preposition of route is a place; one after a
relative's word or before an age, or that opens a person's full name the text writes, is a
person's; a Kyrgyz word whose stem is a place the text
names is that place, and a place in the genitive before an office's noun is the office. A
"place" that is a case's name, a network, a compound noun, a word for people from a place or a
kind's word alone is no place. These rules read a mention's neighbours, so they are apart from
the corrections of one mention and run after them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from docket.extract.kyrgyz_endings import case_ending_length, place_ending_length, possessed
from docket.extract.kyrgyz_words import names_a_body
from docket.extract.mentions import Mention, merge_mentions
from docket.extract.name_words import (
    GENITIVES,
    LETTER,
    ORGANIZATION_HEADS,
    QUOTES,
    SURNAME_FINALS,
    is_person_like,
    with_kind,
)
from docket.extract.place_lines import CONTEXT_SOURCE, RULES_SOURCE

# A relative's word before a one-word name makes it a person's ("whose son Dastan was shot",
# "сын Дастан"), whatever the model took the given name for.
_KIN_BEFORE = {
    "en": re.compile(
        r"\b(?:son|daughter|brother|sister|wife|husband|father|mother|nephew|niece|cousin"
        r"|grandson|granddaughter|uncle|aunt),? $"
    ),
    "ru": re.compile(
        r"(?<!\w)(?:сын|сына|сыну|дочь|дочери|брат|брата|брату|сестра|сестры|жена|жены|муж"
        r"|мужа|отец|отца|мать|матери|племянник|внук|внучка),? $"
    ),
}
# An age in apposition after a one-word name ("Aisuluu, 34, a mother of two", "Айсулуу, 34
# года,") makes it a person's.
_AGE_AFTER = {
    "en": re.compile(r", \d{1,2}(?:,| years? old\b)"),
    "ru": re.compile(r", \d{1,2} (?:год|года|лет)\b"),
}


_LATIN_COMPOUND = re.compile(r"(?<![\w-])[A-Z][a-z]+(?:-[A-Z][a-z]+)+(?![\w-])")


_LIST_JOINT = re.compile(r"(?:,|,? (?:и|and|жана|же|или|or)) ")


# A Kyrgyz word for someone or something from a place: the place, -лык and its variants, and a
# plural or a case after them ("Кара-Жыгачтык", "Ак-Сайлыктар").
_DEMONYM = re.compile(
    r"(" + LETTER + r"+(?:-" + LETTER + r"+)*?)(?:[лдт](?:ык|ик|ук|үк))" + LETTER + "*"
)
# Social networks, written in Kyrgyz with a capital and a case ending like a town.
_NETWORKS = frozenset(
    ("фейсбук", "телеграм", "инстаграм", "ютуб", "твиттер", "тикток", "ватсап", "интернет")
)
# The same networks in Russian and English, with a case ending ("Ютубе", "Телеграме").
_NETWORK_PLACE = re.compile(
    r"(?:фейсбук|телеграм|инстаграм|ютуб|твиттер|тикток|ватсап|вконтакт|интернет|facebook"
    r"|telegram|instagram|youtube|twitter|tiktok|whatsapp|internet)" + LETTER + "{0,3}"
)
# Kyrgyz offices after the genitive of the place they serve ("Ысык-Көл облусунун
# прокуратурасына": the regional prosecutor's office), in the possessive.
_OFFICE_OF_PLACE = re.compile(
    r" (?:прокуратура|сот|акимчилиг|мэрия|башкармалыг|бөлүм|кеңеш)" + LETTER + "*"
)


def kyrgyz_places_in_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Kyrgyz names the document writes as a place elsewhere: a one-word "person" whose stem
    is a place named in the document ("Караколго" after "Каракол шаарында") is the place, and a
    place in the genitive before an office's noun is the office's name, an organisation."""
    places = {mention.as_name for mention in mentions if mention.kind == "place"}
    fixed = []
    for mention in mentions:
        if (
            mention.kind == "place"
            and " " in mention.text
            and names_a_body(mention.text.split()[-1])
        ):
            # "Жогорку Кеңеште" (in Parliament): a body in the locative, no place.
            ending = case_ending_length(mention.text)
            mention = replace(
                mention, kind="organization", name=mention.text[: len(mention.text) - ending]
            )
        if mention.kind == "place" and "-" in mention.text and mention.as_name == mention.text:
            # "Сары-Белдеги протестанттар" opening a sentence: the place without its ending.
            ending = place_ending_length(mention.text)
            if ending:
                mention = replace(mention, name=mention.text[: len(mention.text) - ending])
        if mention.kind == "place":
            demonym = _DEMONYM.fullmatch(mention.text)
            if demonym is not None and demonym.group(1) in places:
                # "Кара-Жыгачтык тургундар" (residents of Kara-Jygach), where the document names
                # Кара-Жыгач: a word made from the place, no mention of it.
                continue
            ending = case_ending_length(mention.text)
            if mention.text[: len(mention.text) - ending].lower() in _NETWORKS:
                continue  # "Фейсбукта": on Facebook, no place
        if mention.kind == "person" and " " not in mention.text:
            ending = case_ending_length(mention.text)
            stem = mention.text[: len(mention.text) - ending] if ending else mention.text
            if stem in places and not is_person_like(stem):
                mention = replace(mention, kind="place", name=stem)
        if mention.kind == "place" and mention.text.lower().endswith(GENITIVES):
            office = _OFFICE_OF_PLACE.match(text, mention.end)
            if office is not None:
                end = office.end()
                name = text[mention.start : office.start() + 1] + possessed(office.group()[1:])
                mention = Mention(
                    "organization", text[mention.start : end], mention.start, end,
                    RULES_SOURCE, name,
                )  # fmt: skip
        fixed.append(mention)
    return merge_mentions(fixed, (RULES_SOURCE,))


def listed_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """A one-word "person" listed with places is one too ("из Таласа, Нарына и Каракола",
    "from Naryn, Talas and Karakol"), unless it looks like a surname; so is a one-word
    "organisation" with places listed on both sides of it ("from Naryn, Kochkor and At-Bashy"),
    and a hyphenated name the model passed over, listed after a place ("from Kochkor-Ata and
    Ak-Bulun")."""
    mentions = _listed_compounds(text, mentions)
    fixed = list(mentions)
    for index, mention in enumerate(mentions):
        if mention.kind == "place" or " " in mention.text or is_person_like(mention.as_name):
            continue
        neighbours = []
        if index > 0:
            neighbours.append((mentions[index - 1], text[mentions[index - 1].end : mention.start]))
        if index + 1 < len(mentions):
            neighbours.append((mentions[index + 1], text[mention.end : mentions[index + 1].start]))
        listed = [
            other.kind == "place" and bool(between) and _LIST_JOINT.fullmatch(between) is not None
            for other, between in neighbours
        ]
        between_places = (
            mention.kind == "organization"
            and len(listed) == 2
            and all(listed)
            and not mention.text.isupper()
            and not any(quote in mention.text for quote in QUOTES)
        )
        if (mention.kind == "person" and any(listed)) or between_places:
            fixed[index] = with_kind(mention, "place")
    return fixed


def _listed_compounds(text: str, mentions: list[Mention]) -> list[Mention]:
    """Hyphenated names the model passed over, listed after a place or after a one-word name
    listed after one ("from Naryn, Kochkor and At-Bashy", whatever "Kochkor" was read as)."""
    added = []
    ends = [mention.end for mention in mentions]
    for match in _LATIN_COMPOUND.finditer(text):
        index = bisect.bisect_right(ends, match.start()) - 1
        if index < 0 or (index + 1 < len(mentions) and mentions[index + 1].start < match.end()):
            continue
        previous = mentions[index]
        if not _LIST_JOINT.fullmatch(text[previous.end : match.start()]):
            continue
        if previous.kind != "place" and not (
            index > 0
            and " " not in previous.text
            and mentions[index - 1].kind == "place"
            and _LIST_JOINT.fullmatch(text[mentions[index - 1].end : previous.start])
        ):
            continue
        added.append(Mention("place", match.group(), *match.span(), CONTEXT_SOURCE))
    return merge_mentions([*mentions, *added]) if added else mentions


# Russian prepositions of route and distance that take places, hardly people ("через Балыкчи",
# "до Кара-Балты", "около Токмока"); "у", "к", "с" and "в" take both and are left out.
_ROUTE_BEFORE = {
    "ru": re.compile(r"(?<![\w-])(?:через|до|около|возле|близ|под|из) $", re.IGNORECASE)
}


def places_after_route(text: str, language: str, mentions: list[Mention]) -> list[Mention]:
    """A one-word "person" after a preposition of route ("через Балыкчи в Нарын") is a place,
    unless it looks like a surname ("из Асанова" stays out of reach: "из" takes people too)."""
    route = _ROUTE_BEFORE.get(language)
    if route is None:
        return mentions
    return [
        with_kind(mention, "place")
        if mention.kind == "person"
        and " " not in mention.text
        and not is_person_like(mention.as_name)
        and not mention.text.lower().endswith(SURNAME_FINALS)
        and route.search(text, max(0, mention.start - 8), mention.start) is not None
        else mention
        for mention in mentions
    ]


def relatives(text: str, language: str, mentions: list[Mention]) -> list[Mention]:
    kin, age = _KIN_BEFORE.get(language), _AGE_AFTER.get(language)
    if kin is None or age is None:
        return mentions
    # A one-word "place" that opens a person's full name the text writes ("Bakyt" after "Bakyt
    # Nazarov") is that person's given name: a witness speaks of a relative by it.
    given = {
        mention.text.split()[0]
        for mention in mentions
        if mention.kind == "person" and len(mention.text.split()) > 1
    }
    return [
        with_kind(mention, "person")
        if mention.kind != "person"
        and " " not in mention.text
        and "-" not in mention.text
        and (
            kin.search(text, max(0, mention.start - 20), mention.start) is not None
            or age.match(text, mention.end) is not None
            or (mention.kind == "place" and mention.text in given)
        )
        else mention
        for mention in mentions
    ]


# A Kyrgyz case named after a place ("Кок-Суу иши", "Кок-Суу ишине окшош": like the Kok-Suu
# case): the case is no place, as "the Kok-Suu case" and "дело Кок-Суу" are not.
_KYRGYZ_CASE_AFTER = re.compile(r"[»\"”]? иш(?:и|ин|ине|инин|инде|инен|тер|тери)(?!" + LETTER + ")")
# A kind's word alone, capitalised by a line break or a sentence ("в Республике\nАлтын-Таш"):
# a republic, a region, a district, a town or a village unnamed is no place's name.
_KIND_ALONE = re.compile(
    r"республик[аиеуо]й?|област[ьиею]|областью|район[аеу]?|районом|город[аеу]?|городом"
    r"|сел[оаеу]|селом|республикасы[а-яөүң]*|облус[уа-яөүң]*|шаар[а-яөүң]*|айыл[а-яөүң]*"
    r"|republic|region|district|city|town|village|province"
)
# A hyphenated word whose later parts are in lower case is a compound noun ("Кылмыш-жаза
# кодекси": the criminal code), never a place's name, whose parts are capitalised but for a
# connector (Ростов-на-Дону).
_WORD_AFTER = re.compile(r" ([а-яёөүң]+)")
# The Kyrgyz word for people from a place, alone or in the plural ("Нарындык",
# "Таластыктар"): the suffix ends the word, unlike the "лык" inside Балыкчы.
_DEMONYM_WORD = re.compile(
    r"[А-ЯЁӨҮҢ][а-яёөүң]+(?:-[А-ЯЁӨҮҢ][а-яёөүң]+)*[лдт](?:ык|ик|ук|үк)(?:тар|тер|тор|төр)?"
)
_KYRGYZ_PLACE_WORDS = ("айыл", "шаар", "район", "облус", "кыштак", "көчө", "аймак")
_NAME_CONNECTORS = ("на", "де", "ла", "сюр", "le", "la", "de", "on", "upon", "sur")


def no_place(text: str, language: str, mention: Mention) -> bool:
    """Whether the "place" ``mention`` is a case's name, a compound noun, a word for people from
    a place or a kind's word alone: no place."""
    if mention.kind != "place":
        return False
    if language == "ky" and _KYRGYZ_CASE_AFTER.match(text, mention.end):
        return True
    if _KIND_ALONE.fullmatch(mention.text.lower()):
        return True
    if language == "en" and mention.text.lower() in ORGANIZATION_HEADS:
        return True  # "The Centre has sent two letters": a body told of again, no place
    if _NETWORK_PLACE.fullmatch(mention.text.lower()):
        return True  # "на Ютубе", "в Телеграме", "on Facebook": a network, no place
    if language == "ky" and _DEMONYM_WORD.fullmatch(mention.text):
        # "Нарындык укук коргоочулар" (human rights defenders from Naryn): a word for people
        # from a place before the noun it describes; a village so named is written "… айылы".
        following = _WORD_AFTER.match(text, mention.end)
        if following is not None and not following.group(1).startswith(_KYRGYZ_PLACE_WORDS):
            return True
    parts = mention.text.split("-")
    return (
        len(parts) > 1
        and " " not in mention.text
        and parts[0][:1].isupper()
        and all(
            part.isalpha() and part.islower() and part not in _NAME_CONNECTORS for part in parts[1:]
        )
    )
