"""Kyrgyz Cyrillic names: the Russian model's spans, corrected and completed by rules.

natasha has never seen Kyrgyz, but Kyrgyz news writes names as Russian does (capitals,
Russian-style surnames), so its spans are a good start. What it gets wrong is grammar: Kyrgyz
glues case endings to the name (Атамбаевдин, Бишкекте), it runs a person into the next word
(Бакыт Асан уулу Ошто) and it does not know organisation names built on a head noun
(Социал-демократиялык партиясы). The corrections here fix the model's spans, and the names
the rules find alone (``docket.extract.kyrgyz_name_rules``) complete them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from docket.extract.kyrgyz_endings import (
    ATTRIBUTIVE_ENDINGS,
    LOCATIVE,
    SPATIAL_ENDINGS,
    case_ending_length,
    possessed,
)
from docket.extract.kyrgyz_name_rules import (
    acronym_mentions,
    organization_mentions,
    person_mentions,
    quoted_organization_mentions,
    rule_mention,
    unit_place_mentions,
)
from docket.extract.kyrgyz_words import (
    ADJECTIVES,
    OFFICES,
    PATRONYM_WORDS,
    PLACE_HEADS,
    SETTLEMENT_WORDS,
    SURNAME_FINALS,
    SURNAME_LIKE,
    Word,
    capitalised,
    common_word,
    head_end,
    is_head,
    is_plural_noun,
    place_stem_end,
    placing,
    starts_sentence,
    stem_end,
    text_words,
)
from docket.extract.mentions import Mention, Recogniser, merge_mentions
from docket.extract.russian import NatashaRecogniser

__all__ = ["KyrgyzRecogniser", "as_written"]


def _corrected(text: str, mention: Mention) -> list[Mention]:
    words = text_words(text, mention.start, mention.end)
    # "Аны Ала-Мыштагы", "Бүгүн Алтын-Таштын ...": a pronoun or an adverb opened the sentence.
    while words and common_word(words[0].text):
        words = words[1:]
    if words and words[0].start != mention.start:
        mention = replace(mention, text=text[words[0].start : mention.end], start=words[0].start)
    if not any(word.text[:1].isupper() for word in words):
        return []  # "Мындан тышкары" less its opener: nothing capitalised, nothing named
    if len(words) == 1 and mention.kind != "organization" and words[0].text.lower() in ADJECTIVES:
        return []
    if mention.kind == "person":
        # A person ends with a capitalised word or a patronym (Асан уулу); natasha runs one on
        # into the words after it ("Эркин Сулайманов да аны").
        while (
            len(words) > 1
            and words[-1].text.islower()
            and not words[-1].text.startswith(PATRONYM_WORDS)
        ):
            words = words[:-1]
        if words and words[-1].end != mention.end:
            end = words[-1].end
            mention = replace(mention, text=text[mention.start : end], end=end)
        if is_plural_noun(words[-1].text) or any(
            word.text.lower().startswith("республика") for word in words
        ):
            # "Ыйык Китептер" (the holy books): a plural names things or a group, not one.
            # "Кыргыз Республикасынын Жазык-процесстик кодекси": a state and its laws.
            return []
        if len(words) == 1 and placing(words[0]):
            # "Бишкекте" (in Bishkek): a locative places; a person is hardly where one is.
            mention = replace(mention, kind="place")
    if mention.kind != "organization" and len(words) > 1 and is_head(words[-1].text):
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
            and capitalised(words[1].text)
            and (
                (len(words) > 2 and words[0].text.lower().endswith(ATTRIBUTIVE_ENDINGS))
                or is_plural_noun(words[0].text)
                or words[0].text.lower() in OFFICES
                or placing(words[0])
            )
        ):
            words = words[1:]
        if len(words) == 1 and common_word(words[0].text):
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
                and text[word.start : stem_end(word)].lower().endswith(SURNAME_FINALS)
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
        if LOCATIVE.search(word.text.lower())
        and any(capitalised(later.text) for later in words[i + 1 :])
    ]
    leading: list[Mention] = []
    if (
        inner
        and (mention.kind != "person" or words[inner[-1]].text.lower().startswith(PLACE_HEADS))
        and any(capitalised(word.text) for word in words[inner[-1] + 1 :])
    ):
        # "Ала-Мыш районундагы Таш-Булуң", "Сокулук районундагы Шопоков": what stands before
        # the locative places the rest.
        cut = inner[-1]
        if capitalised(words[0].text) and (
            "-" in words[0].text or (cut > 0 and words[cut].text.lower().startswith(PLACE_HEADS))
        ):
            end = place_stem_end(words[0])
            if cut > 0 and words[cut].text.lower().startswith(PLACE_HEADS):
                end = words[cut].start + len(possessed(words[cut].text.lower()))
            leading.append(rule_mention("place", text, words[0].start, end))
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
            and words[index - 1].text not in ADJECTIVES
        ]
        if again:
            words = words[again[-1] :]
            mention = replace(
                mention, text=text[words[0].start : mention.end], start=words[0].start
            )
    if mention.kind == "organization" and len(words) == 1 and is_head(words[0].text):
        return leading  # "Партия өзүнүн ...": the party spoken of, not a name
    if mention.kind == "organization":
        # An organisation ends with its head noun, a capitalised word or a quote, never in the
        # words after it ("Башкы прокуратурага бир").
        while len(words) > 1 and words[-1].text.islower() and not is_head(words[-1].text):
            words = words[:-1]
    if not words:
        return []
    if mention.kind == "person" and "-" in words[0].text and capitalised(words[0].text):
        # Kyrgyz writes place names as hyphenated compounds (Чоң-Арык, Кара-Жыгач, Жаңы-Кала);
        # people's names are not.
        place = rule_mention("place", text, words[0].start, place_stem_end(words[0]))
        rest = [w for w in words[1:] if capitalised(w.text)]
        return [place] if not rest else [place, *_corrected_rest(text, mention, rest)]
    if (
        mention.kind == "person"
        and len(words) == 1
        and starts_sentence(text, words[0].start)
        and not text[words[0].start : stem_end(words[0])].lower().endswith(SURNAME_LIKE)
    ):
        return []
    if mention.kind == "person":
        people = person_mentions(text, mention.start, mention.end)
        if people and people[0].start == mention.start and people[0].end < words[-1].end:
            rest = [word for word in words if word.start >= people[0].end]
            corrected = [people[0]]
            if len(rest) == 1 and capitalised(rest[0].text):
                lowered = rest[0].text.lower()
                ending = case_ending_length(rest[0].text)
                if ending and lowered.endswith(SPATIAL_ENDINGS):
                    corrected.append(
                        rule_mention("place", text, rest[0].start, rest[0].end - ending)
                    )
                elif text[rest[0].start : stem_end(rest[0])].lower().endswith(SURNAME_FINALS):
                    # "Атыр Абдрахматова Асанов менен": a second person named by surname.
                    corrected.append(rule_mention("person", text, rest[0].start, stem_end(rest[0])))
            return corrected
    if mention.kind == "place":
        # The model runs a place into the verbs after it ("Кемпир-Абадда журналисттер
        # кармалды"); a place ends with a capitalised word or a head noun (району, аянты).
        while len(words) > 1 and words[-1].text.islower():
            if words[-1].text.startswith(PLACE_HEADS):
                break
            words = words[:-1]
    end = stem_end(words[-1])
    if mention.kind == "organization" and is_head(words[-1].text):
        end = head_end(words[-1])
    if mention.kind == "place" and len(words) > 1 and words[-1].text.startswith(PLACE_HEADS):
        end = words[-1].start + len(possessed(words[-1].text))
        if words[-1].text.startswith(SETTLEMENT_WORDS):
            # "Кең-Көл айылында": a village or a town is named without its kind's word, as the
            # name rules name it (Кең-Көл); a district or a street keeps it (Тоң району).
            end = words[-2].end
    if end <= mention.start:
        return leading
    return [*leading, replace(mention, text=text[mention.start : end], end=end)]


def _corrected_rest(text: str, mention: Mention, rest: list[Word]) -> list[Mention]:
    """What follows a place wrongly joined to a name ("Жаңы-Каладагы Жеңиш аянтында")."""
    start, end = rest[0].start, stem_end(rest[-1])
    if end <= start:
        return []
    lowered = rest[-1].text.lower()
    if lowered.startswith(("аянт", "көчө", "район", "айыл")):
        return [rule_mention("place", text, start, end)]
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
