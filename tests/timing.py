"""Processor time for the tests that guard against quadratic growth."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_cpu_time(work: Callable[[], object], runs: int = 3) -> float:
    """The best of several runs' processor time: other work on the machine only ever adds to it."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best
