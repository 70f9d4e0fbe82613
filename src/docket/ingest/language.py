"""Which language a text is in, with py3langid's bundled model (it knows Kyrgyz, ``ky``)."""

from __future__ import annotations

import re
import threading
from itertools import islice
from typing import Any

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
_identifier: Any = None


def detect_language(text: str) -> str | None:
    """An ISO 639 code ("en", "ru", "ky", ...) for ``text``, or None when there is too little."""
    sample = text[:SAMPLE_CHARS]
    # Counting stops at the threshold: finding every letter of a long text cost more than the rest.
    if sum(1 for _ in islice(_LETTERS.finditer(sample), MIN_LETTERS)) < MIN_LETTERS:
        return None
    scores = {str(language): float(score) for language, score in _model().rank(sample)}
    for language in LIKELY_LANGUAGES:
        if language in scores:
            scores[language] += LIKELY_BONUS
    return max(scores, key=lambda language: scores[language])


def _model() -> Any:
    """Load the model once per process (about a second), on first use."""
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
        return _identifier
