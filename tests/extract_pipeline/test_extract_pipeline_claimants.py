"""Who speaks: claimants described by their post or their kin; a pronoun names no one."""

from __future__ import annotations

from typing import Any

import pytest

from docket.extract.document import extract_document


def _claims(text: str, language: str) -> list[dict[str, Any]]:
    found = extract_document(
        text, item_id=None, language=language, document_date=None, gazetteer=None
    )
    claims: list[dict[str, Any]] = found["claims"]
    return claims


def _claimant_of(text: str, language: str, statement: str) -> str | None:
    (claim,) = [c for c in _claims(text, language) if statement in c["statement"]["text"]]
    claimant = claim["claimant"]
    if claimant is not None:
        assert text[claimant["start"] : claimant["end"]] == claimant["text"]
    return None if claimant is None else str(claimant["name"])


@pytest.mark.parametrize(
    ("language", "text", "statement", "claimant"),
    [
        # A post named with the institution it belongs to.
        (
            "en",
            "Prison spokesman Daniyar Usenov said that the inmate had been seen by a doctor.",
            "the inmate had been seen",
            "Daniyar Usenov",
        ),
        (
            "en",
            "Police spokeswoman Asel Temirbekova said 14 people had been detained overnight.",
            "14 people had been detained",
            "Asel Temirbekova",
        ),
        (
            "ru",
            "Заместитель акима района Марат Осмонов заявил, что дома были построены незаконно.",
            "дома были построены",
            "Марат Осмонов",
        ),
        (
            "ru",
            "Глава городской администрации Бакыт Жолдошев сообщил, что жители получат компенсацию.",
            "жители получат компенсацию",
            "Бакыт Жолдошев",
        ),
        # Kin, or a post held for someone named before, with a possessive.
        (
            "en",
            "Bolot Sydykov was taken from his flat at dawn, his wife Aigerim said.",
            "Bolot Sydykov was taken",
            "Aigerim",
        ),
        (
            "en",
            "Her brother Talant Asanov said that she had been beaten in custody.",
            "she had been beaten",
            "Talant Asanov",
        ),
        (
            "en",
            "His lawyer, Meerim Sadykova, told reporters that he had been denied food.",
            "he had been denied food",
            "Meerim Sadykova",
        ),
        (
            "ru",
            "Её сестра Айнура Бекова заявила, что задержанную избили в отделе.",
            "задержанную избили",
            "Айнура Бекова",
        ),
        (
            "ky",
            "Анын апасы Роза Бообекованын айтымында, 3-мартта үйгө эки кызматкер келген.",
            "үйгө эки кызматкер келген",
            "Роза Бообекова",
        ),
        # A title opening the apposition.
        (
            "en",
            "The director of the colony, Colonel Bakyt Usenov, told reporters that the prisoner "
            "was healthy.",
            "the prisoner was healthy",
            "Bakyt Usenov",
        ),
    ],
)
def test_a_described_speaker_is_the_claimant(
    language: str, text: str, statement: str, claimant: str
) -> None:
    assert _claimant_of(text, language, statement) == claimant


def test_a_described_source_after_the_cue_is_the_claimant() -> None:
    text = "По словам его жены Салтанат Жумабековой, ему не дают лекарства."
    (claim,) = _claims(text, "ru")
    assert claim["statement"]["text"] == "ему не дают лекарства"
    assert claim["claimant"]["text"] == "Салтанат Жумабековой"


@pytest.mark.parametrize(
    ("language", "text", "statement"),
    [
        # The name depends on the post: someone else speaks.
        ("en", "The lawyer of Ulan Atambaev said that the verdict was unlawful.", "the verdict"),
        ("ru", "Адвокат Атамбаева заявил, что приговор незаконен.", "приговор незаконен"),
        # A pronoun speaks: who it stands for is the reviewer's reading, not a proposal.
        ("en", "He said that the detainees were released the next morning.", "the detainees"),
        (
            "en",
            "Gulzat Ibraimova was released on Monday. She said that guards had beaten her.",
            "guards had beaten her",
        ),
        (
            "en",
            'Nurlan Asanov was freed after two days. "They kept me without water," he said.',
            "They kept me without water",
        ),
        (
            "ru",
            "Среди выселенных — Айгуль Таджибекова, вдова с тремя детьми. По ее словам, "
            "сотрудники милиции вынесли вещи из дома.",
            "сотрудники милиции вынесли вещи",
        ),
        (
            "ru",
            "Журналист Эрмек Токтогулов провёл в изоляторе три дня. "
            "«Меня не кормили», — сказал он.",
            "Меня не кормили",
        ),
    ],
)
def test_no_claimant_where_the_words_may_name_someone_else(
    language: str, text: str, statement: str
) -> None:
    assert _claimant_of(text, language, statement) is None


@pytest.mark.parametrize(
    ("language", "text", "statement", "claimant"),
    [
        (
            "en",
            "Aigerim Asanova fears that her husband is being beaten in custody.",
            "her husband is being beaten",
            "Aigerim Asanova",
        ),
        (
            "ru",
            "Его жена Айнура Бекова опасается, что его пытают в изоляторе.",
            "его пытают в изоляторе",
            "Айнура Бекова",
        ),
        (
            "ky",
            "Жубайы Айпери Токтобаева аны изолятордо кыйнап жатышат деп кооптонот.",
            "аны изолятордо кыйнап жатышат",
            "Айпери Токтобаева",
        ),
    ],
)
def test_a_fear_voiced_is_a_claim(language: str, text: str, statement: str, claimant: str) -> None:
    assert _claimant_of(text, language, statement) == claimant
