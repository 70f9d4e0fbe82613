"""The act classifier's proposing half: acts in sentences the rules left without one."""

from __future__ import annotations

from pathlib import Path

from docket.extract.document import ExtractionInput, extract_documents
from docket.extract.trained import PROPOSED_SOURCE, PROPOSING_DIR, TrainedModels
from docket.training.data import Example, TrainingSet
from docket.training.fit import ACTS_DIR, MIN_PROPOSING, train_language

CAGED = "Officers threw {name} into the cage on Monday in Osh."
CALM = "The weather in Osh was warm on {name}'s birthday and the market was busy."
NAMES = ("Nurlan Asanov", "Aibek Osmonov", "Chinara Sadykova", "Bolot Temirov")


def _training(accepted: int) -> TrainingSet:
    caged = [
        Example(CAGED.format(name=NAMES[i % 4]), acts=(("arbitrary_detention", True),))
        for i in range(accepted)
    ]
    calm = [Example(CALM.format(name=name), acts=(("claim", False),)) for name in NAMES * 3]
    examples = (*caged, *calm)
    return TrainingSet("en", examples, (), len(examples), 0, len(examples), 0, "public")


def _acts(folder: Path, text: str, proposing: bool) -> list[dict[str, object]]:
    models = TrainedModels(acts={"en": str(folder / ACTS_DIR)}, proposing=proposing)
    (found,) = extract_documents([ExtractionInput(text, None, "en", None)], None, trained=models)
    acts: list[dict[str, object]] = found.document["acts"]
    return acts


def test_a_sentence_like_accepted_acts_is_proposed_with_its_participants(tmp_path: Path) -> None:
    trained = train_language(_training(MIN_PROPOSING * 2), 10, tmp_path)
    assert "arbitrary_detention" in trained.acts
    text = "Officers threw Kanat Beishenov into the cage on Monday in Osh."

    assert _acts(tmp_path, text, proposing=False) == []  # the rules find no act there
    (act,) = _acts(tmp_path, text, proposing=True)

    assert act["type"] == "arbitrary_detention" and act["source"] == PROPOSED_SOURCE
    assert text[act["start"] : act["end"]] == "threw"  # type: ignore[index]
    assert isinstance(act["model_score"], float) and act["model_score"] >= 0.5
    assert act["victim"]["name"] == "Kanat Beishenov"  # type: ignore[index]
    calm = CALM.format(name="Kanat Beishenov")
    assert _acts(tmp_path, calm, proposing=True) == []


def test_a_code_with_too_few_accepted_acts_is_not_proposed(tmp_path: Path) -> None:
    train_language(_training(MIN_PROPOSING - 1), 10, tmp_path)
    text = "Officers threw Kanat Beishenov into the cage on Monday in Osh."

    assert not (tmp_path / ACTS_DIR / PROPOSING_DIR).exists()
    assert _acts(tmp_path, text, proposing=True) == []
