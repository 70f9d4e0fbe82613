"""``docket train``, ``docket models`` and ``docket eval extract`` on held-out decisions, driven
through the real command on both backends."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import Run
from tests.training.decisions import decide

from docket.archive import Archive
from docket.config import Settings


def _decided(run: Run, settings: Settings, folder: Path, items: int = 10) -> None:
    # Which items are held out follows from the archive's random id: with six items, four or
    # more were held out about once in sixty runs, leaving too few decisions to train on.
    run("init")
    archive = Archive.open(settings)
    try:
        decide(archive, folder, items=items, per_item=3)
    finally:
        archive.close()


def test_train_list_rollback_and_score(run: Run, settings: Settings, tmp_path: Path) -> None:
    _decided(run, settings, tmp_path / "files")

    trained = run("train", "--language", "en", "--iterations", "2")
    assert "model v1 (en) trained on" in trained.stdout
    assert "now in use" in trained.stdout
    assert "person" in trained.stdout and "→" in trained.stdout

    listed = run("models")
    assert "v1" in listed.stdout and "in use" in listed.stdout
    (version,) = json.loads(run("models", "--json").stdout)
    assert version["active"] is True
    assert version["manifest"]["language"] == "en"

    scored = json.loads(run("eval", "extract", "--json").stdout)
    assert scored["en"]["version"] == "v1"
    assert scored["en"]["after"] == version["manifest"]["scores"]["after"]
    assert "shipped → trained" in run("eval", "extract").stdout

    assert "shipped models again" in run("models", "rollback").stdout
    assert json.loads(run("eval", "extract", "--json").stdout)["en"]["after"] is None
    assert "in use" in run("models", "use", "v1").stdout
    run("verify")


def test_bad_input_is_one_line(run: Run, settings: Settings, tmp_path: Path) -> None:
    _decided(run, settings, tmp_path / "files", items=2)

    few = run("train", "--iterations", "1", code=2)
    assert "too few review decisions in 'en'" in few.stderr
    assert "at least 20" in few.stderr
    assert "no review decisions in 'ru'" in run("train", "--language", "ru", code=2).stderr
    assert "no model v9" in run("models", "use", "v9", code=2).stderr
    assert "no trained model is in use" in run("models", "rollback", code=2).stderr
    assert "no trained models" in run("models").stdout
    assert not (settings.home / "models" / "v1").exists()
