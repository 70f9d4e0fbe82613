"""Corrections of the models' names that hold in every language the region's reports use.

The statistical models read a name from its few neighbouring words, and the region's names
mislead them in repeatable ways: a hyphenated place is cut at its hyphen (Tash | Bulung), a
surname after a title is typed as an organisation ("President of the country Sadyr Japarov"),
an office (the Ombudsman), a numbered colony or a media outlet (Kerege.info, Temirov Live) is
not seen as an organisation, a place keeps or loses the word that makes it one ("Kok-Suu
reservoir", "площади Победы"), and the name of a court case ("the Kok-Suu case", "по делу
Кок-Суу") is taken for the place it is named after. Each rule fixes one of these, on the
mentions of one text, before names are grouped.

The rules are kept by kind: a mention corrected by its own words and those around it
(``name_corrections``), names joined or split (``name_joins``), names the models passed over
(``missed_names``) and kinds decided by the neighbouring mentions (``name_kinds``), over the
word shapes they share (``name_words``). This module runs them, in order, on one text.
"""

from __future__ import annotations

from collections.abc import Sequence

from docket.extract.kyrgyz_places import declined_place_mentions
from docket.extract.mentions import Mention, merge_mentions
from docket.extract.missed_names import (
    NUMBERED,
    NUMBERED_HOLD,
    OFFICES,
    OFFICES_HOLD,
    OUTLETS,
    OUTLETS_HOLD,
    compound_names,
    found_by,
    headed_bodies,
    named_quarters,
    named_villages,
    repeated_names,
    whole_people,
)
from docket.extract.name_corrections import corrected_mention
from docket.extract.name_joins import (
    bodies_after_places,
    courts_with_seats,
    joined_organisations,
    quoted_with_head,
    russian_adjectives_before,
    split_nested,
)
from docket.extract.name_kinds import (
    kyrgyz_places_in_names,
    listed_places,
    no_place,
    places_after_route,
    relatives,
)
from docket.extract.non_names import without_common_words
from docket.extract.place_lines import RULES_SOURCE, dateline_places, headline_places, uncovered

__all__ = ["RULES_SOURCE", "corrected_names"]


def _overlaps_any(mention: Mention, others: list[Mention]) -> bool:
    return any(mention.start < other.end and other.start < mention.end for other in others)


def corrected_names(text: str, language: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` of ``text`` (in ``language``) corrected and completed by the name rules."""
    found = merge_mentions(mentions)
    compounds = compound_names(text, language)
    found = whole_people(found, [m for m in compounds if m.kind == "person"])
    found = merge_mentions([*found, *uncovered(compounds, found)])
    found = merge_mentions([*found, *repeated_names(text, language, found)])
    fixed = []
    for mention in found:
        corrected = corrected_mention(text, language, mention)
        if corrected is None:
            continue
        if language == "ru":
            corrected = russian_adjectives_before(text, quoted_with_head(text, corrected))
        fixed.extend(split_nested(text, corrected))
    fixed = merge_mentions(fixed)
    if language == "ru":
        fixed = joined_organisations(text, fixed)
    villages = named_villages(text, language)
    if villages:
        # A name written with "айылы", "шаары", "village of" is a place whatever the model took
        # it for ("Шопоков шаарында": a town, not a surname).
        fixed = [
            mention
            for mention in fixed
            if mention.kind != "person" or uncovered([mention], villages)
        ]
        fixed = merge_mentions([*fixed, *uncovered(villages, fixed)])
    quarters = named_quarters(text, language)
    if quarters:
        # The kind's word and the name are one place, wherever the model read the name alone.
        fixed = [mention for mention in fixed if not _overlaps_any(mention, quarters)]
        fixed = merge_mentions([*fixed, *quarters])
    bodies = headed_bodies(text, language)
    if bodies:
        fixed = merge_mentions([*fixed, *uncovered(bodies, fixed)])
    added = [
        *found_by(text, OFFICES, "organization", language, OFFICES_HOLD),
        *found_by(text, NUMBERED, "organization", language, NUMBERED_HOLD),
        *found_by(text, OUTLETS, "organization", language, OUTLETS_HOLD),
    ]
    if added:
        # A rule's organisation replaces whatever the model read over the same words.
        fixed = merge_mentions([*added, *fixed], (RULES_SOURCE,))
    fixed = bodies_after_places(text, language, courts_with_seats(text, language, fixed))
    fixed = relatives(text, language, fixed)
    fixed = listed_places(text, places_after_route(text, language, fixed))
    fixed = dateline_places(text, fixed)
    if language == "ky":
        fixed = kyrgyz_places_in_names(text, declined_place_mentions(text, fixed))
    fixed = [mention for mention in fixed if not no_place(text, language, mention)]
    return headline_places(
        text, language, without_common_words(text, language, fixed, (RULES_SOURCE,))
    )
