"""The ``entity_names`` metric: the share of matched entities named as the gold names them."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from docket.cli.evaluation import METRICS as PRINTED_METRICS
from docket.extract.annotations import Annotation, Entity, GoldDocument, Span
from docket.extract.evaluation import METRICS, Tally, score

TEXT = "Правозащитники требуют освобождения Мурада Алиева в центре Жалал-Абада." + " " * 40


def _entity(kind: str, name: str, *spans: tuple[int, int]) -> Entity:
    return Entity(kind, name, None, tuple(Span(TEXT[s:e], s, e) for s, e in spans))


def _scores(gold: tuple[Entity, ...], predicted: tuple[Entity, ...], language: str = "ru") -> Tally:
    document = GoldDocument(Annotation("doc", language=language, entities=gold), TEXT, "tune")
    found = score([document], {"doc": Annotation("doc", entities=predicted)})
    assert found.by_language[language]["entity_names"] == found.overall["entity_names"]
    return found.overall["entity_names"]


def test_the_metric_is_listed_and_printed() -> None:
    assert "entity_names" in METRICS
    assert "entity_names" in PRINTED_METRICS


def test_a_case_form_is_not_the_gold_name() -> None:
    gold = (_entity("person", "Мурад Алиев", (36, 49)), _entity("place", "Жалал-Абад", (59, 70)))
    predicted = (
        _entity("person", "Мурада Алиева", (36, 49)),
        _entity("place", "Жалал-Абад", (59, 70)),
    )
    assert _scores(gold, predicted) == Tally(2, 2, 1, 1)


def test_only_matched_entities_count() -> None:
    gold = (_entity("person", "Мурад Алиев", (36, 49)), _entity("place", "Жалал-Абад", (59, 70)))
    # The place is missed, and a predicted organisation matches nothing: neither is a name
    # right or wrong.
    predicted = (
        _entity("person", "Мурад Алиев", (36, 49)),
        _entity("organization", "Жалал-Абада", (59, 70)),
    )
    assert _scores(gold, predicted) == Tally(1, 1, 1, 1)
    assert _scores(gold, ()) == Tally()


def test_names_are_compared_after_nfc_and_whitespace_normalisation() -> None:
    decomposed = unicodedata.normalize("NFD", "Мурад Алиёв")
    assert decomposed != "Мурад Алиёв"
    gold = (_entity("person", "Мурад  Алиёв ", (36, 49)),)
    predicted = (_entity("person", decomposed, (36, 49)),)
    assert _scores(gold, predicted) == Tally(1, 1, 1, 1)
    # Capitals are part of the name a record gets.
    assert _scores(gold, (_entity("person", "мурад алиёв", (36, 49)),)) == Tally(1, 1, 0, 0)


def test_the_pairs_named_alike_do_not_depend_on_the_order_of_entities() -> None:
    # Two predicted entities overlap one gold entity: the one named alike is the match.
    gold = (_entity("person", "Мурад Алиев", (36, 49)),)
    first = _entity("person", "Мурада", (36, 42))
    second = _entity("person", "Мурад Алиев", (43, 49))
    assert _scores(gold, (first, second)) == Tally(1, 1, 1, 1)
    assert _scores(gold, (second, first)) == Tally(1, 1, 1, 1)


names = st.sampled_from(("Мурад Алиев", "Мурада Алиева", "Жалал-Абад", "Ош"))
spans = st.tuples(st.integers(0, 60), st.integers(1, 12)).map(lambda s: (s[0], s[0] + s[1]))
entity_lists = st.lists(
    st.builds(
        lambda kind, name, span: _entity(kind, name, span),
        st.sampled_from(("person", "place")),
        names,
        spans,
    ),
    max_size=5,
).map(tuple)


@settings(max_examples=80, deadline=None)
@given(entity_lists, entity_lists)
def test_the_share_is_symmetric_and_at_most_the_matches(
    gold: tuple[Entity, ...], predicted: tuple[Entity, ...]
) -> None:
    forward, backward = _scores(gold, predicted), _scores(predicted, gold)
    assert forward == backward
    assert forward.gold == forward.predicted
    assert 0 <= forward.recalled == forward.precise <= forward.gold
    assert 0.0 <= forward.f1 <= 1.0
