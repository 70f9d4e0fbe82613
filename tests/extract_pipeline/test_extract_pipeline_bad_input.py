"""Text extraction can only partly read: never a crash, always a note saying why."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.extract.document import ExtractionInput, extract_document_with_notes
from docket.extract.gazetteer import Gazetteer
from docket.extract.mentions import Mention, merge_mentions
from docket.extract.quality import reading_notes
from docket.extract.recognise import Recognition
from docket.extract.stream import extract_stream


def places(text: str, language: str | None, gazetteer: Gazetteer | None) -> Recognition:
    """A stand-in for the models: every "Bishkek" is a place."""
    found = [
        Mention("place", "Bishkek", match.start(), match.end(), "rules")
        for match in re.finditer("Bishkek", text)
    ]
    return Recognition(found, language, [])


REPORT = "On 7 August police in Bishkek detained Almazbek Atambaev; he was shot dead. "


def _notes(text: str, language: str | None = "en") -> list[str]:
    return extract_document_with_notes(
        text, item_id=1, language=language, document_date=date(2024, 1, 5), gazetteer=None
    ).notes


def test_clean_text_gets_no_note() -> None:
    assert reading_notes(REPORT * 5) == []


def test_empty_item() -> None:
    assert _notes("") == ["the item has no text to read (no working copy, or an empty one)"]
    assert _notes(" \n\t ") == _notes("")


def test_ocr_noise() -> None:
    noise = "Th3 p0l1ce ~~## d3ta1n3d |||| 4t4mb43v ;; 0n 7 Au9ust ]]]] {{{{ 12/34/56 %%%% " * 20
    (note,) = _notes(noise)
    assert note.startswith("only ") and "OCR noise" in note


def test_text_without_punctuation() -> None:
    flat = REPORT.replace(".", "").replace(";", "") * 60
    extraction = extract_document_with_notes(
        flat,
        item_id=1,
        language="en",
        document_date=date(2024, 1, 5),
        gazetteer=None,
        recognise=places,
    )
    assert any("no sentence punctuation" in note for note in extraction.notes)
    # Everything is still found, only no longer tied to a sentence's date and place.
    acts = extraction.document["acts"]
    assert sorted({act["type"] for act in acts}) == [
        "arbitrary_arrest",
        "killing_by_excessive_force",
    ]
    assert len(acts) == 2 * 60
    assert all(act["date"] is None for act in acts)
    assert len(extraction.document["dates"]) == 60


def test_mixed_scripts() -> None:
    mixed = "Almazbek Atambayev и Алмазбек Атамбаев met in Бишкек with the ГКНБ officers. " * 5
    notes = _notes(mixed)
    assert any(note.startswith("the text mixes Latin") for note in notes)


def test_unsupported_language_is_a_note_not_an_error() -> None:
    text = "Die Polizei hat gestern in Berlin einen Journalisten festgenommen, sagte die Familie."
    extraction = extract_document_with_notes(
        text, item_id=1, language="de", document_date=None, gazetteer=None
    )
    assert extraction.document["entities"] == []
    assert extraction.notes == [
        "no entity model for language 'de'; only names already in the archive were looked for"
    ]


def test_a_long_item_is_read_whole() -> None:
    # A hundred pages of about 3,000 characters; the stand-in recogniser keeps the test about
    # the pipeline, not a model (benchmarks/extraction.py times the models).
    pages = 100
    text = (REPORT * 40 + "\n\n") * pages
    extraction = extract_document_with_notes(
        text,
        item_id=1,
        language="en",
        document_date=date(2024, 1, 5),
        gazetteer=None,
        recognise=places,
    )
    document = extraction.document
    assert len(document["acts"]) == 2 * 40 * pages
    assert document["acts"][-1]["start"] == text.rindex("shot dead")
    (bishkek,) = [e for e in document["entities"] if e["name"] == "Bishkek"]
    assert len(bishkek["mentions"]) == 40 * pages
    assert extraction.notes == []


def test_merging_many_overlapping_mentions() -> None:
    mentions = [Mention("person", "x" * 5, start, start + 5, "a") for start in range(0, 60_000)]
    kept = merge_mentions(mentions)
    assert [m.start for m in kept] == list(range(0, 60_000, 5))


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02 binary \ufffd\ufffd garbage \x00" * 30,
        "алмазбек атамбаев бишкек гкнб без знаков препинания вообще " * 40,
        "Ａｔａｍｂａｅｖ　ｗａｓ　ｄｅｔａｉｎｅｄ " * 30,
    ],
)
def test_hostile_items_in_a_stream_give_a_proposal_each(text: str) -> None:
    given = [
        ExtractionInput(text, index, language, None)
        for index, language in enumerate(("en", "ru", "ky", None))
    ]
    results = list(extract_stream(given, None))
    assert [r.document["item"] for r in results] == [0, 1, 2, 3]
    for result in results:
        for entity in result.document["entities"]:
            for mention in entity["mentions"]:
                assert text[mention["start"] : mention["end"]] == mention["text"]


def _notes_one_character_at_a_time(text: str) -> list[str]:
    """``reading_notes`` as it was first written: a plain loop over the characters."""
    import unicodedata

    if not text.strip():
        return reading_notes(text)
    visible = letters = latin = cyrillic = run = longest = 0
    for character in text:
        run = 0 if character in ".!?…;\n" else run + 1
        longest = max(longest, run)
        if not character.isspace():
            visible += 1
            if character.isalpha():
                letters += 1
                name = unicodedata.name(character, "")
                latin += name.startswith("LATIN")
                cyrillic += name.startswith("CYRILLIC")
    if len(text) < 200:
        return []
    notes = []
    share = letters / visible if visible else 0.0
    if share < 0.6:
        notes.append(f"only {share:.0%} of the text is letters")
    if longest > 2_000:
        notes.append(f"a stretch of {longest:,} characters has no sentence punctuation")
    if latin + cyrillic and min(latin, cyrillic) / (latin + cyrillic) >= 0.2:
        notes.append(f"the text mixes Latin ({latin / (latin + cyrillic):.0%}) and Cyrillic")
    return notes


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet="aZжЖß1 .;\n…!", max_size=300),
    st.integers(0, 12),
)
def test_notes_count_every_character_as_a_loop_over_them_would(text: str, times: int) -> None:
    text = text * times
    expected = _notes_one_character_at_a_time(text)
    found = reading_notes(text)
    assert len(found) == len(expected)
    assert all(note.startswith(prefix) for note, prefix in zip(found, expected, strict=True))


def test_numpy_multiplies_on_one_thread_unless_told_otherwise() -> None:
    # Small matrices on two threads made Russian extraction three times slower on a busy
    # machine; a deployment's own setting is kept.
    import os
    import subprocess
    import sys

    code = "import docket, os; print(os.environ['OPENBLAS_NUM_THREADS'])"
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    unset = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert unset.stdout.strip() == "1"
    env["OPENBLAS_NUM_THREADS"] = "3"
    given_ = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert given_.stdout.strip() == "3"
