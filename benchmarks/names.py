"""Throughput of the name fold that runs on every token at ingest.

    .venv/bin/python benchmarks/names.py

Prints tokens per second of ``fold_text`` (cold and warm cache) beside a plain walk over
``tokenize``, on about 1 MB of mixed English, Russian and Kyrgyz text.
"""

from __future__ import annotations

import random
import time

from docket.names import fold_text, tokenize
from docket.names.keys import _cached_key

_TEXT = (
    "The police detained the journalist outside the court in the capital on Monday and held him "
    "for three days without access to a lawyer while former president Almaz Atambayev was "
    "transferred; Sadyk Japarov's administration denied torture. "
    "Сотрудники милиции задержали журналиста возле здания суда и удерживали его три дня без "
    "доступа к адвокату, пока бывшего президента Алмаза Атамбаева переводили в изолятор. "
    "Мурдагы президент Алмаз Атамбаевдин иши боюнча сот кайра башталды."
)


def mixed_text(size: int) -> str:
    rng = random.Random(1)
    vocabulary = _TEXT.split()
    parts: list[str] = []
    length = 0
    while length < size:
        chunk = " ".join(rng.choices(vocabulary, k=100)) + "\n"
        parts.append(chunk)
        length += len(chunk)
    return "".join(parts)


def _cpu(action: object) -> float:
    started = time.process_time()
    action()  # type: ignore[operator]
    return time.process_time() - started


def main() -> None:
    text = mixed_text(1_000_000)
    tokens = sum(1 for _ in tokenize(text))
    floor = _cpu(lambda: sum(1 for _ in tokenize(text)))
    _cached_key.cache_clear()
    cold = _cpu(lambda: fold_text(text))
    warm = _cpu(lambda: fold_text(text))
    print(f"{tokens:,} tokens in {len(text):,} characters")
    print(f"tokenize walk : {tokens / floor:,.0f} tokens/s")
    print(f"fold, cold    : {tokens / cold:,.0f} tokens/s")
    print(f"fold, warm    : {tokens / warm:,.0f} tokens/s")


if __name__ == "__main__":
    main()
