"""The words a report is written in, in each language a report can be made in.

A report leaves the archive as a document, so its wording travels with it rather than with the
web app's catalogs: the record types and taxonomy terms carry their own labels, and these are
the words around them.
"""

from __future__ import annotations

from typing import Final

from docket.errors import DocketError

LANGUAGES: Final = ("en", "ru", "ky")

_WORDS: Final[dict[str, dict[str, str]]] = {
    "case_report": {
        "en": "Case file",
        "ru": "Досье по делу",
        "ky": "Иш боюнча досье",
    },
    "incident_report": {"en": "Incident", "ru": "Инцидент", "ky": "Инцидент"},
    "period_report": {"en": "Period report", "ru": "Отчёт за период", "ky": "Мезгил боюнча отчёт"},
    "event": {"en": "The event", "ru": "Событие", "ky": "Окуя"},
    "incident_acts": {"en": "Acts", "ru": "Действия", "ky": "Аракеттер"},
    "victims": {"en": "Victims", "ru": "Пострадавшие", "ky": "Жабырлануучулар"},
    "perpetrators": {
        "en": "Perpetrators and their part",
        "ru": "Исполнители и их роль",
        "ky": "Аткаруучулар жана алардын ролу",
    },
    "places": {"en": "Places", "ru": "Места", "ky": "Жерлер"},
    "response": {
        "en": "Response of the authorities",
        "ru": "Реакция властей",
        "ky": "Бийликтин жообу",
    },
    "people_named": {"en": "People named", "ru": "Названо людей", "ky": "Аты аталган адамдар"},
    "groups_counted": {"en": "Groups", "ru": "Группы", "ky": "Топтор"},
    "size_unknown": {"en": "size unknown", "ru": "численность неизвестна", "ky": "саны белгисиз"},
    "counts": {
        "en": "Violations by month and place",
        "ru": "Нарушения по месяцам и местам",
        "ky": "Укук бузуулар айлар жана жерлер боюнча",
    },
    "notable": {"en": "Notable cases", "ru": "Важные дела", "ky": "Маанилүү иштер"},
    "violation": {"en": "Violation", "ru": "Нарушение", "ky": "Укук бузуу"},
    "month": {"en": "Month", "ru": "Месяц", "ky": "Ай"},
    "place": {"en": "Place", "ru": "Место", "ky": "Жер"},
    "acts_count": {"en": "Acts", "ru": "Действий", "ky": "Аракеттер"},
    "people": {"en": "People affected", "ru": "Пострадавших", "ky": "Жабыр тарткандар"},
    "unknown": {"en": "unknown", "ru": "неизвестно", "ky": "белгисиз"},
    # No linkage of identities stands behind the counts: say so wherever people are counted.
    "estimates": {
        "en": "Victims of the period's acts, documented and not: estimates",
        "ru": "Пострадавшие от нарушений периода, задокументированные и нет: оценки",
        "ky": "Мезгилдеги укук бузуулардан жабыр тарткандар, катталган жана катталбаган: баалоолор",
    },
    "method": {"en": "Method", "ru": "Метод", "ky": "Ыкма"},
    "estimate": {"en": "Estimate", "ru": "Оценка", "ky": "Баа"},
    "interval": {"en": "95% interval", "ru": "95% интервал", "ky": "95% интервал"},
    "no_upper_bound": {
        "en": "no upper bound",
        "ru": "без верхней границы",
        "ky": "жогорку чеги жок",
    },
    "documented_in": {
        "en": "People documented: {people}, by {lists} sources (the items citing the acts). "
        "Multiple systems estimation from how the sources overlap (docs/estimation.md); read "
        "the interval, not the point, and the warnings below.",
        "ru": "Задокументировано людей: {people}, источников: {lists} (материалы, на которые "
        "ссылаются нарушения). Оценка по пересечению источников (docs/estimation.md): читайте "
        "интервал, а не точку, и предупреждения ниже.",
        "ky": "Катталган адамдар: {people}, булактар: {lists} (укук бузууларга шилтеме берген "
        "материалдар). Булактардын кесилишинен баалоо (docs/estimation.md): чекитти эмес, "
        "интервалды жана төмөнкү эскертүүлөрдү окуңуз.",
    },
    "no_estimate": {
        "en": "No estimate: {reason}",
        "ru": "Оценки нет: {reason}",
        "ky": "Баа жок: {reason}",
    },
    "method_lcmcr": {
        "en": "Latent classes (LCMCR)",
        "ru": "Латентные классы (LCMCR)",
        "ky": "Жашыруун класстар (LCMCR)",
    },
    "method_loglinear": {
        "en": "Log-linear model",
        "ru": "Логлинейная модель",
        "ky": "Логлинейдик модель",
    },
    "method_bma": {
        "en": "Model averaging",
        "ru": "Усреднение моделей",
        "ky": "Моделдерди орточолоо",
    },
    "linked": {
        "en": "People affected counts people: records linked as one person (docket link) count "
        "once. {unreviewed} of the links behind these figures were made by the model and no "
        "reviewer has confirmed them.",
        "ru": "«Пострадавших» — это число людей: записи, связанные как один человек (docket "
        "link), учтены один раз. Связей, на которых основаны эти числа и которые установлены "
        "моделью без подтверждения проверяющего: {unreviewed}.",
        "ky": "«Жабыр тарткандар» — адамдардын саны: бир адам катары байланыштырылган жазуулар "
        "(docket link) бир жолу эсептелет. Бул сандардын артындагы, моделден чыккан жана "
        "текшерүүчү ырастабаган байланыштар: {unreviewed}.",
    },
    "not_linked": {
        "en": "People affected counts records, not people: not linked. A person named in "
        "several rows is counted in each, and only records merged by hand count as one person.",
        "ru": "«Пострадавших» — это число записей, а не людей: записи не связаны. Человек, "
        "названный в нескольких строках, учтён в каждой, и одним человеком считаются только "
        "записи, объединённые вручную.",
        "ky": "«Жабыр тарткандар» — адамдардын эмес, жазуулардын саны: жазуулар байланышкан "
        "эмес. Бир нече сапта аталган адам ар биринде эсептелет, жана кол менен бириктирилген "
        "жазуулар гана бир адам деп эсептелет.",
    },
    "period": {"en": "Period", "ru": "Период", "ky": "Мезгил"},
    "statement": {"en": "Statement", "ru": "Заявление", "ky": "Билдирүү"},
    "contents": {"en": "Contents", "ru": "Содержание", "ky": "Мазмуну"},
    "who": {"en": "Who", "ru": "О ком", "ky": "Ким жөнүндө"},
    "cases": {"en": "Cases", "ru": "Дела", "ky": "Иштер"},
    "statuses": {
        "en": "Status over time",
        "ru": "Ход дела",
        "ky": "Иштин жүрүшү",
    },
    "health": {"en": "Health", "ru": "Здоровье", "ky": "Ден соолук"},
    "requests": {
        "en": "Requests and responses",
        "ru": "Обращения и ответы",
        "ky": "Кайрылуулар жана жооптор",
    },
    "also_recorded": {
        "en": "Also recorded as",
        "ru": "Также записан как",
        "ky": "Ошондой эле катталган",
    },
    "link_not_reviewed": {
        "en": "(link not reviewed)",
        "ru": "(связь не проверена)",
        "ky": "(байланыш текшерилген эмес)",
    },
    "interventions": {"en": "Interventions", "ru": "Вмешательства", "ky": "Кийлигишүүлөр"},
    "acts": {
        "en": "Violations and responsibility",
        "ru": "Нарушения и ответственность",
        "ky": "Укук бузуулар жана жоопкерчилик",
    },
    "claims": {
        "en": "Claims by officials",
        "ru": "Заявления должностных лиц",
        "ky": "Кызмат адамдарынын билдирүүлөрү",
    },
    "sources": {"en": "Sources", "ru": "Источники", "ky": "Булактар"},
    "notes": {"en": "Notes", "ru": "Примечания", "ky": "Эскертүүлөр"},
    "seal": {
        "en": "Chain of custody",
        "ru": "Цепочка хранения",
        "ky": "Сактоо чынжыры",
    },
    "nothing": {
        "en": "Nothing is recorded here that this report may show.",
        "ru": "Здесь нет записей, которые этот отчёт может показать.",
        "ky": "Бул жерде бул отчёт көрсөтө ала турган жазуу жок.",
    },
    "unsourced": {
        "en": "no source cited",
        "ru": "источник не указан",
        "ky": "булак көрсөтүлгөн эмес",
    },
    "drifted": {
        "en": "the source's text has changed since this was cited",
        "ru": "текст источника изменился после цитирования",
        "ky": "цитаталангандан бери булактын тексти өзгөргөн",
    },
    "protected": {"en": "protected", "ru": "защищено", "ky": "корголгон"},
    "protected_notice": {
        "en": "This report shows protected fields, marked as such: do not pass it on.",
        "ru": "В отчёте показаны защищённые поля (отмечены): не передавайте его дальше.",
        "ky": "Бул отчётто корголгон талаалар көрсөтүлгөн (белгиленген): аны башкага бербеңиз.",
    },
    "responsible": {"en": "Responsible", "ru": "Ответственные", "ky": "Жооптуулар"},
    "source": {"en": "Source", "ru": "Источник", "ky": "Булак"},
    "published": {"en": "dated", "ru": "от", "ky": "датасы"},
    "item": {"en": "item", "ru": "материал", "ky": "материал"},
    "quoted_span": {"en": "characters", "ru": "символы", "ky": "белгилер"},
    "value_entry": {
        "en": "value entered custody at entry",
        "ru": "значение внесено в цепочку записью",
        "ky": "маани чынжырга жазуу менен киргизилген",
    },
    "source_entry": {
        "en": "source received at entry",
        "ru": "источник получен записью",
        "ky": "булак жазуу менен алынган",
    },
    "citations": {"en": "citations", "ru": "цитат", "ky": "цитата"},
    "made": {"en": "Made", "ru": "Составлен", "ky": "Түзүлгөн"},
    "by": {"en": "by", "ru": "пользователем", "ky": "колдонуучу"},
    "as_role": {"en": "as", "ru": "в роли", "ky": "ролунда"},
    "archive": {"en": "Archive", "ru": "Архив", "ky": "Архив"},
    "entries": {"en": "Entries", "ru": "Записей", "ky": "Жазуулар"},
    "head": {"en": "Head", "ru": "Вершина", "ky": "Башы"},
    "signed_at": {"en": "Signed at", "ru": "Подписано", "ky": "Кол коюлган"},
    "key": {"en": "Public key", "ru": "Открытый ключ", "ky": "Ачык ачкыч"},
    "signature": {"en": "Signature", "ru": "Подпись", "ky": "Кол тамга"},
    "page": {"en": "Page", "ru": "Страница", "ky": "Барак"},
    "of": {"en": "of", "ru": "из", "ky": "/"},
    "undated": {"en": "undated", "ru": "без даты", "ky": "датасыз"},
    "approximately": {"en": "about", "ru": "около", "ky": "болжол менен"},
    "reported_on": {"en": "reported on", "ru": "сообщено", "ky": "кабарланган"},
    "year_inferred": {
        "en": "year inferred",
        "ru": "год выведен",
        "ky": "жылы божомолдонгон",
    },
    "retracted": {"en": "retracted", "ru": "отозвано", "ky": "кайтарылып алынган"},
    "admin": {"en": "admin", "ru": "администратор", "ky": "администратор"},
    "editor": {"en": "editor", "ru": "редактор", "ky": "редактор"},
    "analyst": {"en": "analyst", "ru": "аналитик", "ky": "аналитик"},
    "viewer": {"en": "viewer", "ru": "наблюдатель", "ky": "көрүүчү"},
}


def check_language(language: str) -> str:
    """``language`` when a report can be written in it; one line naming the choices if not."""
    if language not in LANGUAGES:
        raise DocketError(f"report language {language[:20]!r} is not one of {', '.join(LANGUAGES)}")
    return language


# The codes that text fields with fixed choices store (record_types.yaml), as a report words them.
_CHOICES: Final[dict[str, dict[str, str]]] = {
    "female": {"en": "female", "ru": "женский", "ky": "аял"},
    "male": {"en": "male", "ru": "мужской", "ky": "эркек"},
    "other": {"en": "other", "ru": "другое", "ky": "башка"},
    "unknown": {"en": "unknown", "ru": "неизвестен", "ky": "белгисиз"},
    "country": {"en": "country", "ru": "страна", "ky": "өлкө"},
    "region": {"en": "region", "ru": "область", "ky": "облус"},
    "district": {"en": "district", "ru": "район", "ky": "район"},
    "city": {"en": "city", "ru": "город", "ky": "шаар"},
    "village": {"en": "village", "ru": "село", "ky": "айыл"},
    "facility": {"en": "facility", "ru": "учреждение", "ky": "мекеме"},
    "site": {"en": "site", "ru": "место", "ky": "жер"},
}


def word(key: str, language: str) -> str:
    return _WORDS[key][language]


def choice(code: str, language: str) -> str:
    """A stored choice in ``language``; a code of a team's own record types, as stored."""
    return _CHOICES.get(code, {}).get(language, code)


def words(language: str) -> dict[str, str]:
    """Every word of a report in ``language``, for the templates."""
    return {key: by_language[language] for key, by_language in _WORDS.items()}
