"""``act_spans`` and ``act_branches``: acts found whatever their code, and typed within the right
branch of the violation taxonomy, beside ``acts`` that needs the very code."""

from __future__ import annotations

from docket.cli.evaluation import METRICS as PRINTED_METRICS
from docket.extract.annotations import Act, Annotation, GoldDocument, Span
from docket.extract.evaluation import METRICS, Tally, score

TEXT = "Police detained the journalist Aibek Osmonov in Osh and later beat him in the van."


def _act(code: str, words: str) -> Act:
    start = TEXT.index(words)
    return Act(code, Span(words, start, start + len(words)), (), ())


def _tallies(gold: tuple[Act, ...], predicted: tuple[Act, ...]) -> dict[str, Tally]:
    document = GoldDocument(Annotation("doc", language="en", acts=gold), TEXT, "tune")
    found = score([document], {"doc": Annotation("doc", acts=predicted)}).overall
    return {metric: found[metric] for metric in ("acts", "act_branches", "act_spans")}


def test_the_metrics_are_listed_and_printed() -> None:
    for metric in ("act_spans", "act_branches"):
        assert metric in METRICS
        assert metric in PRINTED_METRICS


def test_a_narrower_code_of_the_same_branch_is_found_and_in_its_branch() -> None:
    gold = (_act("arbitrary_detention", "detained"),)
    predicted = (_act("incommunicado_detention", "detained the journalist"),)
    assert _tallies(gold, predicted) == {
        "acts": Tally(1, 1, 0, 0),
        "act_branches": Tally(1, 1, 1, 1),
        "act_spans": Tally(1, 1, 1, 1),
    }


def test_a_code_of_another_branch_is_found_but_not_in_its_branch() -> None:
    gold = (_act("arbitrary_detention", "detained"),)
    predicted = (_act("killing", "detained"),)
    assert _tallies(gold, predicted) == {
        "acts": Tally(1, 1, 0, 0),
        "act_branches": Tally(1, 1, 0, 0),
        "act_spans": Tally(1, 1, 1, 1),
    }


def test_an_act_elsewhere_in_the_sentence_is_not_found() -> None:
    gold = (_act("arbitrary_detention", "detained"),)
    predicted = (_act("arbitrary_detention", "beat him"),)
    assert _tallies(gold, predicted)["act_spans"] == Tally(1, 1, 0, 0)


def test_one_predicted_act_is_found_for_one_gold_act_only() -> None:
    gold = (_act("arbitrary_detention", "detained"), _act("torture", "detained the"))
    predicted = (_act("arbitrary_detention", "detained the journalist"),)
    assert _tallies(gold, predicted)["act_spans"] == Tally(2, 1, 1, 1)
