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

This module delivers each checkpoint and reads the newest back. A witness that fails never
fails the command that signed the checkpoint: one warning line on stderr, and its status is kept
for ``witness list``. The list of witnesses is ``witnesses.py``; the statements' form and the
folder that keeps them, ``witness_statements.py``; the receiving side, ``witness_desk.py``.
"""

from __future__ import annotations

import contextlib
import json
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from docket.errors import DocketError
from docket.evidence.custody import Checkpoint
from docket.evidence.verify import HeadStatement
from docket.evidence.witness_statements import (
    StatementFolder,
    WitnessError,
    parse_statement,
    render,
    signed_at,
)
from docket.evidence.witnesses import Status, Witness, Witnesses

API_PATH: Final = "/api/witness/checkpoints"
# A partner that does not answer within this many seconds is reported and skipped.
TIMEOUT: Final = 5.0
# A partner's answers are short JSON; more than this is not read.
MAX_ANSWER: Final = 64 * 1024

Warn = Callable[[str], None]


def stderr_warning(message: str) -> None:
    """One warning line on stderr: the default way a failing witness is reported."""
    sys.stderr.write(f"warning: {message}\n")
    sys.stderr.flush()


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
