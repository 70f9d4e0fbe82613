"""A second call of one verb of calling whose verb is left out, a dash in its place ("Мы
призываем Генеральную прокуратуру проверить …, а Омбудсмена — посетить Сарыбаеву"): a call of
its own, of the kind its infinitive asks, made of the one named before the dash by whoever made
the first; and the clauses of the same shape that ask nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.extract_pipeline.test_extract_pipeline_kinds import found

from docket.extract.document import extract_document

GAPPED = [
    (
        "Мы призываем Генеральную прокуратуру проверить законность задержания, а Омбудсмена —"
        " посетить Сарыбаеву в СИЗО № 1.",
        ("request", "Омбудсмена — посетить"),
    ),
    (
        "Центр призывает освободить Эргешова и Маматову, а Генеральную прокуратуру — проверить"
        " действия сотрудников РОВД.",
        ("call_for_investigation", "Генеральную прокуратуру — проверить"),
    ),
    (
        "Мы просим прокуратуру провести проверку, а Генерального прокурора — освободить"
        " журналиста.",
        ("call_for_release", "Генерального прокурора — освободить"),
    ),
    (
        "Мы призываем освободить журналиста, а прокуратуру Кара-Суу — проверить действия милиции.",
        ("call_for_investigation", "прокуратуру Кара-Суу — проверить"),
    ),
]


@pytest.mark.parametrize(("text", "second"), GAPPED)
def test_a_call_without_its_verb_is_a_call_of_its_own(text: str, second: tuple[str, str]) -> None:
    steps = found(text, "ru")[1]
    assert len(steps) == 2
    assert steps[1] == second


@pytest.mark.parametrize(
    "text",
    [
        # No verb of calling before: a dash that leaves out another verb.
        "Суд оштрафовал Эргешова, а Маматову — освободить из-под стражи не смог.",
        "Мамырова задержали 3 мая, а Осмонова — 5 мая.",
        # An infinitive the vocabulary does not ask for.
        "Центр призывает освободить Эргешова, а Маматову — оправдать.",
    ],
)
def test_a_dash_without_a_call_or_its_kind_adds_nothing(text: str) -> None:
    assert [words for _, words in found(text, "ru")[1] if "—" in words] == []


def _steps(text: str) -> list[dict[str, Any]]:
    document = extract_document(
        text, item_id=None, language="ru", document_date=date(2025, 3, 14), gazetteer=None
    )
    steps: list[dict[str, Any]] = document["interventions"]
    return steps


def test_the_one_before_the_dash_is_asked_by_the_first_calls_author() -> None:
    text = (
        "Правозащитный центр «Калкан» призывает освободить Эргешова, а Генеральную прокуратуру"
        " — проверить действия сотрудников Кара-Сууйского РОВД."
    )
    first, second = _steps(text)
    assert second["type"] == "call_for_investigation"
    assert second["toward"]["name"] == "Генеральная прокуратура"
    assert second["by"] == first["by"]
    assert second["by"]["name"] == "Правозащитный центр «Калкан»"
