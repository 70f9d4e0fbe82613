"""Claims: statements attributed to someone, measured on an annotated set in three languages."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.timing import best_cpu_time

from docket.extract.actors import Actor
from docket.extract.claim_words import claim_words
from docket.extract.claims import find_claims
from docket.extract.document import extract_document

_ANNOTATED = Path(__file__).with_name("claims_annotated.yaml")


def _found(text: str, language: str, document_date: date | None = None) -> dict[str, Any]:
    return extract_document(
        text, item_id=None, language=language, document_date=document_date, gazetteer=None
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _gold_span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def test_annotated_set_precision_and_recall() -> None:
    """A found claim is right when its statement overlaps a gold statement and its cue a gold
    cue; a claimant is right when it is the gold claimant. Claimants are held to precision 1:
    a wrong speaker is worse than none. Each language is held to the bar on its own."""
    sentences = yaml.safe_load(_ANNOTATED.read_text(encoding="utf-8"))
    assert {s["language"] for s in sentences} == {"en", "ru", "ky"}
    tallies: dict[str, Counter[str]] = {}
    for sentence in sentences:
        tally = tallies.setdefault(sentence["language"], Counter())
        text = sentence["text"]
        gold = [
            (
                _gold_span(text, claim["cue"]),
                _gold_span(text, claim["statement"]),
                claim["claimant"],
            )
            for claim in sentence["claims"]
        ]
        found = _found(text, sentence["language"])["claims"]
        tally["gold"] += len(gold)
        tally["found"] += len(found)
        tally["gold_claimants"] += sum(1 for _, _, claimant in gold if claimant is not None)
        unmatched = list(gold)
        for claim in found:
            cue = (claim["cue"]["start"], claim["cue"]["end"])
            statement = (claim["statement"]["start"], claim["statement"]["end"])
            twin = next(
                (g for g in unmatched if _overlap(g[0], cue) and _overlap(g[1], statement)), None
            )
            claimant = None if claim["claimant"] is None else claim["claimant"]["text"]
            tally["named"] += claimant is not None
            if twin is None:
                continue
            unmatched.remove(twin)
            tally["matched"] += 1
            tally["right_claimants"] += claimant is not None and claimant == twin[2]
    for language, tally in tallies.items():
        precision = tally["matched"] / tally["found"]
        recall = tally["matched"] / tally["gold"]
        assert precision >= 0.95, (language, precision)
        assert recall >= 0.9, (language, recall)
        assert tally["right_claimants"] == tally["named"], f"a {language} claimant named wrongly"
        assert tally["right_claimants"] / tally["gold_claimants"] >= 0.8, language


def test_claim_document_shape() -> None:
    text = (
        "Police detained Aisuluu Temirova. On 10 August 2022, the Ministry of Internal Affairs "
        "openly stated that Aisuluu Temirova was never detained."
    )
    (claim,) = _found(text, "en", date(2022, 9, 1))["claims"]
    assert claim["type"] == "claim" and claim["label"] == "Claim"
    assert claim["cue"]["text"] == "stated that"
    assert claim["statement"]["text"] == "Aisuluu Temirova was never detained"
    assert claim["claimant"]["name"] == "Ministry of Internal Affairs"
    assert claim["claimant"]["kind"] == "organization"
    assert [actor["name"] for actor in claim["about"]] == ["Aisuluu Temirova"]
    assert claim["date"]["text"] == "On 10 August 2022"
    assert text[claim["start"] : claim["end"]].startswith("Ministry of Internal Affairs")
    assert claim["end"] == claim["statement"]["end"]
    for part in (claim, claim["cue"], claim["statement"], claim["claimant"], *claim["about"]):
        assert text[part["start"] : part["end"]] == part.get(
            "text", text[part["start"] : part["end"]]
        )


def test_a_date_inside_the_statement_belongs_to_what_is_claimed() -> None:
    text = "Kamchybek Tashiev said that nobody was detained on 7 August 2022."
    (claim,) = _found(text, "en")["claims"]
    assert claim["date"] is None
    assert claim["claimant"]["name"] == "Kamchybek Tashiev"


def test_the_claim_words_list_every_language_and_every_section_is_read() -> None:
    """A section misspelt or left over (a second "between:") would be silently ignored."""
    source = Path(find_claims.__code__.co_filename).with_name("vocabulary") / "claims.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert set(data) == {
        "said_that", "bare", "aside", "according_to", "source_first", "about_this",
        "appositive", "quoted", "quotative", "unquoted", "complement", "no_statement",
        "characterised", "between", "lead", "proxy", "possessor", "author", "unsaid", "pronouns",
    }  # fmt: skip
    for section, by_language in data.items():
        assert set(by_language) == {"en", "ru", "ky"}, section
    for language in ("en", "ru", "ky"):
        words = claim_words(language)
        assert words.said_colon is not None and words.quoted is not None


def test_no_language_no_claims() -> None:
    actor = Actor("person", "Kamchybek Tashiev", None, "Kamchybek Tashiev", 0, 17)
    assert find_claims("Kamchybek Tashiev said that nobody was detained.", None, [actor]) == []


_NOISE = [
    "said", "stated", "that", "denied", "according to", "по словам", "заявил", ", что", "что",
    "деп", "деп билдирди", "деди", "«", "»", '"', ",", ".", "—", "-", ":", "\n", "\n\n", "the",
    "has", "openly", "Ташиев", "Police", "x", " ", "2022", "7 August 2022", "told", "she", "a",
    "called", "and", "not", "Об этом сообщил", "его", "сообщили", "как сообщили", "айтымында",
    "бергенин", "айтып берди", "мындай", "юристтери", "Атамбаевдин", "болсо", "“", "”", "„",
]  # fmt: skip


@st.composite
def _texts_and_actors(draw: st.DrawFn) -> tuple[str, list[Actor], list[int]]:
    text = draw(
        st.one_of(
            st.text(max_size=200),
            st.lists(st.sampled_from(_NOISE), max_size=40).map(" ".join),
            st.lists(st.sampled_from(_NOISE), max_size=40).map("".join),
        )
    )
    actors = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        kind = draw(st.sampled_from(["person", "organization"]))
        actors.append(Actor(kind, text[start:end] or "x", None, text[start:end], start, end))
    starts = sorted({0, *draw(st.lists(st.integers(0, len(text)), max_size=5))})
    return text, actors, starts


@given(_texts_and_actors(), st.sampled_from(["en", "ru", "ky", "xx"]))
@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_finder_never_crashes_and_spans_are_in_range(
    found: tuple[str, list[Actor], list[int]], language: str
) -> None:
    text, actors, starts = found
    claims = find_claims(text, language, actors, sentence_starts=starts)
    if language == "xx":
        assert claims == []
    for claim in claims:
        assert 0 <= claim["start"] <= claim["end"] <= len(text)
        for part in (claim["cue"], claim["statement"]):
            assert claim["start"] <= part["start"] < part["end"] <= claim["end"]
            assert text[part["start"] : part["end"]] == part["text"]
        assert claim["statement"]["text"].strip() == claim["statement"]["text"]
        for actor in [claim["claimant"], *claim["about"]]:
            if actor is not None:
                assert 0 <= actor["start"] <= actor["end"] <= len(text)


def _cpu_time(unit: str, language: str, repeats: int, sentences: bool) -> float:
    text = unit * repeats
    actors = [
        Actor(
            "person",
            "Kamchybek Tashiev",
            None,
            "Kamchybek Tashiev",
            n * len(unit),
            17 + n * len(unit),
        )
        for n in range(repeats)
    ]
    starts = [n * len(unit) for n in range(repeats)] if sentences else [0]
    return best_cpu_time(lambda: find_claims(text, language, actors, sentence_starts=starts))


@pytest.mark.parametrize("sentences", [True, False])
@pytest.mark.parametrize(
    ("unit", "language"),
    [
        ("Kamchybek Tashiev said that the police «came». ", "en"),
        ("Kamchybek Tashiev, according to Kamchybek Tashiev, said ", "en"),
        ("Kamchybek Tashiev «кармалды», - деди Kamchybek Tashiev ", "ky"),
        ("Kamchybek Tashiev кармалды деп билдирди ", "ky"),
        ("Kamchybek Tashiev, police said, ", "en"),
        ("Kamchybek Tashiev told reporters: «кармалды ", "en"),
        ("Kamchybek Tashiev, сообщили в МВД ", "ru"),
        ("Об этом сообщил Kamchybek Tashiev ", "ru"),
        ("Kamchybek Tashiev айтымында, кармалганын айтып берди ", "ky"),
    ],
)
def test_finding_claims_is_linear_even_in_one_endless_sentence(
    unit: str, language: str, sentences: bool
) -> None:
    # Four times the text must cost well under sixteen times the time (quadratic growth).
    small = _cpu_time(unit, language, 300, sentences)
    assert _cpu_time(unit, language, 1200, sentences) < 8 * small + 0.05


def _cue_pieces() -> list[str]:
    """The first and second words of every claim phrase, in three spellings, and what stands
    between them."""
    source = resources.files("docket.extract").joinpath("vocabulary/claims.yaml")
    words = yaml.safe_load(source.read_text(encoding="utf-8"))
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            for word in value.split()[:2]:
                found.update({word, word.upper(), word.capitalize()})
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(words)
    return [*sorted(found), " ", ", ", ": ", ' "', " «", "x", "1"]


_CUE_PIECES = _cue_pieces()


@given(st.lists(st.sampled_from(_CUE_PIECES), max_size=12), st.sampled_from(["en", "ru", "ky"]))
def test_the_initials_of_the_cue_words_change_no_match(pieces: list[str], language: str) -> None:
    """Each pattern opens with a lookahead for its phrases' first letters, to leave most
    positions at once; without it, the pattern finds the very same matches."""
    text = "".join(pieces)
    vocabulary = claim_words(language)
    patterns = [p for p in vars(vocabulary).values() if isinstance(p, re.Pattern)]
    opened = [p for p in patterns if p.pattern.startswith("(?=[")]
    assert opened
    for pattern in opened:
        bare = re.compile(pattern.pattern[pattern.pattern.index("]") + 2 :], pattern.flags)
        assert [(m.span(), m.groupdict()) for m in pattern.finditer(text)] == [
            (m.span(), m.groupdict()) for m in bare.finditer(text)
        ]
