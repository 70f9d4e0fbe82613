"""Who "I" and "you" are in a letter: its signatory and its addressee.

A letter ("Mr President, I write to you … Yours sincerely, Joanna Verhoeven") names its
author once, under its closing words, and its addressee once, above its salutation. Its
interventions speak in the first and second person: "I write to you", "During my visit to the
colony", "I respectfully ask you to allow Mr Atambaev to be treated". A document is read as a
letter where a short line ending in a comma opens its body (the salutation: "Mr President,",
"Уважаемый господин Президент,", "Урматтуу Президент мырза,") and a closing line follows its
body ("Yours sincerely,", "С уважением,", "Урматтоо менен,"), both from ``letter`` in
``vocabulary/interventions.yaml``. Then the first person singular in an intervention's clause
makes the person named after the closing its author (in place of the organisation the letter
is written for: "our Alliance" stays the Alliance's), and the second person in its sentence
makes the person named last before the salutation its addressee.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from docket.extract.actors import Actor
from docket.extract.clauses import edges
from docket.extract.lexicon import fold_text

__all__ = ["letter_voice"]

_SALUTATION: Final = re.compile(r"^[^\n,.;:]{2,60},[ \t]*$", re.MULTILINE)


def letter_voice(
    text: str,
    language: str,
    interventions: Sequence[dict[str, Any]],
    actors: Sequence[Actor],
    data: Mapping[str, Any],
) -> None:
    """Give the interventions of a letter written in the first or second person its signatory
    as author and its addressee as whom they are toward, in place (see the module's
    docstring)."""
    words = (data.get("letter") or {}).get(language) or {}
    closings = tuple(fold_text(" ".join(words.get("closing") or ())).words)
    first = frozenset(words.get("first") or ())
    second = frozenset(words.get("second") or ())
    salutation = _SALUTATION.search(text)
    if salutation is None or not closings:
        return
    closing = next(
        (
            line
            for line in re.finditer(r"^[^\n]*$", text[salutation.end() :], re.MULTILINE)
            if line.group().strip().endswith(",")
            and fold_text(line.group()).words[:1]
            and fold_text(line.group()).words[0].startswith(closings)
        ),
        None,
    )
    if closing is None:
        return
    people = sorted((a for a in actors if a.kind == "person"), key=lambda actor: actor.start)
    after = salutation.end() + closing.end()
    signer = next((person for person in people if person.start >= after), None)
    addressee = next(
        (person for person in reversed(people) if person.end <= salutation.start()), None
    )
    for found in interventions:
        clause = edges(text, found["start"], found["end"], clause=True)
        sentence = edges(text, found["start"], found["end"], clause=False)
        own = set(fold_text(text[clause[0] : max(clause[1], found["end"])]).words)
        spoken_to = set(fold_text(text[sentence[0] : sentence[1]]).words)
        by = found.get("by")
        if (
            signer is not None
            and first & own
            and (not isinstance(by, Mapping) or by.get("kind") == "organization")
        ):
            found["by"] = signer.to_json()
        toward = found.get("toward")
        if (
            addressee is not None
            and second & spoken_to
            and (not isinstance(toward, Mapping) or toward.get("kind") != "person")
        ):
            found["toward"] = addressee.to_json()
