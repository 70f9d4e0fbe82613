"""LCMCR: the Bayesian non-parametric latent-class model of Manrique-Vallier (2016, *Biometrics*
72(4):1246–54), which allows the probability of being recorded to differ between unobserved kinds
of people (heterogeneity) and so to make lists look dependent.

The compiled sampler is ``gibbs.run_chain``; ``numpy_chain`` is the same sampler written
with numpy's vector operations only — slower, kept as the baseline the benchmark measures against
and as an independent check of the compiled one.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

from docket.errors import DocketError

from . import gibbs
from .diagnostics import effective_size, split_rhat
from .histories import CaptureHistories

A_ALPHA = 0.25
B_ALPHA = 0.25
MAX_CLASSES = 15
# Split R-hat above this says the chains have not found the same distribution (Gelman et al. use
# 1.1; Vehtari et al. 2021 argue for 1.01 with more elaborate estimators).
RHAT_LIMIT = 1.05
ESS_MINIMUM = 400

Chain = Callable[
    [
        npt.NDArray[np.int8],
        npt.NDArray[np.int64],
        int,
        float,
        float,
        int,
        int,
        int,
        int,
    ],
    tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]],
]


@dataclass(frozen=True)
class SamplerSettings:
    """How long and how many chains to run; K defaults to min(2^J − 1, 15)."""

    chains: int = 4
    burnin: int = 10_000
    samples: int = 2_000
    thinning: int = 50
    classes: int | None = None
    a_alpha: float = A_ALPHA
    b_alpha: float = B_ALPHA

    def check(self) -> None:
        for name in ("chains", "burnin", "samples", "thinning"):
            value = getattr(self, name)
            low = 0 if name == "burnin" else 1
            if not isinstance(value, int) or value < low:
                raise DocketError(f"LCMCR {name} must be a whole number of at least {low}")
        if self.samples < 10:
            raise DocketError("LCMCR needs at least 10 samples per chain")
        if self.classes is not None and not 1 <= self.classes <= 50:
            raise DocketError("LCMCR classes (K) must be between 1 and 50")
        if self.a_alpha <= 0 or self.b_alpha <= 0:
            raise DocketError("LCMCR a_alpha and b_alpha must be positive")


@dataclass(frozen=True)
class LcmcrPosterior:
    """The posterior of N from every chain, with its summaries and diagnostics."""

    draws: npt.NDArray[np.int64]
    """One row per chain, one column per kept sample."""
    alpha: npt.NDArray[np.float64]
    occupied: npt.NDArray[np.int64]
    classes: int
    settings: SamplerSettings
    seed: int

    @property
    def pooled(self) -> npt.NDArray[np.int64]:
        return self.draws.reshape(-1)

    @property
    def median(self) -> int:
        return round(float(np.median(self.pooled)))

    @property
    def mean(self) -> float:
        return float(np.mean(self.pooled))

    def interval(self, level: float = 0.95) -> tuple[int, int]:
        tail = (1.0 - level) / 2.0
        low, high = np.quantile(self.pooled, [tail, 1.0 - tail])
        return math.floor(float(low)), math.ceil(float(high))

    @property
    def rhat(self) -> float:
        return split_rhat(self.draws.astype(np.float64))

    @property
    def ess(self) -> float:
        return effective_size(self.draws.astype(np.float64))

    def warnings(self) -> list[str]:
        notes: list[str] = []
        rhat = self.rhat
        if self.settings.chains > 1 and not rhat <= RHAT_LIMIT:
            notes.append(
                f"LCMCR chains disagree (R-hat {rhat:.3f} above {RHAT_LIMIT}): the sampler has "
                "not converged; run longer (more burn-in and samples)"
            )
        ess = self.ess
        if ess < ESS_MINIMUM:
            notes.append(
                f"LCMCR has only {ess:.0f} effective draws (fewer than {ESS_MINIMUM}): its "
                "interval is imprecise; run more samples"
            )
        return notes


def work(histories: CaptureHistories, settings: SamplerSettings) -> int:
    """How much the sampler has to do: pattern × class × list steps over every sweep of every
    chain (Kosovo with the defaults: about 4·10^8, seconds)."""
    classes = settings.classes or default_classes(histories.size)
    patterns = sum(1 for count in histories.cells[1:] if count) + 1
    sweeps = settings.burnin + settings.samples * settings.thinning
    return settings.chains * sweeps * patterns * classes * histories.size


def default_classes(lists: int) -> int:
    return int(min(2**lists - 1, MAX_CLASSES))


def chain_seeds(seed: int, chains: int) -> list[int]:
    """Independent, reproducible 32-bit seeds for each chain."""
    state = np.random.SeedSequence(seed).generate_state(chains, dtype=np.uint32)
    return [int(value) for value in state]


@functools.cache
def compiled_chain() -> Chain:
    """The numba-compiled chain, compiled on first use (and cached on disk between runs)."""
    import numba

    return cast(Chain, numba.njit(cache=True, nogil=True)(gibbs.run_chain))


def sample(
    histories: CaptureHistories,
    *,
    seed: int,
    settings: SamplerSettings | None = None,
    chain: Chain | None = None,
) -> LcmcrPosterior:
    """Run the chains and collect the posterior of N."""
    settings = settings or SamplerSettings()
    settings.check()
    classes = settings.classes or default_classes(histories.size)
    patterns, counts = histories.observed()
    # Empty patterns add nothing to a sweep; with many lists they are most of the table.
    patterns, counts = patterns[counts > 0], counts[counts > 0]
    run = chain or compiled_chain()
    draws, alphas, occupied = [], [], []
    for chain_seed in chain_seeds(seed, settings.chains):
        total, alpha, busy = run(
            patterns,
            counts,
            classes,
            settings.a_alpha,
            settings.b_alpha,
            settings.burnin,
            settings.samples,
            settings.thinning,
            chain_seed,
        )
        draws.append(total)
        alphas.append(alpha)
        occupied.append(busy)
    return LcmcrPosterior(
        draws=np.vstack(draws),
        alpha=np.vstack(alphas),
        occupied=np.vstack(occupied),
        classes=classes,
        settings=settings,
        seed=seed,
    )


def numpy_chain(
    patterns: npt.NDArray[np.int8],
    counts: npt.NDArray[np.int64],
    classes: int,
    a_alpha: float,
    b_alpha: float,
    burnin: int,
    samples: int,
    thinning: int,
    seed: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """The same sampler as ``gibbs.run_chain`` with numpy vector operations per sweep."""
    rng = np.random.default_rng(seed)
    lists = patterns.shape[1]
    documented = int(counts.sum())
    shown = patterns.astype(bool)
    lam = rng.beta(1.0, 1.0, size=(classes, lists))
    pi = np.full(classes, 1.0 / classes)
    alpha = 1.0
    total_n = np.empty(samples, dtype=np.int64)
    total_alpha = np.empty(samples)
    occupied = np.empty(samples, dtype=np.int64)
    kept = 0
    for sweep in range(burnin + samples * thinning):
        unseen = pi * np.prod(1.0 - lam, axis=1)
        pi0 = min(float(unseen.sum()), gibbs.STICK_CEILING)
        n0 = int(rng.negative_binomial(documented, 1.0 - pi0))
        # (patterns, classes): probability of each pattern in each class, times the class weight
        likelihood = np.where(shown[:, None, :], lam[None, :, :], 1.0 - lam[None, :, :])
        weight = pi[None, :] * np.prod(likelihood, axis=2)
        weight /= weight.sum(axis=1, keepdims=True)
        allocation = rng.multinomial(counts, weight)
        missed = rng.multinomial(n0, unseen / unseen.sum()) if n0 else np.zeros(classes)
        in_class = allocation.sum(axis=0) + missed
        recorded = allocation.T @ patterns
        lam = rng.beta(1.0 + recorded, 1.0 + in_class[:, None] - recorded)
        after = in_class[::-1].cumsum()[::-1] - in_class
        sticks = np.minimum(rng.beta(1.0 + in_class[:-1], alpha + after[:-1]), gibbs.STICK_CEILING)
        log_rest = float(np.log1p(-sticks).sum())
        sticks = np.append(sticks, 1.0)
        pi = sticks * np.concatenate(([1.0], np.cumprod(1.0 - sticks[:-1])))
        alpha = float(rng.gamma(a_alpha + classes - 1.0, 1.0 / (b_alpha - log_rest)))
        if sweep >= burnin and (sweep - burnin) % thinning == 0:
            total_n[kept] = documented + n0
            total_alpha[kept] = alpha
            occupied[kept] = int(np.count_nonzero(in_class))
            kept += 1
    return total_n, total_alpha, occupied
