"""Unpacking containers (ZIP archives, emails, mailboxes) into members, safely.

Every member is written to a new file inside ``workdir`` under a generated name, so no name in a
container can choose where bytes land. Sizes declared in a ZIP header are never trusted: bytes are
counted while they are inflated, and a member is abandoned the moment it passes a limit.
"""

from __future__ import annotations

import io
import os
import re
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.generator import BytesGenerator
from email.message import EmailMessage, Message
from email.parser import BytesParser
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol

from docket.errors import CorruptFile, DocketError, TooLarge, UnsupportedFormat
from docket.ingest.formats.mail import attachments, header, read_message, safe_filename

ZIP = "application/zip"
MBOX = "application/mbox"
EMAIL = "message/rfc822"

_CHUNK = 1 << 20
# Small members may be very repetitive (a log, a table of zeros) without being a bomb; the ratio
# is only held against members once they have grown past this.
_RATIO_GRACE_BYTES = 1 << 20
_DRIVE = re.compile(r"^[A-Za-z]:")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
# Without a blank line before it, a From_ line is only believed if it ends like one (a date).
_DATED_FROM = re.compile(rb"From \S+ .*\d\d:\d\d(?::\d\d)?.* \d{4}\s*$")
_MAX_HEADER_BYTES = 1 << 20
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}$")


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class ContainerLimits:
    max_members: int = 10_000
    max_member_bytes: int = 1 << 30
    max_total_bytes: int = 4 << 30
    max_ratio: float = 200.0


@dataclass(frozen=True)
class Member:
    """A member's bytes in a temporary file in the work folder, and its display name.

    ``given`` is its name as the container gives it (a ZIP member's path in the archive, an
    attachment's file name), uncleaned: the item keeps it, cleaned, as its original name.
    """

    name: str
    path: Path
    given: str | None = None

    @property
    def original_name(self) -> str:
        return self.name if self.given is None else self.given


@dataclass(frozen=True)
class MemberRejected:
    """A member that was not extracted, and why, in one line."""

    name: str
    reason: str


_Members = Iterator[Member | MemberRejected]


def is_container(media_type: str) -> bool:
    return media_type in (ZIP, MBOX, EMAIL)


def unpack(
    path: Path, media_type: str, workdir: Path, limits: ContainerLimits = ContainerLimits()
) -> Iterator[Member | MemberRejected]:
    """Yield each member of the container at ``path`` as it is extracted into ``workdir``.

    Raises CorruptFile when the container itself cannot be read, UnsupportedFormat when the media
    type is not a container. The caller owns the member files and removes them.
    """
    readers = {
        ZIP: (_unpack_zip, "ZIP"),
        EMAIL: (_unpack_email, "email"),
        MBOX: (_unpack_mbox, "mailbox"),
    }
    if media_type not in readers:
        raise UnsupportedFormat(f"{media_type} is not a container")
    workdir.mkdir(parents=True, exist_ok=True)
    read, label = readers[media_type]
    return _guarded(read(path, workdir, limits), label)


def _guarded(members: _Members, label: str) -> _Members:
    """A library's failure on a hostile container becomes one line, never a traceback."""
    try:
        yield from members
    except (DocketError, FileNotFoundError, PermissionError):
        raise
    except MemoryError as error:
        raise TooLarge(f"{label} needs more memory to read than this machine has") from error
    except RecursionError as error:
        raise CorruptFile(f"{label} is nested too deeply to read") from error
    except Exception as error:
        raise CorruptFile(f"{label} could not be read ({type(error).__name__})") from error


class _Budget:
    """Members and bytes still allowed for one container."""

    def __init__(self, limits: ContainerLimits) -> None:
        self.limits = limits
        self.members = 0
        self.total = 0

    def full(self) -> bool:
        return self.members >= self.limits.max_members

    def exhausted(self) -> bool:
        return self.total >= self.limits.max_total_bytes

    def rest_rejected(self, remaining: int, kind: str) -> MemberRejected:
        if self.full():
            why = f"the limit is {self.limits.max_members:,} {kind}s"
        else:
            why = f"the container expands past {_size(self.limits.max_total_bytes)} in total"
        count = f"{remaining:,} more {kind}s" if remaining > 0 else f"further {kind}s"
        return MemberRejected(f"the remaining {kind}s", f"{count} not extracted: {why}")


class _LimitExceeded(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _new_member_file(workdir: Path, name: str) -> tuple[BinaryIO, Path]:
    match = _SUFFIX.search(name)
    descriptor, filename = tempfile.mkstemp(
        dir=workdir, prefix="member-", suffix=match.group(0).lower() if match else ""
    )
    return os.fdopen(descriptor, "wb"), Path(filename)


def _write_counted(
    source: _Readable,
    workdir: Path,
    name: str,
    budget: _Budget,
    compressed_size: int | None = None,
) -> Path:
    """Copy ``source`` into a new member file, stopping at the first limit it passes."""
    limits = budget.limits
    target, target_path = _new_member_file(workdir, name)
    written = 0
    try:
        with target:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                budget.total += len(chunk)
                if written > limits.max_member_bytes:
                    raise _LimitExceeded(
                        f"member expands past the limit of {_size(limits.max_member_bytes)}"
                    )
                if budget.total > limits.max_total_bytes:
                    raise _LimitExceeded(
                        f"container expands past {_size(limits.max_total_bytes)} in total"
                    )
                if (
                    compressed_size is not None
                    and written > _RATIO_GRACE_BYTES
                    and written > limits.max_ratio * max(compressed_size, 1)
                ):
                    raise _LimitExceeded(
                        f"member expands more than {limits.max_ratio:g} times its compressed "
                        f"size ({_size(compressed_size)}); a decompression bomb"
                    )
                target.write(chunk)
    except BaseException:
        target_path.unlink(missing_ok=True)
        raise
    return target_path


# ZIP ---------------------------------------------------------------------------------------


def _unpack_zip(path: Path, workdir: Path, limits: ContainerLimits) -> _Members:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise CorruptFile(f"ZIP is damaged: {_reason(error)}") from error
    with archive:
        budget = _Budget(limits)
        # A header may claim any compressed size; the archive's own size is a true bound.
        archive_size = path.stat().st_size
        entries = [info for info in archive.infolist() if not info.is_dir()]
        for position, info in enumerate(entries):
            if budget.full() or budget.exhausted():
                yield budget.rest_rejected(len(entries) - position, "member")
                return
            name = _zip_display_name(info)
            if name.endswith("/"):
                continue  # a folder written with Windows separators
            problem = _zip_entry_problem(info, name, limits)
            if problem:
                yield MemberRejected(name, problem)
                continue
            budget.members += 1
            try:
                with archive.open(info) as source:
                    member_path = _write_counted(
                        source,
                        workdir,
                        name,
                        budget,
                        compressed_size=min(info.compress_size, archive_size),
                    )
            except _LimitExceeded as error:
                yield MemberRejected(name, error.reason)
                continue
            except NotImplementedError:
                yield MemberRejected(name, "member uses a compression method that is not supported")
                continue
            except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as error:
                # zipfile never inflates past the declared size: a member that would is cut there
                # and then fails its CRC check, which lands here.
                yield MemberRejected(name, f"member is damaged: {_reason(error)}")
                continue
            yield Member(name, member_path, given=_zip_given_name(info))


def _zip_given_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & 0x800:
        name = _legacy_zip_name(name)
    return name.replace("\\", "/")


def _zip_display_name(info: zipfile.ZipInfo) -> str:
    name = _zip_given_name(info)
    return "".join(char if char.isprintable() else "_" for char in name)[:500]


def _legacy_zip_name(name: str) -> str:
    """Names without the UTF-8 flag are decoded by zipfile as cp437; Russian Windows used cp866."""
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    high = [byte for byte in raw if byte >= 0x80]
    if high and all(0x80 <= byte <= 0xAF or 0xE0 <= byte <= 0xF1 for byte in high):
        return raw.decode("cp866")
    return name


def _zip_entry_problem(info: zipfile.ZipInfo, name: str, limits: ContainerLimits) -> str | None:
    parts = PurePosixPath(name).parts
    if name.startswith("/") or _DRIVE.match(name) or name.startswith("//"):
        return f"absolute path ({name})"
    if ".." in parts:
        return f"path escapes the archive ({name})"
    if not parts or not name.strip("/ "):
        return "member has no name"
    mode = info.external_attr >> 16
    if stat.S_IFMT(mode):
        if stat.S_ISLNK(mode):
            return "symbolic link, not followed"
        if not stat.S_ISREG(mode):
            return "special file (device, pipe or socket)"
    if info.flag_bits & 0x1:
        return "member is encrypted"
    if info.file_size > limits.max_member_bytes:
        limit = _size(limits.max_member_bytes)
        return f"member declares {_size(info.file_size)}, over the limit of {limit}"
    return None


# EMAIL -------------------------------------------------------------------------------------


def _unpack_email(path: Path, workdir: Path, limits: ContainerLimits) -> _Members:
    message = read_message(path)
    yield from _attachment_members(message, workdir, _Budget(limits))


def _attachment_members(message: EmailMessage, workdir: Path, budget: _Budget) -> _Members:
    for name, part in attachments(message):
        display = f"attachment: {name}"
        if budget.full() or budget.exhausted():
            yield budget.rest_rejected(0, "attachment")
            return
        try:
            content = _part_bytes(part)
        except Exception as error:  # a broken MIME part should not hide the other attachments
            yield MemberRejected(display, f"attachment is damaged ({type(error).__name__})")
            continue
        budget.members += 1
        try:
            member_path = _write_counted(io.BytesIO(content), workdir, name, budget)
        except _LimitExceeded as error:
            yield MemberRejected(display, error.reason)
            continue
        yield Member(display, member_path, given=name)


def _part_bytes(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            return _message_bytes(inner[0])
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _message_bytes(message: Message) -> bytes:
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=message.policy).flatten(message)
    return buffer.getvalue()


# MBOX --------------------------------------------------------------------------------------


def _unpack_mbox(path: Path, workdir: Path, limits: ContainerLimits) -> _Members:
    budget = _Budget(limits)
    with path.open("rb") as mailbox:
        first = mailbox.readline()
        if not first.startswith(b"From "):
            raise CorruptFile("mailbox does not start with a 'From ' line")
        number = 0
        pending = True
        while pending:
            number += 1
            if budget.full() or budget.exhausted():
                yield budget.rest_rejected(0, "message")
                return
            budget.members += 1
            outcome, pending = _next_message(mailbox, workdir, number, budget)
            yield outcome


def _next_message(
    mailbox: BinaryIO, workdir: Path, number: int, budget: _Budget
) -> tuple[Member | MemberRejected, bool]:
    """Copy one message (up to the next From_ line) to its own file; True if another follows."""
    limits = budget.limits
    target, target_path = _new_member_file(workdir, ".eml")
    written = 0
    problem: str | None = None
    first_line: bytes | None = None
    blank_pending = b""
    more = False
    with target:
        for line in iter(lambda: mailbox.readline(_CHUNK), b""):
            if _starts_message(line, after_blank=bool(blank_pending) or first_line is None):
                more = True
                break
            if first_line is None:
                first_line = line
            if problem:
                continue
            # The blank line before a From_ line separates messages; it is not part of either.
            out = blank_pending
            blank_pending = line if line.strip() == b"" else b""
            if not blank_pending:
                out += line
            written += len(out)
            budget.total += len(out)
            if written > limits.max_member_bytes:
                problem = f"message is over the limit of {_size(limits.max_member_bytes)}"
            elif budget.total > limits.max_total_bytes:
                problem = f"mailbox expands past {_size(limits.max_total_bytes)} in total"
            else:
                target.write(out)
    base = f"message {number}"
    if problem is None and (first_line is None or not first_line.strip()):
        problem = "message is empty"
    elif problem is None and not _HEADER_LINE.match(first_line or b""):
        problem = "message has no mail headers"
    if problem is not None:
        target_path.unlink(missing_ok=True)
        return MemberRejected(base, problem), more
    subject = _subject(target_path)
    return Member(f"{base}: {subject}" if subject else base, target_path), more


def _starts_message(line: bytes, *, after_blank: bool) -> bool:
    return line.startswith(b"From ") and (after_blank or bool(_DATED_FROM.match(line)))


def _subject(path: Path) -> str:
    block = bytearray()
    with path.open("rb") as file:
        for line in iter(file.readline, b""):
            if not line.strip() or len(block) > _MAX_HEADER_BYTES:
                break
            block += line
    headers = BytesParser(policy=policy.default).parsebytes(bytes(block), headersonly=True)
    return safe_filename(header(headers, "subject"))[:120]


# -------------------------------------------------------------------------------------------


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()).strip('"')
    return (text[:1].lower() + text[1:])[:160] or type(error).__name__
