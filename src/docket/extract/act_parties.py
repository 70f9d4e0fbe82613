"""Who an act befell and who did it, where the words around the act correct the first reading.

``participants`` reads an act's roles from its sentence's grammar and the names nearest it. Some
sentences name someone near the act who is neither victim nor perpetrator, and the nearest
name then takes a role it does not have:

- the body someone was summoned to is who summoned them (``summoned_to``): "their mother was
  summoned to the State Security Service", "Её мать вызывали на допрос в ГКНБ", "атасын
  УКМКга суракка чакырышты", never whom the summons befell;
- a relative or counsel who tells of the act speaks for the one it befell (``told_by_kin``):
  "His sister, Aida Mamyrova, said he was beaten", "По словам его сестры Айды, его избили",
  "Анын энеси Гүлнара Жусупованын айтымында, милиционерлер … уулун уруп";
- an act against the media befalls an outlet (``outlets_befallen``): "the tax service has ordered
  an audit of the paper", "её сайт заблокирован", "Алиев иштеген «Ош Ньюс» сайты ачылбай
  жатат", not the journalist named beside it, nor the outlet as its perpetrator;
- a relative of the writer told by "my son", "уулумду" is the person the document named so
  ("Менин уулум Эрлан Тойчуев"; ``own_relatives``);
- a lawyer kept from a client is neither the one who kept them away nor, in the dative, the
  one counsel was denied (``counsel_kept_away``): "адвокату Азамату Токтогулову не давали
  встретиться с подзащитной", "His lawyer was not given access to him".

Where the one the act befell is left unnamed, it is the victim of the act before it in its
paragraph, as ``carried.carried`` gives it to a sentence that names no one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.document_people import COUNSEL_REACH, counsel_cues
from docket.extract.participants import CLAUSE_BREAK, VOCABULARY, phrase_pattern, sentence_span
from docket.extract.referents import HE, SHE
from docket.extract.sexes import EITHER, by_name
from docket.model._lexicon import read_yaml

__all__ = [
    "counsel_kept_away",
    "family_codes",
    "outlets_befallen",
    "own_relatives",
    "summoned_to",
    "tells_for_another",
    "told_by_kin",
]

# The body summoned to stands this close after the summoning word ("summoned twice for
# questioning to the GKNB"), in its clause.
_SUMMONS_REACH: Final = 40
# Kyrgyz names the body in the dative ("УКМКга", "бөлүмүнө") at most this many words before
# the summoning verb ("УКМКга суракка чакырышты").
_KYRGYZ_DATIVE: Final = re.compile(r"(?:[гк][аеоө]|н[аеоө]|[аеоө])$", re.IGNORECASE)
_KYRGYZ_GAP: Final = re.compile(r"[ \t]+(?:[\w-]+[ \t]+){0,2}$")
_GLUED: Final = re.compile(r"\w*")
_BLANK_LINE: Final = re.compile(r"\n[ \t]*\n")
_WORD: Final = re.compile(r"\w+")
# A source's opening words stand this far before its name at most ("по словам его сестры").
_SOURCE_REACH: Final = 30


@dataclass(frozen=True)
class _Words:
    summons: re.Pattern[str] | None
    to: re.Pattern[str] | None
    kin: re.Pattern[str] | None
    source_before: re.Pattern[str] | None
    source_after: re.Pattern[str] | None
    # A kin word of each sex right before a name: "his sister, Aida", "его брата Азамата".
    sexes: tuple[tuple[str, re.Pattern[str]], ...]


def _alternatives(words: Sequence[str]) -> str:
    return "|".join(phrase_pattern(word) for word in sorted(words, key=len, reverse=True))


@cache
def _words(language: str) -> _Words:
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    data: dict[str, Any] = read_yaml(source)
    summoned = (data.get("summoned") or {}).get(language) or {}
    telling = (data.get("telling") or {}).get(language) or {}
    kin = ((data.get("custody") or {}).get("kin") or {}).get(language) or []
    verbs = summoned.get("verbs") or []
    to = summoned.get("to") or []
    before = telling.get("before") or []
    after = telling.get("after") or []
    sexes = tuple(
        (sex, re.compile(rf"(?<!\w)(?:{_alternatives(words)})\w*\s*,?\s*$"))
        for sex, words in (("f", telling.get("she") or []), ("m", telling.get("he") or []))
        if words
    )
    return _Words(
        re.compile(rf"(?<!\w)(?:{_alternatives(verbs)})\w*", re.IGNORECASE) if verbs else None,
        re.compile(rf"(?<!\w)(?:{_alternatives(to)})\s+$", re.IGNORECASE) if to else None,
        # A kin word right before a name, with at most a comma between ("His sister, Aida",
        # "его сестры Айды", "Анын энеси Гүлнара").
        re.compile(rf"(?<!\w)(?:{_alternatives(kin)})\w*\s*,?\s*$") if kin else None,
        re.compile(rf"(?<!\w)(?:{_alternatives(before)})(?!\w)", re.IGNORECASE) if before else None,
        re.compile(rf"(?<!\w)(?:{_alternatives(after)})\w*", re.IGNORECASE) if after else None,
        sexes,
    )


def _names(role: Any) -> list[str]:
    if isinstance(role, dict):
        return [role["name"]]
    if isinstance(role, list):
        return [each["name"] for each in role if isinstance(each, dict)]
    return []


def _destination(
    text: str, language: str, verb: re.Match[str], organisations: Sequence[Actor]
) -> Actor | None:
    """The organisation the summons at ``verb`` is to, in its clause."""
    words = _words(language)
    if language == "ky":
        for actor in reversed(organisations):
            glued = _GLUED.match(text, actor.end)
            end = actor.end if glued is None else glued.end()
            if (
                end <= verb.start()
                and _KYRGYZ_DATIVE.search(text[actor.start : end])
                and _KYRGYZ_GAP.fullmatch(text, end, verb.start())
            ):
                return actor
        return None
    if words.to is None:
        return None
    for actor in organisations:
        gap = text[verb.end() : actor.start]
        if (
            actor.start >= verb.end()
            and len(gap) <= _SUMMONS_REACH
            and not re.search(r"[,;:.!?()]", gap)
            and words.to.search(text, max(verb.end(), actor.start - _SUMMONS_REACH), actor.start)
        ):
            return actor
    return None


def summoned_to(
    text: str, language: str | None, findings: Sequence[dict[str, Any]], actors: Sequence[Actor]
) -> None:
    """Make the body a summons of an act is to ("вызвали на допрос в ГКНБ", "summoned to the
    State Security Service", "бөлүмүнө чакырышты") the act's perpetrator, where no one in its
    clause is, and never the victim of an act."""
    if not language:
        return
    words = _words(language)
    if words.summons is None:
        return
    organisations = sorted(
        (actor for actor in actors if actor.kind == "organization"), key=lambda a: a.start
    )
    bodies: set[int] = set()
    for finding in findings:
        verb = words.summons.search(text, finding["start"], finding["end"])
        if verb is None:
            continue
        body = _destination(text, language, verb, organisations)
        if body is None:
            continue
        bodies.add(body.start)
        if body.name in _names(finding.get("victim")):
            finding["victim"] = None
        perpetrator = finding.get("perpetrator")
        if perpetrator is None or (
            perpetrator["name"] != body.name
            and CLAUSE_BREAK.search(
                text,
                min(perpetrator["end"], verb.start()),
                max(perpetrator["start"], verb.start()),
            )
        ):
            finding["perpetrator"] = body.to_json(degree="carried_out")
    # Nor is the body summoned to the victim of another act of its sentence: "Агасын … жумушунан
    # бошотушту, атасын УКМКга суракка чакырышты" did not dismiss the УКМК.
    for finding in findings:
        victim = finding.get("victim")
        if isinstance(victim, dict) and victim["start"] in bodies:
            finding["victim"] = None


@lru_cache(maxsize=2)
def _folded(text: str) -> str:
    """``text`` casefolded, kept for the text in hand: every act of a long text asks again."""
    return text.casefold()


def _sex(text: str, language: str, speaker: Actor) -> str:
    """ "f" or "m" for a relative, by the name or else by the kin word before it ("his
    sister, Aida"), otherwise ""."""
    sexes = by_name(speaker.name)
    if sexes != EITHER:
        return next(iter(sexes))
    folded = _folded(text)
    opening = max(0, speaker.start - COUNSEL_REACH)
    return next(
        (
            sex
            for sex, pattern in _words(language).sexes
            if pattern.search(folded, opening, speaker.start)
        ),
        "",
    )


def _speaks_of_self(text: str, language: str, speaker: Actor, start: int, end: int) -> bool:
    """Whether a pronoun between a relative's name and the act's end agrees only with the
    relative ("His wife said she was threatened" is the wife's own), or, where the relative's
    sex is not known, whether there is any such pronoun at all."""
    words = {word.casefold() for word in _WORD.findall(text[start:end])}
    gender = _sex(text, language, speaker)
    if not gender:
        return bool(words & (HE | SHE))
    own, other = (SHE, HE) if gender == "f" else (HE, SHE)
    return bool(words & own) and not words & other


@cache
def family_codes() -> frozenset[str]:
    """The codes of acts against relatives (``family``)."""
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    return frozenset(read_yaml(source).get("family") or [])


@dataclass(frozen=True)
class _Telling:
    """The telling words of a language as folded words: the phrases that open a source, the
    verbs after it, and the kin word beginnings of each sex."""

    before: tuple[tuple[str, ...], ...]
    after: tuple[str, ...]
    she: tuple[str, ...]
    he: tuple[str, ...]


@cache
def _telling(language: str) -> _Telling:
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    telling = (read_yaml(source).get("telling") or {}).get(language) or {}

    def folded(key: str) -> tuple[str, ...]:
        return tuple(word.casefold() for word in telling.get(key) or [])

    return _Telling(
        tuple(tuple(phrase.split()) for phrase in folded("before")),
        folded("after"),
        folded("she"),
        folded("he"),
    )


# A telling verb stands this many words at most after the kin word ("His wife, Aida Osmonova,
# said"), a source's opening words this many before it ("по словам его жены").
_TELLING_AFTER: Final = 5
_TELLING_BEFORE: Final = 2
# The pronouns read after the telling verb: "His wife said she was summoned", "Her brother told
# Kalkan that officers had threatened to dismiss him".
_TOLD_REACH: Final = 10


def tells_for_another(words: Sequence[str], position: int, language: str) -> bool:
    """Whether the kin word at ``position`` of a sentence's folded words (marks included) names
    a relative who tells of an act that befell someone else: "His wife said he was summoned",
    "Его жена сообщила, что его вызывали", "по словам его матери", "Жубайынын айтымында". Not
    where a pronoun of the relative's own sex follows the telling verb ("His wife said she was
    summoned": the wife was)."""
    telling = _telling(language)
    told = next(
        (
            at
            for at in range(position + 1, min(len(words), position + 1 + _TELLING_AFTER))
            if words[at].startswith(telling.after) and telling.after
        ),
        None,
    )
    if told is None:
        opening = max(0, position - _TELLING_BEFORE - max(map(len, telling.before), default=0))
        before = tuple(words[opening:position])
        if not any(
            before[at : at + len(phrase)] == phrase
            for phrase in telling.before
            for at in range(len(before))
        ):
            return False
        told = position
    kin = words[position]
    sex = "f" if kin.startswith(telling.she) and telling.she else ""
    sex = sex or ("m" if kin.startswith(telling.he) and telling.he else "")
    own, other = (SHE, HE) if sex == "f" else (HE, SHE)
    after = set(words[told + 1 : told + 1 + _TOLD_REACH])
    return not sex or not (after & own) or bool(after & other)


def _sources(
    text: str, language: str, people: Sequence[Actor], low: int, start: int, high: int
) -> list[Actor]:
    """The relatives of the sentence ``low``..``high`` who tell of the act at ``start``: named
    after a kin word, with a word of telling before their name
    ("по словам его сестры Айды") or after it, before the act ("His sister, Aida, said",
    "Жусупованын айтымында")."""
    words = _words(language)
    if words.kin is None:
        return []
    folded = _folded(text)
    found = []
    for person in people:
        if not low <= person.start < high or person.end > start:
            continue
        opening = max(low, person.start - COUNSEL_REACH)
        if not words.kin.search(folded, opening, person.start):
            continue
        told_before = words.source_before is not None and words.source_before.search(
            text, max(low, person.start - _SOURCE_REACH), person.start
        )
        told_after = words.source_after is not None and words.source_after.search(
            text, person.end, start
        )
        if told_before or told_after:
            found.append(person)
    return found


def _earlier_victim(
    text: str, findings: Sequence[dict[str, Any]], finding: dict[str, Any], others: set[str]
) -> dict[str, Any] | None:
    """The victim of the act told last before ``finding`` in its paragraph, unless it is one
    of ``others``."""
    before = [
        found
        for found in findings
        if found["start"] < finding["start"] and found is not finding and found.get("victim")
    ]
    if not before:
        return None
    previous = max(before, key=lambda found: found["start"])
    if _BLANK_LINE.search(text, previous["end"], finding["start"]):
        return None
    victim = previous["victim"]
    if not isinstance(victim, dict) or victim["name"] in others:
        return None
    return dict(victim)


def told_by_kin(
    text: str,
    language: str | None,
    findings: Sequence[dict[str, Any]],
    people: Sequence[Actor],
    sentence_starts: Sequence[int],
    sentence_of: Callable[[int], int],
) -> None:
    """An act a relative tells of ("His sister, Aida Mamyrova, said he was beaten") did not
    befall them, unless a pronoun of the telling agrees with them alone ("His wife said she
    was threatened"), nor where it is an act against relatives (``family`` codes), which they
    may tell of themselves: its victim is the victim of the act before it in its paragraph, also
    where the sentence names no one else ("По словам её брата Азамата, следователи требовали
    назвать источники")."""
    if not language:
        return
    persons = [actor for actor in people if actor.kind == "person"]
    family = family_codes()
    for finding in sorted(findings, key=lambda found: found["start"]):
        if finding["type"] in family:
            continue
        sentence = sentence_of(finding["start"])
        low, high = sentence_span(sentence, sentence_starts, len(text))
        sources = [
            source
            for source in _sources(text, language, persons, low, finding["start"], high)
            if not _speaks_of_self(text, language, source, source.end, finding["end"])
        ]
        if not sources:
            continue
        speaking = {source.name for source in sources}
        victims = _names(finding.get("victim"))
        others = [
            actor for actor in persons if low <= actor.start < high and actor.name not in speaking
        ]
        if victims and not set(victims) & speaking:
            continue
        if not victims and others:
            continue
        perpetrator = finding.get("perpetrator")
        taken = {perpetrator["name"]} if isinstance(perpetrator, dict) else set()
        finding["victim"] = _earlier_victim(text, findings, finding, speaking | taken)


def counsel_kept_away(
    text: str,
    language: str | None,
    findings: Sequence[dict[str, Any]],
    people: Sequence[Actor],
    sentence_starts: Sequence[int],
    sentence_of: Callable[[int], int],
) -> None:
    """A lawyer named in an act against counsel ("адвокату Азамату Токтогулову не давали
    встретиться с подзащитной", "His lawyer, Nazgul Osmonova, was not given access to him")
    is not who kept counsel away; the one counsel was kept from is the victim of the act
    before it in its paragraph where the sentence names no one else."""
    if not language:
        return
    codes, before = counsel_cues(language)
    if before is None:
        return
    folded = _folded(text)
    lawyers = [
        actor
        for actor in people
        if actor.kind == "person"
        and before.search(folded, max(0, actor.start - COUNSEL_REACH), actor.start)
    ]
    names = {actor.name for actor in lawyers}
    for finding in sorted(findings, key=lambda found: found["start"]):
        if finding["type"] not in codes:
            continue
        perpetrator = finding.get("perpetrator")
        if isinstance(perpetrator, dict) and perpetrator["name"] in names:
            finding["perpetrator"] = None
        if finding.get("victim") is not None:
            continue
        sentence = sentence_of(finding["start"])
        low, high = sentence_span(sentence, sentence_starts, len(text))
        if not any(low <= actor.start < high for actor in lawyers):
            continue
        earlier = _earlier_victim(text, findings, finding, names)
        # Someone else named beside the lawyer may be whom counsel was kept from; the client
        # told of just before ("Абдыкеримову держали без связи с родными, а адвокату … не
        # давали встретиться с подзащитной") is.
        if any(
            low <= actor.start < high
            and actor.kind == "person"
            and actor.name not in names
            and (earlier is None or actor.name != earlier["name"])
            for actor in people
        ):
            continue
        finding["victim"] = earlier


@dataclass(frozen=True)
class _Media:
    codes: frozenset[str]
    before: re.Pattern[str] | None


@cache
def _media(language: str) -> _Media:
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    data = read_yaml(source).get("media") or {}
    words = [word.casefold() for word in (data.get("words") or {}).get(language) or []]
    return _Media(
        frozenset(data.get("codes") or []),
        # An outlet word right before the name, with at most a quotation mark between.
        re.compile(rf"(?<!\w)(?:{_alternatives(words)})\w*[ \t]+[«“\"]?$") if words else None,
    )


_QUOTED: Final = re.compile(r"^[«“\"„]")
_WEB_ADDRESS: Final = re.compile(r"\w\.(?:info|kg|org|com|net|media|tv|ru|kz)$", re.IGNORECASE)


def _outlet(text: str, actor: Actor, media: _Media) -> bool:
    """Whether an organisation's mention names an outlet: in quotation marks, as a web address,
    or right after an outlet word."""
    if actor.kind != "organization":
        return False
    if _QUOTED.search(actor.text) or _WEB_ADDRESS.search(actor.text):
        return True
    if actor.start > 0 and text[actor.start - 1] in '«“"„':
        return True
    return media.before is not None and bool(
        media.before.search(_folded(text), max(0, actor.start - COUNSEL_REACH), actor.start)
    )


def outlets_befallen(
    text: str,
    language: str | None,
    findings: Sequence[dict[str, Any]],
    actors: Sequence[Actor],
    sentence_starts: Sequence[int],
    sentence_of: Callable[[int], int],
) -> None:
    """Give an act against the media (``media`` codes) the outlet it befell: an outlet read as
    its perpetrator ("Газета «Ош Шамы» … получила предупреждение", "«Ош Ньюс» сайты ачылбай
    жатат") is its victim; a person read as its victim, or none, gives way to the outlet its
    sentence names ("Газета «Нарын Таймс» …, а её сайт заблокирован"), else to the outlet named
    last before it ("Басылманын башкы редактору … редакцияга басым көрсөтүлүп жатканын
    билдирди")."""
    if not language:
        return
    media = _media(language)
    if not media.codes:
        return
    outlets = sorted(
        (actor for actor in actors if _outlet(text, actor, media)), key=lambda a: a.start
    )
    if not outlets:
        return
    for finding in findings:
        if finding["type"] not in media.codes:
            continue
        victim = finding.get("victim")
        if isinstance(victim, list) or (isinstance(victim, dict) and victim["kind"] != "person"):
            continue
        perpetrator = finding.get("perpetrator")
        if isinstance(perpetrator, dict) and any(
            perpetrator["start"] == outlet.start for outlet in outlets
        ):
            finding["victim"] = {
                key: value for key, value in perpetrator.items() if key != "degree"
            }
            finding["perpetrator"] = None
            continue
        sentence = sentence_of(finding["start"])
        low, high = sentence_span(sentence, sentence_starts, len(text))
        taken = perpetrator["name"] if isinstance(perpetrator, dict) else None
        own = [o for o in outlets if low <= o.start < high and o.name != taken]
        earlier = [o for o in outlets if o.end <= finding["start"] and o.name != taken]
        chosen = own[0] if own else (earlier[-1] if earlier else None)
        if chosen is not None:
            finding["victim"] = chosen.to_json()


@cache
def _own_kin(language: str) -> re.Pattern[str] | None:
    """A kin word with "my": "my son", "моего сына", Kyrgyz "уулумду", "күйөөмө"; the group
    ``kin`` holds the kin word's beginning as written."""
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    data = (read_yaml(source).get("own_kin") or {}).get(language) or {}
    kin = [word.casefold() for word in data.get("kin") or []]
    mine = [word.casefold() for word in data.get("my") or []]
    if not kin:
        return None
    stems = "|".join(re.escape(word) for word in sorted(kin, key=len, reverse=True))
    if mine:
        return re.compile(rf"(?<!\w)(?:{_alternatives(mine)})\s+(?P<kin>{stems})\w*", re.IGNORECASE)
    # Kyrgyz: the kin word, a possessive vowel, "м", then at most a case ending.
    return re.compile(
        rf"(?<!\w)(?P<kin>{stems})[ыиуү]?м(?:[дтн]?[аеоөыиуү]|[дт][аеыи]н)?(?!\w)", re.I
    )


# The name stands right after its kin word, with at most a comma between: "уулум Эрлан".
_NAMED_AFTER: Final = re.compile(r"[ \t]*,?[ \t]*")
# The kin word stands in the act's words or this close to them in its clause: "my son was
# detained", "police detained my son".
_OWN_KIN_REACH: Final = 45


def own_relatives(
    text: str,
    language: str | None,
    findings: Sequence[dict[str, Any]],
    people: Sequence[Actor],
    sentence_starts: Sequence[int],
    sentence_of: Callable[[int], int],
) -> None:
    """Give an act with no victim whose words or clause hold a kin word with "my" ("уулумду
    кармап кетишти", "моего сына задержали", "police detained my son") the person the document
    names right after that kin word ("Менин уулум Эрлан Тойчуев", "my son, Erlan Toichuev"),
    where it names one person so."""
    if not language:
        return
    pattern = _own_kin(language)
    if pattern is None:
        return
    persons = sorted((a for a in people if a.kind == "person"), key=lambda a: a.start)
    named: dict[str, set[str]] = {}
    relative: dict[str, Actor] = {}
    for found in pattern.finditer(text):
        stem = found.group("kin").casefold()
        for person in persons:
            if person.start >= found.end() and _NAMED_AFTER.fullmatch(
                text, found.end(), person.start
            ):
                named.setdefault(stem, set()).add(person.name)
                relative.setdefault(stem, person)
                break
    for finding in findings:
        if finding.get("victim") is not None:
            continue
        sentence = sentence_of(finding["start"])
        low, high = sentence_span(sentence, sentence_starts, len(text))
        opening = max(low, finding["start"] - _OWN_KIN_REACH)
        closing = min(high, finding["end"] + _OWN_KIN_REACH)
        for found in pattern.finditer(text, opening, closing):
            if CLAUSE_BREAK.search(
                text, min(found.end(), finding["start"]), max(found.end(), finding["start"])
            ) or CLAUSE_BREAK.search(text, finding["end"], max(finding["end"], found.start())):
                continue
            stem = found.group("kin").casefold()
            if len(named.get(stem, ())) == 1 and (
                relative[stem].start < finding["start"] or relative[stem].end > finding["end"]
            ):
                finding["victim"] = relative[stem].to_json()
                break
