"""Spellings of a name in other scripts and transliteration systems, for gazetteers and display.

Each variant renders the whole name in one system (a passport does not mix BGN/PCGN and ICAO),
and every variant has the same :func:`docket.names.keys.name_key` as the input, so a gazetteer
built from variants never matches a word that search would not.
"""

from __future__ import annotations

import itertools

from rigour.text.translit import maybe_ascii

from docket.names.keys import name_key, search_key
from docket.names.tokenize import WORD_PATTERN
from docket.names.transliterate import (
    DISPLAY_SYSTEMS,
    cyrillic_spellings,
    is_cyrillic,
    to_latin,
)

__all__ = ["name_variants"]

# Russian spellings of Kyrgyz letters, and the Russian дж for a Kyrgyz initial ж (Жапаров is
# Джапаров in older Russian-language documents).
_RUSSIAN_FOR_KYRGYZ = str.maketrans({"ө": "о", "Ө": "О", "ү": "у", "Ү": "У", "ң": "н", "Ң": "Н"})

_MAX_ALTERNATIVES = 3


def _with_case_of(model: str, text: str) -> str:
    if model.isupper() and len(model) > 1:
        return text.upper()
    if model[:1].isupper():
        return text[:1].upper() + text[1:]
    return text


def _cyrillic_forms(word: str) -> list[str]:
    """Cyrillic spellings of one word, the most likely first."""
    if any(is_cyrillic(char) for char in word):
        forms = [word, word.translate(_RUSSIAN_FOR_KYRGYZ)]
        lower = word.lower()
        if lower.startswith("ж"):
            forms.append(_with_case_of(word, "дж" + lower[1:]))
        elif lower.startswith("дж"):
            forms.append(_with_case_of(word, "ж" + lower[2:]))
    else:
        key = search_key(word)
        forms = [
            _with_case_of(word, spelling)
            for spelling in cyrillic_spellings(word)
            if search_key(spelling) == key
        ]
    unique = list(dict.fromkeys(forms))
    return unique[:_MAX_ALTERNATIVES]


def _renderings(cyrillic: str) -> list[str]:
    spellings = [cyrillic, maybe_ascii(cyrillic)]
    spellings.extend(to_latin(cyrillic, system) for system in DISPLAY_SYSTEMS)
    return spellings


def name_variants(name: str) -> set[str]:
    """Plausible spellings of ``name`` in Latin (several systems) and Cyrillic, with ``name``.

    The words of the name are rendered together, one system at a time; where a word has more
    than one likely Cyrillic spelling (Japarov: Жапаров, Джапаров) each is tried in turn.
    """
    matches = list(WORD_PATTERN.finditer(name))
    variants = {name}
    if not matches:
        return variants
    separators = [name[: matches[0].start()]]
    separators += [name[a.end() : b.start()] for a, b in itertools.pairwise(matches)]
    separators.append(name[matches[-1].end() :])
    forms = [_cyrillic_forms(match.group()) for match in matches]
    if not all(forms):
        return variants

    def assemble(words: list[str]) -> str:
        parts = [separators[0]]
        for word, separator in zip(words, separators[1:], strict=True):
            parts.extend((word, separator))
        return "".join(parts)

    choices = [[0] * len(forms)]
    for position, alternatives in enumerate(forms):
        for alternative in range(1, len(alternatives)):
            choice = [0] * len(forms)
            choice[position] = alternative
            choices.append(choice)
    target = name_key(name)
    for choice in choices:
        rendered = [_renderings(forms[i][pick]) for i, pick in enumerate(choice)]
        for system in range(len(rendered[0])):
            candidate = assemble([spellings[system] for spellings in rendered])
            if name_key(candidate) == target:
                variants.add(candidate)
    return variants
