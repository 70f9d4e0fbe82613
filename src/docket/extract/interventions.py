"""Interventions named in a text: the taxonomy's synonyms and the ways appeals word them.

The taxonomy's synonyms are its formal names ("calls for the release", "призыв к
освобождению"); appeals mostly write a verb and its object apart ("calls for their immediate
release", "призываем освободить", "бошотууга чакырабыз") or promise a step ("will refer the case
to the International Criminal Court"). ``vocabulary/interventions.yaml`` adds those phrases and
verb-object patterns. A call for release is the caller's intervention, never a violation: the
detention it asks to end is an act of its own.

A general word ("appeal", "обращение", "кайрылды": a kind with narrower kinds under it) standing
in one clause with a pattern of a narrower kind is that intervention, told by both: "направил
обращение ... с просьбой о госпитализации" is a request for medical care, "иликтөө жүргүзүүнү
талап кылып кайрылды" a call for an investigation. A pattern of a narrower kind may start on a
general word of its own kind ("my visit to the colony" is a prison visit, "запрос о критериях" a
request for information), and a letter carries what it asks as a general word does ("signed a
letter asking the Prosecutor General to release Sooronbaev" is a call for release).

An intervention is a third party's step on a case. A general word is also what the parties
themselves do ("Подсудимый заявил", "the investigator's request", "Мэриянын басма сөз кызматы
… билдирди"), so ``by_interveners`` keeps one only where its author is a party that
intervenes: the organisation the document speaks for, one whose name says it (a human-rights
centre, an international alliance: ``interveners`` in the vocabulary), the author of another,
narrower intervention of the document, or a person named right beside such an organisation
("Генеральный секретарь Прогрессивного Международного Альянса Иоанна Верховен"). The document's
own organisation is taken as the author of a general word only where the sentence names it,
speaks as "we", or is the document's title: in "The judge did not react to the statement" the
statement is someone else's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache
from itertools import pairwise
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.clauses import edges
from docket.extract.gapped_calls import after_a_gap, gapped_calls
from docket.extract.intervening_authors import counted_people_before, described_author, short_names
from docket.extract.lexicon import FoldedText, PhraseMatch, fold_text
from docket.extract.obligations import obligation_roles, obliged, stated_duties
from docket.extract.participants import CLAUSE_BREAK
from docket.extract.steps_taken import steps_taken
from docket.extract.verb_object import Vocabulary, load_vocabulary
from docket.model.taxonomy import Term

__all__ = [
    "by_interveners",
    "find_interventions",
    "intervention_vocabulary",
    "monitored_bodies",
    "named_officials",
]

_VOCABULARY: Final = "vocabulary/interventions.yaml"
# A general word this many words or fewer from a narrower pattern, in its clause, tells it.
_BESIDE: Final = 4
_SENTENCE_BREAK: Final = re.compile(r"[.!?…](?!\w)|\n")
# A person named right beside an intervening organisation speaks for it: "Альянса Иоанна
# Верховен", "Kalkan Human Rights Centre, Aida Sadykova".
_BESIDE_NAME: Final = re.compile(r"^[ \t]*,?[ \t]*$")
_TITLE_BREAK: Final = re.compile(r"\n[ \t]*\n")
_CONVERB_COMMA: Final = re.compile(r"(?<=[ыиуүаеоө]п),")
_STATEMENT: Final = "statement"


@cache
def _interventions(language: str) -> Vocabulary:
    return load_vocabulary(_VOCABULARY, "intervention_types", language)


def intervention_vocabulary(language: str) -> Vocabulary:
    """The intervention words of ``language``: taxonomy, phrases, patterns and the lists of
    ``vocabulary/interventions.yaml``."""
    return _interventions(language)


def find_interventions(text: str, folded: FoldedText, language: str) -> list[PhraseMatch]:
    """Every intervention phrase of ``text`` (folded as ``folded``), then every verb-object
    pattern where no phrase was found, in text order; a general word beside a pattern of a
    narrower kind is taken into that pattern's span."""
    vocabulary = _interventions(language)
    taxonomy = vocabulary.taxonomy
    carriers = frozenset(vocabulary.data.get("carriers") or ())
    phrases = vocabulary.lexicon.find_folded(folded)

    def carries(code: str) -> bool:
        return bool(taxonomy.children(code)) or code in carriers

    general = [match for match in phrases if carries(match.term.code)]
    narrow = [match for match in phrases if not carries(match.term.code)]

    # A general word is no verb or object of a pattern of another kind ("Эл аралык уюмдар
    # кайрылуу жарыялашты" is no appeal to an international court), but may open one of its
    # own narrower kinds ("visit to the colony"); one standing beside a pair joins it.
    # An appeal to a court is a complaint to it (``opened_by``).
    opened_by = {
        code: frozenset(words) for code, words in (vocabulary.data.get("opened_by") or {}).items()
    }

    def opens(term: Term, phrase: PhraseMatch) -> bool:
        return carries(phrase.term.code) and (
            taxonomy.is_a(term.code, phrase.term.code)
            or phrase.term.code in opened_by.get(term.code, ())
        )

    pairs = vocabulary.verb_objects.find(text, folded, phrases, opens)
    index_at = {token.start: index for index, token in enumerate(folded.tokens)}
    index_to = {token.end: index for index, token in enumerate(folded.tokens)}
    kept: list[PhraseMatch] = []
    for word in general:
        under = [
            position
            for position, pair in enumerate(pairs)
            if word.start < pair.end and pair.start < word.end
        ]
        if under:
            pair = pairs[under[0]]
            pairs[under[0]] = PhraseMatch(
                pair.term, min(pair.start, word.start), max(pair.end, word.end)
            )
            continue
        beside = [
            (position, pair)
            for position, pair in enumerate(pairs)
            if pair.term.code != word.term.code
            and not taxonomy.children(pair.term.code)
            and _beside(text, word, pair, index_at, index_to, language)
        ]
        if not beside:
            kept.append(word)
            continue
        position, pair = beside[0]
        pairs[position] = PhraseMatch(
            pair.term, min(pair.start, word.start), max(pair.end, word.end)
        )
    # Steps not taken go first: "призываем … посетить" asks for a visit, and the call stays.
    combined = steps_taken(
        text,
        folded,
        sorted([*narrow, *kept, *pairs], key=lambda match: match.start),
        vocabulary.data,
        language,
        carries,
        taxonomy.is_a,
        taxonomy.get,
    )
    combined = _general_beside_narrow(
        text, combined, lambda code: bool(taxonomy.children(code)), index_at, index_to, language
    )
    combined = stated_duties(text, folded, combined, vocabulary.data, language)
    combined = _joined_to_a_step(text, combined, language)
    combined = gapped_calls(text, combined, vocabulary.data, language, taxonomy)
    return _one_per_clause(text, combined, index_at, index_to)


def _general_beside_narrow(
    text: str,
    matches: Sequence[PhraseMatch],
    general: Callable[[str], bool],
    index_at: dict[int, int],
    index_to: dict[int, int],
    language: str,
) -> list[PhraseMatch]:
    """``matches`` with each general one (a call of no kind: "призывает", "urged") that stands
    beside a narrower one in its clause taken into it: "призывает прекратить преследование
    журналистов" is one call to end pressure, not also an appeal."""
    result = list(matches)
    for match in matches:
        if not general(match.term.code) or match not in result:
            continue
        beside = next(
            (
                other
                for other in result
                if not general(other.term.code)
                and (other.end <= match.start or match.end <= other.start)
                and _beside(text, match, other, index_at, index_to, language)
            ),
            None,
        )
        if beside is None:
            continue
        result[result.index(beside)] = PhraseMatch(
            beside.term, min(beside.start, match.start), max(beside.end, match.end)
        )
        result.remove(match)
    return sorted(result, key=lambda found: found.start)


def _one_per_clause(
    text: str,
    matches: Sequence[PhraseMatch],
    index_at: dict[int, int],
    index_to: dict[int, int],
) -> list[PhraseMatch]:
    """``matches`` with two of one kind that stand beside each other in a clause made one:
    "submitted a communication to the UN Working Group on Arbitrary Detention" names the kind
    twice, in the taxonomy's "communication to the UN" and in the body's own name."""
    joined: list[PhraseMatch] = []
    for match in matches:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.term.code == match.term.code
            and last.end <= match.start
            and _beside(text, last, match, index_at, index_to)
        ):
            joined[-1] = PhraseMatch(last.term, last.start, max(last.end, match.end))
            continue
        joined.append(match)
    return joined


def _beside(
    text: str,
    word: PhraseMatch,
    pair: PhraseMatch,
    index_at: dict[int, int],
    index_to: dict[int, int],
    language: str = "",
) -> bool:
    """Whether the general ``word`` and the ``pair`` stand at most ``_BESIDE`` words apart with
    nothing between them that ends a clause."""
    first, second = (word, pair) if word.end <= pair.start else (pair, word)
    gap = index_at[second.start] - index_to[first.end] - 1
    between = text[first.end : second.start]
    if language == "ky":
        # A Kyrgyz converb and its comma chain one step: "Президентке ачык кат жазып,
        # кесиптешин бошотууну талап кылышты" is a letter that asks for a release.
        between = _CONVERB_COMMA.sub("", text[max(0, first.end - 2) : second.start])
    return (
        gap <= _BESIDE and not CLAUSE_BREAK.search(between) and not _SENTENCE_BREAK.search(between)
    )


@cache
def _interveners(language: str) -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """The word starts of intervening parties' names and the words a document speaks of itself
    by, in ``language``."""
    data = _interventions(language).data
    names = tuple(
        tuple(fold_text(entry).words) for entry in (data.get("interveners") or {}).get(language, [])
    )
    own = frozenset(fold_text(" ".join((data.get("own") or {}).get(language, []))).words)
    return names, own


def _intervening_name(name: str, starts: Sequence[tuple[str, ...]]) -> bool:
    words = fold_text(name).words
    return any(
        all(words[at + offset].startswith(part) for offset, part in enumerate(entry))
        for entry in starts
        for at in range(len(words) - len(entry) + 1)
    )


def by_interveners(
    text: str,
    language: str,
    interventions: Sequence[dict[str, Any]],
    sentence_starts: Sequence[int],
    sentence_of: Callable[[int], int],
    author: Actor | None,
    actors: Sequence[Actor],
    victims: Collection[str] = (),
    counted: Sequence[tuple[int, int]] = (),
) -> list[dict[str, Any]]:
    """``interventions`` without the general words whose author is no intervening party (see
    the module's docstring); one without an author is left for a reviewer to name it, but for
    a statement. Nor is the step of a person the case is about (a victim of an act,
    ``victims``, or whom another intervention is toward or names in its words) an
    intervention, unless that person is an intervening party: a prisoner who "просил
    администрацию о переводе в больницу" asked for himself. A complaint to a court or a
    prosecutor is a legal step whoever lodges it, the person concerned too ("подала жалобу в
    Кок-Суйский районный суд", "чечимди сотко даттанды"), as the annotations have it. Authors
    named by a short name, a description or a count of people (``counted``: spans of counts
    of people) are read as ``docket.extract.intervening_authors`` says."""
    vocabulary = _interventions(language)
    taxonomy = vocabulary.taxonomy
    crowds = tuple(
        fold_text(" ".join((vocabulary.data.get("crowds") or {}).get(language) or ())).words
    )
    starts, own = _interveners(language)
    # A call worded as an obligation is the document's own, or a reported party's.
    interventions = obligation_roles(
        text,
        language,
        interventions,
        vocabulary.data,
        actors,
        author,
        lambda actor: (
            (author is not None and actor.name == author.name)
            or (actor.kind == "organization" and _intervening_name(actor.name, starts))
        ),
    )
    if author is not None:
        _spoken_as_we(text, language, interventions, author)
    _addressees_are_no_authors(interventions, sentence_of)
    _second_asked(language, text, interventions, sentence_of)
    parties = {author.name} if author is not None else set()
    parties |= {
        actor.name
        for actor in actors
        if actor.kind == "organization" and _intervening_name(actor.name, starts)
    }
    concerned = _concerned(interventions, actors, victims) - parties
    parties |= {
        found["by"]["name"]
        for found in interventions
        if isinstance(found.get("by"), Mapping)
        and not taxonomy.children(found["type"])
        and found["by"]["name"] not in concerned
    }
    parties |= _speaking_for(text, actors, parties)
    parties |= short_names(actors, parties)
    concerned -= parties
    organisations = [
        actor for actor in actors if actor.kind == "organization" and actor.name in parties
    ]
    # The document's author first: "The centre" in the centre's own report.
    organisations.sort(key=lambda actor: author is None or actor.name != author.name)
    opening = text.lstrip()
    title = _TITLE_BREAK.search(opening)
    title_end = len(text) - len(opening) + (title.start() if title else len(opening))
    bounds = [*sentence_starts[1:], len(text)]
    kept: list[dict[str, Any]] = []
    for found in interventions:
        by = found.get("by")
        sentence = sentence_of(found["start"])
        # An obligation is the document's own voice (``obligation_roles``), told as such.
        given = (
            author is not None
            and isinstance(by, Mapping)
            and by["name"] == author.name
            and sentence_of(by["start"]) != sentence
            and not obliged(
                text, found["start"], found["end"], found["type"], vocabulary.data, language
            )
        )
        if given and counted_people_before(text, found["start"], counted, crowds):
            # "More than 40 journalists have signed a petition": theirs, not the author's.
            found["by"] = by = None
        elif by is None:
            described = described_author(
                text, sentence_starts[sentence], found["start"], organisations
            )
            if described is not None:
                found["by"] = by = described.to_json()
        if (
            isinstance(by, Mapping)
            and by["kind"] == "person"
            and by["name"] in concerned
            and not taxonomy.is_a(found["type"], "court_complaint")
        ):
            continue
        if not taxonomy.children(found["type"]):
            kept.append(found)
            continue
        if not isinstance(by, Mapping):
            # Everyone speaks: a statement no party is named for ("The Council condemns …"
            # with no name recognised) cannot be told from a party's own; another general
            # word is left for a reviewer to name its author.
            if found["type"] != _STATEMENT:
                kept.append(found)
            continue
        if by["name"] not in parties:
            continue
        # The document's own organisation, given only because nothing else was: the sentence,
        # or the one before it in its paragraph ("The same day we sent … The case has also
        # been raised with the Ombudsman"), must be the title, name it or speak as "we".
        if given and found["start"] >= title_end:
            spoken = sentence_starts[sentence]
            earlier = spoken
            if sentence and "\n" not in text[sentence_starts[sentence - 1] : spoken].strip():
                earlier = sentence_starts[sentence - 1]
            if not own.intersection(fold_text(text[earlier : bounds[sentence]]).words) and not (
                author is not None and author.name in _named_between(actors, spoken, found["end"])
            ):
                if _bare(text, found, vocabulary):
                    continue
                # A step told in words of its own ("Residents signed a petition") is one,
                # whoever took it: left for a reviewer to name its author.
                found["by"] = None
        kept.append(found)
    return kept


def _spoken_as_we(
    text: str, language: str, interventions: Sequence[dict[str, Any]], author: Actor
) -> None:
    """Give each intervention with "we" before it in its clause to the document's author, in
    place: "If he is not released, we will turn to the UN Committee" is the author's step,
    not that of the man named first in the sentence."""
    we = frozenset((_interventions(language).data.get("we") or {}).get(language) or ())
    for found in interventions:
        low, _ = edges(text, found["start"], found["end"], clause=True)
        if we.intersection(fold_text(text[low : found["start"]]).words):
            found["by"] = author.to_json()


def _addressees_are_no_authors(
    interventions: Sequence[dict[str, Any]], sentence_of: Callable[[int], int]
) -> None:
    """Take from each intervention, in place, an author that another step of its sentence is
    sent to: in "Центр направил запрос в Генеральную прокуратуру и призвал прекратить
    преследование блогеров" the prosecutor's office received the request and made no call;
    the author is then looked for as for a step naming none."""
    for found in interventions:
        by = found.get("by")
        if isinstance(by, Mapping) and any(
            other is not found
            and isinstance(other.get("toward"), Mapping)
            and other["toward"]["name"] == by["name"]
            and sentence_of(other["start"]) == sentence_of(found["start"])
            for other in interventions
        ):
            found["by"] = None


def _joined_to_a_step(
    text: str, matches: Sequence[PhraseMatch], language: str
) -> list[PhraseMatch]:
    """``matches`` without those that open with "and" (``joined``) where no other step stands
    before them in their sentence: "and to investigate" is a second thing asked only after a
    call ("The investigator questioned him and to investigate further asked for time" asks
    nothing)."""
    joined = frozenset((_interventions(language).data.get("joined") or {}).get(language) or ())
    kept: list[PhraseMatch] = []
    for match in matches:
        words = fold_text(text[match.start : match.end]).words
        if words and words[0] in joined:
            opening, _ = edges(text, match.start, match.end, clause=False)
            if not any(opening <= other.start and other.end <= match.start for other in kept):
                continue
        kept.append(match)
    return kept


def _second_asked(
    language: str,
    text: str,
    interventions: Sequence[dict[str, Any]],
    sentence_of: Callable[[int], int],
) -> None:
    """Give each intervention whose words open with "and" (``joined``: the second thing one
    call asks for, "urges the Prosecutor General to release Toktosunov and to investigate the
    detentions") the author and addressee of the one before it in its sentence, in place; and
    one whose verb of calling was left out ("…, а Омбудсмена — посетить") the author."""
    joined = frozenset((_interventions(language).data.get("joined") or {}).get(language) or ())
    ordered = sorted(interventions, key=lambda found: found["start"])
    for before, found in pairwise(ordered):
        words = fold_text(text[found["start"] : found["end"]]).words
        if sentence_of(before["start"]) != sentence_of(found["start"]):
            continue
        if words and words[0] in joined:
            found["by"], found["toward"] = before.get("by"), before.get("toward")
        elif after_a_gap(text, found["start"], found["end"]):
            found["by"] = before.get("by")


def _named_between(actors: Sequence[Actor], start: int, end: int) -> set[str]:
    return {actor.name for actor in actors if start <= actor.start < end}


def _bare(text: str, found: Mapping[str, Any], vocabulary: Vocabulary) -> bool:
    """Whether the intervention's words are one of its kind's phrases and nothing more ("the
    statement", "The request"), not a verb and object that tell a step."""
    span = text[found["start"] : found["end"]]
    folded = fold_text(span)
    return any(
        match.start == 0 and match.end == len(span)
        for match in vocabulary.lexicon.find_folded(folded)
    )


def _concerned(
    interventions: Sequence[dict[str, Any]], actors: Sequence[Actor], victims: Collection[str]
) -> set[str]:
    """The people the case is about: victims, and whom an intervention is toward or names in
    its words ("обращение … о переводе Бекмуратова в больницу")."""
    concerned = set(victims)
    concerned |= {
        found["toward"]["name"]
        for found in interventions
        if isinstance(found.get("toward"), Mapping) and found["toward"]["kind"] == "person"
    }
    concerned |= {
        person.name
        for person in actors
        if person.kind == "person"
        and any(found["start"] <= person.start < found["end"] for found in interventions)
    }
    return concerned


def _speaking_for(text: str, actors: Sequence[Actor], parties: Collection[str]) -> set[str]:
    """The people named right beside an organisation of ``parties``, who speak for it."""
    organisations = [a for a in actors if a.kind == "organization" and a.name in parties]
    return {
        person.name
        for person in actors
        if person.kind == "person"
        and any(
            _BESIDE_NAME.match(
                text[organisation.end : person.start]
                if organisation.end <= person.start
                else text[person.end : organisation.start]
            )
            for organisation in organisations
        )
    }


def named_officials(
    text: str, interventions: Sequence[dict[str, Any]], actors: Sequence[Actor]
) -> None:
    """Give each intervention whose author is an organisation written right before a person's
    name to that person, in place: in "Генеральный секретарь Прогрессивного Международного
    Альянса Иоанна Верховен, посещавшая колонию" the organisation is the genitive of her title
    and she made the visit."""
    people = [actor for actor in actors if actor.kind == "person"]
    for found in interventions:
        by = found.get("by")
        if not isinstance(by, Mapping) or by["kind"] != "organization":
            continue
        named = next(
            (
                person
                for person in people
                if person.start > by["end"] and not text[by["end"] : person.start].strip()
            ),
            None,
        )
        if named is not None:
            found["by"] = named.to_json()


def monitored_bodies(
    language: str, interventions: Sequence[dict[str, Any]], actors: Sequence[Actor]
) -> None:
    """Give each intervention of a watching kind (``monitored`` in the vocabulary: trial
    monitoring) that names no addressee the first body of the watched kind the document names,
    in place: a trial-monitoring summary is toward the court its case lines name."""
    monitored = _interventions(language).data.get("monitored") or {}
    organisations = sorted(
        (actor for actor in actors if actor.kind == "organization"), key=lambda actor: actor.start
    )
    for found in interventions:
        words = tuple((monitored.get(found["type"]) or {}).get(language) or ())
        if not words or found.get("toward") is not None:
            continue
        body = next(
            (
                actor
                for actor in organisations
                if any(word.startswith(words) for word in fold_text(actor.text).words)
            ),
            None,
        )
        if body is not None and not (
            isinstance(found.get("by"), Mapping) and found["by"]["name"] == body.name
        ):
            found["toward"] = body.to_json()
