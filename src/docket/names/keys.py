"""Search keys: what the full-text index stores for every word, and what a query is folded to.

``search_key`` = normalise → strip case endings → skeleton, cached per word because it runs for
every token at ingest. The same word always gets the same key, whatever the cache holds.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from docket.names.endings import strip_cyrillic, strip_latin, strip_surname
from docket.names.fold import is_cyrillic_word, normalise, skeleton, trim_open_ending
from docket.names.tokenize import WORD_PATTERN

__all__ = [
    "PATRONYMIC_KEY_ENDINGS",
    "fold_text",
    "name_key",
    "same_name",
    "search_key",
    "search_key_prefix",
]

# Keys of Russian patronymics (-ович/-евич, -овна/-евна after the -a is stripped, -ична), which
# one record of a person has and another often lacks.
PATRONYMIC_KEY_ENDINGS: tuple[str, ...] = ("ovich", "evich", "ovn", "evn", "ichn")

_KEY_CACHE_SIZE = 1 << 17
# Longer "words" (base64 blobs, URLs without separators, hostile input) are folded but not
# cached, so the cache's memory stays bounded by its entry count.
_MAX_CACHED_LENGTH = 64


def search_key(word: str) -> str:
    """Folded key of one word: ASCII ``[a-z0-9]*``, empty when it has no letters or digits.

    Script, transliteration system, letter case, accents and Russian/Kyrgyz case endings do not
    change the key: Атамбаевдин, Atambayev and Атамбаева all give ``atambaev``.
    """
    if len(word) > _MAX_CACHED_LENGTH:
        return _fold_word(word)
    return _cached_key(word)


def _fold_word(word: str) -> str:
    normalised = normalise(word)
    if not normalised:
        return ""
    folded = skeleton(normalised)
    surname = strip_surname(folded)
    if surname is not None:
        return surname
    if is_cyrillic_word(normalised):
        return skeleton(strip_cyrillic(normalised, skeleton))
    return strip_latin(folded)


_cached_key = lru_cache(maxsize=_KEY_CACHE_SIZE)(_fold_word)


def search_key_prefix(prefix: str) -> str:
    """Fold the start of a word for prefix search; no ending is stripped.

    The result is a prefix of the key of every word that starts with ``prefix`` in the same
    script, as long as ``prefix`` is no longer than that word's stem (Атамб → ``atamb``, a
    prefix of the key of Atambaev). Letters a following letter could still change (the d of
    dzh, the k of kh, a final y or i...) are left out, so one-letter prefixes may give "".
    """
    normalised = normalise(prefix)
    if not normalised:
        return ""
    return trim_open_ending(normalised)


def fold_text(text: str) -> str:
    """Space-joined keys of the words of ``text``, in order, empty keys dropped."""
    # search_key inlined: this runs for every token at ingest.
    cached = _cached_key
    keys = [
        cached(word) if len(word) <= _MAX_CACHED_LENGTH else _fold_word(word)
        for word in WORD_PATTERN.findall(text)
    ]
    return " ".join(key for key in keys if key)


def name_key(name: str) -> str:
    """Order-preserving key of a full name: the keys of its words joined by single spaces."""
    return fold_text(name)


def _only_patronymics_added(longer: Counter[str], shorter: Counter[str]) -> bool:
    if shorter - longer:
        return False
    return all(key.endswith(PATRONYMIC_KEY_ENDINGS) for key in longer - shorter)


def same_name(a: str, b: str) -> bool:
    """Whether two names have the same words up to spelling, script, case and word order.

    A Russian patronymic present in only one of them is ignored (Алмазбек Шаршенович Атамбаев
    and Almazbek Atambayev agree; Ivan Lukashevich and Ivan Markovich do not). Initials are not
    expanded: A. Atambaev is not Almazbek Atambaev. Names without letters or digits are never
    the same name.
    """
    keys_a = Counter(name_key(a).split())
    keys_b = Counter(name_key(b).split())
    if not keys_a or not keys_b:
        return False
    return _only_patronymics_added(keys_a, keys_b) or _only_patronymics_added(keys_b, keys_a)
