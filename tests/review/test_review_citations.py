"""Citations a reviewer selects: any offsets either name words of the item or are one clear line."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from docket.errors import DocketError
from docket.review.edits import check_citation
from docket.review.found import Proposal
from docket.web.pages.review_form import cite_text, parse_citations

TEXT = "On 7 August security forces shot dead villagers in Kara-Suu.\n"
PROPOSAL = Proposal(
    id=1,
    item_id=4,
    kind="act",
    payload={"type": "killing", "start": 28, "end": 37},
    status="pending",
    decided_by=None,
    decided_at=None,
    reason=None,
    record_id=None,
    created_at="2026-01-01T00:00:00Z",
)


@given(st.fixed_dictionaries({"item": st.integers(), "start": st.integers(), "end": st.integers()}))
def test_a_selected_span_is_words_of_the_item_or_refused(raw: dict[str, int]) -> None:
    try:
        span = check_citation(raw, PROPOSAL, TEXT, "act.date")
    except DocketError as refused:
        message = str(refused)
    else:
        message = ""
    if message:
        assert message.startswith("act.date: ")
        assert "\n" not in message
        return
    assert span["item"] == 4
    assert 0 <= span["start"] < span["end"] <= len(TEXT)
    assert TEXT[span["start"] : span["end"]].strip()


@given(st.text(max_size=60))
def test_posted_offsets_parse_or_are_refused(raw: str) -> None:
    try:
        spans = parse_citations(raw, 4, "act.place")
    except DocketError as refused:
        message = str(refused)
    else:
        message = ""
    if message:
        assert message.startswith("act.place: ")
        return
    assert all(span["item"] == 4 for span in spans)
    assert parse_citations(cite_text(spans), 4, "act.place") == spans


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), max_size=5))
def test_offsets_written_in_the_form_read_back(pairs: list[tuple[int, int]]) -> None:
    spans = [{"item": 4, "start": start, "end": end} for start, end in pairs]
    assert parse_citations(cite_text(spans), 4, "act.place") == spans
