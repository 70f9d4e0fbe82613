from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from docket.errors import DocketError
from docket.extract.annotation_reading import load_gold
from docket.extract.annotations import LANGUAGES, GoldDocument
from docket.extract.evaluation import score

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold"


@pytest.fixture(scope="module")
def gold() -> list[GoldDocument]:
    return load_gold(GOLD)


def test_every_gold_file_validates_and_pairs_with_its_text(gold: list[GoldDocument]) -> None:
    names = {path.stem for path in GOLD.iterdir() if path.suffix in {".txt", ".json"}}
    assert {document.annotation.item for document in gold} == names


def test_every_span_quotes_the_text(gold: list[GoldDocument]) -> None:
    for document in gold:
        annotation, text = document.annotation, document.text
        spans = [m for entity in annotation.entities for m in entity.mentions]
        spans += [item.span for item in annotation.dates]
        spans += [item.span for item in annotation.counts]
        spans += [item.span for item in annotation.acts]
        spans += [item.span for item in annotation.interventions]
        spans += [part for claim in annotation.claims for part in (claim.cue, claim.statement)]
        assert spans
        for span in spans:
            assert text[span.start : span.end] == span.text


def test_documents_are_short_and_cover_every_language(gold: list[GoldDocument]) -> None:
    for document in gold:
        assert 120 <= len(document.text.split()) <= 600, document.annotation.item
    languages = Counter(document.annotation.language for document in gold)
    assert set(languages) == set(LANGUAGES)
    splits = Counter(document.split for document in gold)
    assert splits["holdout"] >= len(gold) // 4
    assert splits["tune"] >= len(gold) // 4
    holdout = Counter(d.annotation.language for d in gold if d.split == "holdout")
    assert set(holdout) == set(LANGUAGES)


def _copy(tmp_path: Path, name: str, change: dict[str, object]) -> Path:
    (tmp_path / f"{name}.txt").write_text(
        (GOLD / f"{name}.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    data = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    data.update(change)
    (tmp_path / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


NAME = "en-urgent-appeal-temirova"


@pytest.mark.parametrize(
    "change",
    [
        {"split": "train"},
        {"language": "de"},
        {"item": "other"},
        {"document_date": "18/01/2024"},
        {"acts": [{"type": "no_such_act", "label": "She was detained", "start": 0, "end": 3}]},
        {"dates": [{"text": "URG", "start": 0, "end": 3, "value": {"precision": "day"}}]},
        {"counts": [{"text": "UR", "start": 0, "end": 2, "value": -1, "qualifier": "exactly"}]},
        {"counts": [{"text": "UR", "start": 0, "end": 2, "value": 1, "qualifier": "roughly"}]},
        {
            "entities": [
                {"kind": "person", "name": "X", "mentions": [{"text": "X", "start": 0, "end": 1}]}
            ]
        },
        {
            "interventions": [
                {
                    "type": "urgent_appeal",
                    "label": "URGENT",
                    "start": 0,
                    "end": 6,
                    "response": "maybe",
                }
            ]
        },
    ],
)
def test_a_bad_gold_file_is_one_line_error(tmp_path: Path, change: dict[str, object]) -> None:
    with pytest.raises(DocketError) as caught:
        load_gold(_copy(tmp_path, NAME, change))
    assert "\n" not in str(caught.value)
    assert NAME in str(caught.value)


# A tune document with one act per victim: the list form is checked against its entities.
LISTED = "en-news-kara-suu-journalist-detained"


def _with_act(roles: dict[str, object]) -> dict[str, object]:
    data = json.loads((GOLD / f"{LISTED}.json").read_text(encoding="utf-8"))
    first = {**data["acts"][0], "victim": None, "perpetrator": None, **roles}
    return {"acts": [first, *data["acts"][1:]]}


def test_a_gold_act_names_several_victims_and_perpetrators(tmp_path: Path) -> None:
    roles = {
        "victim": ["Bolot Sydykov", "Erlan Abdraev"],
        "perpetrator": ["State Security Service", "Sverdlov District Court"],
    }
    (document,) = load_gold(_copy(tmp_path, LISTED, _with_act(roles)))
    act = document.annotation.acts[0]
    assert act.victims == ("Bolot Sydykov", "Erlan Abdraev")
    assert act.perpetrators == ("State Security Service", "Sverdlov District Court")


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ({"victim": ["Bolot Sydykov", "Nobody Known"]}, "unknown entity 'Nobody Known'"),
        ({"victim": ["Bolot Sydykov", "Bolot Sydykov"]}, "names 'Bolot Sydykov' twice"),
        (
            {"victim": ["Bolot Sydykov"], "perpetrator": ["Bolot Sydykov"]},
            "makes 'Bolot Sydykov' victim and perpetrator",
        ),
        ({"perpetrator": [["State Security Service"]]}, "a list of names or null"),
    ],
)
def test_a_bad_list_of_victims_is_refused_in_one_line(
    tmp_path: Path, roles: dict[str, object], message: str
) -> None:
    with pytest.raises(DocketError, match=message) as caught:
        load_gold(_copy(tmp_path, LISTED, _with_act(roles)))
    assert "\n" not in str(caught.value)
    assert LISTED in str(caught.value)


def _claim(cue: tuple[int, int], statement: tuple[int, int], claimant: object) -> dict[str, object]:
    text = (GOLD / f"{NAME}.txt").read_text(encoding="utf-8")
    return {
        "claimant": claimant,
        "cue": {"text": text[cue[0] : cue[1]], "start": cue[0], "end": cue[1]},
        "statement": {
            "text": text[statement[0] : statement[1]],
            "start": statement[0],
            "end": statement[1],
        },
    }


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ([_claim((0, 6), (10, 20), "Nobody Known")], "unknown entity"),
        ([_claim((0, 6), (4, 20), None)], "overlaps its statement"),
        ([_claim((0, 6), (10, 20), None), _claim((3, 8), (30, 40), None)], "overlapping claim"),
        ([_claim((0, 6), (10, 20), 7)], "claimant"),
        ([{"claimant": None, "cue": {"text": "URGENT", "start": 0, "end": 6}}], "statement"),
        (
            [
                {
                    "claimant": None,
                    "cue": {"text": "URGENT", "start": 0, "end": 6},
                    "statement": {"text": "not the text", "start": 10, "end": 22},
                }
            ],
            "not 'not the text'",
        ),
        ("none", "'claims' must be a list"),
    ],
)
def test_a_bad_claim_is_refused_in_one_line(tmp_path: Path, claims: object, message: str) -> None:
    with pytest.raises(DocketError, match=message) as caught:
        load_gold(_copy(tmp_path, NAME, {"claims": claims}))
    assert "\n" not in str(caught.value)
    assert NAME in str(caught.value)


def test_a_gold_file_without_claims_is_refused(tmp_path: Path) -> None:
    data = json.loads((GOLD / f"{NAME}.json").read_text(encoding="utf-8"))
    del data["claims"]
    (tmp_path / f"{NAME}.txt").write_text(
        (GOLD / f"{NAME}.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / f"{NAME}.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DocketError, match="'claims' must be a list"):
        load_gold(tmp_path)


def test_overlapping_mentions_are_refused(tmp_path: Path) -> None:
    data = json.loads((GOLD / f"{NAME}.json").read_text(encoding="utf-8"))
    first = data["entities"][0]
    data["entities"].append({**first, "name": "Copy"})
    with pytest.raises(DocketError, match="overlapping"):
        load_gold(_copy(tmp_path, NAME, {"entities": data["entities"]}))


def test_missing_text_and_broken_json_are_refused(tmp_path: Path) -> None:
    (tmp_path / "lonely.json").write_text("{}", encoding="utf-8")
    with pytest.raises(DocketError, match=r"no lonely\.txt"):
        load_gold(tmp_path)
    (tmp_path / "lonely.txt").write_text("text", encoding="utf-8")
    (tmp_path / "lonely.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DocketError, match="not JSON"):
        load_gold(tmp_path)
    with pytest.raises(DocketError, match="no gold folder"):
        load_gold(tmp_path / "absent")


def test_the_gold_set_scores_one_against_itself(gold: list[GoldDocument]) -> None:
    scores = score(gold, {document.annotation.item: document.annotation for document in gold})
    assert set(scores.by_split) == {"tune", "holdout"}
    assert set(scores.by_language) == set(LANGUAGES)
    for metric, tally in scores.overall.items():
        assert tally.gold > 0, metric
        assert (tally.precision, tally.recall) == (1.0, 1.0), metric
    assert score(gold, {}).overall["acts"].recall == 0.0
