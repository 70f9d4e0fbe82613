"""The annotated evaluation set and the scorer that measures extraction against it.

A gold document is a UTF-8 ``NAME.txt`` with a sibling ``NAME.json`` in the extraction output
contract plus ``"split"``. Predictions use the same contract without ``"split"``.

Matching is one-to-one (a maximum bipartite matching, so the order of items never changes a
score) and figures are micro-averaged: matches, gold items and predicted items are summed over
documents before precision and recall are taken.

- ``person_mentions``, ``organization_mentions``, ``place_mentions``: a predicted mention counts
  when a gold mention of an entity of the same kind has exactly its start and end.
- ``persons``, ``organisations``, ``places``: a predicted entity matches a gold entity of the same
  kind when any of its mentions overlaps any of the gold entity's mentions.
- ``dates``: spans overlap and start, end and precision of the value are equal.
- ``counts``: spans overlap and the numbers are equal.
- ``acts`` and ``interventions``: spans overlap and the type codes are equal.
- ``act_spans``: acts whose spans overlap, whatever their codes: how many of the acts are found
  at all. ``act_branches``: spans overlap and the codes lie under one root of the violation
  taxonomy (a journalist's detention and an arbitrary detention are both deprivation of
  liberty). Together with ``acts`` they tell an act not found from one found and typed otherwise.
- ``claims``: the statements' spans overlap; ``claimants``: they overlap and the claimant is the
  same (both unnamed, or one actor: same name, a word in common once folded, or the predicted
  claimant's mention overlapping a mention of the gold claimant's entity).
- ``act_participants``, ``intervention_participants``: for the acts (interventions) found, each
  (finding, role, actor) given on one side: an act has as many victims and perpetrators as the
  text names ("detained Osmonov, Toktogulov and Ismailova" is three), an intervention one author
  and one addressee. A gold and a predicted participant match when their findings match, the
  role is the same and they name the same actor; matching is one-to-one, so one predicted
  victim never stands for two gold ones.
- ``grouping``: each predicted mention is aligned with the gold mentions it overlaps (same kind).
  Recall is the share of pairs of gold mentions of one gold entity that are aligned with
  mentions of one predicted entity; precision is the share of pairs of aligned mentions within a
  predicted entity that belong to one gold entity.
- ``entity_names``: of the predicted entities matched to a gold entity (as in ``persons``,
  ``organisations`` and ``places``), the share named exactly as the gold entity is, after
  Unicode NFC and whitespace normalisation: the name a record gets when the proposal is accepted
  ("Мурад Алиев", not the genitive "Мурада Алиева" the sentence wrote). Its gold and predicted
  items are both the matched pairs, so precision, recall and F1 are that one share; the pairs
  named alike are the most that a one-to-one matching of same-named, overlapping entities holds.

With nothing predicted, precision is 1.0; with nothing to find, recall is 1.0; F1 is 0.0 when
both precision and recall are 0.0.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import combinations, pairwise
from pathlib import Path
from typing import Final, TypeVar

from docket.errors import DocketError, InvalidDate
from docket.model.counts import Count, InvalidCount, Qualifier
from docket.model.dates import Precision, UncertainDate
from docket.model.taxonomy import Taxonomy, load_taxonomy
from docket.names import name_key

__all__ = [
    "ENTITY_KINDS",
    "LANGUAGES",
    "METRICS",
    "SPLITS",
    "Act",
    "Annotation",
    "Claim",
    "CountSpan",
    "DateSpan",
    "Entity",
    "GoldDocument",
    "Intervention",
    "InvalidAnnotation",
    "Scores",
    "Span",
    "Tally",
    "load_gold",
    "read_annotation",
    "score",
]

ENTITY_KINDS: Final = ("person", "organization", "place")
LANGUAGES: Final = ("en", "ru", "ky")
SPLITS: Final = ("tune", "holdout")
_ENTITY_METRICS: Final = {"person": "persons", "organization": "organisations", "place": "places"}
METRICS: Final = (
    *(f"{kind}_mentions" for kind in ENTITY_KINDS),
    *_ENTITY_METRICS.values(),
    "dates",
    "counts",
    "acts",
    "act_spans",
    "act_branches",
    "act_participants",
    "interventions",
    "intervention_participants",
    "claims",
    "claimants",
    "grouping",
    "entity_names",
)
_MAX_FILE_BYTES: Final = 1_000_000

T = TypeVar("T")
U = TypeVar("U")


class InvalidAnnotation(DocketError):
    """An annotation file or a prediction does not follow the extraction contract."""


@dataclass(frozen=True)
class Span:
    """Characters ``start`` to ``end`` (exclusive) of the document text."""

    text: str
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Entity:
    kind: str
    name: str
    archive_id: str | None
    mentions: tuple[Span, ...]


@dataclass(frozen=True)
class DateSpan:
    span: Span
    value: UncertainDate


@dataclass(frozen=True)
class CountSpan:
    span: Span
    value: Count


@dataclass(frozen=True)
class Act:
    """An act of violation with everyone it names in each role: several victims where the text
    coordinates them ("Police detained A, B and C"), several perpetrators likewise."""

    type: str
    span: Span
    victims: tuple[str, ...] = ()
    perpetrators: tuple[str, ...] = ()
    date: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class Intervention:
    type: str
    span: Span
    by: str | None = None
    toward: str | None = None
    response: str | None = None


@dataclass(frozen=True)
class Claim:
    """A statement attributed to someone. ``claimant`` is the speaker's entity name (None when
    the text names no entity as speaker); ``claimant_span`` the mention a prediction points at."""

    statement: Span
    cue: Span
    claimant: str | None = None
    claimant_span: Span | None = None


@dataclass(frozen=True)
class Annotation:
    """What was found in one item, gold or predicted."""

    item: str
    language: str | None = None
    document_date: date | None = None
    entities: tuple[Entity, ...] = ()
    dates: tuple[DateSpan, ...] = ()
    counts: tuple[CountSpan, ...] = ()
    acts: tuple[Act, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class GoldDocument:
    annotation: Annotation
    text: str
    split: str


@dataclass(frozen=True)
class Tally:
    """Summable counts: ``recalled`` of ``gold`` found, ``precise`` of ``predicted`` right."""

    gold: int = 0
    predicted: int = 0
    recalled: int = 0
    precise: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.gold + other.gold,
            self.predicted + other.predicted,
            self.recalled + other.recalled,
            self.precise + other.precise,
        )

    @property
    def precision(self) -> float:
        return self.precise / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Scores:
    """Tallies per metric, overall and broken down by split and by language."""

    overall: dict[str, Tally]
    by_split: dict[str, dict[str, Tally]] = field(default_factory=dict)
    by_language: dict[str, dict[str, Tally]] = field(default_factory=dict)


# Reading --------------------------------------------------------------------------------------


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


# Scoring --------------------------------------------------------------------------------------


def _matching(gold: Sequence[T], predicted: Sequence[U], fits: Callable[[T, U], bool]) -> int:
    """Size of a maximum one-to-one matching (Kuhn's augmenting paths; the sets are small)."""
    options = [[j for j, item in enumerate(predicted) if fits(g, item)] for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(gold)))


def _matched(gold: Sequence[T], predicted: Sequence[U], fits: Callable[[T, U], bool]) -> Tally:
    found = _matching(gold, predicted, fits)
    return Tally(len(gold), len(predicted), found, found)


def _grouping(gold: Sequence[Entity], predicted: Sequence[Entity]) -> Tally:
    def aligned(owner: Entity, others: Sequence[Entity]) -> list[set[int]]:
        return [
            {
                index
                for index, other in enumerate(others)
                if other.kind == owner.kind
                and any(mention.overlaps(theirs) for theirs in other.mentions)
            }
            for mention in owner.mentions
        ]

    gold_pairs = recalled = 0
    for entity in gold:
        for first, second in combinations(aligned(entity, predicted), 2):
            gold_pairs += 1
            recalled += bool(first & second)
    predicted_pairs = precise = 0
    for entity in predicted:
        hits = [found for found in aligned(entity, gold) if found]
        for first, second in combinations(hits, 2):
            predicted_pairs += 1
            precise += bool(first & second)
    return Tally(gold_pairs, predicted_pairs, recalled, precise)


def _normal_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


def _same_entity(gold: Entity, predicted: Entity) -> bool:
    return gold.kind == predicted.kind and any(
        a.overlaps(b) for a in gold.mentions for b in predicted.mentions
    )


def _entity_names(gold: Sequence[Entity], predicted: Sequence[Entity]) -> Tally:
    """The matched entities, and how many of them can be paired with one named alike."""
    matched = _matching(gold, predicted, _same_entity)
    named = _matching(
        gold,
        predicted,
        lambda g, p: _same_entity(g, p) and _normal_name(g.name) == _normal_name(p.name),
    )
    return Tally(matched, matched, named, named)


def _same_actor(gold: str | None, predicted: str | None) -> bool:
    """Names of one actor: a word in common once folded (Temirova, Aisuluu Temirova)."""
    if gold is None or predicted is None:
        return False
    if gold.strip() == predicted.strip():
        return True
    return bool(set(name_key(gold).split()) & set(name_key(predicted).split()))


def _same_act(gold: Act, predicted: Act) -> bool:
    return gold.type == predicted.type and gold.span.overlaps(predicted.span)


@cache
def _branch(code: str) -> str:
    """The root of the violation taxonomy that ``code`` lies under (itself when it is one)."""
    above = load_taxonomy("violation_types").ancestors(code)
    return above[-1].code if above else code


def _same_branch(gold: Act, predicted: Act) -> bool:
    return _branch(gold.type) == _branch(predicted.type) and gold.span.overlaps(predicted.span)


def _same_intervention(gold: Intervention, predicted: Intervention) -> bool:
    return gold.type == predicted.type and gold.span.overlaps(predicted.span)


def _participants(
    gold: Sequence[T],
    predicted: Sequence[T],
    roles: Mapping[str, Callable[[T], Sequence[str]]],
    same: Callable[[T, T], bool],
) -> Tally:
    """Participants of the findings found, one (finding, role, actor) each, with ``roles``
    giving a finding's actors in each role: a gold and a predicted one match when their
    findings do, the role is the same and the actors are one. Findings not found are left to
    the metric of the findings themselves."""

    def pairs(found: Iterable[T]) -> list[tuple[T, str, str]]:
        return [
            (item, role, actor)
            for item in found
            for role, of in roles.items()
            for actor in of(item)
        ]

    in_gold = pairs(g for g in gold if any(same(g, p) for p in predicted))
    in_predicted = pairs(p for p in predicted if any(same(g, p) for g in gold))
    return _matched(
        in_gold,
        in_predicted,
        lambda g, p: g[1] == p[1] and same(g[0], p[0]) and _same_actor(g[2], p[2]),
    )


def _one(actor: str | None) -> tuple[str, ...]:
    return () if actor is None else (actor,)


def _same_claimant(gold: Claim, predicted: Claim, entities: Sequence[Entity]) -> bool:
    if gold.claimant is None or predicted.claimant is None:
        return gold.claimant is predicted.claimant
    if _same_actor(gold.claimant, predicted.claimant):
        return True
    # A case form or short form the name fold misses (Ташиевдин) is still the gold entity's
    # mention when it sits on one.
    mention = predicted.claimant_span
    return mention is not None and any(
        mention.overlaps(theirs)
        for entity in entities
        if entity.name == gold.claimant
        for theirs in entity.mentions
    )


def _same_date(gold: DateSpan, predicted: DateSpan) -> bool:
    return gold.span.overlaps(predicted.span) and (
        (gold.value.start, gold.value.end, gold.value.precision)
        == (predicted.value.start, predicted.value.end, predicted.value.precision)
    )


def _tallies(gold: Annotation, predicted: Annotation) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for kind in ENTITY_KINDS:
        gold_entities = [entity for entity in gold.entities if entity.kind == kind]
        predicted_entities = [entity for entity in predicted.entities if entity.kind == kind]
        tallies[f"{kind}_mentions"] = _matched(
            [(m.start, m.end) for entity in gold_entities for m in entity.mentions],
            [(m.start, m.end) for entity in predicted_entities for m in entity.mentions],
            lambda g, p: g == p,
        )
        tallies[_ENTITY_METRICS[kind]] = _matched(
            gold_entities,
            predicted_entities,
            _same_entity,
        )
    tallies["dates"] = _matched(gold.dates, predicted.dates, _same_date)
    tallies["counts"] = _matched(
        gold.counts,
        predicted.counts,
        lambda g, p: g.span.overlaps(p.span) and g.value.value == p.value.value,
    )
    tallies["acts"] = _matched(gold.acts, predicted.acts, _same_act)
    tallies["act_spans"] = _matched(gold.acts, predicted.acts, lambda g, p: g.span.overlaps(p.span))
    tallies["act_branches"] = _matched(gold.acts, predicted.acts, _same_branch)
    tallies["act_participants"] = _participants(
        gold.acts,
        predicted.acts,
        {"victim": lambda act: act.victims, "perpetrator": lambda act: act.perpetrators},
        _same_act,
    )
    tallies["interventions"] = _matched(
        gold.interventions, predicted.interventions, _same_intervention
    )
    tallies["intervention_participants"] = _participants(
        gold.interventions,
        predicted.interventions,
        {"by": lambda found: _one(found.by), "toward": lambda found: _one(found.toward)},
        _same_intervention,
    )
    tallies["claims"] = _matched(
        gold.claims, predicted.claims, lambda g, p: g.statement.overlaps(p.statement)
    )
    tallies["claimants"] = _matched(
        gold.claims,
        predicted.claims,
        lambda g, p: g.statement.overlaps(p.statement) and _same_claimant(g, p, gold.entities),
    )
    tallies["grouping"] = _grouping(gold.entities, predicted.entities)
    tallies["entity_names"] = _entity_names(gold.entities, predicted.entities)
    return tallies


def _add(total: dict[str, Tally], more: Mapping[str, Tally]) -> None:
    for metric, tally in more.items():
        total[metric] = total.get(metric, Tally()) + tally


def _empty() -> dict[str, Tally]:
    return {metric: Tally() for metric in METRICS}


def score(gold: Iterable[GoldDocument], predicted: Mapping[str, Annotation]) -> Scores:
    """Compare predictions (by item name) with the gold set; a missing item predicts nothing."""
    overall = _empty()
    by_split: dict[str, dict[str, Tally]] = {}
    by_language: dict[str, dict[str, Tally]] = {}
    for document in gold:
        item = document.annotation.item
        tallies = _tallies(document.annotation, predicted.get(item, Annotation(item)))
        _add(overall, tallies)
        _add(by_split.setdefault(document.split, _empty()), tallies)
        _add(by_language.setdefault(document.annotation.language or "", _empty()), tallies)
    return Scores(overall, by_split, by_language)
