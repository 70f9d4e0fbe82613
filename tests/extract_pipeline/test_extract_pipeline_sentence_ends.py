"""Sentences end at closing punctuation, not at the period of an abbreviation written before a
number, a name or a word that goes on the sentence. Each text was written for the tests."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.proposed import extracted_acts

from docket.extract.sentence_ends import breaks_sentence, next_break, sentence_starts


def _sentences(text: str) -> list[str]:
    starts = sentence_starts(text)
    ends = [*starts[1:], len(text)]
    return [text[start:end].strip() for start, end in zip(starts, ends, strict=True)]


@pytest.mark.parametrize(
    "text",
    [
        "His sister, a teacher at School No. 5, was dismissed.",
        "Он обвиняется по ст. 330 УК, ч. 2.",
        "Обыск прошёл на ул. Ленина в его квартире.",
        "Dr. Asanova examined him in the cell.",
        "Свидетель Б. Осмонов дал показания.",
        "Его вызывали в ГКНБ, т. е. в службу безопасности.",
    ],
)
def test_an_abbreviation_does_not_end_the_sentence(text: str) -> None:
    assert _sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # The year's "г." before a sentence that opens with a capital.
        ("Жангы-Кала, 13 июня 2024 г. Правозащитный центр сообщил о задержании.", 2),
        ("He was detained. 15 people protested the next day.", 2),
        ("Officers said no. Police then searched the flat.", 2),
        ("Его задержали 5 мая. Ст. 330 ему вменили позже.", 2),
    ],
)
def test_a_closing_period_still_ends_the_sentence(text: str, count: int) -> None:
    assert len(_sentences(text)) == count


def test_a_gap_with_an_abbreviation_holds_no_end() -> None:
    text = "at School No. 5 was dismissed"
    assert not breaks_sentence(text)
    assert breaks_sentence("was dismissed. Police")
    assert not breaks_sentence("the site Kerege.info was blocked")


def test_the_next_end_is_past_the_abbreviations_before_it() -> None:
    text = "She taught at School No. 5 and at Art. 3 college. Then she left!"
    assert next_break(text) == text.index(". Then")
    assert next_break(text, text.index("Then")) == len(text) - 1
    assert next_break(text, 0, text.index(". Then")) is None


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "Erlan Bekov is a blogger. His sister, a teacher at School No. 5, was dismissed "
            "from her job.",
        ),
        (
            "en",
            "Erlan Bekov is a blogger. His sister, who teaches at School No. 5, was fired from "
            "her post.",
        ),
    ],
)
def test_a_relative_before_a_numbered_school_is_still_the_relative_dismissed(
    language: str, text: str
) -> None:
    assert "dismissal_of_relatives" in {act["type"] for act in extracted_acts(text, language)}


def test_a_sentence_ended_before_the_dismissal_has_no_relative_in_it() -> None:
    text = "His sister teaches at School No. 5. The head teacher was dismissed from his job."
    assert "dismissal_of_relatives" not in {act["type"] for act in extracted_acts(text, "en")}
