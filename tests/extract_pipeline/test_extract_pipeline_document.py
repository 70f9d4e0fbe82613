from __future__ import annotations

import json
from datetime import date
from typing import Any

from docket.extract.document import extract_document, extract_document_with_notes
from docket.extract.gazetteer import Gazetteer
from docket.extract.lexicon import Lexicon
from docket.extract.mentions import Mention
from docket.extract.recognise import Recognition
from docket.model.taxonomy import load_taxonomy

TEXT = (
    "On 7 August police in Bishkek detained Almazbek Atambaev. "
    "His lawyers filed an appeal; it was rejected. "
    "About 1,700 villagers were shot dead in Kara-Suu on 3 March and Atambaev was killed."
)
GAZETTEER = Gazetteer.from_names([("person", "Almazbek Atambayev", "arch/5")])


def places(text: str, language: str | None, gazetteer: Gazetteer | None) -> Recognition:
    """A stand-in for the models: two places, a lone surname and the gazetteer's names."""
    found = [
        Mention("place", name, text.index(name), text.index(name) + len(name), "rules")
        for name in ("Bishkek", "Kara-Suu")
        if name in text
    ]
    surname = text.rfind(" Atambaev ")
    if surname >= 0:
        found.append(Mention("person", "Atambaev", surname + 1, surname + 9, "rules"))
    if gazetteer is not None:
        found.extend(gazetteer.mentions(text))
    return Recognition(found, language, [])


def extracted(text: str = TEXT, language: str | None = "en") -> dict[str, Any]:
    return extract_document(
        text,
        item_id=7,
        language=language,
        document_date=date(2020, 9, 1),
        gazetteer=GAZETTEER,
        recognise=places,
    )


def test_the_contract_has_exactly_its_keys_and_is_json() -> None:
    document = extracted()
    assert list(document) == [
        "item",
        "language",
        "document_date",
        "entities",
        "dates",
        "counts",
        "acts",
        "interventions",
        "claims",
    ]
    assert json.loads(json.dumps(document)) == document
    assert document["item"] == 7
    assert document["document_date"] == "2020-09-01"


def test_entities_are_grouped_and_linked_to_the_archive() -> None:
    document = extracted()
    entities = document["entities"]
    assert isinstance(entities, list)
    person = next(entity for entity in entities if entity["kind"] == "person")
    assert person["archive_id"] == "arch/5"
    assert [m["text"] for m in person["mentions"]] == ["Almazbek Atambaev", "Atambaev"]
    for entity in entities:
        for m in entity["mentions"]:
            assert TEXT[m["start"] : m["end"]] == m["text"]
    place = next(entity for entity in entities if entity["name"] == "Bishkek")
    assert place["archive_id"] is None


def test_dates_are_anchored_to_the_document_date() -> None:
    dates = extracted()["dates"]
    assert isinstance(dates, list)
    assert dates[0]["text"] == "On 7 August"
    # The year comes from the document date, and the value says so.
    assert dates[0]["value"] == {
        "start": "2020-08-07",
        "end": "2020-08-07",
        "precision": "day",
        "approximate": False,
        "year_inferred": True,
    }


def test_counts_carry_value_qualifier_and_unit() -> None:
    counts = extracted()["counts"]
    assert counts == [
        {
            "text": "About 1,700 villagers",
            "start": TEXT.index("About"),
            "end": TEXT.index("About") + len("About 1,700 villagers"),
            "value": 1700,
            "qualifier": "about",
            "unit": "persons",
            "noun": "villagers",
            "lemma": "villager",
            "high": None,
        }
    ]


def test_acts_take_date_and_place_only_when_their_sentence_has_one() -> None:
    acts = extracted()["acts"]
    assert isinstance(acts, list)
    # "Atambaev was killed" in the sentence of the shooting is a death by that force, and one
    # act of that kind with it.
    assert [act["type"] for act in acts] == [
        "arbitrary_arrest",
        "killing_by_excessive_force",
    ]
    detained = acts[0]
    assert TEXT[detained["start"] : detained["end"]] == "detained"
    assert (detained["date"]["text"], detained["place"]["name"]) == ("On 7 August", "Bishkek")
    assert detained["victim"]["name"] == "Almazbek Atambaev"
    shot = acts[1]
    assert TEXT[shot["start"] : shot["end"]] == "shot dead"
    assert shot["label"] == "Killing by excessive use of force"
    assert shot["place"]["name"] == "Kara-Suu"
    assert shot["date"]["text"] == "on 3 March"
    assert shot["victim"] is None
    assert shot["perpetrator"] is None


def test_interventions_carry_the_response_of_their_sentence() -> None:
    interventions = extracted()["interventions"]
    assert isinstance(interventions, list)
    appeal = interventions[0]
    assert appeal["type"] == "appeal"
    assert appeal["response"]["code"] == "refused"
    assert appeal["date"] is None


def test_russian_acts_are_found_in_russian() -> None:
    text = "Журналист был застрелен в Оше. Адвокаты подали жалобу."
    document = extracted(text, "ru")
    assert [act["type"] for act in document["acts"]] == ["killing_by_excessive_force"]


def test_an_unsupported_language_gives_the_contract_and_a_note() -> None:
    extraction = extract_document_with_notes(
        "Almazbek Atambaev a été arrêté.",
        item_id=None,
        language="fr",
        document_date=None,
        gazetteer=None,
    )
    assert extraction.document["entities"] == []
    assert extraction.document["acts"] == []
    assert extraction.document["language"] == "fr"
    assert extraction.notes
    assert "fr" in extraction.notes[0]


def test_lexicon_prefers_the_longest_phrase_and_ignores_case() -> None:
    lexicon = Lexicon(load_taxonomy("violation_types"), "en")
    found = lexicon.find("He DIED IN CUSTODY after he was killed.")
    assert [match.term.code for match in found] == ["death_in_custody", "killing"]


def test_hostile_text_is_handled_in_time_proportional_to_its_length() -> None:
    unit = "Bishkek Bishkek shot dead. On 7 August 7 people appealed. ))) \x00\ufffd "
    document = extracted(unit * 3000)
    assert len(document["acts"]) == 3000


def test_counts_of_things_carry_their_noun_and_ranges_their_top() -> None:
    text = (
        "The prosecution read out three articles. Between them, 20–30 protesters were held "
        "for 15 days."
    )
    counts = extracted(text)["counts"]
    assert [
        (found["text"], found["value"], found["high"], found["unit"], found["lemma"])
        for found in counts
    ] == [
        ("three articles", 3, None, None, "article"),
        ("20–30 protesters", 20, 30, "persons", "protester"),
    ]


def test_a_day_in_a_sentence_about_the_future_takes_the_year_nearest_the_document() -> None:
    text = "Следующее заседание назначено на 24 июля. Его задержали 20 июля."
    found = extract_document(
        text,
        item_id=None,
        language="ru",
        document_date=date(2024, 7, 12),
        gazetteer=None,
        recognise=places,
    )["dates"]
    assert [(d["text"], d["value"]["start"], d["value"]["year_inferred"]) for d in found] == [
        ("24 июля", "2024-07-24", True),
        ("20 июля", "2023-07-20", True),
    ]
