"""Russian and Kyrgyz pipelines trained from blank on decisions over natasha's reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from docket.errors import DocketError
from docket.extract.recognise import recognise_many
from docket.extract.trained import PARTY_ROLES, TrainedModels, classify_parties
from docket.training.data import Example, TrainingSet
from docket.training.fit import (
    ENTITIES_DIR,
    MIN_ENTITY_DECISIONS,
    MIN_PARTY_DECISIONS,
    PARTIES_DIR,
    train_language,
)

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


def test_too_few_party_decisions_leave_parties_to_the_rules(tmp_path: Path) -> None:
    text = SENTENCES["ru"].format(person=PEOPLE[0], place=PLACES[0])
    start = text.index("полицией")
    detained = Example(text, acts=(("arbitrary_detention", True),))
    by_police = Example(text, parties=((start, start + 8, "perpetrator", True),))
    examples = (*[detained] * MIN_PARTY_DECISIONS, by_police)
    training = TrainingSet("ru", examples, (), 11, 0, 10, 0, "public", party_decisions=1)

    trained = train_language(training, 2, tmp_path)

    assert trained.acts == ("arbitrary_detention",)
    assert trained.parties == ()
    assert f"parties: 1 decisions, {MIN_PARTY_DECISIONS} needed" in trained.notes[-1]
    assert not (tmp_path / PARTIES_DIR).exists()


def test_the_party_classifier_drops_the_roles_it_learned_were_wrong(tmp_path: Path) -> None:
    text = "Adilet appealed to the Ombudsman."
    author, addressee = (0, 6), (23, 32)
    examples = tuple(
        Example(text, parties=((*author, "by", True), (*addressee, "by", False)))
        for _ in range(MIN_PARTY_DECISIONS)
    )
    training = TrainingSet("en", examples, (), 20, 0, 0, 0, "public", party_decisions=20)

    trained = train_language(training, 10, tmp_path)

    assert trained.parties == ("by",) and not trained.entities and trained.acts == ()
    folder = str(tmp_path / PARTIES_DIR)

    def party(span: tuple[int, int]) -> dict[str, object]:
        return {"name": text[span[0] : span[1]], "start": span[0], "end": span[1]}

    appeal = {"type": "appeal", "start": 7, "end": 15}
    (right, wrong, both) = classify_parties(
        folder,
        text,
        [0],
        [
            {**appeal, "by": party(author), "toward": party(addressee)},
            {**appeal, "by": party(addressee), "toward": party(author)},
            {**appeal, "by": [party(author), party(addressee)]},
        ],
        PARTY_ROLES["interventions"],
    )
    assert right["by"]["name"] == "Adilet" and right["by"]["model_score"] >= 0.5
    # A role reviewers never decided is left as the rules found it.
    assert right["toward"] == party(addressee)
    assert wrong["by"] is None and wrong["toward"] == party(author)
    assert [found["name"] for found in both["by"]] == ["Adilet"]


def test_a_role_only_ever_removed_is_not_taught(tmp_path: Path) -> None:
    # Reviewers removed every author they were shown and kept some victims: taught, the
    # classifier would drop every author it is ever shown.
    text = "Adilet appealed to the Ombudsman."
    author, addressee = (0, 6), (23, 32)
    examples = tuple(
        Example(text, parties=((*author, "by", False), (*addressee, "toward", index % 2 == 0)))
        for index in range(MIN_PARTY_DECISIONS)
    )
    training = TrainingSet("en", examples, (), 20, 0, 0, 0, "public", party_decisions=20)

    trained = train_language(training, 4, tmp_path)

    assert trained.parties == ("toward",)
    assert "parties: by never kept, so not learned" in trained.notes[-1]
