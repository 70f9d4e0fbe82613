from __future__ import annotations

from dataclasses import replace
from datetime import date
from random import Random
from typing import TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.extract.annotation_reading import read_annotation
from docket.extract.annotations import (
    ENTITY_KINDS,
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
from docket.extract.evaluation import METRICS, Scores, Tally, score
from docket.model.counts import Count
from docket.model.dates import UncertainDate

TEXT = "x" * 400
DATES = (UncertainDate.on_day(date(2023, 6, 23)), UncertainDate.in_month(2022, 8))


@st.composite
def spans(draw: st.DrawFn) -> Span:
    start = draw(st.integers(0, 380))
    end = start + draw(st.integers(1, 15))
    return Span(TEXT[start:end], start, end)


# Names with no word in common: one actor is never taken for another.
actor_names: st.SearchStrategy[tuple[str, ...]] = st.lists(
    st.sampled_from(("Aibek Osmonov", "Nurlan Toktogulov", "Asel Ismailova", "Police")),
    unique=True,
    max_size=3,
).map(tuple)
entities: st.SearchStrategy[Entity] = st.builds(
    Entity,
    kind=st.sampled_from(ENTITY_KINDS),
    name=st.text(min_size=1, max_size=5),
    archive_id=st.none(),
    mentions=st.lists(spans(), min_size=1, max_size=4).map(tuple),
)
annotation_values: st.SearchStrategy[Annotation] = st.builds(
    Annotation,
    item=st.just("doc"),
    language=st.sampled_from(("en", "ru", "ky")),
    entities=st.lists(entities, max_size=6).map(tuple),
    dates=st.lists(st.builds(DateSpan, spans(), st.sampled_from(DATES)), max_size=4).map(tuple),
    counts=st.lists(
        st.builds(CountSpan, spans(), st.builds(Count, st.integers(1, 3))), max_size=4
    ).map(tuple),
    acts=st.lists(
        st.builds(
            Act,
            st.sampled_from(("torture", "beating")),
            spans(),
            victims=actor_names,
            perpetrators=actor_names,
        ),
        max_size=4,
    ).map(tuple),
    interventions=st.lists(
        st.builds(Intervention, st.sampled_from(("visit", "appeal")), spans()), max_size=3
    ).map(tuple),
    claims=st.lists(
        st.builds(Claim, spans(), spans(), st.sampled_from((None, "Temirova", "Kalkan"))),
        max_size=3,
    ).map(tuple),
)


def _gold(annotation: Annotation, split: str = "tune") -> list[GoldDocument]:
    return [GoldDocument(annotation, TEXT, split)]


def _figures(scores: Scores) -> dict[str, tuple[float, float, float]]:
    return {m: (t.precision, t.recall, t.f1) for m, t in scores.overall.items()}


@settings(max_examples=60, deadline=None)
@given(annotation_values)
def test_a_perfect_prediction_scores_one(gold: Annotation) -> None:
    for figures in _figures(score(_gold(gold), {"doc": gold})).values():
        assert figures == (1.0, 1.0, 1.0)


@settings(max_examples=60, deadline=None)
@given(annotation_values)
def test_an_empty_prediction_recalls_nothing(gold: Annotation) -> None:
    scores = score(_gold(gold), {})
    for metric, tally in scores.overall.items():
        assert tally.predicted == 0
        assert tally.recall == (1.0 if tally.gold == 0 else 0.0), metric


@settings(max_examples=80, deadline=None)
@given(annotation_values, annotation_values)
def test_scores_stay_between_zero_and_one(gold: Annotation, predicted: Annotation) -> None:
    scores = score(_gold(gold, "holdout"), {"doc": predicted})
    assert set(scores.overall) == set(METRICS)
    for metric, tally in scores.overall.items():
        assert 0 <= tally.recalled <= tally.gold, metric
        assert 0 <= tally.precise <= tally.predicted, metric
        for figure in (tally.precision, tally.recall, tally.f1):
            assert 0.0 <= figure <= 1.0
    assert scores.by_split["holdout"] == scores.overall
    assert scores.by_language[gold.language or ""] == scores.overall


T = TypeVar("T")


def _mixed(items: tuple[T, ...], random: Random) -> tuple[T, ...]:
    copy = list(items)
    random.shuffle(copy)
    return tuple(copy)


def _shuffled(annotation: Annotation, random: Random) -> Annotation:
    return replace(
        annotation,
        entities=tuple(
            replace(entity, mentions=_mixed(entity.mentions, random))
            for entity in _mixed(annotation.entities, random)
        ),
        dates=_mixed(annotation.dates, random),
        counts=_mixed(annotation.counts, random),
        acts=tuple(
            replace(act, victims=_mixed(act.victims, random))
            for act in _mixed(annotation.acts, random)
        ),
        interventions=_mixed(annotation.interventions, random),
        claims=_mixed(annotation.claims, random),
    )


@settings(max_examples=80, deadline=None)
@given(annotation_values, annotation_values, st.randoms(use_true_random=False))
def test_order_of_items_never_changes_a_score(
    gold: Annotation, predicted: Annotation, random: Random
) -> None:
    first = score(_gold(gold), {"doc": predicted})
    second = score(_gold(_shuffled(gold, random)), {"doc": _shuffled(predicted, random)})
    assert first.overall == second.overall


def _person(*spans: tuple[int, int]) -> Entity:
    return Entity("person", "P", None, tuple(Span(TEXT[s:e], s, e) for s, e in spans))


def test_entity_matching_and_grouping_follow_their_definitions() -> None:
    gold = Annotation("doc", entities=(_person((0, 10), (50, 58), (90, 98)),))
    # One spelling split off into a second entity, one mention boundary off by one.
    predicted = Annotation("doc", entities=(_person((0, 10), (50, 57)), _person((90, 98))))
    scores = score(_gold(gold), {"doc": predicted}).overall
    assert scores["person_mentions"] == Tally(3, 3, 2, 2)
    assert scores["persons"] == Tally(1, 2, 1, 1)
    assert scores["grouping"] == Tally(3, 1, 1, 1)
    assert scores["places"] == Tally()


def test_act_participants_are_scored_on_the_acts_found() -> None:
    first, second, third = (Span(TEXT[s : s + 5], s, s + 5) for s in (10, 100, 200))
    gold = Annotation(
        "doc",
        acts=(
            Act(
                "beating",
                first,
                victims=("Aisuluu Temirova",),
                perpetrators=("State Security Service",),
            ),
            Act("torture", second, victims=("Ulan Atambaev",)),
            Act("beating", third, victims=("Bektur Asanov",)),
        ),
    )
    predicted = Annotation(
        "doc",
        acts=(
            # The same victim by another spelling; a wrong perpetrator.
            Act("beating", first, victims=("Temirova",), perpetrators=("Police",)),
            # A wrong victim.
            Act("torture", second, victims=("Almaz Bekov",)),
            # An act of another type: its roles are left to the "acts" metric.
            Act("torture", third, victims=("Bektur Asanov",)),
        ),
    )
    scores = score(_gold(gold), {"doc": predicted}).overall
    assert scores["acts"] == Tally(3, 3, 2, 2)
    # Victims: 2 given on found acts, 1 right; perpetrators: 1 given, 0 right.
    assert scores["act_participants"] == Tally(3, 3, 1, 1)


def test_each_victim_and_perpetrator_of_an_act_counts_once() -> None:
    span = Span(TEXT[10:15], 10, 15)
    gold = Annotation(
        "doc",
        acts=(
            Act(
                "beating",
                span,
                victims=("Aibek Osmonov", "Nurlan Toktogulov", "Asel Ismailova"),
                perpetrators=("State Security Service", "Police"),
            ),
        ),
    )
    predicted = Annotation(
        "doc",
        acts=(
            # Two of three victims, one of them by surname; one perpetrator of two and a
            # victim taken for a perpetrator.
            Act(
                "beating",
                span,
                victims=("Osmonov", "Asel Ismailova"),
                perpetrators=("State Security Service", "Nurlan Toktogulov"),
            ),
        ),
    )
    scores = score(_gold(gold), {"doc": predicted}).overall
    assert scores["act_participants"] == Tally(5, 4, 3, 3)


def test_one_predicted_victim_never_stands_for_two_gold_ones() -> None:
    span = Span(TEXT[10:15], 10, 15)
    # Brothers share a surname: a word in common makes either name the other's actor.
    gold = Annotation(
        "doc", acts=(Act("beating", span, victims=("Aibek Osmonov", "Nurlan Osmonov")),)
    )
    predicted = Annotation("doc", acts=(Act("beating", span, victims=("Osmonov",)),))
    scores = score(_gold(gold), {"doc": predicted}).overall
    assert scores["act_participants"] == Tally(2, 1, 1, 1)


def test_an_act_reads_one_name_or_a_list_of_them() -> None:
    def act(**roles: object) -> dict[str, object]:
        return {"type": "beating", "label": "beaten", "start": 0, "end": 6, **roles}

    read = read_annotation(
        {
            "item": "doc",
            "acts": [
                act(victim="Aibek Osmonov", perpetrator=None),
                act(victim=["Aibek Osmonov", "Asel Ismailova"], perpetrator=["Police"]),
                # The extraction output: actor objects, one or several.
                act(victim=[{"name": "Aibek Osmonov", "start": 0, "end": 4}], perpetrator=[]),
            ],
        }
    )
    assert [(found.victims, found.perpetrators) for found in read.acts] == [
        (("Aibek Osmonov",), ()),
        (("Aibek Osmonov", "Asel Ismailova"), ("Police",)),
        (("Aibek Osmonov",), ()),
    ]


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ({"victim": ["Aibek Osmonov", "Aibek Osmonov"]}, "names 'Aibek Osmonov' twice"),
        ({"victim": ["Aibek Osmonov", 3]}, "a list of names"),
        ({"perpetrator": {"text": "no name"}}, "'perpetrator' must be a name"),
    ],
)
def test_a_bad_list_of_actors_is_refused(roles: dict[str, object], message: str) -> None:
    act = {"type": "beating", "label": "beaten", "start": 0, "end": 6, **roles}
    with pytest.raises(InvalidAnnotation, match=message):
        read_annotation({"item": "doc", "acts": [act]})


def _claim(start: int, end: int, claimant: str | None, mention: Span | None = None) -> Claim:
    cue = Span(TEXT[390:395], 390, 395)
    return Claim(Span(TEXT[start:end], start, end), cue, claimant, mention)


def test_claims_match_by_statement_and_claimants_also_by_speaker() -> None:
    tashiev = Entity("person", "Kamchybek Tashiev", None, (Span(TEXT[0:17], 0, 17),))
    gold = Annotation(
        "doc",
        entities=(tashiev,),
        claims=(
            _claim(20, 60, "Kamchybek Tashiev"),
            _claim(100, 140, None),
            _claim(200, 240, "Kalkan Human Rights Centre"),
            _claim(300, 340, "Kamchybek Tashiev"),
        ),
    )
    predicted = Annotation(
        "doc",
        claims=(
            # Found by a case form of the name whose mention sits on the gold entity's.
            _claim(30, 50, "Ташиевдин", Span(TEXT[0:9], 0, 9)),
            # Both without a claimant: the same.
            _claim(139, 150, None),
            # Found, with no claimant where the gold names one: a claim, not a claimant.
            _claim(200, 210, None),
            # Touching a gold statement is no overlap.
            _claim(340, 360, "Kamchybek Tashiev"),
            # Two predictions on one gold statement: one-to-one, one is extra.
            _claim(55, 58, "Kamchybek Tashiev"),
        ),
    )
    scores = score(_gold(gold), {"doc": predicted}).overall
    assert scores["claims"] == Tally(4, 5, 3, 3)
    assert scores["claimants"] == Tally(4, 5, 2, 2)


def test_a_claimant_named_where_the_gold_has_none_is_wrong() -> None:
    gold = Annotation("doc", claims=(_claim(20, 60, None),))
    predicted = Annotation("doc", claims=(_claim(20, 60, "Kamchybek Tashiev"),))
    scores = score(_gold(gold), {"doc": predicted}).overall
    assert scores["claims"].f1 == 1.0
    assert scores["claimants"] == Tally(1, 1, 0, 0)


def test_a_predicted_claim_is_read_with_its_claimant_mention() -> None:
    data = {
        "item": "doc",
        "claims": [
            {
                "type": "claim",
                "statement": {"text": "xxxx", "start": 20, "end": 24},
                "cue": {"text": "xx", "start": 10, "end": 12},
                "claimant": {
                    "kind": "person",
                    "name": "Tashiev",
                    "text": "x",
                    "start": 0,
                    "end": 1,
                },
            },
            {
                "statement": {"text": "xxxx", "start": 40, "end": 44},
                "cue": {"text": "xx", "start": 30, "end": 32},
                "claimant": None,
            },
        ],
    }
    first, second = read_annotation(data, TEXT).claims
    assert first == Claim(Span("xxxx", 20, 24), Span("xx", 10, 12), "Tashiev", Span("x", 0, 1))
    assert second.claimant is None and second.claimant_span is None
    with pytest.raises(InvalidAnnotation, match="statement"):
        read_annotation({"item": "doc", "claims": [{"cue": data["claims"][1]["cue"]}]}, TEXT)


def test_intervention_participants_are_scored_on_the_interventions_found() -> None:
    first, second = (Span(TEXT[s : s + 5], s, s + 5) for s in (10, 100))
    gold = Annotation(
        "doc",
        interventions=(
            Intervention("letter", first, by="Kalkan Human Rights Centre", toward="Ombudsman"),
            Intervention("appeal", second, by="Amnesty International"),
        ),
    )
    predicted = Annotation(
        "doc",
        interventions=(
            # The author by a shorter name; the addressee left out.
            Intervention("letter", first, by="Kalkan"),
            # Another type: its roles are left to the "interventions" metric.
            Intervention("visit", second, by="Amnesty International"),
        ),
    )
    scores = score(_gold(gold), {"doc": predicted}).overall
    assert scores["interventions"] == Tally(2, 2, 1, 1)
    # Authors: 1 given on found interventions, right; addressees: 1 given, not guessed.
    assert scores["intervention_participants"] == Tally(2, 1, 1, 1)


def test_dates_need_equal_values_and_counts_equal_numbers() -> None:
    span = Span(TEXT[10:20], 10, 20)
    gold = Annotation(
        "doc", dates=(DateSpan(span, DATES[0]),), counts=(CountSpan(span, Count(22)),)
    )
    predicted = Annotation(
        "doc",
        dates=(DateSpan(span, DATES[1]),),
        counts=(CountSpan(span, Count(22, unit="persons")),),
    )
    scores = score(_gold(gold), {"doc": predicted}).overall
    assert scores["dates"].f1 == 0.0
    assert scores["counts"].f1 == 1.0


def test_a_prediction_in_the_contract_is_read() -> None:
    data = {
        "item": "doc",
        "entities": [
            {
                "kind": "place",
                "name": "Tash-Bulung",
                "mentions": [{"text": "x", "start": 1, "end": 2}],
            }
        ],
        "dates": [
            {
                "text": "xx",
                "start": 3,
                "end": 5,
                "value": {"start": "2022-08-01", "end": "2022-08-31", "precision": "month"},
            }
        ],
        "counts": [{"text": "x", "start": 0, "end": 1, "value": 27, "qualifier": "about"}],
        "acts": [{"type": "beating", "label": "x", "start": 7, "end": 8, "victim": None}],
        "interventions": [{"type": "visit", "label": "x", "start": 9, "end": 10}],
    }
    annotation = read_annotation(data)
    assert annotation.dates[0].value == DATES[1]
    assert annotation.counts[0].value.value == 27
    assert annotation.entities[0].mentions == (Span("x", 1, 2),)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 500) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "item",
                    "kind",
                    "name",
                    "mentions",
                    "text",
                    "start",
                    "end",
                    "value",
                    "precision",
                    "qualifier",
                    "unit",
                    "type",
                    "label",
                    "entities",
                    "dates",
                    "counts",
                    "acts",
                    "claims",
                    "statement",
                    "cue",
                    "claimant",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_hostile_predictions_raise_only_the_one_line_error(data: object) -> None:
    try:
        read_annotation(data, TEXT)
    except InvalidAnnotation as error:
        message = str(error)
    else:
        message = ""
    assert "\n" not in message
