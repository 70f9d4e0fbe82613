"""Who dismissed a relative: the employer the act names.

"His brother Bakyt was fired from the Talas District Administration", "was dismissed from his job
as a history teacher at School No. 5", "уволили из районной больницы", "Ош облустук
ооруканасындагы жумушунан бошотушту": the grammar finds no subject that dismissed, and the
organisation the relative worked for is who the annotation gives. An organisation named in the
act's clause after it, right behind a word of ``employers`` ("from", "at", "из"), or, in Kyrgyz,
written with the ending of "at" (-дагы, -теги) right before the act's words, is the perpetrator of
an act of ``employers`` codes that has none (``vocabulary/participants.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.participants import VOCABULARY
from docket.model._lexicon import read_yaml

__all__ = ["employers_named"]

# How far after the act its employer may be named, and the act's clause up to it.
_REACH: Final = 80
_CLAUSE_BREAK: Final = re.compile(r"[,;:()!?…\n]|\.(?=\s)")
_KY_AT: Final = re.compile(r"(?:да|де|та|те)(?:гы|ги|гу|гү)$")
_KY_BETWEEN: Final = re.compile(r"\s+$")


@cache
def _employers(language: str) -> tuple[frozenset[str], re.Pattern[str] | None]:
    source = resources.files("docket.extract").joinpath(VOCABULARY).read_text(encoding="utf-8")
    data = read_yaml(source).get("employers") or {}
    words = [word.casefold() for word in (data.get("before") or {}).get(language) or []]
    pattern = (
        re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(word) for word in words)})\s+$", re.IGNORECASE)
        if words
        else None
    )
    return frozenset(data.get("codes") or []), pattern


def _employer(
    text: str, language: str, act: dict[str, Any], organisations: Sequence[Actor]
) -> Actor | None:
    _, before = _employers(language)
    if language == "ky":
        return next(
            (
                actor
                for actor in organisations
                if actor.end <= act["start"]
                and _KY_BETWEEN.match(text, actor.end, act["start"]) is not None
                and _KY_AT.search(actor.text) is not None
            ),
            None,
        )
    if before is None:
        return None
    for actor in sorted(organisations, key=lambda found: found.start):
        if actor.start < act["end"] or actor.start - act["end"] > _REACH:
            continue
        if _CLAUSE_BREAK.search(text, act["end"], actor.start):
            return None
        if before.search(text, act["start"], actor.start):
            return actor
    return None


def employers_named(
    text: str, language: str | None, acts: Sequence[dict[str, Any]], actors: Sequence[Actor]
) -> None:
    """Give each act of ``employers`` codes without a perpetrator the employer its clause names
    (``acts`` are changed in place)."""
    if not language:
        return
    codes, _ = _employers(language)
    organisations = [actor for actor in actors if actor.kind == "organization"]
    for act in acts:
        if act["type"] not in codes or act.get("perpetrator") is not None:
            continue
        employer = _employer(text, language, act, organisations)
        if employer is not None:
            act["perpetrator"] = employer.to_json(degree="carried_out")
