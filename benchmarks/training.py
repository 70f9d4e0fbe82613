"""Learning curve: extraction F1 on the annotated holdout after training on 0…N review decisions.

    .venv/bin/python benchmarks/training.py [--language en] [--points 0 100 500 2000]
        [--iterations 10] [--json]

Decisions are made from the **tune** split of ``eval/gold`` as a reviewer would make them on
what the shipped pipeline proposes there: a proposed mention that is a gold mention is accepted;
one over a gold mention with other bounds or another kind is edited (the gold span and kind are
what the reviewer keeps); one over no gold mention is rejected; a proposed act is accepted when a
gold act of its type covers its words and rejected otherwise; the victim and perpetrator it
proposes (an intervention's author and addressee) are kept when that gold act (intervention) gives
the role to the entity they mention, and removed otherwise. Gold mentions that nothing proposed
are not decisions (nobody reviewed them). When a point asks for more decisions than the tune split
gives, the rest are copies of its sentences with each confirmed name exchanged for another gold
name of the same kind (a named-entity swap), so the words around names are the tune split's own.

Each point trains the entity recogniser, the act classifier and the party classifier exactly as
``docket train`` does (``docket.training.fit.train_language``) and scores the whole extraction
pipeline with that model on the **holdout** split, which no decision comes from. Timing is given
as a ratio to a floor measured in the same run: one pass of the shipped recogniser over the
training sentences. Each row also gives how many acts were proposed for how many gold acts, so
a change of the acts' F1 is seen with its cause.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from docket.cli.evaluation import predicted_annotation
from docket.extract.annotation_reading import load_gold
from docket.extract.annotations import GoldDocument
from docket.extract.document import ExtractionInput, extract_documents
from docket.extract.evaluation import score
from docket.extract.recognise import recognise_many
from docket.extract.trained import TrainedModels
from docket.training.data import ENTITY_LABELS, Example, TrainingSet, sentence_spans
from docket.training.fit import ACTS_DIR, ENTITIES_DIR, PARTIES_DIR, train_language
from timing import seconds

GOLD = Path(__file__).resolve().parent.parent / "eval" / "gold"
LABELS = {"person": ENTITY_LABELS["person"], "organization": ENTITY_LABELS["organisation"]}
LABELS["place"] = ENTITY_LABELS["place"]
METRICS = (
    "persons",
    "organisations",
    "places",
    "person_mentions",
    "place_mentions",
    "acts",
    "act_participants",
    "intervention_participants",
)
_SEED = 7


def _one(actor: str | None) -> tuple[str, ...]:
    return () if actor is None else (actor,)


def _decisions(document: GoldDocument) -> list[tuple[Example, int]]:
    """The sentences of one tune document with the decisions a reviewer would make in them."""
    text = document.text
    language = document.annotation.language
    extraction = next(
        extract_documents(
            [ExtractionInput(text, None, language, document.annotation.document_date)], None
        )
    ).document
    (recognition,) = recognise_many([(text, language)])
    gold = {
        (m.start, m.end): LABELS[entity.kind]
        for entity in document.annotation.entities
        for m in entity.mentions
    }
    gold_acts = [(act.type, act.span.start, act.span.end) for act in document.annotation.acts]
    mentions = {
        entity.name: [(m.start, m.end) for m in entity.mentions]
        for entity in document.annotation.entities
    }
    # Who each gold finding gives each role to, by its type and words.
    gold_roles = [
        (
            found.type,
            found.span.start,
            found.span.end,
            {"victim": found.victims, "perpetrator": found.perpetrators},
        )
        for found in document.annotation.acts
    ] + [
        (
            found.type,
            found.span.start,
            found.span.end,
            {"by": _one(found.by), "toward": _one(found.toward)},
        )
        for found in document.annotation.interventions
    ]

    def gives(finding: dict[str, Any], role: str, party: dict[str, Any]) -> bool:
        """Whether a gold finding of the same type over the same words gives ``role`` to the
        entity ``party`` mentions."""
        for code, s, e, roles in gold_roles:
            if code == finding["type"] and s < finding["end"] and finding["start"] < e:
                return any(
                    ms < party["end"] and party["start"] < me
                    for named in roles.get(role, ())
                    for ms, me in mentions[named]
                )
        return False

    found: list[tuple[Example, int]] = []
    for start, end in sentence_spans(text):
        entities: dict[tuple[int, int], str] = {}
        rejected: set[tuple[int, int]] = set()
        decided = 0
        for mention in recognition.mentions:
            if not start <= mention.start < end:
                continue
            decided += 1
            span = (mention.start, mention.end)
            over = [g for g in gold if g[0] < span[1] and span[0] < g[1]]
            if not over:
                rejected.add(span)
            for kept in over:
                entities[kept] = gold[kept]
                if kept != span:
                    rejected.add(span)
        acts: dict[str, bool] = {}
        for act in extraction["acts"]:
            if start <= act["start"] < end:
                decided += 1
                acts[act["type"]] = any(
                    code == act["type"] and s < act["end"] and act["start"] < e
                    for code, s, e in gold_acts
                )
        parties: dict[tuple[int, int, str], bool] = {}
        for kind, roles in (
            ("acts", ("victim", "perpetrator")),
            ("interventions", ("by", "toward")),
        ):
            for finding in extraction[kind]:
                if not start <= finding["start"] < end:
                    continue
                for role in roles:
                    party = finding.get(role)
                    if isinstance(party, dict) and start <= party["start"] < party["end"] <= end:
                        decided += 1
                        at = (party["start"] - start, party["end"] - start, role)
                        parties[at] = gives(finding, role, party)
        if decided:
            shifted = tuple(
                (s - start, e - start, label)
                for (s, e), label in sorted(entities.items())
                if start <= s and e <= end
            )
            rejected_here = tuple(
                (s - start, e - start) for s, e in sorted(rejected) if start <= s and e <= end
            )
            found.append(
                (
                    Example(
                        text[start:end],
                        shifted,
                        rejected_here,
                        tuple(sorted(acts.items())),
                        tuple((*at, ok) for at, ok in sorted(parties.items())),
                    ),
                    decided,
                )
            )
    return found


def _swapped(example: Example, names: dict[str, list[str]], rng: random.Random) -> Example:
    """``example`` with each confirmed name exchanged for another gold name of its kind."""
    text, entities, rejected = example.text, [], list(example.rejected)
    shift, pieces, cursor = 0, [], 0
    for start, end, label in example.entities:
        name = rng.choice(names[label])
        pieces.append(text[cursor:start])
        new_start = start + shift
        pieces.append(name)
        shift += len(name) - (end - start)
        entities.append((new_start, new_start + len(name), label))
        rejected = [
            (s + len(name) - (end - start), e + len(name) - (end - start)) if s >= end else (s, e)
            for s, e in rejected
        ]
        cursor = end
    pieces.append(text[cursor:])
    kept = [(s, e) for s, e in rejected if not any(s < ee and es < e for es, ee, _ in entities)]
    # A party at a swapped name takes the new name's words; one beside them moves with them.
    moved = []
    for s, e, role, ok in example.parties:
        new = _moved((s, e), example.entities, entities)
        if new is not None:
            moved.append((*new, role, ok))
    return Example("".join(pieces), tuple(entities), tuple(kept), example.acts, tuple(moved))


def _moved(
    span: tuple[int, int],
    old: Sequence[tuple[int, int, str]],
    new: Sequence[tuple[int, int, str]],
) -> tuple[int, int] | None:
    """Where ``span`` lies after each name at ``old`` became the one at ``new``; None when it
    covered part of a swapped name only."""
    shift = 0
    for (s, e, _), (ns, ne, _) in zip(old, new, strict=True):
        if (s, e) == span:
            return (ns, ne)
        if s < span[1] and span[0] < e:
            return None
        if e <= span[0]:
            shift = ne - e
    return (span[0] + shift, span[1] + shift)


def _sample(
    pool: Sequence[tuple[Example, int]], wanted: int, names: dict[str, list[str]]
) -> tuple[list[Example], int]:
    rng = random.Random(_SEED)
    order = list(pool)
    rng.shuffle(order)
    chosen: list[Example] = []
    total = 0
    round_number = 0
    while total < wanted and order:
        for example, decided in order:
            if total >= wanted:
                break
            chosen.append(example if round_number == 0 else _swapped(example, names, rng))
            total += decided
        round_number += 1
    return chosen, total


def _score(holdout: list[GoldDocument], trained: TrainedModels | None) -> dict[str, float]:
    """F1 of each metric on ``holdout``, and how many acts were proposed for how many gold."""
    inputs = [
        ExtractionInput(d.text, None, d.annotation.language, d.annotation.document_date)
        for d in holdout
    ]
    found = extract_documents(inputs, None, trained=trained)
    predicted = {
        document.annotation.item: predicted_annotation(document, extraction.document)
        for document, extraction in zip(holdout, found, strict=True)
    }
    overall = score(holdout, predicted).overall
    found: dict[str, float] = {metric: round(overall[metric].f1, 3) for metric in METRICS}
    found["acts_predicted"] = overall["acts"].predicted
    found["acts_gold"] = overall["acts"].gold
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--language", default="en", choices=("en", "ru", "ky"))
    parser.add_argument("--points", type=int, nargs="+", default=[0, 100, 500, 2000])
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    gold = [d for d in load_gold(args.gold) if d.annotation.language == args.language]
    tune = [d for d in gold if d.split == "tune"]
    holdout = [d for d in gold if d.split == "holdout"]
    pool = [found for document in tune for found in _decisions(document)]
    names: dict[str, list[str]] = {}
    for example, _ in pool:
        for start, end, label in example.entities:
            names.setdefault(label, []).append(example.text[start:end])
    real = sum(decided for _, decided in pool)
    print(
        f"{args.language}: {len(tune)} tune documents give {real} decisions in {len(pool)} "
        f"sentences; scored on {len(holdout)} holdout documents",
        file=sys.stderr,
    )
    # The floor is timed with the shipped recogniser loaded, as it is for every point.
    recognise_many([(pool[0][0].text, args.language)])
    rows: list[dict[str, Any]] = []
    for point in args.points:
        if point == 0:
            rows.append({"decisions": 0, "scores": _score(holdout, None)})
            continue
        examples, decided = _sample(pool, point, names)
        training = TrainingSet(args.language, tuple(examples), (), decided, decided, 0, 0, "public")
        texts = [(example.text, args.language) for example in examples]
        floor = seconds(lambda texts=texts: recognise_many(texts))
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder)
            started = time.perf_counter()
            trained = train_language(training, args.iterations, out)
            took = time.perf_counter() - started
            models = TrainedModels(
                {args.language: str(out / ENTITIES_DIR)} if trained.entities else {},
                {args.language: str(out / ACTS_DIR)} if trained.acts else {},
                parties={args.language: str(out / PARTIES_DIR)} if trained.parties else {},
            )
            rows.append(
                {
                    "decisions": decided,
                    "sentences": len(examples),
                    "train_seconds": round(took, 1),
                    "train_to_floor": round(took / floor, 1) if floor else None,
                    "scores": _score(holdout, models),
                }
            )
            print(f"  {point}: done in {rows[-1]['train_seconds']} s", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"| decisions | {' | '.join(METRICS)} | acts (gold / proposed) | training s (× floor) |")
    print(f"|---|{'---|' * len(METRICS)}---|---|")
    for row in rows:
        timing = (
            f"{row['train_seconds']} ({row['train_to_floor']}×)" if "train_seconds" in row else "—"
        )
        cells = " | ".join(f"{row['scores'][metric]:.3f}" for metric in METRICS)
        counts = f"{row['scores']['acts_gold']} / {row['scores']['acts_predicted']}"
        print(f"| {row['decisions']} | {cells} | {counts} | {timing} |")


if __name__ == "__main__":
    main()
