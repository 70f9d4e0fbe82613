"""Extraction throughput against bare spaCy, and a stream of 10,000 items through the command.

    .venv/bin/python benchmarks/extraction.py [--texts 1000] [--items 10000] [--workers 0 2]

Part one runs in this process: items per second of the whole pipeline (``extract_documents``:
entities, grouping, dates, counts, acts, interventions) over N English texts, against the floor
of ``nlp.pipe`` of the same spaCy pipeline (entity recogniser only, as Docket runs it) over the
same texts; then Russian and Kyrgyz items per second. Each figure is the best of ``--repeat``
alternating runs, because the machine is shared. ``--clock cpu`` times them by this process's
processor time instead of the wall clock: other people's load moves it less. ``--embeddings``
turns on the recall of acts by sentence embeddings (it needs the embeddings extra).

Part two runs ``docket extract 1-N --json`` as its own process over an archive of N synthetic
items (en/ru/ky, built once in benchmarks/.work/extraction) for each worker count, polling the
peak resident memory of the process and its workers with psutil.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))

from corpus import paragraph, text_documents
from docket.archive import Archive
from docket.config import Settings
from docket.extract.act_recall import ActRecall, RecallSettings, act_recall
from docket.extract.document import ExtractionInput, extract_documents
from docket.extract.english import load_pipeline, spacy_model_name
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from timing import seconds as wall_seconds

WORK = Path(__file__).parent / ".work" / "extraction"


def texts(language: str, count: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    return [paragraph(rng, language, rng.randint(6, 20)) for _ in range(count)]


# The recall stage of acts, when ``--embeddings`` turns it on.
RECALL: list[ActRecall] = []


def pipeline_run(language: str, corpus: list[str]) -> None:
    given = (ExtractionInput(text, language=language) for text in corpus)
    for _ in extract_documents(given, None, recall=RECALL[0] if RECALL else None):
        pass


def cpu_seconds(action: Callable[[], object]) -> float:
    """Processor time of this process (all its threads) over ``action``: what other people's
    load on a shared machine moves least."""
    started = time.process_time()
    action()
    return time.process_time() - started


def in_process(count: int, repeat: int, clock: str = "wall") -> None:
    seconds = cpu_seconds if clock == "cpu" else wall_seconds
    english = texts("en", count)
    # A copy of its own: the pipeline's recogniser keeps the vectors of the tokens it has
    # read (docket.extract.kept_embeddings), and the floor is spaCy as it comes.
    nlp = load_pipeline(spacy_model_name())
    # Load every model before timing: loading is once per process, not per item.
    for language in ("en", "ru", "ky"):
        pipeline_run(language, texts(language, 5, seed=1))
    floor_times, docket_times = [], []
    for _ in range(repeat):
        floor_times.append(seconds(lambda: list(nlp.pipe(english, batch_size=64))))
        docket_times.append(seconds(lambda: pipeline_run("en", english)))
    floor, docket = min(floor_times), min(docket_times)
    print(
        f"en: {count} texts | bare nlp.pipe ({spacy_model_name()}, {'+'.join(nlp.pipe_names)}) "
        f"{floor:.1f} s ({count / floor:.0f}/s) | pipeline {docket:.1f} s "
        f"({count / docket:.0f}/s) | ratio {docket / floor:.2f}x"
    )
    for language in ("ru", "ky"):
        corpus = texts(language, count)
        best = min(
            seconds(lambda c=corpus, lang=language: pipeline_run(lang, c)) for _ in range(repeat)
        )
        print(f"{language}: {count} texts | pipeline {best:.1f} s ({count / best:.0f}/s)")


def archive_of(size: int) -> Settings:
    home = WORK / f"archive-{size}"
    settings = Settings.from_env(home=home, database_url=f"sqlite:///{home}/docket.sqlite3")
    if home.exists():
        return settings
    Archive.create(settings).close()
    archive = Archive.open(settings)
    try:
        folder = WORK / f"docs-{size}"
        text_documents(folder, size, seed=17)
        for result in archive.as_viewer(Viewer.owner()).items.ingest([folder], Provenance()):
            if result.status == "error":
                raise SystemExit(f"{result.path}: {result.error}")
    finally:
        archive.close()
    return settings


def tree_rss(process: psutil.Process) -> tuple[int, int]:
    """Resident bytes of the process alone, and of it with all its children."""
    own = process.memory_info().rss
    total = own
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += child.memory_info().rss
    return own, total


def streamed(settings: Settings, size: int, workers: int) -> None:
    env = {
        **os.environ,
        "DOCKET_HOME": str(settings.home),
        "DOCKET_DATABASE_URL": settings.database_url,
    }
    command = [sys.executable, "-m", "docket", "extract", f"1-{size}", "--json"]
    command += ["--workers", str(workers)]
    started = time.perf_counter()
    process = psutil.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines = 0
    peak_own = peak_total = 0
    last_poll = 0.0
    assert process.stdout is not None
    for _ in process.stdout:
        lines += 1
        now = time.perf_counter()
        if now - last_poll > 0.2:
            last_poll = now
            with contextlib.suppress(psutil.Error):
                own, total = tree_rss(process)
                peak_own, peak_total = max(peak_own, own), max(peak_total, total)
    process.wait()
    elapsed = time.perf_counter() - started
    if process.returncode != 0 or lines != size:
        raise SystemExit(f"docket extract exited {process.returncode} after {lines} items")
    print(
        f"docket extract 1-{size} --json --workers {workers}: {elapsed:.0f} s "
        f"({size / elapsed:.1f} items/s) | peak RSS {peak_own / 2**20:.0f} MiB main, "
        f"{peak_total / 2**20:.0f} MiB with workers"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="time in-process runs by the wall clock or by this process's processor time",
    )
    parser.add_argument(
        "--embeddings",
        action="store_true",
        help="in-process runs recall acts by sentence embeddings (needs the embeddings extra)",
    )
    args = parser.parse_args()
    if args.embeddings:
        RECALL.append(act_recall(RecallSettings()))
    if args.texts:
        in_process(args.texts, args.repeat, args.clock)
    if args.items:
        settings = archive_of(args.items)
        for workers in args.workers:
            streamed(settings, args.items, workers)


if __name__ == "__main__":
    main()
