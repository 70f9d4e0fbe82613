"""The LCMCR Gibbs sampler's inner loop, written for numba (compiled on first use and cached).

Model (Manrique-Vallier 2016): each person belongs to one of K latent classes with weights π from a
truncated stick-breaking prior with concentration α ~ Gamma(a, b); in class k, list j records a
person with probability λ_jk ~ Beta(1, 1), independently across lists; N has the improper prior
1/N. The sampler works on the frequency table: people who share a pattern are exchangeable, so
allocating a pattern's count to classes by one multinomial draw is the same as allocating each
person in turn, and costs K draws instead of n.

One sweep, each step from its full conditional:
  n0 | π, λ            negative binomial(n, 1 − π0), π0 = Σ_k π_k Π_j (1 − λ_jk)
  classes of observed   multinomial per pattern, ∝ π_k Π_j λ_jk^x (1 − λ_jk)^(1−x)
  classes of unobserved multinomial(n0), ∝ π_k Π_j (1 − λ_jk)
  λ_jk                  Beta(1 + recorded in class k by list j, 1 + not recorded)
  sticks V_k            Beta(1 + n_k, α + Σ_{l>k} n_l), V_K = 1
  α                     Gamma(a + K − 1, b − Σ_{k<K} log(1 − V_k))
Drawing n0 with the unobserved classes integrated out, then their classes given n0, is a valid
blocked Gibbs step because nothing in between depends on the unobserved classes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# Keeps 1 − V_k away from 0 so that log(1 − V_k) and the weights after it stay finite.
STICK_CEILING = 1.0 - 1e-12


def run_chain(
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
    """One chain: returns N, α and the number of occupied classes at each kept sweep."""
    np.random.seed(seed)
    rows, lists = patterns.shape
    documented = 0
    for h in range(rows):
        documented += counts[h]
    lam = np.empty((classes, lists))
    for k in range(classes):
        for j in range(lists):
            lam[k, j] = np.random.beta(1.0, 1.0)
    pi = np.full(classes, 1.0 / classes)
    sticks = np.zeros(classes)
    alpha = 1.0
    in_class = np.zeros(classes)
    recorded = np.zeros((classes, lists))
    weight = np.empty(classes)
    unseen = np.empty(classes)
    total_n = np.empty(samples, dtype=np.int64)
    total_alpha = np.empty(samples)
    occupied = np.empty(samples, dtype=np.int64)
    kept = 0
    sweeps = burnin + samples * thinning
    for sweep in range(sweeps):
        # Probability of being missed by every list, per class and overall.
        pi0 = 0.0
        for k in range(classes):
            missed = pi[k]
            for j in range(lists):
                missed *= 1.0 - lam[k, j]
            unseen[k] = missed
            pi0 += missed
        if pi0 >= 1.0:
            pi0 = STICK_CEILING
        n0 = np.random.negative_binomial(documented, 1.0 - pi0)
        in_class[:] = 0.0
        recorded[:, :] = 0.0
        for h in range(rows):
            count = counts[h]
            if count == 0:
                continue
            total = 0.0
            for k in range(classes):
                p = pi[k]
                for j in range(lists):
                    if patterns[h, j]:
                        p *= lam[k, j]
                    else:
                        p *= 1.0 - lam[k, j]
                weight[k] = p
                total += p
            left = count
            for k in range(classes):
                if left == 0:
                    break
                if k == classes - 1 or total <= 0.0:
                    drawn = left
                else:
                    share = weight[k] / total
                    drawn = np.random.binomial(left, min(1.0, max(0.0, share)))
                    total -= weight[k]
                left -= drawn
                in_class[k] += drawn
                for j in range(lists):
                    if patterns[h, j]:
                        recorded[k, j] += drawn
        left = n0
        total = pi0
        for k in range(classes):
            if left == 0:
                break
            if k == classes - 1 or total <= 0.0:
                drawn = left
            else:
                drawn = np.random.binomial(left, min(1.0, max(0.0, unseen[k] / total)))
                total -= unseen[k]
            left -= drawn
            in_class[k] += drawn
        for k in range(classes):
            for j in range(lists):
                lam[k, j] = np.random.beta(1.0 + recorded[k, j], 1.0 + in_class[k] - recorded[k, j])
        after = 0.0
        for k in range(classes):
            after += in_class[k]
        rest = 1.0
        log_rest = 0.0
        for k in range(classes):
            after -= in_class[k]
            if k == classes - 1:
                sticks[k] = 1.0
            else:
                sticks[k] = min(np.random.beta(1.0 + in_class[k], alpha + after), STICK_CEILING)
                log_rest += np.log(1.0 - sticks[k])
            pi[k] = sticks[k] * rest
            rest *= 1.0 - sticks[k]
        alpha = np.random.gamma(a_alpha + classes - 1.0, 1.0 / (b_alpha - log_rest))
        if sweep >= burnin and (sweep - burnin) % thinning == 0:
            total_n[kept] = documented + n0
            total_alpha[kept] = alpha
            busy = 0
            for k in range(classes):
                if in_class[k] > 0:
                    busy += 1
            occupied[kept] = busy
            kept += 1
    return total_n, total_alpha, occupied
