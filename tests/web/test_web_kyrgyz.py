"""Kyrgyz is written with ң, ө and ү: every label has a Kyrgyz form, and none of the Kyrgyz
text carries the spellings that a Russian keyboard leaves behind (о for ө, у for ү, н for ң)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import pytest
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from docket.model.record_types import FieldSpec, load_record_types
from docket.model.taxonomy import load_taxonomy, taxonomy_names
from docket.web.i18n import LOCALES_DIR

# Known mistakes, each the start of a word as it is mistyped and the start it should have. Only
# stems that cannot begin a correct Kyrgyz word are listed ("уй" alone is "cow", so the house
# appears only in its compounds).
MISSPELLED_STEMS: dict[str, str] = {
    "окмот": "өкмөт",
    "өкмот": "өкмөт",
    "окмөт": "өкмөт",
    "кубо": "күбө",
    "кубө": "күбө",
    "күбо": "күбө",
    "уй-бул": "үй-бүл",
    "уй-бүл": "үй-бүл",
    "үй-бул": "үй-бүл",
    "жонундо": "жөнүндө",
    "жөнундө": "жөнүндө",
    "жонүндө": "жөнүндө",
    "жөнүндо": "жөнүндө",
    "маалумат": "маалымат",
    "малымат": "маалымат",
    "озгорт": "өзгөрт",
    "өзгорт": "өзгөрт",
    "озгөрт": "өзгөрт",
    "корсот": "көрсөт",
    "көрсот": "көрсөт",
    "корсөт": "көрсөт",
    "олтур": "өлтүр",
    "өлтур": "өлтүр",
    "олтүр": "өлтүр",
    "олко": "өлкө",
    "өлко": "өлкө",
    "тергоо": "тергөө",
    "тергөо": "тергөө",
    "текшеруу": "текшерүү",
    "текшерүу": "текшерүү",
    "жуктоо": "жүктөө",
    "жүктоо": "жүктөө",
    "издоо": "издөө",
    "кируу": "кирүү",
    "кирүу": "кирүү",
    "сырсоз": "сырсөз",
    "кийлигишуу": "кийлигишүү",
    "моонот": "мөөнөт",
    "мөөнот": "мөөнөт",
    "бутун": "бүтүн",
    "муче": "мүчө",
    "мүче": "мүчө",
    "суроттомо": "сүрөттөмө",
    "курөө": "күрөө",
    "куроо": "күрөө",
    "денгээл": "деңгээл",
    "кендик": "кеңдик",
    "жанылан": "жаңылан",
    "жаныр": "жаңыр",
}
MISSPELLED_WORDS: dict[str, str] = {
    # Whole words only: as stems they would catch correct words (жанында, "beside").
    "жаны": "жаңы",
    "уй камагы": "үй камагы",
    "уй камагында": "үй камагында",
    "куч": "күч",
    "кучту": "күчтү",
}
# The polite "your" and "please" endings are -ңыз, -ңиз, -ңуз, -ңүз after a vowel, at the end of
# a word or before a case ending.
POLITE_WITH_N = re.compile(
    r"[аеиоуыэөүя]н(ыз|из|уз|үз)(ды|ди|ду|дү|га|ге|го|гө|да|де|до|дө|дан|ден|дон|дөн)?$"
)
PLACEHOLDERS = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")
# Letters of the Kyrgyz alphabet (Russian Cyrillic with ң, ө, ү); no Latin look-alikes.
KYRGYZ_LABEL = re.compile(r"[а-яёңөүА-ЯЁҢӨҮ0-9 «»\"'(),.:;/\-—]+")
LATIN = re.compile(r"[A-Za-z]")
CYRILLIC = re.compile(r"[а-яёңөүА-ЯЁҢӨҮ]")
# Letters of neighbouring alphabets that Kyrgyz does not use (Kazakh і ә ғ қ ұ һ, Uzbek ў).
FOREIGN_LETTERS = re.compile(r"[іІәӘғҒқҚұҰһҺўЎїЇєЄ]")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def spelling_mistakes(text: str) -> list[str]:
    """Each known misspelling in ``text``, as "wrong → right"."""
    found = []
    lowered = PLACEHOLDERS.sub(" ", text.lower())
    words = WORD.findall(lowered)
    for word in words:
        for wrong, right in MISSPELLED_STEMS.items():
            if word.startswith(wrong):
                found.append(f"{word} → {right}…")
        if FOREIGN_LETTERS.search(word):
            found.append(f"{word}: a letter Kyrgyz does not use")
        # "zip-файл" joins two words; a Latin letter inside one Cyrillic word is a look-alike.
        if any(LATIN.search(part) and CYRILLIC.search(part) for part in word.split("-")):
            found.append(f"{word}: Latin letters mixed into a Cyrillic word")
        if CYRILLIC.search(word) and POLITE_WITH_N.search(word):
            found.append(f"{word}: -ңыз is written with ң")
    for wrong, right in MISSPELLED_WORDS.items():
        if re.search(rf"(?<![^\W\d_]){re.escape(wrong)}(?![^\W\d_])", lowered):
            found.append(f"{wrong} → {right}")
    return found


def _catalog_texts() -> Iterator[tuple[str, str]]:
    with (LOCALES_DIR / "ky" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale="ky")
    for message in catalog:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            yield str(message.id if isinstance(message.id, str) else message.id[0]), str(form)


def _fields(fields: Mapping[str, FieldSpec], where: str) -> Iterator[tuple[str, FieldSpec]]:
    for name, spec in fields.items():
        yield f"{where}.{name}", spec
        yield from _fields(spec.parts, f"{where}.{name}")


def _record_type_labels() -> Iterator[tuple[str, dict[str, str]]]:
    for record_type in load_record_types():
        yield record_type.name, dict(record_type.labels)
        for where, spec in _fields(record_type.fields, record_type.name):
            yield where, dict(spec.labels)


def _taxonomy_labels() -> Iterator[tuple[str, dict[str, str]]]:
    for name in taxonomy_names():
        for term in load_taxonomy(name):
            yield f"{name}.{term.code}", dict(term.labels)


def test_every_record_type_field_and_term_has_a_kyrgyz_label() -> None:
    labelled = [*_record_type_labels(), *_taxonomy_labels()]
    # 11 types with 88 fields and parts, 9 taxonomies with 259 terms, as shipped.
    assert len(labelled) >= 358
    missing = [where for where, labels in labelled if not labels.get("ky", "").strip()]
    assert not missing, f"no ky label: {missing[:10]}"


def test_kyrgyz_labels_are_cyrillic_only() -> None:
    for where, labels in [*_record_type_labels(), *_taxonomy_labels()]:
        assert KYRGYZ_LABEL.fullmatch(labels["ky"]), f"{where}: ky label {labels['ky']!r}"


@pytest.mark.parametrize(
    "source", ["catalog", "record types", "taxonomies"], ids=lambda source: source
)
def test_no_kyrgyz_text_has_a_known_misspelling(source: str) -> None:
    texts = {
        "catalog": list(_catalog_texts()),
        "record types": [(w, labels["ky"]) for w, labels in _record_type_labels()],
        "taxonomies": [(w, labels["ky"]) for w, labels in _taxonomy_labels()],
    }[source]
    mistakes = [(where, spelling_mistakes(text)) for where, text in texts]
    assert not [found for found in mistakes if found[1]], source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Окмоттун чечими", ["окмоттун → өкмөт…"]),
        ("Кубонун көрсөтмөсү", ["кубонун → күбө…"]),
        ("Иш жонундо маалумат", ["жонундо → жөнүндө…", "маалумат → маалымат…"]),
        ("Уй-булө мүчөлөрү", ["уй-булө → үй-бүл…"]),
        ("Уй камагында", ["уй камагында → үй камагында"]),
        (
            "Сырсөзүнүздү жазыныз",
            ["сырсөзүнүздү: -ңыз is written with ң", "жазыныз: -ңыз is written with ң"],
        ),
        ("Кyбө", ["кyбө: Latin letters mixed into a Cyrillic word"]),
        ("Іс", ["іс: a letter Kyrgyz does not use"]),
        ("ZIP-архив, zip-файл, API токени", []),
        ("Кыргызстандагы күбөлөрдүн өкмөткө жазган каты жөнүндө маалымат", []),
        ("Жанындагы уй, жаңы үй-бүлө, күчтү сырсөзүңүз", []),
    ],
)
def test_the_known_misspellings_are_caught(text: str, expected: list[str]) -> None:
    assert spelling_mistakes(text) == expected


@given(st.text(alphabet="абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя -", max_size=40))
def test_the_spelling_check_reads_any_text(text: str) -> None:
    # Whatever it is given, it answers with a list of findings and never fails.
    assert isinstance(spelling_mistakes(text), list)


def test_labels_in_kyrgyz_fall_back_to_english_only_when_missing() -> None:
    types = load_record_types()
    act = types.get("act")
    assert act.label("ky") == "Аракет (укук бузуу)"
    assert act.field("victim").label("ky") == "Жабырлануучу"
    assert act.field("victim").label("uz") == "Victim"
    assert load_taxonomy("violation_types").label("torture", "ky") == "Кыйноо"
