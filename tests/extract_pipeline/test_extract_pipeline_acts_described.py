"""Acts told by describing what happened rather than named: care that came late or scant,
medicines not passed on, a cell told by what it lacks, injuries after an arrest, officers at a
relative's door, calls from unknown numbers, a relative dismissed, a family that learned from
neighbours where someone was held. Each family is shown found in English, Russian and Kyrgyz,
and beside it the near misses that share its words and tell no such act: an act only feared, an
official's version of an injury, an injury from a fall, a relative's own visit, things rather
than people."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.test_extract_pipeline_kinds import found

from docket.extract.document import extract_document

# (language, sentence, the act's code, the words its span holds): sentences written for the
# tests, none taken from the evaluation documents.
DESCRIBED = [
    # Care that came late or scant, medicines not passed on.
    (
        "en",
        "The prison nurse came only after the evening count.",
        "denial_of_medical_care",
        "nurse came",
    ),
    (
        "en",
        "Guards gave her only paracetamol for a swollen wrist.",
        "denial_of_medical_care",
        "gave her only paracetamol",
    ),
    (
        "en",
        "He was moved to the regional hospital only after his cellmates banged on the door.",
        "denial_of_medical_care",
        "moved to the regional hospital",
    ),
    (
        "en",
        "The inhaler his mother brought was never handed to him.",
        "denial_of_medical_care",
        "inhaler his mother brought was never handed",
    ),
    (
        "en",
        "No doctor has seen him since his arrest.",
        "denial_of_medical_care",
        "doctor has seen",
    ),
    (
        "en",
        "He was not taken to hospital despite chest pains.",
        "refusal_of_treatment",
        "taken to hospital",
    ),
    ("ru", "Врач приехал только через шесть часов.", "denial_of_medical_care", "Врач приехал"),
    ("ru", "Его ни разу не осмотрел врач.", "denial_of_medical_care", "осмотрел врач"),
    ("ky", "Ага дарыгер келген жок.", "denial_of_medical_care", "дарыгер келген"),
    (
        "ru",
        "В санчасти ей давали только анальгин.",
        "denial_of_medical_care",
        "давали только анальгин",
    ),
    (
        "ru",
        "Его перевели в больницу лишь после того, как он потерял сознание.",
        "denial_of_medical_care",
        "перевели в больницу",
    ),
    ("ru", "Передачу с лекарствами в колонии не приняли.", "denial_of_medical_care", "приняли"),
    (
        "ru",
        "Он три месяца не получает лечения от диабета.",
        "denial_of_medical_care",
        "получает лечения",
    ),
    (
        "ky",
        "Дарыгер үч сааттан кийин гана келди.",
        "denial_of_medical_care",
        "Дарыгер үч сааттан кийин гана келди",
    ),
    (
        "ky",
        "Ага ооруну басуучу таблетка гана беришти.",
        "denial_of_medical_care",
        "таблетка гана беришти",
    ),
    (
        "ky",
        "Аны ооруканага жеткиришкен жок.",
        "denial_of_medical_care",
        "ооруканага жеткиришкен",
    ),
    (
        "ky",
        "Апасы алып келген дары-дармектер ага берилген жок.",
        "denial_of_medical_care",
        "дармектер ага берилген",
    ),
    # A cell told by what it lacks, its size, its cold.
    (
        "en",
        "The basement cell had no window and one bunk for six men.",
        "inhumane_detention_conditions",
        "no window",
    ),
    (
        "en",
        "Detainees said the cells were freezing at night.",
        "inhumane_detention_conditions",
        "cells were freezing",
    ),
    (
        "ru",
        "В камере ИВС нет окна и вентиляции.",
        "inhumane_detention_conditions",
        "нет окна",
    ),
    (
        "ru",
        "Заключённые спят на голом полу.",
        "inhumane_detention_conditions",
        "спят на голом полу",
    ),
    (
        "ky",
        "Камерада терезе жок, жарык өчпөйт.",
        "inhumane_detention_conditions",
        "терезе",
    ),
    ("ky", "Камера абдан тар болчу.", "inhumane_detention_conditions", "Камера абдан тар"),
    # Injuries after an arrest.
    (
        "en",
        "Two of the protesters left the police station with bruises on their faces.",
        "beating",
        "bruises",
    ),
    (
        "en",
        "She was released with a broken nose after a night in custody.",
        "beating",
        "broken nose",
    ),
    ("ru", "После ночи в отделе у него были ссадины на лице.", "beating", "ссадины"),
    ("ru", "Из ИВС он вышел со сломанным ребром.", "beating", "сломанным ребром"),
    ("ky", "Бөлүмдөн чыкканда анын бетинде көгала тактар бар эле.", "beating", "көгала"),
    # Pressure on relatives told by what was done to them.
    (
        "en",
        "Plain-clothes officers visited his parents twice in one week.",
        "harassment_of_relatives",
        "visited his parents",
    ),
    (
        "ru",
        "К его отцу домой приходили сотрудники ГКНБ.",
        "harassment_of_relatives",
        "отцу домой приходили",
    ),
    (
        "ru",
        "Брату активиста звонили с неизвестных номеров.",
        "harassment_of_relatives",
        "Брату активиста звонили",
    ),
    (
        "ru",
        "Матери журналиста предложили уволиться.",
        "harassment_of_relatives",
        "предложили уволиться",
    ),
    (
        "ky",
        "Анын ата-энесинин үйүнө милиционерлер келишти.",
        "harassment_of_relatives",
        "милиционерлер келишти",
    ),
    # Calls from unknown numbers, narrowed by whom they are made to.
    (
        "en",
        "The journalist keeps getting calls from unknown numbers.",
        "harassment_of_journalists",
        "calls from unknown",
    ),
    (
        "ky",
        "Ага белгисиз номерлерден чалышып жатат.",
        "threats_and_intimidation",
        "номерлерден чалышып",
    ),
    # A relative dismissed from work.
    (
        "en",
        "A month later his sister was dismissed from her post at the district hospital.",
        "dismissal_of_relatives",
        "dismissed from",
    ),
    ("ru", "Через неделю его жену уволили из школы.", "dismissal_of_relatives", "уволили"),
    (
        "ky",
        "Журналисттин жубайы ишинен бошотулду.",
        "dismissal_of_relatives",
        "ишинен бошотулду",
    ),
    # Homes emptied, families in the street.
    (
        "en",
        "Bailiffs threw the families' belongings into the yard before the demolition.",
        "forced_eviction",
        "threw the families' belongings",
    ),
    (
        "en",
        "After the bulldozers left, six families spent the night in the open.",
        "forced_eviction",
        "spent the night in the open",
    ),
    ("ru", "Приставы вынесли мебель во двор.", "forced_eviction", "вынесли мебель"),
    (
        "ru",
        "После сноса дома семья осталась на улице.",
        "forced_eviction",
        "осталась на улице",
    ),
    (
        "ky",
        "Үй бузулгандан кийин тургундар көчөдө калышты.",
        "forced_eviction",
        "көчөдө калышты",
    ),
    # Taken from home by officers, kept for hours.
    (
        "en",
        "Masked officers took the blogger from his home before dawn.",
        "detention_of_journalist",
        "took the blogger from his home",
    ),
    (
        "ru",
        "Сотрудники ГКНБ забрали активиста прямо из дома.",
        "arbitrary_arrest",
        "забрали активиста прямо из дома",
    ),
    ("ru", "В отделе пенсионера продержали до утра.", "administrative_detention", "продержали"),
    (
        "ky",
        "Милиция кызматкерлери аны үйүнөн алып кетишти.",
        "arbitrary_arrest",
        "үйүнөн алып",
    ),
    # People questioned, filmed, pushed off a square.
    (
        "en",
        "Four students were questioned about the leaflets.",
        "summons_for_questioning",
        "students were questioned",
    ),
    ("ru", "Активиста допрашивали шесть часов.", "summons_for_questioning", "допрашивали"),
    (
        "en",
        "Plain-clothes police were photographing residents at the gate.",
        "unlawful_surveillance",
        "photographing residents",
    ),
    (
        "ru",
        "Сотрудники милиции переписывали участников собрания.",
        "unlawful_surveillance",
        "переписывали участников",
    ),
    (
        "en",
        "Riot police pushed the crowd off the square.",
        "dispersal_of_assembly",
        "pushed the crowd",
    ),
    (
        "ru",
        "Полицейские оттеснили участников акции с площади.",
        "dispersal_of_assembly",
        "оттеснили участников",
    ),
    (
        "en",
        "The prisoner was found dead in his cell on Monday.",
        "death_in_custody",
        "found dead",
    ),
    # The family learned from others where someone was held.
    (
        "en",
        "His wife learned from neighbours that he had been detained.",
        "incommunicado_detention",
        "learned from neighbours",
    ),
    (
        "ru",
        "О задержании сына мать узнала случайно из новостей.",
        "incommunicado_detention",
        "узнала случайно",
    ),
]


@pytest.mark.parametrize(("language", "text", "code", "words"), DESCRIBED)
def test_an_act_told_by_what_happened_is_found(
    language: str, text: str, code: str, words: str
) -> None:
    assert (code, words) in found(text, language)[0]


# (language, sentence, code): the words of a description above where they tell no such act.
NEAR_MISSES = [
    # Only feared.
    ("en", "Her family fears he was tortured.", "torture"),
    ("ru", "Родные опасаются, что его пытают в СИЗО.", "torture"),
    ("ky", "Апасы уулун сабап жатышат деп чочулайт.", "beating"),
    # An official's version of the injury, an injury from a fall or an accident.
    ("en", "Police said the bruises came from a fall in the street.", "beating"),
    (
        "ru",
        "Следователь утверждает, что синяки он получил, оказывая сопротивление при задержании.",
        "beating",
    ),
    ("en", "He slipped on the ice and was taken to hospital with a broken arm.", "beating"),
    ("ky", "Ал жол кырсыгынан жаракат алды.", "beating"),
    # Care that came in time, or no care at issue.
    ("en", "The doctor came and treated him at once.", "denial_of_medical_care"),
    ("en", "Only the prison doctor came to the hearing.", "denial_of_medical_care"),
    ("ru", "Только врач пришёл на заседание суда.", "denial_of_medical_care"),
    ("ru", "Жалобу адвоката в прокуратуре не приняли.", "denial_of_medical_care"),
    # A relative's own visit or a notice to the family, not pressure on it.
    ("en", "His mother visited him in the colony on Sunday.", "harassment_of_relatives"),
    ("en", "Police called his wife to inform her of the arrest.", "harassment_of_relatives"),
    ("ru", "Мать приходила к нему на свидание в колонию.", "harassment_of_relatives"),
    ("en", "The court dismissed his brother's appeal.", "dismissal_of_relatives"),
    # Things and places, not a cell.
    ("ru", "В новом офисе нет окон.", "inhumane_detention_conditions"),
    ("en", "The meeting room has no window.", "inhumane_detention_conditions"),
    # Questions about things, officers' cameras pointed at nothing, a body found outside custody.
    ("en", "Lawyers questioned the legality of the search.", "summons_for_questioning"),
    ("ru", "Суд допросил свидетелей обвинения.", "summons_for_questioning"),
    ("en", "A journalist was photographing residents at the gate.", "unlawful_surveillance"),
    ("en", "A shepherd found a dead sheep near the river.", "death_in_custody"),
    ("en", "He took the photos from his home computer.", "arbitrary_detention"),
    # Pressure told by the families themselves.
    ("en", "Families described pressure after they complained.", "harassment_of_relatives"),
]


@pytest.mark.parametrize(("language", "text", "code"), NEAR_MISSES)
def test_the_words_of_a_description_that_tell_no_act_are_no_act(
    language: str, text: str, code: str
) -> None:
    assert code not in [found_code for found_code, _ in found(text, language)[0]]


def test_a_fear_in_a_clause_of_its_own_leaves_the_act_told() -> None:
    assert ("beating", "beat them") in found(
        "Residents, afraid of reprisals, said police beat them.", "en"
    )[0]
    assert "torture" not in [
        code for code, _ in found("Мать боится, что его пытают в изоляторе.", "ru")[0]
    ]


def test_an_injury_without_custody_in_its_sentence_is_an_act_only_after_an_arrest() -> None:
    injury = "Утром у него на спине были синяки."
    assert ("beating", "синяки") in found(f"Активиста задержали 3 мая. {injury}", "ru")[0]
    assert "beating" not in [code for code, _ in found(injury, "ru")[0]]
    assert "beating" not in [
        code for code, _ in found(f"{injury} Активиста задержали 3 мая.", "ru")[0]
    ]
    # Wounds at a rally after a detention told are no beating in custody.
    rally = "Милиция 12 кишини кармады. Митингде 30 адам жаракат алды."
    assert "beating" not in [code for code, _ in found(rally, "ky")[0]]


def test_a_detention_told_again_by_its_details_is_no_second_act() -> None:
    told = "Police detained the blogger on Friday. Officers took him from his flat at dawn."
    assert [code for code, _ in found(told, "en")[0]] == ["detention_of_journalist"]
    alone = "Officers took the blogger from his flat at dawn."
    assert [code for code, _ in found(alone, "en")[0]] == ["detention_of_journalist"]


def test_calls_after_officers_came_to_a_relative_are_pressure_on_the_family() -> None:
    text = (
        "Кечээ активисттин апасынын үйүнө милиционерлер келишти. "
        "Андан бери ага белгисиз номерлерден чалышат."
    )
    assert [code for code, _ in found(text, "ky")[0]] == [
        "harassment_of_relatives",
        "harassment_of_relatives",
    ]
    # In a paragraph of its own the calls are a threat of no narrower kind.
    apart = text.replace(". ", ".\n\n")
    assert [code for code, _ in found(apart, "ky")[0]] == [
        "harassment_of_relatives",
        "threats_and_intimidation",
    ]


def test_a_heading_is_the_act_its_body_tells_in_a_narrower_kind() -> None:
    text = "Давление на родственников активиста\n\nСотрудники ГКНБ угрожали его брату."
    assert [code for code, _ in found(text, "ru")[0]] == ["harassment_of_relatives"]


def test_care_withheld_beside_a_refused_treatment_in_one_sentence_is_that_refusal() -> None:
    text = "Ему отказали в операции, а врач давал ему только таблетки."
    assert [code for code, _ in found(text, "ru")[0]] == ["refusal_of_treatment"]


def test_care_withheld_from_a_prisoner_is_never_his_lawyers() -> None:
    text = (
        "Осуждённый Талант Мамбетов две недели жалуется на боли в сердце. На прошлой неделе "
        "адвокат Тимур Осмонов подал жалобу в районный суд. Мать рассказала, что в санчасти "
        "ему дают только обезболивающие."
    )
    acts = extract_document(text, item_id=None, language="ru", document_date=None, gazetteer=None)[
        "acts"
    ]
    care = [act for act in acts if act["type"] == "denial_of_medical_care"]
    assert len(care) == 1
    assert care[0]["victim"] is None or care[0]["victim"]["name"] != "Тимур Осмонов"
