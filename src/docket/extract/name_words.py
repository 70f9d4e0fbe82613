"""Word shapes the name rules share.

A letter, a surname's ending, an organisation's head noun, the Kyrgyz genitive, the quotation
marks, and whether a name looks like a person's. They are apart so that each kind of rule
(``name_corrections``, ``name_joins``, ``missed_names``, ``name_kinds``) reads the same shapes
without importing another kind's rules.
"""

from __future__ import annotations

import re
from dataclasses import replace

from docket.extract.mentions import Mention, MentionKind

LETTER = r"[^\W\d_]"
SURNAME_FINALS = (
    "ov", "ova", "ev", "eva", "yev", "yeva", "uulu", "kyzy",
    "ов", "ова", "ев", "ева", "ёв", "ёва", "уулу", "кызы",
)  # fmt: skip
ORGANIZATION_HEADS = frozenset(
    (
        "agency", "alliance", "association", "bureau", "centre", "center", "clinic",
        "coalition", "college", "commission", "committee", "council", "court", "department",
        "directorate", "foundation", "group", "hall", "hospital", "house", "initiative",
        "institute", "live", "media", "ministry", "movement", "network", "news", "office",
        "party", "press", "radio", "school", "service", "tv", "union", "university", "watch",
        "wire",
    )
)  # fmt: skip
# A name before the attributive of a district, a town, a region or a village ("Ала-Мыш
# райондук ...", "Жаңы-Кала шаардык соту") is part of a body's name, not a place of its own.
# So is a name before a village's government ("Ак-Терек айыл өкмөтүнүн башчысы").
BODY_OF = {
    "ky": re.compile(r" (?:(?:райондук|шаардык|облустук|айылдык)(?!" + LETTER + ")|айыл өкмөт)")
}
GENITIVES = ("дын", "дин", "дун", "дүн", "тын", "тин", "тун", "түн", "нын", "нин", "нун", "нүн")
QUOTES = '«»"“”„'
# The abbreviations of the Russian words before a place that make the whole phrase the place
# ("ул. Ленина", "мкр. Джал", "просп. Чуй"); "пр." is left out, as "и пр." (and so on) may end a
# sentence before a capital.
STREET_ABBREVIATIONS = r"(?<![\w-])(?:ул|мкр|просп|пл|бул|пер)\. ?"


def letter_words(text: str) -> list[str]:
    return re.findall(LETTER + r"+", text)


def is_person_like(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 3 or not all(word[:1].isupper() for word in words):
        return False
    if any(word.isupper() and len(word) > 1 for word in words):
        return False
    last = words[-1].lower()
    if last in ORGANIZATION_HEADS or "-" in last or "." in name:
        return False
    return last.endswith(SURNAME_FINALS) and len(last) > 4


def with_kind(mention: Mention, kind: MentionKind) -> Mention:
    return mention if mention.kind == kind else replace(mention, kind=kind)
