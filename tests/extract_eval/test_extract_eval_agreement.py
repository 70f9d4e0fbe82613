"""The second annotation of part of the gold set and the agreement script that compares it."""

from __future__ import annotations

import importlib.util
import json
import shutil
from itertools import pairwise
from pathlib import Path
from types import ModuleType

import pytest

from docket.errors import DocketError
from docket.extract.evaluation import METRICS

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "eval" / "gold"
SECOND = ROOT / "eval" / "gold-second"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "annotator_agreement", ROOT / "benchmarks" / "annotator_agreement.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


agreement_script = _script()


def _annotation_files() -> list[Path]:
    return sorted(GOLD.glob("*.json")) + sorted(SECOND.glob("*.json"))


@pytest.mark.parametrize("path", _annotation_files(), ids=lambda path: path.stem)
def test_every_claim_quotes_the_text_and_names_an_entity(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    text = (GOLD / f"{path.stem}.txt").read_text(encoding="utf-8")
    names = {entity["name"] for entity in data["entities"]}
    cues = []
    for claim in data.get("claims", []):
        assert set(claim) == {"claimant", "cue", "statement"}, claim
        assert claim["claimant"] is None or claim["claimant"] in names, claim["claimant"]
        for part in ("cue", "statement"):
            span = claim[part]
            assert 0 <= span["start"] < span["end"] <= len(text)
            assert text[span["start"] : span["end"]] == span["text"], (path.name, span)
        cue, statement = claim["cue"], claim["statement"]
        # A cue quoting the right words at the wrong place (the same verb in another paragraph)
        # passes the slice check; the claim's cue and statement stand in one paragraph.
        first, last = min(cue["start"], statement["start"]), max(cue["end"], statement["end"])
        assert "\n" not in text[first:last], (path.name, cue)
        assert cue["end"] <= statement["start"] or statement["end"] <= cue["start"], cue
        cues.append((cue["start"], cue["end"]))
    cues.sort()
    for earlier, later in pairwise(cues):
        assert earlier[1] <= later[0], (path.name, earlier, later)


def test_the_second_annotation_covers_each_language_and_both_splits() -> None:
    items, scores, _ = agreement_script.agreement(GOLD, SECOND)
    assert items == sorted(path.stem for path in SECOND.glob("*.json"))
    assert len(items) >= 15
    assert {item[:2] for item in items} == {"en", "ru", "ky"}
    splits = {json.loads((GOLD / f"{item}.json").read_text())["split"] for item in items}
    assert splits == {"tune", "holdout"}
    for item in items:
        assert json.loads((SECOND / f"{item}.json").read_text())["claims"], item
    assert set(scores.overall) == set(METRICS)
    assert all(tally.gold and tally.predicted for tally in scores.overall.values())


def _pair(tmp_path: Path, names: list[str]) -> tuple[Path, Path, Path, Path]:
    """Folders where the first and the second annotation swap roles."""
    first_gold, first_second = tmp_path / "a-gold", tmp_path / "a-second"
    second_gold, second_second = tmp_path / "b-gold", tmp_path / "b-second"
    for folder in (first_gold, first_second, second_gold, second_second):
        folder.mkdir()
    for name in names:
        for folder in (first_gold, second_gold):
            shutil.copy(GOLD / f"{name}.txt", folder)
        first = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
        second = json.loads((SECOND / f"{name}.json").read_text(encoding="utf-8"))
        shutil.copy(GOLD / f"{name}.json", first_gold)
        shutil.copy(SECOND / f"{name}.json", first_second)
        (second_gold / f"{name}.json").write_text(
            json.dumps({**second, "split": first["split"]}), encoding="utf-8"
        )
        (second_second / f"{name}.json").write_text(json.dumps(first), encoding="utf-8")
    return first_gold, first_second, second_gold, second_second


def test_agreement_does_not_depend_on_which_annotation_is_first(tmp_path: Path) -> None:
    names = sorted(path.stem for path in SECOND.glob("*.json"))
    first_gold, first_second, second_gold, second_second = _pair(tmp_path, names)
    _, one_way, swapped = agreement_script.agreement(first_gold, first_second)
    _, other_way, _ = agreement_script.agreement(second_gold, second_second)
    assert swapped.overall == other_way.overall
    # Grouping is the one metric that is not symmetric: a gold mention aligned with nothing
    # makes missed pairs, a predicted one is left out, so it is reported both ways.
    for metric in (metric for metric in METRICS if metric != "grouping"):
        forward, backward = one_way.overall[metric], other_way.overall[metric]
        assert (forward.gold, forward.predicted) == (backward.predicted, backward.gold), metric
        assert forward.f1 == pytest.approx(backward.f1), metric
    # The annotations differ, so agreement is below 1 somewhere: the figures are not a copy.
    assert min(tally.f1 for tally in one_way.overall.values()) < 1.0


def test_an_annotation_agrees_fully_with_itself(tmp_path: Path) -> None:
    second = tmp_path / "second"
    second.mkdir()
    shutil.copy(GOLD / "en-testimony-tb-w-11.json", second)
    _, scores, swapped = agreement_script.agreement(GOLD, second)
    for metric, tally in scores.overall.items():
        assert tally.f1 == 1.0, metric
        assert swapped.overall[metric] == tally, metric


def test_the_script_prints_a_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert agreement_script.main(["--gold", str(GOLD), "--second", str(SECOND)]) == 0
    table = capsys.readouterr().out
    documents = len(list(SECOND.glob("*.json")))
    assert "| acts |" in table and f"{documents} documents annotated twice" in table
    assert "grouping with the roles swapped: F1 " in table
    assert agreement_script.main(["--gold", str(GOLD), "--second", str(SECOND), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert set(figures["by_language"]) == {"en", "ru", "ky"}
    assert 0.0 < figures["overall"]["acts"]["f1"] < 1.0
    swapped = agreement_script.agreement(GOLD, SECOND)[2].overall["grouping"]
    assert figures["grouping_swapped"] == {
        "first": swapped.gold,
        "second": swapped.predicted,
        "agreed": swapped.recalled,
        "f1": round(swapped.f1, 3),
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("no-such-document", "{}", "no gold document"),
        ("en-testimony-tb-w-11", "{not json", "not JSON"),
        (
            "en-testimony-tb-w-11",
            json.dumps(
                {
                    "item": "en-testimony-tb-w-11",
                    "entities": [
                        {
                            "kind": "person",
                            "name": "X",
                            "mentions": [{"text": "Nobody", "start": 0, "end": 6}],
                        }
                    ],
                }
            ),
            "span 0..6",
        ),
        ("en-testimony-tb-w-11", json.dumps({"item": "other"}), "item must be"),
    ],
)
def test_a_bad_second_annotation_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, message: str
) -> None:
    (tmp_path / f"{name}.json").write_text(content, encoding="utf-8")
    with pytest.raises(DocketError, match=message) as caught:
        agreement_script.agreement(GOLD, tmp_path)
    assert "\n" not in str(caught.value)
    assert agreement_script.main(["--gold", str(GOLD), "--second", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: ") and error.count("\n") == 1


def test_an_empty_second_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocketError, match="no second annotations"):
        agreement_script.agreement(GOLD, tmp_path)
