"""Calls made of a second addressee in a clause that leaves out the verb of calling.

An appeal asks two bodies for two things with one verb, putting a dash where the verb would
stand again: "Мы призываем Генеральную прокуратуру проверить законность задержания, а
Омбудсмена — посетить Сарыбаеву в СИЗО", "«Калкан» призывает освободить Эргешова, а Генеральную
прокуратуру — проверить действия сотрудников РОВД". The second clause is a call of its own, of
the kind its infinitive asks (``gapped`` in the vocabulary: "посетить" a request, "проверить" a
call for an investigation), made by whoever made the first, of the one named before the dash.

The shape read is narrow: ", а" or ", и", at most a few words (the one asked), a dash, one of the
vocabulary's infinitives, in a sentence where a verb of calling stands before the comma.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.lexicon import PhraseMatch, fold_text
from docket.model.taxonomy import Taxonomy

__all__ = ["after_a_gap", "gapped_calls", "named_before_the_dash"]

_GAP: Final = re.compile(
    r",\s+(?:а|и)\s+(?P<asked>[^\s,.;:!?—–]+(?:\s+[^\s,.;:!?—–]+){0,4})\s+[—–-]\s+"
    r"(?P<verb>[^\W\d_]+)",
    re.IGNORECASE,
)
_SENTENCE_ENDS: Final = re.compile(r"[.;!?](?=\s)|\n")
# The one asked stands right before the dash that opens the call's words.
_DASH_AFTER: Final = re.compile(r"\s+[—–-]\s")
_JOINED_BEFORE: Final = re.compile(r",\s+(?:а|и)\s+$", re.IGNORECASE)
_JOIN_REACH: Final = 8


def gapped_calls(
    text: str,
    matches: Sequence[PhraseMatch],
    data: Mapping[str, Any],
    language: str,
    taxonomy: Taxonomy,
) -> list[PhraseMatch]:
    """``matches`` with the calls of a clause that leaves out its verb of calling (see the
    module's docstring), each from the one asked to its infinitive, in text order."""
    entry = (data.get("gapped") or {}).get(language) or {}
    kinds: Mapping[str, str] = entry.get("kinds") or {}
    callers = tuple(fold_text(" ".join(entry.get("callers") or ())).words)
    if not kinds or not callers:
        return list(matches)
    added: list[PhraseMatch] = []
    for gap in _GAP.finditer(text):
        code = kinds.get(fold_text(gap.group("verb")).words[0])
        if code is None:
            continue
        opening = max(
            (end.end() for end in _SENTENCE_ENDS.finditer(text, 0, gap.start())), default=0
        )
        if not any(
            word.startswith(callers) for word in fold_text(text[opening : gap.start()]).words
        ):
            continue
        start, end = gap.start("asked"), gap.end("verb")
        if any(match.start < end and start < match.end for match in matches):
            continue
        added.append(PhraseMatch(taxonomy.get(code), start, end))
    return sorted([*matches, *added], key=lambda match: match.start)


def after_a_gap(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a call whose verb of calling was left out: ", а" right
    before it, a dash inside it after the one it asks."""
    joined = _JOINED_BEFORE.search(text, max(0, start - _JOIN_REACH), start)
    return joined is not None and _DASH_AFTER.search(text, start, end) is not None


def named_before_the_dash(text: str, start: int, end: int, names: Sequence[Actor]) -> Actor | None:
    """Of ``names`` (actors), the one that opens ``text[start:end]`` right before a dash: whom a
    call with its verb left out asks ("Омбудсмена — посетить")."""
    return next(
        (
            name
            for name in names
            if start <= name.start < end
            and not text[start : name.start].strip()
            and _DASH_AFTER.match(text, name.end)
        ),
        None,
    )
