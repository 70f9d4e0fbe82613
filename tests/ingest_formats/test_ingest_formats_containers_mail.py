from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from docket.errors import CorruptFile
from docket.ingest.containers import ContainerLimits, Member, MemberRejected, unpack
from docket.ingest.formats import extract
from docket.ingest.mediatype import sniff_media_type


def _email_with_attachments() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "field@example.org"
    message["To"] = "office@example.org"
    message["Subject"] = "Материалы"
    message.set_content("Смотрите вложения.")
    message.add_alternative("<p>Смотрите <b>вложения</b>.</p>", subtype="html")
    message.add_attachment(
        b"%PDF-1.4 report", maintype="application", subtype="pdf", filename="акт осмотра.pdf"
    )
    message.add_attachment(
        b"\xff\xd8\xffphoto", maintype="image", subtype="jpeg", filename="../../etc/passwd"
    )
    message.add_attachment(b"notes", maintype="text", subtype="plain", filename="notes.txt")
    forwarded = EmailMessage()
    forwarded["From"] = "witness@example.org"
    forwarded["Subject"] = "Показания"
    forwarded.set_content("Я видел задержание.")
    message.add_attachment(forwarded)
    return message


def test_email_attachments_become_members_with_safe_names(tmp_path: Path) -> None:
    path = tmp_path / "message.eml"
    path.write_bytes(bytes(_email_with_attachments()))
    workdir = tmp_path / "work"

    members = list(unpack(path, "message/rfc822", workdir))

    assert [member.name for member in members] == [
        "attachment: акт осмотра.pdf",
        "attachment: passwd",
        "attachment: notes.txt",
        "attachment: Показания.eml",
    ]
    assert all(isinstance(member, Member) for member in members)
    contents = [member.path.read_bytes() for member in members if isinstance(member, Member)]
    assert contents[:3] == [b"%PDF-1.4 report", b"\xff\xd8\xffphoto", b"notes"]
    assert all(member.path.parent == workdir for member in members if isinstance(member, Member))


def test_attached_message_is_a_readable_email(tmp_path: Path) -> None:
    path = tmp_path / "message.eml"
    path.write_bytes(bytes(_email_with_attachments()))

    forwarded = list(unpack(path, "message/rfc822", tmp_path / "work"))[-1]

    assert isinstance(forwarded, Member)
    assert sniff_media_type(forwarded.path) == "message/rfc822"
    result = extract(forwarded.path, "message/rfc822")
    assert result.title == "Показания"
    assert result.text.endswith("Я видел задержание.")


def test_email_attachment_count_is_limited(tmp_path: Path) -> None:
    path = tmp_path / "message.eml"
    path.write_bytes(bytes(_email_with_attachments()))

    members = list(
        unpack(path, "message/rfc822", tmp_path / "work", ContainerLimits(max_members=1))
    )

    assert len(members) == 2
    assert members[1] == MemberRejected(
        "the remaining attachments",
        "further attachments not extracted: the limit is 1 attachments",
    )


MBOX = b"""From aigul@example.org Mon Aug 15 10:00:00 2022
From: aigul@example.org
Subject: =?utf-8?b?0J/QtdGA0LLQvtC1INC/0LjRgdGM0LzQvg==?=

First body.
>From here the escaped line stays.

From broken Mon Aug 15 11:00:00 2022
this line is no header at all
and neither is this

From bob@example.org Mon Aug 15 12:00:00 2022
From: bob@example.org
Subject: Third

Third body.
From a line that is not a separator.
"""


def test_mbox_messages_become_eml_members_and_a_broken_one_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "inbox.mbox"
    path.write_bytes(MBOX)
    workdir = tmp_path / "work"

    members = list(unpack(path, "application/mbox", workdir))

    assert [member.name for member in members] == [
        "message 1: Первое письмо",
        "message 2",
        "message 3: Third",
    ]
    first, broken, third = members
    assert isinstance(first, Member)
    assert isinstance(third, Member)
    assert broken == MemberRejected("message 2", "message has no mail headers")
    assert first.path.suffix == ".eml"
    assert first.path.read_bytes() == (
        b"From: aigul@example.org\n"
        b"Subject: =?utf-8?b?0J/QtdGA0LLQvtC1INC/0LjRgdGM0LzQvg==?=\n"
        b"\n"
        b"First body.\n"
        b">From here the escaped line stays.\n"
    )
    assert third.path.read_bytes().endswith(b"Third body.\nFrom a line that is not a separator.\n")
    assert sorted(workdir.iterdir()) == sorted([first.path, third.path])


def test_mbox_message_is_read_as_an_email(tmp_path: Path) -> None:
    path = tmp_path / "inbox.mbox"
    path.write_bytes(MBOX)

    first = next(iter(unpack(path, "application/mbox", tmp_path / "work")))

    assert isinstance(first, Member)
    assert extract(first.path, sniff_media_type(first.path)).title == "Первое письмо"


def test_mbox_with_crlf_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "inbox.mbox"
    path.write_bytes(MBOX.replace(b"\n", b"\r\n"))

    names = [member.name for member in unpack(path, "application/mbox", tmp_path / "work")]

    assert names == ["message 1: Первое письмо", "message 2", "message 3: Third"]


def test_oversized_message_is_rejected_and_the_next_still_read(tmp_path: Path) -> None:
    path = tmp_path / "inbox.mbox"
    big = b"From a Mon Aug 15 10:00:00 2022\nSubject: big\n\n" + b"x" * 5000 + b"\n\n"
    small = b"From b Mon Aug 15 10:00:00 2022\nSubject: small\n\nok\n"
    path.write_bytes(big + small)
    limits = ContainerLimits(max_member_bytes=1000)

    members = list(unpack(path, "application/mbox", tmp_path / "work", limits))

    assert members[0] == MemberRejected("message 1", "message is over the limit of 1000 bytes")
    assert members[1].name == "message 2: small"


def test_file_that_is_no_mailbox_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "inbox.mbox"
    path.write_bytes(b"Subject: not an mbox\n\nbody\n")

    with pytest.raises(CorruptFile, match=r"^mailbox does not start with a 'From ' line$"):
        list(unpack(path, "application/mbox", tmp_path / "work"))
