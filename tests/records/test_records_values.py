from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.errors import DocketError
from docket.model.dates import UncertainDate
from docket.model.record_types import FieldSpec, load_record_types
from docket.records.errors import InvalidRecord
from docket.records.values import display, normalise, script_of

TYPES = load_record_types()


def spec(type_name: str, field: str) -> FieldSpec:
    return TYPES.get(type_name).field(field)


def test_text_values_from_the_command_line_become_typed_values() -> None:
    assert normalise(spec("person", "birth_year"), "1956", "x") == 1956
    assert normalise(spec("act", "violation"), "Torture", "x") == "torture"
    assert normalise(spec("act", "violation"), "use_of_firearms", "x") == "use_of_firearms"
    assert normalise(spec("act", "victim"), "#12", "x") == {"ref": 12}
    assert normalise(spec("place", "coordinates"), "42.5, 74.6", "x") == {"lat": 42.5, "lon": 74.6}
    size = normalise(spec("group", "size"), "about 1,700 villagers", "x")
    assert (size["value"], size["qualifier"], size["unit"]) == (1700, "about", "persons")
    assert normalise(spec("group", "size"), 22, "x")["qualifier"] == "exactly"


def test_a_group_size_may_be_a_range() -> None:
    size = normalise(spec("group", "size"), "about 20–30 protesters", "x")
    assert (size["value"], size["high"], size["qualifier"], size["unit"]) == (
        20,
        30,
        "about",
        "persons",
    )
    assert display(spec("group", "size"), size) == "about 20–30 persons"


def test_names_keep_language_and_script() -> None:
    assert normalise(spec("person", "name"), "Атамбаев", "x") == {
        "text": "Атамбаев", "lang": None, "script": "Cyrl",
    }  # fmt: skip
    given_name = {"text": "Atambayev", "lang": "en"}
    assert normalise(spec("person", "name"), given_name, "x")["script"] == "Latn"
    assert script_of("123") == "Zyyy"


def test_dates_use_the_model_and_a_reference_for_missing_years() -> None:
    date_spec = spec("event", "date")
    value = normalise(date_spec, "14 and 15 August 2022", "x")
    assert (value["start"], value["end"], value["precision"]) == ("2022-08-14", "2022-08-15", "day")
    with pytest.raises(InvalidRecord, match="has no year"):
        normalise(date_spec, "in April", "event.date")
    inferred = normalise(date_spec, {"text": "in April", "reference": "2023-12-02"}, "x")
    assert (inferred["start"], inferred["year_inferred"]) == ("2023-04-01", True)
    assert normalise(date_spec, inferred, "x") == inferred
    assert display(date_spec, inferred) == "Apr 2023 (year inferred)"


def test_structs_check_their_parts() -> None:
    position = spec("person", "position")
    value = normalise(position, {"title": "Chairman", "period": "2021-03/2023-02"}, "x")
    assert value["title"] == "Chairman"
    with pytest.raises(InvalidRecord, match="unknown part"):
        normalise(position, {"title": "x", "salary": 1}, "person.position")
    with pytest.raises(InvalidRecord, match="title is required"):
        normalise(position, {"period": "2021"}, "person.position")


@pytest.mark.parametrize(
    ("type_name", "field", "raw", "message"),
    [
        ("person", "birth_year", "nineteen", "whole number"),
        ("person", "birth_year", True, "whole number"),
        ("person", "gender", "dragon", "not one of"),
        ("act", "violation", "jaywalking", "not a term"),
        ("organisation", "website", "javascript:alert(1)", "http"),
        ("place", "coordinates", "91, 0", "latitude"),
        ("place", "coordinates", "nan, 0", "finite"),
        ("act", "victim", 0, "start at 1"),
        ("person", "description", "a\x00b", "control characters"),
        ("person", "description", "   ", "empty"),
        ("group", "size", "several", "not a count"),
    ],
)
def test_bad_values_are_one_line_errors(type_name: str, field: str, raw: Any, message: str) -> None:
    with pytest.raises(InvalidRecord, match=message) as caught:
        normalise(spec(type_name, field), raw, f"{type_name}.{field}")
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(f"{type_name}.{field}")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)
FIELDS = [(record_type.name, name) for record_type in TYPES for name in record_type.fields]


@given(raw=JSON, which=st.sampled_from(FIELDS))
def test_hostile_values_never_crash(raw: Any, which: tuple[str, str]) -> None:
    field_spec = spec(*which)
    try:
        value = normalise(field_spec, raw, "x")
    except DocketError:
        return
    assert normalise(field_spec, value, "x") == value or field_spec.kind.value in ("ref",)
    display(field_spec, value, {})


def test_yaml_dates_are_days() -> None:
    from datetime import date

    value = normalise(spec("event", "date"), date(2022, 8, 14), "x")
    assert (value["start"], value["precision"]) == ("2022-08-14", "day")


DOCUMENT = st.fixed_dictionaries(
    {"type": st.sampled_from([*TYPES.names(), "dragon"])},
    optional={
        "fields": st.dictionaries(st.sampled_from(["name", "victim", "size", "date", "x"]), JSON),
        "confidentiality": st.sampled_from(["public", "secret", 3]),
        "key": JSON,
    },
)


@given(document=st.one_of(DOCUMENT, JSON))
def test_hostile_documents_never_crash(document: Any) -> None:
    from docket.records.documents import parse_document

    message = ""
    try:
        parse_document(TYPES, document, "record 1", lambda _citations: None)
    except DocketError as error:
        message = str(error)
    assert "\n" not in message


_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip
_RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]  # fmt: skip


@given(
    st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)),
    st.sampled_from(["en", "ru", "canonical", "label"]),
)
def test_typed_reporting_dates_round_trip(day: date, form: str) -> None:
    date_spec = spec("act", "date")
    typed = {
        "en": f"as reported on {day.day} {_EN_MONTHS[day.month - 1]} {day.year}",
        "ru": f"по сообщению от {day.day} {_RU_MONTHS[day.month - 1]} {day.year}",
        "canonical": UncertainDate.as_reported(day).canonical(),
        "label": str(UncertainDate.as_reported(day)),
    }[form]
    stored = normalise(date_spec, typed, "act.date")
    assert stored["reported"] is True
    assert UncertainDate.from_json(stored) == UncertainDate.as_reported(day)
    assert normalise(date_spec, stored, "act.date") == stored
    assert display(date_spec, stored).startswith("as reported on ")


def test_a_reporting_date_needs_a_date() -> None:
    with pytest.raises(InvalidRecord, match=r"act\.date") as caught:
        normalise(spec("act", "date"), "as reported on", "act.date")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("type_name", "field", "phrase", "part", "expected"),
    [
        ("act", "date", "19 October 2023", "start", "2023-10-19"),
        ("group", "size", "about 1,700 villagers", "value", 1700),
    ],
)
def test_a_phrase_read_again_is_untouched_by_changes_to_the_first_value(
    type_name: str, field: str, phrase: str, part: str, expected: object
) -> None:
    # Repeated phrases are read once; each value must still be a mapping of its own.
    first = normalise(spec(type_name, field), phrase, "x")
    first[part] = "changed"
    assert normalise(spec(type_name, field), phrase, "x")[part] == expected
