"""Who dismissed a relative: the employer named in the act's clause. Each text was written for
the tests; beside them stand texts where no employer is named so."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.proposed import extracted_acts, party_name


def _dismissed_by(text: str, language: str) -> list[str | None]:
    return [
        party_name(act["perpetrator"])
        for act in extracted_acts(text, language)
        if act["type"] == "dismissal_of_relatives"
    ]


@pytest.mark.parametrize(
    ("language", "text", "employer"),
    [
        (
            "en",
            "His brother Bakyt was fired from the Talas District Administration on 2 May.",
            "Talas District Administration",
        ),
        (
            "en",
            "His brother, Temirlan Sultanaliev, was dismissed from his job as a history teacher "
            "at School No. 5 in Tash-Kol on 10 May.",
            "School No. 5",
        ),
    ],
)
def test_the_employer_named_after_the_dismissal_dismissed(
    language: str, text: str, employer: str
) -> None:
    assert _dismissed_by(text, language) == [employer]


@pytest.mark.parametrize(
    "text",
    [
        # The body is named in another clause.
        "His brother was dismissed from his job, and the Talas District Administration refused "
        "to explain why.",
        # No employer is named.
        "His brother was dismissed from his job on 2 May.",
    ],
)
def test_no_employer_in_the_clause_names_no_one(text: str) -> None:
    assert _dismissed_by(text, "en") == [None]
