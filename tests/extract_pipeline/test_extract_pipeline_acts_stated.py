"""Acts only where a text states that they happened: not where it denies them, supposes them,
asks about them, forbids them by law, names a body or campaign against them, calls for their end
or tells the authorities' word that they were lawful. Each sentence was written for the tests;
beside the near misses stand sentences that keep their act although a word of the same kind is
near it."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.test_extract_pipeline_kinds import found

# (language, sentence): no act.
NOT_STATED = [
    # Denied by someone: "denied that", "отрицают, что", "… четке какты".
    ("en", "A police spokesman denied that the blogger was beaten."),
    ("en", "Officials deny beating the protesters."),
    ("en", "The ministry denies that anyone was tortured in the colony."),
    ("ru", "В милиции отрицают, что задержанных избивали."),
    ("ru", "Прокуратура опровергла, что журналиста пытали."),
    ("ky", "Милиция журналисттин кармалганын четке какты."),
    ("ky", "Министрлик кыйноо фактысын четке кагышты."),
    ("ky", "Прокуратура кыйноо болбогонун билдирди."),
    ("ky", "Тергөөчү кыйноо болгонун танды."),
    # Denied with the report named: "rejected reports that", "опровергают информацию о".
    ("en", "Police refuted claims that detainees were beaten."),
    ("en", "The ministry rejected reports that the journalist was tortured."),
    ("ru", "В МВД опровергают информацию о пытках."),
    ("ru", "МВД назвало сообщения об избиении задержанных ложью."),
    # No one, in the subject: "no one had been detained".
    ("en", "The spokesman said that no one had been detained."),
    ("en", "Nobody at the rally was ever detained."),
    ("en", "There were no reports of torture."),
    # Denied after a noun: "пыток не было".
    ("ru", "В прокуратуре заявили, что пыток не было."),
    ("ru", "Фактов пыток не выявлено."),
    ("ru", "Информация о пытках не подтвердилась, сообщили в прокуратуре."),
    # Denied after the participle that carries it: "тинтүү жүргүзүлгөн эмес".
    ("ky", "Редакцияда тинтүү жүргүзүлгөн эмес."),
    ("ky", "Блогерге эч кандай кысым көрсөтүлгөн жок."),
    ("ky", "Кыйноо фактылары аныкталган жок."),
    # Only supposed: a condition, what may come.
    ("en", "If he is charged with inciting hatred, he faces prison."),
    ("en", "Activists fear nothing, but they may be detained at the next rally."),
    ("ky", "Ага жалган маалымат таратуу үчүн айып тагылышы мүмкүн."),
    ("ky", "Активисттер кайра кармалышы мүмкүн."),
    ("ky", "Адвокат анын камакка алынышы ыктымал экенин айтты."),
    ("ky", "Ага «жалган маалымат таратуу» беренеси боюнча айып тагылышы мүмкүн."),
    # What a law forbids or provides for.
    ("en", "Article 143 of the Criminal Code prohibits torture."),
    ("en", "The Constitution forbids cruel and degrading treatment."),
    ("ru", "Конституция запрещает пытки и жестокое обращение."),
    ("ky", "Мыйзам кыйноого тыюу салат."),
    ("ky", "Бул берене боюнча беш жылга чейин эркинен ажыратуу каралган."),
    # A body or campaign named against an act.
    ("en", "The Anti-Torture Initiative held a seminar in Naryn."),
    ("ky", "Кыйноого каршы коалиция отчет жарыялады."),
    ("ru", "Антипыточная коалиция провела семинар в Нарыне."),
    # A question.
    ("ky", "Эмне үчүн сындаган блогерлер кармалып жатат?"),
    ("en", "Why are journalists detained for their posts?"),
    # What a call asks to end, a slogan.
    ("en", "Kalkan called on the prosecutor to investigate the beating."),
    ("en", "Kalkan called for an inquiry into the torture of detainees."),
    ("ru", "Участники держали плакаты «Хватит давления на активистов!»."),
    ("ru", "Правозащитники призвали прекратить пытки в ИВС."),
    # A recommendation or a promise.
    ("en", "The government should end arbitrary detention."),
    ("en", "The prosecutor promised to look into the allegations of torture."),
    ("ru", "Прокурор пообещал проверить сообщения о пытках."),
    ("ky", "Прокурор кыйноо тууралуу арызды текшерүүгө убада берди."),
    # A state of affairs.
    ("en", "Torture remains widespread in places of detention, the report says."),
    ("ru", "Пытки по-прежнему широко распространены в местах лишения свободы."),
    # What a law punishes.
    ("en", "The Criminal Code punishes torture with up to ten years in prison."),
    ("ru", "Уголовный кодекс предусматривает за пытки до десяти лет лишения свободы."),
    ("ky", "Кылмыш-жаза кодекси кыйноо үчүн он жылга чейин эркинен ажыратууну карайт."),
    # A body named for what it works on.
    ("ky", "БУУнун ээнбаштык менен кармоо боюнча жумушчу тобу арызды алды."),
    ("en", "The Special Rapporteur on Torture visited Naryn."),
    # Feared.
    ("ky", "Ал кармалып калам деп корккон."),
    # The authorities' word that an act told before was lawful.
    ("ru", "Заместитель начальника заявил, что пикет был разогнан законно."),
    ("ru", "МВД заявило, что активистка задержана «в соответствии с законом»."),
    ("ky", "Ички иштер министрлиги активист мыйзамдуу кармалганын билдирди."),
    ("en", "The ministry said the blogger had been lawfully detained."),
    ("ky", "Прокуратура кармоо мыйзам чегинде болгонун билдирди."),
]


@pytest.mark.parametrize(("language", "text"), NOT_STATED)
def test_an_act_not_stated_as_having_happened_is_no_act(language: str, text: str) -> None:
    assert found(text, language)[0] == []


# (language, sentence, the act's code, the words its span holds): stated, beside the words of a
# near miss.
STATED = [
    (
        "en",
        "The spokesman denied the charges, but officers beat him in the yard.",
        "beating",
        "beat him",
    ),
    (
        "en",
        "Nobody told his family where he was; he was beaten during questioning.",
        "beating",
        "was beaten",
    ),
    (
        "en",
        "If anything, police beat the protesters harder after the speech.",
        "beating",
        "beat",
    ),
    (
        "en",
        "He came home with bruises and said officers had beaten him.",
        "beating",
        "beaten",
    ),
    ("ru", "Его избили в отделе, хотя в милиции это отрицают.", "beating", "избили"),
    (
        "ru",
        "Активистов незаконно задержали у здания суда.",
        "arbitrary_arrest",
        "незаконно задержали",
    ),
    (
        "ky",
        "Милиция блогерди кармады, бирок бул фактыны четке какты.",
        "detention_of_journalist",
        "кармады",
    ),
    (
        "ky",
        "Тергөөчү адвокат чакырууга уруксат берген жок.",
        "denial_of_legal_counsel",
        "адвокат чакырууга уруксат берген",
    ),
    (
        "ru",
        "Полиция разогнала пикет против задержания журналистов.",
        "dispersal_of_assembly",
        "разогнала",
    ),
    (
        "en",
        "Police dispersed a picket against the law and detained two activists.",
        "detention_of_protesters",
        "detained",
    ),
]


@pytest.mark.parametrize(("language", "text", "code", "words"), STATED)
def test_an_act_stated_beside_a_near_miss_is_found(
    language: str, text: str, code: str, words: str
) -> None:
    assert (code, words) in found(text, language)[0]


# (language, text, the acts found): a place of custody someone is taken to after a detention, and
# an act named by a noun that points back at it, tell the act told before; a new kind of victim
# is a new act, and so is the holding told after the taking ("Два дня его держали в ИВС").
TOLD_AGAIN = [
    (
        "ru",
        "Сотрудники милиции задержали активиста у здания суда. Его доставили в ИВС городского ОВД.",
        [("arbitrary_arrest", "задержали")],
    ),
    (
        "ru",
        "Журналиста задержали 3 мая. Два дня его держали в ИВС.",
        [("detention_of_journalist", "задержали"), ("arbitrary_detention", "держали в ИВС")],
    ),
    (
        "ky",
        "Милиция аны көчөдөн кармады. Аны райондук ички иштер бөлүмүнө алып барышты.",
        [("arbitrary_arrest", "кармады")],
    ),
    (
        "en",
        "Police detained the activist on Monday. He was taken to the police station and held in "
        "a cell.",
        [("arbitrary_arrest", "detained"), ("arbitrary_detention", "held in a cell")],
    ),
    (
        "en",
        "Police beat the activist in the yard. His lawyer filed a complaint over the beating.",
        [("beating", "beat")],
    ),
    ("ru", "Активиста избили в отделе. После избиения его отпустили.", [("beating", "избили")]),
    # A clause of time timed by the act told before.
    (
        "en",
        "Police detained the activist on Monday. After he was detained, his flat was searched.",
        [("arbitrary_arrest", "detained")],
    ),
    (
        "ru",
        "Активиста задержали в понедельник. После того как его задержали, его отпустили.",
        [("arbitrary_arrest", "задержали")],
    ),
    # Not told before: the noun is the act.
    ("en", "He spent a week in hospital after the beating.", [("beating", "beating")]),
    (
        "en",
        "After he was detained, police searched his flat.",
        [("arbitrary_arrest", "was detained")],
    ),
    # A new kind of victim.
    (
        "ru",
        "Журналиста задержали 3 мая, двоих участников пикета доставили в городской ГОВД.",
        [
            ("detention_of_journalist", "задержали"),
            ("detention_of_protesters", "доставили в городской ГОВД"),
        ],
    ),
]


@pytest.mark.parametrize(("language", "text", "acts"), TOLD_AGAIN)
def test_an_act_told_again_is_the_act_told_before(
    language: str, text: str, acts: list[tuple[str, str]]
) -> None:
    assert found(text, language)[0] == acts
