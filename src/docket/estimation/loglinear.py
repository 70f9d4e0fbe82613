"""Log-linear models of the observed cells (Fienberg 1972; Bishop, Fienberg & Holland 1975).

Each hierarchical model — main effects plus a set of interactions closed under taking subsets,
anything up to the saturated model minus the highest interaction — is a Poisson GLM on the
2^J − 1 observed cells (statsmodels). Its intercept is the log of the expected count in the
unobserved cell. The model is chosen by AIC or BIC; its interval is the profile-likelihood
interval of N (Cormack 1992), from the multinomial likelihood of the complete table.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .histories import CaptureHistories

Term = frozenset[int]

# χ²(1) at 0.95: the profile-likelihood drop that bounds a 95% interval.
CHI2_95 = 3.841458820694124
# Search every hierarchical model up to this many lists; beyond, only the graphical ones (two-way).
FULL_SEARCH_LISTS = 4
GRAPH_SEARCH_LISTS = 5
CRITERIA = ("aic", "bic")


@dataclass(frozen=True)
class FittedModel:
    """One log-linear model fitted to the observed cells."""

    terms: tuple[Term, ...]
    """The interactions (two lists or more) in the model."""
    lists: tuple[str, ...]
    missing: float
    """Expected count in the unobserved cell."""
    documented: int
    aic: float
    bic: float
    deviance: float
    dof: int

    @property
    def estimate(self) -> float:
        return self.documented + self.missing

    @property
    def name(self) -> str:
        """Generators in the usual bracket notation, e.g. ``[AB][C]``."""
        return notation(self.terms, self.lists)

    def score(self, criterion: str) -> float:
        return self.aic if criterion == "aic" else self.bic


def notation(terms: tuple[Term, ...], lists: tuple[str, ...]) -> str:
    """``[EXH*ABA][OSCE][HRW]``: the maximal terms, then lists in no interaction."""
    maximal = [term for term in terms if not any(term < other for other in terms)]
    covered = set().union(*maximal) if maximal else set()
    generators = sorted(maximal, key=lambda term: (-len(term), sorted(term)))
    generators += [frozenset({index}) for index in range(len(lists)) if index not in covered]
    return "".join(
        "[" + "*".join(lists[index] for index in sorted(term)) + "]" for term in generators
    )


def hierarchical_models(size: int, max_order: int | None = None) -> Iterator[tuple[Term, ...]]:
    """Every set of interactions of order 2 .. ``max_order`` (default J − 1) closed under
    taking subsets."""
    top = size - 1 if max_order is None else min(max_order, size - 1)

    def extend(chosen: tuple[Term, ...], order: int) -> Iterator[tuple[Term, ...]]:
        if order > top:
            yield chosen
            return
        have = set(chosen)
        eligible = [
            frozenset(combo)
            for combo in itertools.combinations(range(size), order)
            if order == 2
            or all(frozenset(sub) in have for sub in itertools.combinations(combo, order - 1))
        ]
        for mask in range(1 << len(eligible)):
            picked = tuple(term for bit, term in enumerate(eligible) if mask >> bit & 1)
            if order > 2 and not picked:
                yield chosen
                continue
            yield from extend(chosen + picked, order + 1)

    yield from extend((), 2)


def design(
    histories: CaptureHistories, terms: tuple[Term, ...], *, complete: bool
) -> npt.NDArray[np.float64]:
    """Intercept, main effects and the interactions' products; with the unobserved row if
    ``complete``."""
    first = 0 if complete else 1
    indices = np.arange(first, 1 << histories.size)
    shifts = np.arange(histories.size - 1, -1, -1)
    bits = ((indices[:, None] >> shifts[None, :]) & 1).astype(np.float64)
    columns = [np.ones(len(indices)), *bits.T]
    for term in terms:
        columns.append(np.prod(bits[:, sorted(term)], axis=1))
    return np.column_stack(columns)


def fit(histories: CaptureHistories, terms: tuple[Term, ...]) -> FittedModel | None:
    """Fit one model to the observed cells; None if its estimate does not exist (a parameter goes
    to infinity, as happens when a margin the model fixes is zero)."""
    counts = np.asarray(histories.cells[1:], dtype=np.float64)
    matrix = design(histories, terms, complete=False)
    result = _poisson(counts, matrix)
    if result is None:
        return None
    params, llf, deviance = result
    missing = math.exp(params[0]) if params[0] < 700 else math.inf
    if not math.isfinite(missing):
        return None
    observations, parameters = matrix.shape
    return FittedModel(
        terms=terms,
        lists=histories.lists,
        missing=missing,
        documented=histories.documented,
        aic=-2.0 * llf + 2.0 * parameters,
        bic=-2.0 * llf + math.log(histories.documented) * parameters,
        deviance=deviance,
        dof=observations - parameters,
    )


def _poisson(
    counts: npt.NDArray[np.float64], matrix: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], float, float] | None:
    # statsmodels takes seconds to import: only when a model is fitted, not with every command.
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    if np.linalg.matrix_rank(matrix) < matrix.shape[1]:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            result = sm.GLM(counts, matrix, family=sm.families.Poisson()).fit(maxiter=100)
        except (PerfectSeparationWarning, ValueError, np.linalg.LinAlgError):
            return None
    params = np.asarray(result.params, dtype=np.float64)
    if not result.converged or not np.all(np.isfinite(params)) or np.max(np.abs(params)) > 50:
        return None
    return params, float(result.llf), float(result.deviance)


def search(histories: CaptureHistories) -> tuple[list[FittedModel], list[str]]:
    """Fit every model the search covers; models that do not have an estimate are left out."""
    notes: list[str] = []
    if histories.size <= FULL_SEARCH_LISTS:
        candidates = hierarchical_models(histories.size)
    elif histories.size <= GRAPH_SEARCH_LISTS:
        candidates = hierarchical_models(histories.size, max_order=2)
        notes.append(
            f"log-linear search covers the models with two-way interactions only ({histories.size} "
            "lists have too many hierarchical models to fit them all)"
        )
    else:
        return [], [
            f"log-linear models were not searched: {histories.size} lists are more than "
            f"{GRAPH_SEARCH_LISTS}"
        ]
    fitted = [model for terms in candidates if (model := fit(histories, terms)) is not None]
    return fitted, notes


def select(models: list[FittedModel], criterion: str) -> FittedModel:
    return min(models, key=lambda model: (model.score(criterion), len(model.terms)))


def profile_interval(
    histories: CaptureHistories, terms: tuple[Term, ...], level_drop: float = CHI2_95
) -> tuple[float, float | None]:
    """Profile-likelihood interval of N: every N whose log-likelihood is within χ²/2 of the
    maximum. The upper end is None when the likelihood never drops that far (unbounded)."""
    from scipy import optimize, special

    documented = histories.documented
    matrix = design(histories, terms, complete=True)
    observed = np.asarray(histories.cells, dtype=np.float64)

    def loglik(total: float) -> float:
        counts = observed.copy()
        counts[0] = total - documented
        result = _poisson(counts, matrix)
        if result is None:
            return -math.inf
        params = result[0]
        fitted = np.exp(matrix @ params)
        probabilities = fitted / fitted.sum()
        return float(
            special.gammaln(total + 1.0)
            - special.gammaln(total - documented + 1.0)
            + np.sum(special.xlogy(counts, probabilities))
        )

    best = fit(histories, terms)
    start = best.estimate if best is not None else float(documented)
    ceiling = max(start * 1000.0, documented * 1000.0)
    peak = optimize.minimize_scalar(
        lambda value: -loglik(value),
        bounds=(float(documented), min(ceiling, max(start * 4.0, documented + 10.0))),
        method="bounded",
        options={"xatol": 1e-3},
    )
    top = float(-peak.fun)
    at = float(peak.x)

    def drop(value: float) -> float:
        return 2.0 * (top - loglik(value)) - level_drop

    low = (
        float(documented)
        if drop(float(documented)) <= 0
        else optimize.brentq(drop, float(documented), at, xtol=1e-3)
    )
    high: float | None = None
    probe = max(at * 1.5, at + 10.0)
    while probe <= ceiling:
        if drop(probe) > 0:
            high = float(optimize.brentq(drop, at, probe, xtol=1e-3))
            break
        probe *= 2.0
    return float(low), high
