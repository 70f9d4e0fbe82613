"""A long item against the same text as separate items: does extraction stay linear in length?

    .venv/bin/python benchmarks/long_item.py [--pages 100] [--languages en ru ky] [--clock cpu]

For each language, ``--pages`` pages of synthetic report prose (benchmarks/corpus.py, about
3,000 characters a page) are extracted twice in this process: as one item (a 100-page report
sent in whole), and as one item per page, the floor. Both read the same words with the same
models, so the ratio is what reading them as one document costs beyond reading them at all:
about 1× when every pass over a document is linear in its length, and growing with ``--pages``
when one pass compares each finding with all those before it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import paragraph
from docket.extract.document import ExtractionInput, extract_documents
from timing import seconds as wall_seconds

PAGE_CHARACTERS = 3_000


def pages_of(language: str, count: int, seed: int = 3) -> list[str]:
    """``count`` pages of about ``PAGE_CHARACTERS`` characters, each its paragraphs."""
    rng = random.Random(seed)
    pages = []
    for _ in range(count):
        page = ""
        while len(page) < PAGE_CHARACTERS:
            page += paragraph(rng, language, rng.randint(4, 8)) + "\n\n"
        pages.append(page)
    return pages


def cpu_seconds(action: Callable[[], object]) -> float:
    started = time.process_time()
    action()
    return time.process_time() - started


def extract(texts: list[str], language: str) -> None:
    given = (
        ExtractionInput(text, language=language, document_date=date(2024, 1, 5)) for text in texts
    )
    for _ in extract_documents(given, None):
        pass


def compare(
    language: str, count: int, repeat: int, seconds: Callable[[Callable[[], object]], float]
) -> None:
    pages = pages_of(language, count)
    whole = "".join(pages)
    # Load the models and word lists before timing: that is once per process.
    extract(pages[:2], language)
    one = min(seconds(lambda: extract([whole], language)) for _ in range(repeat))
    floor = min(seconds(lambda: extract(pages, language)) for _ in range(repeat))
    print(
        f"{language}: {count} pages, {len(whole):,} characters | as one item {one:.1f} s | "
        f"as {count} items {floor:.1f} s | ratio {one / floor:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--languages", nargs="+", default=["en", "ru", "ky"])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="cpu")
    args = parser.parse_args()
    seconds = cpu_seconds if args.clock == "cpu" else wall_seconds
    for language in args.languages:
        compare(language, args.pages, args.repeat, seconds)


if __name__ == "__main__":
    main()
