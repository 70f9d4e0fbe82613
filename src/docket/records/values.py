"""Field values: from what a person or a file gives to the one stored JSON form, and back to text.

Input is forgiving (the command line gives every value as text: "1956", "about 1,700",
"14-15 August 2022", "Torture"); the stored form is strict and the same whatever the input was.
Dates, counts and taxonomy codes are checked by the model's own value modules.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Final
from urllib.parse import urlsplit

from docket.errors import DocketError
from docket.model.counts import Count
from docket.model.dates import UncertainDate
from docket.model.record_types import FieldSpec, ValueKind
from docket.model.taxonomy import load_taxonomy
from docket.records.errors import InvalidRecord, RecordNotFound

REDACTED: Final = "[redacted]"
MAX_TEXT: Final = 20_000
MAX_VALUE_JSON: Final = 64_000
_LANGUAGE: Final = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")
_SCRIPT: Final = re.compile(r"[A-Z][a-z]{3}")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUE: Final = frozenset({"true", "yes", "1", "да", "ооба"})
_FALSE: Final = frozenset({"false", "no", "0", "нет", "жок"})
_MAX_INTEGER: Final = 2**53
# Record and item ids are 32-bit integer columns on PostgreSQL: a larger number names nothing.
MAX_ID: Final = 2**31 - 1


def valid_record_id(record_id: object) -> int:
    """``record_id`` when it can name a record; RecordNotFound, as for a missing one, when it
    cannot (not an integer, or past what the id columns hold)."""
    if isinstance(record_id, bool) or not isinstance(record_id, int):
        raise RecordNotFound(f"no record {record_id}")
    if not 1 <= record_id <= MAX_ID:
        raise RecordNotFound(f"no record {record_id}")
    return record_id


# The kinds whose stored form never holds a float (see ``changes.dump_floatless``).
_FLOATLESS_KINDS: Final = frozenset(
    {
        ValueKind.TEXT,
        ValueKind.NAME,
        ValueKind.UNCERTAIN_DATE,
        ValueKind.COUNT,
        ValueKind.INTEGER,
        ValueKind.BOOLEAN,
        ValueKind.URL,
        ValueKind.REF,
        ValueKind.CODE,
    }
)


def floatless(spec: FieldSpec) -> bool:
    """Whether every value of ``spec`` is free of floats (a struct is when all its parts are)."""
    if spec.kind is ValueKind.STRUCT:
        return all(floatless(part) for part in spec.parts.values())
    return spec.kind in _FLOATLESS_KINDS


def normalise(spec: FieldSpec, raw: object, where: str, reference: date | None = None) -> Any:
    """The stored JSON form of ``raw`` for ``spec``; raises InvalidRecord naming ``where``.

    A ref becomes ``{"ref": id}`` or, inside an import file, ``{"key": "..."}`` to be resolved
    by the store. ``reference`` gives the year to date phrases that have none.
    """
    try:
        value = _normalise(spec, raw, where, reference)
    except InvalidRecord:
        raise
    except DocketError as error:
        raise InvalidRecord(f"{where}: {error}") from None
    # Only a struct can grow past the limits its parts already have.
    if (
        spec.kind is ValueKind.STRUCT
        and len(json.dumps(value, ensure_ascii=False)) > MAX_VALUE_JSON
    ):
        raise InvalidRecord(f"{where}: value too large")
    return value


def _normalise(spec: FieldSpec, raw: object, where: str, reference: date | None) -> Any:
    kind = spec.kind
    if kind is ValueKind.TEXT:
        text = _text(raw, where)
        if spec.choices and text not in spec.choices:
            raise InvalidRecord(f"{where}: {text!r} is not one of {', '.join(spec.choices)}")
        return text
    if kind is ValueKind.NAME:
        return _name(raw, where)
    if kind is ValueKind.UNCERTAIN_DATE:
        return _date(raw, where, reference)
    if kind is ValueKind.COUNT:
        return _count(raw, where)
    if kind is ValueKind.INTEGER:
        return _bounded(spec, _integer(raw, where), where)
    if kind is ValueKind.BOOLEAN:
        return _boolean(raw, where)
    if kind is ValueKind.COORDINATES:
        return _coordinates(raw, where)
    if kind is ValueKind.URL:
        return _url(raw, where)
    if kind is ValueKind.REF:
        return _ref(raw, where)
    if kind is ValueKind.CODE:
        return _code(spec, raw, where)
    return _struct(spec, raw, where, reference)


def _text(raw: object, where: str) -> str:
    if not isinstance(raw, str):
        raise InvalidRecord(f"{where}: expected text, got {_kind_of(raw)}")
    text = unicodedata.normalize("NFC", raw.strip())
    if not text:
        raise InvalidRecord(f"{where}: empty text")
    if len(text) > MAX_TEXT:
        raise InvalidRecord(f"{where}: text longer than {MAX_TEXT:,} characters")
    if _CONTROL.search(text):
        raise InvalidRecord(f"{where}: text contains control characters")
    return text


def script_of(text: str) -> str:
    """ISO 15924 code of the script most letters of ``text`` are in (Zyyy when unclear)."""
    tally: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            family = _script_family(char)
            tally[family] = tally.get(family, 0) + 1
    if not tally:
        return "Zyyy"
    family = max(tally, key=lambda name: tally[name])
    return {"LATIN": "Latn", "CYRILLIC": "Cyrl", "ARABIC": "Arab", "GREEK": "Grek"}.get(
        family, "Zyyy"
    )


@lru_cache(maxsize=8192)
def _script_family(char: str) -> str:
    # Names repeat few letters; looking each one up in the Unicode database was most of the cost.
    return unicodedata.name(char, "").split(" ", 1)[0]


def _name(raw: object, where: str) -> dict[str, Any]:
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, Mapping):
        raise InvalidRecord(f"{where}: a name is text or {{text, lang, script}}")
    unknown = set(raw) - {"text", "lang", "script"}
    if unknown:
        raise InvalidRecord(f"{where}: unknown name part {sorted(unknown)[0]!r}")
    text = _text(raw.get("text"), where)
    language = raw.get("lang")
    if language is not None and (
        not isinstance(language, str) or not _LANGUAGE.fullmatch(language)
    ):
        raise InvalidRecord(f"{where}: language must be a code like en, ru or ky")
    script = raw.get("script") or script_of(text)
    if not isinstance(script, str) or not _SCRIPT.fullmatch(script):
        raise InvalidRecord(f"{where}: script must be an ISO 15924 code like Latn or Cyrl")
    return {"text": text, "lang": language, "script": script}


@lru_cache(maxsize=4096)
def _parsed_date(text: str, reference: date | None, language: str | None) -> dict[str, object]:
    # Imports repeat the same few date phrases thousands of times; the parse is the costly part.
    # Callers copy the mapping: its values are plain text, booleans and None, so a shallow copy
    # keeps the cached one intact.
    return UncertainDate.parse(text, reference, language).to_json()


def _date(raw: object, where: str, reference: date | None) -> dict[str, object]:
    if isinstance(raw, date) and not isinstance(raw, datetime):
        # YAML reads 2022-08-14 as a date, not as text.
        return UncertainDate.on_day(raw).to_json()
    if isinstance(raw, str):
        return dict(_parsed_date(raw, reference, None))
    if isinstance(raw, Mapping):
        if "precision" in raw:
            return UncertainDate.from_json(raw).to_json()
        text = raw.get("text")
        given = raw.get("reference")
        language = raw.get("language")
        if not isinstance(text, str):
            raise InvalidRecord(f"{where}: a date object needs precision or text")
        if given is not None:
            try:
                reference = date.fromisoformat(str(given))
            except ValueError:
                raise InvalidRecord(f"{where}: reference must be YYYY-MM-DD") from None
        if language is not None and not isinstance(language, str):
            raise InvalidRecord(f"{where}: language must be a code")
        return dict(_parsed_date(text, reference, language))
    raise InvalidRecord(f"{where}: a date is text like 2019-08 or a date object")


@lru_cache(maxsize=4096)
def _parsed_count(text: str) -> dict[str, object]:
    # As with dates, imports repeat a few count phrases ("about 40") many times; callers copy
    # the mapping, whose values are plain numbers, text and None.
    return Count.parse(text).to_json()


def _count(raw: object, where: str) -> dict[str, object]:
    if isinstance(raw, bool):
        raise InvalidRecord(f"{where}: a count is a number or a phrase, not true/false")
    if isinstance(raw, int):
        return Count(raw).to_json()
    if isinstance(raw, str):
        stripped = raw.strip()
        if stripped.isdigit():
            return Count(int(stripped)).to_json()
        return dict(_parsed_count(stripped))
    if isinstance(raw, Mapping):
        return Count.from_json(raw).to_json()
    raise InvalidRecord(f"{where}: a count is a number, a phrase or a count object")


def _integer(raw: object, where: str) -> int:
    value: object = raw
    if isinstance(raw, str) and re.fullmatch(r"-?[0-9]{1,16}", raw.strip()):
        value = int(raw.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRecord(f"{where}: expected a whole number, got {_kind_of(raw)}")
    if abs(value) > _MAX_INTEGER:
        raise InvalidRecord(f"{where}: number out of range")
    return value


def _bounded(spec: FieldSpec, value: int, where: str) -> int:
    if spec.bounds is not None and not spec.bounds[0] <= value <= spec.bounds[1]:
        low, high = spec.bounds
        raise InvalidRecord(f"{where}: {value} is not between {low} and {high}")
    return value


def _boolean(raw: object, where: str) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return raw.strip().lower() in _TRUE
    raise InvalidRecord(f"{where}: expected true or false, got {_kind_of(raw)}")


def _coordinates(raw: object, where: str) -> dict[str, float]:
    pair: list[object]
    if isinstance(raw, str):
        pair = [part.strip() for part in raw.split(",")]
    elif isinstance(raw, list | tuple):
        pair = list(raw)
    elif isinstance(raw, Mapping):
        pair = [raw.get("lat"), raw.get("lon")]
    else:
        pair = []
    if len(pair) != 2:
        raise InvalidRecord(f"{where}: coordinates are 'latitude, longitude'")
    numbers: list[float] = []
    for part in pair:
        try:
            if isinstance(part, bool):
                raise ValueError
            number = float(part)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidRecord(f"{where}: coordinates must be numbers") from None
        if not math.isfinite(number):
            raise InvalidRecord(f"{where}: coordinates must be finite numbers")
        numbers.append(number)
    lat, lon = numbers
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidRecord(f"{where}: latitude must be within ±90 and longitude within ±180")
    return {"lat": lat, "lon": lon}


def _url(raw: object, where: str) -> str:
    text = _text(raw, where)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", text):
        raise InvalidRecord(f"{where}: expected an http(s) address, got {text[:80]!r}")
    if len(text) > 2048:
        raise InvalidRecord(f"{where}: address too long")
    return text


def _ref(raw: object, where: str) -> dict[str, object]:
    if isinstance(raw, str):
        stripped = raw.strip().lstrip("#")
        if stripped.isdigit() and len(stripped) < 16:
            raw = int(stripped)
    if isinstance(raw, int) and not isinstance(raw, bool):
        if raw < 1:
            raise InvalidRecord(f"{where}: record ids start at 1")
        if raw > MAX_ID:
            raise InvalidRecord(f"{where}: no record {raw}")
        return {"ref": raw}
    if isinstance(raw, Mapping):
        ref, key = raw.get("ref"), raw.get("key")
        result: dict[str, object] = {}
        if ref is not None:
            if isinstance(ref, bool) or not isinstance(ref, int) or not 1 <= ref <= MAX_ID:
                raise InvalidRecord(f"{where}: ref must be a record id")
            result["ref"] = ref
        if key is not None:
            if not isinstance(key, str) or not key.strip() or len(key) > 200:
                raise InvalidRecord(f"{where}: key must be short text")
            result["key"] = key
        if result and set(raw) <= {"ref", "key", "type", "label"}:
            return result
    raise InvalidRecord(f'{where}: a reference is a record id or {{"key": ...}}')


def _code(spec: FieldSpec, raw: object, where: str) -> str:
    assert spec.taxonomy is not None
    text = _text(raw, where)
    taxonomy = load_taxonomy(spec.taxonomy)
    term = taxonomy.lookup(text)
    if term is None:
        raise InvalidRecord(f"{where}: {text!r} is not a term of {spec.taxonomy}")
    if term.retired:
        raise InvalidRecord(f"{where}: {term.code!r} is retired in {spec.taxonomy}")
    return term.code


def _struct(spec: FieldSpec, raw: object, where: str, reference: date | None) -> dict[str, Any]:
    if not isinstance(raw, Mapping) or not raw:
        raise InvalidRecord(f"{where}: expected an object with {', '.join(spec.parts)}")
    result: dict[str, Any] = {}
    for name, value in raw.items():
        part = spec.parts.get(name) if isinstance(name, str) else None
        if part is None:
            raise InvalidRecord(f"{where}: unknown part {name!r}; parts: {', '.join(spec.parts)}")
        inner = f"{where}.{name}"
        if part.many:
            values = value if isinstance(value, list) else [value]
            result[name] = [_normalise(part, item, inner, reference) for item in values]
        elif value is not None:
            result[name] = _normalise(part, value, inner, reference)
    for name, part in spec.parts.items():
        if part.required and not result.get(name):
            raise InvalidRecord(f"{where}: {name} is required")
    return result


def _kind_of(raw: object) -> str:
    if raw is None:
        return "nothing"
    if isinstance(raw, bool):
        return "true/false"
    if isinstance(raw, str):
        return repr(raw[:60])
    return type(raw).__name__


def refs_in(spec: FieldSpec, value: Any) -> list[int]:
    """Record ids a stored value points to (struct parts included)."""
    if spec.kind is ValueKind.REF:
        return [int(value["ref"])] if isinstance(value, Mapping) and "ref" in value else []
    if spec.kind is ValueKind.STRUCT and isinstance(value, Mapping):
        found: list[int] = []
        for name, part in spec.parts.items():
            items = value.get(name)
            for item in items if isinstance(items, list) else [items]:
                if item is not None:
                    found.extend(refs_in(part, item))
        return found
    return []


def display(spec: FieldSpec, value: Any, names: Mapping[int, str] | None = None) -> str:
    """One line of text for a stored value; ``names`` labels referenced records."""
    if value == REDACTED:
        return REDACTED
    kind = spec.kind
    if kind is ValueKind.NAME:
        return str(value["text"])
    if kind is ValueKind.UNCERTAIN_DATE:
        return str(UncertainDate.from_json(value))
    if kind is ValueKind.COUNT:
        return str(Count.from_json(value))
    if kind is ValueKind.REF:
        ref = int(value["ref"])
        label = (names or {}).get(ref)
        return f"{label} (#{ref})" if label else f"#{ref}"
    if kind is ValueKind.CODE:
        assert spec.taxonomy is not None
        return load_taxonomy(spec.taxonomy).label(str(value))
    if kind is ValueKind.COORDINATES:
        return f"{value['lat']}, {value['lon']}"
    if kind is ValueKind.BOOLEAN:
        return "yes" if value else "no"
    if kind is ValueKind.STRUCT:
        parts = []
        for name, part in spec.parts.items():
            if name in value:
                items = value[name] if isinstance(value[name], list) else [value[name]]
                parts.append(f"{name}: {', '.join(display(part, item, names) for item in items)}")
        return "; ".join(parts)
    return str(value)
