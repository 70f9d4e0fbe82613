"""Checking a report package without the archive: the bag as ``verify_bag`` checks it, then
each footnote against the packaged evidence and the report's signed chain head against the
packaged key and chain. Every problem is one line naming what is wrong."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docket.errors import DocketError
from docket.evidence import keys
from docket.evidence.bags import CHAIN_FILE, PUBLIC_KEY_FILE, verify_bag
from docket.evidence.custody import checkpoint_message
from docket.evidence.verify import HeadStatement
from docket.reports.package import FACTS_FILE, HTML_FILE, PDF_FILE, REPORT_DIR


def verify_report(path: Path) -> Iterator[str]:
    """Every problem with a report package, one line each; nothing when it holds."""
    yield from verify_bag(path)
    data = path / "data"
    folder = data / REPORT_DIR
    for name in (PDF_FILE, HTML_FILE, FACTS_FILE):
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
        yield f"the report's chain head cannot be checked: {' '.join(str(error).split())[:200]}"


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


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
