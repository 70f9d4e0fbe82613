"""The scorer that measures extraction against the annotated evaluation set.

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

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from typing import Final, TypeVar

from docket.extract.annotation_reading import load_gold, read_annotation
from docket.extract.annotations import (
    ENTITY_KINDS,
    Act,
    Annotation,
    Claim,
    DateSpan,
    Entity,
    GoldDocument,
    Intervention,
)
from docket.model.taxonomy import load_taxonomy
from docket.names import name_key

# Reading is docket.extract.annotation_reading; docs/extraction.md shows load_gold and
# read_annotation imported from here, beside score.
__all__ = ["METRICS", "Scores", "Tally", "load_gold", "read_annotation", "score"]

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

T = TypeVar("T")
U = TypeVar("U")


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
