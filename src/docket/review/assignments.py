"""``FIELD=VALUE`` as a reviewer types it, turned into the edits ``accept`` takes.

Values are given as in the records' JSON form (docs/records.md): text, a phrase, a code or its
label, a record id (``12`` or ``#12``) for a reference, or JSON when the value starts with ``{`` or
``[``. A reference may also name a record that does not exist yet, as ``TYPE:NAME``
(``person:Ulan Atambaev``): it is created together with the accepted record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, Final

from docket.errors import DocketError
from docket.model.record_types import FieldSpec, RecordType, ValueKind, load_record_types

_RECORD_ID: Final = re.compile(r"#?\s*(\d+)")


class InvalidAssignment(DocketError):
    """A FIELD=VALUE the reviewer typed that cannot become a field value."""


def new_record(type_name: str, name: str) -> dict[str, Any]:
    """A value asking ``accept`` to create a record of ``type_name`` called ``name``."""
    record_type = load_record_types().get(type_name)
    title = record_type.title[0] if record_type.title else "name"
    return {"new": {"type": type_name, "fields": {title: name}}}


def reference(spec: FieldSpec, raw: str, *, bare_name_is_new: bool = False) -> Any:
    """A reference typed as ``12``, ``#12``, ``TYPE:NAME`` or, if allowed, a bare name.

    A bare name is taken as a new record of the field's first target type only when the
    reviewer was asked for "an id or a new name" (the interactive walk); in a script a typo in
    an id must not quietly create a person.
    """
    text = raw.strip()
    found = _RECORD_ID.fullmatch(text)
    if found:
        return {"ref": int(found.group(1))}
    kind, sep, name = text.partition(":")
    if sep and kind.strip() in spec.targets and name.strip():
        return new_record(kind.strip(), " ".join(name.split()))
    if bare_name_is_new and text and not sep:
        return new_record(spec.targets[0], " ".join(text.split()))
    raise InvalidAssignment(
        f"{spec.name} refers to a record: give its id (12 or #12) or a new one as "
        f"{'|'.join(spec.targets)}:NAME, not {raw!r}"
    )


def parse_value(spec: FieldSpec, raw: str, *, bare_name_is_new: bool = False) -> Any:
    """One typed value of ``spec``; the record layer checks and normalises it on accept."""
    if raw.lstrip().startswith(("{", "[")):
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            raise InvalidAssignment(f"{spec.name}: the value is not valid JSON") from None
    if spec.kind is ValueKind.REF:
        return reference(spec, raw, bare_name_is_new=bare_name_is_new)
    if not raw.strip():
        raise InvalidAssignment(f"{spec.name}: the value is empty")
    return raw.strip()


def parse_assignments(
    record_type: RecordType, pairs: Iterable[str], *, bare_name_is_new: bool = False
) -> dict[str, Any]:
    """``FIELD=VALUE`` pairs as edits; a field given twice holds both values (``many`` fields)."""
    edits: dict[str, list[Any]] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InvalidAssignment(f"--set needs FIELD=VALUE, not {pair!r}")
        if name not in record_type.fields:
            raise InvalidAssignment(
                f"{record_type.name} has no field {name!r}; fields: {', '.join(record_type.fields)}"
            )
        spec = record_type.fields[name]
        value = parse_value(spec, raw, bare_name_is_new=bare_name_is_new)
        values = value if isinstance(value, list) else [value]
        edits.setdefault(name, []).extend(values)
    return {name: values if len(values) > 1 else values[0] for name, values in edits.items()}
