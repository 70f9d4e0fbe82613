"""Statements a document attributes to someone: who said what, about whom, when and where.

A claim is a finding of its own because documenters record denials and official versions as
carefully as facts ("the Ministry denied that anyone was detained"). These shapes are read, with
their words in ``vocabulary/claims.yaml``:

- ``said that``: "The Ministry openly stated that ...", "Ташиев заявил, что ..." - the claimant
  stands right before the verb, the statement runs from "that"/"что" to the end of the sentence;
- ``according to``: "According to the Ministry, ...", "..., по словам Ташиева." - the claimant
  follows the cue, a comma parts it from the statement;
- ``quoted``: "«...» деп билдирди", "«...», — заявил Ташиев", "\"...,\" Tashiev said" - the
  statement comes first (quoted, or in Kyrgyz after the opening claimant), the cue after it;
- the same verbs before a colon and a quotation ("told Ordo Press: \"...\""), with no joining
  word ("The Centre said the decision ..."), in an aside ("..., members of the congregation
  said."), a source before its cue ("Күбөлөрдүн айтымында, ..."), a statement in the sentence
  before "Об этом сообщил ...", and Kyrgyz nominalised statements ("... бергенин айтып берди").

Precision comes first: a claimant is named only when nothing but listed words ("the", "has",
"openly", a role like "President", a possessive with its description: "his wife") stands
between the name and the cue and the name opens its clause, and, in Russian, when the verb
agrees with the name's sex. Otherwise (a pronoun speaking too) the claim is kept with no
claimant, for the reviewer to name, and a statement whose bounds are unclear is not proposed at
all. A date or place is the claim's own only when
its sentence holds exactly one outside the statement (inside it, it belongs to what is claimed).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.claim_words import OPEN_QUOTES
from docket.extract.claimants import (
    AFTER_CLAIMANT,
    CLAUSE_EDGE,
    REACH,
    SUBJECT_WORDS,
    Claimants,
    Sentence,
    cue_sentence,
    in_span,
    leading,
)

__all__ = ["find_claims"]

_OPEN_QUOTES: Final = OPEN_QUOTES
_CLOSE_QUOTES: Final = '"»”“'
_TAIL_MARKS: Final = frozenset(".!?…,;:")
_QUOTE_TO_CUE: Final = re.compile(r"[\s,.!?…]*(?:[—–-][\s]*)?$")
_SPEECH_MARK: Final = re.compile(r"[,—–-]")
_SUBJECT_TO_QUOTE: Final = re.compile(r"^[\s,:—–-]*$")
# A Kyrgyz statement without a named speaker starts after a comma or "бирок" (but).
_KY_CLAUSE_EDGE: Final = re.compile(r"[,;:()—–]|\s-\s|(?<!\w)бирок\s", re.IGNORECASE)


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"text": text[start:end], "start": start, "end": end}


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without surrounding spaces and the sentence's closing punctuation."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TAIL_MARKS):
        end -= 1
    return start, end


# What a shape reads at one match: who spoke (if named), the cue and the statement.
_Reading = tuple[Actor | None, tuple[int, int], tuple[int, int]]


class _Finder(Claimants):
    """The claims of a text, read shape by shape from the matches of its cue words."""

    # What is said, and the rest -------------------------------------------------------------

    def _claim(
        self,
        claimant: Actor | None,
        cue: tuple[int, int],
        statement: tuple[int, int],
        sentence: Sentence,
    ) -> dict[str, Any] | None:
        start, end = statement
        if end <= start or not re.search(r"\w", self.text[start:end]):
            return None
        if cue[0] < end and start < cue[1]:
            return None
        about: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for actor in self.within(start, end):
            key = (actor.kind, actor.name)
            if key not in seen:
                seen.add(key)
                about.append(actor.to_json())
        if claimant is not None and not self.agrees(claimant, cue):
            claimant = None
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
            "date": self._outside(self.dates, self.date_starts, sentence, statement),
            "place": self._outside(self.places, self.place_starts, sentence, statement),
        }

    @staticmethod
    def _outside(
        found: Sequence[dict[str, Any]],
        starts: Sequence[int],
        sentence: Sentence,
        statement: tuple[int, int],
    ) -> dict[str, Any] | None:
        if sentence.clipped_start or sentence.clipped_end:
            return None  # the rest of the sentence might hold another
        own = [
            item
            for item in in_span(found, starts, sentence.start, sentence.end)
            if not (statement[0] <= item["start"] < statement[1])
        ]
        return own[0] if len(own) == 1 else None

    # The shapes: each reads one match of its cue words into (claimant, cue, statement) -----

    def _each(
        self,
        pattern: re.Pattern[str] | Sequence[re.Match[str]] | None,
        read: Callable[[re.Match[str], Sentence], _Reading | None],
        *,
        anchor: str | int = 0,
        whole: bool = False,
    ) -> list[dict[str, Any]]:
        """The claims ``read`` finds at each match of ``pattern`` (or at each of the matches
        given); ``anchor`` is the group whose sentence the claim is in, and ``whole`` skips
        sentences longer than the reach."""
        if pattern is None:
            return []
        claims = []
        for match in pattern.finditer(self.text) if isinstance(pattern, re.Pattern) else pattern:
            sentence = cue_sentence(self.text, self.starts, match.span(anchor))
            if whole and (sentence.clipped_start or sentence.clipped_end):
                continue
            found = read(match, sentence)
            claim = None if found is None else self._claim(*found, sentence)
            if claim is not None:
                claims.append(claim)
        return claims

    def said_that(self) -> list[dict[str, Any]]:
        return self._each(self.vocabulary.said_that, self._said_that)

    def _said_that(self, match: re.Match[str], sentence: Sentence) -> _Reading | None:
        if match.end() > sentence.end or sentence.clipped_end:
            return None
        if self.by_author(sentence, match.start()):
            return None
        claimant = self.before(match.start(), sentence) or self.coordinated(match.start(), sentence)
        return claimant, match.span(), _trimmed(self.text, match.end(), sentence.end)

    def said_colon(self) -> list[dict[str, Any]]:
        """ "X told Ordo Press: \"...\"": the quotation after the colon, to its closing mark."""
        # Every match ends at a colon: a text without one is not searched.
        if ":" not in self.text:
            return []
        return self._each(self.vocabulary.said_colon, self._said_colon)

    def _said_colon(self, match: re.Match[str], sentence: Sentence) -> _Reading | None:
        if self.by_author(sentence, match.start()):
            return None
        opening = match.end()
        closing = _closing_quote(self.text, opening, min(len(self.text), opening + REACH))
        if closing is None:
            return None
        cue_end = self.text.rindex(":", match.start(), opening)
        cue = _trimmed(self.text, match.start(), cue_end)
        claimant = self.before(match.start(), sentence)
        if claimant is None:
            speaker = self.ky_speaker(sentence, match.start())
            claimant = None if speaker is None else speaker[0]
        return claimant, cue, _trimmed(self.text, opening + 1, closing)

    def bare(self) -> list[dict[str, Any]]:
        """A verb with no joining word before its statement ("The Centre said the decision
        confirmed ...")."""
        return self._each(self.vocabulary.bare, self._forward, whole=True)

    def aside(self) -> list[dict[str, Any]]:
        """A verb in an aside, with its speaker: "..., members of the congregation said.",
        "because, the bailiff said, the room was full"; in Russian the speaker follows:
        "..., сообщили в МВД."."""
        read = self._inverted if self.vocabulary.aside_inverted else self._aside
        return self._each(self.vocabulary.aside, read, whole=True)

    def _inverted(self, match: re.Match[str], sentence: Sentence) -> _Reading | None:
        lead = self.text[sentence.start : match.start()].rstrip(" \t—–-")
        rest = self.text[match.end() : sentence.end]
        if not lead.endswith(",") or re.search(r"[,;:«»\"“”]", rest):
            return None
        if len(re.findall(r"[\w-]+", rest)) > SUBJECT_WORDS:
            return None
        statement = _trimmed(self.text, sentence.start, sentence.start + len(lead) - 1)
        return self.after(match.end(), sentence), match.span(), statement

    def _aside(self, match: re.Match[str], sentence: Sentence) -> _Reading | None:
        lead = self.text[sentence.start : match.start()]
        comma = lead.rfind(",")
        if comma < 0:
            return None
        speaker = lead[comma + 1 :]
        if not 1 <= len(re.findall(r"[\w-]+", speaker)) <= SUBJECT_WORDS:
            return None
        if any(mark in speaker for mark in _OPEN_QUOTES + _CLOSE_QUOTES + ";:()"):
            return None
        rest = self.text[match.end() : sentence.end]
        claimant = self.before(match.start(), sentence)
        if re.match(r"\s*,", rest) and re.search(r"\w", rest):
            after = rest.index(",") + 1
            return claimant, match.span(), _trimmed(self.text, match.end() + after, sentence.end)
        if not re.search(r"\w", rest):
            statement = _trimmed(self.text, sentence.start, sentence.start + comma)
            return claimant, match.span(), statement
        return None

    def _forward(self, match: re.Match[str], sentence: Sentence) -> _Reading | None:
        following = re.match(r"\s+([\w-]+)", self.text[match.end() : sentence.end])
        if following is None or following.group(1).casefold() in self.vocabulary.no_statement:
            return None
        preceding = re.findall(
            r"[\w'’-]+", self.text[max(sentence.start, match.start() - 20) : match.start()]
        )
        if preceding and preceding[-1].casefold() in self.vocabulary.unsaid:
            return None  # "It did not say how many", "declined to say"
        claimant = self.before(match.start(), sentence) or self.coordinated(match.start(), sentence)
        if claimant is None and self.subject(sentence, match.start()) is None:
            return None
        return claimant, match.span(), _trimmed(self.text, match.end(), sentence.end)

    def characterised(self) -> list[dict[str, Any]]:
        """ "The Centre called the raid a violation of freedom of religion": what is said of
        something, its object and what it is called, to the end of the clause."""
        if self.vocabulary.characterised_as is None:
            return []
        return self._each(self.vocabulary.characterised, self._characterised)

    def _characterised(self, match: re.Match[str], sentence: Sentence) -> _Reading | None:
        marker = self.vocabulary.characterised_as
        if marker is None or sentence.clipped_end or self.by_author(sentence, match.start()):
            return None
        end = sentence.end
        until = self.vocabulary.characterised_until
        stop = until.search(self.text, match.end(), end) if until is not None else None
        if stop is not None:
            end = stop.start()
        statement = _trimmed(self.text, match.end(), end)
        # The object comes first, then what it is called ("a ...", "«...»"): "called the
        # police" or "called for" say nothing of anything.
        named = marker.search(self.text, statement[0], statement[1])
        quote = re.search(rf"[{_OPEN_QUOTES}]", self.text[statement[0] : statement[1]])
        first_word = re.match(r"[\w-]+", self.text[statement[0] : statement[1]])
        says_nothing = self.vocabulary.no_statement | {"a"}
        if first_word is None or first_word.group().casefold() in says_nothing:
            return None
        if (named is None or named.start() == statement[0]) and quote is None:
            return None
        claimant = self.before(match.start(), sentence) or self.coordinated(match.start(), sentence)
        if claimant is None and self.subject(sentence, match.start()) is None:
            return None
        return claimant, match.span(), statement

    def according_to(self) -> list[dict[str, Any]]:
        return self._each(self.vocabulary.according_to, self._according_to)

    def _according_to(self, match: re.Match[str], sentence: Sentence) -> _Reading | None:
        claimant = self.after(match.end(), sentence)
        if claimant is not None:
            source_end = claimant.end
        else:
            # A source that is no named entity ("по словам адвоката", "according to the
            # families") runs to its comma; a long one has unclear bounds.
            comma = self.text.find(",", match.end(), sentence.end)
            source_end = sentence.end if comma < 0 else comma
            source = re.findall(r"[\w-]+", self.text[match.end() : source_end])
            if len(source) > 8 or any(w.casefold() in self.vocabulary.author for w in source):
                return None  # unclear bounds, or the author's own ("according to our estimate")
        tail = re.match(r"\s*,", self.text[source_end : sentence.end])
        head = self.text[sentence.start : match.start()].rstrip()
        rest = self.text[source_end + tail.end() : sentence.end] if tail else ""
        last_word = match.group().split()[-1]
        if re.match(rf"\s*(?:and\s+|и\s+)?{re.escape(last_word)}\s", rest, re.IGNORECASE):
            return None  # sources listed one after another: where the statement starts is unclear
        if tail is not None and re.search(r"\w", rest) and not sentence.clipped_end:
            statement = _trimmed(self.text, source_end + tail.end(), sentence.end)
        elif head.endswith(",") and not sentence.clipped_start:
            statement = _trimmed(self.text, sentence.start, sentence.start + len(head) - 1)
        else:
            return None
        return claimant, match.span(), statement

    def source_first(self) -> list[dict[str, Any]]:
        """ "Күбөлөрдүн айтымында, ...": the source in the genitive before the cue, the
        statement after the comma."""
        return self._each(self.vocabulary.source_first, self._source_first, whole=True)

    def _source_first(self, match: re.Match[str], sentence: Sentence) -> _Reading | None:
        lead = self.text[sentence.start : match.start()]
        if CLAUSE_EDGE.search(lead) or len(re.findall(r"[\w-]+", lead)) > SUBJECT_WORDS:
            return None
        tail = re.match(r"\s*,", self.text[match.end() : sentence.end])
        if tail is None:
            return None
        source = [
            actor
            for actor in self.within(sentence.start, match.start())
            if not self.text[actor.end : match.start()].strip()
        ]
        claimant = source[-1] if source and self.opens_clause(source[-1], sentence) else None
        return claimant, match.span(), _trimmed(self.text, match.end() + tail.end(), sentence.end)

    def about_this(self) -> list[dict[str, Any]]:
        """ "... . Об этом сообщил её адвокат Бакыт Осмонов.": the sentence before is the
        statement, the name closing the cue's sentence its claimant."""
        return self._each(self.vocabulary.about_this, self._about_this)

    def _about_this(self, match: re.Match[str], sentence: Sentence) -> _Reading | None:
        if self.text[sentence.start : match.start()].strip() or sentence.clipped_start:
            return None
        index = bisect.bisect_right(self.starts, match.start()) - 1
        if index == 0 or sentence.start - self.starts[index - 1] > REACH:
            return None
        statement = _trimmed(self.text, self.starts[index - 1], sentence.start)
        claimant = None
        candidates = self.within(match.end(), sentence.end)
        if candidates:
            actor = candidates[0]
            words = re.findall(r"[\w-]+", self.text[match.end() : actor.start])
            fits = not words or self.described(words)
            closing = AFTER_CLAIMANT.match(self.text, actor.end, sentence.end)
            if fits and closing is not None:
                claimant = actor
        return claimant, match.span(), statement

    def complement(self) -> list[dict[str, Any]]:
        """Kyrgyz "... бергенин айтып берди": the statement, nominalised, before the verb."""
        return self._each(self.vocabulary.complement, self._complement, anchor="cue")

    def _complement(self, match: re.Match[str], sentence: Sentence) -> _Reading | None:
        cue = match.span("cue")
        found = self._ky_statement(sentence, cue[0])
        return None if found is None else (found[0], cue, found[1])

    def _ky_statement(
        self, sentence: Sentence, cue: int
    ) -> tuple[Actor | None, tuple[int, int]] | None:
        """The speaker opening the sentence and what follows it up to the cue; with no named
        speaker, the cue's clause ("..., бирок дарыгерлер ... дешти")."""
        if sentence.clipped_start:
            return None
        speaker = self.ky_speaker(sentence, cue)
        if speaker is not None:
            return speaker[0], _trimmed(self.text, speaker[1], cue)
        lead = self.text[sentence.start : cue]
        edges = [match.end() for match in _KY_CLAUSE_EDGE.finditer(lead)]
        return None, _trimmed(self.text, sentence.start + max(edges, default=0), cue)

    def quoted(self) -> list[dict[str, Any]]:
        # The two readings look at the same cues: the text is searched for them once.
        pattern = self.vocabulary.quoted
        cues = [] if pattern is None else list(pattern.finditer(self.text))
        return [*self._each(cues, self._quoted), *self._each(cues, self._unquoted)]

    def _quoted(self, match: re.Match[str], sentence: Sentence) -> _Reading | None:
        before = self.text[sentence.start : match.start()]
        quotative = _first_word(match.group()) in self.vocabulary.quotative
        found = self._quote_before(before, sentence.start, quotative)
        if found is None:
            return None
        statement, speaker_gap, unnamed = found
        claimant = None if unnamed else self.after(match.end(), sentence)
        if claimant is None and speaker_gap is not None:
            claimant = speaker_gap
        if claimant is None and not unnamed:
            opening = cue_sentence(self.text, self.starts, (statement[0] - 1, statement[0]))
            claimant = self._opening_speaker(opening, statement[0])
        return claimant, match.span(), statement

    def _quote_before(
        self, before: str, offset: int, quotative: bool
    ) -> tuple[tuple[int, int], Actor | None, bool] | None:
        """The quotation that ends right before a cue (perhaps with its speaker between them,
        "\"...,\" Tashiev said"), that speaker, and whether a pronoun stands there instead
        ("\"...,\" she told Ordo Press": no one after the cue is the speaker). Unless the cue
        itself marks a quotation (Kyrgyz "деп"), direct speech must be punctuated as such
        ("«...», — заявил", "\"...,\" said"): a name in quotation marks before a verb («Таш
        Сөзү» Медер Сагынбаев заявил) is no statement. A quotation of several sentences opens
        before the cue's one."""
        speaker: Actor | None = None
        pronoun = None
        cut = len(before)
        tail = _QUOTE_TO_CUE.search(before)
        assert tail is not None
        closing, gap_end = tail.start(), cut
        if closing == 0 or before[closing - 1] not in _CLOSE_QUOTES:
            last = self.within(offset, offset + cut)
            if last and self.vocabulary.between.match(before[last[-1].end - offset :]):
                speaker = last[-1]
                head = before[: speaker.start - offset]
            else:
                # "\"...,\" she told Eurasia Rights Wire": a pronoun speaks, unnamed.
                pronoun = re.search(r"([\w-]+)\s*$", before)
                if pronoun is None or pronoun.group(1).casefold() not in self.vocabulary.pronouns:
                    return None
                head = before[: pronoun.start()]
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
        if opening >= 0:
            start = offset + opening + 1
        else:
            found = _opening_quote(self.text, max(0, offset - REACH), offset)
            if found is None:
                return None
            start = found + 1
        return _trimmed(self.text, start, offset + closing - 1), speaker, pronoun is not None

    def _opening_speaker(self, sentence: Sentence, statement_start: int) -> Actor | None:
        """The speaker named at the start of the sentence, right before the opening quote."""
        opening = statement_start - 1
        candidates = self.within(sentence.start, max(opening, sentence.start))
        if not candidates:
            return None
        actor = candidates[-1]
        if _SUBJECT_TO_QUOTE.match(self.text[actor.end : opening]) and self.opens_clause(
            actor, sentence
        ):
            return actor
        # Kyrgyz describes a speaker before the name ("Үч баланын энеси Нурзат Абдылдаева:
        # «...»") and may put words between it and the quotation ("Бакыт Абдиев болсо мыйзам
        # «...» деп билдирди").
        speaker = self.ky_speaker(sentence, opening)
        return None if speaker is None else speaker[0]

    def _unquoted(self, match: re.Match[str], sentence: Sentence) -> _Reading | None:
        """Kyrgyz reported speech without quotation marks: "Ташиев ... деп билдирди". The
        statement runs from the speaker opening the sentence, or with no named speaker from the
        start of the cue's clause, to the cue."""
        if _first_word(match.group()) not in self.vocabulary.unquoted:
            return None
        before = self.text[sentence.start : match.start()].rstrip()
        if before and before[-1] in _CLOSE_QUOTES:
            return None
        if self.text.startswith(":", leading(self.text, match.end(), sentence.end, _NONE)):
            return None  # "... мындай деди: «...»": what was said follows
        found = self._ky_statement(sentence, match.start())
        return None if found is None else (found[0], match.span(), found[1])


_NONE: Final[frozenset[str]] = frozenset()


def _closing_quote(text: str, opening: int, limit: int) -> int | None:
    """Where the quotation opened at ``opening`` closes, before ``limit``."""
    mark = text[opening]
    closers = {"«": "»", "„": "“”", "“": "”"}.get(mark, mark)
    for index in range(opening + 1, limit):
        if text[index] in closers:
            return index
    return None


def _opening_quote(text: str, start: int, end: int) -> int | None:
    """The mark that opens a quotation still open at ``end`` (looking back to ``start``)."""
    for index in range(end - 1, start - 1, -1):
        mark = text[index]
        if mark in "«„":
            return index
        if mark == "»":
            return None
        if mark in '"“”':
            before = text[index - 1] if index > 0 else " "
            return index if before.isspace() or before in ":(" else None
    return None


def _first_word(cue: str) -> str:
    return cue.split(maxsplit=1)[0].casefold() if cue.strip() else ""


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
    # when a quotation stands before it, and "\"...,\" Tashiev said" is a quotation, not an aside.
    shapes = (
        finder.said_that,
        finder.said_colon,
        finder.according_to,
        finder.source_first,
        finder.about_this,
        finder.quoted,
        finder.complement,
        finder.aside,
        finder.bare,
        finder.characterised,
    )
    for claim in [claim for shape in shapes for claim in shape()]:
        cue = (claim["cue"]["start"], claim["cue"]["end"])
        if any(cue[0] < end and start < cue[1] for start, end in taken):
            continue
        taken.append(cue)
        kept.append(claim)
    return sorted(kept, key=lambda claim: (claim["start"], claim["cue"]["start"]))
