"""``docket eval link GOLD``: linkage measured on a labelled set, pairwise and by cluster.

A gold file is JSON Lines, one record a line::

    {"id": 17, "entity": "P0042", "names": ["Атамбаев Алмазбек"], "birth_year": 1956,
     "gender": "male", "variation": "cyrillic-surname-first"}

``entity`` is the truth (records of one person share it); ``variation`` says how the record is
written ("+" joins several: ``latin-j-typo+no-year``), so the figures can be given by kind of
variation: a pair counts towards every variation of its two records. ``birth_year``,
``gender`` and ``variation`` may be missing or null. Instead of a year a record may give an
``age`` with the date it was true on, ``age_on`` (YYYY-MM-DD): it reads as the two possible
years of birth, as ``docket link`` reads a person's age.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docket.linkage.base import LinkageError
from docket.linkage.clusters import cluster
from docket.linkage.features import Subject, features_of
from docket.linkage.model import score
from docket.linkage.store import LINK_ABOVE
from docket.linkage.subjects import birth_years

__all__ = ["GoldRecord", "LinkScores", "Prf", "evaluate_link", "load_link_gold"]


@dataclass(frozen=True)
class GoldRecord:
    subject: Subject
    entity: str
    variation: str


@dataclass
class Prf:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.true_positive,
            "fp": self.false_positive,
            "fn": self.false_negative,
        }


@dataclass
class LinkScores:
    records: int
    entities: int
    pairwise: Prf
    clusters: Prf
    by_variation: dict[str, Prf] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "entities": self.entities,
            "pairwise": self.pairwise.to_json(),
            "clusters": self.clusters.to_json(),
            "by_variation": {k: v.to_json() for k, v in sorted(self.by_variation.items())},
        }


def _int_or_none(value: Any, where: str, what: str = "birth_year") -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise LinkageError(f"{where}: {what} must be a whole number or null")
    return value


def _years(raw: dict[str, Any], where: str) -> tuple[int | None, int | None]:
    year = _int_or_none(raw.get("birth_year"), where)
    if year is not None:
        return year, year
    age = _int_or_none(raw.get("age"), where, "age")
    if age is None:
        return None, None
    if not 0 <= age <= 130:
        raise LinkageError(f"{where}: age must be between 0 and 130")
    try:
        on = date.fromisoformat(str(raw.get("age_on")))
    except ValueError:
        raise LinkageError(f"{where}: an age needs age_on, the date it was true on") from None
    return birth_years(age, on, on)


def load_link_gold(path: Path) -> list[GoldRecord]:
    """Read a gold file; one line names the first problem in it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise LinkageError(f"cannot read {path}: {error}") from None
    found: list[GoldRecord] = []
    seen: set[int] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path.name} line {number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError:
            raise LinkageError(f"{where}: not a JSON object") from None
        if not isinstance(raw, dict):
            raise LinkageError(f"{where}: not a JSON object")
        record_id, entity, names = raw.get("id"), raw.get("entity"), raw.get("names")
        if not isinstance(record_id, int) or isinstance(record_id, bool) or record_id in seen:
            raise LinkageError(f"{where}: id must be a whole number, once per file")
        if not isinstance(entity, str) or not entity:
            raise LinkageError(f"{where}: entity must be a non-empty string")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise LinkageError(f"{where}: names must be a list of strings")
        seen.add(record_id)
        low, high = _years(raw, where)
        gender = raw.get("gender")
        found.append(
            GoldRecord(
                Subject(
                    record_id,
                    tuple(names),
                    low,
                    high,
                    gender if gender in ("female", "male") else None,
                ),
                entity,
                str(raw.get("variation") or "base"),
            )
        )
    if not found:
        raise LinkageError(f"{path.name}: no records")
    return found


def _pairs(groups: Iterable[Sequence[int]]) -> set[tuple[int, int]]:
    return {(a, b) for group in groups for a, b in itertools.combinations(sorted(group), 2)}


def evaluate_link(
    gold: Sequence[GoldRecord],
    *,
    engine: str = "duckdb",
    link_above: float = LINK_ABOVE,
    progress: Callable[[str], None] | None = None,
) -> LinkScores:
    """Link the gold records as ``docket link`` would, and compare with the truth."""
    found = features_of(g.subject for g in gold)
    scored = score("person", found.rows, engine=engine, threshold=link_above, progress=progress)
    ids = [g.subject.id for g in gold]
    predicted = cluster(ids, [(p.a, p.b, p.probability) for p in scored.pairs])
    truth: dict[str, list[int]] = {}
    for g in gold:
        truth.setdefault(g.entity, []).append(g.subject.id)
    true_pairs = _pairs(truth.values())
    found_pairs = _pairs(predicted)
    pairwise = Prf(
        len(true_pairs & found_pairs),
        len(found_pairs - true_pairs),
        len(true_pairs - found_pairs),
    )
    true_sets = {frozenset(group) for group in truth.values()}
    found_sets = {frozenset(group) for group in predicted}
    clusters = Prf(
        len(true_sets & found_sets),
        len(found_sets - true_sets),
        len(true_sets - found_sets),
    )
    variation = {g.subject.id: g.variation for g in gold}
    by_variation: dict[str, Prf] = {}
    for pair in true_pairs | found_pairs:
        for kind in set(variation[pair[0]].split("+")) | set(variation[pair[1]].split("+")):
            tally = by_variation.setdefault(kind, Prf())
            if pair in true_pairs and pair in found_pairs:
                tally.true_positive += 1
            elif pair in found_pairs:
                tally.false_positive += 1
            else:
                tally.false_negative += 1
    return LinkScores(len(gold), len(truth), pairwise, clusters, by_variation)
