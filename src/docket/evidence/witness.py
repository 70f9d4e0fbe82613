"""Witnesses: places outside the archive that keep copies of its signed checkpoints.

Deleting the newest custody entries together with their checkpoints leaves a shorter chain that
is still whole; only a checkpoint kept elsewhere shows that the chain once went further. A
witness receives every new checkpoint as it is signed, and ``docket verify`` reads the newest one
back. Two kinds:

- a **folder** on other media (a USB stick, a mounted share): one file per checkpoint under
  ``<folder>/<archive-id>/<seq>.txt``, written atomically and never overwritten;
- **another Docket archive** reached over its web API with a token of scope ``witness``: it
  checks each statement's signature, refuses one whose key changed for an archive it knows, and
  keeps them in the same layout under ``<its home>/witnessed``.

The list of witnesses is a file in the archive folder, not a database table, so that someone who
rewrites the database cannot silence them. A witness that fails never fails the command that
signed the checkpoint: one warning line on stderr, and its status is kept for ``witness list``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import ipaddress
import json
import os
import re
import secrets
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import urlsplit

from docket.errors import DocketError
from docket.evidence import keys
from docket.evidence.custody import Checkpoint, checkpoint_message, utc_now
from docket.evidence.verify import HeadStatement

CONFIG_FILE: Final = "witnesses.json"
STATUS_FILE: Final = "witness-status.json"
LOCK_FILE: Final = ".witnesses.lock"
# Where an archive keeps the checkpoints other archives send it.
WITNESSED_DIR: Final = "witnessed"
KEY_FILE: Final = "public-key"
API_PATH: Final = "/api/witness/checkpoints"
# A partner that does not answer within this many seconds is reported and skipped.
TIMEOUT: Final = 5.0
# A statement is eight short lines; anything longer is not one.
MAX_STATEMENT: Final = 2048
# A partner's answers are short JSON; more than this is not read.
MAX_ANSWER: Final = 64 * 1024

Kind = Literal["folder", "archive"]
Warn = Callable[[str], None]

_HEX64: Final = re.compile(r"[0-9a-f]{64}")
_STAMP: Final = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z")
_SIGNATURE: Final = re.compile(r"[A-Za-z0-9+/]{86}==")
_HELD_NAME: Final = re.compile(r"(\d{1,18})(?:-([0-9a-f]{16}))?\.txt")


class WitnessError(DocketError):
    """The witness configuration cannot be read or changed as asked."""


class StatementRefused(DocketError):
    """A checkpoint statement sent to a witness is malformed or its signature is not valid."""


class KeyChanged(StatementRefused):
    """A statement names an archive this witness knows, but another key signed it."""


def stderr_warning(message: str) -> None:
    """One warning line on stderr: the default way a failing witness is reported."""
    sys.stderr.write(f"warning: {message}\n")
    sys.stderr.flush()


# -- statements ---------------------------------------------------------------------------------


def parse_statement(text: str) -> HeadStatement:
    """A checkpoint statement, strictly checked: every field has the one form Docket writes.

    Raises ``StatementRefused`` (one line) for anything else; the signature is not checked here.
    """
    if len(text) > MAX_STATEMENT:
        raise StatementRefused(
            f"not a checkpoint statement: longer than {MAX_STATEMENT} characters"
        )
    try:
        statement = HeadStatement.parse(text)
    except DocketError as error:
        raise StatementRefused(str(error)) from None
    try:
        canonical_id = str(uuid.UUID(statement.archive_id))
    except ValueError:
        canonical_id = ""
    if canonical_id != statement.archive_id:
        raise StatementRefused("not a checkpoint statement: the archive id is not a UUID")
    if statement.seq < 1 or not _HEX64.fullmatch(statement.hash):
        raise StatementRefused("not a checkpoint statement: bad entry number or head hash")
    if not _STAMP.fullmatch(statement.at) or not _SIGNATURE.fullmatch(statement.signature):
        raise StatementRefused("not a checkpoint statement: bad signed-at time or signature")
    keys.decode_public_key(statement.public_key)
    return statement


def render(statement: HeadStatement) -> str:
    """The statement in the one form Docket prints (``docket checkpoint``)."""
    checkpoint = Checkpoint(
        statement.archive_id, statement.seq, statement.hash, statement.at, statement.signature
    )
    return checkpoint.statement(statement.public_key)


def signed_by_its_key(statement: HeadStatement) -> bool:
    """Whether the statement's signature is valid for the public key it names."""
    message = checkpoint_message(statement.archive_id, statement.seq, statement.hash, statement.at)
    return keys.signature_valid(
        keys.decode_public_key(statement.public_key), message, statement.signature
    )


def signed_at(statement: HeadStatement) -> datetime:
    return datetime.strptime(statement.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


# -- a folder of kept statements ------------------------------------------------------------------


@dataclass(frozen=True)
class Kept:
    """What keeping one statement did: ``new`` (written), ``held`` (already there) or ``fork``
    (another head for the same entry was already there; both are now kept)."""

    outcome: Literal["new", "held", "fork"]
    path: Path


class StatementFolder:
    """Statements of one or more archives in ``<root>/<archive-id>/<seq>.txt``.

    A statement whose entry number is already held with another head is a fork of that archive's
    history: it is kept beside the first as ``<seq>-<first 16 hex of its head>.txt``. Nothing is
    ever overwritten, so the first statement received for an entry stays the reference.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def keep(self, statement: HeadStatement) -> Kept:
        folder = self.root / statement.archive_id
        folder.mkdir(exist_ok=True)
        text = render(statement)
        first = folder / f"{statement.seq}.txt"
        if _write_new(first, text):
            return Kept("new", first)
        held = _read_statement(first)
        if held is not None and held.hash == statement.hash:
            return Kept("held", first)
        beside = folder / f"{statement.seq}-{statement.hash[:16]}.txt"
        if not _write_new(beside, text) and not _same_head(beside, statement):
            raise WitnessError(f"{beside} exists and holds another statement")
        # A first file that is no statement (cut short by a power cut) is no evidence of a fork.
        return Kept("new" if held is None else "fork", beside)

    def newest(self, archive_id: str) -> list[HeadStatement]:
        """The statements of the highest entry number held for the archive, the first received
        first; files that do not parse as statements of this archive are passed over."""
        folder = self.root / archive_id
        if not folder.is_dir():
            return []
        by_seq: dict[int, list[tuple[str, Path]]] = {}
        for path in folder.iterdir():
            match = _HELD_NAME.fullmatch(path.name)
            if match:
                by_seq.setdefault(int(match[1]), []).append((match[2] or "", path))
        for seq in sorted(by_seq, reverse=True):
            found = []
            for _, path in sorted(by_seq[seq]):
                statement = _read_statement(path)
                if statement and statement.archive_id == archive_id and statement.seq == seq:
                    found.append(statement)
            if found:
                return found
        return []


def _read_statement(path: Path) -> HeadStatement | None:
    try:
        return parse_statement(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, DocketError):
        return None


def _same_head(path: Path, statement: HeadStatement) -> bool:
    held = _read_statement(path)
    return held is not None and (held.seq, held.hash) == (statement.seq, statement.hash)


def _write_new(path: Path, text: str) -> bool:
    """Write ``path`` durably unless it exists; False when it does. Never overwrites.

    The text goes to a temporary file that is fsynced and then hard-linked into place, which
    fails rather than replaces. File systems without hard links (FAT and exFAT sticks) get an
    exclusive create instead: never an overwrite, though a power cut may leave it short.
    """
    data = text.encode("utf-8")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        _write_synced(temporary, data, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
            try:
                _write_synced(path, data, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return False
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    _fsync_dir(path.parent)
    return True


def _write_synced(path: Path, data: bytes, flags: int) -> None:
    descriptor = os.open(path, flags, 0o644)
    try:
        os.write(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_dir(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems (network shares) cannot sync a folder; the file itself is synced
    finally:
        os.close(descriptor)


# -- the receiving side: an archive that witnesses others ----------------------------------------


@dataclass(frozen=True)
class Receipt:
    archive_id: str
    seq: int
    outcome: Literal["new", "held", "fork"]


class WitnessDesk:
    """Checks and keeps the statements other archives send to this one (``<home>/witnessed``).

    Nothing here touches this archive's database or chain of custody: two archives witnessing
    each other would otherwise send each other a new checkpoint for every one received.
    """

    def __init__(self, home: Path) -> None:
        self.root = home / WITNESSED_DIR
        self.folder = StatementFolder(self.root)

    def receive(self, text: str) -> Receipt:
        statement = parse_statement(text)
        if not signed_by_its_key(statement):
            raise StatementRefused("the checkpoint's signature is not valid for its key")
        self.root.mkdir(mode=0o700, exist_ok=True)
        (self.root / statement.archive_id).mkdir(exist_ok=True)
        key_path = self.root / statement.archive_id / KEY_FILE
        # The first statement of an archive fixes its key; a later key is refused, not learnt.
        _write_new(key_path, statement.public_key + "\n")
        known = key_path.read_text(encoding="ascii").strip()
        if known != statement.public_key:
            raise KeyChanged(
                f"archive {statement.archive_id} signed its checkpoints with key "
                f"{keys.fingerprint(known)}, not {keys.fingerprint(statement.public_key)}; "
                "refused"
            )
        kept = self.folder.keep(statement)
        return Receipt(statement.archive_id, statement.seq, kept.outcome)

    def newest(self, archive_id: str) -> list[HeadStatement]:
        try:
            canonical = str(uuid.UUID(archive_id))
        except ValueError:
            return []
        return self.folder.newest(canonical) if canonical == archive_id else []


# -- configuration ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Witness:
    """One configured witness. ``target`` is a folder path or a partner's base URL."""

    id: str
    kind: Kind
    target: str
    token: str | None = field(default=None, repr=False)

    def describe(self) -> str:
        return f"{self.kind} {self.target}"

    def to_config(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "target": self.target}
        if self.token is not None:
            data["token"] = self.token
        return data


@dataclass(frozen=True)
class Status:
    """The last delivery to one witness that worked and the last one that did not."""

    last_success: str | None = None
    last_seq: int | None = None
    last_failure: str | None = None
    error: str | None = None
    last_head: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "last_success": self.last_success,
            "last_seq": self.last_seq,
            "last_head": self.last_head,
            "last_failure": self.last_failure,
            "error": self.error,
        }


class Witnesses:
    """The witnesses of the archive in ``home`` (``witnesses.json``, readable by its owner only)
    and their delivery status (``witness-status.json``)."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.config_path = home / CONFIG_FILE
        self.status_path = home / STATUS_FILE

    def configured(self) -> bool:
        return self.config_path.exists()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer of the configuration and status at a time: several server workers may
        deliver checkpoints at once, and a read-modify-write must not lose another's."""
        descriptor = os.open(self.home / LOCK_FILE, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)

    def all(self) -> list[Witness]:
        try:
            raw = self.config_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as error:
            raise WitnessError(f"cannot read {self.config_path}: {error.strerror}") from None
        try:
            data = json.loads(raw)
            return [
                Witness(
                    id=str(entry["id"]),
                    kind=_kind(entry["kind"]),
                    target=str(entry["target"]),
                    token=None if entry.get("token") is None else str(entry["token"]),
                )
                for entry in data["witnesses"]
            ]
        except (ValueError, KeyError, TypeError):
            raise WitnessError(
                f"{self.config_path} is damaged; fix it or remove it and add the witnesses again"
            ) from None

    def add_folder(self, path: Path) -> Witness:
        folder = path.expanduser().absolute()
        if not folder.is_dir():
            raise WitnessError(f"{folder} is not a folder; mount or create it first")
        if folder == self.home.absolute() or self.home.absolute() in folder.parents:
            raise WitnessError("a witness folder must be outside the archive folder")
        return self._add(Witness(_new_id(), "folder", str(folder)))

    def add_archive(self, url: str, token: str) -> Witness:
        base = check_partner_url(url)
        token = token.strip()
        if not token or any(c.isspace() for c in token):
            raise WitnessError("the token file must hold one API token")
        return self._add(Witness(_new_id(), "archive", base, token))

    def remove(self, number: int) -> Witness:
        with self._locked():
            present = self.all()
            if not 1 <= number <= len(present):
                raise WitnessError(f"no witness {number}; `docket witness list` shows them")
            removed = present.pop(number - 1)
            self._save(present)
        return removed

    def _add(self, witness: Witness) -> Witness:
        with self._locked():
            present = self.all()
            if any((w.kind, w.target) == (witness.kind, witness.target) for w in present):
                raise WitnessError(f"{witness.describe()} is already a witness")
            self._save([*present, witness])
        return witness

    def _save(self, witnesses: list[Witness]) -> None:
        data = {"version": 1, "witnesses": [w.to_config() for w in witnesses]}
        _replace_private(self.config_path, json.dumps(data, indent=2) + "\n")

    def statuses(self) -> dict[str, Status]:
        try:
            data = json.loads(self.status_path.read_text(encoding="utf-8"))
            return {key: Status(**value) for key, value in data.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            # The status is a convenience for `witness list`; losing it loses no evidence.
            return {}

    def record(self, witness: Witness, checkpoint: Checkpoint, error: str | None) -> None:
        with self._locked():
            self._record(witness, checkpoint, error)

    def _record(self, witness: Witness, checkpoint: Checkpoint, error: str | None) -> None:
        statuses = self.statuses()
        before = statuses.get(witness.id, Status())
        now = utc_now()
        if error is None:
            after = Status(now, checkpoint.seq, before.last_failure, before.error, checkpoint.hash)
        else:
            after = Status(before.last_success, before.last_seq, now, error, before.last_head)
        statuses[witness.id] = after
        present = {w.id for w in self.all()}
        data = {key: value.to_json() for key, value in statuses.items() if key in present}
        _replace_private(self.status_path, json.dumps(data, indent=2) + "\n")


def _kind(value: object) -> Kind:
    if value == "folder":
        return "folder"
    if value == "archive":
        return "archive"
    raise ValueError(value)


def _new_id() -> str:
    return secrets.token_hex(4)


def check_partner_url(url: str) -> str:
    """The partner's base URL without a trailing slash; plain HTTP only to this machine, since
    the token travels with every request."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WitnessError(f"not a web address: {url!r}; give https://HOST[:PORT][/PATH]")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise WitnessError("give the partner's address without a user name, query or fragment")
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise WitnessError("the token would travel unencrypted: use an https:// address")
    return url.strip().rstrip("/")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _replace_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically with a file only its owner can read or write."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        _write_synced(temporary, text.encode("utf-8"), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        os.chmod(temporary, 0o600)  # the umask may have narrowed it further, never widened
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    _fsync_dir(path.parent)


# -- delivering and reading back ------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A partner's HTTP answer: status and body."""

    status: int
    body: bytes

    def json(self) -> dict[str, Any]:
        try:
            data = json.loads(self.body)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


Transport = Callable[[str, str, dict[str, str], bytes | None], Answer]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would carry the bearer token to wherever it points.
    def redirect_request(self, *_: Any, **__: Any) -> None:
        return None


def _urllib_transport(method: str, url: str, headers: dict[str, str], body: bytes | None) -> Answer:
    if urlsplit(url).scheme not in ("http", "https"):
        raise WitnessError(f"not a web address: {url}")
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310 - http(s) only, checked above
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            return Answer(response.status, response.read(MAX_ANSWER))
    except urllib.error.HTTPError as error:
        try:
            return Answer(error.code, error.read(MAX_ANSWER))
        finally:
            error.close()


# How archive witnesses are reached; tests put an in-process call to a partner app here.
transport: Transport = _urllib_transport


@dataclass(frozen=True)
class Delivery:
    number: int
    witness: Witness
    error: str | None
    outcome: str = ""


def deliver(
    home: Path,
    checkpoint: Checkpoint,
    public_key: str,
    *,
    force: bool = False,
    warn: Warn = stderr_warning,
) -> list[Delivery]:
    """Send the checkpoint to every witness whose last delivery was not this very checkpoint
    (to all with ``force``). A checkpoint with a lower entry number, or the same number and
    another head, is sent too: the witness keeps it, and a changed head is its evidence of a
    rewrite.

    Never raises: each failure is one ``warn`` line naming the witness and the reason, and is
    kept in the status file.
    """
    registry = Witnesses(home)
    if not registry.configured():
        return []
    try:
        witnesses = registry.all()
    except DocketError as damaged:
        warn(f"no checkpoint sent to witnesses: {damaged}")
        return []
    statuses = registry.statuses()
    statement = HeadStatement(
        checkpoint.archive_id,
        checkpoint.seq,
        checkpoint.hash,
        checkpoint.at,
        public_key,
        checkpoint.signature,
    )
    results = []
    for number, witness in enumerate(witnesses, start=1):
        status = statuses.get(witness.id, Status())
        if not force and (status.last_seq, status.last_head) == (checkpoint.seq, checkpoint.hash):
            continue
        error: str | None = None
        outcome = ""
        try:
            outcome = _send(witness, statement)
        except Exception as failure:  # no witness may fail the writing command
            error = _reason(failure)
        if error is not None:
            warn(
                f"witness {number} ({witness.describe()}) did not take checkpoint "
                f"{checkpoint.seq}: {error}"
            )
        with contextlib.suppress(OSError):
            registry.record(witness, checkpoint, error)
        results.append(Delivery(number, witness, error, outcome))
    return results


def _send(witness: Witness, statement: HeadStatement) -> str:
    if witness.kind == "folder":
        root = Path(witness.target)
        if not root.is_dir():
            raise WitnessError(f"{root} is not there (not mounted?)")
        kept = StatementFolder(root).keep(statement)
        if kept.outcome == "fork":
            raise WitnessError(
                f"it already holds another head for entry {statement.seq}: history was rewritten"
            )
        return kept.outcome
    body = json.dumps({"statement": render(statement)}).encode("utf-8")
    headers = {**_auth(witness), "Content-Type": "application/json"}
    answer = transport("POST", witness.target + API_PATH, headers, body)
    if answer.status in (200, 201):
        return str(answer.json().get("outcome", "new"))
    raise WitnessError(_refusal(answer))


@dataclass(frozen=True)
class Reading:
    """What one witness holds of this archive: the statements at its highest entry number."""

    number: int
    witness: Witness
    statements: list[HeadStatement]
    error: str | None = None


def read_back(home: Path, archive_id: str) -> list[Reading]:
    """The newest statements every witness holds of ``archive_id``; a witness that cannot be
    read gives a reading with ``error`` set."""
    readings = []
    for number, witness in enumerate(Witnesses(home).all(), start=1):
        try:
            statements = _read(witness, archive_id)
        except Exception as failure:  # one unreadable witness spoils no other
            readings.append(Reading(number, witness, [], _reason(failure)))
            continue
        own = [s for s in statements if s.archive_id == archive_id]
        readings.append(Reading(number, witness, own))
    return readings


def _read(witness: Witness, archive_id: str) -> list[HeadStatement]:
    if witness.kind == "folder":
        root = Path(witness.target)
        if not root.is_dir():
            raise WitnessError(f"{root} is not there (not mounted?)")
        return StatementFolder(root).newest(archive_id)
    url = f"{witness.target}{API_PATH}/{archive_id}/latest"
    answer = transport("GET", url, _auth(witness), None)
    if answer.status == 404:
        return []
    if answer.status != 200:
        raise WitnessError(_refusal(answer))
    texts = answer.json().get("statements")
    if not isinstance(texts, list):
        raise WitnessError("the partner's answer holds no statements")
    return [parse_statement(str(text)) for text in texts]


def _auth(witness: Witness) -> dict[str, str]:
    return {"Authorization": f"Bearer {witness.token}"} if witness.token else {}


def _refusal(answer: Answer) -> str:
    detail = answer.json().get("detail")
    reason = detail if isinstance(detail, str) else "no reason given"
    return f"the partner answered {answer.status}: {reason}"[:300]


def _reason(failure: Exception) -> str:
    if isinstance(failure, DocketError):
        return str(failure)
    if isinstance(failure, TimeoutError):
        return f"no answer within {TIMEOUT:g} s"
    if isinstance(failure, urllib.error.URLError):
        reason = failure.reason
        if isinstance(reason, TimeoutError):
            return f"no answer within {TIMEOUT:g} s"
        return f"cannot reach it ({reason.strerror if isinstance(reason, OSError) else reason})"
    if isinstance(failure, OSError):
        return failure.strerror or type(failure).__name__
    return type(failure).__name__


def each_statement(readings: list[Reading]) -> Iterator[tuple[Reading, HeadStatement]]:
    for reading in readings:
        for statement in reading.statements:
            yield reading, statement


def newest_witnessed(readings: list[Reading]) -> list[tuple[Reading, HeadStatement]]:
    """The statements at the highest entry number any witness holds, each once (the first
    witness holding it names it)."""
    found = list(each_statement(readings))
    if not found:
        return []
    top = max(statement.seq for _, statement in found)
    chosen: dict[tuple[str, int, str, str], tuple[Reading, HeadStatement]] = {}
    for reading, statement in found:
        if statement.seq == top:
            key = (statement.archive_id, statement.seq, statement.hash, statement.signature)
            chosen.setdefault(key, (reading, statement))
    return list(chosen.values())


def age_days(statement: HeadStatement, now: datetime | None = None) -> float:
    """How many days ago the statement was signed."""
    elapsed = (now or datetime.now(UTC)) - signed_at(statement)
    return elapsed.total_seconds() / 86400
