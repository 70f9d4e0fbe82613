"""How much of the annotated set comes out of review as it was proposed.

    .venv/bin/python benchmarks/review_yield.py [--gold eval/gold] [--split holdout] [--json]

Every gold document is ingested into a fresh archive (published on its document date), extracted
and proposed exactly as ``docket propose`` does, and every proposal is then accepted **as it
stands**, with no edit, in the order the queue shows them. A proposal that cannot be accepted
without an edit (a required field missing) counts as needing edits. Two figures follow:

- **proposals accepted without edits**: of the proposals that state a fact of the gold set (an
  entity with an overlapping mention, an act or intervention of the same type over an
  overlapping span), the share whose record, accepted as proposed, holds every value the gold
  fact has (names, victim, perpetrator, date, place, author, addressee, response);
- **facts needing no manual addition**: of the gold facts, the share held completely by a
  record that review made from a proposal accepted as proposed.

What counts as "the same" value: a referenced record whose name folds to the gold canonical
name or to one of its mentions; a date with the gold date's first and last day.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docket.archive import Archive
from docket.config import Settings
from docket.door import Door
from docket.errors import DocketError
from docket.extract.annotation_reading import load_gold
from docket.extract.annotations import Act, GoldDocument, Intervention
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.model.dates import UncertainDate
from docket.names.keys import name_key

ENTITY_TYPES = {"person": "person", "organization": "organisation", "place": "place"}


@dataclass
class Tally:
    proposals: int = 0
    true_proposals: int = 0
    accepted_as_proposed: int = 0
    complete_as_proposed: int = 0
    facts: Counter[str] = field(default_factory=Counter)
    complete_facts: Counter[str] = field(default_factory=Counter)
    values: Counter[str] = field(default_factory=Counter)
    values_held: Counter[str] = field(default_factory=Counter)

    def merge(self, other: Tally) -> None:
        self.proposals += other.proposals
        self.true_proposals += other.true_proposals
        self.accepted_as_proposed += other.accepted_as_proposed
        self.complete_as_proposed += other.complete_as_proposed
        self.facts.update(other.facts)
        self.complete_facts.update(other.complete_facts)
        self.values.update(other.values)
        self.values_held.update(other.values_held)


def folded(text: str) -> str:
    """A name's key across scripts and spellings (Атамбаев and Atambayev agree)."""
    return name_key(text)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Judge:
    """Reads the records review made from one item and compares them with its gold facts."""

    def __init__(self, door: Door, item_id: int, gold: GoldDocument) -> None:
        self.door = door
        self.item_id = item_id
        self.gold = gold.annotation
        self.names: dict[str, set[str]] = {}
        for entity in self.gold.entities:
            self.names[entity.name] = {folded(entity.name)} | {
                folded(m.text) for m in entity.mentions
            }
        self.date_values = {
            d.span.text: (d.value.start.isoformat(), d.value.end.isoformat())
            for d in self.gold.dates
        }

    def _names_of(self, record_id: int) -> set[str]:
        try:
            record = self.door.records.get(record_id, log=False)
        except DocketError:
            return set()
        spellings = {folded(str(v.value.get("text", ""))) for v in record.field_values("name")}
        for name in ("description", "title"):
            spellings.update(folded(str(v.value)) for v in record.field_values(name))
        return spellings

    def _refers_to(self, record: Any, field_name: str, gold_name: str | None) -> bool:
        if gold_name is None:
            return True
        wanted = self.names.get(gold_name, {folded(gold_name)})
        return any(self._names_of(ref) & wanted for ref in record.refs(field_name))

    def _dated(self, record: Any, gold_date: str | None) -> bool:
        if gold_date is None:
            return True
        value = record.first("date")
        if not isinstance(value, dict):
            return False
        stored = UncertainDate.from_json(value)
        days = (
            None if stored.start is None else stored.start.isoformat(),
            None if stored.end is None else stored.end.isoformat(),
        )
        return days == self.date_values.get(gold_date)

    def _involved(self, act_id: int, perpetrator: str | None) -> bool:
        if perpetrator is None:
            return True
        for referrer in self.door.records.referrers([act_id]):
            record = self.door.records.get(referrer, log=False)
            if record.type.name == "involvement" and self._refers_to(
                record, "perpetrator", perpetrator
            ):
                return True
        return False

    def act_checks(self, record: Any, act: Act) -> dict[str, bool]:
        """For each value the gold act has, whether the record holds it."""
        checks = {"violation": record.first("violation") == act.type}
        if act.victims:
            # Every victim the text names, as every perpetrator below.
            checks["victim"] = all(self._refers_to(record, "victim", v) for v in act.victims)
        if act.place is not None:
            checks["place"] = self._refers_to(record, "place", act.place)
        if act.date is not None:
            checks["date"] = self._dated(record, act.date)
        if act.perpetrators:
            checks["perpetrator"] = all(self._involved(record.id, p) for p in act.perpetrators)
        return checks

    def intervention_checks(self, record: Any, found: Intervention) -> dict[str, bool]:
        """For each value the gold intervention has, whether the record holds it."""
        checks = {"kind": record.first("kind") == found.type}
        if found.by is not None:
            checks["by"] = self._refers_to(record, "by", found.by)
        if found.toward is not None:
            checks["toward"] = any(
                self._refers_to(record, name, found.toward) for name in ("addressee", "concerning")
            )
        if found.response is not None:
            checks["response"] = record.first("response") == found.response
        return checks

    def entity_complete(self, record: Any, kind: str, name: str) -> bool:
        return record.type.name == ENTITY_TYPES[kind] and bool(
            self._names_of(record.id) & self.names[name]
        )


def _cited_spans(record: Any, field_name: str, item_id: int) -> list[tuple[int, int]]:
    return [
        (c.start, c.end)
        for v in record.field_values(field_name)
        for c in v.citations
        if c.item_id == item_id
    ]


def _gold_fact_of(proposal: Any, gold: GoldDocument) -> tuple[str, Any] | None:
    """The gold fact a proposal states, if any."""
    annotation = gold.annotation
    payload = proposal.payload
    if proposal.kind in ("act", "intervention"):
        span = (int(payload["start"]), int(payload["end"]))
        facts: Iterable[Act | Intervention] = (
            annotation.acts if proposal.kind == "act" else annotation.interventions
        )
        for fact in facts:
            if fact.type == payload["type"] and overlaps(span, (fact.span.start, fact.span.end)):
                return proposal.kind, fact
        return None
    if proposal.kind not in ENTITY_TYPES:
        return None  # claims are left out of the review yield
    spans = [(int(m["start"]), int(m["end"])) for m in payload["mentions"]]
    for entity in annotation.entities:
        if entity.kind != proposal.kind:
            continue
        if any(overlaps(s, (m.start, m.end)) for s in spans for m in entity.mentions):
            return "entity", entity
    return None


def _checks(judge: Judge, record: Any, kind: str, fact: Any) -> dict[str, bool]:
    if kind == "act":
        return judge.act_checks(record, fact) if record.type.name == "act" else {}
    if kind == "intervention":
        return judge.intervention_checks(record, fact) if record.type.name == "intervention" else {}
    return {"name": judge.entity_complete(record, fact.kind, fact.name)}


def _complete(judge: Judge, record: Any, kind: str, fact: Any) -> bool:
    checks = _checks(judge, record, kind, fact)
    return bool(checks) and all(checks.values())


def review_document(door: Door, gold: GoldDocument, folder: Path) -> Tally:
    tally = Tally()
    source = folder / f"{gold.annotation.item}.txt"
    source.write_text(gold.text, encoding="utf-8")
    published = gold.annotation.document_date
    provenance = Provenance(published=None if published is None else published.isoformat())
    (result,) = list(door.items.ingest([source], provenance))
    if result.id is None:
        raise SystemExit(f"{source.name}: {result.error}")
    item_id = result.id
    (extraction,) = list(door.extract([item_id]))
    door.proposals.store(item_id, extraction.document)
    judge = Judge(door, item_id, gold)
    made: list[tuple[Any, tuple[str, Any] | None]] = []
    while True:
        pending = [p for p in door.proposals.pending(500) if p.item_id == item_id]
        if not pending:
            break
        for proposal in pending:
            tally.proposals += 1
            fact = _gold_fact_of(proposal, gold)
            tally.true_proposals += fact is not None
            try:
                record_id = door.proposals.accept(proposal.id)
            except DocketError:
                door.proposals.reject(proposal.id, "needs edits")
                continue
            tally.accepted_as_proposed += 1
            made.append((door.records.get(record_id, log=False), fact))
    # Read again: a later proposal may have added to a record made earlier.
    records = [door.records.get(record.id, log=False) for record, _ in made]
    for record, (_, fact) in zip(records, made, strict=True):
        if fact is not None and _complete(judge, record, *fact):
            tally.complete_as_proposed += 1
    facts: list[tuple[str, Any]] = [("entity", e) for e in gold.annotation.entities]
    facts += [("act", a) for a in gold.annotation.acts]
    facts += [("intervention", i) for i in gold.annotation.interventions]
    for kind, fact in facts:
        tally.facts[kind] += 1
        if any(_complete(judge, record, kind, fact) for record in records):
            tally.complete_facts[kind] += 1
        if kind != "entity":
            _tally_values(tally, judge, records, kind, fact, item_id)
    return tally


def _tally_values(
    tally: Tally, judge: Judge, records: Sequence[Any], kind: str, fact: Any, item_id: int
) -> None:
    """Which of a gold act's or intervention's values the records made from its words hold."""
    main = "violation" if kind == "act" else "kind"
    span = (fact.span.start, fact.span.end)
    held: dict[str, bool] = {}
    for record in records:
        if record.type.name != kind or not any(
            overlaps(cited, span) for cited in _cited_spans(record, main, item_id)
        ):
            continue
        for name, holds in _checks(judge, record, kind, fact).items():
            held[name] = held.get(name, False) or holds
    for name in _gold_fields(kind, fact):
        tally.values[f"{kind}.{name}"] += 1
        tally.values_held[f"{kind}.{name}"] += held.get(name, False)


def _gold_fields(kind: str, fact: Any) -> list[str]:
    """The values a gold act or intervention has, named as ``Judge`` checks them."""
    if kind == "act":
        given = {
            "victim": bool(fact.victims),
            "place": fact.place is not None,
            "date": fact.date is not None,
            "perpetrator": bool(fact.perpetrators),
        }
        return ["violation", *(name for name, has in given.items() if has)]
    optional = ("by", "toward", "response")
    return ["kind", *(name for name in optional if getattr(fact, name) is not None)]


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "0/0"


def run(gold_folder: str, splits: Sequence[str]) -> dict[str, Any]:
    documents = [d for d in load_gold(gold_folder) if d.split in splits]
    total = Tally()
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch) / "archive"
        archive = Archive.create(Settings.from_env(home=home))
        try:
            door = archive.as_viewer(Viewer.owner())
            texts = Path(scratch) / "texts"
            texts.mkdir()
            for number, document in enumerate(documents, 1):
                print(f"[{number}/{len(documents)}] {document.annotation.item}", file=sys.stderr)
                total.merge(review_document(door, document, texts))
        finally:
            archive.close()
    return {
        "documents": len(documents),
        "splits": list(splits),
        "proposals": total.proposals,
        "proposals_stating_a_gold_fact": total.true_proposals,
        "accepted_without_edit": total.accepted_as_proposed,
        "true_and_complete_as_proposed": total.complete_as_proposed,
        "facts": dict(total.facts),
        "facts_complete_without_manual_addition": dict(total.complete_facts),
        "values": dict(total.values),
        "values_held": dict(total.values_held),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default="eval/gold")
    parser.add_argument("--split", action="append", choices=["tune", "holdout"])
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    figures = run(options.gold, options.split or ["tune", "holdout"])
    if options.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"documents: {figures['documents']} ({', '.join(figures['splits'])})")
    print(
        "proposals accepted without edits (of those stating a gold fact): "
        + share(figures["true_and_complete_as_proposed"], figures["proposals_stating_a_gold_fact"])
    )
    print(f"proposals accepted at all without an edit: {figures['accepted_without_edit']}")
    for kind, whole in sorted(figures["facts"].items()):
        done = figures["facts_complete_without_manual_addition"].get(kind, 0)
        print(f"{kind} facts needing no manual addition: {share(done, whole)}")
    print("values of gold acts and interventions held by the records made from their words:")
    for name, whole in sorted(figures["values"].items()):
        print(f"  {name}: {share(figures['values_held'].get(name, 0), whole)}")
    whole = sum(figures["facts"].values())
    done = sum(figures["facts_complete_without_manual_addition"].values())
    print(f"all facts needing no manual addition: {share(done, whole)}")


if __name__ == "__main__":
    main()
