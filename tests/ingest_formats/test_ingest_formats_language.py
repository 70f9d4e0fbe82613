from __future__ import annotations

import functools
import re
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_formats_samples import ENGLISH_PARAGRAPH, KYRGYZ_PARAGRAPH, RUSSIAN_PARAGRAPH

from docket.ingest.language import LIKELY_BONUS, LIKELY_LANGUAGES, SAMPLE_CHARS, detect_language

KYRGYZ = [
    KYRGYZ_PARAGRAPH,
    "Бишкекте жаңы мыйзам кабыл алынды.",
    "Ал ооруканадан түрмөгө кайтарылды.",
    "Эки операцияга уруксат берилген жок.",
    "Айылда 1700дөн ашык адамга каршы ок атуучу курал колдонулган.",
    "Президент анын үй-бүлөсү менен жолугуп, операциялардан баш тартты.",
    "Сүйлөшүүлөр уланууда",
]
RUSSIAN = [
    RUSSIAN_PARAGRAPH,
    "Его вернули из больницы в тюрьму.",
    "Президент встретился с семьёй и отказал в операциях.",
    "Депутат Жогорку Кеңеша заявил журналистам, что обвинения не доказаны.",
    "Заявление правозащитников",
    "Мы не знаем, что случилось",
]
ENGLISH = [
    ENGLISH_PARAGRAPH,
    "He was returned from hospital to prison.",
    "Release the detainees",
]
NEIGHBOURS = [
    ("uk", "Правозахисники повідомили про затримання журналістів."),
    ("kk", "Қазақстан Республикасының Парламенті заң жобасын қабылдады."),
    ("mn", "Улаанбаатар хотод цас орж байна, өнөөдөр хүйтэн байна."),
    ("bg", "Върховният съд потвърди присъдата."),
]


@pytest.mark.parametrize("text", KYRGYZ)
def test_kyrgyz(text: str) -> None:
    assert detect_language(text) == "ky"


@pytest.mark.parametrize("text", RUSSIAN)
def test_russian_even_when_it_names_kyrgyz_institutions(text: str) -> None:
    assert detect_language(text) == "ru"


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize(("language", "text"), NEIGHBOURS)
def test_neighbouring_languages_keep_their_own_label(language: str, text: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "   ", "12.08.2022", "ок", "№ 15/2022 — 3 стр."])
def test_too_little_text_gives_none(text: str) -> None:
    assert detect_language(text) is None


def test_long_text_is_sampled_not_read_whole() -> None:
    text = KYRGYZ_PARAGRAPH * 50 + ENGLISH_PARAGRAPH * 5000

    assert detect_language(text) == "ky"


@settings(max_examples=100)
@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    result = detect_language(text)
    assert result is None or result.isalpha()


# Texts of every language the archive works in, with capitals, digits, punctuation and mixed
# scripts, as they come in statements, reports and news.
CORPUS = [
    *KYRGYZ,
    *RUSSIAN,
    *ENGLISH,
    *(text for _, text in NEIGHBOURS),
    ENGLISH_PARAGRAPH * 3 + RUSSIAN_PARAGRAPH,
    KYRGYZ_PARAGRAPH + " " + ENGLISH_PARAGRAPH,
    "ЗАЯВЛЕНИЕ ПРАВОЗАЩИТНИКОВ О ЗАДЕРЖАНИИ ЖУРНАЛИСТОВ",
    "STATEMENT ON THE DETENTION OF JOURNALISTS IN BISHKEK",
    "Atambayev (Атамбаев) was returned to prison on 12.08.2022; 1,700 villagers were attacked.",
    KYRGYZ_PARAGRAPH * 50 + ENGLISH_PARAGRAPH * 5000,
    # Just below and at the fewest letters worth a guess.
    "Ok 1 2 3 nine words",
    "Ok 1 2 3 nine words!a",
]


@functools.cache
def _library() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def _identified_by_the_library(text: str) -> str | None:
    """Identification as py3langid's own ``rank`` gives it, with the archive's rules."""
    sample = text[:SAMPLE_CHARS]
    if len(re.findall(r"[^\W\d_]", sample)) < 12:
        return None
    scores = {str(code): float(score) for code, score in _library().rank(sample)}
    for code in LIKELY_LANGUAGES:
        if code in scores:
            scores[code] += LIKELY_BONUS
    return max(scores, key=lambda code: scores[code])


@pytest.mark.parametrize("text", CORPUS)
def test_language_of_the_corpus_is_what_the_library_identifies(text: str) -> None:
    assert detect_language(text) == _identified_by_the_library(text)


@settings(max_examples=200)
@given(st.text(max_size=400))
def test_language_of_any_text_is_what_the_library_identifies(text: str) -> None:
    assert detect_language(text) == _identified_by_the_library(text)


@pytest.mark.parametrize("text", CORPUS[:-2])
def test_scores_are_the_librarys_to_the_bit(text: str) -> None:
    from docket.ingest.language import _model

    sample = text[:SAMPLE_CHARS]
    assert np.array_equal(_model().scores(sample), _library()._decide(sample))


@settings(max_examples=100)
@given(st.binary(max_size=300))
def test_scores_of_any_bytes_are_the_librarys(data: bytes) -> None:
    from docket.ingest.language import _model

    text = data.decode("latin-1")
    assert np.array_equal(_model().scores(text), _library()._decide(text))


@settings(max_examples=200)
@given(st.lists(st.integers(0, 100_052), min_size=1, max_size=500))
def test_features_are_summed_in_the_order_they_first_appear(features: list[int]) -> None:
    from docket.ingest.language import _first_seen

    found = _first_seen(np.array(features, dtype=np.intp))
    assert found.tolist() == list(dict.fromkeys(features))
