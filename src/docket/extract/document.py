"""Everything a document says that a documenter would record, as one JSON-ready proposal.

People, organisations and places (grouped, linked to the archive's records where a known name
matched), dates anchored to the document's own date, counts, acts of violation and interventions
found through the taxonomies' lexicons. An act or intervention gets a date or place only when its
sentence holds exactly one: a guess between two would be worse than a blank for a reviewer.

Every stage is linear in the length of the text (recognisers see bounded chunks; dates, counts
and phrases are single passes; grouping is indexed), so a long report costs proportionally.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from docket.extract.gazetteer import Gazetteer
from docket.extract.grouping import Entity, group_mentions
from docket.extract.lexicon import Lexicon, PhraseMatch
from docket.extract.recognise import Recognition, recognise_with_notes
from docket.model.counts import find_counts
from docket.model.dates import find_dates
from docket.model.taxonomy import load_taxonomy

__all__ = ["Extraction", "extract_document", "extract_document_with_notes"]

Recognise = Callable[[str, "str | None", "Gazetteer | None"], Recognition]

_SENTENCE_END = re.compile(r"[.!?…]+[\"'»”)]*\s+|\n\s*\n|\n(?=\s*[-•*\d])")


@dataclass(frozen=True)
class Extraction:
    """The proposal for one document and what a reviewer should know about how it was made."""

    document: dict[str, Any]
    notes: list[str]


@lru_cache(maxsize=32)
def _lexicon(taxonomy: str, language: str) -> Lexicon:
    return Lexicon(load_taxonomy(taxonomy), language)


class _Sentences:
    def __init__(self, text: str) -> None:
        self._starts = [0] + [match.end() for match in _SENTENCE_END.finditer(text)]

    def of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset) - 1


def _archive_id(entity: Entity, ids: dict[tuple[int, int], set[str]]) -> str | None:
    found: set[str] = set()
    for mention in entity.mentions:
        found.update(ids.get((mention.start, mention.end), ()))
    # Two records behind one entity is a question for a reviewer, not a link.
    return found.pop() if len(found) == 1 else None


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
) -> Extraction:
    """The proposal for ``text`` (see ``extract_document``), with notes on how it was made."""
    recognition = recognise(text, language, gazetteer)
    code = recognition.language
    ids: dict[tuple[int, int], set[str]] = {}
    if gazetteer is not None:
        for known in gazetteer.matches(text):
            span = (known.mention.start, known.mention.end)
            ids.setdefault(span, set()).add(known.known.archive_id)
    sentences = _Sentences(text)

    entities: list[dict[str, Any]] = []
    places_by_sentence: dict[int, list[dict[str, Any]]] = {}
    for entity in group_mentions(recognition.mentions):
        archive_id = _archive_id(entity, ids)
        entities.append(
            {
                "kind": entity.kind,
                "name": entity.name,
                "archive_id": archive_id,
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

    dates: list[dict[str, Any]] = []
    dates_by_sentence: dict[int, list[dict[str, Any]]] = {}
    for start, end, value in find_dates(text, document_date, code):
        stored = value.to_json()
        found = {
            "text": text[start:end],
            "start": start,
            "end": end,
            "value": {key: stored[key] for key in ("start", "end", "precision")},
        }
        dates.append(found)
        dates_by_sentence.setdefault(sentences.of(start), []).append(found)

    counts = [
        {
            "text": text[start:end],
            "start": start,
            "end": end,
            "value": count.value,
            "qualifier": count.qualifier.value,
            "unit": count.unit,
        }
        for start, end, count in find_counts(text, code)
    ]

    def described(match: PhraseMatch) -> dict[str, Any]:
        sentence = sentences.of(match.start)
        return {
            "type": match.term.code,
            "label": match.term.label("en"),
            "start": match.start,
            "end": match.end,
            "victim": None,
            "perpetrator": None,
            "date": _only(dates_by_sentence.get(sentence, [])),
            "place": _only(places_by_sentence.get(sentence, [])),
        }

    acts: list[dict[str, Any]] = []
    interventions: list[dict[str, Any]] = []
    if code is not None:
        acts = [described(match) for match in _lexicon("violation_types", code).find(text)]
        responses: dict[int, list[dict[str, Any]]] = {}
        for response in _lexicon("intervention_responses", code).find(text):
            responses.setdefault(sentences.of(response.start), []).append(
                {
                    "code": response.term.code,
                    "label": response.term.label("en"),
                    "text": text[response.start : response.end],
                    "start": response.start,
                    "end": response.end,
                }
            )
        for phrase in _lexicon("intervention_types", code).find(text):
            intervention = described(phrase)
            intervention["response"] = _only(responses.get(sentences.of(phrase.start), []))
            interventions.append(intervention)

    document = {
        "item": item_id,
        "language": code,
        "document_date": None if document_date is None else document_date.isoformat(),
        "entities": entities,
        "dates": dates,
        "counts": counts,
        "acts": acts,
        "interventions": interventions,
    }
    return Extraction(document, list(recognition.notes))


def extract_document(
    text: str,
    *,
    item_id: int | None,
    language: str | None,
    document_date: date | None,
    gazetteer: Gazetteer | None,
    recognise: Recognise = recognise_with_notes,
) -> dict[str, Any]:
    """People, places, organisations, dates, counts, acts and interventions in ``text``.

    Offsets are character offsets into ``text``. ``recognise`` is the seam to the entity models.
    """
    return extract_document_with_notes(
        text,
        item_id=item_id,
        language=language,
        document_date=document_date,
        gazetteer=gazetteer,
        recognise=recognise,
    ).document
