"""The LCMCR sampler on Kosovo: compiled (numba) against the same sampler in numpy.

    .venv/bin/python benchmarks/estimate.py [--burnin 10000] [--sweeps 100000] [--classes 10]
        [--numpy-sweeps 110000]

One chain on the Kosovo table (4 lists, 4,400 people) with K = 10: ``--burnin`` sweeps, then
``--sweeps`` more kept every tenth, as the reference C++ implementation is timed (about 2.3 s on
this machine class). The floor is ``lcmcr.numpy_chain``, the same sampler with numpy's vector
operations per sweep, timed in the same run (``--numpy-sweeps`` can shorten it; the ratio is then
per sweep). Compilation is timed apart: numba caches it on disk, so it is paid once per install.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from docket.estimation import lcmcr
from docket.estimation.published import kosovo

THINNING = 10
REFERENCE_SECONDS = 2.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--burnin", type=int, default=10_000)
    parser.add_argument("--sweeps", type=int, default=100_000)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--numpy-sweeps", type=int, default=110_000)
    args = parser.parse_args()
    table = kosovo()
    patterns, counts = table.observed()
    samples = args.sweeps // THINNING
    total = args.burnin + samples * THINNING

    started = time.perf_counter()
    chain = lcmcr.compiled_chain()
    chain(patterns, counts, args.classes, lcmcr.A_ALPHA, lcmcr.B_ALPHA, 0, 10, 1, 0)
    compiled_in = time.perf_counter() - started

    started = time.perf_counter()
    draws, _, _ = chain(
        patterns, counts, args.classes, lcmcr.A_ALPHA, lcmcr.B_ALPHA, args.burnin, samples,
        THINNING, 1,
    )  # fmt: skip
    numba_seconds = time.perf_counter() - started

    numpy_samples = max(1, (args.numpy_sweeps - args.burnin) // THINNING)
    numpy_burnin = min(args.burnin, args.numpy_sweeps)
    numpy_total = numpy_burnin + numpy_samples * THINNING
    started = time.perf_counter()
    baseline, _, _ = lcmcr.numpy_chain(
        patterns, counts, args.classes, lcmcr.A_ALPHA, lcmcr.B_ALPHA, numpy_burnin,
        numpy_samples, THINNING, 1,
    )  # fmt: skip
    numpy_seconds = time.perf_counter() - started

    per_sweep = numba_seconds / total * 1e6
    numpy_per_sweep = numpy_seconds / numpy_total * 1e6
    print(f"Kosovo, K={args.classes}: {args.burnin:,} burn-in + {args.sweeps:,} sweeps")
    print(f"  compile (first use, cached after): {compiled_in:.1f} s")
    print(f"  numba: {numba_seconds:.2f} s ({per_sweep:.1f} µs/sweep), N {np.median(draws):,.0f}")
    print(
        f"  numpy: {numpy_seconds:.2f} s for {numpy_total:,} sweeps "
        f"({numpy_per_sweep:.1f} µs/sweep), N {np.median(baseline):,.0f}"
    )
    print(f"  numpy / numba per sweep: {numpy_per_sweep / per_sweep:.1f}×")
    print(
        f"  numba / reference C++ ({REFERENCE_SECONDS} s): {numba_seconds / REFERENCE_SECONDS:.2f}×"
    )


if __name__ == "__main__":
    main()
