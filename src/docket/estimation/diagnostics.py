"""Convergence diagnostics for several MCMC chains of one quantity.

Split R-hat (Gelman et al., *Bayesian Data Analysis*, 3rd ed., §11.4) and the effective sample
size with Geyer's initial monotone sequence over the chains' combined autocorrelation (the estimator
Stan and ArviZ use).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt


def split_rhat(chains: npt.NDArray[np.float64]) -> float:
    """R-hat of chains (one row per chain), each split in half; 1.0 for a constant quantity."""
    halves = _split(chains)
    _, length = halves.shape
    if length < 2:
        return math.nan
    within = float(np.mean(np.var(halves, axis=1, ddof=1)))
    between = length * float(np.var(np.mean(halves, axis=1), ddof=1))
    if within == 0.0:
        return 1.0 if between == 0.0 else math.inf
    pooled = (length - 1) / length * within + between / length
    return math.sqrt(pooled / within)


def effective_size(chains: npt.NDArray[np.float64]) -> float:
    """Effective number of independent draws in all chains together."""
    count, length = chains.shape
    if length < 4:
        return float(count * length)
    centred = chains - chains.mean(axis=1, keepdims=True)
    variances = np.var(chains, axis=1, ddof=1)
    if float(np.mean(variances)) == 0.0:
        return float(count * length)
    autocov = np.array([_autocovariance(row) for row in centred])
    mean_var = float(np.mean(variances))
    between = float(np.var(np.mean(chains, axis=1), ddof=1)) if count > 1 else 0.0
    pooled = (length - 1) / length * mean_var + between
    rho = 1.0 - (mean_var - np.mean(autocov, axis=0)) / pooled
    rho[0] = 1.0
    # Geyer: sum consecutive pairs while positive, forcing them to decrease.
    total = 0.0
    previous = math.inf
    for lag in range(0, length - 1, 2):
        pair = float(rho[lag] + rho[lag + 1])
        if pair <= 0.0:
            break
        pair = min(pair, previous)
        previous = pair
        total += pair
    tau = max(2.0 * total - 1.0, 1.0 / math.log10(count * length + 10))
    return float(count * length / tau)


def _split(chains: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    half = chains.shape[1] // 2
    return np.concatenate([chains[:, :half], chains[:, chains.shape[1] - half :]], axis=0)


def _autocovariance(row: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    length = len(row)
    size = 1 << (2 * length - 1).bit_length()
    spectrum = np.fft.rfft(row, size)
    acov = np.fft.irfft(spectrum * np.conjugate(spectrum), size)[:length].real
    return np.asarray(acov / length, dtype=np.float64)
