"""The words the index stores: folded ASCII keys from :mod:`docket.names`, one per word.

Every key that reaches an index or a query passes through here, so both sides always agree and
nothing but ``[a-z0-9]`` ever appears inside FTS5 MATCH syntax or a tsquery.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from docket.names import search_key, search_key_prefix
from docket.names.keys import declined_keys

# The pattern docket.names.tokenize matches; running it directly skips building a Token per
# word, which is most of the cost of folding a long text.
from docket.names.tokenize import WORD_PATTERN

# A key longer than this is not a word anyone searches for (a hash, base64 run, URL slug);
# truncating keeps every key far below PostgreSQL's 2 KB lexeme limit.
MAX_KEY_LENGTH = 64

_NOT_KEY = re.compile(r"[^a-z0-9]+")
_SPACE = re.compile(r"\s")
# Words are found a chunk at a time: the regex runs in C over the chunk, and a caller that has
# seen enough stops without reading the rest of a long text.
WORD_CHUNK_CHARACTERS = 1 << 16


def clean_key(key: str) -> str:
    """``key`` restricted to ``[a-z0-9]`` and cut to :data:`MAX_KEY_LENGTH`."""
    if not key.isascii() or not key.isalnum() or not key.islower():
        key = _NOT_KEY.sub("", key.lower())
    return key[:MAX_KEY_LENGTH]


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """Key of one word as the index stores it; empty for a word without letters or digits."""
    return clean_key(search_key(word))


def declined_word_keys(word: str) -> tuple[str, ...]:
    """Other keys the index may hold a Russian case form of ``word`` under (see
    :func:`docket.names.keys.declined_keys`), cleaned as :func:`word_key` cleans its own."""
    own = word_key(word)
    return tuple(
        dict.fromkeys(key for key in map(clean_key, declined_keys(word)) if key and key != own)
    )


def prefix_key(word: str) -> str:
    """Key that every indexed key of a word starting with ``word`` starts with."""
    return clean_key(search_key_prefix(word))


def word_chunks(text: str) -> Iterator[tuple[int, list[str]]]:
    """The words of ``text`` (as :func:`docket.names.tokenize` finds them) a chunk at a time,
    each chunk with the character offset it starts at; chunks end at whitespace."""
    position = 0
    while position < len(text):
        space = _SPACE.search(text, position + WORD_CHUNK_CHARACTERS)
        end = space.start() if space else len(text)
        yield position, WORD_PATTERN.findall(text, position, end)
        position = end


def text_keys(text: str) -> Iterator[str]:
    """The keys of the words of ``text``, in order, skipping empty ones."""
    for keys in key_chunks(text):
        yield from keys


def key_chunks(text: str) -> Iterator[list[str]]:
    """:func:`text_keys` a chunk of :func:`word_chunks` at a time, as lists.

    Each distinct word is folded once per text; a chunk's keys are then looked up and filtered
    in one pass of C loops (``map``, ``filter``): a step of Python per word cost more than the
    folding of a typical document.
    """
    known: dict[str, str] = {}
    for _offset, words in word_chunks(text):
        for word in set(words).difference(known):
            known[word] = word_key(word)
        yield list(filter(None, map(known.__getitem__, words)))
