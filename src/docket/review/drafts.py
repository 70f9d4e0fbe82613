"""The draft of a proposal: every value its record would get, each with the words it cites.

Extraction finds more than what a finding is: an act's date, place, victim and perpetrator, an
intervention's parties, a claim's claimant and statement. A draft lays all of it out for the
record type the proposal would become, so a reviewer confirms or corrects each value instead of
typing it again, and ``accept`` keeps whatever the reviewer left as it was.

A party or a place becomes a reference to a record the archive already has (the gazetteer link,
the record an earlier proposal of the same item became, or the one record of that type with the
same name up to script and spelling) or else a new record named as found. Other records that
could be meant are offered beside it as alternatives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, TypeGuard

from docket.errors import DocketError, InvalidDate
from docket.model.dates import Precision, UncertainDate
from docket.names import name_key, same_name

# Extraction spells organisation the American way; record types use the British spelling.
RECORD_TYPES: Final = {
    "person": "person",
    "organization": "organisation",
    "place": "place",
    "act": "act",
    "intervention": "intervention",
    "claim": "claim",
}
ENTITY_KINDS: Final = ("person", "organization", "place")
# What a reviewer may turn a proposal into: actors into one another, and a thing done about a
# situation into a thing said about it. A place stays a place; an act changes its violation.
RETYPES: Final = {
    "person": ("person", "organisation", "group"),
    "organisation": ("person", "organisation", "group"),
    "group": ("person", "organisation", "group"),
    "place": ("place",),
    "act": ("act",),
    "intervention": ("intervention", "claim"),
    "claim": ("intervention", "claim"),
}
# An act's perpetrator is not a field of the act: accepting it makes an involvement record.
PERPETRATOR: Final = "perpetrator"
ALLEGED: Final = "alleged"
YEAR_INFERRED: Final = "year inferred"
AS_REPORTED: Final = "as reported"

Span = dict[str, int]


@dataclass(frozen=True)
class Alternative:
    """An existing record a value could be, and why it is offered."""

    record_id: int
    title: str
    why: str

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record_id, "title": self.title, "why": self.why}


@dataclass(frozen=True)
class DraftValue:
    """One proposed value of a field and the words it was read from.

    ``value`` is what the record stores (a reference is ``{"ref": id}``, a record still to be
    made ``{"new": {"type", "fields"}}``); ``shown`` is the value in the words of the source.
    """

    field: str
    value: Any
    shown: str
    citations: tuple[Span, ...]
    note: str | None = None
    degree: str | None = None
    alternatives: tuple[Alternative, ...] = ()
    # For a reference: the type of the record it names or would make.
    kind: str = ""

    @property
    def is_new(self) -> bool:
        return isinstance(self.value, Mapping) and "new" in self.value

    @property
    def ref(self) -> int | None:
        if isinstance(self.value, Mapping) and "ref" in self.value:
            return int(self.value["ref"])
        return None

    def to_edit(self) -> dict[str, Any]:
        """The value as an edit keeping it as proposed, beside others the reviewer changed."""
        kept: dict[str, Any] = {"value": self.value, "citations": list(self.citations)}
        if self.degree:
            kept["degree"] = self.degree
        return kept

    def to_json(self) -> dict[str, Any]:
        shown: dict[str, Any] = {
            "field": self.field,
            "value": self.value,
            "shown": self.shown,
            "citations": list(self.citations),
        }
        if self.note:
            shown["note"] = self.note
        if self.degree:
            shown["degree"] = self.degree
        if self.alternatives:
            shown["alternatives"] = [a.to_json() for a in self.alternatives]
        return shown


@dataclass(frozen=True)
class Draft:
    """Everything a proposal would become, for a reviewer to confirm or correct."""

    proposal_id: int
    item_id: int
    kind: str
    record_type: str
    values: tuple[DraftValue, ...]
    retypes: tuple[str, ...]
    # An entity that names a record already in the archive: the records it could be added to.
    matches: tuple[Alternative, ...] = ()
    into: int | None = None
    missing: tuple[str, ...] = field(default=())
    # An undated finding may take the day its item was published, marked as a reporting date.
    reported: DraftValue | None = None

    def of(self, field_name: str) -> list[DraftValue]:
        return [v for v in self.values if v.field == field_name]

    @property
    def fields(self) -> list[str]:
        seen: list[str] = []
        for value in self.values:
            if value.field not in seen:
                seen.append(value.field)
        return seen

    def to_json(self) -> dict[str, Any]:
        return {
            "proposal": self.proposal_id,
            "item": self.item_id,
            "kind": self.kind,
            "type": self.record_type,
            "values": [v.to_json() for v in self.values],
            "retypes": list(self.retypes),
            "matches": [m.to_json() for m in self.matches],
            "into": self.into,
            "missing": list(self.missing),
            "reported": None if self.reported is None else self.reported.to_json(),
        }


@dataclass(frozen=True)
class Known:
    """A record the viewer can see, by the names that title it."""

    record_id: int
    type: str
    names: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.names[0] if self.names else f"{self.type} #{self.record_id}"


class Directory:
    """What the draft needs to know of the archive: its records by name and gazetteer id."""

    def __init__(
        self,
        known: Iterable[Known],
        archive_id: str,
        accepted: Mapping[str, int] | None = None,
    ) -> None:
        self.by_id = {k.record_id: k for k in known}
        self.archive_id = archive_id
        self.accepted = dict(accepted or {})
        # Two names are the same name only if they share a folded word: look only there.
        self._by_word: dict[str, set[int]] = {}
        for k in self.by_id.values():
            for own in k.names:
                for word in name_key(own).split():
                    self._by_word.setdefault(word, set()).add(k.record_id)

    def linked(self, archive_id: object, type_names: Iterable[str]) -> Known | None:
        """The record a gazetteer link ``<archive id>/<record id>`` names, if visible."""
        if not isinstance(archive_id, str):
            return None
        prefix, _, number = archive_id.rpartition("/")
        if prefix != self.archive_id or not number.isdigit():
            return None
        found = self.by_id.get(int(number))
        return found if found is not None and found.type in type_names else None

    def named(self, name: str, type_names: Iterable[str]) -> list[Known]:
        """The records of those types with the same name up to script, spelling and case."""
        wanted = set(type_names)
        near: set[int] = set()
        for word in name_key(name).split():
            near.update(self._by_word.get(word, ()))
        return [
            k
            for k in (self.by_id[i] for i in sorted(near))
            if k.type in wanted and any(same_name(name, own) for own in k.names)
        ]


def _span(item_id: int, found: Mapping[str, Any]) -> Span:
    return {"item": item_id, "start": int(found["start"]), "end": int(found["end"])}


def _has_span(found: object) -> TypeGuard[Mapping[str, Any]]:
    return (
        isinstance(found, Mapping)
        and isinstance(found.get("start"), int)
        and isinstance(found.get("end"), int)
    )


def finding_span(kind: str, payload: Mapping[str, Any]) -> tuple[int, int]:
    """The words a reviewer should read: the finding, or an entity's first mention."""
    if kind in ENTITY_KINDS:
        first = payload["mentions"][0]
        return int(first["start"]), int(first["end"])
    return int(payload["start"]), int(payload["end"])


def proposed_date(found: Mapping[str, Any], reference: date | None) -> tuple[Any, str, bool]:
    """The date value of a date finding, its phrase and whether its year was inferred.

    Extraction keeps the range it read; whether the phrase gave the year itself is read again
    from the phrase, so "on 7 August" in a 2023 report stays flagged as a guess at 2023.
    """
    text = str(found.get("text") or "")
    inferred = False
    parsed: UncertainDate | None = None
    try:
        parsed = UncertainDate.parse(text, reference)
        inferred = parsed.year_inferred
    except InvalidDate:
        parsed = None
    stored = found.get("value")
    if isinstance(stored, Mapping):
        inferred = inferred or stored.get("year_inferred") is True
        try:
            value = UncertainDate(
                date.fromisoformat(str(stored["start"])) if stored.get("start") else None,
                date.fromisoformat(str(stored["end"])) if stored.get("end") else None,
                Precision(str(stored["precision"])),
                approximate=stored.get("approximate") is True,
                year_inferred=inferred,
                text=text or None,
            )
            return value.to_json(), text, inferred
        except (InvalidDate, KeyError, ValueError):
            pass
    if parsed is not None:
        return parsed.to_json(), text, inferred
    return text, text, False


def _actor_type(found: Mapping[str, Any]) -> str:
    return RECORD_TYPES.get(str(found.get("kind")), "person")


class _Builder:
    def __init__(
        self, kind: str, payload: Mapping[str, Any], item_id: int, directory: Directory | None
    ) -> None:
        self.kind = kind
        self.payload = payload
        self.item = item_id
        self.directory = directory
        self.values: list[DraftValue] = []

    def cite(self, found: Mapping[str, Any]) -> Span:
        return _span(self.item, found)

    def plain(self, name: str, value: Any, shown: str, cited: list[Span], **more: Any) -> None:
        self.values.append(DraftValue(name, value, shown, tuple(cited), **more))

    def party(
        self,
        name: str,
        found: object,
        targets: tuple[str, ...],
        *,
        degree: str | None = None,
        more: tuple[Span, ...] = (),
    ) -> None:
        """A reference to who or where the finding names: a known record, else a new one."""
        if not isinstance(found, Mapping) or not isinstance(found.get("name"), str):
            return
        if not _has_span(found):
            return
        type_name = "place" if targets == ("place",) else _actor_type(found)
        if type_name not in targets:
            type_name = targets[0]
        label = str(found["name"])
        cited = (self.cite(found), *more)
        ref, alternatives = self.resolve(label, found.get("archive_id"), (type_name,))
        value: Any = (
            {"ref": ref.record_id}
            if ref is not None
            else {"new": {"type": type_name, "fields": {"name": label}}}
        )
        shown = ref.title if ref is not None else label
        self.values.append(
            DraftValue(
                name,
                value,
                shown,
                cited,
                degree=degree,
                kind=ref.type if ref is not None else type_name,
                alternatives=tuple(
                    a for a in alternatives if ref is None or a.record_id != ref.record_id
                ),
            )
        )

    def resolve(
        self, label: str, archive_id: object, type_names: tuple[str, ...]
    ) -> tuple[Known | None, list[Alternative]]:
        directory = self.directory
        if directory is None:
            return None, []
        linked = directory.linked(archive_id, type_names)
        if linked is not None:
            return linked, [Alternative(linked.record_id, linked.title, "linked")]
        named = directory.named(label, type_names)
        alternatives = [Alternative(k.record_id, k.title, "same name") for k in named]
        accepted = directory.accepted.get(label.casefold())
        if accepted is not None and accepted in directory.by_id:
            return directory.by_id[accepted], alternatives
        if len(named) == 1:
            return named[0], alternatives
        return None, alternatives

    def date(self, found: object, reference: date | None) -> None:
        if not _has_span(found):
            return
        assert isinstance(found, Mapping)
        value, shown, inferred = proposed_date(found, reference)
        self.plain(
            "date", value, shown, [self.cite(found)], note=YEAR_INFERRED if inferred else None
        )

    def place(self, found: object) -> None:
        self.party("place", found, ("place",))


def _toward_field(found: Mapping[str, Any]) -> str:
    # Whom an intervention is directed at lands in "addressee" or "concerning", the two fields
    # that name its other party. Addressee only takes people and organisations; concerning also
    # takes groups, events, acts and cases. Extraction reads an organisation there mostly as the
    # authority appealed to ("called on the Ministry") and a person mostly as the one the appeal
    # is for ("called for the release of Atambaev"), so an organisation is the addressee and
    # anyone else what the intervention concerns. The reviewer moves it when it reads otherwise.
    return "addressee" if _actor_type(found) == "organisation" else "concerning"


def _fill(builder: _Builder, reference: date | None) -> None:
    kind, payload = builder.kind, builder.payload
    if kind in ENTITY_KINDS:
        mentions = [builder.cite(m) for m in payload["mentions"] if _has_span(m)]
        builder.plain("name", str(payload["name"]), str(payload["name"]), mentions)
        role = payload.get("role")
        if kind == "person" and _has_span(role) and isinstance(role.get("text"), str):
            # "former head of the special services" is the position the source gave the person.
            builder.plain("position", {"title": role["text"]}, role["text"], [builder.cite(role)])
        return
    whole = builder.cite(payload)
    if kind == "act":
        code = str(payload["type"])
        builder.plain("violation", code, str(payload.get("label") or code), [whole])
        builder.plain("status", ALLEGED, ALLEGED, [whole])
        # One victim (perpetrator) or a list of those the text coordinates: each is proposed.
        victims = payload.get("victim")
        for victim in victims if isinstance(victims, list) else [victims]:
            builder.party("victim", victim, ("person", "group", "organisation"))
        perpetrators = payload.get(PERPETRATOR)
        for perpetrator in perpetrators if isinstance(perpetrators, list) else [perpetrators]:
            if not isinstance(perpetrator, Mapping):
                continue
            degree = perpetrator.get("degree")
            builder.party(
                PERPETRATOR,
                perpetrator,
                ("person", "organisation"),
                degree=degree if isinstance(degree, str) else None,
                more=(whole,),
            )
    elif kind == "intervention":
        code = str(payload["type"])
        builder.plain("kind", code, str(payload.get("label") or code), [whole])
        response = payload.get("response")
        if _has_span(response) and isinstance(response.get("code"), str):
            builder.plain(
                "response",
                response["code"],
                str(response.get("text") or response.get("label") or response["code"]),
                [builder.cite(response)],
            )
        builder.party("by", payload.get("by"), ("person", "organisation"))
        toward = payload.get("toward")
        if isinstance(toward, Mapping):
            builder.party(_toward_field(toward), toward, ("person", "organisation"))
    elif kind == "claim":
        claimant = payload.get("claimant")
        cue = payload.get("cue")
        said = (builder.cite(cue),) if _has_span(cue) else ()
        builder.party("claimant", claimant, ("person", "organisation"), more=said)
        statement = payload.get("statement")
        if _has_span(statement) and isinstance(statement.get("text"), str):
            text = str(statement["text"])
            builder.plain("statement", text, text, [builder.cite(statement)])
        about = payload.get("about")
        for party in about if isinstance(about, list) else []:
            builder.party("about", party, ("person", "group", "organisation"))
    builder.date(payload.get("date"), reference)
    builder.place(payload.get("place"))


def _missing(record_type_fields: Mapping[str, bool], given: set[str]) -> tuple[str, ...]:
    return tuple(
        name for name, required in record_type_fields.items() if required and name not in given
    )


def build_draft(
    proposal_id: int,
    item_id: int,
    kind: str,
    payload: Mapping[str, Any],
    *,
    directory: Directory | None,
    reference: date | None,
    required: Mapping[str, bool],
    published: date | None = None,
) -> Draft:
    """The draft of one proposal; ``required`` maps the record type's fields to whether one
    must be given, ``directory`` (None: no lookups) the records the viewer can see,
    ``reference`` the day date phrases without a year are read from and ``published`` the day
    the item was published, offered as the reporting date of an undated finding."""
    if kind not in RECORD_TYPES:
        raise DocketError(f"proposal {proposal_id}: unknown kind {kind!r}")
    builder = _Builder(kind, payload, item_id, directory)
    _fill(builder, reference)
    record_type = RECORD_TYPES[kind]
    matches: list[Alternative] = []
    into: int | None = None
    if kind in ENTITY_KINDS and directory is not None:
        name = str(payload["name"])
        linked = directory.linked(payload.get("archive_id"), (record_type,))
        named = directory.named(name, (record_type,))
        found = [linked] if linked is not None else named
        matches = [
            Alternative(k.record_id, k.title, "linked" if k is linked else "same name")
            for k in found
        ]
        for candidate in payload.get("candidates") or []:
            if not isinstance(candidate, Mapping):
                continue
            other = directory.linked(candidate.get("archive_id"), (record_type,))
            if other is not None and other.record_id not in {m.record_id for m in matches}:
                matches.append(Alternative(other.record_id, other.title, "candidate"))
        into = found[0].record_id if len(found) == 1 else None
    given = {v.field for v in builder.values}
    reported = None
    if kind not in ENTITY_KINDS and "date" not in given and published is not None:
        reported = DraftValue(
            "date",
            UncertainDate.as_reported(published).to_json(),
            f"as reported on {published.isoformat()}",
            (builder.cite(payload),),
            note=AS_REPORTED,
        )
    return Draft(
        proposal_id=proposal_id,
        item_id=item_id,
        kind=kind,
        record_type=record_type,
        values=tuple(builder.values),
        retypes=RETYPES[record_type],
        matches=tuple(matches),
        into=into,
        missing=_missing(required, given),
        reported=reported,
    )


def stored_names(raw: object) -> list[str]:
    """The text of stored name values (JSON text or already read)."""
    loaded: object = raw
    if isinstance(raw, str):
        try:
            loaded = json.loads(raw)
        except ValueError:
            return [raw]
    if isinstance(loaded, Mapping) and isinstance(loaded.get("text"), str):
        return [str(loaded["text"])]
    if isinstance(loaded, str):
        return [loaded]
    return []
