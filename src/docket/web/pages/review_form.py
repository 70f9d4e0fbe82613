"""The review form: one row per proposed value, prefilled from the draft, read back as edits.

Each row names its field and holds the value as the source words give it, or for a reference a
record picker (templates/pick.html) holding the record proposed, known or new; an involvement's
degree; and the words it cites as ``start-end`` offsets in the item. Without JavaScript the
cited words are the draft's own; with it, a reviewer selects words in the passage to cite
instead. A row left as the draft proposed it is no edit. A refused accept draws the rows again
from what was posted, so nothing typed is lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from starlette.datastructures import FormData

from docket.door import Door
from docket.errors import DocketError
from docket.face import Draft, DraftValue, InvalidRecord, Proposal
from docket.model.record_types import FieldSpec, RecordType, ValueKind, load_record_types
from docket.model.taxonomy import load_taxonomy
from docket.web.formatting import code_label
from docket.web.pages.picks import chips, creatable, typed_text

PERPETRATOR: Final = "perpetrator"
NEW: Final = "new"
MAX_ROWS: Final = 200
# Kinds of field a reviewer can type into one box; other structured ones are edited on the record.
FORM_KINDS: Final = frozenset(
    {
        ValueKind.TEXT,
        ValueKind.NAME,
        ValueKind.UNCERTAIN_DATE,
        ValueKind.COUNT,
        ValueKind.INTEGER,
        ValueKind.URL,
        ValueKind.REF,
        ValueKind.CODE,
    }
)
_SPAN: Final = re.compile(r"(\d{1,9})-(\d{1,9})")
# What a finding needs when accepted as the other type it may become, and its own type lacks
# (who made an intervention becomes who made the claim, but a claim's words must be given).
_RETYPED: Final = {
    "intervention": (("claim", "statement"),),
    "claim": (("intervention", "kind"),),
}


def _spec(record_type: RecordType, name: str) -> FieldSpec | None:
    """The field a row fills: of the record type, an act's perpetrator (of its involvement), or
    a field only a type the proposal can be retyped as has (a claim's statement)."""
    types = load_record_types()
    if name == PERPETRATOR:
        return types.get("involvement").field(PERPETRATOR)
    if name in record_type.fields:
        return record_type.fields[name]
    for other, field_name in _RETYPED.get(record_type.name, ()):
        if name == field_name:
            return types.get(other).field(name)
    return None


def _retype_only(record_type: RecordType) -> list[str]:
    return [name for _, name in _RETYPED.get(record_type.name, ())]


def _kind(spec: FieldSpec | None, name: str) -> str:
    if name == "position":
        return "position"
    if spec is None:
        return "text"
    if spec.kind is ValueKind.REF:
        return "ref"
    if spec.kind is ValueKind.CODE or spec.choices:
        return "code"
    if spec.kind is ValueKind.UNCERTAIN_DATE:
        return "date"
    return "text"


def _options(spec: FieldSpec | None, language: str) -> list[tuple[str, str]]:
    if spec is None:
        return []
    if spec.kind is ValueKind.CODE and spec.taxonomy:
        return [
            (term.code, term.label(language))
            for term in load_taxonomy(spec.taxonomy)
            if not term.retired
        ]
    return [(choice, code_label(choice, language)) for choice in spec.choices or ()]


def _degrees(language: str) -> list[tuple[str, str]]:
    return [
        (term.code, term.label(language))
        for term in load_taxonomy("involvement_degrees")
        if not term.retired
    ]


def cite_text(citations: Any) -> str:
    """Citations as the form carries them: ``start-end`` pairs separated by spaces."""
    return " ".join(f"{c['start']}-{c['end']}" for c in citations or ())


def _quotes(text: str, cite: str) -> list[str]:
    quotes = []
    for start, end in (map(int, m.groups()) for m in _SPAN.finditer(cite)):
        if 0 <= start < end <= len(text):
            quotes.append(text[start:end])
    return quotes


def _shown(value: DraftValue, record_type: RecordType) -> str:
    """A drafted value as its input holds it: a code, the date phrase, a name, a title."""
    kind = _kind(_spec(record_type, value.field), value.field)
    if kind == "position" and isinstance(value.value, Mapping):
        return str(value.value.get("title") or "")
    if kind == "code":
        return str(value.value)
    if kind == "text" and isinstance(value.value, str):
        return value.value
    return value.shown


def _row(
    index: int,
    name: str,
    record_type: RecordType,
    language: str,
    *,
    value: str = "",
    ref: str = "",
    newtype: str = "",
    degree: str = "",
    cite: str = "",
    keep: bool = True,
    note: str | None = None,
    choices: list[dict[str, Any]] | None = None,
    required: bool = False,
    drafted: bool = False,
    text: str = "",
    chosen: list[dict[str, Any]] | None = None,
    typed: str = "",
    retype: bool = False,
) -> dict[str, Any]:
    spec = _spec(record_type, name)
    kind = _kind(spec, name)
    targets = list(spec.targets) if spec is not None and spec.kind is ValueKind.REF else []
    types = load_record_types()
    label = (
        types.get("involvement").field(PERPETRATOR).label(language)
        if name == PERPETRATOR
        else (spec.label(language) if spec is not None else name)
    )
    pick = f"v{index}.ref"
    return {
        "index": index,
        "field": name,
        "label": label,
        "pick": pick,
        # Who did an act extraction missed may be several (the officials who ordered it): one
        # involvement each. A drafted reference is corrected one for one.
        "many": name == PERPETRATOR and not drafted,
        "chosen": chosen or [],
        "typed": typed,
        "new_allowed": creatable(types, targets),
        "kind": kind,
        "value": value,
        "options": _options(spec, language),
        "ref": ref,
        "choices": choices or [],
        "targets": [(t, types.get(t).label(language)) for t in targets],
        "newtype": newtype or (targets[0] if targets else ""),
        "degree": degree,
        "degrees": _degrees(language) if name == PERPETRATOR else [],
        "cite": cite,
        "quotes": _quotes(text, cite),
        "keep": keep,
        "note": note,
        "required": required,
        "drafted": drafted,
        # A field only the type the proposal may be retyped as has.
        "retype": retype or (name != PERPETRATOR and name not in record_type.fields),
    }


def _choices(value: DraftValue) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    if value.ref is not None:
        seen.append({"id": value.ref, "title": value.shown, "why": "proposed"})
    for alternative in value.alternatives:
        if all(c["id"] != alternative.record_id for c in seen):
            seen.append(
                {"id": alternative.record_id, "title": alternative.title, "why": alternative.why}
            )
    return seen


def _chip(value: DraftValue, language: str) -> list[dict[str, Any]]:
    """The record a drafted reference names, as the picker shows what is chosen."""
    new = value.value.get("new") if isinstance(value.value, Mapping) else None
    if isinstance(new, Mapping):
        type_name = str(new["type"])
        return [{"new": value.shown, "type": type_name, "type_label": _label(type_name, language)}]
    if value.ref is None:
        return []
    return [{"id": value.ref, "title": value.shown, "type_label": _label(value.kind, language)}]


def _label(type_name: str, language: str) -> str:
    types = load_record_types()
    return types.get(type_name).label(language) if type_name in types else ""


def _draft_rows(
    draft: Draft, record_type: RecordType, language: str, text: str
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for value in draft.values:
        new = value.value.get("new") if isinstance(value.value, Mapping) else None
        rows.append(
            _row(
                len(rows),
                value.field,
                record_type,
                language,
                value=_shown(value, record_type),
                ref="" if value.ref is None else str(value.ref),
                newtype=str(new["type"]) if isinstance(new, Mapping) else "",
                degree=value.degree or "",
                cite=cite_text(value.citations),
                note=value.note,
                choices=_choices(value),
                required=bool((s := _spec(record_type, value.field)) and s.required),
                drafted=True,
                text=text,
                chosen=_chip(value, language),
            )
        )
    for name in draft.missing:
        rows.append(_row(len(rows), name, record_type, language, required=True, text=text))
    given = set(draft.fields) | set(draft.missing)
    for name, spec in record_type.fields.items():
        if name in given or spec.protected or spec.kind not in FORM_KINDS:
            continue
        rows.append(_row(len(rows), name, record_type, language, text=text))
    for name in _retype_only(record_type):
        if name not in given:
            rows.append(_row(len(rows), name, record_type, language, text=text, retype=True))
    # Extraction often misses who did an act; the reviewer who reads it names them here.
    if record_type.name == "act" and PERPETRATOR not in given:
        rows.append(_row(len(rows), PERPETRATOR, record_type, language, text=text))
    return rows


def _picked_ref(form: FormData, pick: str) -> tuple[str, str, str]:
    """The id, or the new name and type, a row's picker chose (first of each)."""
    ids = [v for v in form.getlist(pick) if isinstance(v, str) and v.strip()]
    names = [v for v in form.getlist(f"new.{pick}") if isinstance(v, str) and v.strip()]
    kinds = [v for v in form.getlist(f"newtype.{pick}") if isinstance(v, str) and v.strip()]
    if ids:
        return ids[0].strip(), "", ""
    if names:
        return "", names[0].strip(), kinds[0].strip() if kinds else ""
    return "", "", ""


def _each_chosen(form: FormData, row: dict[str, Any]) -> list[dict[str, Any]]:
    """A row whose picker holds several records, as one row per record (and per typed name)."""
    if not row["many"]:
        return [row]
    pick = row["pick"]
    ids = [v.strip() for v in form.getlist(pick) if isinstance(v, str) and v.strip()]
    names = [v.strip() for v in form.getlist(f"new.{pick}") if isinstance(v, str) and v.strip()]
    kinds = [v.strip() for v in form.getlist(f"newtype.{pick}") if isinstance(v, str)]
    chosen = [(ref, "", "") for ref in ids] + [
        ("", name, kinds[at] if at < len(kinds) else "") for at, name in enumerate(names)
    ]
    typed = [name.strip() for name in str(row["typed"]).split(";") if name.strip()]
    if len(chosen) + len(typed) < 2:
        return [row]
    return [
        {**row, "ref": ref, "value": name, "newtype": kind, "typed": ""}
        for ref, name, kind in chosen
    ] + [{**row, "ref": "", "value": "", "newtype": "", "typed": name} for name in typed]


def _posted_rows(
    form: FormData,
    draft: Draft,
    record_type: RecordType,
    language: str,
    text: str,
    door: Door | None = None,
) -> list[dict[str, Any]]:
    drafted = {i: v for i, v in enumerate(draft.values)}
    rows: list[dict[str, Any]] = []
    for index in range(_row_count(form)):
        name = str(form.get(f"v{index}.field") or "")
        if _spec(record_type, name) is None:
            continue
        original = drafted.get(index)
        pick = f"v{index}.ref"
        ref, new_name, new_type = _picked_ref(form, pick)
        is_ref = _kind(_spec(record_type, name), name) == "ref"
        rows.append(
            _row(
                index,
                name,
                record_type,
                language,
                value=new_name if is_ref else str(form.get(f"v{index}.value") or ""),
                ref=ref,
                newtype=new_type,
                degree=str(form.get(f"v{index}.degree") or ""),
                cite=str(form.get(f"v{index}.cite") or ""),
                keep=bool(form.get(f"v{index}.keep")),
                note=original.note if original is not None else None,
                choices=_choices(original) if original is not None else [],
                required=name in draft.missing,
                drafted=original is not None and original.field == name,
                text=text,
                chosen=chips(door, form, pick, language) if door is not None and is_ref else [],
                typed=typed_text(form, pick) if is_ref else "",
            )
        )
    return rows


def _row_count(form: FormData) -> int:
    raw = str(form.get("rows") or "0")
    return min(int(raw), MAX_ROWS) if raw.isdigit() and len(raw) < 5 else 0


def review_form(
    door: Door,
    proposal: Proposal,
    draft: Draft,
    language: str,
    text: str,
    form: FormData | None = None,
) -> dict[str, Any]:
    """What the template needs to draw the form: from the draft, or from a posted form."""
    types = load_record_types()
    record_type = types.get(draft.record_type)
    rows = (
        _posted_rows(form, draft, record_type, language, text, door)
        if form is not None
        else _draft_rows(draft, record_type, language, text)
    )
    chosen_type = str(form.get("as_type") or "") if form is not None else ""
    if form is not None:
        into = str(form.get("into") or "")
    elif draft.into is not None:
        into = str(draft.into)
    elif draft.matches:
        into = ""
    else:
        into = NEW
    return {
        "rows": [r for r in rows if r["drafted"] or r["required"]],
        "more": [r for r in rows if not (r["drafted"] or r["required"])],
        "count": max((r["index"] for r in rows), default=-1) + 1,
        "retypes": [(t, types.get(t).label(language)) for t in draft.retypes],
        "as_type": chosen_type if chosen_type in draft.retypes else draft.record_type,
        "matches": [m.to_json() for m in draft.matches],
        "into": into,
        "entity": draft.kind in ("person", "organization", "place"),
        "reported_on": None if draft.reported is None else draft.reported.value.get("start"),
        "as_reported": form is not None and bool(form.get("as_reported")),
    }


def parse_citations(raw: str, item_id: int, where: str) -> list[dict[str, int]]:
    spans = []
    for part in raw.split():
        found = _SPAN.fullmatch(part)
        if found is None:
            raise DocketError(f"{where}: cited words are given as start-end offsets, not {part!r}")
        start, end = map(int, found.groups())
        spans.append({"item": item_id, "start": start, "end": end})
    return spans


def _typed_record(door: Door, typed: str, spec: FieldSpec, where: str) -> dict[str, Any]:
    """What a name typed in a picker without choosing from its list means in review: the one
    record of that name, else a new record of it (review reads names the archive lacks)."""
    try:
        return {"ref": door.resolve(typed, spec.targets, where)}
    except InvalidRecord as refused:
        # Two records of one name are the reviewer's choice, never a guess or a third record.
        if "pick one" in str(refused):
            raise
        return {"new": typed, "type": spec.targets[0]}


def _entry(
    door: Door, row: Mapping[str, Any], spec: FieldSpec | None, item_id: int, where: str
) -> dict[str, Any] | None:
    kind = row["kind"]
    value = " ".join(row["value"].split())
    entry: dict[str, Any] = {}
    citations = parse_citations(row["cite"], item_id, where)
    if citations:
        entry["citations"] = citations
    if kind == "ref" and spec is not None:
        ref = row["ref"].lstrip("#")
        typed = " ".join(str(row["typed"]).split())
        if typed:
            entry.update(_typed_record(door, typed, spec, where))
        elif ref.isdigit() and len(ref) < 12:
            entry["ref"] = int(ref)
        elif value:
            entry.update({"new": value, "type": row["newtype"] or None})
        else:
            return None
        if row["field"] == PERPETRATOR:
            entry["degree"] = row["degree"] or None
        return entry
    if not value:
        return None
    entry["value"] = {"title": value} if kind == "position" else value
    return entry


def _signature(row: Mapping[str, Any]) -> tuple[str, str, str, str, str, str]:
    ref = row["ref"].lstrip("#") if row["kind"] == "ref" else ""
    value = "" if ref else " ".join(row["value"].split())
    newtype = row["newtype"] if row["kind"] == "ref" and not ref else ""
    cited = " ".join(row["cite"].split())
    return (value, ref, newtype, str(row["typed"]).strip(), cited, row["degree"])


def decision_from_form(
    door: Door, proposal: Proposal, draft: Draft, form: FormData, language: str, text: str
) -> tuple[dict[str, Any], str | None, int | str | None, bool]:
    """The edits, retype, record to add to and reporting date the posted form asks for."""
    record_type = load_record_types().get(draft.record_type)
    posted = [
        one
        for row in _posted_rows(form, draft, record_type, language, text)
        for one in _each_chosen(form, row)
    ]
    original = _draft_rows(draft, record_type, language, text)
    by_field: dict[str, list[dict[str, Any]]] = {}
    for row in posted:
        by_field.setdefault(row["field"], []).append(row)
    edits: dict[str, Any] = {}
    for name, rows in by_field.items():
        kept = [r for r in rows if r["keep"]]
        proposed = [r for r in original if r["field"] == name and r["drafted"]]
        if [_signature(r) for r in kept] == [_signature(r) for r in proposed]:
            continue
        where = f"{record_type.name}.{name}"
        spec = _spec(record_type, name)
        entries = [
            e
            for e in (_entry(door, r, spec, proposal.item_id, where) for r in kept)
            if e is not None
        ]
        if entries or proposed:
            edits[name] = entries or None
    as_type = str(form.get("as_type") or "") or None
    if as_type == draft.record_type:
        as_type = None
    # The records offered to add to are of the proposal's own type: a retyped entity is matched
    # again against records of its new type, unless a new record was asked for.
    raw_into = str(form.get("into") or "")
    if as_type is not None and raw_into != NEW:
        raw_into = ""
    into: int | str | None = None
    if raw_into == NEW:
        into = NEW
    elif raw_into.isdigit() and len(raw_into) < 12:
        into = int(raw_into)
    return edits, as_type, into, bool(form.get("as_reported")) and draft.reported is not None
