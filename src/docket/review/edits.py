"""A reviewer's answer read into the values a record is to get: each edit parsed (a reference by
id, or a new record by name), each selected citation checked against the proposal's item, and a
retyped proposal's fields moved to the fields that mean the same on the new type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from docket.errors import DocketError
from docket.model.record_types import RecordType, ValueKind
from docket.review.drafts import PERPETRATOR, Draft, Span
from docket.review.found import Proposal

# Retyping moves a value to the field that means the same on the other type; any other field
# keeps its name when the new type has it and is dropped (with a note) when it has not.
_MOVES: Final[dict[tuple[str, str], dict[str, str]]] = {
    ("intervention", "claim"): {"by": "claimant", "concerning": "about"},
    ("claim", "intervention"): {
        "claimant": "by",
        "about": "concerning",
        "statement": "description",
    },
    ("person", "group"): {"name": "description"},
    ("organisation", "group"): {"name": "description"},
    ("group", "person"): {"description": "name"},
    ("group", "organisation"): {"description": "name"},
}


@dataclass
class Entry:
    """One value on its way into a record."""

    value: Any
    citations: list[Span]
    degree: str | None = None
    # The words that name a record made for a reference, when they are fewer than the words
    # the reference cites (a perpetrator's name, not the act it did).
    naming: list[Span] | None = None


@dataclass
class Outcome:
    """What accepting did, for the chain of custody."""

    kept: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "kept": sorted(set(self.kept)),
            "edited": sorted(set(self.edited)),
            "created": self.created,
            "dropped": self.dropped,
        }


def _where(type_name: str, field_name: str) -> str:
    return f"{type_name}.{field_name}"


def check_citation(raw: object, proposal: Proposal, text: str, where: str) -> Span:
    """A span a reviewer selected, if it lies in the proposal's item; else one clear line."""
    if not isinstance(raw, Mapping):
        raise DocketError(f"{where}: a citation is {{item, start, end}}")
    item, start, end = raw.get("item", proposal.item_id), raw.get("start"), raw.get("end")
    numbers = (item, start, end)
    if any(isinstance(n, bool) or not isinstance(n, int) for n in numbers):
        raise DocketError(f"{where}: a citation gives the item and the start and end offsets")
    assert isinstance(item, int)
    assert isinstance(start, int)
    assert isinstance(end, int)
    if item != proposal.item_id:
        raise DocketError(
            f"{where}: cite words of item {proposal.item_id}, where the finding was read, "
            f"not of item {item}"
        )
    if not 0 <= start < end <= len(text):
        raise DocketError(
            f"{where}: the cited words {start}-{end} are not within the item's text "
            f"(0-{len(text)}, start before end)"
        )
    if not text[start:end].strip():
        raise DocketError(f"{where}: the cited words {start}-{end} are only blank space")
    return {"item": item, "start": start, "end": end}


def from_draft(draft: Draft) -> dict[str, list[Entry]]:
    fields: dict[str, list[Entry]] = {}
    for value in draft.values:
        fields.setdefault(value.field, []).append(
            Entry(value.value, list(value.citations), value.degree, list(value.citations[:1]))
        )
    return fields


def _is_ref_field(record_type: RecordType, name: str) -> bool:
    if name == PERPETRATOR:
        return True
    spec = record_type.fields.get(name)
    return spec is not None and spec.kind is ValueKind.REF


def _targets(record_type: RecordType, name: str) -> tuple[str, ...]:
    if name == PERPETRATOR:
        return ("person", "organisation")
    return tuple(record_type.field(name).targets)


def _ref_value(record_type: RecordType, name: str, raw: Any, item: Mapping[str, Any]) -> Any:
    """``{"ref": id}`` or ``{"new": {"type", "fields"}}`` for a reference given any way."""
    where = _where(record_type.name, name)
    if isinstance(raw, bool):
        raise DocketError(f"{where}: {raw!r} is not a record")
    if isinstance(raw, int):
        return {"ref": raw}
    if isinstance(raw, str):
        text = " ".join(raw.split())
        number = text.lstrip("#")
        if number.isdigit() and len(number) < 16:
            return {"ref": int(number)}
        if not text:
            raise DocketError(f"{where}: no record given")
        # A name the archive does not know yet is a new record of the field's first kind.
        chosen = item.get("type")
        targets = _targets(record_type, name)
        type_name = chosen if isinstance(chosen, str) and chosen in targets else targets[0]
        return {"new": {"type": type_name, "fields": {"name": text}}}
    if isinstance(raw, Mapping) and "ref" in raw:
        return _ref_value(record_type, name, raw["ref"], item)
    if isinstance(raw, Mapping) and "new" in raw:
        new = raw["new"]
        if isinstance(new, str):
            return _ref_value(record_type, name, new, {**item, "type": raw.get("type")})
        if not isinstance(new, Mapping) or not isinstance(new.get("type"), str):
            raise DocketError(f"{where}: a new record needs a type and its fields")
        return {"new": {"type": new["type"], "fields": dict(new.get("fields") or {})}}
    raise DocketError(f"{where}: give a record id or the name of a new record")


def parse_edit(
    record_type: RecordType,
    name: str,
    raw: Any,
    defaults: list[Span],
    proposal: Proposal,
    text: str,
) -> list[Entry]:
    """The values a reviewer gave for one field; [] when the field is left out."""
    if raw is None:
        return []
    where = _where(record_type.name, name)
    if name != PERPETRATOR:
        record_type.field(name)
    entries = []
    for item in raw if isinstance(raw, list) else [raw]:
        wrapped = isinstance(item, Mapping) and ({"value", "ref", "new"} & set(item))
        given: Mapping[str, Any] = item if wrapped else {}
        cited = given.get("citations")
        if cited is not None and not isinstance(cited, list):
            raise DocketError(f"{where}: citations must be a list")
        citations = [check_citation(c, proposal, text, where) for c in cited or []] or list(
            defaults
        )
        value = given.get("value", item)
        if _is_ref_field(record_type, name):
            value = _ref_value(record_type, name, value, given)
        elif value is None or (isinstance(value, str) and not value.strip()):
            continue
        degree = given.get("degree")
        if degree is not None and not isinstance(degree, str):
            raise DocketError(f"{_where('involvement', 'degree')}: the degree is a code")
        entries.append(Entry(value, citations, degree or None, _naming(value, citations, text)))
    return entries


def _naming(value: Any, citations: list[Span], text: str) -> list[Span] | None:
    """The words among those cited that are the name of a record to be made, when the reviewer
    cited more than the name ("X and Y ordered the operation" names Y by "Y" alone)."""
    new = value.get("new") if isinstance(value, Mapping) else None
    name = new.get("fields", {}).get("name") if isinstance(new, Mapping) else None
    if not isinstance(name, str) or not name:
        return None
    for span in citations:
        at = text[span["start"] : span["end"]].find(name)
        if at >= 0 and len(name) < span["end"] - span["start"]:
            start = span["start"] + at
            return [{"item": span["item"], "start": start, "end": start + len(name)}]
    return None


def retype_fields(
    draft: Draft,
    target: RecordType,
    fields: dict[str, list[Entry]],
    finding: Span,
    words: str,
    outcome: Outcome,
) -> dict[str, list[Entry]]:
    source = draft.record_type
    if target.name == source:
        return fields
    moves = _MOVES.get((source, target.name), {})
    result: dict[str, list[Entry]] = {}
    for name, entries in fields.items():
        moved = moves.get(name, name)
        if moved not in target.fields:
            outcome.dropped.append(
                {"field": name, "why": f"{target.name} records have no field {name!r}"}
            )
            continue
        result.setdefault(moved, []).extend(entries)
    if target.name == "claim" and "statement" not in result:
        # What an intervention did is, said as a claim, the words it was found in.
        result["statement"] = [Entry(words, [finding])]
    return result
