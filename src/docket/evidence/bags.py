"""Evidence packages: BagIt bags (RFC 8493) that can be checked without the archive.

A bag holds, per item, the original exactly as received, its working copy and its metadata; the
custody entries of those items in full; the hash list of the whole chain (sequence, previous hash,
hash; no content of other items) so the entries can be placed in the signed chain; a checkpoint
signed by the archive key; and the public key.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import bagit

from docket.errors import DocketError
from docket.evidence import keys
from docket.evidence.custody import (
    Entry,
    canonical_json,
    checkpoint_message,
    entry_hash,
    genesis_hash,
    replay,
)
from docket.evidence.verify import HeadStatement

CHAIN_FILE = "custody/chain.tsv"
ENTRIES_FILE = "custody/entries.jsonl"
CHECKPOINT_FILE = "custody/checkpoint.txt"
CHAIN_SIGNATURE_FILE = "custody/chain.sig"
PUBLIC_KEY_FILE = "public-key.txt"
_UNSAFE_NAME = re.compile(r"[^\w.\- ()\[\]]+", re.UNICODE)

README = """\
Docket evidence package
=======================

This folder is a BagIt bag (RFC 8493) exported from a Docket archive.

  data/items/<id>/original/<name>  the item exactly as it was received (never altered)
  data/items/<id>/working-copy.txt the text derived from it (how: see metadata.json)
  data/items/<id>/metadata.json    its metadata and working-copy records
  data/items/<id>/renditions/      its other renditions, named <rendition id>-<kind>: a web
                                   capture's screenshot, PDF print and capture metadata
  data/custody/entries.jsonl       every chain-of-custody entry of these items, in full
  data/custody/chain.tsv           sequence, previous hash and hash of every entry of the
                                   archive's chain (content of other items is not included)
  data/custody/checkpoint.txt      the chain's head, signed with the archive's Ed25519 key
  data/custody/chain.sig           chain.tsv as a whole, signed with the same key
  data/public-key.txt              the archive's public key (base64, raw 32 bytes)

To check this package, with Docket installed:

  docket verify-bag PATH

which checks, without the archive:
  1. the bag's manifests (SHA-256 and SHA-512 of every file) and completeness;
  2. that chain.tsv is one unbroken chain from the archive's first entry, each entry's
     previous hash being the hash before it, and that chain.sig is the archive key's signature
     of "docket-chain", the archive id and the SHA-256 of chain.tsv, one per line: the entries
     of other items are listed by hash only, so only this signature shows that no row of
     chain.tsv was rewritten to fit an altered entry;
  3. that each entry in entries.jsonl hashes to the value chain.tsv holds at its sequence
     number: SHA-256 over its sequence, time, actor, action, subject, canonical JSON payload
     and previous hash, joined by newlines;
  4. that checkpoint.txt is signed by the key in public-key.txt and names the hash chain.tsv
     holds at its sequence number;
  5. that each original, working copy and rendition hashes to the SHA-256 its custody
     entries record, and that metadata.json equals what those entries record.

Compare the key fingerprint in checkpoint.txt with one published or kept by the archive's
owners to know that the package comes from their archive.
"""


@dataclass(frozen=True)
class BagItem:
    """What the archive hands to the bag writer for one item."""

    item: dict[str, Any]
    renditions: list[dict[str, Any]]
    # Opens the original's bytes as received (decrypted in an encrypted archive).
    original: Callable[[], BinaryIO]
    working_copy: str | None
    # Renditions other than the working copy, as (rendition id, kind, opener of its bytes).
    files: tuple[tuple[int, str, Callable[[], BinaryIO]], ...] = ()


def safe_filename(name: str) -> str:
    cleaned = _UNSAFE_NAME.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    return cleaned[:180] or "original"


def write_bag(
    out: Path,
    items: Iterable[BagItem],
    *,
    entries: Iterable[Entry],
    chain: Iterable[tuple[int, str, str]],
    statement: str,
    public_key: str,
    sign: Callable[[bytes], str],
    bag_info: dict[str, str],
) -> Path:
    """Write the bag into a new folder ``out`` (built aside, then renamed into place);
    ``sign`` signs with the archive's key."""
    if out.exists():
        raise DocketError(f"{out} already exists; choose a new folder for the bag")
    staging = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial")
    staging.mkdir(parents=True)
    try:
        for entry in items:
            folder = staging / "items" / str(entry.item["id"])
            (folder / "original").mkdir(parents=True)
            target = folder / "original" / safe_filename(entry.item["original_name"])
            with entry.original() as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy, 1 << 20)
            if entry.working_copy is not None:
                (folder / "working-copy.txt").write_text(entry.working_copy, encoding="utf-8")
            if entry.files:
                (folder / "renditions").mkdir()
                for rendition_id, kind, opened in entry.files:
                    target = folder / "renditions" / safe_filename(f"{rendition_id}-{kind}")
                    with opened() as source, target.open("wb") as copy:
                        shutil.copyfileobj(source, copy, 1 << 20)
            (folder / "metadata.json").write_text(
                json.dumps(
                    {"item": entry.item, "renditions": entry.renditions},
                    ensure_ascii=False,
                    indent=2,
                    sort_keys=True,
                ),
                encoding="utf-8",
            )
        (staging / "custody").mkdir()
        with open(staging / ENTRIES_FILE, "w", encoding="utf-8") as out_entries:
            for custody_entry in entries:
                out_entries.write(json.dumps(custody_entry.to_json(), ensure_ascii=False) + "\n")
        listed = "".join(f"{seq}\t{prev_hash}\t{digest}\n" for seq, prev_hash, digest in chain)
        (staging / CHAIN_FILE).write_text(listed, encoding="ascii")
        archive_id = HeadStatement.parse(statement).archive_id
        (staging / CHAIN_SIGNATURE_FILE).write_text(
            sign(chain_message(archive_id, listed.encode("ascii"))) + "\n", encoding="ascii"
        )
        (staging / CHECKPOINT_FILE).write_text(statement, encoding="ascii")
        (staging / PUBLIC_KEY_FILE).write_text(public_key + "\n", encoding="ascii")
        (staging / "README.txt").write_text(README, encoding="utf-8")
        bagit.make_bag(str(staging), bag_info=bag_info, checksums=["sha256", "sha512"])
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out


def chain_message(archive_id: str, chain_file: bytes) -> bytes:
    """What the archive signs of a bag's chain.tsv."""
    return f"docket-chain\n{archive_id}\n{hashlib.sha256(chain_file).hexdigest()}".encode()


def verify_bag(path: Path) -> Iterator[str]:
    """Every problem with a bag, one line each; nothing when it is intact.

    A bag may come from anywhere: whatever its files hold, the answer is lines, not a crash.
    """
    try:
        yield from _verify_bag(path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        yield f"bag is malformed: {type(error).__name__}: {_one_line(error)}"


def _verify_bag(path: Path) -> Iterator[str]:
    try:
        bag = bagit.Bag(str(path))
        bag.validate(processes=1)
    except bagit.BagError as error:
        yield f"bag is not valid: {_one_line(error)}"
        return
    data = path / "data"
    try:
        statement = HeadStatement.parse((data / CHECKPOINT_FILE).read_text(encoding="ascii"))
        public_key = (data / PUBLIC_KEY_FILE).read_text(encoding="ascii").strip()
        chain = _read_chain(data / CHAIN_FILE)
        chain_file = (data / CHAIN_FILE).read_bytes()
        chain_signature = _chain_signature(data)
        entries = [_entry(json.loads(line)) for line in _lines(data / ENTRIES_FILE)]
    except (OSError, ValueError, KeyError, TypeError, DocketError) as error:
        yield f"bag is incomplete or malformed: {_one_line(error)}"
        return
    yield from _check_chain(chain, statement.archive_id)
    if statement.public_key != public_key:
        yield "the checkpoint was signed by a key other than the one in public-key.txt"
    message = checkpoint_message(statement.archive_id, statement.seq, statement.hash, statement.at)
    key = keys.decode_public_key(public_key)
    if not keys.signature_valid(key, message, statement.signature):
        yield "the checkpoint's signature is not valid"
    if chain_signature is None:
        yield (
            f"{CHAIN_SIGNATURE_FILE} is missing: the package's entries cannot be tied to the "
            "archive's chain (a package made before chains were signed: export it again)"
        )
    elif not keys.signature_valid(
        key, chain_message(statement.archive_id, chain_file), chain_signature
    ):
        yield "chain.tsv is not the chain the archive signed: a row of it was changed"
    if chain.get(statement.seq, ("", ""))[1] != statement.hash:
        yield f"the signed head (entry {statement.seq}) is not the head of chain.tsv"
    for entry in entries:
        held = chain.get(entry.seq)
        digest = entry_hash(
            entry.seq,
            entry.at,
            entry.actor,
            entry.action,
            entry.subject,
            entry.payload,
            entry.prev_hash,
        )
        if held is None or held != (entry.prev_hash, entry.hash) or digest != entry.hash:
            yield f"custody entry {entry.seq} does not match the signed chain"
    yield from _check_items(data, entries)


def _chain_signature(data: Path) -> str | None:
    path = data / CHAIN_SIGNATURE_FILE
    return path.read_text(encoding="ascii").strip() if path.exists() else None


def _check_chain(chain: dict[int, tuple[str, str]], archive_id: str) -> Iterator[str]:
    previous = genesis_hash(archive_id)
    for expected, seq in enumerate(sorted(chain), start=1):
        if seq != expected:
            yield f"chain.tsv is missing entry {expected}"
            return
        prev_hash, digest = chain[seq]
        if prev_hash != previous:
            yield f"chain.tsv is broken at entry {seq}"
            return
        previous = digest


def _check_items(data: Path, entries: list[Entry]) -> Iterator[str]:
    by_item: dict[int, list[Entry]] = {}
    for entry in entries:
        if entry.item_id is not None:
            by_item.setdefault(entry.item_id, []).append(entry)
    items_dir = data / "items"
    folders = sorted(items_dir.iterdir()) if items_dir.is_dir() else []
    for folder in folders:
        item_id = int(folder.name) if folder.name.isdigit() else -1
        history = sorted(by_item.get(item_id, []), key=lambda e: e.seq)
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        logged = replay(history)
        if logged is None:
            yield f"item {folder.name}: no 'received' custody entry in the bag"
            continue
        expected = logged.metadata
        derived = {str(r["id"]): r["sha256"] for r in logged.renditions}
        if any(metadata["item"].get(k) != v for k, v in expected.items()):
            yield f"item {folder.name}: metadata.json differs from its custody entries"
        originals = list((folder / "original").iterdir())
        if len(originals) != 1 or _sha256(originals[0]) != expected["sha256"]:
            yield f"item {folder.name}: the original does not match the SHA-256 its custody records"
        for kept in (
            sorted((folder / "renditions").iterdir()) if (folder / "renditions").is_dir() else []
        ):
            rendition_id = kept.name.split("-", 1)[0]
            if derived.get(rendition_id) != _sha256(kept):
                yield (
                    f"item {folder.name}: rendition {kept.name} does not match its custody entries"
                )
        copy = folder / "working-copy.txt"
        if copy.exists():
            texts = [r for r in metadata["renditions"] if r.get("kind", "text") == "text"]
            newest = texts[-1] if texts else None
            if newest is None or derived.get(str(newest["id"])) != _sha256(copy):
                yield f"item {folder.name}: the working copy does not match its custody entries"


def _sha256(path: Path) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _read_chain(path: Path) -> dict[int, tuple[str, str]]:
    chain: dict[int, tuple[str, str]] = {}
    for line in _lines(path):
        seq, prev_hash, digest = line.split("\t")
        chain[int(seq)] = (prev_hash, digest)
    return chain


def _lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield line.rstrip("\n")


def _entry(data: dict[str, Any]) -> Entry:
    return Entry(
        seq=int(data["seq"]),
        at=data["at"],
        actor=data["actor"],
        action=data["action"],
        subject=data["subject"],
        item_id=data["item_id"],
        payload=canonical_json(data["payload"]),
        prev_hash=data["prev_hash"],
        hash=data["hash"],
    )


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:300]
