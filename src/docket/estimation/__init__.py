"""Multiple systems estimation: how many people no list recorded, from how the lists overlap.

The statistics here are pure (they read a table of capture histories and nothing else); building
that table from the archive's records is ``docket.estimation.lists``.
"""

from __future__ import annotations

from .bma import BmaPosterior
from .estimates import METHODS, Estimation, MethodEstimate, check_methods, check_seed, estimate
from .histories import MAX_CSV_BYTES, CaptureHistories, InvalidHistories, parse_histories_csv
from .lcmcr import LcmcrPosterior, SamplerSettings

__all__ = [
    "MAX_CSV_BYTES",
    "METHODS",
    "BmaPosterior",
    "CaptureHistories",
    "Estimation",
    "InvalidHistories",
    "LcmcrPosterior",
    "MethodEstimate",
    "SamplerSettings",
    "check_methods",
    "check_seed",
    "estimate",
    "parse_histories_csv",
]
