"""Spark scores with the same settings as DuckDB: the same clusters on a small set."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from docket.linkage.clusters import cluster
from docket.linkage.evaluation import load_link_gold
from docket.linkage.features import features_of
from docket.linkage.model import EngineUnavailable, score

GOLD = Path(__file__).parent / "gold" / "people.jsonl"


def _clusters(engine: str, size: int) -> list[list[int]]:
    gold = load_link_gold(GOLD)[:size]
    rows = features_of(g.subject for g in gold).rows
    scored = score("person", rows, engine=engine, threshold=0.3)
    return cluster(
        [g.subject.id for g in gold],
        [(p.a, p.b, p.probability) for p in scored.pairs if p.probability >= 0.8],
    )


@pytest.mark.slow
def test_spark_and_duckdb_give_the_same_clusters() -> None:
    duckdb = _clusters("duckdb", 120)
    assert any(len(group) > 1 for group in duckdb)
    assert _clusters("spark", 120) == duckdb


def test_spark_missing_is_said_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pyspark(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyspark" or name.startswith("pyspark."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyspark)
    gold = load_link_gold(GOLD)[:5]
    rows = features_of(g.subject for g in gold).rows
    with pytest.raises(EngineUnavailable, match="needs PySpark, which is not installed") as error:
        score("person", rows, engine="spark")
    assert "\n" not in str(error.value)
