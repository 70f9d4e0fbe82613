"""Domain value types and vocabularies: uncertain dates, qualified counts, taxonomies as data."""

from __future__ import annotations

from docket.model.counts import Count, InvalidCount, Qualifier, find_counts
from docket.model.dates import SEASONS, Precision, UncertainDate, find_dates
from docket.model.taxonomy import (
    BrokenTaxonomy,
    Taxonomy,
    Term,
    UnknownTerm,
    lint_taxonomy,
    load_taxonomy,
    taxonomy_names,
)

__all__ = [
    "SEASONS",
    "BrokenTaxonomy",
    "Count",
    "InvalidCount",
    "Precision",
    "Qualifier",
    "Taxonomy",
    "Term",
    "UncertainDate",
    "UnknownTerm",
    "find_counts",
    "find_dates",
    "lint_taxonomy",
    "load_taxonomy",
    "taxonomy_names",
]
