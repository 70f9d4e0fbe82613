"""Reading annotations: one item in the extraction output contract checked and read, and the
annotated evaluation set loaded from its folder.

A gold document is a UTF-8 ``NAME.txt`` with a sibling ``NAME.json`` in the extraction output
contract plus ``"split"``. Predictions use the same contract without ``"split"``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Final, TypeVar

from docket.errors import InvalidDate
from docket.extract.annotations import (
    ENTITY_KINDS,
    LANGUAGES,
    SPLITS,
    Act,
    Annotation,
    Claim,
    CountSpan,
    DateSpan,
    Entity,
    GoldDocument,
    Intervention,
    InvalidAnnotation,
    Span,
)
from docket.model.counts import Count, InvalidCount, Qualifier
from docket.model.dates import Precision, UncertainDate
from docket.model.taxonomy import Taxonomy, load_taxonomy

__all__ = ["load_gold", "read_annotation"]

_MAX_FILE_BYTES: Final = 1_000_000

T = TypeVar("T")


def _taxonomies() -> dict[str, Taxonomy]:
    return {
        name: load_taxonomy(name)
        for name in ("violation_types", "intervention_types", "intervention_responses")
    }


def _field(data: Mapping[str, object], name: str, kind: type[T], *, optional: bool = False) -> T:
    value = data.get(name)
    if value is None and optional:
        return value  # type: ignore[return-value]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise InvalidAnnotation(f"field {name!r} must be {kind.__name__}, got {value!r}")
    return value


def _objects(data: Mapping[str, object], name: str) -> list[Mapping[str, object]]:
    items = data.get(name, [])
    if not isinstance(items, list) or not all(isinstance(item, Mapping) for item in items):
        raise InvalidAnnotation(f"field {name!r} must be a list of objects")
    return items


def _span(data: Mapping[str, object], text: str | None) -> Span:
    start, end = _field(data, "start", int), _field(data, "end", int)
    quoted = _field(data, "text", str) if "text" in data else _field(data, "label", str)
    if not 0 <= start < end:
        raise InvalidAnnotation(f"bad span {start}..{end} for {quoted!r}")
    if text is not None and text[start:end] != quoted:
        raise InvalidAnnotation(f"span {start}..{end} is {text[start:end]!r}, not {quoted!r}")
    return Span(quoted, start, end)


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InvalidAnnotation(f"{name} must be YYYY-MM-DD, got {value!r}") from error


def _value_object(data: Mapping[str, object]) -> Mapping[str, object]:
    value = data.get("value")
    if not isinstance(value, Mapping):
        raise InvalidAnnotation(f"date {data.get('text')!r} needs a value object")
    return value


def _date_value(data: Mapping[str, object]) -> UncertainDate:
    start, end = _field(data, "start", str, optional=True), _field(data, "end", str, optional=True)
    try:
        return UncertainDate(
            None if start is None else _day(start, "date start"),
            None if end is None else _day(end, "date end"),
            Precision(_field(data, "precision", str)),
        )
    except (InvalidDate, ValueError) as error:
        raise InvalidAnnotation(f"bad date value {dict(data)!r}: {error}") from error


def _count_value(data: Mapping[str, object]) -> Count:
    try:
        return Count(
            _field(data, "value", int),
            Qualifier(_field(data, "qualifier", str)),
            _field(data, "unit", str, optional=True),
        )
    except (InvalidCount, ValueError) as error:
        raise InvalidAnnotation(f"bad count {dict(data)!r}: {error}") from error


def _code(data: Mapping[str, object], name: str, taxonomy: Taxonomy, *, optional: bool) -> str:
    code = _field(data, name, str, optional=optional)
    if code is not None and code not in taxonomy:
        raise InvalidAnnotation(f"{name} {code!r} is not a code of {taxonomy.name}")
    return code


def _actors(data: Mapping[str, object], name: str) -> tuple[str, ...]:
    """The actors of a role: null, one name (the form of one actor), or a list of names; the
    extraction output gives an actor object (``{"name", "text", "start", ...}``) for a name."""
    value = data.get(name)
    listed = value if isinstance(value, list) else [] if value is None else [value]
    names = []
    for each in listed:
        named = each.get("name") if isinstance(each, Mapping) else each
        if not isinstance(named, str):
            raise InvalidAnnotation(
                f"field {name!r} must be a name, a list of names or null, got {value!r}"
            )
        if named in names:
            raise InvalidAnnotation(f"field {name!r} names {named!r} twice")
        names.append(named)
    return tuple(names)


def _part(data: Mapping[str, object], name: str, text: str | None) -> Span:
    part = data.get(name)
    if not isinstance(part, Mapping):
        raise InvalidAnnotation(f"a claim needs a {name} object with text, start and end")
    return _span(part, text)


def _claim(data: Mapping[str, object], text: str | None) -> Claim:
    """A claim whose claimant is an entity's name (the gold format) or the mention found (the
    extraction output: ``{"name", "text", "start", "end", ...}``)."""
    statement, cue = _part(data, "statement", text), _part(data, "cue", text)
    claimant = data.get("claimant")
    if isinstance(claimant, Mapping):
        return Claim(statement, cue, _field(claimant, "name", str), _span(claimant, text))
    return Claim(statement, cue, _field(data, "claimant", str, optional=True))


def read_annotation(data: object, text: str | None = None) -> Annotation:
    """Read one item in the extraction contract; with ``text``, every span is checked against it.

    Raises InvalidAnnotation on anything that does not follow the contract.
    """
    if not isinstance(data, Mapping):
        raise InvalidAnnotation("an annotation must be a JSON object")
    codes = _taxonomies()
    document_date = _field(data, "document_date", str, optional=True)
    language = _field(data, "language", str, optional=True)
    entities = []
    for entity in _objects(data, "entities"):
        kind = _field(entity, "kind", str)
        if kind not in ENTITY_KINDS:
            raise InvalidAnnotation(f"unknown entity kind {kind!r}")
        mentions = tuple(_span(mention, text) for mention in _objects(entity, "mentions"))
        if not mentions:
            raise InvalidAnnotation(f"entity {entity.get('name')!r} has no mentions")
        name = _field(entity, "name", str)
        entities.append(
            Entity(kind, name, _field(entity, "archive_id", str, optional=True), mentions)
        )
    return Annotation(
        item=_field(data, "item", str),
        language=language,
        document_date=None if document_date is None else _day(document_date, "document_date"),
        entities=tuple(entities),
        dates=tuple(
            DateSpan(_span(item, text), _date_value(_value_object(item)))
            for item in _objects(data, "dates")
        ),
        counts=tuple(
            CountSpan(_span(item, text), _count_value(item)) for item in _objects(data, "counts")
        ),
        acts=tuple(
            Act(
                _code(item, "type", codes["violation_types"], optional=False),
                _span(item, text),
                victims=_actors(item, "victim"),
                perpetrators=_actors(item, "perpetrator"),
                date=_field(item, "date", str, optional=True),
                place=_field(item, "place", str, optional=True),
            )
            for item in _objects(data, "acts")
        ),
        interventions=tuple(
            Intervention(
                _code(item, "type", codes["intervention_types"], optional=False),
                _span(item, text),
                by=_field(item, "by", str, optional=True),
                toward=_field(item, "toward", str, optional=True),
                response=_code(item, "response", codes["intervention_responses"], optional=True),
            )
            for item in _objects(data, "interventions")
        ),
        claims=tuple(_claim(item, text) for item in _objects(data, "claims")),
    )


def _check_gold(annotation: Annotation) -> None:
    if annotation.language not in LANGUAGES:
        raise InvalidAnnotation(f"language must be one of {', '.join(LANGUAGES)}")
    if annotation.document_date is None:
        raise InvalidAnnotation("a gold document needs its document_date")
    mentions = [mention for entity in annotation.entities for mention in entity.mentions]
    for layer, spans in (
        ("entity mentions", mentions),
        ("dates", [item.span for item in annotation.dates]),
        ("counts", [item.span for item in annotation.counts]),
    ):
        ordered = sorted(spans, key=lambda span: (span.start, span.end))
        for first, second in pairwise(ordered):
            if first.overlaps(second):
                raise InvalidAnnotation(f"overlapping {layer}: {first.text!r} and {second.text!r}")
    names = {entity.name for entity in annotation.entities}
    if len(names) != len(annotation.entities):
        raise InvalidAnnotation("two entities share one canonical name")
    places = {entity.name for entity in annotation.entities if entity.kind == "place"}
    date_texts = {item.span.text for item in annotation.dates}
    for act in annotation.acts:
        for actor in (*act.victims, *act.perpetrators):
            if actor not in names:
                raise InvalidAnnotation(f"act refers to unknown entity {actor!r}")
        if set(act.victims) & set(act.perpetrators):
            both = sorted(set(act.victims) & set(act.perpetrators))[0]
            raise InvalidAnnotation(f"act {act.span.text!r} makes {both!r} victim and perpetrator")
        if act.place is not None and act.place not in places:
            raise InvalidAnnotation(f"act refers to unknown place {act.place!r}")
        if act.date is not None and act.date not in date_texts:
            raise InvalidAnnotation(f"act refers to unannotated date {act.date!r}")
    for intervention in annotation.interventions:
        for role in (intervention.by, intervention.toward):
            if role is not None and role not in names:
                raise InvalidAnnotation(f"intervention refers to unknown entity {role!r}")
    for kind, items in (("acts", annotation.acts), ("interventions", annotation.interventions)):
        keys = [(item.type, item.span.start, item.span.end) for item in items]
        if len(set(keys)) != len(keys):
            raise InvalidAnnotation(f"duplicate {kind} in {annotation.item}")
    _check_claims(annotation.claims, names)


def _check_claims(claims: Sequence[Claim], names: set[str]) -> None:
    """One cue speaks one claim, and a cue is never part of its own statement (a statement may
    hold another claim's cue: "X said that Y denied that ...")."""
    for claim in claims:
        if claim.claimant is not None and claim.claimant not in names:
            raise InvalidAnnotation(f"claim refers to unknown entity {claim.claimant!r}")
        if claim.cue.overlaps(claim.statement):
            raise InvalidAnnotation(f"claim cue {claim.cue.text!r} overlaps its statement")
    cues = sorted((claim.cue for claim in claims), key=lambda span: (span.start, span.end))
    for first, second in pairwise(cues):
        if first.overlaps(second):
            raise InvalidAnnotation(f"overlapping claim cues: {first.text!r} and {second.text!r}")


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > _MAX_FILE_BYTES:
            raise InvalidAnnotation(f"{path.name}: larger than {_MAX_FILE_BYTES} bytes")
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InvalidAnnotation(f"{path.name}: not UTF-8") from error
    except OSError as error:
        raise InvalidAnnotation(f"{path.name}: cannot be read ({error.strerror})") from error


def _load_one(annotation_path: Path) -> GoldDocument:
    text_path = annotation_path.with_suffix(".txt")
    if not text_path.is_file():
        raise InvalidAnnotation(f"{annotation_path.name}: no {text_path.name} beside it")
    text = _read_text(text_path)
    try:
        data = json.loads(_read_text(annotation_path))
        annotation = read_annotation(data, text)
        if annotation.item != annotation_path.stem:
            raise InvalidAnnotation(f"item must be {annotation_path.stem!r}")
        _check_gold(annotation)
        if not isinstance(data.get("claims"), list):
            # Absent claims would read as "none here" and bias the figures; an empty list says so.
            raise InvalidAnnotation("field 'claims' must be a list (empty when there are none)")
        split = data.get("split")
        if split not in SPLITS:
            raise InvalidAnnotation(f"split must be one of {', '.join(SPLITS)}")
    except json.JSONDecodeError as error:
        raise InvalidAnnotation(f"{annotation_path.name}: not JSON ({error.msg})") from error
    except RecursionError as error:
        raise InvalidAnnotation(f"{annotation_path.name}: JSON nested too deeply") from error
    except InvalidAnnotation as error:
        raise InvalidAnnotation(f"{annotation_path.name}: {error}") from error
    return GoldDocument(annotation, text, split)


def load_gold(directory: str | Path) -> list[GoldDocument]:
    """Every ``NAME.json`` + ``NAME.txt`` pair in ``directory``, validated, in name order."""
    folder = Path(directory)
    if not folder.is_dir():
        raise InvalidAnnotation(f"no gold folder at {folder}")
    return [_load_one(path) for path in sorted(folder.glob("*.json"))]
