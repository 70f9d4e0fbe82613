"""Places told by the lines of a report rather than by its sentences: the town of a dateline
("Жангы-Кала, 22 мая 2024 года.", "GENEVA (12 June 2024)") and the places a headline in
capitals names as its body writes them ("ЗАДЕРЖАНИЯ В КАРА-БУЛАКЕ" over "в Кара-Булаке").
"""

from __future__ import annotations

import bisect
import re

from docket.extract.kyrgyz_endings import case_ending_length, possessed
from docket.extract.mentions import Mention, merge_mentions
from docket.extract.non_names import is_common_word, is_group_or_time

__all__ = ["CONTEXT_SOURCE", "RULES_SOURCE", "dateline_places", "headline_places", "uncovered"]

RULES_SOURCE = "name-rules"
# Names found again where the document writes a name it tagged elsewhere (or after "in"):
# their own source, so that the patterns of the name rules still win over them.
CONTEXT_SOURCE = "name-context"
# A signature's surname before a date ("Temirova, 12 May") is no town.
_SIGNATURE_FINALS = ("ov", "ova", "ev", "eva", "yev", "yeva", "ов", "ова", "ев", "ева", "ёв", "ёва")


def uncovered(extra: list[Mention], kept: list[Mention]) -> list[Mention]:
    """The mentions of ``extra`` that overlap none of ``kept`` (non-overlapping, in order):
    the model's own reading wins where a name found by context overlaps it."""
    ends = [mention.end for mention in kept]
    free = []
    for mention in extra:
        index = bisect.bisect_right(ends, mention.start)
        if index < len(kept) and kept[index].start < mention.end:
            continue
        free.append(mention)
    return free


# A dateline: a line opening with a town, a comma and the date ("Жангы-Кала, 22 мая 2024 года.",
# "Жаңы-Кала, 2024-жылдын 14-марты", "BISHKEK, 12 May", "Geneva, June 3"), or the date in
# brackets ("GENEVA (12 June 2024)"). News and press
# releases put the place of writing there. A date, not any number: "Асанов, 34 жашта" (a list's
# name and age) is no dateline.
_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября"
    r"|декабря)"
)
_DATELINE = re.compile(
    r"^[ \t]*((?:[A-ZА-ЯЁӨҮҢ][a-zа-яёөүң]+|[A-ZА-ЯЁӨҮҢ]{2,})(?:-(?:[A-ZА-ЯЁӨҮҢ][a-zа-яёөүң]+"
    r"|[A-ZА-ЯЁӨҮҢ]{2,}))*)(?:, | \()(?=\d{1,2} " + _MONTHS + r"|" + _MONTHS + r" \d|\d{4}-ж"
    r"|\d{1,2}\.\d{1,2}\.\d{2,4})",
    re.MULTILINE,
)


# Words a web page or a release puts before its date ("Updated, 12 May", "Published (3 June)").
_DATELINE_WORDS = frozenset(
    ("today", "yesterday", "tomorrow", "updated", "published", "posted", "date", "dated",
     "issued", "received", "sent", "signed", "released", "modified", "created", "deadline")
)  # fmt: skip


def dateline_places(
    text: str, mentions: list[Mention], source: str = RULES_SOURCE
) -> list[Mention]:
    """``mentions`` with the town of a dateline, where no mention covers it already."""
    found = []
    for match in _DATELINE.finditer(text):
        name = match.group(1)
        if name.lower().endswith(_SIGNATURE_FINALS) and text[match.end(1)] == ",":
            continue  # "Temirova, 12 May": a signature's surname; "GENEVA (12 June)" a town
        if (
            is_group_or_time(name, "en")
            or name.lower() in _DATELINE_WORDS
            or is_common_word(name, "ru")
        ):
            # "Monday, 12 May", "Вторник, 12 мая", "Updated (12 May)"; the English dictionary
            # holds towns too (Bishkek, Geneva), so only its weekdays and months count here.
            continue
        # The rules' own source: a town the English dictionary also holds (Bishkek) is no
        # common word where a dateline puts it.
        found.append(Mention("place", name, match.start(1), match.end(1), source))
    if not found:
        return mentions
    return merge_mentions([*mentions, *uncovered(found, mentions)])


_RUSSIAN_CASE_TAILS = frozenset(("а", "я", "у", "ю", "е", "и", "ы", "ом", "ем", "ой", "ей"))
_CAPITALS_LINE = re.compile(r"^[^\S\n]*(?=[^\n]*[^\W\d_])([^\n]+)$", re.MULTILINE)
_CAPITAL_WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)*(?![\w-])")


def headline_places(
    text: str, language: str, mentions: list[Mention], source: str = CONTEXT_SOURCE
) -> list[Mention]:
    """A headline in capitals names a place as the body writes it ("ЗАДЕРЖАНИЯ В КАРА-БУЛАКЕ"
    over "в Кара-Булаке", "ТОҢ РАЙОНУНДА" over "Тоң районундагы"), and a run of its words that
    the body never writes is no name ("ЖУРНАЛИСТКУ ИЗ ТАЛАСА ПЕРЕВЕЛИ" gave "ТАЛАСА ПЕРЕВЕЛИ")."""
    lines = [
        match.span(1)
        for match in _CAPITALS_LINE.finditer(text)
        if match.group(1).isupper() and " " in match.group(1).strip()
    ]
    if not lines:
        return mentions
    places: dict[str, str] = {}
    for mention in mentions:
        if mention.kind == "place" and not mention.text.isupper():
            places.setdefault(mention.text.lower(), mention.as_name)
            places.setdefault(mention.as_name.lower(), mention.as_name)
    kept = [
        mention
        for mention in mentions
        if not (
            " " in mention.text
            and mention.text.isupper()
            and any(start <= mention.start and mention.end <= end for start, end in lines)
            and text.lower().count(mention.text.lower()) == 1
        )
    ]
    found = []
    for start, end in lines:
        words = list(_CAPITAL_WORD.finditer(text, start, end))
        for index, word in enumerate(words):
            for last in (index + 1, index):
                if last >= len(words):
                    continue
                first, stop = word.start(), words[last].end()
                phrase = text[first:stop].lower()
                name = places.get(phrase)
                if name is None and last > index:
                    # A Kyrgyz unit in another case than the body's ("районунда", "районундагы").
                    name = places.get(
                        text[first : words[index].end()].lower()
                        + " "
                        + possessed(words[last].group().lower())
                    )
                if name is None and last == index and language == "ky":
                    # "ЖАҢЫ-КАЛАДА" over "Жаңы-Кала шаарында": a Kyrgyz case ending on it.
                    ending = case_ending_length(phrase)
                    name = places.get(phrase[: len(phrase) - ending]) if ending else None
                if name is None and last == index:
                    # "ЭКИ-НАРЫНА" over "села Эки-Нарын": a Russian case ending on the body's name.
                    name = next(
                        (
                            places[body]
                            for body in places
                            if " " not in body
                            and phrase.startswith(body)
                            and phrase[len(body) :] in _RUSSIAN_CASE_TAILS
                        ),
                        None,
                    )
                if name is not None:
                    found.append(Mention("place", text[first:stop], first, stop, source, name))
                    break
    if not found:
        return kept
    return merge_mentions([*kept, *uncovered(merge_mentions(found), kept)])
