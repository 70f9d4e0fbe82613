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
# Apostrophes are no quotation marks here: "didn't" would open a quote.
_OPEN_QUOTES: Final = '"«“„'
_CLOSE_QUOTES: Final = '"»”“'
_TAIL_MARKS: Final = frozenset(".!?…,;:")
_CLAUSE_EDGE: Final = re.compile(r"[,;:()\[\]—–]|\s-\s")
_QUOTE_TO_CUE: Final = re.compile(r"[\s,.!?…]*(?:[—–-][\s]*)?$")
_SUBJECT_TO_QUOTE: Final = re.compile(r"^[\s,:—–-]*$")
_AFTER_CLAIMANT: Final = re.compile(r"^\s*(?:[,.!?…;:]|$)")


@dataclass(frozen=True)
class _Vocabulary:
    said_that: re.Pattern[str] | None
    according_to: re.Pattern[str] | None
    quoted: re.Pattern[str] | None
    between: re.Pattern[str]
    lead: frozenset[str]


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
    )


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int


def _sentence(text: str, starts: Sequence[int], offset: int) -> _Sentence:
    index = bisect.bisect_right(starts, offset) - 1
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    return _Sentence(starts[index], end)


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
        self.starts = list(sentence_starts) or [0]
        self.dates = dates
        self.places = places

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
        lead = self.text[sentence.start : lead_end]
        edges = [match.end() for match in _CLAUSE_EDGE.finditer(lead)]
        edges += [
            found["end"] - sentence.start
            for found in self.dates
            if sentence.start <= found["end"] <= lead_end
        ]
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
        if not _AFTER_CLAIMANT.match(self.text[actor.end : sentence.end]):
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
            "date": self._outside(self.dates, sentence, statement),
            "place": self._outside(self.places, sentence, statement),
        }

    @staticmethod
    def _outside(
        found: Sequence[dict[str, Any]], sentence: _Sentence, statement: tuple[int, int]
    ) -> dict[str, Any] | None:
        own = [
            item
            for item in found
            if sentence.start <= item["start"] < sentence.end
            and not (statement[0] <= item["start"] < statement[1])
        ]
        return own[0] if len(own) == 1 else None

    # The three shapes -----------------------------------------------------------------------

    def said_that(self) -> list[dict[str, Any]]:
        pattern = self.vocabulary.said_that
        if pattern is None:
            return []
        claims = []
        for match in pattern.finditer(self.text):
            sentence = _sentence(self.text, self.starts, match.start())
            if match.end() > sentence.end:
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
            sentence = _sentence(self.text, self.starts, match.start())
            claimant = self._after(match.end(), sentence)
            if claimant is None:
                # Without the claimant's end the statement's side of the comma is unknown.
                continue
            tail = re.match(r"\s*,", self.text[claimant.end : sentence.end])
            head = self.text[sentence.start : match.start()].rstrip()
            if tail is not None and not re.search(r"\w", head):
                statement = _trimmed(self.text, claimant.end + tail.end(), sentence.end)
            elif head.endswith(","):
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
            sentence = _sentence(self.text, self.starts, match.start())
            before = self.text[sentence.start : match.start()]
            found = self._quote_before(before, sentence.start)
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
        self, before: str, offset: int
    ) -> tuple[tuple[int, int], Actor | None] | None:
        """The quotation that ends right before a cue (perhaps with its speaker between them,
        "\"...,\" Tashiev said"), and that speaker."""
        speaker: Actor | None = None
        cut = len(before)
        tail = _QUOTE_TO_CUE.search(before)
        assert tail is not None
        closing = tail.start()
        if closing == 0 or before[closing - 1] not in _CLOSE_QUOTES:
            last = self._within(offset, offset + cut)
            if not last or not self.vocabulary.between.match(before[last[-1].end - offset :]):
                return None
            speaker = last[-1]
            head = before[: speaker.start - offset]
            tail = _QUOTE_TO_CUE.search(head)
            assert tail is not None
            closing = tail.start()
            if closing == 0 or head[closing - 1] not in _CLOSE_QUOTES:
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
            if not match.group().casefold().startswith("деп"):
                continue
            sentence = _sentence(self.text, self.starts, match.start())
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
    claims = [*finder.said_that(), *finder.according_to(), *finder.quoted()]
    claims.sort(key=lambda claim: (claim["cue"]["start"], claim["start"]))
    kept: list[dict[str, Any]] = []
    for claim in claims:
        # One cue, one claim: "said" may be read both as "said that" and after a quotation.
        if kept and claim["cue"]["start"] < kept[-1]["cue"]["end"]:
            continue
        kept.append(claim)
    return kept
