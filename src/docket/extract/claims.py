"""Statements a document attributes to someone: who said what, about whom, when and where.

A claim is a finding of its own because documenters record denials and official versions as
carefully as facts ("the Ministry denied that anyone was detained"). Three shapes are read, with
their words in ``vocabulary/claims.yaml``:

- ``said that``: "The Ministry openly stated that ...", "Ташиев заявил, что ..." - the claimant
  stands right before the verb, the statement runs from "that"/"что" to the end of the sentence;
- ``according to``: "According to the Ministry, ...", "..., по словам Ташиева." - the claimant
  follows the cue, a comma parts it from the statement;
- ``quoted``: "«...» деп билдирди", "«...», — заявил Ташиев", "\"...,\" Tashiev said" - the
  statement comes first (quoted, or in Kyrgyz after the opening claimant), the cue after it.

Precision comes first: a claimant is named only when nothing but listed words ("the", "has",
"openly", a role like "President") stands between the name and the cue and the name opens its
clause; otherwise the claim is kept with no claimant, for the reviewer to name, and a statement
whose bounds are unclear is not proposed at all. A date or place is the claim's own only when
its sentence holds exactly one outside the statement (inside it, it belongs to what is claimed).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import yaml

from docket.extract.participants import Actor

__all__ = ["find_claims"]

_VOCABULARY: Final = "vocabulary/claims.yaml"
# Words a verb and its "that" may have between them: "said in a written statement that".
_VERB_TO_JOINER: Final = 5
# How far from its cue a claim may reach. A sentence longer than this on either side (OCR text
# without punctuation) is read only this far, so the work per cue is bounded, and a statement
# or clause that would run past it has unclear bounds and is not proposed.
_REACH: Final = 600
# Apostrophes are no quotation marks here: "didn't" would open a quote.
_OPEN_QUOTES: Final = '"«“„'
_CLOSE_QUOTES: Final = '"»”“'
_TAIL_MARKS: Final = frozenset(".!?…,;:")
_CLAUSE_EDGE: Final = re.compile(r"[,;:()\[\]—–]|\s-\s")
_QUOTE_TO_CUE: Final = re.compile(r"[\s,.!?…]*(?:[—–-][\s]*)?$")
_SPEECH_MARK: Final = re.compile(r"[,—–-]")
_SUBJECT_TO_QUOTE: Final = re.compile(r"^[\s,:—–-]*$")
_AFTER_CLAIMANT: Final = re.compile(r"\s*(?:[,.!?…;:]|$)")


@dataclass(frozen=True)
class _Vocabulary:
    said_that: re.Pattern[str] | None
    according_to: re.Pattern[str] | None
    quoted: re.Pattern[str] | None
    between: re.Pattern[str]
    lead: frozenset[str]
    quotative: frozenset[str]
    unquoted: frozenset[str]


def _phrase(words: str) -> str:
    return r"\s+".join(re.escape(word) for word in words.split())


def _alternatives(words: Sequence[str]) -> str:
    return "|".join(_phrase(w.casefold()) for w in sorted(words, key=len, reverse=True))


def _words(section: Mapping[str, Any], language: str) -> list[str]:
    found = section.get(language) or []
    if not all(isinstance(word, str) and word.strip() for word in found):
        raise TypeError(f"{_VOCABULARY}: every {language} entry must be quoted text")
    return list(found)


@cache
def _vocabulary(language: str) -> _Vocabulary:
    source = resources.files("docket.extract").joinpath(_VOCABULARY).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(source)
    said = data["said_that"].get(language) or {}
    verbs, joiners = _words(said, "verbs"), _words(said, "joiners")
    said_that = None
    if verbs and joiners:
        gap = rf"(?:\s+[^\s,.;:!?\"«»“”]+){{0,{_VERB_TO_JOINER}}}?"
        said_that = re.compile(
            rf"(?<!\w)(?P<verb>{_alternatives(verbs)}){gap}\s*(?P<joiner>{_alternatives(joiners)})"
            r"(?!\w)",
            re.IGNORECASE,
        )
    according = _words(data["according_to"], language)
    quoted = _words(data["quoted"], language)
    between = _words(data["between"], language)
    return _Vocabulary(
        said_that=said_that,
        according_to=re.compile(rf"(?<!\w)(?:{_alternatives(according)})(?!\w)", re.IGNORECASE)
        if according
        else None,
        quoted=re.compile(rf"(?<!\w)(?:{_alternatives(quoted)})(?!\w)", re.IGNORECASE)
        if quoted
        else None,
        between=re.compile(
            rf"^\s*(?:(?:{_alternatives(between)})\s+)*$" if between else r"^\s*$", re.IGNORECASE
        ),
        lead=frozenset(word.casefold() for word in _words(data["lead"], language)),
        quotative=frozenset(word.casefold() for word in _words(data["quotative"], language)),
        unquoted=frozenset(word.casefold() for word in _words(data["unquoted"], language)),
    )


@dataclass(frozen=True)
class _Sentence:
    """The part of a cue's sentence within reach of the cue; ``clipped_*`` when the sentence
    goes on beyond it on that side."""

    start: int
    end: int
    clipped_start: bool
    clipped_end: bool


def _sentence(text: str, starts: Sequence[int], cue: tuple[int, int]) -> _Sentence:
    index = max(bisect.bisect_right(starts, cue[0]) - 1, 0)
    start = starts[index]
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    first, last = max(start, cue[0] - _REACH), min(end, cue[1] + _REACH)
    return _Sentence(first, last, first > start, last < end)


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"text": text[start:end], "start": start, "end": end}


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without surrounding spaces and the sentence's closing punctuation."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TAIL_MARKS):
        end -= 1
    return start, end


class _Finder:
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
        self.vocabulary = _vocabulary(language)
        self.actors = sorted(actors, key=lambda actor: actor.start)
        self._actor_starts = [actor.start for actor in self.actors]
        self.roles = roles
        self.starts = sorted({0, *sentence_starts})
        self.dates = sorted(dates, key=lambda found: found["start"])
        self._date_starts = [found["start"] for found in self.dates]
        self.places = sorted(places, key=lambda found: found["start"])
        self._place_starts = [found["start"] for found in self.places]

    def _within(self, start: int, end: int) -> list[Actor]:
        """The actors named inside ``[start, end)``, in text order."""
        first = bisect.bisect_left(self._actor_starts, start)
        last = bisect.bisect_left(self._actor_starts, end)
        return [actor for actor in self.actors[first:last] if actor.end <= end]

    # Who speaks -----------------------------------------------------------------------------

    def _opens_clause(self, actor: Actor, sentence: _Sentence) -> bool:
        """Whether only listed words, a role or a date stand between ``actor`` and the start of
        its clause: "the lawyer of Atambayev said" must not make Atambayev the speaker."""
        lead_end = actor.start
        role = self.roles.get(actor.start)
        if role is not None and role[1] <= actor.start:
            lead_end = role[0]
        if lead_end < sentence.start:
            return False
        lead = self.text[sentence.start : lead_end]
        edges = [match.end() for match in _CLAUSE_EDGE.finditer(lead)]
        edges += [
            found["end"] - sentence.start
            for found in _in_span(self.dates, self._date_starts, sentence.start, lead_end)
            if found["end"] <= lead_end
        ]
        if not edges and sentence.clipped_start:
            return False
        clause = lead[max(edges, default=0) :]
        return all(word.casefold() in self.vocabulary.lead for word in re.findall(r"\w+", clause))

    def _before(self, offset: int, sentence: _Sentence) -> Actor | None:
        """The person or organisation that is the subject of the verb at ``offset``."""
        candidates = self._within(sentence.start, offset)
        if not candidates:
            return None
        actor = max(candidates, key=lambda a: a.end)
        if not self.vocabulary.between.match(self.text[actor.end : offset]):
            return None
        return actor if self._opens_clause(actor, sentence) else None

    def _after(self, offset: int, sentence: _Sentence) -> Actor | None:
        """The person or organisation named right after ``offset`` and closing its clause."""
        candidates = self._within(offset, sentence.end)
        if not candidates:
            return None
        actor = candidates[0]
        lead_end = actor.start
        role = self.roles.get(actor.start)
        if role is not None and offset <= role[0] and role[1] <= actor.start:
            lead_end = role[0]
        words = re.findall(r"\S+", self.text[offset:lead_end])
        if not all(word.casefold() in self.vocabulary.lead for word in words):
            return None
        closing = _AFTER_CLAIMANT.match(self.text, actor.end, sentence.end)
        if closing is None or (sentence.clipped_end and closing.end() == sentence.end):
            return None
        return actor

    # What is said, and the rest -------------------------------------------------------------

    def _claim(
        self,
        claimant: Actor | None,
        cue: tuple[int, int],
        statement: tuple[int, int],
        sentence: _Sentence,
    ) -> dict[str, Any] | None:
        start, end = statement
        if end <= start or not re.search(r"\w", self.text[start:end]):
            return None
        about: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for actor in self._within(start, end):
            key = (actor.kind, actor.name)
            if key not in seen:
                seen.add(key)
                about.append(actor.to_json())
        edges = [cue[0], cue[1], start, end]
        if claimant is not None:
            edges += [claimant.start, claimant.end]
        return {
            "type": "claim",
            "label": "Claim",
            "start": min(edges),
            "end": max(edges),
            "statement": _span(self.text, start, end),
            "cue": _span(self.text, *cue),
            "claimant": None if claimant is None else claimant.to_json(),
            "about": about,
            "date": self._outside(self.dates, self._date_starts, sentence, statement),
            "place": self._outside(self.places, self._place_starts, sentence, statement),
        }

    @staticmethod
    def _outside(
        found: Sequence[dict[str, Any]],
        starts: Sequence[int],
        sentence: _Sentence,
        statement: tuple[int, int],
    ) -> dict[str, Any] | None:
        if sentence.clipped_start or sentence.clipped_end:
            return None  # the rest of the sentence might hold another
        own = [
            item
            for item in _in_span(found, starts, sentence.start, sentence.end)
            if not (statement[0] <= item["start"] < statement[1])
        ]
        return own[0] if len(own) == 1 else None

    # The three shapes -----------------------------------------------------------------------

    def said_that(self) -> list[dict[str, Any]]:
        pattern = self.vocabulary.said_that
        if pattern is None:
            return []
        claims = []
        for match in pattern.finditer(self.text):
            sentence = _sentence(self.text, self.starts, match.span())
            if match.end() > sentence.end or sentence.clipped_end:
                continue
            claimant = self._before(match.start(), sentence)
            statement = _trimmed(self.text, match.end(), sentence.end)
            claim = self._claim(claimant, match.span(), statement, sentence)
            if claim is not None:
                claims.append(claim)
        return claims

    def according_to(self) -> list[dict[str, Any]]:
        pattern = self.vocabulary.according_to
        if pattern is None:
            return []
        claims = []
        for match in pattern.finditer(self.text):
            sentence = _sentence(self.text, self.starts, match.span())
            claimant = self._after(match.end(), sentence)
            if claimant is None:
                # Without the claimant's end the statement's side of the comma is unknown.
                continue
            tail = re.match(r"\s*,", self.text[claimant.end : sentence.end])
            head = self.text[sentence.start : match.start()].rstrip()
            opens = not sentence.clipped_start and not re.search(r"\w", head)
            if tail is not None and opens and not sentence.clipped_end:
                statement = _trimmed(self.text, claimant.end + tail.end(), sentence.end)
            elif head.endswith(",") and not sentence.clipped_start:
                statement = _trimmed(self.text, sentence.start, sentence.start + len(head) - 1)
            else:
                continue
            cue = (match.start(), match.end())
            claim = self._claim(claimant, cue, statement, sentence)
            if claim is not None:
                claims.append(claim)
        return claims

    def quoted(self) -> list[dict[str, Any]]:
        pattern = self.vocabulary.quoted
        if pattern is None:
            return []
        claims = []
        for match in pattern.finditer(self.text):
            sentence = _sentence(self.text, self.starts, match.span())
            before = self.text[sentence.start : match.start()]
            quotative = _first_word(match.group()) in self.vocabulary.quotative
            found = self._quote_before(before, sentence.start, quotative)
            if found is None:
                continue
            statement, speaker_gap = found
            claimant = self._after(match.end(), sentence)
            if claimant is None and speaker_gap is not None:
                claimant = speaker_gap
            if claimant is None:
                claimant = self._opening_speaker(sentence, statement[0])
            claim = self._claim(claimant, match.span(), statement, sentence)
            if claim is not None:
                claims.append(claim)
        claims.extend(self._unquoted())
        return claims

    def _quote_before(
        self, before: str, offset: int, quotative: bool
    ) -> tuple[tuple[int, int], Actor | None] | None:
        """The quotation that ends right before a cue (perhaps with its speaker between them,
        "\"...,\" Tashiev said"), and that speaker. Unless the cue itself marks a quotation
        (Kyrgyz "деп"), direct speech must be punctuated as such ("«...», — заявил",
        "\"...,\" said"): a name in quotation marks before a verb («Таш Сөзү» Медер Сагынбаев
        заявил) is no statement."""
        speaker: Actor | None = None
        cut = len(before)
        tail = _QUOTE_TO_CUE.search(before)
        assert tail is not None
        closing, gap_end = tail.start(), cut
        if closing == 0 or before[closing - 1] not in _CLOSE_QUOTES:
            last = self._within(offset, offset + cut)
            if not last or not self.vocabulary.between.match(before[last[-1].end - offset :]):
                return None
            speaker = last[-1]
            head = before[: speaker.start - offset]
            tail = _QUOTE_TO_CUE.search(head)
            assert tail is not None
            closing, gap_end = tail.start(), len(head)
            if closing == 0 or head[closing - 1] not in _CLOSE_QUOTES:
                return None
        punctuated = bool(_SPEECH_MARK.search(before, closing, gap_end)) or (
            closing >= 2 and before[closing - 2] in _TAIL_MARKS
        )
        if not quotative and not punctuated:
            return None
        opening = max(before.rfind(mark, 0, closing - 1) for mark in _OPEN_QUOTES)
        if opening < 0:
            return None
        return _trimmed(self.text, offset + opening + 1, offset + closing - 1), speaker

    def _opening_speaker(self, sentence: _Sentence, statement_start: int) -> Actor | None:
        """The speaker named at the start of the sentence, right before the opening quote."""
        opening = statement_start - 1
        candidates = self._within(sentence.start, max(opening, sentence.start))
        if not candidates:
            return None
        actor = candidates[-1]
        if not _SUBJECT_TO_QUOTE.match(self.text[actor.end : opening]):
            return None
        return actor if self._opens_clause(actor, sentence) else None

    def _unquoted(self) -> list[dict[str, Any]]:
        """Kyrgyz reported speech without quotation marks: "Ташиев ... деп билдирди". The
        statement is known only between a speaker opening the sentence and the cue."""
        pattern = self.vocabulary.quoted
        if pattern is None:
            return []
        claims = []
        for match in pattern.finditer(self.text):
            if _first_word(match.group()) not in self.vocabulary.unquoted:
                continue
            sentence = _sentence(self.text, self.starts, match.span())
            if sentence.clipped_start:
                continue  # the speaker must open the sentence
            before = self.text[sentence.start : match.start()].rstrip()
            if before and before[-1] in _CLOSE_QUOTES:
                continue
            opening = self._within(sentence.start, match.start())
            if not opening or not self._opens_clause(opening[0], sentence):
                continue
            speaker = opening[0]
            gap = re.match(r"[\s,:—–-]*", self.text[speaker.end : match.start()])
            assert gap is not None
            statement = _trimmed(self.text, speaker.end + gap.end(), match.start())
            claim = self._claim(speaker, match.span(), statement, sentence)
            if claim is not None:
                claims.append(claim)
        return claims


def _first_word(cue: str) -> str:
    return cue.split(maxsplit=1)[0].casefold() if cue.strip() else ""


def _in_span(
    found: Sequence[dict[str, Any]], starts: Sequence[int], start: int, end: int
) -> Sequence[dict[str, Any]]:
    """The findings (sorted by start) that start inside ``[start, end)``."""
    return found[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


def find_claims(
    text: str,
    language: str | None,
    actors: Sequence[Actor],
    *,
    roles: Mapping[int, tuple[int, int]] | None = None,
    sentence_starts: Sequence[int] = (0,),
    dates: Sequence[dict[str, Any]] = (),
    places: Sequence[dict[str, Any]] = (),
) -> list[dict[str, Any]]:
    """Statements attributed in ``text``, in text order, one per cue.

    ``actors`` are the person and organisation mentions, ``roles`` the span of a role written
    before a mention (keyed by the mention's start), ``sentence_starts`` the offsets sentences
    begin at, ``dates`` and ``places`` the dates and place mentions found, as the extraction
    document gives them.
    """
    if language is None:
        return []
    finder = _Finder(text, language, actors, roles or {}, sentence_starts, dates, places)
    kept: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    # One cue, one claim, the most specific reading first: "заявил, что" is "said that" even
    # when a quotation stands before it.
    for claim in [*finder.said_that(), *finder.according_to(), *finder.quoted()]:
        cue = (claim["cue"]["start"], claim["cue"]["end"])
        if any(cue[0] < end and start < cue[1] for start, end in taken):
            continue
        taken.append(cue)
        kept.append(claim)
    return sorted(kept, key=lambda claim: (claim["start"], claim["cue"]["start"]))
