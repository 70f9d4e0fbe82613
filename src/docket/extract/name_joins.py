"""Names the models cut in two joined, and names they ran together split.

A Russian organisation's name opens with a head noun before a quoted name or with capitalised
adjectives the model left out, and may be read in two parts (an office and the region it
serves); a court's name runs on over its seat, and a body named by the unit it serves over the
place before it ("Kara-Bulak District Police Department"). One span may also hold two names
("Special Operations Directorate of the Ministry of the Interior", "Moldovanovka, Chui
region"). These rules move where names begin and end, apart from the corrections of one mention
by its words.
"""

from __future__ import annotations

import re
from dataclasses import replace

from docket.extract.mentions import Mention
from docket.extract.name_words import LETTER, ORGANIZATION_HEADS, is_person_like, letter_words
from docket.extract.place_lines import RULES_SOURCE

# An office before the region or district it serves, in the genitive ("Прокуратура Ошской
# области", "прокуратуру Иссык-Кульской области"): one body's name, not also a place. A town
# after an office ("мэрии Жангы-Калы") is written as the place the office is in, and so is a
# district after its administration ("Акимиат Ала-Мышского района").
_OFFICE_BEFORE_UNIT = re.compile(r"(?<![\w-])(?:[Пп]рокуратур|[Уу]правлени)" + LETTER + r"* $")
_UNIT_GENITIVE = re.compile(r" (?:области|района)$")
# A prosecutor's office named after a town is a body too ("Прокуратура Жангы-Калы",
# "прокуратуру Кара-Балты"), as the guideline has it; the office of the state itself has its
# adjective ("Генеральная прокуратура Алтын-Таша") and is read with it.
_PROSECUTOR_BEFORE_TOWN = re.compile(r"(?<![\w-])[Пп]рокуратур" + LETTER + r"* $")
# Head nouns before a quoted name in Russian ("Правозащитный центр «Калкан»", "Ассоциация
# «Ачык Коом»"): the phrase, from its capitalised first word, is the organisation's name.
_QUOTED_HEADS = (
    "центр", "ассоциаци", "фонд", "клиник", "партия", "движени", "союз", "организаци",
    "объединени", "агентств", "издани", "газет",
)  # fmt: skip
_DESCRIPTIVE_HEADS = ("газет", "издани")
_WORD_BEFORE = re.compile(LETTER + r"+ $")
_CAPITALISED_ADJECTIVE = re.compile(
    r"[А-ЯЁ]" + LETTER + r"+(?:ого|его|ый|ий|ой|ая|яя|ое|ее|ых|их|ые|ие)(?!" + LETTER + ")"
)
_RUSSIAN_ADJECTIVE = re.compile(r"[А-ЯЁ]" + LETTER + r"+(?:ого|его|ый|ий|ой|ая|яя|ое|ее|ых|их) $")


def quoted_with_head(text: str, mention: Mention) -> Mention:
    if mention.kind != "organization" or not mention.text.startswith("«"):
        return mention
    start = mention.start
    words: list[int] = []
    for _ in range(3):
        word = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if word is None:
            break
        start = word.start()
        words.append(start)
    if not words or not text[words[0] :].lower().startswith(_QUOTED_HEADS):
        return mention
    # The name opens with a capitalised adjective or head noun ("Правозащитный центр",
    # "Центр «...»"), never with another word ("По данным центра «Калкан»").
    capitalised = [
        offset
        for offset in words
        if text[offset].isupper()
        and (
            _CAPITALISED_ADJECTIVE.match(text, offset) is not None
            or text[offset:].lower().startswith(_QUOTED_HEADS)
        )
    ]
    if not capitalised:
        return mention
    start = capitalised[-1]
    if text[start:].lower().startswith(_DESCRIPTIVE_HEADS):
        # "Газета «Нарын» сообщила": the newspaper is named «Нарын», as in "газеты «Нарын»";
        # the noun is capitalised only where it opens the sentence.
        return mention
    return replace(mention, text=text[start : mention.end], start=start, name="")


def russian_adjectives_before(text: str, mention: Mention) -> Mention:
    """ "Исполнительное бюро Прогрессивного | Международного Альянса": a capitalised adjective
    right before an organisation's name, inside a sentence, opens that name."""
    if mention.kind != "organization":
        return mention
    start = mention.start
    while True:
        word = _RUSSIAN_ADJECTIVE.search(text, max(0, start - 30), start)
        if word is None:
            break
        preceding = text[max(0, word.start() - 2) : word.start()]
        if not preceding.strip() or preceding.rstrip()[-1:] in ".!?:\n":
            break
        start = word.start()
    if start == mention.start:
        return mention
    return replace(mention, text=text[start : mention.end], start=start, name="")


def joined_organisations(text: str, mentions: list[Mention]) -> list[Mention]:
    """Russian organisation names the model cut in two ("Прогрессивного | Международного
    Альянса"), an acronym with the state it belongs to ("МВД Алтын-Таша"), and an office with
    the region or district it serves ("Прокуратура Ошской области") or the town it is named
    after ("прокуратуру Кара-Балты")."""
    joined: list[Mention] = []
    for mention in mentions:
        office = (
            (
                _OFFICE_BEFORE_UNIT
                if _UNIT_GENITIVE.search(mention.text)
                else _PROSECUTOR_BEFORE_TOWN
            ).search(text, max(0, mention.start - 30), mention.start)
            if mention.kind == "place"
            else None
        )
        if office is not None and not (joined and joined[-1].end > office.start()):
            start = office.start()
            joined.append(
                Mention("organization", text[start : mention.end], start, mention.end, RULES_SOURCE)
            )
            continue
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == "organization"
            and mention.kind in ("organization", "place")
            and (mention.kind == "organization" or previous.text.isupper())
            and text[previous.end : mention.start] == " "
            and "«" not in mention.text + previous.text
        ):
            joined[-1] = replace(
                previous, text=text[previous.start : mention.end], end=mention.end, name=""
            )
            continue
        joined.append(mention)
    return joined


_OF_THE = re.compile(r" of (?:the )?")


def split_nested(text: str, mention: Mention) -> list[Mention]:
    """ "Special Operations Directorate of the Ministry of the Interior" is two organisations;
    "Ministry of the Interior, Tilek Orozbekov" an organisation and a person."""
    if mention.kind == "place" and ", " in mention.text:
        # "Moldovanovka, Chui region": a place and the region it lies in.
        parts = []
        offset = mention.start
        for part in mention.text.split(", "):
            if part[:1].isupper():
                parts.append(
                    replace(mention, text=part, start=offset, end=offset + len(part), name="")
                )
            offset += len(part) + 2
        return parts if len(parts) > 1 else [mention]
    if mention.kind != "organization":
        return [mention]
    comma = mention.text.rfind(", ")
    if comma > 0 and is_person_like(mention.text[comma + 2 :]):
        cut, resumed = mention.start + comma, mention.start + comma + 2
        return [
            *split_nested(text, replace(mention, text=text[mention.start : cut], end=cut, name="")),
            replace(
                mention, kind="person", text=text[resumed : mention.end], start=resumed, name=""
            ),
        ]
    for joint in _OF_THE.finditer(mention.text):
        left = letter_words(mention.text[: joint.start()])
        right = letter_words(mention.text[joint.end() :])
        if (
            left
            and right
            and left[-1].lower() in ORGANIZATION_HEADS
            and right[0].lower() in ORGANIZATION_HEADS
        ):
            cut, resumed = mention.start + joint.start(), mention.start + joint.end()
            if mention.text[joint.end() :].startswith("the "):
                resumed += 4
            return [
                replace(mention, text=text[mention.start : cut], end=cut, name=""),
                replace(mention, text=text[resumed : mention.end], start=resumed, name=""),
            ]
    return [mention]


# A court named with its seat by "of" ("Sverdlov District Court of Jangy-Kala"): the seat is
# part of the court's name, not a place the text speaks of. Russian ("районный суд Жангы-Калы")
# is written either as the court's name or as a court and the town it serves, so it is left as
# the model reads it.
_COURT_SEAT = {"en": (re.compile(r"Court"), " of ")}


def courts_with_seats(text: str, language: str, mentions: list[Mention]) -> list[Mention]:
    """A court's name runs on over the place it sits in; the place is no mention of its own."""
    seat = _COURT_SEAT.get(language)
    if seat is None:
        return mentions
    head, gap = seat
    joined: list[Mention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == "organization"
            and mention.kind == "place"
            and " " not in mention.as_name
            and text[previous.end : mention.start] == gap
            and head.fullmatch((letter_words(previous.text) or [""])[-1]) is not None
        ):
            joined[-1] = replace(
                previous, text=text[previous.start : mention.end], end=mention.end, name=""
            )
            continue
        joined.append(mention)
    return joined


# The first words of a body named after the place it serves ("Kara-Bulak District Police
# Department", "Ak-Tash City Court"): the model may read the place apart from the rest.
_SERVED_UNITS = {"en": re.compile(r"(?:District|City|Regional|Town|Oblast|Provincial) ")}


def bodies_after_places(text: str, language: str, mentions: list[Mention]) -> list[Mention]:
    """A place right before an organisation whose name opens with the unit it serves is part of
    that organisation's name: a police department or a court named after a place is one body,
    as the gold format has it, and the place is no mention of its own."""
    unit = _SERVED_UNITS.get(language)
    if unit is None:
        return mentions
    joined: list[Mention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == "place"
            and mention.kind == "organization"
            and text[previous.end : mention.start] == " "
            and unit.match(mention.text) is not None
        ):
            joined[-1] = replace(
                mention, text=text[previous.start : mention.end], start=previous.start, name=""
            )
            continue
        joined.append(mention)
    return joined
