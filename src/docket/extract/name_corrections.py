"""Corrections of one mention of a name by the words in and around it.

A model's span may cross a line, open with a title, a salutation or an honorific, stop at a
hyphen, or miss the word after it that makes the name a place's or a body's ("Naryn region",
"Sverdlov district police station"); its kind may be wrong where the name's own words say
otherwise (a surname's ending, an organisation's head noun, a possessive compound). Each
mention is corrected alone here, apart from the rules that join, find or retype names across a
text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from docket.extract.consistency import is_place_compound
from docket.extract.kyrgyz_endings import possessed
from docket.extract.mentions import Mention
from docket.extract.name_words import (
    BODY_OF,
    GENITIVES,
    LETTER,
    ORGANIZATION_HEADS,
    QUOTES,
    STREET_ABBREVIATIONS,
    SURNAME_FINALS,
    is_person_like,
    letter_words,
    with_kind,
)
from docket.extract.roles import case_forms, title_words

# A form of address written before a person's name is part of the mention as written
# ("Mr Atambaev", "Judge Almaz Kenzhebaev") but not of the name it writes, which groups with the
# person's other mentions; a position ("President") is a role, not a name.
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr|Judge|Pastor|Imam|Father|Rev)\.? $")
# The same written inside the model's span ("Ms Temirova", "H.E. Sadyr Japarov"), and a
# letter's salutation, which no name opens with ("Dear Mr President").
_LEADING_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr|Judge|Pastor|Imam|Father|Rev|H\.E)\.? ")
_SALUTATION = re.compile(r"(?:Dear|Hon\.?|Honourable|Excellency)\s+")
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
    "ky": re.compile(r" (?:район(?!дук)|аянт|көчө|облус(?!тук)|аэропорту|базары)" + LETTER + "*"),
}
_UNIT_ADJECTIVES = (" district ", " city ", " regional ")
# The capitalised kind's word closing a name the model took for a body ("Osh Bazaar", "Manas
# Airport", "Erkindik Boulevard", "Kara-Suu District"): a place where people trade, land or
# live, named after a town or not.
_PLACE_KIND_LAST = frozenset(
    ("airport", "bazaar", "market", "street", "avenue", "boulevard", "square", "lane",
     "district", "region", "province", "oblast")
)  # fmt: skip
# A street after a name makes the name a street's ("Lenin street", "Ленин көчөсү"), whatever the
# model took the name for (a person, most often).
_STREET_TAILS = {
    "en": re.compile(r" (?:[Ss]treet|[Aa]venue|[Bb]oulevard|[Ll]ane|[Ss]quare)\b"),
    "ky": re.compile(r" (?:көчө|проспект|бульвар)" + LETTER + "*"),
}
# A patronym of the region written after the given name and the father's (Махабат Таджибек
# кызы, Bakyt Asan uulu) closes the person's name.
_PATRONYM_AFTER = re.compile(r" (?:кызы|уулу|kyzy|uulu)\b")
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
    r"|больниц|госпитал|поликлиник|колони|акимиат|мэри|администраци)" + LETTER + "*"
)
# One word ending in "союз" ("Евросоюз", "Евросоюза"): a union, an organisation.
_UNION_WORD = re.compile(r"[А-ЯЁ][а-яё]+союз(?:а|у|ом|е)?")
_VILLAGE_WORD = re.compile(r"(?:сел[оаеу]|селом|village|айыл" + LETTER + r"*) ", re.IGNORECASE)
# Words before a place that make the whole phrase the place ("площади Победы", "улица Ленина",
# "перевала Долон", "реки Нарын", "аэропорта Жангы-Кала", as "Jangy-Kala airport" is), and
# their abbreviations ("ул. Ленина").
_PLACE_HEADS = {
    "ru": re.compile(
        r"(?:(?:площад|улиц|проспект|бульвар|переул|микрорайон|квартал|ущель|перевал|озер[оаеу]"
        r"|рек[аиеу]|аэропорт)" + LETTER + "* |" + STREET_ABBREVIATIONS + ")$"
    )
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
    r"(?:акимиат|акимчилик|акимчилиг)" + LETTER + r"*|аким(?:а|у|ом|е)?|мэри(?:я|и|ю|ей)"
)
_STATE_PREFIX = re.compile(r"(?:the )?(?:Republic of |Республик" + LETTER + r"* )", re.IGNORECASE)
_PLACE_ADJECTIVE = re.compile(
    LETTER + r"+(?:-" + LETTER + r"+)*(?:ск|цк)(?:ий|ая|ие|их|им|ими|ого|ому|ой|ую|ых|ым)"
)


def _genitive(mention: Mention) -> bool:
    """A Kyrgyz name in the genitive ("Алмазбек Атамбаевдин уулу": Atambaev's son) before
    "уулу"/"кызы" names the parent; the father's name in a patronym takes no ending."""
    return mention.text != mention.as_name and mention.text.lower().endswith(GENITIVES)


def _possessive_compound(name: str) -> bool:
    words = name.split()
    return (
        len(words) >= 2
        and not words[-1].lower().endswith(SURNAME_FINALS)
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
    # Kyrgyz relatives and colleagues are written with the possessive ("Кесиптештери
    # Сапаров", "Апасы Гүлмира"); "уулу" and "кызы" are not here, being part of names.
    "ky": frozenset(
        (
            "кесиптеши", "кесиптештери", "апасы", "атасы", "агасы", "иниси", "эжеси",
            "карындашы", "сиңдиси", "жубайы", "аялы", "күйөөсү", "тууганы", "туугандары",
            "кошунасы", "күбө", "күбөсү",
        )
    ),
}  # fmt: skip


@cache
def _titles(language: str) -> frozenset[str]:
    """The words of titles and of words for who a person is, in the forms they take before a
    name (a Russian one in every case: "Блогера", "Соседку")."""
    described = (
        part
        for word in _DESCRIBERS.get(language, frozenset())
        for form in case_forms(word, language)
        for part in form.split()
    )
    return title_words(language) | frozenset(described)


def _is_title(word: str, language: str) -> bool:
    """A title's word ("министр", "Вице-премьер-министр"): a position, no part of a name."""
    titles = _titles(language)
    return all(part in titles for part in word.casefold().split("-") if part)


def _owner_of_title(words: list[re.Match[str]], language: str) -> bool:
    """A Kyrgyz genitive opening a person's mention before a title it owns ("Башкармалыктын
    өкүлү Нурлан Абдыкеримов"): the body the person stands for, no part of the name."""
    return (
        language == "ky"
        and len(words) > 2
        and words[0].group().casefold().endswith(GENITIVES)
        and _is_title(words[1].group(), language)
    )


def _without_title(text: str, language: str, mention: Mention) -> Mention | None:
    words = list(re.finditer(r"\S+", mention.text))
    keep = 1 if _owner_of_title(words, language) else 0
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


def corrected_mention(text: str, language: str, mention: Mention) -> Mention | None:
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
    stripped = mention.text.lstrip()
    # Most mentions are whole already: copying one (``replace``) costs more than the test.
    if stripped != mention.text or mention.start != mention.end - len(stripped):
        mention = replace(mention, text=stripped, start=mention.end - len(stripped))
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
        mention = with_kind(mention, "organization")
    employer = _EMPLOYER_OF.get(language)
    if (
        mention.kind == "person"
        and employer is not None
        and " " not in mention.text
        and not is_person_like(mention.as_name)
        and employer.match(after)
    ):
        mention = with_kind(mention, "organization")
    if mention.kind == "person":
        quote = next((i for i, c in enumerate(mention.text) if c in QUOTES), -1)
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
        mention = with_kind(mention, "place")
    if (
        language == "en"
        and mention.kind != "place"
        and " " in mention.text
        and mention.text.rsplit(" ", 1)[-1].lower() in _PLACE_KIND_LAST
    ):
        mention = with_kind(mention, "place")
    if mention.kind != "person" and is_person_like(mention.as_name) and found_street is None:
        # "Bishkek's Sverdlov district": a district named after a surname is still a place.
        mention = with_kind(mention, "person")
    elif is_place_compound(mention.as_name):
        mention = with_kind(mention, "place")
    seat = _SEAT_BEFORE.search(before) if language == "en" else None
    if seat is not None and mention.kind == "organization" and _COURT_KIND.match(mention.text):
        start -= len(before) - seat.start(1)
        mention = replace(mention, text=text[start:end], start=start, name="")
    tail = _ORGANIZATION_TAILS.get(language)
    found_tail = None if tail is None else tail.match(after)
    if found_tail is not None and (
        not is_person_like(mention.as_name) or found_tail.group().startswith(_UNIT_ADJECTIVES)
    ):
        # "Sverdlov district police station": a district is named after a surname, a person
        # never has one.
        end += found_tail.end()
        return replace(mention, kind="organization", text=text[start:end], end=end, name="")
    last = (letter_words(mention.as_name) or [""])[-1].lower()
    if (
        mention.kind != "organization"
        and " " in mention.text
        and (last in ORGANIZATION_HEADS or _RUSSIAN_HEADS.fullmatch(last) is not None)
    ):
        mention = with_kind(mention, "organization")
    if mention.kind == "place" and language == "ru" and _UNION_WORD.fullmatch(mention.text):
        mention = with_kind(mention, "organization")  # "Евросоюз": a union of states, a body
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
    body = BODY_OF.get(language)
    if body is not None and (
        body.match(after) or body.match(" " + (letter_words(mention.text) or [""])[-1])
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
    if language == "ky" and mention.text.lower().endswith(GENITIVES):
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


# Words before a court's kind that name its seat ("the Pervomaisky District Court").
_COURT_KIND = re.compile(r"(?:District|City|Regional|Oblast|Military) Court\b")
_SEAT_BEFORE = re.compile(r"\bthe ((?:[A-Z]" + LETTER + r"+-)*[A-Z]" + LETTER + r"+) $")
