"""Linkage of person records against a bare Splink run with the same settings on the same data.

    .venv/bin/python benchmarks/linkage.py [--records 20000] [--engine duckdb]
    .venv/bin/python benchmarks/linkage.py --records 100000 --compare-spark

A population of ``--records`` person records (about 2.6 records a person, written in Cyrillic
surname-first, BGN/PCGN Latin, Kyrgyz press Latin with typos, and Kyrgyz letters; years missing
in a third) is linked the way ``docket link`` links it: names folded in Python, blocking keys
capped, Splink trained and scored, clusters formed under the reviewers' constraints. The floor
is a bare Splink run in the same process on the feature table already built: the same settings
and training, ``predict`` and Splink's own connected-components clustering at the same
threshold. The ratio is linkage time over the floor's; the peak resident memory of the process
is printed at the end.

``--compare-spark`` links the same population as ``docket link`` does on DuckDB and then on
local Spark (each engine trains its own model from the same settings) and prints both times and
how far the clusters agree: of the record pairs either engine put in one identity, the share both
did (1.0 is the same clusters), and how many identities are exactly the same.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from docket.linkage.clusters import cluster
from docket.linkage.features import Subject, features_of
from docket.linkage.model import _Backend, blocking_rules, score, settings_for, train
from docket.linkage.store import LINK_ABOVE, REVIEW_ABOVE
from docket.names.transliterate import to_latin
from timing import seconds

SYLLABLES = [
    "ал",
    "бак",
    "нур",
    "ай",
    "тал",
    "эр",
    "жыр",
    "сад",
    "кур",
    "өм",
    "аз",
    "мед",
    "дас",
    "бек",
    "тын",
    "мир",
    "куб",
    "сан",
    "ул",
    "жен",
]
ENDINGS = ["ов", "ев", "баев", "беков", "алиев", "матов"]
GIVEN = [
    "Алмазбек",
    "Бакыт",
    "Нурлан",
    "Айбек",
    "Талант",
    "Эрлан",
    "Садыр",
    "Азамат",
    "Медер",
    "Чолпон",
    "Айгүл",
    "Асель",
]


def population(total: int) -> list[Subject]:
    rng = random.Random(7)
    subjects: list[Subject] = []
    person = 0
    while len(subjects) < total:
        person += 1
        stem = "".join(rng.choice(SYLLABLES) for _ in range(2 + person % 2)).capitalize()
        surname = stem + rng.choice(ENDINGS)
        first = rng.choice(GIVEN)
        year = rng.randint(1940, 2005)
        for form in range(rng.choice((1, 2, 3, 4))):
            if form == 0:
                name = f"{surname} {first}"
            elif form == 1:
                name = f"{to_latin(first, 'bgn_pcgn')} {to_latin(surname, 'bgn_pcgn')}"
            elif form == 2:
                latin = to_latin(surname, "kyrgyz_press")
                at = rng.randrange(1, len(latin) - 1)
                name = f"{to_latin(first, 'kyrgyz_press')} {latin[:at] + latin[at + 1 :]}"
            else:
                name = f"{first} {surname}"
            known = rng.random() > 0.33
            subjects.append(
                Subject(
                    len(subjects) + 1, (name,), year if known else None, year if known else None
                )
            )
    return subjects[:total]


def linkage(subjects: list[Subject], engine: str) -> list[list[int]]:
    rows = features_of(subjects).rows
    scored = score("person", rows, engine=engine, threshold=REVIEW_ABOVE)
    edges = [(p.a, p.b, p.probability) for p in scored.pairs if p.probability >= LINK_ABOVE]
    return cluster([s.id for s in subjects], edges)


def bare(rows: list[dict[str, Any]], engine: str) -> int:
    from splink import Linker

    backend = _Backend(engine)
    table = backend.register(rows, "records")
    linker = Linker(table, settings_for("person", len(rows)), log_level=None)
    train(linker, backend.api, len(rows))
    predictions = linker.inference.predict(
        threshold_match_probability=REVIEW_ABOVE, warning_mode="never"
    )
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=LINK_ABOVE
    )
    count = len(clusters.as_record_list())
    backend.close()
    return count


def together(clusters: list[list[int]]) -> set[tuple[int, int]]:
    """Every pair of records that ``clusters`` put in one identity."""
    return {
        (a, b)
        for group in clusters
        for i, a in enumerate(sorted(group))
        for b in sorted(group)[i + 1 :]
    }


def compare_spark(subjects: list[Subject]) -> None:
    runs: dict[str, tuple[float, list[list[int]]]] = {}
    for engine in ("duckdb", "spark"):
        found: list[list[list[int]]] = []
        took = seconds(lambda: found.append(linkage(subjects, engine)))  # noqa: B023
        runs[engine] = (took, found[0])
        identities = len(found[0])
        print(f"{engine}: {took:.1f} s, {identities:,} identities", flush=True)
    duckdb_pairs, spark_pairs = together(runs["duckdb"][1]), together(runs["spark"][1])
    either = duckdb_pairs | spark_pairs
    agreement = len(duckdb_pairs & spark_pairs) / len(either) if either else 1.0
    same = {tuple(sorted(g)) for g in runs["duckdb"][1]} & {
        tuple(sorted(g)) for g in runs["spark"][1]
    }
    print(f"records: {len(subjects):,}")
    print(
        f"linked pairs: duckdb {len(duckdb_pairs):,}, spark {len(spark_pairs):,}, "
        f"both {len(duckdb_pairs & spark_pairs):,}"
    )
    print(f"pairwise agreement (pairs both link / pairs either links): {agreement:.4f}")
    print(f"identities the same on both: {len(same):,} of {len(runs['duckdb'][1]):,} (duckdb)")
    print(f"time: duckdb {runs['duckdb'][0]:.1f} s, spark {runs['spark'][0]:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--engine", default="duckdb")
    parser.add_argument(
        "--compare-spark",
        action="store_true",
        help="link on DuckDB and on local Spark; print both times and the clusters' agreement",
    )
    args = parser.parse_args()
    subjects = population(args.records)
    if args.compare_spark:
        compare_spark(subjects)
        return
    rows = features_of(subjects).rows
    assert blocking_rules()
    floor = seconds(lambda: bare(rows, args.engine))
    found: list[list[list[int]]] = []
    took = seconds(lambda: found.append(linkage(subjects, args.engine)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"records: {args.records:,}  identities: {len(found[0]):,}  engine: {args.engine}")
    print(f"bare Splink (same settings, features prebuilt): {floor:.1f} s")
    print(f"docket linkage (features, training, scoring, clusters): {took:.1f} s")
    print(f"ratio: {took / floor:.2f}x   peak memory: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
