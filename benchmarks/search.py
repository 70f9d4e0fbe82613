"""Search latency on a large archive, as a ratio to the raw index query the search layer issues.

    .venv/bin/python benchmarks/search.py [--items 100000] [--repeat 30]

``raw`` is the bare FTS5 MATCH + bm25() statement (``docket.search.raw_query``); ``search`` is
``Archive.search``: query parsing and folding, filters, ranking and snippets of the top 20.
The synthetic corpus repeats a few names in every report, so most queries match 30-60% of the
items: the worst case for ranking. The last two queries match one item each.
"""

from __future__ import annotations

import argparse

from docket.archive import Archive
from docket.db.engine import reading
from docket.model.access import Viewer
from docket.search import raw_query
from large_archive import large_archive
from timing import percentiles, seconds

QUERIES = [
    "Атамбаев",
    "Atambayev",
    "Junushaliev",
    '"border agreement"',
    "Жапаров задержаны",
    "Atamb*",
    "firearms -Kok-Suu",
    "Zhaparov OR Toktogulov",
    '"Document 4711"',
    "Document 98765",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    settings = large_archive(args.items)
    archive = Archive.open(settings)
    all_search: list[float] = []
    all_raw: list[float] = []
    print(f"{'query':<26} {'raw p50':>8} {'raw p95':>8} {'search p50':>11} {'search p95':>11}")
    try:
        for query in QUERIES:
            archive.as_viewer(Viewer.owner()).items.search(query)
            raw_times: list[float] = []
            search_times: list[float] = []
            for _ in range(args.repeat):
                with reading(archive.kernel.engine) as connection:
                    raw_times.append(seconds(lambda c=connection, q=query: raw_query(c, q, 20)))
                search_times.append(
                    seconds(
                        lambda q=query: archive.as_viewer(Viewer.owner()).items.search(q, limit=20)
                    )
                )
            all_raw += raw_times
            all_search += search_times
            r50, r95 = percentiles(raw_times)
            s50, s95 = percentiles(search_times)
            print(f"{query:<26} {r50:>6.1f}ms {r95:>6.1f}ms {s50:>9.1f}ms {s95:>9.1f}ms")
    finally:
        archive.close()
    r50, r95 = percentiles(all_raw)
    s50, s95 = percentiles(all_search)
    print(
        f"all queries: raw p50 {r50:.1f} ms p95 {r95:.1f} ms | search p50 {s50:.1f} ms "
        f"p95 {s95:.1f} ms | ratio p50 {s50 / r50:.2f}x p95 {s95 / r95:.2f}x "
        "(targets: <= 1.5x, p95 < 50 ms)"
    )


if __name__ == "__main__":
    main()
