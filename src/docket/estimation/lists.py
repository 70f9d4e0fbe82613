"""Capture histories from the archive: the lists are the sources (items) that records cite, and
each identity's history is the set of sources citing its records.

``identities`` maps record ids to the identity ``docket link`` made of them; without it every
record stands alone, which the warnings say, because a person in several records then counts
several times. Links no reviewer confirmed are counted in the warnings too.

With a violation, a person is documented by a source when the source is cited by an act of that
violation (or a narrower one) naming the person as victim; without one, by any citation of the
person's record or of an act against them. Everything is read through the store's viewer: records
and items the viewer may not see are not in any list.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from docket.errors import DocketError
from docket.model.taxonomy import load_taxonomy
from docket.records import RecordStore, RecordView
from docket.records.stats import month_of, unreviewed_links
from docket.records.timeline import date_of

from .estimates import Estimation, StratifiedEstimation, check_methods, check_seed, estimate
from .histories import MAX_LISTS, CaptureHistories, InvalidHistories
from .lcmcr import SamplerSettings

STRATA = ("place", "period", "sex")
RECORD_TYPES = ("person",)
UNKNOWN = "unknown"
UNLINKED = "records are not linked: a person in several records counts several times"


@dataclass(frozen=True)
class Stratum:
    """The capture histories of one stratum (``label`` None when not stratified)."""

    label: str | None
    histories: CaptureHistories


@dataclass(frozen=True)
class ArchiveHistories:
    strata: tuple[Stratum, ...]
    warnings: tuple[str, ...]


def capture_histories(
    store: RecordStore,
    *,
    record_type: str = "person",
    violation: str | None = None,
    by: str | None = None,
    sources: Sequence[int] | None = None,
    identities: Mapping[int, int] | None = None,
    unconfirmed: Collection[int] = frozenset(),
    within: tuple[date, date] | None = None,
    publisher_of: Callable[[int], str | None] | None = None,
) -> ArchiveHistories:
    """Build each stratum's table; a stratum that cannot be estimated is a warning, and a whole
    archive that cannot be is an error."""
    if record_type not in RECORD_TYPES:
        raise DocketError(f"estimation counts people: --type must be {', '.join(RECORD_TYPES)}")
    if by is not None and by not in STRATA:
        raise DocketError(f"cannot stratify by {by!r}: choose {', '.join(STRATA)}")
    codes = _violation_codes(violation)
    views = store.views(type_names=[record_type, "act", "event", "place"], names=False)
    by_id = {view.id: view for view in views}
    people = {view.id: view for view in views if view.type.name == record_type}
    acts = [
        view
        for view in views
        if view.type.name == "act"
        and (codes is None or view.first("violation") in codes)
        and (within is None or _dated_within(view, by_id, within))
    ]
    # Within a period a person is documented by the acts against them in it, not by a mention
    # of their record that has no date.
    by_acts = codes is not None or within is not None
    wanted = None if sources is None else set(sources)
    # (identity, stratum) -> the sources that recorded it
    recorded: dict[tuple[int, str | None], set[int]] = {}
    notes: list[str] = [] if identities else [UNLINKED]
    link = identities or {}
    counted: set[int] = set()
    for person in people.values():
        against = [act for act in acts if person.id in act.refs("victim")]
        if by_acts and not against:
            continue
        counted.add(person.id)
        own = set() if by_acts else _cited(person)
        identity = link.get(person.id, person.id)
        if by is None or by == "sex":
            label = None if by is None else str(person.first("gender") or UNKNOWN)
            cited = own.union(*(_cited(act) for act in against))
            _add(recorded, identity, label, cited, wanted)
            continue
        if not against:
            _add(recorded, identity, UNKNOWN, own, wanted)
        for act in against:
            label = _place(act, by_id) if by == "place" else _period(act, by_id)
            _add(recorded, identity, label, own | _cited(act), wanted)
    if unchecked := unreviewed_links(counted, link, set(unconfirmed)):
        notes.append(
            f"{unchecked} of the links that make these records fewer people were made by the "
            "model and no reviewer has confirmed them (docket link review)"
        )
    if not recorded:
        what = f"victims of {violation}" if violation else f"{record_type} records"
        if within is not None:
            what = f"victims of {violation or 'acts'} dated from {within[0]} to {within[1]}"
        raise DocketError(f"no {what} are cited by the chosen sources: nothing to estimate")
    citing = {source for cited in recorded.values() for source in cited}
    if wanted is not None and (unused := sorted(wanted - citing)):
        notes.append(f"sources {', '.join(map(str, unused))} record none of these people")
    named = _named_lists(recorded, citing, publisher_of)
    # Items by number, then publishers by name.
    lists = sorted(
        {name for cited in named.values() for name in cited},
        key=lambda name: (0, int(name), "") if name.isdigit() else (1, 0, name),
    )
    if len(lists) > MAX_LISTS:
        raise DocketError(
            f"{len(lists)} sources cite these records: choose at most {MAX_LISTS} with --sources"
        )
    labels = sorted({label for _, label in recorded}, key=lambda label: label or "")
    if by is not None and len({identity for identity, _ in recorded}) < len(recorded):
        notes.append(f"some people fall in more than one {by}: each counts in every one of them")
    strata = []
    for label in labels:
        table = {identity: cited for (identity, at), cited in named.items() if at == label}
        try:
            strata.append(Stratum(label, _table(table, lists, label)))
        except InvalidHistories as problem:
            if by is None:
                raise
            notes.append(f"{by} {label}: not estimated, {problem}")
    return ArchiveHistories(tuple(strata), tuple(notes))


def _violation_codes(violation: str | None) -> set[str] | None:
    if violation is None:
        return None
    taxonomy = load_taxonomy("violation_types")
    if violation not in taxonomy:
        raise DocketError(f"unknown violation code {violation!r}: see the violation_types taxonomy")
    return {violation} | {term.code for term in taxonomy.descendants(violation)}


def _cited(view: RecordView) -> set[int]:
    return {c.item_id for value in view.values if value.active for c in value.citations}


def _add(
    recorded: dict[tuple[int, str | None], set[int]],
    identity: int,
    label: str | None,
    cited: set[int],
    wanted: set[int] | None,
) -> None:
    chosen = cited if wanted is None else cited & wanted
    if chosen:
        recorded.setdefault((identity, label), set()).update(chosen)


def _place(act: RecordView, by_id: Mapping[int, RecordView]) -> str:
    # The act's own place, or else its event's (as the counts of acts read it).
    places = act.refs("place")
    events = [event for i in act.refs("event") if (event := by_id.get(i)) is not None]
    if not places:
        places = next((event.refs("place") for event in events if event.refs("place")), [])
    for place_id in places:
        place = by_id.get(place_id)
        if place is not None:
            return place.title
    return UNKNOWN


def _dated_within(
    act: RecordView, by_id: Mapping[int, RecordView], within: tuple[date, date]
) -> bool:
    """Whether the act (or its event) is dated, as a whole, inside ``within``."""
    events = {i: view for i in act.refs("event") if (view := by_id.get(i)) is not None}
    when = date_of(act, events)
    if when is None or when.start is None or when.end is None:
        return False
    return within[0] <= when.start and when.end <= within[1]


def _period(act: RecordView, by_id: Mapping[int, RecordView]) -> str:
    events = {i: view for i in act.refs("event") if (view := by_id.get(i)) is not None}
    return month_of(date_of(act, events))


def _named_lists(
    recorded: Mapping[tuple[int, str | None], set[int]],
    citing: set[int],
    publisher_of: Callable[[int], str | None] | None,
) -> dict[tuple[int, str | None], set[str]]:
    """Each history with its lists named: the item's id, or with ``publisher_of`` the
    organisation that published it (items without one stay lists of their own), so the reports
    of one organisation are one list."""
    names = {source: str(source) for source in citing}
    if publisher_of is not None:
        for source in citing:
            if publisher := publisher_of(source):
                names[source] = publisher
    return {key: {names[source] for source in cited} for key, cited in recorded.items()}


def _table(
    recorded: Mapping[int, set[str]], lists: list[str], label: str | None
) -> CaptureHistories:
    people = len(recorded)
    if people < 2:
        where = f"{label} has" if label is not None else "the archive has"
        raise InvalidHistories(f"{where} {people} person: too few to estimate")
    used = [source for source in lists if any(source in cited for cited in recorded.values())]
    counts: dict[str, int] = {}
    for cited in recorded.values():
        pattern = "".join("1" if source in cited else "0" for source in used)
        counts[pattern] = counts.get(pattern, 0) + 1
    return CaptureHistories.of([str(source) for source in used], counts)


def estimate_archive(
    store: RecordStore,
    *,
    seed: int,
    methods: Sequence[str],
    settings: SamplerSettings | None = None,
    criterion: str = "bic",
    record_type: str = "person",
    violation: str | None = None,
    by: str | None = None,
    sources: Sequence[int] | None = None,
    identities: Mapping[int, int] | None = None,
    unconfirmed: Collection[int] = frozenset(),
    within: tuple[date, date] | None = None,
    publisher_of: Callable[[int], str | None] | None = None,
    work_limit: int | None = None,
) -> Estimation | StratifiedEstimation:
    """Estimate from the archive's records, per stratum when ``by`` is given."""
    check_methods(methods)
    seed = check_seed(seed)
    built = capture_histories(
        store,
        record_type=record_type,
        violation=violation,
        by=by,
        sources=sources,
        identities=identities,
        unconfirmed=unconfirmed,
        within=within,
        publisher_of=publisher_of,
    )
    run = functools.partial(
        estimate,
        seed=seed,
        methods=methods,
        settings=settings,
        criterion=criterion,
        work_limit=work_limit,
    )
    if by is None:
        (only,) = built.strata
        return run(only.histories, warnings=built.warnings)
    return StratifiedEstimation(
        by,
        tuple(run(stratum.histories, stratum=stratum.label) for stratum in built.strata),
        built.warnings,
    )
