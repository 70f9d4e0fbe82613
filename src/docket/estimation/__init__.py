"""Multiple systems estimation: how many people no list recorded, from how the lists overlap.

The statistics here are pure (they read a table of capture histories and nothing else); building
that table from the archive's records, through a viewer-bound store, is ``lists``.
"""

from __future__ import annotations

from .bma import BmaPosterior
from .estimates import (
    METHODS,
    Estimation,
    MethodEstimate,
    StratifiedEstimation,
    check_methods,
    check_seed,
    estimate,
)
from .histories import MAX_CSV_BYTES, CaptureHistories, InvalidHistories, parse_histories_csv
from .lcmcr import LcmcrPosterior, SamplerSettings
from .lists import STRATA, UNLINKED, ArchiveHistories, capture_histories, estimate_archive

__all__ = [
    "MAX_CSV_BYTES",
    "METHODS",
    "STRATA",
    "UNLINKED",
    "ArchiveHistories",
    "BmaPosterior",
    "CaptureHistories",
    "Estimation",
    "InvalidHistories",
    "LcmcrPosterior",
    "MethodEstimate",
    "SamplerSettings",
    "StratifiedEstimation",
    "capture_histories",
    "check_methods",
    "check_seed",
    "estimate",
    "estimate_archive",
    "parse_histories_csv",
]
