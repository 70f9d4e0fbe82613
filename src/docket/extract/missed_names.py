"""Names the models passed over, found in the text by their shape.

Hyphenated compounds and transliterated persons, a name the document writes again, bodies
named by capitalised words and a head noun, villages and quarters named with their kind,
offices, numbered colonies and media outlets. Each finder returns mentions of its own, apart
from the rules that correct the models' mentions.
"""

from __future__ import annotations

import re

from docket.extract.kyrgyz_endings import case_ending_length, place_ending_length, possessed
from docket.extract.mentions import Mention, MentionKind, merge_mentions
from docket.extract.name_words import BODY_OF, LETTER, STREET_ABBREVIATIONS, SURNAME_FINALS
from docket.extract.non_names import is_common_word
from docket.extract.place_lines import CONTEXT_SOURCE, RULES_SOURCE

# A village or a town named with its kind: the name alone is the place ("the village of
# Moldovanovka", "в селе Арашан", "Арашан айылында", "Бишкек шаарынын").
_VILLAGES = {
    "en": re.compile(
        r"\b(?:village|town) of ((?:[A-Z]" + LETTER + r"+-)*[A-Z]" + LETTER + r"+)"
        r"|\b((?:[A-Z]" + LETTER + r"+-)*[A-Z]" + LETTER + r"+) village\b"
    ),
    "ru": re.compile(
        r"(?:(?<![\w-])(?:сел[оаеу]|селом|пос[её]л(?:ок|ка|ке|ку|ком)|аил[аеу]?|город[аеу]?) "
        # "с. Арашан", "пос. Кемин", "г. Ош": the abbreviations, but not the year's "2024 г."
        r"|(?<![\w-])(?<!\d )(?:с|пос|пгт|г)\. ?)"
        r"((?:[А-ЯЁ][а-яё]+-)*[А-ЯЁ][а-яё]+)"
    ),
    "ky": re.compile(
        # The possessive (айылы, шаарында) ties the name to the word; "Бүгүн айылдын ..."
        # (today the village's ...) has none.
        r"(?<![\w-])((?:[А-ЯЁӨҮҢ][а-яёөүң]+-)*[А-ЯЁӨҮҢ][а-яёөүң]+) (?:айылы|шаары)" + LETTER + "*"
    ),
}
# The words before a place that make the whole phrase the place (a street, a micro-district, a
# gorge), before a name the model passed over, a micro-district's often a number ("микрорайона
# Восток-5", "в ущелье Беш-Таш"): the phrase is the place.
_QUARTERS = {
    "en": re.compile(r"(?<![\w-])[A-Z][a-z]+(?:-[A-Z][a-z]+)*(?:-\d+)? micro-?district\b"),
    "ru": re.compile(
        r"(?:(?<![\w-])(?:улиц|проспект|бульвар|переул|микрорайон|квартал|ущель|перевал"
        r"|озер[оаеу]|рек[аиеу]|аэропорт)" + LETTER + r"* |" + STREET_ABBREVIATIONS + ")"
        r"(?:[А-ЯЁ][а-яё]+-)*[А-ЯЁ][а-яё]+(?:-\d+)?(?![\w-])"
    ),
}
# An office named with its state ("Ombudsman of Altyn-Tash") is one name, not also a place.
OFFICES = re.compile(
    r"\bOmbudsman of (?:the )?(?:Republic of )?(?:[A-Z]" + LETTER + r"+-)*[A-Z]" + LETTER + "+"
    r"|\b(?:Ombudsman|Омбудсмен|Акыйкатчы)" + LETTER + "*"
)
NUMBERED = re.compile(
    r"\b(?:(?:Penal |Correctional )?Colony|Prison|Detention Centre|SIZO) No\. ?\d+"
    # A numbered hospital with its seat or kind before it ("District Hospital No. 2").
    r"|\b(?!The\b)(?:[A-Z]" + LETTER + r"+(?:-[A-Z]" + LETTER + r"+)* ){0,3}Hospital No\. ?\d+"
    r"|\b(?:исправительн" + LETTER + r"+ )?колони" + LETTER + r"* № ?\d+"
    r"|\bСИЗО № ?\d+"
    # Kyrgyz puts the number first ("№ 3 колонияда", "№ 47 түзөтүү колониясы").
    r"|(?<!\w)№ ?\d+ (?:түзөтүү )?колония" + LETTER + "*"
    # A Kyrgyz pre-trial detention centre, numbered first ("№ 1 тергөө абагына").
    r"|(?<!\w)№ ?\d+ тергөө (?:абагы|абак|изолятору)" + LETTER + "*"
)
OUTLETS = re.compile(
    r"\b[A-Z]" + LETTER + r"+\.(?:info|kg|kz|ru|com|org|net|media|tv)\b"
    # An outlet may be named after a town ("Jangy-Kala Evening News"): never cut at a hyphen.
    # A sentence's article is no part of it ("The Sezim FM studio").
    r"|(?<![\w-])(?!The |A |An )(?:[A-Z]"
    + LETTER
    + r"+-)*[A-Z]"
    + LETTER
    + r"+(?: [A-Z]"
    + LETTER
    + r"+)? (?:Press|News|Live|TV|FM|Media)\b"
)

# Strings of which every match of OFFICES, NUMBERED or OUTLETS holds one: a text holding none
# of them is not searched: the search tries the pattern at every position of the text, a look
# for a string runs at the speed of a copy, and most texts name no office, colony or outlet.
OFFICES_HOLD = ("Ombudsman", "Омбудсмен", "Акыйкатчы")
NUMBERED_HOLD = ("No.", "№")
OUTLETS_HOLD = (
    *(f".{domain}" for domain in ("info", "kg", "kz", "ru", "com", "org", "net", "media", "tv")),
    *(f" {word}" for word in ("Press", "News", "Live", "TV", "FM", "Media")),
)


def found_by(
    text: str,
    pattern: re.Pattern[str],
    kind: MentionKind,
    language: str,
    holding: tuple[str, ...] = (),
) -> list[Mention]:
    """The mentions of ``kind`` at each match of ``pattern``; ``holding``, when given, are
    strings of which every match holds one."""
    if holding and not any(part in text for part in holding):
        return []
    found = []
    for match in pattern.finditer(text):
        start, end = match.span()
        name = ""
        if language == "ky":
            # A head noun in the possessive drops the case after it ("абагына" → "абагы",
            # "колониясында" → "колониясы"); one without it drops its case ("колонияда").
            last = match.group().rsplit(" ", 1)[-1]
            head = possessed(last) if last.islower() else last
            cut = len(last) - len(head) if head != last else case_ending_length(match.group())
            name = text[start : end - cut]
        found.append(Mention(kind, text[start:end], start, end, RULES_SOURCE, name))
    return found


# A character a name cannot border: its own kind of character, or a hyphen joining it to more.
_WORD_OR_HYPHEN = re.compile(r"[\w-]")
_LETTERS = re.compile(LETTER + "*")


def name_occurrences(text: str, names: list[str], ending: bool) -> list[tuple[int, int, int]]:
    r"""(start, end of the name, end) of each whole-word occurrence of ``names`` in ``text``,
    left to right without overlaps, the earlier of ``names`` kept where several start at one
    place; with ``ending``, the letters after a name are taken with it. The same as searching
    for ``(?<![\w-])(name|...)`` (with ``[^\W\d_]*`` after it) and ``(?![\w-])``, without
    compiling a pattern of each text's own names, which cost more than the search."""
    starts: set[int] = set()
    for name in names:
        at = text.find(name)
        while at >= 0:
            starts.add(at)
            at = text.find(name, at + 1)
    found: list[tuple[int, int, int]] = []
    after = 0
    for start in sorted(starts):
        if start < after or (start and _WORD_OR_HYPHEN.match(text, start - 1)):
            continue
        for name in names:
            if not text.startswith(name, start):
                continue
            name_end = start + len(name)
            # Letters taken greedily: the lookahead after them fails alike for fewer letters,
            # since a letter follows those.
            letters = _LETTERS.match(text, name_end) if ending else None
            end = letters.end() if letters else name_end
            if not _WORD_OR_HYPHEN.match(text, end):
                found.append((start, name_end, end))
                after = end
                break
    return found


def repeated_names(text: str, language: str, mentions: list[Mention]) -> list[Mention]:
    """Where a document names a place or a many-word name once, its other occurrences that
    the model passed over are mentions of the same kind (one name, one sense per document); in
    Kyrgyz a full name's surname too."""
    names: dict[str, MentionKind] = {}
    for mention in mentions:
        name = mention.as_name
        if ("-" in name or " " in name) and name[:1].isupper() and len(name) > 3:
            names.setdefault(name, mention.kind)
        surname = name.split(" ")[-1]
        if (
            language == "ky"
            and mention.kind == "person"
            and " " in name
            and surname[:1].isupper()
            and surname.lower().endswith(SURNAME_FINALS)
        ):
            # A Kyrgyz text names a person in full once, then by the surname with its case
            # ending ("Атамбаевдин адвокаты ..."), which the model may pass over.
            names.setdefault(surname, "person")
    if not names:
        return []
    found = []
    for start, name_end, end in name_occurrences(
        text, sorted(names, key=len, reverse=True), language == "ky"
    ):
        name = text[start:name_end]
        if end != name_end and end - name_end != case_ending_length(text[start:end]):
            continue
        found.append(
            Mention(
                names[name],
                text[start:end],
                start,
                end,
                CONTEXT_SOURCE,
                "" if end == name_end else name,
            )
        )
    return found


_COMPOUND_AFTER_PREPOSITION = re.compile(
    r"\b(?:[Ii]n|of|[Ff]rom|[Nn]ear|to|[Aa]t|[Oo]utside|[Aa]round) (?:the )?"
    r"([A-Z][a-z]+(?:-[A-Z][a-z]+)+)\b"
    r"|\b([A-Z][a-z]+(?:-[A-Z][a-z]+)+)"
    r"(?= (?:district|region|province|oblast|reservoir|square|street|river|lake)\b)"
    # A one-word region after an article or a preposition ("in the Chui region", "of Naryn
    # oblast"): the models know the country's towns better than its regions.
    r"|\b(?:[Tt]he|in|of|from|across) ([A-Z][a-z]+)(?= (?:region|oblast|province)\b)"
)
_CYRILLIC_COMPOUND = re.compile(r"(?<![\w-])[А-ЯЁӨҮҢ][а-яёөүң]+(?:-[А-ЯЁӨҮҢ][а-яёөүң]+)+")
# Given name and surname in Latin script, as the region's names are transliterated
# ("Tilek Orozbekov", "Aida Kasymalieva", "Bakyt Asan uulu").
_LATIN_PERSON = re.compile(
    r"(?<![\w-])[A-Z][a-z]+ (?:[A-Z][a-z]+(?:ov|ova|ev|eva|yev|yeva)|[A-Z][a-z]+ (?:uulu|kyzy))\b"
)


def compound_names(text: str, language: str) -> list[Mention]:
    """Hyphenated compounds the model passed over: in English after a preposition of place
    ("in Altyn-Tash"), in Kyrgyz anywhere (Кара-Суу, Ала-Мыш районундагы), where only places
    are written so and the Russian model reads a language it was not trained on; and
    transliterated names of persons in English."""
    if language == "ky":
        found = []
        for match in _CYRILLIC_COMPOUND.finditer(text):
            start, end = match.span()
            if BODY_OF["ky"].match(text, end):
                continue
            ending = place_ending_length(match.group())
            name = text[start : end - ending] if ending else ""
            found.append(Mention("place", text[start:end], start, end, CONTEXT_SOURCE, name))
        return found
    if language != "en":
        return []
    people = [
        Mention("person", match.group(), match.start(), match.end(), CONTEXT_SOURCE)
        for match in _LATIN_PERSON.finditer(text)
    ]
    return people + [
        Mention("place", match.group(group), match.start(group), match.end(group), CONTEXT_SOURCE)
        for match in _COMPOUND_AFTER_PREPOSITION.finditer(text)
        for group in (1, 2, 3)
        if match.group(group)
    ]


def whole_people(found: list[Mention], people: list[Mention]) -> list[Mention]:
    """A given name and a surname the model read as parts ("Aidai" an organisation, "Temirova"
    a person; "Nurlan" a place) are one person, unless the document names the first word so
    elsewhere (a place before a surname: "in Bishkek Ataev said")."""
    if not people:
        return found
    elsewhere = {
        m.as_name
        for m in found
        if m.kind != "person" and not any(p.start <= m.start < p.end for p in people)
    }
    replaced: set[Mention] = set()
    whole: list[Mention] = []
    for person in people:
        inside = [m for m in found if m.start < person.end and person.start < m.end]
        if (len(inside) > 1 or (inside and inside[0].kind != "person")) and all(
            person.start <= m.start and m.end <= person.end and m.as_name not in elsewhere
            for m in inside
        ):
            replaced.update(inside)
            whole.append(person)
    if not whole:
        return found
    return merge_mentions([*whole, *(m for m in found if m not in replaced)])


# Capitalised words ending in a body's head noun ("Kalkan Human Rights Centre, 4 April 2024" on a
# report's by-line, which the model, reading no sentence there, passes over).
_HEADED_BODY = re.compile(
    r"(?<![\w-])((?:[A-Z][\w'’-]* ){1,5}(?:Centre|Center|Committee|Commission|Foundation"
    r"|Institute|Alliance|Coalition|Network|Association|Union|Movement|Party))(?![\w-])"
)


def headed_bodies(text: str, language: str) -> list[Mention]:
    """English bodies named by capitalised words and a head noun. The first word must be no
    common word ("Yesterday", "Human Rights Centre"): the model finds those it should."""
    if language != "en":
        return []
    found = []
    for match in _HEADED_BODY.finditer(text):
        start, end = match.span(1)
        words = match.group(1).split(" ")
        if len(words) < 2 or is_common_word(words[0], language):
            continue
        found.append(Mention("organization", text[start:end], start, end, CONTEXT_SOURCE))
    return found


def named_villages(text: str, language: str) -> list[Mention]:
    """Places named with their kind (village, town, село, айыл, шаар), the name alone."""
    pattern = _VILLAGES.get(language)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        group = next(index for index in range(1, (pattern.groups or 0) + 1) if match.group(index))
        start, end = match.span(group)
        found.append(Mention("place", text[start:end], start, end, CONTEXT_SOURCE))
    return found


def named_quarters(text: str, language: str) -> list[Mention]:
    """Micro-districts, lanes, quarters and gorges named with their kind before the name."""
    pattern = _QUARTERS.get(language)
    if pattern is None:
        return []
    return [
        Mention("place", match.group(), match.start(), match.end(), CONTEXT_SOURCE)
        for match in pattern.finditer(text)
    ]
