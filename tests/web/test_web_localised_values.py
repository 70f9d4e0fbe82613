"""Dates, taxonomy terms and stored codes read in the page's language, not in the store's English.

A documenter reading in Russian or Kyrgyz meets no "12 Mar 2023", "Alleged" or "female" on the
record, the lists, the timeline, the case file, the history or the merge check.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from seed import as_owner
from web_records_support import World, build_world

from docket.archive import Archive
from docket.errors import InvalidDate
from docket.model.dates import Precision, UncertainDate
from docket.web.formatting import date_label
from docket.web.pages.picks import record_chips

Client = Callable[[str], TestClient]
_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_TEXT = re.compile(r">([^<]+)<")
_ENGLISH_MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
_ENGLISH_WORDS = (
    "Alleged",
    "Arbitrary arrest",
    "female",
    "pending",
    "year inferred",
    "as reported on",
    "spring",
)
_EXPECTED = {
    "ru": ("12 мар. 2023 г.", "Предполагаемое", "женский", "весна 2021 г."),
    "ky": ("2023-ж. 12-мар.", "Болжолдонгон", "аял", "2021-жылдын жазы"),
}


def _text(html: str) -> list[str]:
    html = _SCRIPTS.sub("", html)
    return [" ".join(unescape(run).split()) for run in _TEXT.findall(html)]


def _get(client: TestClient, path: str, language: str) -> str:
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200, (path, language, response.text[:300])
    return response.text


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def _records(archive: Archive) -> tuple[int, int, int]:
    """A woman, an arrest of hers in March 2023 still alleged, and a second account of it."""
    store = as_owner(archive).records
    woman = store.create("person", {"name": "Aigul Sadyrova", "gender": "female"}).id
    arrest = store.create(
        "act",
        {
            "violation": "arbitrary_arrest",
            "victim": {"ref": woman},
            "date": "2023-03-12",
            "status": "alleged",
        },
    ).id
    account = store.create(
        "act",
        {"violation": "torture", "victim": {"ref": woman}, "date": "2021-21~"},
    ).id
    return woman, arrest, account


@pytest.mark.parametrize("language", ["ru", "ky"])
def test_dates_terms_and_choices_are_in_the_readers_language(
    world: World, archive: Archive, client_as: Client, language: str
) -> None:
    woman, arrest, account = _records(archive)
    records = as_owner(archive).records
    officer = records.create("person", {"name": "Officer Tashiev"}).id
    part = {"act": {"ref": arrest}, "perpetrator": {"ref": officer}, "degree": "ordered"}
    involvement = records.create("involvement", part).id
    client = client_as("admin")
    pages = {
        "record": f"/records/{arrest}",
        # Its title and its act name the arrest: by the arrest's label in the reader's language.
        "involvement": f"/records/{involvement}",
        "perpetrator": f"/records/{officer}",
        "person": f"/records/{woman}",
        "records": "/records?type=act",
        "timeline": "/timeline",
        "case file": f"/records/{woman}/case",
        "history": f"/records/{arrest}/history",
        "merge check": f"/records/{arrest}/merge?into={account}",
        "proposal": f"/review/{world.seeded.proposals['public'][0]}",
    }
    seen: list[str] = []
    for name, path in pages.items():
        english = _text(_get(client, path, "en"))
        runs = _text(_get(client, path, language))
        seen.extend(runs)
        months = [run for run in runs if _ENGLISH_MONTH.search(run)]
        assert not months, f"{name}: {months[:5]}"
        words = [run for run in runs for word in _ENGLISH_WORDS if word in run]
        assert not words, f"{name}: {words[:5]}"
        # The same page in English does show them: the check looks where they are.
        if name == "record":
            assert "12 Mar 2023" in english and "Alleged" in english
    page = " | ".join(seen)
    for expected in _EXPECTED[language]:
        assert expected in page, expected


@pytest.mark.parametrize(
    ("language", "counted"), [("en", "at least 22"), ("ru", "не менее 22"), ("ky", "кеминде 22")]
)
def test_a_count_is_worded_in_the_readers_language(
    archive: Archive, client_as: Client, language: str, counted: str
) -> None:
    records = as_owner(archive).records
    size = {"value": 22, "qualifier": "at_least"}
    group = records.create("group", {"description": "Protesters", "size": size}).id
    runs = " | ".join(_text(_get(client_as("viewer"), f"/records/{group}", language)))
    assert counted in runs
    if language != "en":
        assert "at least" not in runs


@pytest.mark.parametrize(("language", "label"), [("ru", "Пытки"), ("ky", "Кыйноо")])
def test_a_chosen_record_is_named_in_the_readers_language(
    archive: Archive, language: str, label: str
) -> None:
    # A picker shows an act chosen before the form came back by its violation, in its words.
    door = as_owner(archive)
    victim = door.records.create("person", {"name": "Aigul Sadyrova"}).id
    act = door.records.create("act", {"violation": "torture", "victim": {"ref": victim}}).id
    (chip,) = record_chips(door, [act], language)
    assert chip["title"] == label


@pytest.mark.parametrize("language", ["ru", "ky"])
def test_the_merge_check_words_what_moves_in_the_readers_language(
    world: World, archive: Archive, client_as: Client, language: str
) -> None:
    _, arrest, account = _records(archive)
    html = _get(client_as("editor"), f"/records/{arrest}/merge?into={account}", language)
    moves = html[html.index("<h3>", html.index('id="merge-target"')) :]
    runs = " ".join(_text(moves))
    date_words, term = _EXPECTED[language][0], _EXPECTED[language][1]
    assert date_words in runs and term in runs
    assert "Arbitrary arrest" not in runs and not _ENGLISH_MONTH.search(runs)


def test_the_case_file_says_how_a_fact_concerns_its_subject_in_the_readers_language(
    world: World, archive: Archive, client_as: Client
) -> None:
    woman, _, _ = _records(archive)
    client = client_as("viewer")
    english = " ".join(_text(_get(client, f"/records/{woman}/case", "en")))
    russian = " ".join(_text(_get(client, f"/records/{woman}/case", "ru")))
    kyrgyz = " ".join(_text(_get(client, f"/records/{woman}/case", "ky")))
    assert "Act (violation) · Victim" in english
    assert "Victim" not in russian and "Пострадавший" in russian
    assert "Victim" not in kyrgyz and "Жабырлануучу" in kyrgyz


# -- any date, any language --------------------------------------------------------------------


@st.composite
def _dates(draw: st.DrawFn) -> UncertainDate:
    precision = draw(st.sampled_from(list(Precision)))
    if precision is Precision.UNKNOWN:
        return UncertainDate.unknown()
    years = st.integers(min_value=2, max_value=9998)

    def bound() -> str:
        year = draw(years)
        if precision is Precision.YEAR:
            return f"{year:04d}"
        if precision is Precision.SEASON:
            return f"{year:04d}-{draw(st.integers(21, 24))}"
        month = draw(st.integers(1, 12))
        if precision is Precision.MONTH:
            return f"{year:04d}-{month:02d}"
        return date(year, month, draw(st.integers(1, 28))).isoformat()

    first, last = sorted((bound(), bound()))
    shape = draw(st.sampled_from(["one", "range", "open start", "open end"]))
    text = {"one": first, "range": f"{first}/{last}", "open start": f"../{last}"}.get(
        shape, f"{first}/.."
    )
    mark = draw(st.sampled_from(["", "~", "?", "%"]))
    text = "/".join(side if side == ".." else side + mark for side in text.split("/"))
    if draw(st.booleans()):
        text = "reported:" + text
    try:
        return UncertainDate.parse(text)
    except InvalidDate:
        # Seasons sort by their code, not by when they start: a range may come out backwards.
        return UncertainDate.parse(first)


@given(_dates())
def test_any_date_is_written_in_every_language(value: UncertainDate) -> None:
    for language in ("en", "ru", "ky"):
        label = date_label(value, language)
        assert label.strip()
        if language != "en":
            assert not _ENGLISH_MONTH.search(label), label
            assert not re.search(r"\b(?:spring|summer|autumn|winter|before|since|c\.)", label)
    assert date_label(value, "en") == str(value)
