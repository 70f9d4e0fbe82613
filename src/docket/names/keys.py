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
from docket.names.transliterate import CYRILLIC_VOWELS, cyrillic_spellings

__all__ = [
    "PATRONYMIC_KEY_ENDINGS",
    "declined_keys",
    "fold_text",
    "name_key",
    "same_name",
    "search_key",
    "search_key_prefix",
]

# Keys of Russian patronymics (-ович/-евич, -овна/-евна after the -a is stripped, -ична), which
# one record of a person has and another often lacks.
PATRONYMIC_KEY_ENDINGS: tuple[str, ...] = ("ovich", "evich", "ovn", "evn", "ichn")

# Russian case endings of a noun that ends in a consonant (Мурад: Мурада, Мураду, Мураде,
# Мурадом) and of one that ends in -а (Кара-Балта: Кара-Балты, Кара-Балте, Кара-Балту,
# Кара-Балтой).
_CONSONANT_STEM_CASES = ("а", "у", "е", "ом")
_A_STEM_CASES = ("ы", "е", "у", "ой")
# Latin spellings read as Cyrillic for their Russian case forms: the likeliest ones suffice.
_SPELLINGS_TRIED = 2

# Shorter words are not declined for search: their case forms fold onto too many other words.
_MIN_DECLINED_LENGTH = 4

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


@lru_cache(maxsize=4096)
def declined_keys(word: str) -> tuple[str, ...]:
    """Keys other than ``search_key(word)`` under which the index holds a Russian case form of
    ``word``, in a fixed order.

    A case ending can also be read as a Kyrgyz one: the genitive "Мурада" is "Мура" with the
    Kyrgyz locative "-да" as much as "Мурад" with the Russian "-а", and one key per word has to
    choose (``mur``). A search for "Мурад" or "Murad" must still find "освобождения Мурада", so
    it also looks for the keys of the word's own case forms. A Latin word written with a
    capital, as a name is, is declined through its likeliest Cyrillic spellings; an English word
    is not ("detained" is no name whose Russian genitive the fold misreads). Most words have none.
    """
    own = search_key(word)
    normalised = normalise(word)
    if len(normalised) < _MIN_DECLINED_LENGTH or own != skeleton(normalised):
        # A word that already carries an ending ("Атамбаевдин") is no nominative to decline.
        return ()
    if is_cyrillic_word(normalised):
        spellings = [normalised]
    elif normalised.isascii() and normalised.isalpha() and word[:1].isupper():
        spellings = cyrillic_spellings(normalised, limit=_SPELLINGS_TRIED)
    else:
        return ()
    found: dict[str, None] = {}
    for spelling in spellings:
        if spelling[-1] == "а":
            forms = [spelling[:-1] + ending for ending in _A_STEM_CASES]
        elif spelling[-1] not in CYRILLIC_VOWELS and spelling[-1] not in "йь":
            forms = [spelling + ending for ending in _CONSONANT_STEM_CASES]
        else:
            continue
        for form in forms:
            key = search_key(form)
            if key and key != own:
                found[key] = None
    return tuple(found)


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
