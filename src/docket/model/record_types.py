"""The kinds of structured records and their fields, read from ``record_types.yaml``.

The vocabulary is data: adding a field or a type is an edit to the YAML file, checked by
``lint_record_types``. Value types are a fixed, small set; each one is validated by
``docket.records.values`` with the model's value modules (dates, counts, taxonomies).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import yaml

from docket.errors import DocketError
from docket.model._lexicon import read_yaml
from docket.model.taxonomy import UnknownTerm, load_taxonomy

__all__ = [
    "BrokenRecordTypes",
    "FieldSpec",
    "RecordType",
    "RecordTypes",
    "UnknownField",
    "UnknownRecordType",
    "ValueKind",
    "lint_record_types",
    "load_record_types",
]

NAME_SYNTAX: Final = re.compile(r"[a-z][a-z0-9_]*")
LABEL_LANGUAGES: Final = ("en", "ru")
_FILE_KEYS: Final = frozenset({"name", "description", "types"})
_TYPE_KEYS: Final = frozenset(
    {"labels", "description", "title", "title_joins", "date", "required_any", "expand", "fields"}
)
# In a joined title, a longer text (a claim's statement) is cut at a word and ends with "…".
TITLE_PART_LENGTH: Final = 60
TITLE_SEPARATOR: Final = " — "
_FIELD_KEYS: Final = frozenset(
    {
        "type",
        "cardinality",
        "required",
        "protected",
        "labels",
        "description",
        "choices",
        "range",
        "fields",
    }
)


class UnknownRecordType(DocketError):
    """No record type has the name asked for."""


class UnknownField(DocketError):
    """A record type has no field of the name given."""


class BrokenRecordTypes(DocketError):
    """The record types file is not valid; ``lint_record_types`` lists every problem."""


class ValueKind(StrEnum):
    """The value types a field can have."""

    TEXT = "text"
    NAME = "name"
    UNCERTAIN_DATE = "uncertain_date"
    COUNT = "count"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    COORDINATES = "coordinates"
    URL = "url"
    REF = "ref"
    CODE = "code"
    STRUCT = "struct"


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record type (or one part of a struct field)."""

    name: str
    kind: ValueKind
    labels: Mapping[str, str] = field(hash=False)
    many: bool = False
    required: bool = False
    protected: bool = False
    description: str | None = None
    targets: tuple[str, ...] = ()  # record types a ref may point to
    taxonomy: str | None = None  # the taxonomy of a code field
    choices: tuple[str, ...] = ()
    # The lowest and highest value an integer field accepts (an age: 0 to 130).
    bounds: tuple[int, int] | None = None
    parts: Mapping[str, FieldSpec] = field(default_factory=dict, hash=False)

    @property
    def type_name(self) -> str:
        """The type as written in the YAML file (``ref:person|group``, ``code:act_statuses``)."""
        if self.kind is ValueKind.REF:
            return "ref:" + "|".join(self.targets)
        if self.kind is ValueKind.CODE:
            return f"code:{self.taxonomy}"
        return self.kind.value

    def label(self, language: str = "en") -> str:
        return self.labels.get(language) or self.labels["en"]


@dataclass(frozen=True)
class RecordType:
    """A kind of record and its fields, in file order."""

    name: str
    labels: Mapping[str, str] = field(hash=False)
    fields: Mapping[str, FieldSpec] = field(hash=False)
    description: str | None = None
    title: tuple[str, ...] = ()
    date_field: str | None = None
    required_any: tuple[tuple[str, ...], ...] = ()
    expand: bool = False
    # False: the first title field with a value names the record; True: all of them, joined.
    title_joins: bool = False

    def field(self, name: str) -> FieldSpec:
        """The field called ``name``; raises UnknownField naming the ones that exist."""
        try:
            return self.fields[name]
        except (KeyError, TypeError):
            raise UnknownField(
                f"{self.name} has no field {name!r}; fields: {', '.join(self.fields)}"
            ) from None

    def label(self, language: str = "en") -> str:
        return self.labels.get(language) or self.labels["en"]

    def compose_title(self, parts: Sequence[tuple[str, str]]) -> str | None:
        """The title from ``(field, text)`` of the title fields that have a value, in title
        order: the first text, or with ``title_joins`` every one joined ("Kubat Zhunushaliev —
        ordered — use of firearms"), a long text cut at a word, a term or a linked act after the
        first lower-cased (unless it starts with an abbreviation)."""
        if not parts:
            return None
        if not self.title_joins:
            return parts[0][1]
        texts = []
        for position, (name, text) in enumerate(parts):
            spec = self.fields.get(name)
            if position and spec is not None and _reads_as_term(spec):
                text = _lower_first(text)
            texts.append(_shorten(text, TITLE_PART_LENGTH))
        return TITLE_SEPARATOR.join(texts)

    @property
    def protected_fields(self) -> tuple[str, ...]:
        return tuple(name for name, spec in self.fields.items() if spec.protected)


class RecordTypes:
    """All record types of an archive, by name."""

    def __init__(self, types: Mapping[str, RecordType], description: str | None = None) -> None:
        self._types = dict(types)
        self.description = description

    def __iter__(self) -> Iterator[RecordType]:
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def names(self) -> tuple[str, ...]:
        return tuple(self._types)

    def get(self, name: str) -> RecordType:
        """The type called ``name``; raises UnknownRecordType naming the known ones."""
        try:
            return self._types[name]
        except (KeyError, TypeError):
            raise UnknownRecordType(
                f"no record type {name!r}; known: {', '.join(self._types)}"
            ) from None


SHIPPED_FILE: Final = "record_types.yaml"


@cache
def load_record_types(path: Path | None = None) -> RecordTypes:
    """The record types in ``path`` (a YAML file), or the shipped ones; loaded once, cached."""
    if path is None:
        source = resources.files("docket.model").joinpath(SHIPPED_FILE)
        text, where = source.read_text(encoding="utf-8"), SHIPPED_FILE
    else:
        try:
            text, where = Path(path).read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as error:
            raise BrokenRecordTypes(f"cannot read record types {path}: {error}") from error
    data, problems = _read(text)
    problems += _problems(data)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BrokenRecordTypes(f"{where}: {problems[0]}{more}")
    return _build(data)


def lint_record_types(path: str | Path) -> list[str]:
    """Every problem in a record types file, as one-line messages (empty when it is valid)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [f"{path}: cannot read: {error}"]
    data, problems = _read(text)
    problems += _problems(data)
    return [f"{path.name}: {problem}" for problem in problems]


def _read(text: str) -> tuple[Any, list[str]]:
    try:
        return read_yaml(text), []
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        return None, [f"not valid YAML{line}"]


def _problems(data: Any) -> list[str]:
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("types"), dict):
        return ["must be a mapping with a 'types' mapping"]
    problems = [f"unknown top-level key {key!r}" for key in data if key not in _FILE_KEYS]
    type_names = set(data["types"])
    for name, entry in data["types"].items():
        where = f"type {name!r}"
        if not isinstance(name, str) or not NAME_SYNTAX.fullmatch(name):
            problems.append(f"{where}: bad name (lower-case letters, digits and _)")
            continue
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        problems.extend(f"{where}: unknown key {key!r}" for key in entry if key not in _TYPE_KEYS)
        problems.extend(f"{where}: {p}" for p in _label_problems(entry.get("labels")))
        fields = entry.get("fields")
        if not isinstance(fields, dict) or not fields:
            problems.append(f"{where}: needs a 'fields' mapping")
            continue
        for field_name, spec in fields.items():
            problems.extend(
                f"{where}: {p}" for p in _field_problems(field_name, spec, type_names, nested=False)
            )
        problems.extend(f"{where}: {p}" for p in _type_reference_problems(entry, fields))
    return problems


def _type_reference_problems(entry: dict[str, Any], fields: dict[str, Any]) -> Iterator[str]:
    title = entry.get("title", [])
    if not isinstance(title, list) or not all(name in fields for name in title):
        yield "title must list fields of the type"
    date_field = entry.get("date")
    if date_field is not None and (
        date_field not in fields
        or not isinstance(fields[date_field], dict)
        or fields[date_field].get("type") != "uncertain_date"
    ):
        yield "date must name an uncertain_date field of the type"
    groups = entry.get("required_any", [])
    if not isinstance(groups, list) or not all(
        isinstance(group, list) and group and all(name in fields for name in group)
        for group in groups
    ):
        yield "required_any must be a list of lists of fields of the type"
    if not isinstance(entry.get("expand", False), bool):
        yield "expand must be true or false"
    if not isinstance(entry.get("title_joins", False), bool):
        yield "title_joins must be true or false"


def _label_problems(labels: Any) -> Iterator[str]:
    if not isinstance(labels, dict):
        yield "labels must map en and ru to text"
        return
    for language in LABEL_LANGUAGES:
        if not isinstance(labels.get(language), str) or not labels[language].strip():
            yield f"missing {language} label"


def _field_problems(name: Any, spec: Any, type_names: set[str], *, nested: bool) -> Iterator[str]:
    where = f"field {name!r}"
    if not isinstance(name, str) or not NAME_SYNTAX.fullmatch(name):
        yield f"{where}: bad name (lower-case letters, digits and _)"
        return
    if not isinstance(spec, dict):
        yield f"{where}: must be a mapping"
        return
    for key in spec:
        if key not in _FIELD_KEYS:
            yield f"{where}: unknown key {key!r}"
    yield from (f"{where}: {p}" for p in _label_problems(spec.get("labels")))
    if spec.get("cardinality", "one") not in ("one", "many"):
        yield f"{where}: cardinality must be one or many"
    for flag in ("required", "protected"):
        if not isinstance(spec.get(flag, False), bool):
            yield f"{where}: {flag} must be true or false"
    if nested and "protected" in spec:
        yield f"{where}: a part of a struct is protected with its struct, not alone"
    if not isinstance(spec.get("description", ""), str):
        yield f"{where}: description must be text"
    type_name = spec.get("type")
    if not isinstance(type_name, str):
        yield f"{where}: needs a type"
        return
    kind, _, argument = type_name.partition(":")
    if kind not in {k.value for k in ValueKind}:
        yield f"{where}: unknown type {type_name!r}"
        return
    if kind == "ref":
        targets = argument.split("|") if argument else []
        if not targets or any(target not in type_names for target in targets):
            yield f"{where}: ref must name record types, like ref:person|group"
    elif kind == "code":
        try:
            load_taxonomy(argument)
        except UnknownTerm:
            yield f"{where}: no taxonomy {argument!r}"
    elif argument:
        yield f"{where}: type {kind} takes no argument"
    choices = spec.get("choices")
    if choices is not None and (
        kind != "text"
        or not isinstance(choices, list)
        or not choices
        or not all(isinstance(choice, str) and choice for choice in choices)
    ):
        yield f"{where}: choices must be a list of text, for a text field"
    bounds = spec.get("range")
    if bounds is not None and (
        kind != "integer"
        or not isinstance(bounds, list)
        or len(bounds) != 2
        or not all(isinstance(b, int) and not isinstance(b, bool) for b in bounds)
        or bounds[0] > bounds[1]
    ):
        yield f"{where}: range must be [lowest, highest], whole numbers, for an integer field"
    parts = spec.get("fields")
    if kind == "struct":
        if nested:
            yield f"{where}: a struct cannot contain a struct"
        elif not isinstance(parts, dict) or not parts:
            yield f"{where}: a struct needs a 'fields' mapping"
        else:
            for part, part_spec in parts.items():
                yield from (
                    f"{where}: {p}"
                    for p in _field_problems(part, part_spec, type_names, nested=True)
                )
    elif parts is not None:
        yield f"{where}: only a struct has fields"


def _build(data: dict[str, Any]) -> RecordTypes:
    types = {
        name: RecordType(
            name=name,
            labels=MappingProxyType(dict(entry["labels"])),
            fields=MappingProxyType(
                {
                    field_name: _field(field_name, spec)
                    for field_name, spec in entry["fields"].items()
                }
            ),
            description=entry.get("description"),
            title=tuple(entry.get("title", ())),
            date_field=entry.get("date"),
            required_any=tuple(tuple(group) for group in entry.get("required_any", ())),
            expand=bool(entry.get("expand", False)),
            title_joins=bool(entry.get("title_joins", False)),
        )
        for name, entry in data["types"].items()
    }
    return RecordTypes(types, data.get("description"))


# Records named by their own names; a link to anything else (an act, an event) reads as a phrase.
_NAMED_TYPES: Final = frozenset({"person", "organisation", "place", "group"})


def _reads_as_term(spec: FieldSpec) -> bool:
    if spec.kind is ValueKind.CODE:
        return True
    return spec.kind is ValueKind.REF and not _NAMED_TYPES.intersection(spec.targets)


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at the last word boundary before ``limit`` characters."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] if " " in line[:limit] else line[:limit]
    return cut.rstrip(",;:.—- ") + "…"


def _field(name: str, spec: dict[str, Any]) -> FieldSpec:
    kind_name, _, argument = spec["type"].partition(":")
    kind = ValueKind(kind_name)
    return FieldSpec(
        name=name,
        kind=kind,
        labels=MappingProxyType(dict(spec["labels"])),
        many=spec.get("cardinality", "one") == "many",
        required=bool(spec.get("required", False)),
        protected=bool(spec.get("protected", False)),
        description=spec.get("description"),
        targets=tuple(argument.split("|")) if kind is ValueKind.REF else (),
        taxonomy=argument if kind is ValueKind.CODE else None,
        choices=tuple(spec.get("choices") or ()),
        bounds=(int(spec["range"][0]), int(spec["range"][1])) if spec.get("range") else None,
        parts=MappingProxyType(
            {
                part: _field(part, part_spec)
                for part, part_spec in (spec.get("fields") or {}).items()
            }
        ),
    )
