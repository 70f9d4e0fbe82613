"""Kyrgyz towns and villages named by one word in a case: "Нарында", "Оштон", "Таласка".

Kyrgyz declines a place's name as any noun, and the Russian-trained model knows the names in
the nominative at best: in the locative (in Naryn), the ablative (from Osh), the dative (to
Talas) it passes over them or takes them for persons ("Бишкектен Таласка", from Bishkek to
Talas, read as one person). Grammar tells the place apart from a person without knowing the
name:

- a capitalised word in the locative or the attributive locative ("Токмокто", "Нарындагы")
  mid-sentence is a place: people are where something happens, hardly in it;
- in the ablative, dative or genitive it is a place where the grammar around it places it: a
  spatial postposition after it ("Бишкекке чейин", "Балыкчы аркылуу"), a verb of going after it
  ("Оштон учуп келип"), a distance ("Кочкордон 40 чакырым"), a "from … to …" pair ("Чаткалдан
  Ошко"), or a list with a place in it ("Ат-Башыдан жана Жумгалдан");
- two capitalised words that both carry a case ending are two names, never one person's:
  Kyrgyz puts the ending on a name's last word only;
- once a stem is a place, its other case forms in the document are that place too, also where
  they open a sentence ("Нарында кармалгандардын ...").

The mention is the word as written and the name its stem (Оштон → Ош).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docket.extract.kyrgyz_endings import case_ending_length, place_ending_length
from docket.extract.kyrgyz_name_rules import RULES_SOURCE
from docket.extract.kyrgyz_words import common_word, names_a_body, starts_sentence
from docket.extract.mentions import Mention, merge_mentions

__all__ = ["declined_place_mentions", "place_stem", "spatial_case"]

_WORD = re.compile(r"(?<![\w-])[А-ЯЁӨҮҢ][а-яёөүң]+(?:-[А-ЯЁӨҮҢ][а-яёөүң]+)*(?![\w-])")
_ANY_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# Case endings by their case: the first letter assimilates to the stem (Нарын+да, Ош+то).
_CASES = (
    ("attributive", re.compile(r"(?:да|де|до|дө|та|те|то|тө)(?:гы|ги|гу|гү)$")),
    ("ablative", re.compile(r"(?:дан|ден|дон|дөн|тан|тен|тон|төн)$")),
    ("locative", re.compile(r"(?:да|де|до|дө|та|те|то|тө)$")),
    ("dative", re.compile(r"(?:га|ге|го|гө|ка|ке|ко|кө)$")),
    ("genitive", re.compile(r"(?:дын|дин|дун|дүн|тын|тин|тун|түн|нын|нин|нун|нүн)$")),
)
_WHERE = ("attributive", "locative")
# Surnames and patronyms: a declined "Асановдон" is someone, not somewhere.
# Russian surnames in -ин are left out: Kyrgyz towns end so too (Кемин).
_PERSON_FINALS = ("ов", "ев", "ёв", "ова", "ева", "ёва", "ович", "евич", "овна", "евна", "уулу",
                  "кызы", "бек", "бай")  # fmt: skip
# Postpositions and spatial nouns that follow a place in its case (to, until, through, towards,
# the side of, around).
_POSTPOSITIONS = re.compile(
    r"чейин|чейинки|аркылуу|көздөй|карай"
    r"|(?:тарап|тарабы|жак|жагы|чети|борбору|аймагы)"
    r"(?:н[аеоө]|н[дт][аеоө](?:г[ыиуү])?|[кг][аеоө]|[дт][аеоө]н?|[ыи]н[аеоө]н)?"
    r"|тургундары[а-яёөүң]*|боюнда|боюндагы|жолунда"
)
# Verbs of going, bringing and moving, whose source or goal the place is, as converbs and
# past forms ("барып", "келген", "кетти"); nouns that begin alike ("бардык": all; "учурда": at
# the moment; "келишим": agreement) are left out.
_MOTION = re.compile(
    r"(?:кел|бар|кайт|жөнө|көч|уч|кет|жеткир|котор|ташы|жет|чыг|качы|сүргүн|этапта)"
    r"(?:ип|ып|уп|үп|п|ди|ды|ду|дү|ти|ты|ту|тү|ген|гон|кен|кон|ган|кан|гөн|көн|ышты|ишти"
    r"|ушту|үштү|ышкан|ишкен|ушкан|үшкөн|ышат|ишет|ушат|үшөт|ат|ет|от|өт|ыл|ил|ул|үл"
    r"|са|се|со|сө|уучу|үүчү|оочу|өөчү)"
    r"[а-яёөүң]*"
)
# "Through" takes the nominative: the place before it has no ending.
_THROUGH = re.compile(r" аркылуу(?![\w-])")
_DISTANCE = re.compile(r"\s+\d[\d\s]*(?:чакырым|км|километр)")
_LIST = re.compile(r"\s*(?:,|жана|же|менен|,\s*жана)\s*")


def spatial_case(word: str) -> str | None:
    """The case ``word`` is in when it ends in a Kyrgyz locative, ablative, dative, genitive or
    attributive locative after a stem of two letters or more; None otherwise."""
    lowered = word.lower()
    length = place_ending_length(word)
    if not length:
        return None
    ending = lowered[-length:]
    for case, pattern in _CASES:
        if pattern.search(ending) and pattern.search(lowered):
            return case
    return None


def place_stem(word: str) -> str:
    """``word`` without a case ending or the attributive locative: Оштон → Ош, Кара-Балтанын →
    Кара-Балта, Таластагы → Талас; a word with none comes back as it is."""
    return word[: len(word) - place_ending_length(word)]


def _person_like(stem: str) -> bool:
    return stem.lower().endswith(_PERSON_FINALS)


def _acronym(word: str) -> bool:
    return sum(letter.isupper() for letter in word) > 1 and "-" not in word


def _next_word(text: str, end: int) -> re.Match[str] | None:
    match = _ANY_WORD.search(text, end, min(len(text), end + 40))
    if match is None or "\n" in text[end : match.start()] or text[end : match.start()].strip(" "):
        return None
    return match


def declined_place_mentions(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` with the places that Kyrgyz case grammar shows (see the module's text):
    each such word a place mention, and whatever the model read over it dropped."""
    candidates: list[tuple[re.Match[str], str, str]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        case = spatial_case(word)
        if case is None and _THROUGH.match(text, match.end()):
            case = "nominative"  # "Балыкчы аркылуу": through Balykchy
        if case is None or _acronym(word) or common_word(word):
            continue
        stem = word if case == "nominative" else place_stem(word)
        if _person_like(stem) or len(stem) < 2 or names_a_body(stem):
            continue  # "Омбудсменге барып": to the Ombudsman, a body
        candidates.append((match, case, stem))
    if not candidates:
        return list(mentions)
    known = {m.as_name for m in mentions if m.kind == "place"}
    # "Асан Бакиров ... Асанга барып" (went to Asan): a word the document writes in a person's
    # full name (one ending in a surname) is that person's, wherever it is declined; so is one
    # that only looks declined ("Айзада Алиевага": Айзада is no "Айза" with a locative).
    people = {
        word
        for m in mentions
        if m.kind == "person" and " " in m.as_name and _person_like(m.as_name)
        for word in m.as_name.split()
    }
    candidates = [
        candidate
        for candidate in candidates
        if candidate[2] not in people and candidate[0].group() not in people
    ]
    places: set[str] = set()
    # Stems placed by nothing but the locative: an outlet or a body the model read as an
    # organisation ("Азаттыкта иштейт": works at Azattyk) stays one.
    where_only: set[str] = set()
    for index, (match, case, stem) in enumerate(candidates):
        following = _next_word(text, match.end())
        after = following.group().lower() if following else ""
        if (
            case in ("dative", "ablative")
            and following is not None
            and not _MOTION.fullmatch(after)
        ):
            # "Бишкекке окууга кеткен" (went to Bishkek to study): the verb of going after the
            # goal's purpose.
            further = _next_word(text, following.end())
            if further is not None and _MOTION.fullmatch(further.group().lower()):
                after = further.group().lower()
        opening = starts_sentence(text, match.start())
        if opening:
            continue  # "Айылдан ..." (from the village): a common noun opens sentences too
        if (
            stem in known
            or _POSTPOSITIONS.fullmatch(after)
            or (case != "genitive" and _MOTION.fullmatch(after))
            or (case == "ablative" and _DISTANCE.match(text, match.end()))
        ):
            places.add(stem)
            continue
        if case in _WHERE:
            where_only.add(stem)
            continue
        if index + 1 < len(candidates):
            other, other_case, _ = candidates[index + 1]
            gap = text[match.end() : other.start()]
            if case == "ablative" and other_case in ("dative", "locative") and gap == " ":
                places.add(stem)  # "Бишкектен Таласка": from Bishkek to Talas
    for index, (match, case, stem) in enumerate(candidates):
        if stem in places or starts_sentence(text, match.start()):
            continue
        # "Бишкектен Таласка", "Ат-Башыдан жана Жумгалдан": the other of a pair or a list.
        for other, other_case, other_stem in (
            candidates[index - 1 : index] + candidates[index + 1 : index + 2]
        ):
            first, second = sorted((match, other), key=lambda m: m.start())
            gap = text[first.end() : second.start()]
            paired = gap == " " and "ablative" in (case, other_case) and case != other_case
            listed = _LIST.fullmatch(gap) is not None and case == other_case
            if (paired or listed) and (other_stem in places or other_stem in known):
                places.add(stem)
                break
    bodies = {(m.start, m.end) for m in mentions if m.kind == "organization"}
    where_only -= places
    found = [
        Mention("place", match.group(), match.start(), match.end(), RULES_SOURCE, stem)
        for match, _, stem in candidates
        if stem in places or (stem in where_only and (match.start(), match.end()) not in bodies)
    ]
    kept = [
        mention
        for mention in mentions
        if not any(
            p.start < mention.end
            and mention.start < p.end
            and (mention.kind != "place" or (mention.start, mention.end) != (p.start, p.end))
            and _covered_by_places(text, mention, found)
            for p in found
        )
    ]
    return merge_mentions([*kept, *found], (RULES_SOURCE,))


def _covered_by_places(text: str, mention: Mention, places: list[Mention]) -> bool:
    """Whether ``mention`` names nothing but the places found here: its capitalised words are
    those places or open a sentence ("Айылдан Бишкекке", read as one person), its other words
    spatial nouns ("Кара-Бууранын борборунда": in the centre of Kara-Buura, read as a body). A
    longer name with a place in it (Кара-Буура райондук ички иштер бөлүмү) stays."""
    for word in _ANY_WORD.finditer(text, mention.start, mention.end):
        if any(p.start == word.start() and p.end == word.end() for p in places):
            continue
        lowered = word.group().lower()
        if word.group().islower():
            if not _POSTPOSITIONS.fullmatch(lowered):
                return False
            continue
        if common_word(word.group()) or (
            starts_sentence(text, word.start()) and case_ending_length(word.group())
        ):
            continue
        return False
    return True
