"""Report wordings of blows, things taken, pressure passed on to relatives and a site blocked.
Each text was written for the tests; beside each stand texts that must give no such act."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.proposed import extracted_acts


def _types(text: str, language: str) -> set[str]:
    return {act["type"] for act in extracted_acts(text, language)}


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("ru", "В отделе оперативник ударил её по лицу.", "beating"),
        ("ru", "Конвоир пнул задержанного в живот.", "beating"),
        ("ru", "Оперативник забрал у неё диктофон.", "confiscation"),
        ("ru", "У журналиста отобрали видеокамеру и флешку.", "confiscation"),
        ("en", "At the station officers took away her voice recorder.", "confiscation"),
        ("ru", "После этого давление перешло на его родных.", "harassment_of_relatives"),
        ("ky", "Андан кийин кысым анын жакындарына өттү.", "harassment_of_relatives"),
        ("en", "The website of Tash-Kol Today has been blocked since May.", "blocking_of_media"),
    ],
)
def test_the_wording_tells_the_act(language: str, text: str, kind: str) -> None:
    assert kind in _types(text, language)


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("ru", "Следователь ударил кулаком по столу.", "beating"),
        ("ru", "Его обвиняют в том, что он якобы ударил полицейского по лицу.", "beating"),
        ("ru", "Мать забрала сына из школы.", "confiscation"),
        ("ru", "Он давно не видел родных.", "harassment_of_relatives"),
        ("ky", "Ал жакындарынан кат алды.", "harassment_of_relatives"),
        (
            "en",
            "The website of the paper reported that police blocked the road to the village.",
            "blocking_of_media",
        ),
    ],
)
def test_a_look_alike_tells_no_act(language: str, text: str, kind: str) -> None:
    assert kind not in _types(text, language)
