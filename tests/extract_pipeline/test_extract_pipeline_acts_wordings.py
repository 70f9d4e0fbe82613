"""Acts as news, NGO reports, testimonies, court summaries and appeals word them beyond the
first lexicons: passives and reflexives, nouns of the act, the places people are taken to and
the penalties courts hand down, in English, Russian and Kyrgyz. Each wording is shown found, and
beside it the near miss that holds the same words and states no such act."""

from __future__ import annotations

import pytest
from tests.extract_pipeline.test_extract_pipeline_kinds import found

# (language, sentence, the act's code, the words its span holds): sentences written for the
# tests in the genres of the set, none taken from its documents.
WORDINGS = [
    (
        "en",
        "The city announced a ban on protests in the centre.",
        "ban_on_assembly",
        "ban on protests",
    ),
    (
        "en",
        "The imam was imprisoned for three years in 2021.",
        "politically_motivated_prosecution",
        "was imprisoned",
    ),
    (
        "en",
        "Witnesses saw officers detaining two students near the market.",
        "arbitrary_arrest",
        "detaining",
    ),
    (
        "en",
        "He was beaten to death in the yard of the district police department.",
        "killing_by_excessive_force",
        "was beaten to death",
    ),
    (
        "ru",
        "Задержанного забили до смерти в отделе милиции.",
        "killing_by_excessive_force",
        "забили до смерти",
    ),
    ("ky", "Аны милиционерлер өлтүрүп салышты.", "killing", "өлтүрүп салышты"),
    (
        "en",
        "The blogger remains missing a week after he was seen with two men in uniform.",
        "enforced_disappearance",
        "remains missing",
    ),
    (
        "ru",
        "Активист бесследно исчез после вызова в ГКНБ.",
        "enforced_disappearance",
        "бесследно исчез",
    ),
    ("ky", "Активист үч жумадан бери из-дайынсыз.", "enforced_disappearance", "из-дайынсыз"),
    (
        "en",
        "Officers handcuffed the student outside the university.",
        "arbitrary_arrest",
        "handcuffed",
    ),
    (
        "en",
        "She was held at the police station for two days.",
        "arbitrary_detention",
        "held at the police station",
    ),
    (
        "ru",
        "Активисты были доставлены в Октябрьское РУВД.",
        "arbitrary_arrest",
        "доставлены в Октябрьское РУВД",
    ),
    (
        "ru",
        "Суд избрал ему меру пресечения в виде заключения под стражу.",
        "arbitrary_detention",
        "заключения под стражу",
    ),
    ("ky", "Аны милиция бөлүмүнө алып кетишти.", "arbitrary_arrest", "бөлүмүнө алып"),
    ("ky", "Ал ИИБге алып барылды.", "arbitrary_arrest", "ИИБге алып"),
    ("ky", "Жигит УКМКга жеткирилди.", "arbitrary_arrest", "УКМКга жеткирилди"),
    ("ky", "Активист камоого алынды.", "arbitrary_arrest", "камоого алынды"),
    (
        "en",
        "The opposition politician has been under house arrest since March.",
        "arbitrary_house_arrest",
        "under house arrest",
    ),
    (
        "ru",
        "Журналистка находится под домашним арестом с марта.",
        "arbitrary_house_arrest",
        "под домашним арестом",
    ),
    ("ky", "Активист бир айдан бери үй камагында.", "arbitrary_house_arrest", "үй камагында"),
    ("en", "Witnesses said officers roughed up the students.", "beating", "roughed up"),
    ("ru", "Он подвергся избиению в отделе.", "beating", "избиению"),
    ("ru", "Сотрудники нанесли ему удары по голове.", "beating", "нанесли ему удары"),
    ("ru", "На теле задержанного остались следы побоев.", "beating", "побоев"),
    ("ky", "Кармалгандарды уруп-согушту.", "beating", "уруп-согушту"),
    ("ky", "Аны милиционерлер муштушту.", "beating", "муштушту"),
    ("ru", "Задержанные подвергались пыткам.", "torture", "пыткам"),
    ("ru", "В изоляторе его истязали.", "torture", "истязали"),
    (
        "en",
        "Detainees said they were mistreated in the temporary holding facility.",
        "ill_treatment",
        "mistreated",
    ),
    ("ru", "Охранники издевались над заключенными.", "ill_treatment", "издевались"),
    ("ky", "Күзөтчүлөр туткундарды кордошкон.", "ill_treatment", "кордошкон"),
    ("ru", "Ему угрожали расправой.", "death_threat", "угрожали расправой"),
    ("ky", "Ага өлтүрөбүз деп коркутушту.", "death_threat", "өлтүрөбүз деп коркутушту"),
    (
        "en",
        "The investigator pressured her to withdraw the complaint.",
        "threats_and_intimidation",
        "pressured",
    ),
    ("ru", "На семью оказывали давление.", "harassment_of_relatives", "оказывали давление"),
    ("ky", "Ага кысым көрсөтүштү.", "threats_and_intimidation", "кысым көрсөтүштү"),
    ("ru", "Его шантажировали публикацией переписки.", "threats_and_intimidation", "шантажировали"),
    (
        "en",
        "Four defendants were found guilty of organising mass riots.",
        "politically_motivated_prosecution",
        "were found guilty",
    ),
    (
        "en",
        "He was given a seven-year prison term.",
        "politically_motivated_prosecution",
        "given a seven-year prison term",
    ),
    (
        "ru",
        "Его признали виновным по статье о массовых беспорядках.",
        "politically_motivated_prosecution",
        "признали виновным",
    ),
    (
        "ru",
        "Суд назначил ему наказание в виде семи лет лишения свободы.",
        "politically_motivated_prosecution",
        "назначил ему наказание",
    ),
    (
        "ky",
        "Сот аны күнөөлүү деп тапты.",
        "politically_motivated_prosecution",
        "күнөөлүү деп тапты",
    ),
    (
        "ru",
        "Ему предъявлено обвинение в хулиганстве.",
        "fabricated_charges",
        "предъявлено обвинение",
    ),
    ("ky", "Ага бейбаштык боюнча айыптоо тагылды.", "fabricated_charges", "айыптоо тагылды"),
    (
        "en",
        "The blogger was charged over a Facebook post criticising the mayor.",
        "prosecution_for_expression",
        "was charged",
    ),
    (
        "ru",
        "Блогера обвиняют в призывах к беспорядкам за публикацию в соцсетях.",
        "prosecution_for_expression",
        "обвиняют в",
    ),
    ("ky", "Блогер фейсбуктагы жазуусу үчүн айыпталды.", "prosecution_for_expression", "айыпталды"),
    (
        "en",
        "The two students were interrogated for six hours.",
        "summons_for_questioning",
        "were interrogated",
    ),
    ("ky", "Блогер түнү суракка алынды.", "summons_for_questioning", "суракка алынды"),
    (
        "en",
        "Forty families were forcibly evicted from the settlement.",
        "forced_eviction",
        "forcibly evicted",
    ),
    ("ru", "Она выселена из общежития.", "forced_eviction", "выселена"),
    (
        "en",
        "She said her phone had been wiretapped for months.",
        "unlawful_surveillance",
        "wiretapped",
    ),
    ("ru", "За активистом установили слежку.", "unlawful_surveillance", "установили слежку"),
    ("ky", "Журналистти аңдып жүрүшкөн.", "unlawful_surveillance", "аңдып"),
    (
        "en",
        "The editor was forced to flee the country in 2023.",
        "forced_exile",
        "forced to flee the country",
    ),
    (
        "ru",
        "Журналистка была вынуждена покинуть страну.",
        "forced_exile",
        "вынуждена покинуть страну",
    ),
    (
        "ky",
        "Журналист өлкөдөн кетүүгө мажбур болду.",
        "forced_exile",
        "өлкөдөн кетүүгө мажбур болду",
    ),
    (
        "en",
        "The refugee was deported to Tajikistan despite the risk of torture.",
        "deportation",
        "was deported",
    ),
    ("ru", "Блогер был выдворен из страны.", "deportation", "выдворен"),
    ("ky", "Блогер өлкөдөн чыгарылды.", "deportation", "өлкөдөн чыгарылды"),
    ("en", "She was sexually assaulted in the police station.", "rape", "sexually assaulted"),
    ("ru", "По её словам, её изнасиловал сотрудник.", "rape", "изнасиловал"),
    ("ky", "Кызды зордукташты.", "rape", "зордукташты"),
    ("en", "Officers took away his phone and laptop.", "confiscation", "took away his phone"),
    ("ru", "У журналиста отобрали телефон.", "confiscation", "отобрали телефон"),
    ("ky", "Анын телефонун тартып алынды.", "confiscation", "тартып алынды"),
    (
        "en",
        "The court extended his pre-trial detention by two months.",
        "prolonged_pretrial_detention",
        "extended his pre-trial detention",
    ),
    (
        "ru",
        "Суд продлил срок содержания под стражей до 1 сентября.",
        "prolonged_pretrial_detention",
        "продлил срок содержания",
    ),
    (
        "ky",
        "Сот анын камакта кармоо мөөнөтүн узартты.",
        "prolonged_pretrial_detention",
        "кармоо мөөнөтүн узартты",
    ),
    (
        "en",
        "The mayor's office banned the rally on Ala-Too Square.",
        "ban_on_assembly",
        "banned the rally",
    ),
    ("ru", "Мэрия запретила митинг на площади.", "ban_on_assembly", "запретила митинг"),
    ("ru", "Власти не согласовали митинг.", "ban_on_assembly", "согласовали митинг"),
    ("ky", "Мэрия митингге тыюу салды.", "ban_on_assembly", "митингге тыюу"),
    (
        "en",
        "Riot police cleared the square before dawn.",
        "dispersal_of_assembly",
        "cleared the square",
    ),
    (
        "en",
        "The inmates sleep in cramped cells without ventilation.",
        "inhumane_detention_conditions",
        "cramped cells without ventilation",
    ),
    (
        "ru",
        "Заключенные спят на полу в сырой камере.",
        "inhumane_detention_conditions",
        "спят на полу в сырой камере",
    ),
    (
        "ky",
        "Туткундар нымдуу камерада жерде уктап жатышат.",
        "inhumane_detention_conditions",
        "нымдуу камерада жерде уктап",
    ),
    (
        "en",
        "He was questioned without access to a lawyer.",
        "denial_of_legal_counsel",
        "without access to a lawyer",
    ),
    (
        "ru",
        "Допрос прошел без участия адвоката.",
        "denial_of_legal_counsel",
        "без участия адвоката",
    ),
    (
        "ky",
        "Адвокатты тергөөчүгө киргизишкен жок.",
        "denial_of_legal_counsel",
        "Адвокатты тергөөчүгө киргизишкен",
    ),
    (
        "ru",
        "Правозащитники отмечают, что суд рассматривал дело с обвинительным уклоном.",
        "biased_court",
        "обвинительным уклоном",
    ),
    (
        "ru",
        "Родственники уверены, что приговор был предрешен.",
        "unfair_trial",
        "приговор был предрешен",
    ),
    (
        "en",
        "He spent three weeks in the colony without medical care.",
        "denial_of_medical_care",
        "without medical care",
    ),
    (
        "ru",
        "Заключенный с инсультом остался без медицинской помощи.",
        "denial_of_medical_care",
        "без медицинской помощи",
    ),
    (
        "en",
        "Prosecutors refused to open a criminal case against the officers.",
        "failure_to_investigate",
        "refused to open",
    ),
    (
        "en",
        "The editor faces charges of inciting hatred.",
        "prosecution_of_journalist",
        "faces charges",
    ),
    (
        "ky",
        "Эки тургунга айып пул салынган.",
        "politically_motivated_prosecution",
        "айып пул салынган",
    ),
]


@pytest.mark.parametrize(("language", "text", "code", "words"), WORDINGS)
def test_a_common_wording_of_an_act_is_found(
    language: str, text: str, code: str, words: str
) -> None:
    assert (code, words) in found(text, language)[0]


# (language, sentence, code): the words of a wording above where they tell something else: a
# charge against the victim, a thing rather than a person, a request, a name of an office, an
# act only feared.
NEAR_MISSES = [
    ("en", "Protesters held banners at the protest outside parliament.", "ban_on_assembly"),
    ("ru", "Задержанного забрали в камеру.", "confiscation"),
    ("en", "Officers said the detainee was kept in the cell phone queue.", "arbitrary_detention"),
    ("en", "A press conference was held at the police department.", "arbitrary_detention"),
    ("en", "He took a phone call from his lawyer.", "confiscation"),
    ("en", "He was handed the prison's rules on arrival.", "politically_motivated_prosecution"),
    ("en", "The doctors monitored him overnight.", "unlawful_surveillance"),
    (
        "en",
        "Some 22 people are still imprisoned after the protests.",
        "politically_motivated_prosecution",
    ),
    ("en", "He faces a real risk of torture if returned.", "torture"),
    ("en", "The National Centre for the Prevention of Torture visited the colony.", "torture"),
    ("ru", "Ему предъявлено обвинение в том, что он якобы нанес удары сотруднику.", "beating"),
    ("ru", "Он обвиняется в избиении сотрудника полиции.", "beating"),
    ("ru", "Задержанного доставили в районную больницу.", "arbitrary_detention"),
    ("ru", "Он отказался от участия в акции.", "ban_on_assembly"),
    ("ru", "Из архива суда пропали документы.", "enforced_disappearance"),
    ("ru", "Он забрал документы из суда.", "confiscation"),
    ("ru", "Суд отказал в удовлетворении жалобы участников митинга.", "ban_on_assembly"),
    (
        "ru",
        "Национальный центр по предупреждению пыток и жестокого обращения провел мониторинг.",
        "torture",
    ),
    ("ru", "Им грозит выселение.", "forced_eviction"),
    ("ru", "Его не признали виновным.", "politically_motivated_prosecution"),
    ("ru", "Адвокат вынужден был покинуть зал суда.", "forced_exile"),
    ("ru", "Обвинение утверждает, что он ударил сотрудника полиции.", "beating"),
    ("ru", "Защита просила изменить меру пресечения на домашний арест.", "arbitrary_house_arrest"),
    ("ky", "Ал оорудан кыйналган.", "torture"),
    ("ky", "Акча уурдалды.", "abduction"),
    ("ky", "Иш боюнча 22 айыпталуучу бар.", "fabricated_charges"),
    ("ky", "Соттолгондорду колдогон митинг өттү.", "politically_motivated_prosecution"),
    ("ky", "ИИБден маалымат алып, кабарчы макала жазды.", "arbitrary_detention"),
    ("ky", "Адвокатты тергөөчүгө киргизишти.", "denial_of_legal_counsel"),
    ("ky", "Кыйноолордун алдын алуу боюнча улуттук борбор колонияны текшерди.", "torture"),
]


@pytest.mark.parametrize(("language", "text", "code"), NEAR_MISSES)
def test_the_words_of_a_wording_that_tell_something_else_are_no_such_act(
    language: str, text: str, code: str
) -> None:
    assert code not in [found_code for found_code, _ in found(text, language)[0]]
