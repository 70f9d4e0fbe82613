"""Everything a document says that a documenter would record, as one JSON-ready proposal.

People, organisations and places (grouped, with their roles, linked to the archive's records
with a score and a reason), dates anchored to the document's own date or to the day it named
last, counts, acts of violation with their likely victim and perpetrator, and interventions with
their author and addressee, found through the taxonomies' lexicons, and claims: statements
attributed to a person or organisation (see ``claims``). An act or intervention gets a
date or place only when its sentence holds exactly one: a guess between two would be worse than
a blank for a reviewer.

Every stage is linear in the length of the text (recognisers see bounded chunks; dates, counts
and phrases are single passes; grouping is indexed), so a long report costs proportionally.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from docket.extract.acronyms import (
    ACRONYM_SOURCE,
    acronym_mentions,
    defined_acronyms,
    join_defined_acronyms,
)
from docket.extract.act_parties import (
    counsel_kept_away,
    outlets_befallen,
    own_relatives,
    summoned_to,
    told_by_kin,
)
from docket.extract.act_recall import RECALL_SOURCE, ActRecall
from docket.extract.actors import Actor
from docket.extract.addressees import freed_people, marked_addressees, visited_places
from docket.extract.carried import carried
from docket.extract.claims import find_claims
from docket.extract.consistency import consistent_kinds
from docket.extract.counsel_sources import told_by_counsel
from docket.extract.custody import answerable, in_custody
from docket.extract.described_victims import narrowed_by_description
from docket.extract.document_grammar import GROUP_REACH, Grammar, text_grammar
from docket.extract.document_people import coordinated_groups, counsel, document_author, witness
from docket.extract.employers import employers_named
from docket.extract.gapped_acts import gapped_acts
from docket.extract.gazetteer import GAZETTEER_SOURCE, Gazetteer, GazetteerMatch
from docket.extract.grouping import group_mentions
from docket.extract.interventions import (
    by_interveners,
    intervention_vocabulary,
    monitored_bodies,
    named_officials,
)
from docket.extract.letter_voice import letter_voice
from docket.extract.lexicon import Lexicon, PhraseMatch, fold_text
from docket.extract.linking import link_entity
from docket.extract.lone_surnames import joined_by_gender
from docket.extract.mentions import merge_mentions
from docket.extract.participants import Participants, participants
from docket.extract.quality import reading_notes
from docket.extract.recognise import Recognition, recognise_many, recognise_with_notes
from docket.extract.referents import name_words
from docket.extract.relative_dates import dates_in
from docket.extract.roles import find_roles
from docket.extract.russian_names import in_nominative
from docket.extract.syntax import slots_in
from docket.extract.trained import PARTY_ROLES, TrainedModels, classify_acts, classify_parties
from docket.gc_pauses import without_gc_pauses
from docket.model.counts import find_counts
from docket.model.taxonomy import load_taxonomy

__all__ = [
    "Extraction",
    "ExtractionInput",
    "extract_document",
    "extract_document_with_notes",
    "extract_documents",
]

Recognise = Callable[[str, "str | None", "Gazetteer | None"], Recognition]


@dataclass(frozen=True)
class Extraction:
    """The proposal for one document and what a reviewer should know about how it was made."""

    document: dict[str, Any]
    notes: list[str]


@dataclass(frozen=True)
class ExtractionInput:
    """One text to extract, with what is known about it beforehand."""

    text: str
    item_id: int | None = None
    language: str | None = None
    document_date: date | None = None


@lru_cache(maxsize=32)
def _lexicon(taxonomy: str, language: str) -> Lexicon:
    return Lexicon(load_taxonomy(taxonomy), language)


def _only(candidates: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    return candidates[0] if len(candidates) == 1 else None


def extract_document_with_notes(
    text: str,
    *,
    item_id: int | None,
    language: str | None,
    document_date: date | None,
    gazetteer: Gazetteer | None,
    recognise: Recognise = recognise_with_notes,
    recall: ActRecall | None = None,
) -> Extraction:
    """The proposal for ``text`` (see ``extract_document``), with notes on how it was made."""
    recognition = recognise(text, language, gazetteer)
    (grammar,) = text_grammar([(text, recognition)], recall)
    return _assemble(text, recognition, item_id, document_date, gazetteer, grammar=grammar)


def extract_documents(
    inputs: Iterable[ExtractionInput],
    gazetteer: Gazetteer | None,
    batch_size: int = 32,
    trained: TrainedModels | None = None,
    recall: ActRecall | None = None,
) -> Iterator[Extraction]:
    """``extract_document_with_notes`` for each input, in order, models called per batch.

    Reads ``batch_size`` inputs at a time, so a stream of any length is held in memory one
    batch at a time. ``trained`` names the archive's own pipelines to use instead of the shipped
    ones where it has them; ``recall``, when given, proposes acts the rules missed
    (``docket.extract.act_recall``).
    """
    if batch_size < 1:
        raise ValueError("batch size must be at least 1")
    batch: list[ExtractionInput] = []
    for given in inputs:
        batch.append(given)
        if len(batch) >= batch_size:
            yield from _extract_batch(batch, gazetteer, trained, recall)
            batch = []
    if batch:
        yield from _extract_batch(batch, gazetteer, trained, recall)


def _extract_batch(
    batch: list[ExtractionInput],
    gazetteer: Gazetteer | None,
    trained: TrainedModels | None,
    recall: ActRecall | None = None,
) -> list[Extraction]:
    # Never across a yield: the caller's own work between batches keeps the collector.
    with without_gc_pauses():
        return _extract_batch_unpaused(batch, gazetteer, trained, recall)


def _extract_batch_unpaused(
    batch: list[ExtractionInput],
    gazetteer: Gazetteer | None,
    trained: TrainedModels | None,
    recall: ActRecall | None,
) -> list[Extraction]:
    recognitions = recognise_many(
        [(given.text, given.language) for given in batch], gazetteer, trained
    )
    if trained is None:
        trained = TrainedModels()
    grammars = text_grammar(
        [(given.text, recognition) for given, recognition in zip(batch, recognitions, strict=True)],
        recall,
    )
    extractions = []
    for given, recognition, grammar in zip(batch, recognitions, grammars, strict=True):
        code = recognition.language or ""
        found = _assemble(
            given.text,
            recognition,
            given.item_id,
            given.document_date,
            gazetteer,
            trained.acts.get(code),
            grammar=grammar,
            party_classifier=trained.parties.get(code),
        )
        note = trained.notes.get(code)
        extractions.append(
            found if note is None else Extraction(found.document, [note, *found.notes])
        )
    return extractions


def _assemble(
    text: str,
    recognition: Recognition,
    item_id: int | None,
    document_date: date | None,
    gazetteer: Gazetteer | None,
    act_classifier: str | None = None,
    *,
    grammar: Grammar,
    party_classifier: str | None = None,
) -> Extraction:
    code = recognition.language
    known_at: dict[tuple[int, int], list[GazetteerMatch]] = {}
    if gazetteer is not None:
        for known in gazetteer.matches(text):
            known_at.setdefault((known.mention.start, known.mention.end), []).append(known)
    sentences = grammar.sentences

    entities: list[dict[str, Any]] = []
    places_by_sentence: dict[int, list[dict[str, Any]]] = {}
    actors_by_sentence: dict[int, list[Actor]] = {}
    mentions = consistent_kinds(recognition.mentions)
    definitions = defined_acronyms(text, mentions)
    if definitions:
        mentions = merge_mentions(
            [*mentions, *acronym_mentions(text, definitions)], (GAZETTEER_SOURCE, ACRONYM_SOURCE)
        )
    roles = find_roles(text, code, mentions)
    grouped = join_defined_acronyms(group_mentions(mentions), definitions)
    if code == "ru":
        # A record is named by the dictionary form, not by the case the sentence needed.
        grouped = joined_by_gender(text, in_nominative(text, grouped))
    for entity in grouped:
        link = link_entity(
            entity.kind,
            [m.text for m in entity.mentions],
            [known for m in entity.mentions for known in known_at.get((m.start, m.end), [])],
            gazetteer,
        )
        archive_id = None if link.linked is None else link.linked.archive_id
        role = next((roles[m.start] for m in entity.mentions if m.start in roles), None)
        entities.append(
            {
                "kind": entity.kind,
                "name": entity.name,
                "archive_id": archive_id,
                "link": None if link.linked is None else link.linked.to_json(),
                "candidates": [c.to_json() for c in link.candidates] if link.ambiguous else [],
                "role": None
                if role is None
                else {"text": role.text, "start": role.start, "end": role.end},
                "mentions": [
                    {"text": m.text, "start": m.start, "end": m.end} for m in entity.mentions
                ],
            }
        )
        if entity.kind == "place":
            for mention in entity.mentions:
                places_by_sentence.setdefault(sentences.of(mention.start), []).append(
                    {
                        "name": entity.name,
                        "archive_id": archive_id,
                        "text": mention.text,
                        "start": mention.start,
                        "end": mention.end,
                    }
                )
        else:
            for mention in entity.mentions:
                actors_by_sentence.setdefault(sentences.of(mention.start), []).append(
                    Actor(
                        entity.kind,
                        entity.name,
                        archive_id,
                        mention.text,
                        mention.start,
                        mention.end,
                    )
                )

    dates: list[dict[str, Any]] = []
    dates_by_sentence: dict[int, list[dict[str, Any]]] = {}
    for start, end, value in dates_in(text, code, document_date):
        stored = value.to_json()
        found = {
            "text": text[start:end],
            "start": start,
            "end": end,
            # The flags travel with the value: a year taken from the document date must stay
            # marked as inferred wherever the finding is accepted.
            "value": {
                key: stored[key]
                for key in ("start", "end", "precision", "approximate", "year_inferred")
            },
        }
        dates.append(found)
        dates_by_sentence.setdefault(sentences.of(start), []).append(found)

    found_counts = find_counts(text, code)
    # Where the document counts people: a subject of an appeal no organisation made.
    counted_people = [(start, end) for start, end, count in found_counts if count.unit == "persons"]
    counts = [
        {
            "text": text[start:end],
            "start": start,
            "end": end,
            "value": count.value,
            "qualifier": count.qualifier.value,
            # A code of counting_units for people and the units it knows, else null; what is
            # counted is always in "noun" (as written) and "lemma" ("three articles": article).
            "unit": count.unit,
            "noun": count.noun,
            "lemma": count.lemma,
            "high": count.high,
        }
        for start, end, count in found_counts
    ]

    people = sorted(
        (a for found in actors_by_sentence.values() for a in found if a.kind == "person"),
        key=lambda actor: actor.start,
    )
    people_starts = [person.start for person in people]
    speaker = witness(text, code, people)
    names_of_words = name_words([actor for found in actors_by_sentence.values() for actor in found])
    writer = document_author(
        text, [actor for found in actors_by_sentence.values() for actor in found]
    )

    # Everyone coordinated in an act's roles, by the act, joined in once the rules that read
    # one victim from beyond the sentence have had their say.
    several: dict[tuple[str, int, int], Participants] = {}

    def described(match: PhraseMatch, roles: tuple[str, str]) -> dict[str, Any]:
        """The finding with its participants under ``roles`` (an act's victim and perpetrator,
        an intervention's addressee and author) and the date and place of its sentence."""
        sentence = sentences.of(match.start)
        actors = sorted(actors_by_sentence.get(sentence, []), key=lambda actor: actor.start)
        addressed = roles[1] == "by"
        words = grammar.parses.get(sentences.starts[sentence])
        before = bisect.bisect_left(people_starts, match.start)
        # Who "both" or "they" may stand for: the people listed together in the two sentences
        # before the act's and in its own.
        nearby = [
            actor
            for index in range(max(0, sentence - GROUP_REACH), sentence + 1)
            for actor in actors_by_sentence.get(index, [])
        ]
        found = participants(
            text,
            code,
            match.start,
            match.end,
            actors,
            None
            if words is None
            else slots_in(words, match.start, match.end, code or "", addressed=addressed),
            earlier=people[before - 1] if before else None,
            before=people[:before],
            speaker=speaker,
            addressed=addressed,
            author=writer if addressed else None,
            known=names_of_words,
            groups=coordinated_groups(text, nearby, match.start),
            kind=match.term.code,
        )
        if roles[0] == "victim":
            several[(match.term.code, match.start, match.end)] = found
        author = found.perpetrator
        if author is not None and roles[1] == "by":
            # Who made an intervention is its author, not someone involved in a violation.
            author = {key: value for key, value in author.items() if key != "degree"}
        return {
            "type": match.term.code,
            "label": match.term.label("en"),
            "start": match.start,
            "end": match.end,
            roles[0]: found.victim,
            roles[1]: author,
            "date": _only(dates_by_sentence.get(sentence, [])),
            "place": _only(places_by_sentence.get(sentence, [])),
        }

    acts: list[dict[str, Any]] = []
    interventions: list[dict[str, Any]] = []
    if code is not None:
        folded = grammar.folded or fold_text(text)
        acts = [described(match, ("victim", "perpetrator")) for match in grammar.acts]
        for act in acts:
            recalled = grammar.recalled.get((act["start"], act["end"]))
            if recalled is not None:
                act.update(
                    source=RECALL_SOURCE,
                    similarity=recalled.similarity,
                    exemplar=recalled.exemplar,
                )
        counsel(text, code, acts, people)
        in_custody(text, code, acts, people, sentences.starts, sentences.of, speaker)
        summoned_to(
            text, code, acts, [actor for found in actors_by_sentence.values() for actor in found]
        )
        counsel_kept_away(text, code, acts, people, sentences.starts, sentences.of)
        told_by_kin(text, code, acts, people, sentences.starts, sentences.of)
        told_by_counsel(text, code, acts, people, sentences.starts, sentences.of)
        own_relatives(text, code, acts, people, sentences.starts, sentences.of)
        outlets_befallen(
            text,
            code,
            acts,
            [actor for found in actors_by_sentence.values() for actor in found],
            sentences.starts,
            sentences.of,
        )
        carried(
            text,
            code,
            acts,
            sentences.of,
            actors_by_sentence,
            several={start for (_, start, _), found in several.items() if found.several},
            listed={start for (_, start, _), found in several.items() if len(found.victims) > 1},
            counted=counted_people,
        )
        answerable(
            acts,
            code,
            [actor for found in actors_by_sentence.values() for actor in found],
            sentences.of,
            text,
        )
        acts = sorted(
            [*acts, *gapped_acts(text, code, acts, people, dates)], key=lambda act: act["start"]
        )
        narrowed_by_description(text, code, acts, people)
        employers_named(
            text, code, acts, [actor for found in actors_by_sentence.values() for actor in found]
        )
        for act in acts:
            _list_coordinated(act, several.get((act["type"], act["start"], act["end"])))
        if act_classifier is not None:
            acts = classify_acts(act_classifier, text, sentences.starts, acts)
        responses: dict[int, list[dict[str, Any]]] = {}
        for response in _lexicon("intervention_responses", code).find_folded(folded):
            responses.setdefault(sentences.of(response.start), []).append(
                {
                    "code": response.term.code,
                    "label": response.term.label("en"),
                    "text": text[response.start : response.end],
                    "start": response.start,
                    "end": response.end,
                }
            )
        for phrase in grammar.interventions:
            intervention = described(phrase, ("toward", "by"))
            intervention["response"] = _only(responses.get(sentences.of(phrase.start), []))
            interventions.append(intervention)
        everyone = [actor for found in actors_by_sentence.values() for actor in found]
        named_officials(text, interventions, everyone)
        marked_addressees(
            text,
            code,
            interventions,
            everyone,
            intervention_vocabulary(code).taxonomy,
            intervention_vocabulary(code).data,
        )
        letter_voice(text, code, interventions, everyone, intervention_vocabulary(code).data)
        visited_places(text, interventions, everyone, intervention_vocabulary(code).data)
        freed_people(
            text, code, interventions, everyone, intervention_vocabulary(code).data, names_of_words
        )
        monitored_bodies(code, interventions, everyone)
        interventions = by_interveners(
            text,
            code,
            interventions,
            sentences.starts,
            sentences.of,
            writer,
            everyone,
            {
                victim["name"]
                for act in acts
                for victim in (
                    act["victim"] if isinstance(act["victim"], list) else [act["victim"]]
                )
                if isinstance(victim, dict)
            },
            counted_people,
        )

    claims = find_claims(
        text,
        code,
        [actor for found in actors_by_sentence.values() for actor in found],
        roles={start: (role.start, role.end) for start, role in roles.items()},
        sentence_starts=sentences.starts,
        dates=dates,
        places=[place for found in places_by_sentence.values() for place in found],
    )
    if act_classifier is not None:
        # Claims are typed ``claim``: the classifier judges them when reviewers taught it that.
        claims = classify_acts(act_classifier, text, sentences.starts, claims)
    if party_classifier is not None:
        # Parties the archive's reviewers taught a role to are kept when it scores them so.
        acts, interventions, claims = (
            classify_parties(party_classifier, text, sentences.starts, found, PARTY_ROLES[kind])
            for kind, found in (
                ("acts", acts),
                ("interventions", interventions),
                ("claims", claims),
            )
        )

    document = {
        "item": item_id,
        "language": code,
        "document_date": None if document_date is None else document_date.isoformat(),
        "entities": entities,
        "dates": dates,
        "counts": counts,
        "acts": acts,
        "interventions": interventions,
        "claims": claims,
    }
    notes = [*recognition.notes, *([] if grammar.note is None else [grammar.note])]
    return Extraction(document, [*notes, *reading_notes(text)])


def _list_coordinated(act: dict[str, Any], found: Participants | None) -> None:
    """Make an act's victim (perpetrator) the list of everyone coordinated with it, where there
    are several and the victim is still the one its sentence gave (not one carried from the act
    before or a lawyer set aside)."""
    if found is None:
        return
    for role, everyone in (("victim", found.victims), ("perpetrator", found.perpetrators)):
        given = act.get(role)
        if len(everyone) > 1 and isinstance(given, dict) and given["name"] == everyone[0]["name"]:
            act[role] = [given, *everyone[1:]]


def extract_document(
    text: str,
    *,
    item_id: int | None,
    language: str | None,
    document_date: date | None,
    gazetteer: Gazetteer | None,
    recognise: Recognise = recognise_with_notes,
    recall: ActRecall | None = None,
) -> dict[str, Any]:
    """People, places, organisations, dates, counts, acts, interventions and claims in ``text``.

    Offsets are character offsets into ``text``. ``recognise`` is the seam to the entity models;
    ``recall``, when given, proposes acts the rules missed (``docket.extract.act_recall``).
    """
    return extract_document_with_notes(
        text,
        item_id=item_id,
        language=language,
        document_date=document_date,
        gazetteer=gazetteer,
        recognise=recognise,
        recall=recall,
    ).document
