"""Acts the rules missed, recalled by sentence embeddings (an optional stage, off by default).

A sentence in which the rules found no act is encoded (``docket.extract.sentence_embeddings``)
and compared with example sentences of every violation code: the shipped
``vocabulary/act_exemplars.yaml``, written for it, and, where an archive is at hand, the sentences
of the acts its reviewers accepted (read above this layer, with the viewer's visibility, by
``docket.training.exemplars``). When the most similar example is at least ``threshold`` alike
(cosine), the sentence is proposed as an act of that example's code, at the sentence's main verb
(its parse's root; the sentence's last word where there is no parse, as Kyrgyz puts its verb
last), and goes through the same filters as every act (``stated_acts.stated_only``): a sentence
that denies, fears or asks for the act gives none.

The proposal says how it was found: ``source`` is ``sentence_embeddings``, ``similarity`` the
cosine and ``exemplar`` the example it is most like, so a reviewer sees why it was proposed.

Only languages the model reads are recalled (``RECALL_LANGUAGES``): all-MiniLM-L6-v2 learned
English, and on the Russian and Kyrgyz tune documents it proposed mostly wrong acts
(docs/extraction.md, "Acts recalled by sentence embeddings").
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

import numpy

from docket.errors import DocketError
from docket.extract.lexicon import FoldedText, PhraseMatch
from docket.extract.sentence_embeddings import SentenceEncoder, Vectors, shipped_encoder
from docket.extract.sentence_parses import Word
from docket.extract.stated_acts import stated_only
from docket.model._lexicon import read_yaml
from docket.model.taxonomy import load_taxonomy

__all__ = [
    "NO_ACT",
    "RECALL_LANGUAGES",
    "RECALL_SOURCE",
    "RECALL_THRESHOLD",
    "ActRecall",
    "RecallSettings",
    "Recalled",
    "act_recall",
    "recalled_matches",
    "shipped_exemplars",
]

RECALL_SOURCE: Final = "sentence_embeddings"
# The code of the examples that tell no act: a sentence most like one of them is not proposed.
NO_ACT: Final = "no_act"
# The cosine at or above which a sentence is proposed as an act of its nearest example's code:
# chosen on the tune documents (docs/extraction.md, "Acts recalled by sentence embeddings").
RECALL_THRESHOLD: Final = 0.65
RECALL_LANGUAGES: Final = ("en",)
_VOCABULARY: Final = "vocabulary/act_exemplars.yaml"
# A sentence of fewer words tells no act by itself (a heading, a field of a form, a date line).
_FEWEST_WORDS: Final = 5
# Longer sentences are cut: the model reads 256 word pieces, and a long run-on text would only
# cost time past them.
_MOST_CHARS: Final = 1_000
_WORD: Final = re.compile(r"\w+")
# A sentence that does not close as a sentence is a heading, a field or an item of a list: an act
# it names is told again where the text tells it (``find_acts`` reads headings the same way).
_CLOSING: Final = frozenset(".!?…")
_CLOSING_QUOTES: Final = "\"'»”’)"


@dataclass(frozen=True)
class Recalled:
    """A sentence (``start``-``end`` of its text) like an example of ``code``."""

    start: int
    end: int
    code: str
    similarity: float
    exemplar: str


@dataclass(frozen=True)
class RecallSettings:
    """Plain data that makes an ``ActRecall`` in any process: the threshold, the languages and
    the archive's own examples (code, sentence) added to the shipped ones."""

    threshold: float = RECALL_THRESHOLD
    languages: tuple[str, ...] = RECALL_LANGUAGES
    examples: tuple[tuple[str, str], ...] = ()


@cache
def shipped_exemplars() -> tuple[tuple[str, str], ...]:
    """The shipped example sentences, (code, sentence), each code one of the taxonomy's."""
    source = resources.files("docket.extract").joinpath(_VOCABULARY)
    data = read_yaml(source.read_text("utf-8"))
    taxonomy = load_taxonomy("violation_types")
    found: list[tuple[str, str]] = []
    for code, sentences in (data.get("examples") or {}).items():
        if code not in taxonomy:
            raise DocketError(f"{_VOCABULARY}: {code!r} is no violation code")
        found.extend((str(code), str(sentence).strip()) for sentence in sentences)
    found.extend((NO_ACT, str(sentence).strip()) for sentence in data.get("no_act") or ())
    return tuple(found)


class ActRecall:
    """The nearest example's code of each sentence, where it is alike enough."""

    def __init__(
        self,
        encoder: SentenceEncoder,
        examples: Iterable[tuple[str, str]],
        threshold: float = RECALL_THRESHOLD,
        languages: Sequence[str] = RECALL_LANGUAGES,
    ) -> None:
        self.threshold = threshold
        self.languages = tuple(languages)
        taxonomy = load_taxonomy("violation_types")
        # One copy of each (code, sentence): an accepted act may repeat a shipped example.
        unique = dict.fromkeys((code, " ".join(s.split())) for code, s in examples if s.strip())
        self._examples = [
            (code, sentence) for code, sentence in unique if code in taxonomy or code == NO_ACT
        ]
        self._encoder = encoder
        self._lock = threading.Lock()
        self._vectors: Vectors | None = None

    def _example_vectors(self) -> Vectors:
        with self._lock:
            if self._vectors is None:
                self._vectors = self._encoder.encode([s for _, s in self._examples])
            return self._vectors

    def nearest(self, sentences: Sequence[str]) -> list[tuple[str, float, str] | None]:
        """For each sentence, (code, similarity, example) of the most similar example when the
        similarity reaches the threshold, else None."""
        if not sentences or not self._examples:
            return [None for _ in sentences]
        examples = self._example_vectors()
        similarity = self._encoder.encode([s[:_MOST_CHARS] for s in sentences]) @ examples.T
        best = numpy.argmax(similarity, axis=1)
        found: list[tuple[str, float, str] | None] = []
        for row, column in enumerate(best):
            score = float(similarity[row, column])
            code, example = self._examples[int(column)]
            kept = score >= self.threshold and code != NO_ACT
            found.append((code, round(score, 4), example) if kept else None)
        return found

    def recall(
        self, texts: Sequence[tuple[str, str | None, Sequence[int], Sequence[int]]]
    ) -> list[list[Recalled]]:
        """For each (text, language, sentence starts, starts of the acts found), the sentences
        without an act that are like an example, all texts' sentences encoded in one batch."""
        wanted: list[tuple[int, int, int]] = []
        for index, (text, language, starts, acts) in enumerate(texts):
            if language not in self.languages:
                continue
            bounds = [*starts[1:], len(text)]
            told = {_sentence_of(starts, start) for start in acts}
            for sentence, (low, high) in enumerate(zip(starts, bounds, strict=True)):
                piece = text[low:high]
                if sentence in told or len(_WORD.findall(piece)) < _FEWEST_WORDS:
                    continue
                stripped = piece.strip()
                if stripped.rstrip(_CLOSING_QUOTES)[-1:] not in _CLOSING:
                    continue
                begin = low + piece.index(stripped[0])
                wanted.append((index, begin, begin + len(stripped)))
        found: list[list[Recalled]] = [[] for _ in texts]
        nearest = self.nearest([texts[i][0][low:high] for i, low, high in wanted])
        for (index, low, high), near in zip(wanted, nearest, strict=True):
            if near is not None:
                found[index].append(Recalled(low, high, *near))
        return found


def _sentence_of(starts: Sequence[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1


_recalls: dict[RecallSettings, ActRecall] = {}
_recalls_lock = threading.Lock()


def act_recall(settings: RecallSettings) -> ActRecall:
    """The recall of ``settings`` with the shipped model, made once per process and settings.

    Raises ``EmbeddingsUnavailable`` when the extra is not installed.
    """
    encoder = shipped_encoder()
    with _recalls_lock:
        found = _recalls.get(settings)
        if found is None:
            found = ActRecall(
                encoder,
                [*shipped_exemplars(), *settings.examples],
                settings.threshold,
                settings.languages,
            )
            # Settings differ by the archive's examples; a long-running worker keeps a few.
            if len(_recalls) >= 4:
                _recalls.clear()
            _recalls[settings] = found
        return found


def _main_verb(words: Sequence[Word], low: int, high: int) -> tuple[int, int] | None:
    """The span of the sentence's root word when it is a verb, else of its first verb; a root
    that reports or denies a clause ("said officers questioned her", "deny that they beat him")
    gives way to the clause's verb, which tells the act and which the filters read around."""
    root = next(
        (i for i, w in enumerate(words) if w.relation == "root" and low <= w.start < high), None
    )
    if root is None or not words[root].verb:
        first = next((w for w in words if w.verb and low <= w.start < high), None)
        return None if first is None else (first.start, first.end)
    seen = {root}
    while True:
        clause = next(
            (
                i
                for i, w in enumerate(words)
                if w.head == root and w.relation == "ccomp" and w.verb and i not in seen
            ),
            None,
        )
        if clause is None:
            return words[root].start, words[root].end
        root = clause
        seen.add(root)


def recalled_matches(
    text: str,
    language: str,
    folded: FoldedText,
    sentence_of: Callable[[int], int],
    recalled: Sequence[Recalled],
    parses: Mapping[int, Sequence[Word]],
    sentence_starts: Sequence[int],
) -> list[tuple[PhraseMatch, Recalled]]:
    """Each recalled sentence as an act at its main verb (its last word without a parse), with
    what recalled it; those the act filters drop are left out."""
    taxonomy = load_taxonomy("violation_types")
    ends = [token.end for token in folded.tokens]
    placed: list[tuple[PhraseMatch, Recalled]] = []
    for found in recalled:
        words = parses.get(sentence_starts[sentence_of(found.start)], ())
        span = _main_verb(words, found.start, found.end)
        if span is None:
            last = bisect.bisect_right(ends, found.end) - 1
            if last < 0 or folded.tokens[last].start < found.start:
                continue
            span = (folded.tokens[last].start, folded.tokens[last].end)
        placed.append((PhraseMatch(taxonomy.get(found.code), *span), found))
    kept = stated_only(text, folded, language, sentence_of, [match for match, _ in placed])
    return [(match, found) for match, found in placed if match in kept]
