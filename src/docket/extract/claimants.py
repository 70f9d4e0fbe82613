"""Who makes a claim: the person or organisation that speaks at a claim's cue.

A claimant is named only when the grammar leaves no doubt (``docket.extract.claims`` says why):
the name is the subject right before the verb ("Ташиев заявил"), closes the clause right after
the cue ("по словам Ташиева"), is the subject of a verb joined to an earlier one ("... and said
that"), or, in Kyrgyz, opens the sentence in the nominative ("Ташиев ... деп билдирди"). Only
listed words (``vocabulary/claims.yaml``), a role, a date or a possessive with its description
may stand between the name and where its clause opens, and in Russian the verb must agree with
the name's sex.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.claim_words import claim_words
from docket.extract.sexes import FEMALE, MALE, by_name

__all__ = [
    "AFTER_CLAIMANT",
    "CLAUSE_EDGE",
    "REACH",
    "SUBJECT_WORDS",
    "Claimants",
    "Sentence",
    "cue_sentence",
    "in_span",
    "leading",
]

# How far from its cue a claim may reach. A sentence longer than this on either side (OCR text
# without punctuation) is read only this far, so the work per cue is bounded, and a statement
# or clause that would run past it has unclear bounds and is not proposed.
REACH: Final = 600
CLAUSE_EDGE: Final = re.compile(r"[,;:()\[\]—–]|\s-\s")
AFTER_CLAIMANT: Final = re.compile(r"\s*(?:[,.!?…;:]|$)")
_COORDINATION: Final = re.compile(r"\s(?:and|и|жана)\s+(?:\w+\s+)?$", re.IGNORECASE)
# A name that is the subject of its clause is followed by its verb, not "'s", "of" or a noun.
_VERB_AFTER_SUBJECT: Final = re.compile(r"\s+(?!of\b|and\b|и\b)[a-zа-яёөүң]", re.IGNORECASE)
_ASIDE: Final = re.compile(r"^\s*,(?P<aside>[^,;:()\[\]\n]{0,80}),\s*")
# How many words a subject without a name may have ("Five interviewees said"), and how many may
# describe a Kyrgyz speaker before the name ("Райондук администрациянын башчысы Эркин Сыдыков").
SUBJECT_WORDS: Final = 6
_SPEAKER_AFTER_WORDS: Final = 4
# A possessive and up to two words describing the speaker before the name: "his wife Aigul".
_DESCRIBED_WORDS: Final = 3
# Russian verbs in the past agree with their subject's sex: "заявил" is a man's, "заявила" a
# woman's. The longer ending is tried first.
_PAST_TENSE: Final = {"ru": (("ла", FEMALE), ("л", MALE))}


@dataclass(frozen=True)
class Sentence:
    """The part of a cue's sentence within reach of the cue; ``clipped_*`` when the sentence
    goes on beyond it on that side."""

    start: int
    end: int
    clipped_start: bool
    clipped_end: bool


def cue_sentence(text: str, starts: Sequence[int], cue: tuple[int, int]) -> Sentence:
    index = max(bisect.bisect_right(starts, cue[0]) - 1, 0)
    start = starts[index]
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    first, last = max(start, cue[0] - REACH), min(end, cue[1] + REACH)
    return Sentence(first, last, first > start, last < end)


class Claimants:
    """A text with its sentences and the person, organisation, role, date and place mentions
    found in it, read for who speaks at a cue."""

    def __init__(
        self,
        text: str,
        language: str,
        actors: Sequence[Actor],
        roles: Mapping[int, tuple[int, int]],
        sentence_starts: Sequence[int],
        dates: Sequence[dict[str, Any]],
        places: Sequence[dict[str, Any]],
    ) -> None:
        self.text = text
        self.past_tense = _PAST_TENSE.get(language, ())
        self.vocabulary = claim_words(language)
        self.actors = sorted(actors, key=lambda actor: actor.start)
        self._actor_starts = [actor.start for actor in self.actors]
        self.roles = roles
        self.starts = sorted({0, *sentence_starts})
        self.dates = sorted(dates, key=lambda found: found["start"])
        self.date_starts = [found["start"] for found in self.dates]
        self.places = sorted(places, key=lambda found: found["start"])
        self.place_starts = [found["start"] for found in self.places]

    def within(self, start: int, end: int) -> list[Actor]:
        """The actors named inside ``[start, end)``, in text order."""
        first = bisect.bisect_left(self._actor_starts, start)
        last = bisect.bisect_left(self._actor_starts, end)
        return [actor for actor in self.actors[first:last] if actor.end <= end]

    def _without_places(self, start: int, end: int) -> str:
        """``text[start:end]`` with place names blanked: "МВД Алтын-Таша сообщил" has the
        ministry right before its verb."""
        piece = list(self.text[start:end])
        for place in in_span(self.places, self.place_starts, start, end):
            for index in range(place["start"], min(place["end"], end)):
                piece[index - start] = " "
        return "".join(piece)

    # Who speaks -----------------------------------------------------------------------------

    def opens_clause(self, actor: Actor, sentence: Sentence) -> bool:
        """Whether only listed words, a role or a date stand between ``actor`` and the start of
        its clause: "the lawyer of Atambayev said" must not make Atambayev the speaker, while
        "lawyers from the Ayan Legal Clinic say" is the clinic speaking."""
        lead_end = actor.start
        role = self.roles.get(actor.start)
        if role is not None and role[1] <= actor.start:
            lead_end = role[0]
        if lead_end < sentence.start:
            return False
        lead = self.text[sentence.start : lead_end]
        edges = [match.end() for match in CLAUSE_EDGE.finditer(lead)]
        edges += [
            found["end"] - sentence.start
            for found in in_span(self.dates, self.date_starts, sentence.start, lead_end)
            if found["end"] <= lead_end
        ]
        if not edges and sentence.clipped_start:
            return False
        clause_start = sentence.start + max(edges, default=0)
        allowed = self.vocabulary.lead
        if actor.kind == "organization":
            allowed = allowed | self.vocabulary.proxy
        words = re.findall(r"[\w-]+", self.text[clause_start:lead_end])
        if all(word.casefold() in allowed for word in words) or self.described(words):
            return True
        # A title with the organisation it is held in: "Главный редактор «Таш Сөзү» Медер
        # Сагынбаев". Without an organisation the words may name someone else: "адвокат
        # Атамбаева".
        organisations = [
            other for other in self.within(clause_start, lead_end) if other.kind == "organization"
        ]
        if not organisations:
            return False
        piece = list(self.text[clause_start:lead_end])
        for other in organisations:
            piece[other.start - clause_start : other.end - clause_start] = " " * len(other.text)
        allowed = allowed | self.vocabulary.titles
        return all(word.casefold() in allowed for word in re.findall(r"[\w-]+", "".join(piece)))

    def described(self, words: Sequence[str]) -> bool:
        """Whether ``words`` before a name describe who it is with a possessive ("his wife
        Aigul", "её сестра Айнура Бекова", "His lawyer, Meerim Sadykova"): the name then stands
        for the description. Without the possessive the words may name someone else in the
        genitive ("адвокат Атамбаева")."""
        return (
            1 <= len(words) <= _DESCRIBED_WORDS
            and words[0].casefold() in self.vocabulary.appositive
        )

    def agrees(self, claimant: Actor, cue: tuple[int, int]) -> bool:
        """Whether the cue's verb agrees with the claimant's sex where the language marks it:
        in "Адвокат Атамбаева заявил" the man who speaks is Atambaev's lawyer, not Atambaeva."""
        if claimant.kind != "person" or not self.past_tense:
            return True
        for word in re.findall(r"[\w-]+", self.text[cue[0] : cue[1]]):
            folded = word.casefold()
            for ending, sex in self.past_tense:
                if folded.endswith(ending) and len(folded) > len(ending) + 2:
                    return sex <= by_name(claimant.name)
        return True

    def coordinated(self, offset: int, sentence: Sentence) -> Actor | None:
        """The subject of a verb joined to an earlier one: "Temirova appeared in a glass cage
        and complained that ...", "The Centre called the raid ... and said it would ..."."""
        if not _COORDINATION.search(self.text, max(sentence.start, offset - 12), offset):
            return None
        lead = self.text[sentence.start : offset]
        edges = [match.end() for match in CLAUSE_EDGE.finditer(lead)]
        clause = sentence.start + max(edges, default=0)
        opening = self.within(clause, offset)
        if not opening:
            return None
        actor = opening[0]
        if not _VERB_AFTER_SUBJECT.match(self.text, actor.end, offset):
            return None
        return actor if self.opens_clause(actor, sentence) else None

    def _gap_fits(self, actor: Actor, offset: int) -> bool:
        """What may stand between a speaker and its verb: listed words ("has openly"), after an
        apposition its closing comma ("One former prisoner, Talant Jeenbekov, said"), or an
        aside between commas ("Meerim Usupova, whose son was shot, told")."""
        gap = self._without_places(actor.end, offset)
        between = self.vocabulary.between
        if between.match(gap):
            return True
        comma = re.match(r"\s*,\s*", gap)
        if comma is not None and between.match(gap[comma.end() :]):
            # The apposition may open with the name's title: "The head of the facility, Major
            # Ruslan Abdrakhmanov, told".
            role = self.roles.get(actor.start)
            openings = {actor.start}
            if role is not None and role[1] <= actor.start:
                openings.add(role[0])
            return any(self.text[max(0, at - 2) : at].strip() == "," for at in openings)
        aside = _ASIDE.match(gap)
        return aside is not None and bool(between.match(gap[aside.end() :]))

    def before(self, offset: int, sentence: Sentence) -> Actor | None:
        """The person or organisation that is the subject of the verb at ``offset``."""
        for actor in reversed(self.within(sentence.start, offset)):
            if self._gap_fits(actor, offset):
                return actor if self.opens_clause(actor, sentence) else None
        return None

    def after(self, offset: int, sentence: Sentence) -> Actor | None:
        """The person or organisation named right after ``offset`` and closing its clause."""
        candidates = self.within(offset, sentence.end)
        if not candidates:
            return None
        actor = candidates[0]
        lead_end = actor.start
        role = self.roles.get(actor.start)
        if role is not None and offset <= role[0] and role[1] <= actor.start:
            lead_end = role[0]
        words = re.findall(r"\S+", self.text[offset:lead_end])
        lead = self.vocabulary.lead
        if not (all(word.casefold() in lead for word in words) or self.described(words)):
            return None
        closing = AFTER_CLAIMANT.match(self.text, actor.end, sentence.end)
        if closing is None or (sentence.clipped_end and closing.end() == sentence.end):
            return None
        return actor

    def by_author(self, sentence: Sentence, verb: int) -> bool:
        """Whether the verb's subject is the author ("We believe that ..."): no claim."""
        words = re.findall(r"[\w-]+", self.text[sentence.start : verb])
        return bool(words) and words[-1].casefold() in self.vocabulary.author

    def subject(self, sentence: Sentence, verb: int) -> tuple[int, int] | None:
        """The words of a verb's clause before it, when they can be its subject: one to six
        words ("Five interviewees said"), not the author's ("We believe")."""
        lead = self.text[sentence.start : verb]
        edges = [match.end() for match in CLAUSE_EDGE.finditer(lead)]
        start = sentence.start + max(edges, default=0)
        words = re.findall(r"[\w-]+", self.text[start:verb])
        if not 1 <= len(words) <= SUBJECT_WORDS or self.by_author(sentence, verb):
            return None
        return start, verb

    def ky_speaker(self, sentence: Sentence, end: int) -> tuple[Actor, int] | None:
        """The speaker opening a Kyrgyz sentence, and where what they said begins. A name in
        the genitive ("Атамбаевдин адвокаты Чынара Бакирова") is no speaker, unless it is an
        organisation followed by who speaks for it ("клиникасынын юристтери"); a name in another
        case ("Атамбаевди") means the speaker is not named."""
        if sentence.clipped_start or not self.vocabulary.possessor:
            return None
        for actor in self.within(sentence.start, end):
            words_before = re.findall(r"[\w-]+", self.text[sentence.start : actor.start])
            if len(words_before) > _SPEAKER_AFTER_WORDS:
                return None
            # A mention may be cut to the stem (Атамбаев of Атамбаевди): read the word as written.
            written = re.match(r"[\w-]*", self.text[actor.end : end])
            suffix = written.group() if written else ""
            word = (actor.text.split() or [""])[-1].casefold() + suffix.casefold()
            if (
                word.endswith(self.vocabulary.possessor)
                and word != actor.name.split()[-1].casefold()
            ):
                word_end = actor.end + len(suffix)
                proxy = leading(self.text, word_end, end, self.vocabulary.proxy)
                if actor.kind == "organization" and proxy > word_end:
                    return actor, leading(self.text, proxy, end, self.vocabulary.between_words)
                continue
            if CLAUSE_EDGE.search(self.text, sentence.start, actor.start):
                return None
            if actor.name.split() and word == actor.name.split()[-1].casefold():
                if leading(self.text, actor.end, end, self.vocabulary.titles) > actor.end:
                    continue  # whose title it is: "Юстиция министри Бакыт Абдиев"
                return actor, leading(self.text, actor.end, end, self.vocabulary.between_words)
            return None
        return None


def leading(text: str, start: int, end: int, words: frozenset[str]) -> int:
    """Where the run of ``words`` that follows ``start`` (within ``end``) ends."""
    position = start
    for match in re.finditer(r"\s*([\w-]+)", text[start:end]):
        if match.group(1).casefold() not in words:
            break
        position = start + match.end()
    return position


def in_span(
    found: Sequence[dict[str, Any]], starts: Sequence[int], start: int, end: int
) -> Sequence[dict[str, Any]]:
    """The findings (sorted by start) that start inside ``[start, end)``."""
    return found[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
