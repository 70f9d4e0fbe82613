"""The Splink model: an incremental run scores new records as a full run would."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from docket.linkage.evaluation import load_link_gold
from docket.linkage.features import features_of
from docket.linkage.model import MIN_SAMPLE, score

GOLD = Path(__file__).parent / "gold" / "people.jsonl"


def test_new_records_score_as_in_a_full_run_with_trained_frequencies() -> None:
    gold = [g.subject for g in load_link_gold(GOLD)]
    # Twice the set (the second copy under other ids): enough records to train u, EM and
    # term frequencies, which an incremental run must reuse rather than learn again.
    subjects = gold + [dataclasses.replace(s, id=s.id + 10_000) for s in gold]
    assert len(subjects) >= MIN_SAMPLE
    rows = features_of(subjects).rows
    full = score("person", rows, threshold=0.3)
    assert any(level.get("tf_adjustment_column") for c in full.model["comparisons"]
               for level in c["comparison_levels"])  # fmt: skip
    new = {row["unique_id"] for row in rows[-40:]}
    again = score("person", rows, threshold=0.3, model=full.model, new_ids=sorted(new))
    expected = {(p.a, p.b): round(p.probability, 6) for p in full.pairs if {p.a, p.b} & new}
    found = {(p.a, p.b): round(p.probability, 6) for p in again.pairs}
    assert expected and found == expected
