"""Populations of known size drawn from heterogeneous latent-class capture models, to measure how
often each method's interval covers the truth (calibration) and how far its estimate is off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from .estimates import estimate
from .histories import CaptureHistories, InvalidHistories
from .lcmcr import SamplerSettings


@dataclass(frozen=True)
class Population:
    """A simulated population: its true size and what the lists recorded of it."""

    size: int
    histories: CaptureHistories
    classes: int


def populations(count: int, *, seed: int) -> Iterator[Population]:
    """``count`` populations of 3–5 lists, 1,000–5,000 people in 2–3 latent classes whose members
    each list records with probability 0.03–0.45 (so some kinds of people are hard to record).
    Tables that cannot be estimated (no overlaps) are drawn again."""
    rng = np.random.default_rng(seed)
    made = 0
    while made < count:
        lists = 3 + made % 3
        size = int(rng.integers(1_000, 5_001))
        classes = int(rng.integers(2, 4))
        weights = rng.dirichlet(np.full(classes, 2.0))
        recorded = rng.uniform(0.03, 0.45, size=(classes, lists))
        members = rng.choice(classes, size=size, p=weights)
        captured = rng.random((size, lists)) < recorded[members]
        indices = captured @ (1 << np.arange(lists - 1, -1, -1))
        tally = np.bincount(indices, minlength=1 << lists)
        counts = {format(i, f"0{lists}b"): int(tally[i]) for i in range(1, 1 << lists)}
        names = tuple(f"L{j + 1}" for j in range(lists))
        try:
            histories = CaptureHistories.of(names, counts)
        except InvalidHistories:
            continue
        made += 1
        yield Population(size, histories, classes)


@dataclass(frozen=True)
class Calibration:
    """Per method: how many intervals covered the true size, and the mean relative error."""

    method: str
    populations: int
    covered: int
    relative_bias: float
    median_width: float

    @property
    def coverage(self) -> float:
        return self.covered / self.populations


def calibrate(
    count: int,
    *,
    seed: int,
    settings: SamplerSettings,
    methods: tuple[str, ...] = ("lcmcr", "loglinear", "bma"),
    progress: Callable[[int], None] | None = None,
) -> list[Calibration]:
    """Estimate ``count`` simulated populations with each method and compare with the truth."""
    hits = dict.fromkeys(methods, 0)
    errors: dict[str, list[float]] = {method: [] for method in methods}
    widths: dict[str, list[float]] = {method: [] for method in methods}
    for done, population in enumerate(populations(count, seed=seed), start=1):
        result = estimate(
            population.histories, seed=seed + done, methods=methods, settings=settings
        )
        for item in result.estimates:
            low, high = item.interval
            upper = np.inf if high is None else high
            hits[item.method] += int(low <= population.size <= upper)
            errors[item.method].append((item.estimate - population.size) / population.size)
            widths[item.method].append((upper - low) / population.size)
        if progress is not None:
            progress(done)
    return [
        Calibration(
            method,
            count,
            hits[method],
            float(np.mean(errors[method])) if errors[method] else float("nan"),
            float(np.median(widths[method])) if widths[method] else float("nan"),
        )
        for method in methods
    ]
