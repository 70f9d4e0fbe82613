"""Records against the chain of custody: versions checked against their entries, then replayed.

Every record version is a custody entry carrying the SHA-256 of the version row's ``change``
(the values of each touched field before and after, with their ids and citations), its reason,
and, since this check exists, the version's time. So the chain proves the version rows, and the
version rows, replayed in order, say what the ``records``, ``record_values`` and ``citations``
rows must hold now: the type, level, version, retraction and its reason of the record; the field,
stored value (sealed tokens included), reference, preference and its reason, status and the
versions that added and removed each value; the item, span, quote hash, status and the versions
that added and removed each citation; the record a merged record was merged into. Anything else
is a change made behind the archive's back.

Only the storage schema is needed. The five tables are streamed in record-id order and merged,
so memory holds one record's rows at a time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any, Final

from sqlalchemy import Connection, Select, func, select

from docket.db.schema import citations, custody, record_values, record_versions, records
from docket.evidence.problems import Problem

# The record actions that write a version (docket.records.audit.RecordAction; a test keeps them
# equal): the storage layer may not import the records package.
VERSION_ACTIONS: Final = (
    "record_created",
    "record_edited",
    "record_retracted",
    "record_merged",
    "record_unmerged",
    "record_split",
)
ACTIVE: Final = "active"
REMOVED: Final = "removed"
BATCH: Final = 2000
_PREFIX: Final = "record:"

Progress = Callable[[str, int], None]


_Cited = tuple[tuple[int, int, int, str], int, int | None]


@dataclass
class _Value:
    field: str
    added: int
    value: Any = None
    protected: bool = False
    preferred: bool = False
    reason: str | None = None
    status: str = ACTIVE
    removed: int | None = None
    # Each citation: (item, start, end, sha256), the version that added it, the one that
    # removed it (None while it stands).
    citations: list[_Cited] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class _LoggedVersion:
    seq: int
    actor: str
    payload: dict[str, Any]


class RecordCheck:
    """Every record of the archive against the versions its custody entries bind."""

    def __init__(self, connection: Connection, progress: Progress | None = None) -> None:
        self.connection = connection
        self.progress = progress or (lambda _stage, _n: None)

    def count(self) -> int:
        return int(self.connection.execute(select(func.count()).select_from(records)).scalar_one())

    def run(self) -> Iterator[Problem]:
        streams = {
            "records": _Cursor(self._stream(select(records).order_by(records.c.id)), "id"),
            "entries": _Cursor(self._entries(), "record_id"),
            "versions": _Cursor(
                self._stream(
                    select(record_versions).order_by(
                        record_versions.c.record_id, record_versions.c.version, record_versions.c.id
                    )
                ),
                "record_id",
            ),
            "values": _Cursor(
                self._stream(
                    select(record_values).order_by(record_values.c.record_id, record_values.c.id)
                ),
                "record_id",
            ),
            "citations": _Cursor(
                self._stream(
                    select(citations).order_by(
                        citations.c.record_id, citations.c.value_id, citations.c.id
                    )
                ),
                "record_id",
            ),
        }
        done = 0
        while True:
            heads = [c.key for c in streams.values() if c.key is not None]
            if not heads:
                break
            record_id = min(heads)
            group = {name: cursor.take(record_id) for name, cursor in streams.items()}
            row = group["records"][0] if group["records"] else None
            yield from check_record(
                record_id,
                row,
                group["entries"],
                group["versions"],
                group["values"],
                group["citations"],
            )
            if row is not None:
                done += 1
                if done % BATCH == 0:
                    self.progress("records", BATCH)
        self.progress("records", done % BATCH)

    def _stream(self, query: Select[Any]) -> Iterator[dict[str, Any]]:
        stream = self.connection.execution_options(stream_results=True, yield_per=BATCH)
        for row in stream.execute(query).mappings():
            yield dict(row)

    def _entries(self) -> Iterator[dict[str, Any]]:
        # Subjects are "record:<id>": ordered by length, then text, they come in id order. The
        # text order must be by code point, which PostgreSQL gives only under the "C" collation.
        subject: Any = custody.c.subject
        if self.connection.dialect.name == "postgresql":
            subject = subject.collate("C")
        query = (
            select(custody.c.seq, custody.c.actor, custody.c.subject, custody.c.payload)
            .where(
                custody.c.action.in_(VERSION_ACTIONS),
                custody.c.subject.like(f"{_PREFIX}%"),
            )
            .order_by(func.length(custody.c.subject), subject, custody.c.seq)
        )
        for row in self._stream(query):
            ident = str(row["subject"])[len(_PREFIX) :]
            if not ident.isdigit():
                continue
            row["record_id"] = int(ident)
            yield row


class _Cursor:
    """One stream of rows in key order, taken one key's group at a time."""

    def __init__(self, rows: Iterator[dict[str, Any]], key: str) -> None:
        self._groups = groupby(rows, key=lambda row: int(row[key]))
        self._head: tuple[int, Iterator[dict[str, Any]]] | None = next(self._groups, None)

    @property
    def key(self) -> int | None:
        return None if self._head is None else self._head[0]

    def take(self, key: int) -> list[dict[str, Any]]:
        if self._head is None or self._head[0] != key:
            return []
        rows = list(self._head[1])
        self._head = next(self._groups, None)
        return rows


def check_record(
    record_id: int,
    row: dict[str, Any] | None,
    entries: list[dict[str, Any]],
    versions: list[dict[str, Any]],
    values: list[dict[str, Any]],
    cited: list[dict[str, Any]],
) -> Iterator[Problem]:
    where = f"record {record_id}"
    if row is None:
        if entries or versions:
            yield Problem("deleted", f"{where} was deleted (its history remains)")
        elif values or cited:
            yield Problem("inserted", f"{where}: values or citations exist without the record")
        return
    logged: dict[int, _LoggedVersion] = {}
    for entry in entries:
        try:
            payload = json.loads(entry["payload"])
            version = int(payload["version"])
        except (ValueError, KeyError, TypeError):
            yield Problem("edited", f"{where}: custody entry {entry['seq']} is not readable")
            continue
        logged.setdefault(version, _LoggedVersion(entry["seq"], entry["actor"], payload))
    if not logged:
        yield Problem("inserted", f"{where} has no custody entry (added outside the log)")
        return
    held = {int(v["version"]): v for v in versions}
    trusted: list[dict[str, Any]] = []
    broken = False
    for version in sorted(set(logged) | set(held)):
        entry_of = logged.get(version)
        stored = held.get(version)
        if stored is None:
            broken = True
            yield Problem("deleted", f"{where}: version {version} is missing")
        elif entry_of is None:
            broken = True
            yield Problem(
                "inserted", f"{where}: version {version} was added outside the chain of custody"
            )
        else:
            differing = _version_differs(stored, entry_of)
            if differing:
                broken = True
                yield Problem(
                    "edited",
                    f"{where}: version {version} ({', '.join(differing)}) differs from its "
                    "custody entry",
                )
            else:
                trusted.append(stored)
    if broken:
        # The replay would stand on a rewritten history: the lines above already say where.
        return
    yield from _compare_state(where, row, trusted, values, cited)


def _version_differs(stored: dict[str, Any], logged: _LoggedVersion) -> list[str]:
    payload = logged.payload
    differing = []
    digest = hashlib.sha256(str(stored["change"]).encode("utf-8")).hexdigest()
    if digest != payload.get("change_sha256"):
        differing.append("change")
    if stored["reason"] != payload.get("reason"):
        differing.append("reason")
    if stored["actor"] != logged.actor:
        differing.append("actor")
    if "at" in payload and stored["at"] != payload["at"]:
        differing.append("at")
    return differing


def _compare_state(
    where: str,
    row: dict[str, Any],
    versions: list[dict[str, Any]],
    values: list[dict[str, Any]],
    cited: list[dict[str, Any]],
) -> Iterator[Problem]:
    expected_row: dict[str, Any] = {
        "version": int(versions[-1]["version"]),
        "created_at": versions[0]["at"],
        "created_by": versions[0]["actor"],
        "updated_at": versions[-1]["at"],
        "updated_by": versions[-1]["actor"],
        "retracted": False,
        "retraction_reason": None,
        "merged_into": None,
    }
    expected: dict[int, _Value] = {}
    for version_row in versions:
        version = int(version_row["version"])
        try:
            change = json.loads(version_row["change"])
            _apply(change, version, version_row["reason"], expected_row, expected)
        except (ValueError, KeyError, TypeError, AttributeError):
            yield Problem("edited", f"{where}: version {version} cannot be replayed")
            return
    differing = [name for name, value in expected_row.items() if name in row and row[name] != value]
    if differing:
        yield Problem(
            "edited",
            f"{where}: {', '.join(differing)} differ from its custody entries",
        )
    cited_by_value: dict[int, list[dict[str, Any]]] = {}
    for citation in cited:
        cited_by_value.setdefault(int(citation["value_id"]), []).append(citation)
    for value_row in values:
        value_id = int(value_row["id"])
        state = expected.pop(value_id, None)
        if state is None:
            yield Problem(
                "inserted",
                f"{where}: value {value_id} ({value_row['field']}) was added outside the "
                "chain of custody",
            )
            continue
        columns = _value_differs(value_row, state)
        if columns:
            yield Problem(
                "edited",
                f"{where}: value {value_id} ({state.field}) differs from its custody entries "
                f"({', '.join(columns)})",
            )
        yield from _compare_citations(where, value_id, state, cited_by_value.pop(value_id, []))
    for value_id, state in sorted(expected.items()):
        yield Problem("deleted", f"{where}: value {value_id} ({state.field}) is missing")
        cited_by_value.pop(value_id, None)
    for value_id, rows in sorted(cited_by_value.items()):
        for citation in rows:
            yield Problem(
                "inserted",
                f"{where}: citation {citation['id']} names value {value_id}, which is not a "
                "value of this record",
            )


def _apply(
    change: dict[str, Any],
    version: int,
    reason: str | None,
    record: dict[str, Any],
    values: dict[int, _Value],
) -> None:
    created = change.get("created")
    if created is not None:
        record["type"] = created["type"]
        record["confidentiality"] = created["confidentiality"]
    if "confidentiality" in change:
        record["confidentiality"] = change["confidentiality"]["new"]
    if "retracted" in change:
        record["retracted"] = bool(change["retracted"]["new"])
        record["retraction_reason"] = reason if record["retracted"] else None
    if "merged_into" in change:
        merged = change["merged_into"]["new"]
        record["merged_into"] = None if merged is None else int(merged)
    for name, sides in change.get("fields", {}).items():
        now_there: set[int] = set()
        for snapshot in sides["new"]:
            value_id = int(snapshot["id"])
            now_there.add(value_id)
            state = values.get(value_id)
            if state is None:
                state = values[value_id] = _Value(field=name, added=version)
            state.value = snapshot["value"]
            state.protected = bool(snapshot.get("protected"))
            state.preferred = bool(snapshot["preferred"])
            state.reason = snapshot.get("reason") or None
            state.status, state.removed = ACTIVE, None
            state.citations = _carried(state.citations, snapshot.get("citations", []), version)
        for snapshot in sides["old"]:
            value_id = int(snapshot["id"])
            if value_id not in now_there and value_id in values:
                values[value_id].status = REMOVED
                values[value_id].removed = version


def _carried(before: list[_Cited], snapshot: list[dict[str, Any]], version: int) -> list[_Cited]:
    """The citations a value has after ``version``: those it had keep their added version, and
    one the snapshot no longer lists was removed by it (its row stays, marked)."""
    pool: dict[tuple[int, int, int, str], list[int]] = {}
    result: list[_Cited] = []
    for key, added, removed in before:
        if removed is None:
            pool.setdefault(key, []).append(added)
        else:
            result.append((key, added, removed))
    for citation in snapshot:
        key = (
            int(citation["item"]),
            int(citation["start"]),
            int(citation["end"]),
            str(citation["sha256"]),
        )
        kept = pool.get(key)
        result.append((key, kept.pop(0) if kept else version, None))
    result.extend((key, added, version) for key, rest in pool.items() for added in rest)
    return result


def _value_differs(row: dict[str, Any], state: _Value) -> list[str]:
    columns = []
    if row["field"] != state.field:
        columns.append("field")
    if bool(row["protected"]) != state.protected:
        columns.append("protected")
    if state.protected:
        same_value = row["value"] == state.value
    else:
        try:
            same_value = json.loads(row["value"]) == state.value
        except ValueError:
            same_value = False
    if not same_value:
        columns.append("value")
    if row["ref_id"] != _ref_of(state):
        columns.append("ref")
    if row["status"] != state.status:
        columns.append("status")
    if row["added_version"] != state.added:
        columns.append("added version")
    if row["removed_version"] != state.removed:
        columns.append("removed version")
    # A removed value's preference is not its history's concern any more.
    if state.status == ACTIVE:
        if bool(row["preferred"]) != state.preferred:
            columns.append("preferred")
        if (row["preference_reason"] or None) != state.reason:
            columns.append("reason")
    return columns


def _ref_of(state: _Value) -> int | None:
    # A reference is stored as {"ref": id} and repeated in ref_id; no protected field is one.
    value = state.value
    if state.protected or not isinstance(value, dict) or set(value) != {"ref"}:
        return None
    return int(value["ref"])


def _compare_citations(
    where: str, value_id: int, state: _Value, rows: list[dict[str, Any]]
) -> Iterator[Problem]:
    wanted = Counter(state.citations)
    for row in rows:
        cited = (int(row["item_id"]), int(row["span_start"]), int(row["span_end"]))
        removed = row["removed_version"]
        key = (
            (*cited, str(row["quote_sha256"])),
            int(row["added_version"]),
            None if removed is None else int(removed),
        )
        status = ACTIVE if removed is None else REMOVED
        if row["status"] == status and wanted[key] > 0:
            wanted[key] -= 1
            continue
        yield Problem(
            "edited",
            f"{where}: citation {row['id']} of value {value_id} ({state.field}) differs from "
            "its custody entries or was added outside them",
        )
    for (item, start, end, _sha), _added, _removed in sorted(wanted.elements(), key=repr):
        yield Problem(
            "deleted",
            f"{where}: a citation of value {value_id} ({state.field}), item {item} "
            f"{start}–{end}, is missing",
        )
