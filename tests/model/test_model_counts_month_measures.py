"""Kyrgyz "ай" (month) in its case forms after a number is a measure of time, not a count: "акыркы
үч айда" (in the last three months) and "беш айдын ичинде" (within five months) count nothing,
while "үч айылдын" (of three villages) still counts villages."""

from __future__ import annotations

import pytest

from docket.model.counts import find_counts

ROWS = [
    ("Акыркы үч айда 20дан ашык пенсионер суракка чакырылган.", [("20дан ашык пенсионер", 20)]),
    ("Беш айдын ичинде 12 киши кармалды.", [("12 киши", 12)]),
    ("Эки айга камакка алынды.", []),
    ("Үч айылдын тургундары чогулду.", [("Үч айылдын", 3)]),
]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_months_are_no_counts(text: str, expected: list[tuple[str, int]]) -> None:
    found = [(text[start:end], count.value) for start, end, count in find_counts(text, "ky")]
    assert found == expected
