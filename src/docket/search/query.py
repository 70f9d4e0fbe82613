"""The query language of the search box, parsed into a tree of folded keys.

Syntax, chosen to be what people type into web search engines:

- ``Atambaev Japarov``: every word must occur (AND); ``AND`` between words is allowed and ignored.
- ``"Kempir Abad"``: the words next to each other, in this order. Typographic quotes (“ ” « » „)
  work too, because Russian keyboards produce them.
- ``Атамб*``: any word starting with this; at least three folded letters, since shorter prefixes
  match a large part of the vocabulary. ``"Kara Su"*`` makes the last word of a phrase a prefix.
- ``Atambaev OR Atambayev``: either (``OR`` in capitals; lower-case ``or`` is a word).
- ``-amnesty`` or ``NOT amnesty``: excludes items with the word; a query must also look for
  something, so ``-amnesty`` alone is refused.
- ``(a OR b) c``: parentheses group.

The parser is lenient where the intent is clear: an unclosed quote runs to the end of the query,
an unclosed parenthesis closes at the end, a stray ``)`` or a dangling ``OR`` is ignored, and words
without letters or digits are dropped. It refuses, with :class:`~docket.errors.InvalidQuery`, a
query with nothing to look for, one that only excludes, and queries past the size limits below.

Words are folded with :mod:`docket.names`, so the tree holds only ``[a-z0-9]`` keys; a word that
folds to several keys (``Kara-Suu``) becomes a phrase of them, as it is in the index. A word
whose Russian case forms the index holds under another key (the genitive "Мурада" folds as a
Kyrgyz locative, to ``mur``) is looked for under those keys too: ``Мурад`` is ``murad OR mur``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from itertools import islice, product

from docket.errors import InvalidQuery
from docket.names import tokenize
from docket.search.keys import declined_word_keys, prefix_key, word_key

MAX_QUERY_LENGTH = 1000
MAX_KEYS = 64
MAX_DEPTH = 16
MIN_PREFIX_LENGTH = 3
# How many spellings of one quoted phrase its words' case forms may make (each word's own keys
# first): enough for a name of three declined words.
MAX_DECLINED_PHRASES = 8

QUOTES = frozenset('"“”«»„')


@dataclass(frozen=True)
class Phrase:
    """Keys that must occur one after another in one field; the last may be a prefix."""

    keys: tuple[str, ...]
    prefix: bool = False

    def __str__(self) -> str:
        text = " ".join(self.keys)
        star = "*" if self.prefix else ""
        return f'"{text}"{star}' if len(self.keys) > 1 else f"{text}{star}"


@dataclass(frozen=True)
class AllOf:
    """Every node of ``include`` matches and no node of ``exclude`` does."""

    include: tuple[Node, ...]
    exclude: tuple[Node, ...] = ()

    def __str__(self) -> str:
        text = " AND ".join(_grouped(node) for node in self.include)
        for node in self.exclude:
            text += f" NOT {_grouped(node)}"
        return text


@dataclass(frozen=True)
class AnyOf:
    """At least one node of ``options`` matches."""

    options: tuple[Node, ...]

    def __str__(self) -> str:
        return " OR ".join(_grouped(node) for node in self.options)


Node = Phrase | AllOf | AnyOf


def _grouped(node: Node) -> str:
    return str(node) if isinstance(node, Phrase) else f"({node})"


@dataclass(frozen=True)
class Query:
    """A parsed query. ``str(query)`` is a canonical form, handy in tests and logs."""

    root: Node

    def __str__(self) -> str:
        return str(self.root)

    def phrases(self) -> Iterator[Phrase]:
        """Every phrase, excluded ones included, in query order."""
        yield from _phrases(self.root, excluded=True)

    def scored_phrases(self) -> Iterator[Phrase]:
        """The phrases a matching item contains: those not under an exclusion."""
        yield from _phrases(self.root, excluded=False)


def _phrases(node: Node, *, excluded: bool) -> Iterator[Phrase]:
    if isinstance(node, Phrase):
        yield node
    elif isinstance(node, AnyOf):
        for option in node.options:
            yield from _phrases(option, excluded=excluded)
    else:
        for child in node.include:
            yield from _phrases(child, excluded=excluded)
        if excluded:
            for child in node.exclude:
                yield from _phrases(child, excluded=excluded)


# A page of results parses its query twice (ranking, counting), and the same few queries come
# again and again; a parsed query is immutable, so one is kept per text. A refused query is not.
@functools.lru_cache(maxsize=512)
def parse_query(text: str) -> Query:
    """Parse ``text``; raise :class:`InvalidQuery` with a one-line reason when it cannot be run."""
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidQuery(f"The query is longer than {MAX_QUERY_LENGTH} characters; shorten it.")
    lexemes = list(_lex(text))
    typed = sum(
        1
        for lexeme in lexemes
        if isinstance(lexeme, _Term)
        for token in tokenize(lexeme.text)
        if word_key(token.text)
    )
    if typed > MAX_KEYS:
        raise InvalidQuery(f"The query has more than {MAX_KEYS} words; shorten it.")
    group = _Parser(lexemes).parse()
    if group is None or not group.include:
        if group is not None and group.exclude:
            raise InvalidQuery("The query only excludes words; add a word to look for.")
        raise InvalidQuery("The query has no words to search for.")
    return Query(group.node())


class _Mark(Enum):
    OPEN = "("
    CLOSE = ")"
    OR = "OR"
    NOT = "NOT"


@dataclass(frozen=True)
class _Term:
    text: str
    prefix: bool


_Lexeme = _Mark | _Term
_KEYWORDS = {"OR": _Mark.OR, "NOT": _Mark.NOT}


def _lex(text: str) -> Iterator[_Lexeme]:
    position, end = 0, len(text)
    while position < end:
        char = text[position]
        if char.isspace():
            position += 1
        elif char == "(":
            position += 1
            yield _Mark.OPEN
        elif char == ")":
            position += 1
            yield _Mark.CLOSE
        elif char in QUOTES:
            close = _find_quote(text, position + 1)
            inside = text[position + 1 : close]
            position, prefix = _stars(text, min(close + 1, end))
            yield _Term(inside, prefix)
        elif char == "-" and position + 1 < end and not text[position + 1].isspace():
            position += 1
            yield _Mark.NOT
        else:
            start = position
            while position < end and not _ends_word(text[position]):
                position += 1
            word = text[start:position]
            if word == "AND":
                continue
            if word in _KEYWORDS:
                yield _KEYWORDS[word]
            else:
                stripped = word.rstrip("*")
                yield _Term(stripped, prefix=len(stripped) < len(word))


def _ends_word(char: str) -> bool:
    return char.isspace() or char in "()" or char in QUOTES


def _find_quote(text: str, start: int) -> int:
    for index in range(start, len(text)):
        if text[index] in QUOTES:
            return index
    return len(text)


def _stars(text: str, position: int) -> tuple[int, bool]:
    start = position
    while position < len(text) and text[position] == "*":
        position += 1
    return position, position > start


@dataclass
class _Group:
    """An AND group while parsing: it may hold only exclusions until it joins its parent."""

    include: list[Node]
    exclude: list[Node]

    def node(self) -> Node:
        if len(self.include) == 1 and not self.exclude:
            return self.include[0]
        return AllOf(tuple(self.include), tuple(self.exclude))


class _Parser:
    def __init__(self, lexemes: list[_Lexeme]) -> None:
        self._lexemes = lexemes
        self._index = 0

    def parse(self) -> _Group | None:
        return self._any(depth=0)

    def _peek(self) -> _Lexeme | None:
        return self._lexemes[self._index] if self._index < len(self._lexemes) else None

    def _advance(self) -> None:
        self._index += 1

    def _any(self, depth: int) -> _Group | None:
        options: list[_Group] = []
        while True:
            group = self._all(depth)
            if group is not None:
                options.append(group)
            if self._peek() is not _Mark.OR:
                break
            self._advance()
        if not options:
            return None
        if len(options) == 1:
            return options[0]
        if any(not option.include for option in options):
            raise InvalidQuery("Each side of OR needs a word to look for, not only exclusions.")
        flat: list[Node] = []
        for option in options:
            node = option.node()
            flat.extend(node.options if isinstance(node, AnyOf) else (node,))
        return _Group([AnyOf(tuple(flat))], [])

    def _all(self, depth: int) -> _Group | None:
        group = _Group([], [])
        while True:
            lexeme = self._peek()
            if lexeme is _Mark.CLOSE and depth == 0:
                # A stray closing parenthesis: skip it and read on.
                self._advance()
                continue
            if lexeme is None or lexeme is _Mark.OR or lexeme is _Mark.CLOSE:
                break
            negated = False
            while self._peek() is _Mark.NOT:
                negated = True
                self._advance()
            if self._peek() in (None, _Mark.OR, _Mark.CLOSE):
                continue
            inner = self._primary(depth)
            if inner is None:
                continue
            if negated:
                # An excluded group that itself only excludes has nothing to exclude.
                if inner.include:
                    group.exclude.append(inner.node())
            else:
                group.include.extend(inner.include)
                group.exclude.extend(inner.exclude)
        if not group.include and not group.exclude:
            return None
        return group

    def _primary(self, depth: int) -> _Group | None:
        lexeme = self._peek()
        self._advance()
        if lexeme is _Mark.OPEN:
            if depth >= MAX_DEPTH:
                raise InvalidQuery(f"The query nests parentheses deeper than {MAX_DEPTH} levels.")
            inner = self._any(depth + 1)
            if self._peek() is _Mark.CLOSE:
                self._advance()
            return inner
        if isinstance(lexeme, _Term):
            phrase = _phrase(lexeme)
            return _Group([phrase], []) if phrase is not None else None
        return None


def _phrase(term: _Term) -> Phrase | AnyOf | None:
    """The term's phrase, or the phrases its words' case forms spell it as too (see the module's
    docstring), the typed one first."""
    words = [token.text for token in tokenize(term.text)]
    if not words:
        return None
    options: list[tuple[str, ...]] = [
        (key, *declined_word_keys(word)) for word in words[:-1] if (key := word_key(word))
    ]
    last = prefix_key(words[-1]) if term.prefix else word_key(words[-1])
    if last:
        declined = () if term.prefix else declined_word_keys(words[-1])
        options.append((last, *declined))
    if not options:
        return None
    prefix = term.prefix and bool(last)
    if prefix and len(options) == 1 and len(last) < MIN_PREFIX_LENGTH:
        raise InvalidQuery(
            f"'{words[-1][:40]}*' is too short for a prefix search; type at least "
            f"{MIN_PREFIX_LENGTH} letters."
        )
    spellings = list(islice(product(*options), MAX_DECLINED_PHRASES))
    if len(spellings) == 1:
        return Phrase(spellings[0], prefix)
    return AnyOf(tuple(Phrase(keys, prefix) for keys in spellings))
