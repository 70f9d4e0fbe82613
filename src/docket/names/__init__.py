"""Names of people across scripts, spellings and grammatical case.

Search, entity extraction and record linkage share these functions so that a person written
Атамбаевдин in a Kyrgyz statement, Atambayev in a wire story and Атамбаева in a Russian court
record is one string to all of them.
"""

from __future__ import annotations

from docket.names.keys import fold_text, name_key, same_name, search_key, search_key_prefix
from docket.names.tokenize import Token, tokenize
from docket.names.variants import name_variants

__all__ = [
    "Token",
    "fold_text",
    "name_key",
    "name_variants",
    "same_name",
    "search_key",
    "search_key_prefix",
    "tokenize",
]
