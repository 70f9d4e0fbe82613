from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import pytest

from docket.errors import CorruptFile, UnsupportedFormat
from docket.ingest.containers import (
    ContainerLimits,
    Member,
    MemberRejected,
    is_container,
    unpack,
)

ZIP = "application/zip"


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _unpack(path: Path, workdir: Path, **limits: float) -> list[Member | MemberRejected]:
    return list(unpack(path, ZIP, workdir, ContainerLimits(**limits)))  # type: ignore[arg-type]


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_members_are_extracted_with_their_relative_names(tmp_path: Path) -> None:
    archive = _zip(
        tmp_path / "case.zip",
        {"docs/": b"", "docs/report.txt": "Отчёт".encode(), "photo.jpg": b"\xff\xd8\xff"},
    )
    workdir = tmp_path / "work"

    members = _unpack(archive, workdir)

    assert [member.name for member in members] == ["docs/report.txt", "photo.jpg"]
    assert all(isinstance(member, Member) for member in members)
    first, second = members
    assert isinstance(first, Member)
    assert isinstance(second, Member)
    assert first.path.read_bytes() == "Отчёт".encode()
    assert first.path.parent == workdir
    assert first.path.suffix == ".txt"
    assert second.path.suffix == ".jpg"


def test_names_that_escape_the_folder_are_rejected_and_nothing_is_written_outside(
    tmp_path: Path,
) -> None:
    archive = _zip(
        tmp_path / "evil.zip",
        {
            "../../etc/passwd": b"root",
            "/etc/shadow": b"x",
            "C:/Windows/evil.exe": b"x",
            "a/../../b.txt": b"x",
            "..\\..\\win.txt": b"x",
            "fine.txt": b"ok",
        },
    )
    workdir = tmp_path / "deep" / "work"

    members = _unpack(archive, workdir)

    reasons = {
        member.name: member.reason for member in members if isinstance(member, MemberRejected)
    }
    assert reasons == {
        "../../etc/passwd": "path escapes the archive (../../etc/passwd)",
        "/etc/shadow": "absolute path (/etc/shadow)",
        "C:/Windows/evil.exe": "absolute path (C:/Windows/evil.exe)",
        "a/../../b.txt": "path escapes the archive (a/../../b.txt)",
        "../../win.txt": "path escapes the archive (../../win.txt)",
    }
    assert [member.name for member in members if isinstance(member, Member)] == ["fine.txt"]
    assert [path.parent for path in _files(tmp_path / "deep")] == [workdir]
    assert not (tmp_path / "etc").exists()


def test_symlink_entries_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "links.zip"
    with zipfile.ZipFile(path, "w") as archive:
        link = zipfile.ZipInfo("passwd-link")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
        regular = zipfile.ZipInfo("regular.txt")
        regular.create_system = 3
        regular.external_attr = 0o100644 << 16
        archive.writestr(regular, "text")

    members = _unpack(path, tmp_path / "work")

    assert members[0] == MemberRejected("passwd-link", "symbolic link, not followed")
    assert isinstance(members[1], Member)


def _patch_zip_fields(data: bytes, *, flag: int | None = None, size: int | None = None) -> bytes:
    """Rewrite the general-purpose flag or the uncompressed size in every header of a ZIP."""
    patched = bytearray(data)
    for signature, flag_at, size_at in ((b"PK\x03\x04", 6, 22), (b"PK\x01\x02", 8, 24)):
        start = patched.find(signature)
        while start != -1:
            if flag is not None:
                patched[start + flag_at : start + flag_at + 2] = struct.pack("<H", flag)
            if size is not None:
                patched[start + size_at : start + size_at + 4] = struct.pack("<I", size)
            start = patched.find(signature, start + 4)
    return bytes(patched)


def test_encrypted_members_are_rejected(tmp_path: Path) -> None:
    plain = _zip(tmp_path / "plain.zip", {"secret.txt": b"secret"}, zipfile.ZIP_STORED)
    encrypted = tmp_path / "encrypted.zip"
    encrypted.write_bytes(_patch_zip_fields(plain.read_bytes(), flag=0x1))

    assert _unpack(encrypted, tmp_path / "work") == [
        MemberRejected("secret.txt", "member is encrypted")
    ]


def test_zip_bomb_member_is_stopped_while_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", bytes(100 << 20))
        archive.writestr("after.txt", b"still read")
    workdir = tmp_path / "work"

    members = _unpack(path, workdir)

    assert isinstance(members[0], MemberRejected)
    assert members[0].reason.startswith("member expands more than 200 times its compressed size")
    assert members[0].reason.endswith("a decompression bomb")
    assert isinstance(members[1], Member)
    assert _files(workdir) == [members[1].path]


def test_member_expanding_past_its_declared_size_is_cut_and_rejected(tmp_path: Path) -> None:
    honest = _zip(tmp_path / "honest.zip", {"big.txt": b"A" * (4 << 20)})
    lying = tmp_path / "lying.zip"
    lying.write_bytes(_patch_zip_fields(honest.read_bytes(), size=1000))
    workdir = tmp_path / "work"

    members = _unpack(lying, workdir)

    assert len(members) == 1
    assert isinstance(members[0], MemberRejected)
    assert members[0].reason.startswith("member is damaged: bad CRC-32")
    assert _files(workdir) == []


def test_member_declaring_more_than_the_limit_is_not_inflated(tmp_path: Path) -> None:
    honest = _zip(tmp_path / "honest.zip", {"random.bin": os.urandom(3 << 20)})

    members = _unpack(honest, tmp_path / "work", max_member_bytes=2 << 20)

    assert members == [
        MemberRejected("random.bin", "member declares 3.0 MiB, over the limit of 2.0 MiB")
    ]


def test_total_limit_stops_the_archive_and_says_how_much_was_left(tmp_path: Path) -> None:
    archive = _zip(
        tmp_path / "many.zip",
        {f"part{number}.bin": os.urandom(1 << 20) for number in range(5)},
        zipfile.ZIP_STORED,
    )
    workdir = tmp_path / "work"

    members = _unpack(archive, workdir, max_total_bytes=(2 << 20) + 100)

    assert [type(member).__name__ for member in members] == [
        "Member",
        "Member",
        "MemberRejected",
        "MemberRejected",
    ]
    assert members[2] == MemberRejected("part2.bin", "container expands past 2.0 MiB in total")
    assert members[3] == MemberRejected(
        "the remaining members",
        "2 more members not extracted: the container expands past 2.0 MiB in total",
    )
    assert len(_files(workdir)) == 2


def test_member_count_limit(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "many.zip", {f"{number}.txt": b"x" for number in range(5)})

    members = _unpack(archive, tmp_path / "work", max_members=2)

    assert [member.name for member in members] == ["0.txt", "1.txt", "the remaining members"]
    assert members[2] == MemberRejected(
        "the remaining members", "3 more members not extracted: the limit is 2 members"
    )


def test_nested_zip_is_a_member_for_the_caller_to_open(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("deep.txt", b"deep")
    outer = _zip(tmp_path / "outer.zip", {"inner.zip": inner.getvalue()})

    (member,) = _unpack(outer, tmp_path / "work")

    assert isinstance(member, Member)
    assert member.name == "inner.zip"
    assert zipfile.ZipFile(member.path).read("deep.txt") == b"deep"


def test_russian_windows_names_in_cp866_are_read(tmp_path: Path) -> None:
    path = _zip(tmp_path / "old.zip", {"placeholder.txt": b"x"}, zipfile.ZIP_STORED)
    data = path.read_bytes()
    # Same length as "placeholder" (11 bytes), in the encoding of Russian DOS/Windows archivers.
    legacy = "протокол_01".encode("cp866")
    path.write_bytes(data.replace(b"placeholder", legacy))

    (member,) = _unpack(path, tmp_path / "work")

    assert member.name == "протокол_01.txt"


def test_damaged_zip_is_corrupt(tmp_path: Path) -> None:
    whole = _zip(tmp_path / "whole.zip", {"a.txt": os.urandom(5000)}).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])

    with pytest.raises(CorruptFile, match=r"^ZIP is damaged: "):
        list(unpack(cut, ZIP, tmp_path / "work"))


def test_only_containers_are_unpacked(tmp_path: Path) -> None:
    assert is_container("application/zip")
    assert is_container("application/mbox")
    assert is_container("message/rfc822")
    assert not is_container("application/pdf")
    with pytest.raises(UnsupportedFormat):
        unpack(tmp_path / "x.pdf", "application/pdf", tmp_path / "work")


def test_folders_written_with_backslashes_are_skipped(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "win.zip", {"docs\\": b"", "docs\\a.txt": b"a"})

    assert [member.name for member in _unpack(archive, tmp_path / "work")] == ["docs/a.txt"]
