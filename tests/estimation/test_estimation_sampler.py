"""The LCMCR sampler: reproducible by seed, the compiled and numpy versions agree, honest
diagnostics; and the calibration of every method on simulated populations (slow)."""

from __future__ import annotations

import numpy as np
import pytest

from docket.errors import DocketError
from docket.estimation import CaptureHistories, SamplerSettings, estimate, lcmcr
from docket.estimation.diagnostics import effective_size, split_rhat
from docket.estimation.published import kosovo
from docket.estimation.simulation import calibrate, populations

SHORT = SamplerSettings(chains=2, burnin=2_000, samples=500, thinning=10)


def test_the_same_seed_gives_the_same_draws_and_another_seed_others() -> None:
    first = lcmcr.sample(kosovo(), seed=5, settings=SHORT)
    again = lcmcr.sample(kosovo(), seed=5, settings=SHORT)
    other = lcmcr.sample(kosovo(), seed=6, settings=SHORT)

    assert np.array_equal(first.draws, again.draws)
    assert not np.array_equal(first.draws, other.draws)
    assert first.draws.shape == (2, 500)
    # Chains start from their own seeds: they are not copies of each other.
    assert not np.array_equal(first.draws[0], first.draws[1])


def test_compiled_and_numpy_samplers_find_the_same_posterior() -> None:
    table = CaptureHistories.of(
        ("A", "B", "C"),
        {"100": 120, "010": 95, "001": 80, "110": 30, "101": 25, "011": 20, "111": 9},
    )
    settings = SamplerSettings(chains=4, burnin=2_000, samples=5_000, thinning=5)
    compiled = lcmcr.sample(table, seed=4, settings=settings)
    vectorised = lcmcr.sample(table, seed=4, settings=settings, chain=lcmcr.numpy_chain)

    assert compiled.classes == vectorised.classes == 7
    # Different random streams, the same distribution: deciles and median within 3%.
    ours = np.quantile(compiled.pooled, [0.1, 0.5, 0.9])
    theirs = np.quantile(vectorised.pooled, [0.1, 0.5, 0.9])
    assert np.all(np.abs(ours - theirs) / ours < 0.03), (ours, theirs)
    assert compiled.pooled.min() >= table.documented


def test_default_classes_follow_the_number_of_lists() -> None:
    assert [lcmcr.default_classes(size) for size in (2, 3, 4, 5)] == [3, 7, 15, 15]


def test_rhat_and_ess_of_independent_and_of_stuck_chains() -> None:
    rng = np.random.default_rng(0)
    independent = rng.normal(size=(4, 1_000))
    stuck = independent + np.arange(4)[:, None] * 3.0
    walk = np.cumsum(rng.normal(size=(4, 1_000)), axis=1)

    assert split_rhat(independent) == pytest.approx(1.0, abs=0.01)
    assert split_rhat(stuck) > 1.5
    assert 3_000 < effective_size(independent) < 5_000
    assert effective_size(walk) < 200


def test_short_chains_are_flagged_not_hidden() -> None:
    result = estimate(
        kosovo(),
        seed=1,
        methods=["lcmcr"],
        settings=SamplerSettings(chains=2, burnin=0, samples=50, thinning=1),
    )

    (only,) = result.estimates
    assert only.interval[0] < only.estimate < only.interval[1]  # type: ignore[operator]
    assert any("effective draws" in warning for warning in result.warnings)


def test_sampler_settings_are_checked() -> None:
    with pytest.raises(DocketError, match="at least 10 samples"):
        lcmcr.sample(kosovo(), seed=1, settings=SamplerSettings(samples=5))
    with pytest.raises(DocketError, match="thinning"):
        lcmcr.sample(kosovo(), seed=1, settings=SamplerSettings(thinning=0))


def test_simulated_populations_are_reproducible_and_estimable() -> None:
    first = list(populations(6, seed=11))
    again = list(populations(6, seed=11))

    assert [p.histories for p in first] == [p.histories for p in again]
    assert sorted({p.histories.size for p in first}) == [3, 4, 5]
    assert all(p.histories.documented < p.size for p in first)


@pytest.mark.slow
def test_lcmcr_intervals_cover_simulated_truths() -> None:
    # A small version of benchmarks/calibrate_estimation.py (50 populations, in the docs).
    (result,) = calibrate(
        12,
        seed=7,
        settings=SamplerSettings(chains=2, burnin=5_000, samples=1_000, thinning=20),
        methods=("lcmcr",),
    )

    assert result.covered >= 10
    assert abs(result.relative_bias) < 0.05


def test_a_work_limit_refuses_before_sampling() -> None:
    table = kosovo()
    needed = lcmcr.work(table, SamplerSettings())

    with pytest.raises(DocketError, match="busy for minutes"):
        estimate(table, seed=1, work_limit=needed - 1)
    quick = estimate(table, seed=1, methods=["loglinear"], work_limit=1)
    assert [item.method for item in quick.estimates] == ["loglinear"]
