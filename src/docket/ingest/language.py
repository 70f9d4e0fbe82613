"""Which language a text is in, with py3langid's bundled model (it knows Kyrgyz, ``ky``).

The scores are py3langid's own (``LanguageIdentifier.rank``), computed with NumPy instead of its
byte-by-byte Python loop, which cost most of an ingested short text's identification.
"""

from __future__ import annotations

import re
import threading
from itertools import islice
from typing import Any

import numpy as np
import numpy.typing as npt

# Identification settles within a few thousand characters; the rest of a book only costs time.
SAMPLE_CHARS = 20_000
# Below this many letters a guess is noise (a file name, a number, a signature).
MIN_LETTERS = 12

# The archive's working languages get a head start in log-probability. Raw scores grow with the
# length of the text, so this only tips short, ambiguous texts: on a set of short sentences it
# fixed Russian read as Bulgarian, Belarusian or Tajik and Kyrgyz read as Mongolian, while
# Ukrainian, Kazakh, Mongolian, Tatar and Belarusian sentences kept their own labels.
LIKELY_LANGUAGES = ("en", "ru", "ky")
LIKELY_BONUS = 12.0

_LETTERS = re.compile(r"[^\W\d_]")
_lock = threading.Lock()
_identifier: _Identifier | None = None


def detect_language(text: str) -> str | None:
    """An ISO 639 code ("en", "ru", "ky", ...) for ``text``, or None when there is too little."""
    sample = text[:SAMPLE_CHARS]
    # Counting stops at the threshold: finding every letter of a long text cost more than the rest.
    if sum(1 for _ in islice(_LETTERS.finditer(sample), MIN_LETTERS)) < MIN_LETTERS:
        return None
    return _model().identify(sample)


class _Identifier:
    """py3langid's naive Bayes scores over byte n-grams, found without a loop per byte.

    The model's tokenizer is an Aho-Corasick automaton: after each byte its state is the longest
    suffix of the text read so far that is a node of its trie. No node is deeper than ``depth``
    bytes, so the state after byte ``i`` is the state reached from the start by the ``depth``
    bytes ending at ``i`` alone; walking every such window at once, one byte position a step,
    gives every state of the text in ``depth`` array operations.
    """

    def __init__(self, library: Any) -> None:
        self._encode = type(library)._encode
        moves = library.tk_nextmove
        self._moves = np.frombuffer(moves, dtype=np.dtype(f"u{moves.itemsize}"))
        # State to its row of 256 moves (the model shares rows between states).
        self._row_of = np.asarray(library.tk_row, dtype=np.intp)
        self._rows = self._row_of << 8
        self._outputs = np.asarray(library.tk_output, dtype=np.intp)
        # Widened once (57 MB): widening each text's rows of half floats cost more than the rest.
        # Exact, so the products are the library's own.
        self._weights = np.asarray(library.nb_ptc, dtype=np.float32)
        self._priors = library.nb_pc
        self._floor = float(np.finfo(np.float32).min)
        self._aliases: list[tuple[int, int]] = list(library._alias_pairs)
        classes = [str(code) for code in library.nb_classes]
        # One column per label, as ``rank`` gives them: the first column of each.
        firsts = {code: index for index, code in reversed(list(enumerate(classes)))}
        self._columns = np.array(sorted(firsts.values()), dtype=np.intp)
        self._labels: list[str] = [classes[index] for index in self._columns]
        self._bonus = np.array(
            [LIKELY_BONUS if code in LIKELY_LANGUAGES else 0.0 for code in self._labels]
        )
        self.depth = self._trie_depth()

    def _trie_depth(self) -> int:
        """How many bytes the deepest state of the automaton stands for: its distance from the
        start state, found breadth first."""
        table = self._moves.reshape(-1, 256)
        count = len(self._row_of)
        seen = np.zeros(count, dtype=bool)
        seen[0] = True
        frontier = np.zeros(1, dtype=np.intp)
        depth = 0
        while True:
            rows = np.zeros(len(table), dtype=bool)
            rows[self._row_of[frontier]] = True
            reached = np.zeros(count, dtype=bool)
            reached[table[rows].ravel()] = True
            reached &= ~seen
            frontier = np.flatnonzero(reached)
            if not len(frontier):
                return depth
            seen |= reached
            depth += 1

    def scores(self, text: str) -> npt.NDArray[np.float32]:
        """The raw score of each of the model's columns, exactly as py3langid's ``_decide``."""
        encoded: bytes = self._encode(text)
        data = np.frombuffer(encoded, dtype=np.uint8).astype(np.intp)
        length = len(data)
        states = np.zeros(length, dtype=np.intp)
        for step in range(self.depth):
            # This step reads, for the window ending at each position, the byte ``skip`` before
            # the position's own; windows that would start before the text start at its start.
            skip = self.depth - 1 - step
            if skip < length:
                tail = states[skip:]
                states[skip:] = self._moves[self._rows[tail] + data[: length - skip]]
        features = self._outputs[states]
        features = features[features >= 0]
        if len(features):
            found = _first_seen(features)
            counts = np.bincount(features)[found].astype(np.float32)
            result: npt.NDArray[np.float32] = np.log1p(counts) @ self._weights[found] + self._priors
        else:
            result = np.full(len(self._priors), self._floor, dtype=np.float32)
        for first_column, duplicate in self._aliases:
            result[first_column] = max(result[first_column], result[duplicate])
            result[duplicate] = self._floor
        return result

    def identify(self, text: str) -> str:
        """The label with the best score once the archive's languages have their head start;
        ties go as ``max`` over py3langid's ranking would take them (higher raw score first,
        then the model's order)."""
        raw = self.scores(text)[self._columns].astype(np.float64)
        total = raw + self._bonus
        best = np.flatnonzero(total == total.max())
        if len(best) > 1:
            best = best[raw[best] == raw[best].max()]
        return self._labels[int(best[0])]


def _first_seen(features: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """The distinct ``features`` in the order of their first appearance, as py3langid's Counter
    sums them (the sum of float32 products depends on their order).

    Each feature is sorted with its position (``feature * count + position``): the first of each
    run of one feature is where it first appears. A dict of the features as Python ints cost
    half again as much, more than finding them.
    """
    count = len(features)
    # At most 20,000 characters of four bytes each, by some 10^5 features: well within 64 bits.
    keyed = features.astype(np.int64) * count + np.arange(count, dtype=np.int64)
    keyed.sort()
    feature = keyed // count
    starts = np.flatnonzero(feature[1:] != feature[:-1]) + 1
    firsts = np.sort(np.concatenate((keyed[:1], keyed[starts])) % count)
    found: npt.NDArray[np.intp] = features[firsts]
    return found


def _model() -> _Identifier:
    """Load the model once per process (about a second), on first use."""
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = _Identifier(LanguageIdentifier.from_model_file(MODEL_FILE))
        return _identifier
