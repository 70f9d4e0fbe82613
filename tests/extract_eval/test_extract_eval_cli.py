"""``docket eval extract`` runs the pipeline over a gold folder and reports figures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from docket.cli.app import app

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold"


def test_eval_extract_reports_figures_per_kind_split_and_language(tmp_path: Path) -> None:
    folder = tmp_path / "gold"
    folder.mkdir()
    for path in sorted(GOLD.glob("*.json"))[:3]:
        shutil.copy(path, folder)
        shutil.copy(path.with_suffix(".txt"), folder)
    result = CliRunner().invoke(app, ["eval", "extract", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    for kind in ("persons", "organisations", "places", "dates", "counts", "acts", "grouping"):
        tally = figures["overall"][kind]
        assert 0.0 <= tally["precision"] <= 1.0
        assert 0.0 <= tally["f1"] <= 1.0
    assert figures["overall"]["dates"]["gold"] > 0
    assert figures["overall"]["dates"]["predicted"] > 0
    assert set(figures["by_split"]) <= {"tune", "holdout"}
    claims = figures["overall"]["claims"]
    assert claims["gold"] > 0 and claims["predicted"] > 0
    assert figures["overall"]["claimants"]["f1"] <= claims["f1"]


def test_eval_extract_refuses_a_broken_gold_file_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("Some text.", encoding="utf-8")
    (tmp_path / "doc.json").write_text('{"item": "doc", "entities": 5}', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "extract", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error:")
    assert result.stderr.count("\n") == 1
