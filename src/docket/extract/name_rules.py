"""Corrections of the models' names that hold in every language the region's reports use.

The statistical models read a name from its few neighbouring words, and the region's names
mislead them in repeatable ways: a hyphenated place is cut at its hyphen (Tash | Bulung), a
surname after a title is typed as an organisation ("President of the country Sadyr Japarov"),
an office (the Ombudsman), a numbered colony or a media outlet (Kerege.info, Temirov Live) is
not seen as an organisation, a place keeps or loses the word that makes it one ("Kok-Suu
reservoir", "площади Победы"), and the name of a court case ("the Kok-Suu case", "по делу
Кок-Суу") is taken for the place it is named after. Each rule below fixes one of these, on the
mentions of one text, before names are grouped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from docket.extract.consistency import is_place_compound
from docket.extract.kyrgyz import (
    case_ending_length,
    names_a_body,
    place_ending_length,
    possessed,
)
from docket.extract.kyrgyz_places import declined_place_mentions
from docket.extract.mentions import Mention, MentionKind, merge_mentions
from docket.extract.non_names import is_common_word, without_common_words
from docket.extract.place_lines import (
    CONTEXT_SOURCE,
    RULES_SOURCE,
    dateline_places,
    headline_places,
    uncovered,
)
from docket.extract.roles import title_words

__all__ = ["RULES_SOURCE", "corrected_names"]


_LETTER = r"[^\W\d_]"
# A form of address written before a person's name is part of the mention as written
# ("Mr Atambaev", "Judge Almaz Kenzhebaev") but not of the name it writes, which groups with the
# person's other mentions; a position ("President") is a role, not a name.
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr|Judge|Pastor|Imam|Father|Rev)\.? $")
# The same written inside the model's span ("Ms Temirova", "H.E. Sadyr Japarov"), and a
# letter's salutation, which no name opens with ("Dear Mr President").
_LEADING_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr|Judge|Pastor|Imam|Father|Rev|H\.E)\.? ")
_SALUTATION = re.compile(r"(?:Dear|Hon\.?|Honourable|Excellency)\s+")
_SURNAME_FINALS = (
    "ov", "ova", "ev", "eva", "yev", "yeva", "uulu", "kyzy",
    "ов", "ова", "ев", "ева", "ёв", "ёва", "уулу", "кызы",
)  # fmt: skip
_ORGANIZATION_HEADS = frozenset(
    (
        "agency", "alliance", "association", "bureau", "centre", "center", "clinic",
        "coalition", "college", "commission", "committee", "council", "court", "department",
        "directorate", "foundation", "group", "hall", "hospital", "house", "initiative",
        "institute", "live", "media", "ministry", "movement", "network", "news", "office",
        "party", "press", "radio", "school", "service", "tv", "union", "university", "watch",
        "wire",
    )
)  # fmt: skip
# Words after a place name that belong to it (a reviewer would write "Ala-Mysh district").
# An airport or a bazaar after a town's name is named by both words, as a street is ("Jangy-Kala
# airport", "Жаңы-Кала аэропортунда", "Ош базарындагы").
_PLACE_TAILS = {
    "en": re.compile(
        r" (?:district|region|province|oblast|reservoir|square|street|river|lake"
        r"|micro-?district|gorge|valley|airport|bazaar)\b"
    ),
    # Not the attributive "райондук", "облустук": "Ала-Мыш райондук акимчилиги" is the
    # district's administration, an organisation.
    "ky": re.compile(r" (?:район(?!дук)|аянт|көчө|облус(?!тук)|аэропорту|базары)" + _LETTER + "*"),
}
_UNIT_ADJECTIVES = (" district ", " city ", " regional ")
# The capitalised kind's word closing a name the model took for a body ("Osh Bazaar", "Manas
# Airport", "Erkindik Boulevard", "Kara-Suu District"): a place where people trade, land or
# live, named after a town or not.
_PLACE_KIND_LAST = frozenset(
    ("airport", "bazaar", "market", "street", "avenue", "boulevard", "square", "lane",
     "district", "region", "province", "oblast")
)  # fmt: skip
# A name before the attributive of a district, a town, a region or a village ("Ала-Мыш
# райондук ...", "Жаңы-Кала шаардык соту") is part of a body's name, not a place of its own.
# So is a name before a village's government ("Ак-Терек айыл өкмөтүнүн башчысы").
_BODY_OF = {
    "ky": re.compile(r" (?:(?:райондук|шаардык|облустук|айылдык)(?!" + _LETTER + ")|айыл өкмөт)")
}
# A street after a name makes the name a street's ("Lenin street", "Ленин көчөсү"), whatever the
# model took the name for (a person, most often).
_STREET_TAILS = {
    "en": re.compile(r" (?:[Ss]treet|[Aa]venue|[Bb]oulevard|[Ll]ane|[Ss]quare)\b"),
    "ky": re.compile(r" (?:көчө|проспект|бульвар)" + _LETTER + "*"),
}
# A patronym of the region written after the given name and the father's (Махабат Таджибек
# кызы, Bakyt Asan uulu) closes the person's name.
_PATRONYM_AFTER = re.compile(r" (?:кызы|уулу|kyzy|uulu)\b")
_GENITIVES = ("дын", "дин", "дун", "дүн", "тын", "тин", "тун", "түн", "нын", "нин", "нун", "нүн")
# A preposition inside a span joins two names ("Jogorku Kenesh on Facebook"); "of", "for" and
# "the" belong inside an organisation's name.
_JOINED_BY = re.compile(r" (?:on|in|at|from|to|into|with) (?=[A-Z])")
# A Kyrgyz compound with the possessive ("Tash Sözü", "Таш Сөзү": the word of the stone) names
# an outlet or a body, never a person; a person's last name is a surname or uulu/kyzy.
_POSSESSIVE_FINAL = re.compile(
    r"[^\W\d_]*[öüөү][^\W\d_]*[bcdfghjklmnpqrstvwxzбвгджзклмнпрстфхцчшщ][uüуү]"
)
# Russian head nouns that close an organisation's name ("Ала-Мышский районный суд").
_RUSSIAN_HEADS = re.compile(
    r"(?:суд|прокуратур|министерств|комитет|служб|управлени|отдел|центр|фонд|партия|парти"
    r"|союз|альянс|ассоциаци|коалици|движени"
    # A hospital, a colony or an administration named after its town or district
    # ("Кара-Сууйскую районную больницу") is a body, as a court is.
    r"|больниц|госпитал|поликлиник|колони|акимиат|мэри|администраци)" + _LETTER + "*"
)
# An office before the region or district it serves, in the genitive ("Прокуратура Ошской
# области", "прокуратуру Иссык-Кульской области"): one body's name, not also a place. A town
# after an office ("мэрии Жангы-Калы") is written as the place the office is in, and so is a
# district after its administration ("Акимиат Ала-Мышского района").
_OFFICE_BEFORE_UNIT = re.compile(r"(?<![\w-])(?:[Пп]рокуратур|[Уу]правлени)" + _LETTER + r"* $")
_UNIT_GENITIVE = re.compile(r" (?:области|района)$")
# One word ending in "союз" ("Евросоюз", "Евросоюза"): a union, an organisation.
_UNION_WORD = re.compile(r"[А-ЯЁ][а-яё]+союз(?:а|у|ом|е)?")
_VILLAGE_WORD = re.compile(r"(?:сел[оаеу]|селом|village|айыл" + _LETTER + r"*) ", re.IGNORECASE)
_QUOTES = '«»"“”„'
# A village or a town named with its kind: the name alone is the place ("the village of
# Moldovanovka", "в селе Арашан", "Арашан айылында", "Бишкек шаарынын").
_VILLAGES = {
    "en": re.compile(
        r"\b(?:village|town) of ((?:[A-Z]" + _LETTER + r"+-)*[A-Z]" + _LETTER + r"+)"
        r"|\b((?:[A-Z]" + _LETTER + r"+-)*[A-Z]" + _LETTER + r"+) village\b"
    ),
    "ru": re.compile(
        r"(?:(?<![\w-])(?:сел[оаеу]|селом|пос[её]л(?:ок|ка|ке|ку|ком)|аил[аеу]?|город[аеу]?) "
        # "с. Арашан", "пос. Кемин", "г. Ош": the abbreviations, but not the year's "2024 г."
        r"|(?<![\w-])(?<!\d )(?:с|пос|пгт|г)\. ?)"
        r"((?:[А-ЯЁ][а-яё]+-)*[А-ЯЁ][а-яё]+)"
    ),
    "ky": re.compile(
        # The possessive (айылы, шаарында) ties the name to the word; "Бүгүн айылдын ..."
        # (today the village's ...) has none.
        r"(?<![\w-])((?:[А-ЯЁӨҮҢ][а-яёөүң]+-)*[А-ЯЁӨҮҢ][а-яёөүң]+) (?:айылы|шаары)" + _LETTER + "*"
    ),
}
# Words before a place that make the whole phrase the place ("площади Победы", "улица Ленина",
# "перевала Долон", "реки Нарын", "аэропорта Жангы-Кала", as "Jangy-Kala airport" is).
# Their abbreviations ("ул. Ленина", "мкр. Джал", "просп. Чуй") too; "пр." is left out, as
# "и пр." (and so on) may end a sentence before a capital.
_STREET_ABBREVIATIONS = r"(?<![\w-])(?:ул|мкр|просп|пл|бул|пер)\. ?"
_PLACE_HEADS = {
    "ru": re.compile(
        r"(?:(?:площад|улиц|проспект|бульвар|переул|микрорайон|квартал|ущель|перевал|озер[оаеу]"
        r"|рек[аиеу]|аэропорт)" + _LETTER + "* |" + _STREET_ABBREVIATIONS + ")$"
    )
}
# The same words before a name the model passed over, a micro-district's often a number
# ("микрорайона Восток-5", "в ущелье Беш-Таш"): the phrase is the place.
_QUARTERS = {
    "en": re.compile(r"(?<![\w-])[A-Z][a-z]+(?:-[A-Z][a-z]+)*(?:-\d+)? micro-?district\b"),
    "ru": re.compile(
        r"(?:(?<![\w-])(?:улиц|проспект|бульвар|переул|микрорайон|квартал|ущель|перевал"
        r"|озер[оаеу]|рек[аиеу]|аэропорт)" + _LETTER + r"* |" + _STREET_ABBREVIATIONS + ")"
        r"(?:[А-ЯЁ][а-яё]+-)*[А-ЯЁ][а-яё]+(?:-\d+)?(?![\w-])"
    ),
}
# A case named after a place: the case is no place.
# The name may stand in quotation marks ('the "Kok-Suu" case', 'дело «Кок-Суу»').
_CASE_AFTER = {"en": re.compile(r"[\"”’']? (?:case|cases|verdicts?|defendants|trial|protests)\b")}
_CASE_BEFORE = {"ru": re.compile(r"\bдел(?:о|а|у|е|ом) [«\"„“]?$")}
# Words after a name that make it an organisation's ("Sary-Bel police department").
# A one-word "person" before a reporter's or a researcher's trade ("Azattyk reporter Ulan
# Asanov", "Kloop journalists") is the outlet or body they work for.
_EMPLOYER_OF = {
    "en": re.compile(
        r" (?:reporter|correspondent|journalist|editor|researcher|spokes(?:man|woman|person)"
        r"|photographer|cameraman|presenter|analyst)s?\b"
    )
}
# A police station, a detention centre, a prison, a prosecutor's office or a hospital after a
# town or a district, capitalised or not ("Sverdlov district police station", "Jangy-Kala
# SIZO", "Naryn regional prosecutor's office"), is a body named after the place, as a court is.
_ORGANIZATION_TAILS = {
    "en": re.compile(
        r" (?:(?:district |city |regional )?police (?:department|station)|police|city court"
        r"|district court|city council|party|movement|SIZO|IVS|(?:pre-trial )?detention centre"
        r"|mayor's office|prison|colony"
        r"|(?:district |city |regional )?prosecutor's office|(?:district|city|regional) hospital)"
        r"(?![\w-])"
    )
}
# Common nouns written in capitals that the Russian model takes for organisations ("СМИ":
# the media, "НКО": non-profits in general).
_COMMON_ABBREVIATIONS = frozenset(("СМИ", "НКО", "НПО", "ОМС"))
# A district's or a town's administration by its common noun (акимиат, мэрия), never a
# surname that begins like it (Акимов).
_LOCAL_OFFICE = re.compile(
    r"(?:акимиат|акимчилик|акимчилиг)" + _LETTER + r"*|аким(?:а|у|ом|е)?|мэри(?:я|и|ю|ей)"
)
_STATE_PREFIX = re.compile(r"(?:the )?(?:Republic of |Республик" + _LETTER + r"* )", re.IGNORECASE)
# An office named with its state ("Ombudsman of Altyn-Tash") is one name, not also a place.
_OFFICES = re.compile(
    r"\bOmbudsman of (?:the )?(?:Republic of )?(?:[A-Z]" + _LETTER + r"+-)*[A-Z]" + _LETTER + "+"
    r"|\b(?:Ombudsman|Омбудсмен|Акыйкатчы)" + _LETTER + "*"
)
_NUMBERED = re.compile(
    r"\b(?:(?:Penal |Correctional )?Colony|Prison|Detention Centre|SIZO) No\. ?\d+"
    # A numbered hospital with its seat or kind before it ("District Hospital No. 2").
    r"|\b(?!The\b)(?:[A-Z]" + _LETTER + r"+(?:-[A-Z]" + _LETTER + r"+)* ){0,3}Hospital No\. ?\d+"
    r"|\b(?:исправительн" + _LETTER + r"+ )?колони" + _LETTER + r"* № ?\d+"
    r"|\bСИЗО № ?\d+"
    # Kyrgyz puts the number first ("№ 3 колонияда", "№ 47 түзөтүү колониясы").
    r"|(?<!\w)№ ?\d+ (?:түзөтүү )?колония" + _LETTER + "*"
    # A Kyrgyz pre-trial detention centre, numbered first ("№ 1 тергөө абагына").
    r"|(?<!\w)№ ?\d+ тергөө (?:абагы|абак|изолятору)" + _LETTER + "*"
)
_OUTLETS = re.compile(
    r"\b[A-Z]" + _LETTER + r"+\.(?:info|kg|kz|ru|com|org|net|media|tv)\b"
    # An outlet may be named after a town ("Jangy-Kala Evening News"): never cut at a hyphen.
    # A sentence's article is no part of it ("The Sezim FM studio").
    r"|(?<![\w-])(?!The |A |An )(?:[A-Z]"
    + _LETTER
    + r"+-)*[A-Z]"
    + _LETTER
    + r"+(?: [A-Z]"
    + _LETTER
    + r"+)? (?:Press|News|Live|TV|FM|Media)\b"
)
# Head nouns before a quoted name in Russian ("Правозащитный центр «Калкан»", "Ассоциация
# «Ачык Коом»"): the phrase, from its capitalised first word, is the organisation's name.
_QUOTED_HEADS = (
    "центр", "ассоциаци", "фонд", "клиник", "партия", "движени", "союз", "организаци",
    "объединени", "агентств", "издани", "газет",
)  # fmt: skip
_DESCRIPTIVE_HEADS = ("газет", "издани")
_PLACE_ADJECTIVE = re.compile(
    _LETTER + r"+(?:-" + _LETTER + r"+)*(?:ск|цк)(?:ий|ая|ие|их|им|ими|ого|ому|ой|ую|ых|ым)"
)
_WORD_BEFORE = re.compile(_LETTER + r"+ $")
_CAPITALISED_ADJECTIVE = re.compile(
    r"[А-ЯЁ]" + _LETTER + r"+(?:ого|его|ый|ий|ой|ая|яя|ое|ее|ых|их|ые|ие)(?!" + _LETTER + ")"
)
_RUSSIAN_ADJECTIVE = re.compile(r"[А-ЯЁ]" + _LETTER + r"+(?:ого|его|ый|ий|ой|ая|яя|ое|ее|ых|их) $")


def _words(text: str) -> list[str]:
    return re.findall(_LETTER + r"+", text)


def _is_person_like(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 3 or not all(word[:1].isupper() for word in words):
        return False
    if any(word.isupper() and len(word) > 1 for word in words):
        return False
    last = words[-1].lower()
    if last in _ORGANIZATION_HEADS or "-" in last or "." in name:
        return False
    return last.endswith(_SURNAME_FINALS) and len(last) > 4


def _genitive(mention: Mention) -> bool:
    """A Kyrgyz name in the genitive ("Алмазбек Атамбаевдин уулу": Atambaev's son) before
    "уулу"/"кызы" names the parent; the father's name in a patronym takes no ending."""
    return mention.text != mention.as_name and mention.text.lower().endswith(_GENITIVES)


def _possessive_compound(name: str) -> bool:
    words = name.split()
    return (
        len(words) >= 2
        and not words[-1].lower().endswith(_SURNAME_FINALS)
        and _POSSESSIVE_FINAL.fullmatch(words[-1].lower()) is not None
    )


def _whole_hyphenated(text: str, mention: Mention) -> Mention:
    start, end = mention.start, mention.end
    while end + 1 < len(text) and text[end] == "-" and text[end + 1].isupper():
        end += 2
        while end < len(text) and text[end].isalpha():
            end += 1
    while start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
        start -= 2
        while start > 0 and text[start - 1].isalpha():
            start -= 1
    if (start, end) == (mention.start, mention.end):
        return mention
    return replace(mention, text=text[start:end], start=start, end=end, name="")


def _kind(mention: Mention, kind: MentionKind) -> Mention:
    return mention if mention.kind == kind else replace(mention, kind=kind)


def _one_line(text: str, mention: Mention) -> Mention | None:
    """A name never crosses a line break: a heading or a menu runs into the next line."""
    if "\n" not in mention.text:
        return mention
    offset = mention.start
    for line in mention.text.split("\n"):
        stripped = line.strip()
        if any(character.isalpha() for character in stripped):
            start = offset + line.index(stripped)
            end = start + len(stripped)
            return replace(mention, text=text[start:end], start=start, end=end, name="")
        offset += len(line) + 1
    return None


def _heading(text: str, mention: Mention) -> bool:
    """A word in capitals on a line of its own ("BACKGROUND") heads a section; no name."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    return (
        mention.text.isupper()
        and len(mention.text) > 5
        and not text[line_start : mention.start].strip()
        and not text[mention.end : None if line_end < 0 else line_end].strip()
    )


# Words that say who a person is to the story (a witness, a neighbour, a relative) and open a
# sentence before the name ("Свидетельница Айгуль С. рассказала", "Neighbour Bakyt said"): as a
# title, they are no part of the name.
_DESCRIBERS = {
    "en": frozenset(
        (
            "witness", "neighbour", "neighbor", "mother", "father", "brother", "sister", "son",
            "daughter", "wife", "husband", "widow", "resident", "detainee", "prisoner",
            "eyewitness", "relative",
        )
    ),
    "ru": frozenset(
        (
            "свидетель", "свидетельница", "очевидец", "очевидица", "сосед", "соседка", "мать",
            "матери", "отец", "отца", "брат", "брата", "сестра", "сестры", "сын", "сына", "дочь",
            "дочери", "жена", "жены", "муж", "мужа", "вдова", "бабушка", "дедушка", "мама",
            "папа", "житель", "жительница", "задержанный", "задержанная", "пострадавший",
            "пострадавшая", "заключённый", "заключенный", "осуждённый", "осужденный",
            "активист", "активистка", "блогер", "правозащитник", "правозащитница",
        )
    ),
}  # fmt: skip


def _is_title(word: str, language: str) -> bool:
    """A title's word ("министр", "Вице-премьер-министр"): a position, no part of a name."""
    titles = title_words(language) | _DESCRIBERS.get(language, frozenset())
    return all(part in titles for part in word.casefold().split("-") if part)


def _without_title(text: str, language: str, mention: Mention) -> Mention | None:
    words = list(re.finditer(r"\S+", mention.text))
    keep = 0
    while keep < len(words) and _is_title(words[keep].group(), language):
        keep += 1
    if keep == len(words):
        # A person or a place is never a title alone; an office may be ("Prosecutor General").
        return mention if mention.kind == "organization" else None
    if keep == 0 or mention.kind != "person":
        # An organisation's name may open with a title's word ("Special Operations
        # Directorate", "Башкы прокуратура"); only a person's is cut.
        return mention
    start = mention.start + words[keep].start()
    return replace(mention, text=text[start : mention.end], start=start, name="")


def _corrected(text: str, language: str, mention: Mention) -> Mention | None:
    lined = _one_line(text, mention)
    if lined is not None:
        lined = _without_title(text, language, lined)
    if lined is None or _heading(text, lined):
        return None
    mention = _whole_hyphenated(text, lined)
    while mention.text[-1:] in ",;:" and len(mention.text) > 1:
        mention = replace(mention, text=mention.text[:-1], end=mention.end - 1, name="")
    # A breadcrumb's arrow or a list's bullet before a name ("› Altyn-Tash") is not part of it.
    while len(mention.text) > 1 and not (mention.text[0].isalnum() or mention.text[0] in "«\"“'"):
        mention = replace(mention, text=mention.text[1:], start=mention.start + 1, name="")
    mention = replace(
        mention, text=mention.text.lstrip(), start=mention.end - len(mention.text.lstrip())
    )
    start, end = mention.start, mention.end
    before = text[max(0, start - 30) : start]
    after = text[end : end + 30]
    if mention.text.isupper() and "-" in mention.text:
        return None  # a heading ("ПРЕСС-РЕЛИЗ"), not a place
    if mention.text in _COMMON_ABBREVIATIONS:
        return None
    if mention.kind != "organization" and _LOCAL_OFFICE.fullmatch(mention.text.lower()):
        # "Акимиат Ала-Мышского района ...": the office of a district, capitalised where it
        # opens the sentence, names no place or person.
        return None
    salutation = _SALUTATION.match(mention.text) if language == "en" else None
    if salutation is not None:
        start += salutation.end()
        mention = replace(mention, text=text[start:end], start=start, name="")
        before = text[max(0, start - 30) : start]
    if _HONORIFIC.fullmatch(mention.text + " ") is not None:
        return None  # "Mr" alone, left of "Dear Mr President"
    joint = _JOINED_BY.search(mention.text) if language == "en" else None
    if joint is not None and mention.kind != "place":
        # "Jogorku Kenesh on Facebook": two names the model ran together over a preposition.
        end = start + joint.start()
        mention = replace(mention, text=text[start:end], end=end, name="")
        after = text[end : end + 30]
    if mention.kind == "person" and _possessive_compound(mention.as_name):
        mention = _kind(mention, "organization")
    employer = _EMPLOYER_OF.get(language)
    if (
        mention.kind == "person"
        and employer is not None
        and " " not in mention.text
        and not _is_person_like(mention.as_name)
        and employer.match(after)
    ):
        mention = _kind(mention, "organization")
    if mention.kind == "person":
        quote = next((i for i, c in enumerate(mention.text) if c in _QUOTES), -1)
        if quote == 0:
            return None
        if quote > 0:
            # "Сыдыков «Азаттык»": a person's name ends before a quoted name after it.
            end = start + len(mention.text[:quote].rstrip())
            mention = replace(mention, text=text[start:end], end=end, name="")
            after = text[end : end + 30]
    street = _STREET_TAILS.get(language)
    found_street = None if street is None else street.match(after)
    if found_street is None and mention.kind == "person" and language in _PLACE_TAILS:
        # "Naryn region", "Сокулук району": a district's or a region's name, not a person's.
        found_street = _PLACE_TAILS[language].match(after)
    if found_street is not None and " " not in mention.as_name and mention.kind != "place":
        mention = _kind(mention, "place")
    if (
        language == "en"
        and mention.kind != "place"
        and " " in mention.text
        and mention.text.rsplit(" ", 1)[-1].lower() in _PLACE_KIND_LAST
    ):
        mention = _kind(mention, "place")
    if mention.kind != "person" and _is_person_like(mention.as_name) and found_street is None:
        # "Bishkek's Sverdlov district": a district named after a surname is still a place.
        mention = _kind(mention, "person")
    elif is_place_compound(mention.as_name):
        mention = _kind(mention, "place")
    seat = _SEAT_BEFORE.search(before) if language == "en" else None
    if seat is not None and mention.kind == "organization" and _COURT_KIND.match(mention.text):
        start -= len(before) - seat.start(1)
        mention = replace(mention, text=text[start:end], start=start, name="")
    tail = _ORGANIZATION_TAILS.get(language)
    found_tail = None if tail is None else tail.match(after)
    if found_tail is not None and (
        not _is_person_like(mention.as_name) or found_tail.group().startswith(_UNIT_ADJECTIVES)
    ):
        # "Sverdlov district police station": a district is named after a surname, a person
        # never has one.
        end += found_tail.end()
        return replace(mention, kind="organization", text=text[start:end], end=end, name="")
    last = (_words(mention.as_name) or [""])[-1].lower()
    if (
        mention.kind != "organization"
        and " " in mention.text
        and (last in _ORGANIZATION_HEADS or _RUSSIAN_HEADS.fullmatch(last) is not None)
    ):
        mention = _kind(mention, "organization")
    if mention.kind == "place" and language == "ru" and _UNION_WORD.fullmatch(mention.text):
        mention = _kind(mention, "organization")  # "Евросоюз": a union of states, a body
    kind_word = _VILLAGE_WORD.match(mention.text)
    if kind_word is not None and mention.kind == "place" and kind_word.end() < len(mention.text):
        # "СЕЛЕ АРАШАН" in a heading: the village is named by its name alone.
        start += kind_word.end()
        mention = replace(mention, text=text[start:end], start=start, name="")
    prefix = _STATE_PREFIX.match(mention.text)
    if prefix is not None and mention.kind != "person" and prefix.end() < len(mention.text):
        start += prefix.end()
        return replace(mention, kind="place", text=text[start:end], start=start, name="")
    if mention.kind == "person":
        patronym = _PATRONYM_AFTER.match(after)
        if patronym is not None and " " in mention.text and not _genitive(mention):
            end += patronym.end()
            mention = replace(mention, text=text[start:end], end=end, name="")
        inside = _LEADING_HONORIFIC.match(mention.text)
        if inside is not None and language == "en" and inside.end() < len(mention.text):
            return replace(mention, name=mention.text[inside.end() :])
        honorific = _HONORIFIC.search(before)
        if honorific is not None and language == "en":
            start -= len(honorific.group())
            return replace(mention, text=text[start:end], start=start, name=mention.as_name)
        return mention
    if mention.kind != "place":
        return mention
    if language == "ru" and " " not in mention.text and _PLACE_ADJECTIVE.fullmatch(mention.text):
        # "Кара-Жыгачские жители", "Ошские активисты": an adjective made from a place names
        # none; a village called so is found by its kind's word ("в селе Ленинское").
        return None
    body = _BODY_OF.get(language)
    if body is not None and (
        body.match(after) or body.match(" " + (_words(mention.text) or [""])[-1])
    ):
        return None
    after_case, before_case = _CASE_AFTER.get(language), _CASE_BEFORE.get(language)
    if "-" in mention.text and (
        (after_case is not None and after_case.match(after))
        or (before_case is not None and before_case.search(before))
    ):
        return None
    tail = _PLACE_TAILS.get(language)
    found_tail = None if tail is None else tail.match(after)
    if language == "ky" and mention.text.lower().endswith(_GENITIVES):
        found_tail = None  # "Кара-Балтанын базарында": the bazaar of a town, in the town
    if found_tail is None and found_street is not None and " " not in mention.as_name:
        found_tail = found_street
    if found_tail is not None:
        new_end = end + found_tail.end()
        name = ""
        if language == "ky":
            name = text[start:end] + " " + possessed(text[end + 1 : new_end])
        return replace(mention, text=text[start:new_end], end=new_end, name=name)
    head = _PLACE_HEADS.get(language)
    found_head = None if head is None else head.search(before)
    if found_head is not None:
        start -= len(before) - found_head.start()
        return replace(mention, text=text[start:end], start=start, name="")
    return mention


def _found(text: str, pattern: re.Pattern[str], kind: MentionKind, language: str) -> list[Mention]:
    found = []
    for match in pattern.finditer(text):
        start, end = match.span()
        name = ""
        if language == "ky":
            # A head noun in the possessive drops the case after it ("абагына" → "абагы",
            # "колониясында" → "колониясы"); one without it drops its case ("колонияда").
            last = match.group().rsplit(" ", 1)[-1]
            head = possessed(last) if last.islower() else last
            cut = len(last) - len(head) if head != last else case_ending_length(match.group())
            name = text[start : end - cut]
        found.append(Mention(kind, text[start:end], start, end, RULES_SOURCE, name))
    return found


def _quoted_with_head(text: str, mention: Mention) -> Mention:
    if mention.kind != "organization" or not mention.text.startswith("«"):
        return mention
    start = mention.start
    words: list[int] = []
    for _ in range(3):
        word = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if word is None:
            break
        start = word.start()
        words.append(start)
    if not words or not text[words[0] :].lower().startswith(_QUOTED_HEADS):
        return mention
    # The name opens with a capitalised adjective or head noun ("Правозащитный центр",
    # "Центр «...»"), never with another word ("По данным центра «Калкан»").
    capitalised = [
        offset
        for offset in words
        if text[offset].isupper()
        and (
            _CAPITALISED_ADJECTIVE.match(text, offset) is not None
            or text[offset:].lower().startswith(_QUOTED_HEADS)
        )
    ]
    if not capitalised:
        return mention
    start = capitalised[-1]
    if text[start:].lower().startswith(_DESCRIPTIVE_HEADS):
        # "Газета «Нарын» сообщила": the newspaper is named «Нарын», as in "газеты «Нарын»";
        # the noun is capitalised only where it opens the sentence.
        return mention
    return replace(mention, text=text[start : mention.end], start=start, name="")


def _russian_adjectives_before(text: str, mention: Mention) -> Mention:
    """ "Исполнительное бюро Прогрессивного | Международного Альянса": a capitalised adjective
    right before an organisation's name, inside a sentence, opens that name."""
    if mention.kind != "organization":
        return mention
    start = mention.start
    while True:
        word = _RUSSIAN_ADJECTIVE.search(text, max(0, start - 30), start)
        if word is None:
            break
        preceding = text[max(0, word.start() - 2) : word.start()]
        if not preceding.strip() or preceding.rstrip()[-1:] in ".!?:\n":
            break
        start = word.start()
    if start == mention.start:
        return mention
    return replace(mention, text=text[start : mention.end], start=start, name="")


def _joined_organisations(text: str, mentions: list[Mention]) -> list[Mention]:
    """Russian organisation names the model cut in two ("Прогрессивного | Международного
    Альянса"), an acronym with the state it belongs to ("МВД Алтын-Таша"), and an office with
    the region or district it serves ("Прокуратура Ошской области")."""
    joined: list[Mention] = []
    for mention in mentions:
        office = (
            _OFFICE_BEFORE_UNIT.search(text, max(0, mention.start - 30), mention.start)
            if mention.kind == "place" and _UNIT_GENITIVE.search(mention.text)
            else None
        )
        if office is not None and not (joined and joined[-1].end > office.start()):
            start = office.start()
            joined.append(
                Mention("organization", text[start : mention.end], start, mention.end, RULES_SOURCE)
            )
            continue
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == "organization"
            and mention.kind in ("organization", "place")
            and (mention.kind == "organization" or previous.text.isupper())
            and text[previous.end : mention.start] == " "
            and "«" not in mention.text + previous.text
        ):
            joined[-1] = replace(
                previous, text=text[previous.start : mention.end], end=mention.end, name=""
            )
            continue
        joined.append(mention)
    return joined


_OF_THE = re.compile(r" of (?:the )?")


def _split_nested(text: str, mention: Mention) -> list[Mention]:
    """ "Special Operations Directorate of the Ministry of the Interior" is two organisations;
    "Ministry of the Interior, Tilek Orozbekov" an organisation and a person."""
    if mention.kind == "place" and ", " in mention.text:
        # "Moldovanovka, Chui region": a place and the region it lies in.
        parts = []
        offset = mention.start
        for part in mention.text.split(", "):
            if part[:1].isupper():
                parts.append(
                    replace(mention, text=part, start=offset, end=offset + len(part), name="")
                )
            offset += len(part) + 2
        return parts if len(parts) > 1 else [mention]
    if mention.kind != "organization":
        return [mention]
    comma = mention.text.rfind(", ")
    if comma > 0 and _is_person_like(mention.text[comma + 2 :]):
        cut, resumed = mention.start + comma, mention.start + comma + 2
        return [
            *_split_nested(
                text, replace(mention, text=text[mention.start : cut], end=cut, name="")
            ),
            replace(
                mention, kind="person", text=text[resumed : mention.end], start=resumed, name=""
            ),
        ]
    for joint in _OF_THE.finditer(mention.text):
        left = _words(mention.text[: joint.start()])
        right = _words(mention.text[joint.end() :])
        if (
            left
            and right
            and left[-1].lower() in _ORGANIZATION_HEADS
            and right[0].lower() in _ORGANIZATION_HEADS
        ):
            cut, resumed = mention.start + joint.start(), mention.start + joint.end()
            if mention.text[joint.end() :].startswith("the "):
                resumed += 4
            return [
                replace(mention, text=text[mention.start : cut], end=cut, name=""),
                replace(mention, text=text[resumed : mention.end], start=resumed, name=""),
            ]
    return [mention]


def _repeated(text: str, language: str, mentions: list[Mention]) -> list[Mention]:
    """Where a document names a place or a many-word name once, its other occurrences that
    the model passed over are mentions of the same kind (one name, one sense per document); in
    Kyrgyz a full name's surname too."""
    names: dict[str, MentionKind] = {}
    for mention in mentions:
        name = mention.as_name
        if ("-" in name or " " in name) and name[:1].isupper() and len(name) > 3:
            names.setdefault(name, mention.kind)
        surname = name.split(" ")[-1]
        if (
            language == "ky"
            and mention.kind == "person"
            and " " in name
            and surname[:1].isupper()
            and surname.lower().endswith(_SURNAME_FINALS)
        ):
            # A Kyrgyz text names a person in full once, then by the surname with its case
            # ending ("Атамбаевдин адвокаты ..."), which the model may pass over.
            names.setdefault(surname, "person")
    if not names:
        return []
    ending = _LETTER + "*" if language == "ky" else ""
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])({alternatives}){ending}(?![\w-])")
    found = []
    for match in pattern.finditer(text):
        start, end = match.span()
        name = match.group(1)
        if end != match.end(1) and end - match.end(1) != case_ending_length(match.group()):
            continue
        found.append(
            Mention(
                names[name],
                text[start:end],
                start,
                end,
                CONTEXT_SOURCE,
                "" if end == match.end(1) else name,
            )
        )
    return found


# A court named with its seat by "of" ("Sverdlov District Court of Jangy-Kala"): the seat is
# part of the court's name, not a place the text speaks of. Russian ("районный суд Жангы-Калы")
# is written either as the court's name or as a court and the town it serves, so it is left as
# the model reads it.
_COURT_SEAT = {"en": (re.compile(r"Court"), " of ")}
# A relative's word before a one-word name makes it a person's ("whose son Dastan was shot",
# "сын Дастан"), whatever the model took the given name for.
_KIN_BEFORE = {
    "en": re.compile(
        r"\b(?:son|daughter|brother|sister|wife|husband|father|mother|nephew|niece|cousin"
        r"|grandson|granddaughter|uncle|aunt),? $"
    ),
    "ru": re.compile(
        r"(?<!\w)(?:сын|сына|сыну|дочь|дочери|брат|брата|брату|сестра|сестры|жена|жены|муж"
        r"|мужа|отец|отца|мать|матери|племянник|внук|внучка),? $"
    ),
}
# An age in apposition after a one-word name ("Aisuluu, 34, a mother of two", "Айсулуу, 34
# года,") makes it a person's.
_AGE_AFTER = {
    "en": re.compile(r", \d{1,2}(?:,| years? old\b)"),
    "ru": re.compile(r", \d{1,2} (?:год|года|лет)\b"),
}

_COMPOUND_AFTER_PREPOSITION = re.compile(
    r"\b(?:[Ii]n|of|[Ff]rom|[Nn]ear|to|[Aa]t|[Oo]utside|[Aa]round) (?:the )?"
    r"([A-Z][a-z]+(?:-[A-Z][a-z]+)+)\b"
    r"|\b([A-Z][a-z]+(?:-[A-Z][a-z]+)+)"
    r"(?= (?:district|region|province|oblast|reservoir|square|street|river|lake)\b)"
    # A one-word region after an article or a preposition ("in the Chui region", "of Naryn
    # oblast"): the models know the country's towns better than its regions.
    r"|\b(?:[Tt]he|in|of|from|across) ([A-Z][a-z]+)(?= (?:region|oblast|province)\b)"
)


_LATIN_COMPOUND = re.compile(r"(?<![\w-])[A-Z][a-z]+(?:-[A-Z][a-z]+)+(?![\w-])")
_CYRILLIC_COMPOUND = re.compile(r"(?<![\w-])[А-ЯЁӨҮҢ][а-яёөүң]+(?:-[А-ЯЁӨҮҢ][а-яёөүң]+)+")
# Given name and surname in Latin script, as the region's names are transliterated
# ("Tilek Orozbekov", "Aida Kasymalieva", "Bakyt Asan uulu").
_LATIN_PERSON = re.compile(
    r"(?<![\w-])[A-Z][a-z]+ (?:[A-Z][a-z]+(?:ov|ova|ev|eva|yev|yeva)|[A-Z][a-z]+ (?:uulu|kyzy))\b"
)


def _compounds(text: str, language: str) -> list[Mention]:
    """Hyphenated compounds the model passed over: in English after a preposition of place
    ("in Altyn-Tash"), in Kyrgyz anywhere (Кара-Суу, Ала-Мыш районундагы), where only places
    are written so and the Russian model reads a language it was not trained on; and
    transliterated names of persons in English."""
    if language == "ky":
        found = []
        for match in _CYRILLIC_COMPOUND.finditer(text):
            start, end = match.span()
            if _BODY_OF["ky"].match(text, end):
                continue
            ending = place_ending_length(match.group())
            name = text[start : end - ending] if ending else ""
            found.append(Mention("place", text[start:end], start, end, CONTEXT_SOURCE, name))
        return found
    if language != "en":
        return []
    people = [
        Mention("person", match.group(), match.start(), match.end(), CONTEXT_SOURCE)
        for match in _LATIN_PERSON.finditer(text)
    ]
    return people + [
        Mention("place", match.group(group), match.start(group), match.end(group), CONTEXT_SOURCE)
        for match in _COMPOUND_AFTER_PREPOSITION.finditer(text)
        for group in (1, 2, 3)
        if match.group(group)
    ]


def _whole_people(found: list[Mention], people: list[Mention]) -> list[Mention]:
    """A given name and a surname the model read as parts ("Aidai" an organisation, "Temirova"
    a person; "Nurlan" a place) are one person, unless the document names the first word so
    elsewhere (a place before a surname: "in Bishkek Ataev said")."""
    if not people:
        return found
    elsewhere = {
        m.as_name
        for m in found
        if m.kind != "person" and not any(p.start <= m.start < p.end for p in people)
    }
    replaced: set[Mention] = set()
    whole: list[Mention] = []
    for person in people:
        inside = [m for m in found if m.start < person.end and person.start < m.end]
        if (len(inside) > 1 or (inside and inside[0].kind != "person")) and all(
            person.start <= m.start and m.end <= person.end and m.as_name not in elsewhere
            for m in inside
        ):
            replaced.update(inside)
            whole.append(person)
    if not whole:
        return found
    return merge_mentions([*whole, *(m for m in found if m not in replaced)])


# Capitalised words ending in a body's head noun ("Kalkan Human Rights Centre, 4 April 2024" on a
# report's by-line, which the model, reading no sentence there, passes over).
_HEADED_BODY = re.compile(
    r"(?<![\w-])((?:[A-Z][\w'’-]* ){1,5}(?:Centre|Center|Committee|Commission|Foundation"
    r"|Institute|Alliance|Coalition|Network|Association|Union|Movement|Party))(?![\w-])"
)
# Words before a court's kind that name its seat ("the Pervomaisky District Court").
_COURT_KIND = re.compile(r"(?:District|City|Regional|Oblast|Military) Court\b")
_SEAT_BEFORE = re.compile(r"\bthe ((?:[A-Z]" + _LETTER + r"+-)*[A-Z]" + _LETTER + r"+) $")


def _headed_bodies(text: str, language: str) -> list[Mention]:
    """English bodies named by capitalised words and a head noun. The first word must be no
    common word ("Yesterday", "Human Rights Centre"): the model finds those it should."""
    if language != "en":
        return []
    found = []
    for match in _HEADED_BODY.finditer(text):
        start, end = match.span(1)
        words = match.group(1).split(" ")
        if len(words) < 2 or is_common_word(words[0], language):
            continue
        found.append(Mention("organization", text[start:end], start, end, CONTEXT_SOURCE))
    return found


def _villages(text: str, language: str) -> list[Mention]:
    """Places named with their kind (village, town, село, айыл, шаар), the name alone."""
    pattern = _VILLAGES.get(language)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        group = next(index for index in range(1, (pattern.groups or 0) + 1) if match.group(index))
        start, end = match.span(group)
        found.append(Mention("place", text[start:end], start, end, CONTEXT_SOURCE))
    return found


def _quarters(text: str, language: str) -> list[Mention]:
    """Micro-districts, lanes, quarters and gorges named with their kind before the name."""
    pattern = _QUARTERS.get(language)
    if pattern is None:
        return []
    return [
        Mention("place", match.group(), match.start(), match.end(), CONTEXT_SOURCE)
        for match in pattern.finditer(text)
    ]


def _courts_with_seats(text: str, language: str, mentions: list[Mention]) -> list[Mention]:
    """A court's name runs on over the place it sits in; the place is no mention of its own."""
    seat = _COURT_SEAT.get(language)
    if seat is None:
        return mentions
    head, gap = seat
    joined: list[Mention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == "organization"
            and mention.kind == "place"
            and " " not in mention.as_name
            and text[previous.end : mention.start] == gap
            and head.fullmatch((_words(previous.text) or [""])[-1]) is not None
        ):
            joined[-1] = replace(
                previous, text=text[previous.start : mention.end], end=mention.end, name=""
            )
            continue
        joined.append(mention)
    return joined


_LIST_JOINT = re.compile(r"(?:,|,? (?:и|and|жана|же|или|or)) ")


# A Kyrgyz word for someone or something from a place: the place, -лык and its variants, and a
# plural or a case after them ("Кара-Жыгачтык", "Ак-Сайлыктар").
_DEMONYM = re.compile(
    r"(" + _LETTER + r"+(?:-" + _LETTER + r"+)*?)(?:[лдт](?:ык|ик|ук|үк))" + _LETTER + "*"
)
# Social networks, written in Kyrgyz with a capital and a case ending like a town.
_NETWORKS = frozenset(
    ("фейсбук", "телеграм", "инстаграм", "ютуб", "твиттер", "тикток", "ватсап", "интернет")
)
# The same networks in Russian and English, with a case ending ("Ютубе", "Телеграме").
_NETWORK_PLACE = re.compile(
    r"(?:фейсбук|телеграм|инстаграм|ютуб|твиттер|тикток|ватсап|вконтакт|интернет|facebook"
    r"|telegram|instagram|youtube|twitter|tiktok|whatsapp|internet)" + _LETTER + "{0,3}"
)
# Kyrgyz offices after the genitive of the place they serve ("Ысык-Көл облусунун
# прокуратурасына": the regional prosecutor's office), in the possessive.
_OFFICE_OF_PLACE = re.compile(
    r" (?:прокуратура|сот|акимчилиг|мэрия|башкармалыг|бөлүм|кеңеш)" + _LETTER + "*"
)


def _kyrgyz_places_in_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Kyrgyz names the document writes as a place elsewhere: a one-word "person" whose stem
    is a place named in the document ("Караколго" after "Каракол шаарында") is the place, and a
    place in the genitive before an office's noun is the office's name, an organisation."""
    places = {mention.as_name for mention in mentions if mention.kind == "place"}
    fixed = []
    for mention in mentions:
        if (
            mention.kind == "place"
            and " " in mention.text
            and names_a_body(mention.text.split()[-1])
        ):
            # "Жогорку Кеңеште" (in Parliament): a body in the locative, no place.
            ending = case_ending_length(mention.text)
            mention = replace(
                mention, kind="organization", name=mention.text[: len(mention.text) - ending]
            )
        if mention.kind == "place" and "-" in mention.text and mention.as_name == mention.text:
            # "Сары-Белдеги протестанттар" opening a sentence: the place without its ending.
            ending = place_ending_length(mention.text)
            if ending:
                mention = replace(mention, name=mention.text[: len(mention.text) - ending])
        if mention.kind == "place":
            demonym = _DEMONYM.fullmatch(mention.text)
            if demonym is not None and demonym.group(1) in places:
                # "Кара-Жыгачтык тургундар" (residents of Kara-Jygach), where the document names
                # Кара-Жыгач: a word made from the place, no mention of it.
                continue
            ending = case_ending_length(mention.text)
            if mention.text[: len(mention.text) - ending].lower() in _NETWORKS:
                continue  # "Фейсбукта": on Facebook, no place
        if mention.kind == "person" and " " not in mention.text:
            ending = case_ending_length(mention.text)
            stem = mention.text[: len(mention.text) - ending] if ending else mention.text
            if stem in places and not _is_person_like(stem):
                mention = replace(mention, kind="place", name=stem)
        if mention.kind == "place" and mention.text.lower().endswith(_GENITIVES):
            office = _OFFICE_OF_PLACE.match(text, mention.end)
            if office is not None:
                end = office.end()
                name = text[mention.start : office.start() + 1] + possessed(office.group()[1:])
                mention = Mention(
                    "organization", text[mention.start : end], mention.start, end,
                    RULES_SOURCE, name,
                )  # fmt: skip
        fixed.append(mention)
    return merge_mentions(fixed, (RULES_SOURCE,))


def _listed_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """A one-word "person" listed with places is one too ("из Таласа, Нарына и Каракола",
    "from Naryn, Talas and Karakol"), unless it looks like a surname; so is a one-word
    "organisation" with places listed on both sides of it ("from Naryn, Kochkor and At-Bashy"),
    and a hyphenated name the model passed over, listed after a place ("from Kochkor-Ata and
    Ak-Bulun")."""
    mentions = _listed_compounds(text, mentions)
    fixed = list(mentions)
    for index, mention in enumerate(mentions):
        if mention.kind == "place" or " " in mention.text or _is_person_like(mention.as_name):
            continue
        neighbours = []
        if index > 0:
            neighbours.append((mentions[index - 1], text[mentions[index - 1].end : mention.start]))
        if index + 1 < len(mentions):
            neighbours.append((mentions[index + 1], text[mention.end : mentions[index + 1].start]))
        listed = [
            other.kind == "place" and bool(between) and _LIST_JOINT.fullmatch(between) is not None
            for other, between in neighbours
        ]
        between_places = (
            mention.kind == "organization"
            and len(listed) == 2
            and all(listed)
            and not mention.text.isupper()
            and not any(quote in mention.text for quote in _QUOTES)
        )
        if (mention.kind == "person" and any(listed)) or between_places:
            fixed[index] = _kind(mention, "place")
    return fixed


def _listed_compounds(text: str, mentions: list[Mention]) -> list[Mention]:
    """Hyphenated names the model passed over, listed after a place or after a one-word name
    listed after one ("from Naryn, Kochkor and At-Bashy", whatever "Kochkor" was read as)."""
    added = []
    ends = [mention.end for mention in mentions]
    for match in _LATIN_COMPOUND.finditer(text):
        index = bisect.bisect_right(ends, match.start()) - 1
        if index < 0 or (index + 1 < len(mentions) and mentions[index + 1].start < match.end()):
            continue
        previous = mentions[index]
        if not _LIST_JOINT.fullmatch(text[previous.end : match.start()]):
            continue
        if previous.kind != "place" and not (
            index > 0
            and " " not in previous.text
            and mentions[index - 1].kind == "place"
            and _LIST_JOINT.fullmatch(text[mentions[index - 1].end : previous.start])
        ):
            continue
        added.append(Mention("place", match.group(), *match.span(), CONTEXT_SOURCE))
    return merge_mentions([*mentions, *added]) if added else mentions


# Russian prepositions of route and distance that take places, hardly people ("через Балыкчи",
# "до Кара-Балты", "около Токмока"); "у", "к", "с" and "в" take both and are left out.
_ROUTE_BEFORE = {
    "ru": re.compile(r"(?<![\w-])(?:через|до|около|возле|близ|под|из) $", re.IGNORECASE)
}


def _places_after_route(text: str, language: str, mentions: list[Mention]) -> list[Mention]:
    """A one-word "person" after a preposition of route ("через Балыкчи в Нарын") is a place,
    unless it looks like a surname ("из Асанова" stays out of reach: "из" takes people too)."""
    route = _ROUTE_BEFORE.get(language)
    if route is None:
        return mentions
    return [
        _kind(mention, "place")
        if mention.kind == "person"
        and " " not in mention.text
        and not _is_person_like(mention.as_name)
        and not mention.text.lower().endswith(_SURNAME_FINALS)
        and route.search(text, max(0, mention.start - 8), mention.start) is not None
        else mention
        for mention in mentions
    ]


def _relatives(text: str, language: str, mentions: list[Mention]) -> list[Mention]:
    kin, age = _KIN_BEFORE.get(language), _AGE_AFTER.get(language)
    if kin is None or age is None:
        return mentions
    return [
        _kind(mention, "person")
        if mention.kind != "person"
        and " " not in mention.text
        and "-" not in mention.text
        and (
            kin.search(text, max(0, mention.start - 20), mention.start) is not None
            or age.match(text, mention.end) is not None
        )
        else mention
        for mention in mentions
    ]


# A Kyrgyz case named after a place ("Кок-Суу иши", "Кок-Суу ишине окшош": like the Kok-Suu
# case): the case is no place, as "the Kok-Suu case" and "дело Кок-Суу" are not.
_KYRGYZ_CASE_AFTER = re.compile(
    r"[»\"”]? иш(?:и|ин|ине|инин|инде|инен|тер|тери)(?!" + _LETTER + ")"
)
# A kind's word alone, capitalised by a line break or a sentence ("в Республике\nАлтын-Таш"):
# a republic, a region, a district, a town or a village unnamed is no place's name.
_KIND_ALONE = re.compile(
    r"республик[аиеуо]й?|област[ьиею]|областью|район[аеу]?|районом|город[аеу]?|городом"
    r"|сел[оаеу]|селом|республикасы[а-яөүң]*|облус[уа-яөүң]*|шаар[а-яөүң]*|айыл[а-яөүң]*"
    r"|republic|region|district|city|town|village|province"
)
# A hyphenated word whose later parts are in lower case is a compound noun ("Кылмыш-жаза
# кодекси": the criminal code), never a place's name, whose parts are capitalised but for a
# connector (Ростов-на-Дону).
_WORD_AFTER = re.compile(r" ([а-яёөүң]+)")
# The Kyrgyz word for people from a place, alone or in the plural ("Нарындык",
# "Таластыктар"): the suffix ends the word, unlike the "лык" inside Балыкчы.
_DEMONYM_WORD = re.compile(
    r"[А-ЯЁӨҮҢ][а-яёөүң]+(?:-[А-ЯЁӨҮҢ][а-яёөүң]+)*[лдт](?:ык|ик|ук|үк)(?:тар|тер|тор|төр)?"
)
_KYRGYZ_PLACE_WORDS = ("айыл", "шаар", "район", "облус", "кыштак", "көчө", "аймак")
_NAME_CONNECTORS = ("на", "де", "ла", "сюр", "le", "la", "de", "on", "upon", "sur")


def _no_place(text: str, language: str, mention: Mention) -> bool:
    """Whether the "place" ``mention`` is a case's name, a compound noun, a word for people from
    a place or a kind's word alone: no place."""
    if mention.kind != "place":
        return False
    if language == "ky" and _KYRGYZ_CASE_AFTER.match(text, mention.end):
        return True
    if _KIND_ALONE.fullmatch(mention.text.lower()):
        return True
    if language == "en" and mention.text.lower() in _ORGANIZATION_HEADS:
        return True  # "The Centre has sent two letters": a body told of again, no place
    if _NETWORK_PLACE.fullmatch(mention.text.lower()):
        return True  # "на Ютубе", "в Телеграме", "on Facebook": a network, no place
    if language == "ky" and _DEMONYM_WORD.fullmatch(mention.text):
        # "Нарындык укук коргоочулар" (human rights defenders from Naryn): a word for people
        # from a place before the noun it describes; a village so named is written "… айылы".
        following = _WORD_AFTER.match(text, mention.end)
        if following is not None and not following.group(1).startswith(_KYRGYZ_PLACE_WORDS):
            return True
    parts = mention.text.split("-")
    return (
        len(parts) > 1
        and " " not in mention.text
        and parts[0][:1].isupper()
        and all(
            part.isalpha() and part.islower() and part not in _NAME_CONNECTORS for part in parts[1:]
        )
    )


def _overlaps_any(mention: Mention, others: list[Mention]) -> bool:
    return any(mention.start < other.end and other.start < mention.end for other in others)


def corrected_names(text: str, language: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` of ``text`` (in ``language``) corrected and completed by the rules above."""
    found = merge_mentions(mentions)
    compounds = _compounds(text, language)
    found = _whole_people(found, [m for m in compounds if m.kind == "person"])
    found = merge_mentions([*found, *uncovered(compounds, found)])
    found = merge_mentions([*found, *_repeated(text, language, found)])
    fixed = []
    for mention in found:
        corrected = _corrected(text, language, mention)
        if corrected is None:
            continue
        if language == "ru":
            corrected = _russian_adjectives_before(text, _quoted_with_head(text, corrected))
        fixed.extend(_split_nested(text, corrected))
    fixed = merge_mentions(fixed)
    if language == "ru":
        fixed = _joined_organisations(text, fixed)
    villages = _villages(text, language)
    if villages:
        # A name written with "айылы", "шаары", "village of" is a place whatever the model took
        # it for ("Шопоков шаарында": a town, not a surname).
        fixed = [
            mention
            for mention in fixed
            if mention.kind != "person" or uncovered([mention], villages)
        ]
        fixed = merge_mentions([*fixed, *uncovered(villages, fixed)])
    quarters = _quarters(text, language)
    if quarters:
        # The kind's word and the name are one place, wherever the model read the name alone.
        fixed = [mention for mention in fixed if not _overlaps_any(mention, quarters)]
        fixed = merge_mentions([*fixed, *quarters])
    bodies = _headed_bodies(text, language)
    if bodies:
        fixed = merge_mentions([*fixed, *uncovered(bodies, fixed)])
    added = [
        *_found(text, _OFFICES, "organization", language),
        *_found(text, _NUMBERED, "organization", language),
        *_found(text, _OUTLETS, "organization", language),
    ]
    if added:
        # A rule's organisation replaces whatever the model read over the same words.
        fixed = merge_mentions([*added, *fixed], (RULES_SOURCE,))
    fixed = _relatives(text, language, _courts_with_seats(text, language, fixed))
    fixed = _listed_places(text, _places_after_route(text, language, fixed))
    fixed = dateline_places(text, fixed)
    if language == "ky":
        fixed = _kyrgyz_places_in_names(text, declined_place_mentions(text, fixed))
    fixed = [mention for mention in fixed if not _no_place(text, language, mention)]
    return headline_places(
        text, language, without_common_words(text, language, fixed, (RULES_SOURCE,))
    )
