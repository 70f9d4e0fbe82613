"""Every method on one table of capture histories, with the warnings a reader needs.

No estimate leaves this module without its interval and the warnings that apply to it; the JSON
form is the contract of ``docket estimate --json``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docket.errors import DocketError

from . import bma, lcmcr, loglinear
from .histories import CaptureHistories

METHODS = ("lcmcr", "loglinear", "bma")
SPARSE_CELL = 5
FEW_PEOPLE = 50
SEED_LIMIT = 2**63 - 1
CLOSED_POPULATION = (
    "every method assumes the lists are samples of one closed population (the same place, "
    "period and kind of violation); a list that covers another population, or that copies "
    "another list, biases every estimate"
)


@dataclass(frozen=True)
class MethodEstimate:
    """One method's estimate of the total, with its 95% interval (upper end None: unbounded)."""

    method: str
    estimate: int
    interval: tuple[int, int | None]
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "estimate": self.estimate,
            "interval": list(self.interval),
            **self.details,
        }


@dataclass(frozen=True)
class Estimation:
    """The table, each method's estimate and every warning."""

    histories: CaptureHistories
    estimates: tuple[MethodEstimate, ...]
    warnings: tuple[str, ...]
    posterior: lcmcr.LcmcrPosterior | None = None
    stratum: str | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if self.stratum is not None:
            body["stratum"] = self.stratum
        body.update(
            {
                "documented": self.histories.documented,
                "sources": list(self.histories.lists),
                "histories": self.histories.counts(),
                "estimates": [estimate.to_json() for estimate in self.estimates],
                "warnings": list(self.warnings),
            }
        )
        return body


@dataclass(frozen=True)
class StratifiedEstimation:
    """One estimation per stratum of the archive's people, and the warnings that apply to all."""

    by: str
    strata: tuple[Estimation, ...]
    warnings: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "strata": [stratum.to_json() for stratum in self.strata],
            "warnings": list(self.warnings),
        }


def check_methods(methods: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(method.strip().lower() for method in methods))
    unknown = [method for method in chosen if method not in METHODS]
    if unknown or not chosen:
        raise DocketError(
            f"unknown method {', '.join(unknown) or '(none)'}: choose from {', '.join(METHODS)}"
        )
    return chosen


def check_seed(value: object) -> int:
    """A seed is a whole number from 0; text is accepted if it is one."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isascii() or not text.isdigit():
        raise DocketError(f"seed {str(value)[:20]!r} is not a whole number from 0")
    seed = int(text)
    if seed > SEED_LIMIT:
        raise DocketError(f"seed {seed} is too large (at most {SEED_LIMIT})")
    return seed


def estimate(
    histories: CaptureHistories,
    *,
    seed: int,
    methods: Sequence[str] = METHODS,
    settings: lcmcr.SamplerSettings | None = None,
    criterion: str = "bic",
    warnings: Sequence[str] = (),
    stratum: str | None = None,
    work_limit: int | None = None,
) -> Estimation:
    """Run the chosen methods; ``warnings`` are the caller's (how the table was made). With
    ``work_limit``, a table whose LCMCR sampling would exceed it is refused before any work."""
    chosen = check_methods(methods)
    if criterion not in loglinear.CRITERIA:
        raise DocketError(f"unknown criterion {criterion!r}: choose aic or bic")
    seed = check_seed(seed)
    sampler = settings or lcmcr.SamplerSettings()
    if work_limit is not None and "lcmcr" in chosen and lcmcr.work(histories, sampler) > work_limit:
        raise DocketError(
            f"this table ({histories.size} lists) would keep the LCMCR sampler busy for minutes: "
            "run it with docket estimate --histories, or leave LCMCR out"
        )
    notes = [*warnings, *table_warnings(histories)]
    results: list[MethodEstimate] = []
    posterior = None
    for method in chosen:
        if method == "lcmcr":
            posterior = lcmcr.sample(histories, seed=seed, settings=settings)
            results.append(_lcmcr_estimate(posterior))
            notes += posterior.warnings()
        elif method == "loglinear":
            found, method_notes = _loglinear_estimate(histories, criterion)
            notes += method_notes
            if found is not None:
                results.append(found)
        else:
            found, method_notes = _bma_estimate(histories)
            notes += method_notes
            if found is not None:
                results.append(found)
    notes += agreement_warnings(results)
    return Estimation(histories, tuple(results), tuple(notes), posterior, stratum)


def table_warnings(histories: CaptureHistories) -> list[str]:
    notes = [CLOSED_POPULATION]
    if histories.size < 3:
        notes.append(
            f"only {histories.size} lists: their independence is assumed and cannot be checked; "
            "with three or more lists the methods can allow for lists that depend on each other"
        )
    sparse = sum(1 for count in histories.cells[1:] if count < SPARSE_CELL)
    if sparse:
        notes.append(
            f"{sparse} of {len(histories.cells) - 1} capture patterns have fewer than "
            f"{SPARSE_CELL} people: estimates from sparse tables are unstable and depend on the "
            "model"
        )
    if histories.documented < FEW_PEOPLE:
        notes.append(
            f"only {histories.documented} people are documented: too few to tell the models "
            "apart, the intervals are wide"
        )
    return notes


def agreement_warnings(results: Sequence[MethodEstimate]) -> list[str]:
    for first, second in ((a, b) for i, a in enumerate(results) for b in results[i + 1 :]):
        first_high = math.inf if first.interval[1] is None else first.interval[1]
        second_high = math.inf if second.interval[1] is None else second.interval[1]
        if first_high < second.interval[0] or second_high < first.interval[0]:
            return [
                f"the intervals of {first.method} and {second.method} do not overlap: the methods "
                "make different assumptions about how the lists depend on each other, and at "
                "least one does not fit; read the estimates as a range, not one number"
            ]
    return []


def _lcmcr_estimate(posterior: lcmcr.LcmcrPosterior) -> MethodEstimate:
    settings = posterior.settings
    return MethodEstimate(
        "lcmcr",
        posterior.median,
        posterior.interval(),
        {
            "mean": round(posterior.mean, 1),
            "K": posterior.classes,
            "classes_used": round(float(posterior.occupied.mean()), 1),
            "chains": settings.chains,
            "burnin": settings.burnin,
            "samples": settings.samples,
            "thinning": settings.thinning,
            "rhat": round(posterior.rhat, 4),
            "ess": round(posterior.ess, 1),
            "seed": posterior.seed,
        },
    )


def _loglinear_estimate(
    histories: CaptureHistories, criterion: str
) -> tuple[MethodEstimate | None, list[str]]:
    models, notes = loglinear.search(histories)
    if not models:
        if histories.size <= loglinear.GRAPH_SEARCH_LISTS:
            notes.append("no log-linear model could be fitted to this table (zero margins)")
        return None, notes
    chosen = loglinear.select(models, criterion)
    other = loglinear.select(models, "aic" if criterion == "bic" else "bic")
    low, high = loglinear.profile_interval(histories, chosen.terms)
    if high is None:
        notes.append(
            f"the log-linear model {chosen.name} gives no upper bound: its likelihood stays high "
            "for any larger total"
        )
    if other.terms != chosen.terms:
        other_label = "AIC" if criterion == "bic" else "BIC"
        notes.append(
            f"{criterion.upper()} chose the log-linear model {chosen.name} "
            f"({chosen.estimate:,.0f}); "
            f"{other_label} would choose {other.name} ({other.estimate:,.0f})"
        )
    ranked = sorted(models, key=lambda model: model.score(criterion))[:5]
    return (
        MethodEstimate(
            "loglinear",
            round(chosen.estimate),
            (math.floor(low), None if high is None else math.ceil(high)),
            {
                "model": chosen.name,
                "criterion": criterion,
                "aic": round(chosen.aic, 2),
                "bic": round(chosen.bic, 2),
                "fitted": len(models),
                "models": [
                    {
                        "model": model.name,
                        "estimate": round(model.estimate),
                        "aic": round(model.aic, 2),
                        "bic": round(model.bic, 2),
                    }
                    for model in ranked
                ],
            },
        ),
        notes,
    )


def _bma_estimate(histories: CaptureHistories) -> tuple[MethodEstimate | None, list[str]]:
    if histories.size > bma.MAX_LISTS:
        return None, [
            f"model averaging (bma) was not run: {histories.size} lists are more than "
            f"{bma.MAX_LISTS}, too many decomposable graphs"
        ]
    posterior = bma.posterior(histories)
    notes = []
    if posterior.truncated:
        notes.append(
            "model averaging (bma): the posterior still has mass at ten times the documented "
            "count, where its grid ends; its upper bound is too low"
        )
    return (
        MethodEstimate(
            "bma",
            posterior.median,
            posterior.interval(),
            {
                "mode": posterior.mode,
                "mean": round(posterior.mean, 1),
                "delta": 2.0**-histories.size,
                "models": [
                    {"model": graph.name(histories.lists), "probability": round(weight, 4)}
                    for graph, weight in posterior.top_models()
                ],
            },
        ),
        notes,
    )
