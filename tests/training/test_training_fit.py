"""Russian and Kyrgyz pipelines trained from blank on decisions over natasha's reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from docket.errors import DocketError
from docket.extract.recognise import recognise_many
from docket.extract.trained import TrainedModels
from docket.training.data import Example, TrainingSet
from docket.training.fit import ENTITIES_DIR, MIN_ENTITY_DECISIONS, train_language

PEOPLE = ("Азамат Кадыров", "Эльмира Усупова", "Бакыт Жумабаев", "Чолпон Асанова")
PLACES = ("Кара-Суу", "Жаңы-Кала", "Ак-Таш", "Көк-Суу")
SENTENCES = {
    "ru": "В понедельник {person} был задержан полицией в городе {place}. ",
    "ky": "Дүйшөмбү күнү {person} {place} шаарында милиция тарабынан кармалды. ",
}


def _examples(language: str, count: int) -> tuple[Example, ...]:
    found = []
    for number in range(count):
        person, place = PEOPLE[number % 4], PLACES[(number // 4 + number) % 4]
        text = SENTENCES[language].format(person=person, place=place)
        found.append(
            Example(
                text,
                (
                    (text.index(person), text.index(person) + len(person), "PERSON"),
                    (text.index(place), text.index(place) + len(place), "GPE"),
                ),
            )
        )
    return tuple(found)


@pytest.mark.parametrize("language", ["ru", "ky"])
def test_a_blank_pipeline_learns_the_decisions(language: str, tmp_path: Path) -> None:
    examples = _examples(language, 16)
    training = TrainingSet(language, examples, (), 32, 32, 0, 0, "public")

    trained = train_language(training, 15, tmp_path)

    assert trained.entities and trained.base_model == f"blank:{language}"
    assert trained.acts == ()  # no act decisions: acts stay as the rules find them
    models = TrainedModels({language: str(tmp_path / ENTITIES_DIR)})
    (recognition,) = recognise_many([(examples[0].text, language)], None, models)
    found = {(m.kind, m.text) for m in recognition.mentions}
    assert ("person", PEOPLE[0]) in found


def test_too_few_decisions_say_how_many_are_needed(tmp_path: Path) -> None:
    training = TrainingSet("ru", _examples("ru", 3), (), 6, 6, 0, 0, "public")
    with pytest.raises(DocketError, match=f"at least {MIN_ENTITY_DECISIONS} about names"):
        train_language(training, 2, tmp_path)
    assert list(tmp_path.iterdir()) == []
