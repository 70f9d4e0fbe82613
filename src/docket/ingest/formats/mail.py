"""Email messages (RFC 822 / EML): headers and body text; attachments are container members."""

from __future__ import annotations

import platform
import re
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from docket.errors import TooLarge
from docket.ingest.formats.decoding import decode_bytes
from docket.ingest.formats.extraction import Extraction, build_extraction
from docket.ingest.formats.html import html_to_text

# The whole message is parsed in memory; mail servers refuse far smaller messages than this.
MAX_MESSAGE_BYTES = 512 << 20

_SHOWN_HEADERS = ("from", "to", "cc", "date", "subject")
_KEPT_HEADERS = ("from", "to", "cc", "subject", "message-id", "in-reply-to")
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def read_message(path: Path) -> EmailMessage:
    if path.stat().st_size > MAX_MESSAGE_BYTES:
        raise TooLarge(f"message is over the limit of {MAX_MESSAGE_BYTES:,} bytes")
    with path.open("rb") as file:
        message = BytesParser(policy=policy.default).parse(file)
    assert isinstance(message, EmailMessage)  # guaranteed by policy.default
    return message


def extract_email(path: Path) -> Extraction:
    message = read_message(path)
    metadata = {name: value for name in _KEPT_HEADERS if (value := header(message, name))}
    sent = header_date(message)
    if sent:
        metadata["date"] = sent
        metadata["published"] = sent
    if "from" in metadata:
        metadata["author"] = metadata["from"]
    lines = [
        f"{name.capitalize()}: {value}"
        for name in _SHOWN_HEADERS
        if (value := header(message, name))
    ]
    body = body_text(message)
    names = [name for name, _ in attachments(message)]
    text = "\n".join(lines) + "\n\n" + body.strip("\n")
    if names:
        text += "\n\nAttachments: " + ", ".join(names)
    notes = [f"message has {len(message.defects)} format defects"] if message.defects else []
    return build_extraction(
        [text],
        title=header(message, "subject") or None,
        metadata=metadata,
        tool="python-email",
        tool_version=platform.python_version(),
        notes=notes,
    )


def header(message: Message, name: str) -> str:
    """A decoded header on one line; a header the parser chokes on is shown as received."""
    try:
        value = message.get(name)
    except Exception:  # malformed headers trip bugs deep in the email package's parser
        value = next((raw for key, raw in message.raw_items() if key.lower() == name), None)
    return " ".join(str(value).split()) if value is not None else ""


def header_date(message: Message) -> str | None:
    raw = header(message, "date")
    if not raw:
        return None
    try:
        return parsedate_to_datetime(raw).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def body_text(message: EmailMessage) -> str:
    """The plain-text body, or the HTML body's text when there is no plain one."""
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except Exception:  # a broken MIME tree still has headers worth keeping
        return ""
    if body is None:
        return ""
    text = part_text(body)
    return html_to_text(text) if body.get_content_subtype() == "html" else text


def part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    decoded = decode_bytes(payload, declared=part.get_content_charset())
    return decoded.text if decoded else payload.decode("utf-8", "replace")


def attachments(message: EmailMessage) -> Iterator[tuple[str, Message]]:
    """Attached files and messages, and inline non-text parts, each with a safe file name.

    Attached messages are not descended into: each is one attachment, a message of its own.
    """
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        body = None
    used: set[str] = set()
    for number, part in enumerate(_leaves(message), start=1):
        if part is body:
            continue
        filename = _filename(part)
        content_type = part.get_content_type()
        is_message = content_type == "message/rfc822"
        inline_text = part.get_content_maintype() == "text" and not filename
        if inline_text and part.get_content_disposition() != "attachment":
            continue
        if is_message:
            name = filename or _message_name(part, number)
        else:
            name = filename or f"part {number}{_extension(content_type)}"
        yield _unique(name, used), part


def _message_name(part: Message, number: int) -> str:
    """An attached message is named after its subject, which is how a mail client shows it."""
    inner = part.get_payload()
    subject = ""
    if isinstance(inner, list) and inner and isinstance(inner[0], Message):
        subject = safe_filename(header(inner[0], "subject"))[:120]
    return f"{subject or f'message {number}'}.eml"


def _leaves(part: Message) -> Iterator[Message]:
    if part.get_content_type() == "message/rfc822" or not part.is_multipart():
        yield part
        return
    payload = part.get_payload()
    if isinstance(payload, list):
        for child in payload:
            if isinstance(child, Message):
                yield from _leaves(child)


def _filename(part: Message) -> str:
    try:
        raw = part.get_filename()
    except Exception:
        return ""
    if not raw:
        return ""
    return safe_filename(str(raw))


def safe_filename(raw: str) -> str:
    """A display file name with no directories, control characters or leading dots."""
    last = re.split(r"[/\\]", raw)[-1]
    cleaned = " ".join(_UNSAFE_NAME.sub("_", last).split()).lstrip(".")
    return cleaned[:200]


def _unique(name: str, used: set[str]) -> str:
    candidate, counter = name, 2
    while candidate in used:
        stem, dot, suffix = name.rpartition(".")
        candidate = f"{stem} ({counter}).{suffix}" if dot and stem else f"{name} ({counter})"
        counter += 1
    used.add(candidate)
    return candidate


def _extension(content_type: str) -> str:
    import mimetypes

    return mimetypes.guess_extension(content_type) or ".bin"
