"""Checking a report package without the archive: the bag as ``verify_bag`` checks it, then
each footnote against the packaged evidence, the report's signed chain head against the
packaged key and chain, and each of the report's files against the SHA-256 its custody entry
names (an entry the archive signed the chain at, so rewriting the manifests after changing a
file does not hide the change). Every problem is one line naming what is wrong."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from docket.errors import DocketError
from docket.evidence import keys
from docket.evidence.bags import CHAIN_FILE, ENTRIES_FILE, PUBLIC_KEY_FILE, verify_bag
from docket.evidence.custody import canonical_json, checkpoint_message, entry_hash
from docket.evidence.verify import HeadStatement
from docket.reports.binding import RENDERED
from docket.reports.package import FACTS_FILE, RECORDS_FILE, REPORT_DIR, SIGNED_ENTRY_FILE
from docket.reports.render import HTML_FILE, PDF_FILE

# Every file of the report a package holds, each bound in custody by its SHA-256.
REPORT_FILES: Final = (PDF_FILE, HTML_FILE, FACTS_FILE, RECORDS_FILE)


def verify_report(path: Path) -> Iterator[str]:
    """Every problem with a report package, one line each; nothing when it holds."""
    yield from verify_bag(path)
    data = path / "data"
    folder = data / REPORT_DIR
    for name in REPORT_FILES:
        if not (folder / name).is_file():
            yield f"the package has no {REPORT_DIR}/{name}"
    yield from _changed_report_files(path)
    try:
        facts = json.loads((folder / FACTS_FILE).read_text(encoding="utf-8"))
        notes = list(facts["footnotes"])
        seal = facts["seal"]
    except (OSError, ValueError, KeyError, TypeError):
        yield f"{REPORT_DIR}/{FACTS_FILE} is missing or unreadable: the footnotes cannot be checked"
        return
    for note in notes:
        try:
            yield from _check_note(data, note)
        except (OSError, ValueError, KeyError, TypeError) as error:
            yield f"footnote {note.get('number', '?')}: cannot be read ({type(error).__name__})"
    try:
        yield from _check_seal(data, seal)
    except (OSError, ValueError, KeyError, TypeError, DocketError) as error:
        yield f"the report's chain head cannot be checked: {_one_line(error)}"
    try:
        yield from _check_binding(data, seal)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, DocketError) as error:
        yield f"the report's custody entry cannot be checked: {_one_line(error)}"


def _check_note(data: Path, note: dict[str, Any]) -> Iterator[str]:
    number = note["number"]
    item = int(note["item"])
    folder = data / "items" / str(item)
    where = f"footnote {number} ({note.get('source_title')}, item {item})"
    if not folder.is_dir():
        yield f"{where}: its source is not in the package"
        return
    originals = list((folder / "original").iterdir()) if (folder / "original").is_dir() else []
    if len(originals) != 1 or _sha256(originals[0].read_bytes()) != note["item_sha256"]:
        yield f"{where}: the packaged source does not have the SHA-256 the footnote names"
    copy = folder / "working-copy.txt"
    if not copy.is_file():
        yield f"{where}: the package holds no text of the source to find the quote in"
        return
    text = copy.read_text(encoding="utf-8")
    start, end = int(note["start"]), int(note["end"])
    span = text[start:end]
    if _sha256(span.encode("utf-8")) != note["span_sha256"]:
        yield f"{where}: the words at characters {start}–{end} are not the words the report cites"
    elif note.get("quote") is not None and span != note["quote"]:
        yield f"{where}: the quote printed differs from the words at characters {start}–{end}"


def _check_seal(data: Path, seal: dict[str, Any]) -> Iterator[str]:
    statement = HeadStatement.parse(seal["statement"])
    packaged_key = (data / PUBLIC_KEY_FILE).read_text(encoding="ascii").strip()
    if statement.public_key != packaged_key:
        yield "the report's chain head was signed by a key other than the packaged one"
        return
    message = checkpoint_message(statement.archive_id, statement.seq, statement.hash, statement.at)
    if not keys.signature_valid(keys.decode_public_key(packaged_key), message, statement.signature):
        yield "the report's chain head signature is not valid"
    if (statement.seq, statement.hash, statement.signature) != (
        seal["entries"],
        seal["head"],
        seal["signature"],
    ):
        yield "the report's chain head differs from the signed statement it carries"
    held = {}
    for line in (data / CHAIN_FILE).read_text(encoding="ascii").splitlines():
        if line.strip():
            seq, _, digest = line.split("\t")
            held[int(seq)] = digest
    if held.get(statement.seq) != statement.hash:
        yield f"the report's chain head (entry {statement.seq}) is not in the packaged chain"


def _check_binding(data: Path, seal: dict[str, Any]) -> Iterator[str]:
    """The report's files against the SHA-256 the custody entry that bound them names, that
    entry proven by the archive's signed statement of the chain at exactly it."""
    signed_file = data / REPORT_DIR / SIGNED_ENTRY_FILE
    if not signed_file.is_file():
        yield (
            f"the package has no {REPORT_DIR}/{SIGNED_ENTRY_FILE}: nothing the archive signed "
            "names the report's files"
        )
        return
    statement = HeadStatement.parse(signed_file.read_text(encoding="ascii"))
    packaged_key = (data / PUBLIC_KEY_FILE).read_text(encoding="ascii").strip()
    message = checkpoint_message(statement.archive_id, statement.seq, statement.hash, statement.at)
    if statement.public_key != packaged_key or not keys.signature_valid(
        keys.decode_public_key(packaged_key), message, statement.signature
    ):
        yield f"{REPORT_DIR}/{SIGNED_ENTRY_FILE} is not signed by the packaged key"
        return
    seq = statement.seq
    entry = next(
        (
            entry
            for entry in _lines_json(data / ENTRIES_FILE)
            if entry.get("seq") == seq and entry.get("action") == RENDERED
        ),
        None,
    )
    if entry is None:
        yield f"custody entry {seq}, naming the report's files, is not in the package"
        return
    digest = entry_hash(
        seq,
        entry["at"],
        entry["actor"],
        entry["action"],
        entry["subject"],
        canonical_json(entry["payload"]),
        entry["prev_hash"],
    )
    if digest != statement.hash:
        yield f"custody entry {seq} is not the entry the archive signed in {SIGNED_ENTRY_FILE}"
        return
    payload = entry["payload"]
    files = payload["files"]
    for name in REPORT_FILES:
        file = data / REPORT_DIR / name
        if name not in files:
            yield f"custody entry {seq} names no SHA-256 for {REPORT_DIR}/{name}"
        elif file.is_file() and _sha256(file.read_bytes()) != files[name]:
            yield (
                f"{REPORT_DIR}/{name} is not the file the archive made: its SHA-256 differs "
                f"from the one signed custody entry {seq} names"
            )
    if payload.get("export_id") != seal.get("export_id") or (
        payload.get("made_at_entry"),
        payload.get("made_at_head"),
    ) != (seal.get("entries"), seal.get("head")):
        yield f"the report's chain head is not the one custody entry {seq} says it was made at"


def _lines_json(path: Path) -> Iterator[dict[str, Any]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def _changed_report_files(path: Path) -> Iterator[str]:
    """The report's own files that differ from the manifest: named even when the bag's size
    check alone already failed."""
    manifest = path / "manifest-sha256.txt"
    if not manifest.is_file():
        yield "the package has no manifest-sha256.txt"
        return
    prefix = f"data/{REPORT_DIR}/"
    for line in manifest.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition(" ")
        name = name.strip()
        if not name.startswith(prefix):
            continue
        file = path / name
        if file.is_file() and _sha256(file.read_bytes()) != digest:
            yield f"{name.removeprefix('data/')} was changed after the package was made"


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:200]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
