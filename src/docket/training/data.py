"""Training data from review decisions: what reviewers accepted, corrected and rejected.

Every decided proposal of an item the trainer may see is a labelled example in the archive's own
languages and subject matter:

- an entity proposal that was accepted (or edited) names a person, organisation or place at the
  spans the record now cites in that item (a reviewer's corrected span), typed as the record it
  became (a reviewer's corrected type); one retyped into a group names no entity there;
- a rejected entity proposal says its spans are no entity;
- an act proposal accepted or edited says its sentence reports that kind of violation; a rejected
  one says it does not;
- a claim proposal accepted or edited says its sentence attributes a statement to someone (the
  label ``claim``, learned by the same sentence classifier as the violation codes); a rejected one
  says it does not;
- the parties an accepted or edited act, intervention or claim proposed (an act's victim and
  perpetrator, an intervention's author and addressee, a claim's claimant) are compared with the
  record as it stands: a proposed party the record still names (a reference to a record of that
  name, or whose name cites those words) is a mention that takes that role in its sentence; one
  removed or replaced does not; a party the reviewer named instead, at other words of the
  sentence, does. A rejected proposal says nothing about its parties.

When decisions contradict each other (the same words accepted as one thing and rejected, or
typed two ways), the latest decision wins and the contradiction is counted. Each item is on one
side of a fixed split: a held-out share of the items is never trained on and scores the model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import RowMapping, select

from docket.db.engine import reading
from docket.db.schema import items, proposals, records
from docket.errors import DocketError
from docket.extract.sentence_ends import sentence_starts
from docket.kernel import Kernel
from docket.model.access import LEVELS, Viewer, higher_level
from docket.training.current_records import ROLES, RecordParties, cited_names, held_parties

__all__ = [
    "CLAIM",
    "ENTITY_LABELS",
    "HELD_OUT_SHARE",
    "LANGUAGES",
    "Decisions",
    "Example",
    "TrainingSet",
    "held_out",
    "read_decisions",
    "sentence_spans",
]

LANGUAGES: Final = ("en", "ru", "ky")
# The labels trained pipelines give entities: those of the shipped English model, so one mapping
# reads the shipped and the trained pipelines alike.
ENTITY_LABELS: Final = {"person": "PERSON", "organisation": "ORG", "place": "GPE"}
_PROPOSAL_KINDS: Final = {"person": "person", "organization": "organisation", "place": "place"}
DECIDED: Final = ("accepted", "edited", "rejected")
# A claim proposal's type, and the label its sentence is taught under: no violation code is it.
CLAIM: Final = "claim"
_FINDING_KINDS: Final = ("act", "intervention", CLAIM)
# One item in this many is held out: its decisions score a model and are never trained on.
HELD_OUT_SHARE: Final = 5

Span = tuple[int, int]


@dataclass(frozen=True)
class Example:
    """One sentence with what reviewers decided about its words.

    ``entities`` are (start, end, label) the reviewers confirmed, ``rejected`` spans they said
    are no entity, ``acts`` the violation codes (and :data:`CLAIM`) they confirmed (True) or
    rejected (False) for the sentence, ``parties`` (start, end, role, kept): whether the words
    at start-end take that role (a key of :data:`ROLES`) in a finding of the sentence. Offsets
    are into ``text``.
    """

    text: str
    entities: tuple[tuple[int, int, str], ...] = ()
    rejected: tuple[Span, ...] = ()
    acts: tuple[tuple[str, bool], ...] = ()
    parties: tuple[tuple[int, int, str, bool], ...] = ()

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "text": self.text,
            "entities": [list(entity) for entity in self.entities],
            "rejected": [list(span) for span in self.rejected],
            "acts": [[code, accepted] for code, accepted in self.acts],
        }
        if self.parties:
            # Only when there are any: data without party decisions keeps its fingerprint.
            found["parties"] = [list(party) for party in self.parties]
        return found

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Example:
        return cls(
            str(data["text"]),
            tuple((int(s), int(e), str(label)) for s, e, label in data.get("entities", [])),
            tuple((int(s), int(e)) for s, e in data.get("rejected", [])),
            tuple((str(code), bool(ok)) for code, ok in data.get("acts", [])),
            tuple(
                (int(s), int(e), str(role), bool(kept))
                for s, e, role, kept in data.get("parties", [])
            ),
        )


@dataclass(frozen=True)
class TrainingSet:
    """The examples of one language, split into what is trained on and what scores it."""

    language: str
    train: tuple[Example, ...]
    held_out: tuple[Example, ...]
    decisions: int
    entity_decisions: int
    act_decisions: int
    contradictions: int
    level: str
    claim_decisions: int = 0
    party_decisions: int = 0

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the canonical training data (both sides of the split)."""
        body = json.dumps(
            {
                "language": self.language,
                "train": [example.to_json() for example in self.train],
                "held_out": [example.to_json() for example in self.held_out],
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    @property
    def act_labels(self) -> tuple[str, ...]:
        return tuple(sorted({code for example in self.train for code, ok in example.acts if ok}))

    @property
    def party_roles(self) -> tuple[str, ...]:
        """The roles reviewers kept for some mention outside the held-out items: a role only
        ever removed, taught, would drop every party of that role."""
        return tuple(
            sorted({role for example in self.train for *_, role, kept in example.parties if kept})
        )


@dataclass
class Decisions:
    """Everything decided in the archive that the trainer may see, by language."""

    sets: dict[str, TrainingSet] = field(default_factory=dict)
    # Items whose language is none of those a model is trained for, with their decisions.
    other_languages: dict[str, int] = field(default_factory=dict)

    def of(self, language: str) -> TrainingSet:
        found = self.sets.get(language)
        if found is None or found.decisions == 0:
            raise DocketError(
                f"no review decisions in {language!r} to learn from: accept or reject some "
                f"proposals of {language!r} items first"
            )
        return found


def held_out(archive_id: str, item_id: int) -> bool:
    """Whether an item's decisions are kept out of training; fixed for the item's lifetime."""
    digest = hashlib.sha256(f"{archive_id}:{item_id}".encode()).digest()
    return digest[0] % HELD_OUT_SHARE == 0


@dataclass
class _Item:
    language: str
    level: str
    # (decided_at, proposal id) orders decisions; the latest about the same words wins.
    entities: dict[Span, tuple[tuple[str, int], str | None]] = field(default_factory=dict)
    acts: dict[tuple[Span, str], tuple[tuple[str, int], bool]] = field(default_factory=dict)
    # (mention, role) -> (order, kept), with the start of the finding's words: a party is taught
    # with the sentence of its finding.
    parties: dict[tuple[Span, str], tuple[tuple[str, int], bool, int]] = field(default_factory=dict)
    decisions: int = 0
    entity_decisions: int = 0
    act_decisions: int = 0
    claim_decisions: int = 0
    party_decisions: int = 0
    contradictions: int = 0

    def decide_party(
        self, span: Span, role: str, order: tuple[str, int], kept: bool, finding: int
    ) -> None:
        key = (span, role)
        known = self.parties.get(key)
        self.party_decisions += 1
        if known is not None:
            if known[1] != kept:
                self.contradictions += 1
            if known[0] > order:
                return
        self.parties[key] = (order, kept, finding)

    def decide_entity(self, span: Span, order: tuple[str, int], label: str | None) -> None:
        self._decide(self.entities, span, order, label)

    def decide_act(self, span: Span, code: str, order: tuple[str, int], accepted: bool) -> None:
        self._decide(self.acts, (span, code), order, accepted)

    def _decide(
        self, table: dict[Any, Any], key: object, order: tuple[str, int], said: object
    ) -> None:
        """Keep the latest of the decisions about ``key``; count those that disagree."""
        known = table.get(key)
        if known is not None:
            if known[1] != said:
                self.contradictions += 1
            if known[0] > order:
                return
        table[key] = (order, said)


def _spans(payload: Mapping[str, Any]) -> list[Span]:
    spans = []
    for mention in payload.get("mentions") or []:
        try:
            spans.append((int(mention["start"]), int(mention["end"])))
        except (KeyError, TypeError, ValueError):
            continue
    return spans


def _language(raw: object) -> str | None:
    if not isinstance(raw, str) or not raw.strip():
        return None
    return raw.strip().lower().replace("_", "-").split("-")[0]


def read_decisions(kernel: Kernel, viewer: Viewer) -> Decisions:
    """Every decided proposal of the items ``viewer`` may see, as training data by language."""
    viewer.require_admin()
    with reading(kernel.engine) as connection:
        rows = list(
            connection.execute(
                select(
                    proposals.c.id,
                    proposals.c.item_id,
                    proposals.c.kind,
                    proposals.c.payload,
                    proposals.c.status,
                    proposals.c.decided_at,
                    proposals.c.record_id,
                    items.c.language,
                    items.c.confidentiality,
                    records.c.type.label("record_type"),
                )
                .join(items, items.c.id == proposals.c.item_id)
                .outerjoin(records, records.c.id == proposals.c.record_id)
                .where(
                    proposals.c.status.in_(DECIDED),
                    proposals.c.kind.in_((*_PROPOSAL_KINDS, *_FINDING_KINDS)),
                    viewer.visibility.clause(items.c.confidentiality),
                )
                .order_by(proposals.c.id)
            ).mappings()
        )
        named = cited_names(
            connection, sorted({int(row["record_id"]) for row in rows if row["record_id"]})
        )
        held = held_parties(
            connection,
            sorted(
                {
                    int(row["record_id"])
                    for row in rows
                    if row["record_id"] and row["kind"] in _FINDING_KINDS
                }
            ),
        )
        found: dict[int, _Item] = {}
        others: dict[str, int] = {}
        for row in rows:
            language = _language(row["language"])
            if language not in LANGUAGES:
                shown = language or "unknown"
                others[shown] = others.get(shown, 0) + 1
                continue
            item = found.setdefault(
                int(row["item_id"]), _Item(language, str(row["confidentiality"] or "public"))
            )
            _decide(item, row, named, held)
        texts = {item_id: kernel.text_in(connection, item_id) for item_id in found}
    return Decisions(_sets(kernel.archive_id, found, texts), others)


def _decide(
    item: _Item,
    row: RowMapping,
    named: Mapping[tuple[int, int], list[Span]],
    held: RecordParties,
) -> None:
    try:
        payload = json.loads(row["payload"])
    except ValueError:
        return
    if not isinstance(payload, dict):
        return
    order = (str(row["decided_at"] or ""), int(row["id"]))
    accepted = row["status"] != "rejected"
    item.decisions += 1
    if row["kind"] in _FINDING_KINDS and accepted and row["record_id"] is not None:
        _decide_parties(item, int(row["item_id"]), int(row["record_id"]), payload, order, held)
    if row["kind"] == "intervention":
        return
    if row["kind"] in ("act", CLAIM):
        try:
            span = (int(payload["start"]), int(payload["end"]))
            code = CLAIM if row["kind"] == CLAIM else str(payload["type"])
        except (KeyError, TypeError, ValueError):
            return
        if code == CLAIM:
            item.claim_decisions += 1
        else:
            item.act_decisions += 1
        item.decide_act(span, code, order, accepted)
        return
    item.entity_decisions += 1
    spans = _spans(payload)
    if not accepted:
        for span in spans:
            item.decide_entity(span, order, None)
        return
    record_type = row["record_type"] or _PROPOSAL_KINDS[row["kind"]]
    label = ENTITY_LABELS.get(str(record_type))
    if row["record_id"] is not None:
        cited = named.get((int(row["record_id"]), int(row["item_id"])))
        if cited:
            # The words the record now cites: a reviewer who corrected the span corrected these.
            for span in spans:
                if not any(s < span[1] and span[0] < e for s, e in cited):
                    item.decide_entity(span, order, None)
            spans = cited
    for span in spans:
        item.decide_entity(span, order, label)


def _span_of(found: object) -> Span | None:
    if not isinstance(found, Mapping):
        return None
    try:
        span = (int(found["start"]), int(found["end"]))
    except (KeyError, TypeError, ValueError):
        return None
    return span if span[0] < span[1] else None


def _decide_parties(
    item: _Item,
    item_id: int,
    record_id: int,
    payload: Mapping[str, Any],
    order: tuple[str, int],
    held: RecordParties,
) -> None:
    """What the record an accepted finding became says about the parties it proposed."""
    finding = _span_of(payload)
    if finding is None:
        return
    # Words a party's reference cites that are not the party: the finding's own words and its
    # cue, which a reference cites when the reviewer selected nothing else.
    own = {finding, _span_of(payload.get("cue"))}
    for role in ROLES:
        raw = payload.get(role)
        proposed = [
            (candidate, span)
            for candidate in (raw if isinstance(raw, list) else [raw])
            if isinstance(candidate, Mapping) and (span := _span_of(candidate)) is not None
        ]
        now = held.of(record_id, role)
        for candidate, span in proposed:
            kept = any(held.same(party, candidate, item_id, span) for party in now)
            item.decide_party(span, role, order, kept, finding[0])
        for party in now:
            if any(held.same(party, candidate, item_id, span) for candidate, span in proposed):
                continue
            # A party the reviewer named instead, at words of their choosing.
            for cited_item, span in party.cites:
                if cited_item != item_id or span in own:
                    continue
                if any(s < span[1] and span[0] < e for _, (s, e) in proposed):
                    continue
                item.decide_party(span, role, order, True, finding[0])


def sentence_spans(text: str) -> list[Span]:
    """(start, end) of each sentence of ``text``, split as extraction splits them."""
    starts = sentence_starts(text)
    ends = [*starts[1:], len(text)]
    return [(start, end) for start, end in zip(starts, ends, strict=True) if start < end]


def _examples(item: _Item, text: str) -> Iterator[Example]:
    """The sentences of ``text`` that hold decisions, offsets made relative to each sentence.

    A decided span crossing a sentence boundary widens its sentence to the next one.
    """
    decided: list[Span] = [
        span for span, _ in item.entities.items() if 0 <= span[0] < span[1] <= len(text)
    ]
    decided += [span for span, _ in item.acts if 0 <= span[0] < span[1] <= len(text)]
    decided += [span for span, _ in item.parties if 0 <= span[0] < span[1] <= len(text)]
    if not decided:
        return
    windows: list[list[int]] = []
    for start, end in sentence_spans(text):
        if windows and any(s < start < e for s, e in decided):
            windows[-1][1] = end
        else:
            windows.append([start, end])
    for start, end in windows:
        entities = []
        rejected = []
        for (s, e), (_, label) in sorted(item.entities.items()):
            if start <= s and e <= end and text[s:e].strip():
                if label is None:
                    rejected.append((s - start, e - start))
                else:
                    entities.append((s - start, e - start, label))
        acts: dict[str, bool] = {}
        for ((s, e), code), (_, accepted) in sorted(item.acts.items(), key=lambda kv: kv[1][0]):
            if start <= s and e <= end:
                acts[code] = accepted
        parties = sorted(
            (s - start, e - start, role, kept)
            for ((s, e), role), (_, kept, finding) in item.parties.items()
            if start <= s and e <= end and start <= finding < end and text[s:e].strip()
        )
        if entities or rejected or acts or parties:
            yield Example(
                text[start:end],
                tuple(_without_overlaps(entities)),
                tuple(rejected),
                tuple(sorted(acts.items())),
                tuple(parties),
            )


def _without_overlaps(entities: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Confirmed spans with no two overlapping: the longer one is kept."""
    kept: list[tuple[int, int, str]] = []
    for entity in sorted(entities, key=lambda found: (found[0] - found[1], found[0])):
        if not any(s < entity[1] and entity[0] < e for s, e, _ in kept):
            kept.append(entity)
    return sorted(kept)


def _sets(
    archive_id: str, found: Mapping[int, _Item], texts: Mapping[int, str]
) -> dict[str, TrainingSet]:
    by_language: dict[str, list[tuple[int, _Item]]] = {}
    for item_id, item in sorted(found.items()):
        by_language.setdefault(item.language, []).append((item_id, item))
    sets = {}
    for language, decided in by_language.items():
        aside = {item_id for item_id, _ in decided if held_out(archive_id, item_id)}
        if not aside and len(decided) > 1:
            # Too few items for the share to pick one: the item of the smallest digest is kept
            # aside, so there is always something to score on.
            aside = {
                min(
                    (item_id for item_id, _ in decided),
                    key=lambda i: hashlib.sha256(f"{archive_id}:{i}".encode()).digest(),
                )
            }
        train = [e for i, item in decided if i not in aside for e in _examples(item, texts[i])]
        kept = [e for i, item in decided if i in aside for e in _examples(item, texts[i])]
        sets[language] = TrainingSet(
            language=language,
            train=tuple(train),
            held_out=tuple(kept),
            decisions=sum(item.decisions for _, item in decided),
            entity_decisions=sum(item.entity_decisions for _, item in decided),
            act_decisions=sum(item.act_decisions for _, item in decided),
            contradictions=sum(item.contradictions for _, item in decided),
            level=higher_level(LEVELS[0], *(item.level for _, item in decided)),
            claim_decisions=sum(item.claim_decisions for _, item in decided),
            party_decisions=sum(item.party_decisions for _, item in decided),
        )
    return sets
