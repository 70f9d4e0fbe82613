"""Controlled vocabularies (violation types, case statuses, ...) kept as YAML data files.

Each file in ``taxonomies/`` is one taxonomy::

    name: case_statuses              # the file's stem
    description: ...
    terms:
      - code: pretrial_detention     # stable; never renamed or reused (retire it instead)
        parent: detention            # optional
        labels: {en: ..., ru: ..., ky: ...}
        description: ...             # optional
        synonyms: {en: [...], ru: [...], ky: [...]}   # optional, for extraction
        retired: true                # optional: kept so the code is never given a new meaning

Adding a term is an edit to the YAML file only; ``lint_taxonomy`` checks a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import yaml

from docket.errors import DocketError
from docket.model._lexicon import LANGUAGES, read_yaml
from docket.model._tokens import fold

__all__ = [
    "BrokenTaxonomy",
    "Taxonomy",
    "Term",
    "UnknownTerm",
    "lint_taxonomy",
    "load_taxonomy",
    "taxonomy_names",
]

CODE_SYNTAX: Final = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*")
_FILE_KEYS: Final = frozenset({"name", "description", "terms"})
_TERM_KEYS: Final = frozenset({"code", "parent", "labels", "description", "synonyms", "retired"})


class UnknownTerm(DocketError):
    """No taxonomy, or no term in it, has the name or code asked for."""


class BrokenTaxonomy(DocketError):
    """A taxonomy file is not valid; ``lint_taxonomy`` lists every problem."""


@dataclass(frozen=True)
class Term:
    """One entry of a taxonomy."""

    code: str
    labels: Mapping[str, str] = field(hash=False)
    parent: str | None = None
    description: str | None = None
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    retired: bool = False

    def label(self, language: str = "en") -> str:
        """The label in ``language``, or the English one when there is none."""
        return self.labels.get(language) or self.labels["en"]


class Taxonomy:
    """A loaded taxonomy: terms by code, with their hierarchy and a word index."""

    def __init__(self, name: str, terms: Iterable[Term], description: str | None = None) -> None:
        self.name = name
        self.description = description
        self._terms: dict[str, Term] = {}
        for term in terms:
            if term.code in self._terms:
                raise BrokenTaxonomy(f"taxonomy {name}: duplicate code {term.code!r}")
            self._terms[term.code] = term
        self._children: dict[str | None, list[Term]] = {}
        for term in self._terms.values():
            if term.parent is not None and term.parent not in self._terms:
                raise BrokenTaxonomy(f"taxonomy {name}: {term.code!r} has unknown parent")
            self._children.setdefault(term.parent, []).append(term)
        for code in self._terms:
            self.ancestors(code)  # raises on a cycle
        self._words: dict[tuple[str | None, str], str] = {}
        for term in self._terms.values():
            for language, text in _words(term):
                self._words.setdefault((language, fold(text)), term.code)
                self._words.setdefault((None, fold(text)), term.code)

    @classmethod
    def from_file(cls, path: str | Path) -> Taxonomy:
        """Load and check one YAML file; raises BrokenTaxonomy listing what is wrong."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BrokenTaxonomy(f"cannot read taxonomy {path}: {error}") from error
        return _from_text(text, path.stem, str(path))

    def __iter__(self) -> Iterator[Term]:
        return iter(self._terms.values())

    def __len__(self) -> int:
        return len(self._terms)

    def __contains__(self, code: object) -> bool:
        return code in self._terms

    def __repr__(self) -> str:
        return f"<Taxonomy {self.name}: {len(self)} terms>"

    def get(self, code: str) -> Term:
        """The term with ``code``; raises UnknownTerm."""
        try:
            return self._terms[code]
        except (KeyError, TypeError):
            raise UnknownTerm(f"{self.name} has no term {code!r}") from None

    def label(self, code: str, language: str = "en") -> str:
        """The term's label in ``language``, falling back to English."""
        return self.get(code).label(language)

    def roots(self) -> tuple[Term, ...]:
        """Terms without a parent, in file order."""
        return tuple(self._children.get(None, ()))

    def children(self, code: str) -> tuple[Term, ...]:
        """Direct children of ``code``, in file order."""
        return tuple(self._children.get(self.get(code).code, ()))

    def ancestors(self, code: str) -> tuple[Term, ...]:
        """Parent, grandparent, ... of ``code`` (nearest first)."""
        found: list[Term] = []
        parent = self.get(code).parent
        while parent is not None:
            term = self.get(parent)
            if term in found or term.code == code:
                raise BrokenTaxonomy(f"taxonomy {self.name}: parent cycle through {code!r}")
            found.append(term)
            parent = term.parent
        return tuple(found)

    def descendants(self, code: str) -> tuple[Term, ...]:
        """Every term below ``code``, depth first in file order."""
        found: list[Term] = []
        stack = list(reversed(self.children(code)))
        while stack:
            term = stack.pop()
            found.append(term)
            stack.extend(reversed(self._children.get(term.code, ())))
        return tuple(found)

    def is_a(self, code: str, ancestor: str) -> bool:
        """Whether ``code`` is ``ancestor`` or lies below it."""
        self.get(ancestor)
        return code == ancestor or any(term.code == ancestor for term in self.ancestors(code))

    def lookup(self, word: str, language: str | None = None) -> Term | None:
        """The term whose code, label or synonym is ``word`` (any case), or None."""
        code = self._words.get((language, fold(word.strip())))
        return None if code is None else self._terms[code]


def _words(term: Term) -> Iterator[tuple[str | None, str]]:
    yield None, term.code
    for language, text in term.labels.items():
        yield language, text
    for language, texts in term.synonyms.items():
        for text in texts:
            yield language, text


def _shipped() -> Any:
    return resources.files("docket.model").joinpath("taxonomies")


def taxonomy_names() -> tuple[str, ...]:
    """Names of the taxonomies shipped with Docket."""
    return tuple(
        sorted(entry.name[:-5] for entry in _shipped().iterdir() if entry.name.endswith(".yaml"))
    )


@cache
def load_taxonomy(name: str, directory: Path | None = None) -> Taxonomy:
    """The taxonomy ``name`` from ``directory``, or the shipped one; loaded once, then cached."""
    if directory is not None:
        path = Path(directory) / f"{name}.yaml"
        if not path.is_file():
            raise UnknownTerm(f"no taxonomy {name!r} in {directory}")
        return Taxonomy.from_file(path)
    if name not in taxonomy_names():
        raise UnknownTerm(f"no taxonomy {name!r}; known: {', '.join(taxonomy_names())}")
    source = _shipped().joinpath(f"{name}.yaml")
    return _from_text(source.read_text(encoding="utf-8"), name, f"taxonomies/{name}.yaml")


def _from_text(text: str, name: str, source: str) -> Taxonomy:
    data, problems = _read(text, source)
    problems += _problems(data, name)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BrokenTaxonomy(f"{source}: {problems[0]}{more}")
    return Taxonomy(
        name,
        (
            Term(
                code=entry["code"],
                labels=MappingProxyType(dict(entry["labels"])),
                parent=entry.get("parent"),
                description=entry.get("description"),
                synonyms=MappingProxyType(
                    {lang: tuple(words) for lang, words in (entry.get("synonyms") or {}).items()}
                ),
                retired=bool(entry.get("retired", False)),
            )
            for entry in data["terms"]
        ),
        data.get("description"),
    )


def _read(text: str, source: str) -> tuple[Any, list[str]]:
    try:
        return read_yaml(text), []
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        return None, [f"not valid YAML{line}"]


def lint_taxonomy(path: str | Path) -> list[str]:
    """Every problem in one taxonomy file, as one-line messages (empty when it is valid)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [f"{path}: cannot read: {error}"]
    data, problems = _read(text, str(path))
    problems += _problems(data, path.stem)
    return [f"{path.name}: {problem}" for problem in problems]


def _problems(data: Any, name: str) -> list[str]:
    if data is None:
        return []  # a YAML error was already reported, or the file is empty
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        return ["must be a mapping with a 'terms' list"]
    problems = [f"unknown top-level key {key!r}" for key in data if key not in _FILE_KEYS]
    if data.get("name") != name:
        problems.append(f"'name' must be {name!r} (the file name), not {data.get('name')!r}")
    if not isinstance(data.get("description", ""), str):
        problems.append("'description' must be text")
    parents: dict[str, str | None] = {}
    owners: dict[tuple[str, str], str] = {}
    for index, entry in enumerate(data["terms"]):
        where = f"term {index + 1}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        code = entry.get("code")
        if not isinstance(code, str) or not CODE_SYNTAX.fullmatch(code):
            problems.append(f"{where}: bad code {code!r} (lower-case words joined by _ or .)")
            continue
        where = f"term {code!r}"
        if code in parents:
            problems.append(f"{where}: duplicate code")
            continue
        parent = entry.get("parent")
        if parent is not None and not isinstance(parent, str):
            problems.append(f"{where}: parent must be a code")
            parent = None
        parents[code] = parent
        problems.extend(f"{where}: {p}" for p in _term_problems(entry))
        for language, text in _entry_words(entry):
            owner = owners.setdefault((language, fold(text)), code)
            if owner != code:
                problems.append(f"{where}: {language} word {text!r} also names {owner!r}")
    for code, parent in parents.items():
        if parent is not None and parent not in parents:
            problems.append(f"term {code!r}: missing parent {parent!r}")
    problems.extend(_cycles(parents))
    return problems


def _term_problems(entry: dict[str, Any]) -> Iterator[str]:
    for key in entry:
        if key not in _TERM_KEYS:
            yield f"unknown key {key!r}"
    labels = entry.get("labels")
    if not isinstance(labels, dict):
        yield "labels must map en, ru and ky to text"
    else:
        for language in LANGUAGES:
            if not isinstance(labels.get(language), str) or not labels[language].strip():
                yield f"missing {language} label"
        for language in labels:
            if language not in LANGUAGES:
                yield f"label in unknown language {language!r}"
    if not isinstance(entry.get("description", ""), str):
        yield "description must be text"
    if not isinstance(entry.get("retired", False), bool):
        yield "retired must be true or false"
    synonyms = entry.get("synonyms", {})
    if not isinstance(synonyms, dict):
        yield "synonyms must map a language to a list of words"
        return
    for language, words in synonyms.items():
        if language not in LANGUAGES:
            yield f"synonyms in unknown language {language!r}"
        if not isinstance(words, list) or not all(
            isinstance(word, str) and word.strip() for word in words
        ):
            yield f"{language} synonyms must be a list of quoted text"


def _entry_words(entry: dict[str, Any]) -> Iterator[tuple[str, str]]:
    synonyms = entry.get("synonyms")
    if not isinstance(synonyms, dict):
        return
    for language, words in synonyms.items():
        if isinstance(words, list):
            for word in words:
                if isinstance(word, str):
                    yield str(language), word


def _cycles(parents: Mapping[str, str | None]) -> Iterator[str]:
    reported: set[str] = set()
    for code in parents:
        seen: list[str] = []
        current: str | None = code
        while current is not None and current in parents and current not in seen:
            seen.append(current)
            current = parents[current]
        if current is not None and current in seen:
            cycle = seen[seen.index(current) :]
            if not reported.intersection(cycle):
                reported.update(cycle)
                yield f"parent cycle: {' -> '.join([*cycle, current])}"
