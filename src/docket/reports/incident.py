"""The incident report: one event with its acts, the victims named and counted (a group's size
with its qualifier, "at least 22"), who took part and how, the places, the dates with their
uncertainty, and what the authorities did or said, all as the audience may see it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docket.items import ItemStore
from docket.model.count_wording import count_text, number
from docket.model.counts import Count
from docket.records import InvalidRecord, RecordStore, RecordView
from docket.records.timeline import date_of
from docket.reports.assemble import assemble, reveal_views
from docket.reports.document import Report, Section, Sentence
from docket.reports.footnotes import Footnotes
from docket.reports.labels import check_language, word
from docket.reports.sentences import sentence, title_of


def incident_report(
    records: RecordStore,
    items: ItemStore,
    event_id: int,
    *,
    language: str = "en",
    reveal: bool = False,
) -> Report:
    check_language(language)
    if reveal:
        records.viewer.require_reveal()
    event = records.get(event_id)
    if event.type.name != "event":
        raise InvalidRecord(
            f"record {event_id} is a {event.type.name}: incident reports are made on events"
        )
    acts = [v for v in _referring(records, {event_id}) if v.type.name == "act"]
    act_ids = {a.id for a in acts}
    around = _referring(records, act_ids | {event_id})
    involvements = [
        v for v in around if v.type.name == "involvement" and act_ids.intersection(v.refs("act"))
    ]
    concerned = act_ids | {event_id}
    responses = [
        v
        for v in around
        if (v.type.name == "intervention" and concerned.intersection(v.refs("concerning")))
        or (v.type.name == "claim" and concerned.intersection(v.refs("about")))
    ]
    victim_ids = {ref for act in acts for ref in act.refs("victim")}
    place_ids = set(event.refs("place")) | {ref for act in acts for ref in act.refs("place")}
    victims = _views(records, victim_ids)
    places = _views(records, place_ids)
    views = {v.id: v for v in [event, *acts, *involvements, *responses, *victims, *places]}
    if reveal:
        views = reveal_views(records, views)
    footnotes = Footnotes(records, items, list(views.values()))
    by_event = {event_id: views[event_id]}

    def said(chosen: Iterable[RecordView], *, dated: bool = False) -> list[Sentence]:
        return [
            sentence(
                views[v.id], date_of(views[v.id], by_event) if dated else None, language, footnotes
            )
            for v in chosen
        ]

    shown_victims = [views[v.id] for v in victims]
    sections = [
        Section("event", word("event", language), said([event], dated=True)),
        Section("incident_acts", word("incident_acts", language), said(acts, dated=True)),
        Section(
            "victims",
            word("victims", language),
            said(shown_victims),
            summary=_victim_summary(shown_victims, language),
        ),
        Section("perpetrators", word("perpetrators", language), said(involvements)),
        Section("places", word("places", language), said(places)),
        Section("response", word("response", language), said(responses, dated=True)),
    ]
    return assemble(
        records,
        kind="incident",
        title=f"{word('incident_report', language)}: {title_of(views[event_id], language)}",
        subject_id=event_id,
        language=language,
        reveal=reveal,
        views=views,
        sections=sections,
        footnotes=footnotes,
    )


def _victim_summary(victims: Sequence[RecordView], language: str) -> list[str]:
    """How many people the report names, and each group with its size as the sources give it."""
    persons = [v for v in victims if v.type.name == "person"]
    lines = [f"{word('people_named', language)}: {number(len(persons), language)}"]
    groups = []
    for group in (v for v in victims if v.type.name == "group"):
        size = group.first("size")
        counted = (
            word("size_unknown", language)
            if size is None
            else count_text(Count.from_json(size), language)
        )
        groups.append(f"{title_of(group, language)} ({counted})")
    if groups:
        lines.append(f"{word('groups_counted', language)}: {'; '.join(groups)}")
    return lines


def _views(records: RecordStore, ids: Iterable[int]) -> list[RecordView]:
    wanted = sorted(set(ids))
    return records.views(ids=wanted, quotes=True) if wanted else []


def _referring(records: RecordStore, ids: set[int]) -> list[RecordView]:
    return _views(records, records.referrers(ids)) if ids else []
