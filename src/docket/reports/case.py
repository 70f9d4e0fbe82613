"""The case report: a person's or a case's file as a document for someone outside the archive.

Everything in it is read through the viewer it is made for, the case file first
(``records.casefile``), so a report for a partner holds only what that partner may see: hidden
records, their links and their counts are absent rather than blanked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from docket.items import ItemStore
from docket.records import RecordStore, RecordView
from docket.records.casefile import CaseFile, Fact, Linked, case_file
from docket.records.timeline import date_of
from docket.reports.assemble import assemble, reveal_views
from docket.reports.document import Report, Section, Sentence
from docket.reports.footnotes import Footnotes
from docket.reports.labels import check_language, word
from docket.reports.sentences import sentence, title_of

_CLAIM_ABOUT = "about"


def case_report(
    records: RecordStore,
    items: ItemStore,
    record_id: int,
    *,
    language: str = "en",
    reveal: bool = False,
    linked: Linked | None = None,
) -> Report:
    """The case report on a person, group or case as ``records.viewer`` may see it;
    ``reveal`` shows protected values (marked) to a viewer allowed to see them; ``linked``
    gives the other records of its people (``docket link``)."""
    check_language(language)
    if reveal:
        records.viewer.require_reveal()
    found = case_file(records, record_id, linked)
    claims = _claims(records, found)
    views = _all_views(found, claims)
    if reveal:
        views = reveal_views(records, views)
    footnotes = Footnotes(records, items, list(views.values()))

    def said(fact_views: Sequence[RecordView]) -> list[Sentence]:
        return [sentence(views[v.id], None, language, footnotes) for v in fact_views]

    def dated(facts: Sequence[Fact]) -> list[Sentence]:
        return [sentence(views[f.view.id], f.date, language, footnotes) for f in facts]

    def violations() -> list[Sentence]:
        acts: list[Sentence] = []
        for fact in found.acts:
            acts.append(sentence(views[fact.view.id], fact.date, language, footnotes))
            for involvement in found.involvements.get(fact.view.id, []):
                lead = f"{word('responsible', language)} —"
                acts.append(sentence(views[involvement.id], None, language, footnotes, lead=lead))
        return acts

    def also() -> list[Section]:
        """Other records of the people, when the viewer may see any: no empty heading."""
        unreviewed = word("link_not_reviewed", language)
        said_also = [
            sentence(
                views[a.view.id], None, language, footnotes, lead=None if a.reviewed else unreviewed
            )
            for a in found.also
        ]
        return [Section("also", word("also_recorded", language), said_also)] if said_also else []

    who = _unique([found.subject, *found.people, *found.groups])
    sections = [
        Section("who", word("who", language), said(who)),
        *also(),
        Section("cases", word("cases", language), dated(found.cases)),
        Section("statuses", word("statuses", language), dated(found.statuses)),
        Section("health", word("health", language), dated(found.health)),
        Section("requests", word("requests", language), dated(found.requests)),
        Section("interventions", word("interventions", language), dated(found.interventions)),
        # Written in order, so footnotes are numbered as they appear.
        Section("acts", word("acts", language), violations()),
        Section("claims", word("claims", language), dated(claims)),
    ]
    return assemble(
        records,
        kind="case",
        title=f"{word('case_report', language)}: {title_of(views[found.subject.id], language)}",
        subject_id=record_id,
        language=language,
        reveal=reveal,
        views=views,
        sections=sections,
        footnotes=footnotes,
    )


def _claims(records: RecordStore, found: CaseFile) -> list[Fact]:
    """What officials (or anyone) said about the people, groups, cases or acts of the file."""
    concerned = {
        view.id
        for view in [found.subject, *found.people, *found.groups]
        + [f.view for f in [*found.cases, *found.acts]]
    }
    referring = records.referrers(concerned) if concerned else []
    claims = [
        view
        for view in (records.views(ids=referring, quotes=True) if referring else [])
        if view.type.name == "claim" and concerned.intersection(view.refs(_CLAIM_ABOUT))
    ]
    return sorted((Fact(view, date_of(view, {})) for view in claims), key=_earliest_first)


def _earliest_first(fact: Fact) -> tuple[bool, date, int]:
    when = fact.date
    first = None if when is None else (when.start or when.end)
    return (first is None, first or date.max, fact.view.id)


def _all_views(found: CaseFile, claims: Sequence[Fact]) -> dict[int, RecordView]:
    every = [found.subject, *found.people, *found.groups]
    every += [f.view for f in [*found.cases, *found.statuses, *found.health]]
    every += [f.view for f in [*found.requests, *found.interventions, *found.acts, *claims]]
    every += [v for group in found.involvements.values() for v in group]
    every += [alias.view for alias in found.also]
    return {view.id: view for view in every}


def _unique(views: Sequence[RecordView]) -> list[RecordView]:
    seen: dict[int, RecordView] = {}
    for view in views:
        seen.setdefault(view.id, view)
    return list(seen.values())
