"""Capture-history tables: what can be estimated from, and one clear line for what cannot."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.errors import DocketError, TooLarge
from docket.estimation import (
    MAX_CSV_BYTES,
    CaptureHistories,
    InvalidHistories,
    parse_histories_csv,
)
from docket.estimation.published import KOSOVO, KOSOVO_LISTS, kosovo, kosovo_csv


def test_a_table_reads_back_its_patterns() -> None:
    table = kosovo()

    assert table.documented == 4_400
    assert table.size == 4
    assert table.counts() == KOSOVO
    assert table.on_list(0) == 1131 + 106 + 228 + 42 + 177 + 18 + 181 + 27
    patterns, counts = table.observed()
    assert patterns.shape == (15, 4)
    assert list(patterns[0]) == [0, 0, 0, 1]
    assert int(counts.sum()) == 4_400


@pytest.mark.parametrize(
    ("lists", "counts", "message"),
    [
        (("A",), {"1": 5}, "at least two lists"),
        (("A", "B"), {"10": 5, "01": 7}, "no one is on more than one list"),
        (("A", "B", "C"), {"111": 9}, "everyone is on every list"),
        (("A", "B", "C"), {"100": 0, "011": 0}, "every count is zero"),
        (("A", "B", "C"), {"000": 3, "110": 4}, "cannot be given"),
        (("A", "B", "C"), {"110": 3, "100": 4}, "list 'C' records no one"),
        (("A", "B"), {"11": -2, "10": 3}, "negative"),
        (("A", "B"), {"11": 2.5, "10": 3}, "not a whole number"),
        (("A", "B"), {"11": True, "10": 3}, "not a whole number"),
        (("A", "B"), {"1": 2}, "not 2 digits"),
        (("A", "B"), {"1x": 2}, "not 2 digits"),
        (("A", "a"), {"11": 2}, "named twice"),
        (("A", "count"), {"11": 2}, "may not be called"),
    ],
)
def test_a_table_that_cannot_be_estimated_says_why_in_one_line(
    lists: tuple[str, ...], counts: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidHistories, match=message) as raised:
        CaptureHistories.of(lists, counts)  # type: ignore[arg-type]
    assert "\n" not in str(raised.value)


def test_csv_with_the_count_column_anywhere_and_rows_left_out() -> None:
    text = "count;B;A\n5;1;1\n7;0;1\n\n9;1;0\n"

    table = parse_histories_csv(text.encode())

    assert table.lists == ("B", "A")
    assert table.counts() == {"01": 7, "10": 9, "11": 5}


def test_kosovo_csv_with_a_byte_order_mark() -> None:
    assert parse_histories_csv(b"\xef\xbb\xbf" + kosovo_csv().encode()) == kosovo()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"A,B,n\n1,1,3\n", "has no 'count' column"),
        (b"A,count,count\n1,1,3\n", "more than one 'count'"),
        (b"A,B,count\n1,1,3\n1,0,x\n", "line 3: count 'x' is not a whole number"),
        (b"A,B,count\n1,1,2.5\n", "line 2: count '2.5' is not a whole number"),
        (b"A,B,count\n1,1,-4\n", "line 2: count -4 is negative"),
        (b"A,B,count\n1,1,\n", "line 2: the count is empty"),
        (b"A,B,count\n1,1,99999999999999999999\n", "too large"),
        (b"A,B,count\n1,2,3\n", "list 'B' is '2', not 0 or 1"),
        (b"A,B,count\n1,1\n", "line 2: 2 fields where the header has 3"),
        (b"A,B,count\n1,1,3\n1,1,4\n", "line 3: pattern 11 was already given on line 2"),
        (b"A,B,count\n1,1,3\n1,0,\xff\n", "not UTF-8 text"),
        (b"A,B,count\x00\n", "not a text file"),
        (b'A,B,count\n1,1,"3\n', "line"),
        (b"count\n3\n", "at least two lists"),
        ("A,B,count\n1,1,\u0663\n".encode(), "not a whole number"),
    ],
)
def test_bad_csv_is_one_clear_line(data: bytes, message: str) -> None:
    with pytest.raises(InvalidHistories, match=message) as raised:
        parse_histories_csv(data)
    assert "\n" not in str(raised.value)


def test_a_huge_file_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(TooLarge, match="at most"):
        parse_histories_csv(b"A,B,count\n" + b"1,1,1\n" * (MAX_CSV_BYTES // 6 + 1))


tables = st.integers(min_value=2, max_value=5).flatmap(
    lambda size: st.tuples(
        st.just(size),
        st.lists(
            st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8),
            min_size=size,
            max_size=size,
            unique_by=str.casefold,
        ).filter(lambda names: "count" not in [name.casefold() for name in names]),
        st.dictionaries(
            st.integers(min_value=1, max_value=2**size - 1).map(
                lambda index, size=size: format(index, f"0{size}b")
            ),
            st.integers(min_value=0, max_value=10**6),
        ),
    )
)


@settings(max_examples=150, deadline=None)
@given(tables)
def test_csv_round_trip_or_one_clear_reason(table: tuple[int, list[str], dict[str, int]]) -> None:
    _, lists, counts = table
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*lists, "count"])
    for pattern, count in counts.items():
        writer.writerow([*pattern, count])
    try:
        expected: CaptureHistories | str = CaptureHistories.of(lists, counts)
    except InvalidHistories as reason:
        expected = str(reason)
    parsed = _outcome(buffer.getvalue().encode())
    assert parsed == expected
    if isinstance(parsed, CaptureHistories):
        assert parsed.documented == sum(counts.values())


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_table_or_a_docket_error(data: bytes) -> None:
    outcome = _outcome(data)
    if isinstance(outcome, str):
        assert "\n" not in outcome
    else:
        assert outcome.documented > 0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["0", "1", "2", "", " 1", "x", "-1", "1.0", "7"]), max_size=5),
        max_size=12,
    )
)
def test_near_valid_rows_never_crash(rows: list[list[str]]) -> None:
    text = "\n".join([",".join([*KOSOVO_LISTS[:3], "count"]), *(",".join(row) for row in rows)])
    outcome = _outcome(text.encode())
    assert isinstance(outcome, CaptureHistories) or "\n" not in outcome


def _outcome(data: bytes) -> CaptureHistories | str:
    """The table, or the one line of the domain error (any other exception fails the test)."""
    try:
        return parse_histories_csv(data)
    except DocketError as error:
        return str(error)
