"""Damaged and hostile inputs: every reader either reads them or says so in one DocketError line."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_formats_samples import DEJAVU, RUSSIAN_PARAGRAPH
from PIL import Image

from docket.errors import DocketError
from docket.ingest.containers import Member, is_container, unpack
from docket.ingest.formats import FunctionOcr, extract
from docket.ingest.mediatype import sniff_media_type


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(3):
            archive.writestr(f"folder/{number}.txt", RUSSIAN_PARAGRAPH * 3)
    return buffer.getvalue()


def _docx() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(RUSSIAN_PARAGRAPH)
    document.save(buffer)
    return buffer.getvalue()


def _pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", "", str(DEJAVU))
    pdf.set_font("dejavu", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, RUSSIAN_PARAGRAPH)
    return bytes(pdf.output())


def _email() -> bytes:
    message = EmailMessage()
    message["From"] = "a@example.org"
    message["Subject"] = "Тема"
    message.set_content(RUSSIAN_PARAGRAPH)
    message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="a.pdf")
    return bytes(message)


def _image(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((48, 48), 40).convert("RGB").save(buffer, image_format)
    return buffer.getvalue()


SEEDS = {
    "zip": _zip(),
    "docx": _docx(),
    "pdf": _pdf(),
    "eml": _email(),
    "mbox": b"From a Mon Aug 15 10:00:00 2022\nFrom: a@x\nSubject: s\n\nbody\n\n"
    b"From b Mon Aug 15 10:00:00 2022\nSubject: t\n\nx\n",
    "jpg": _image("JPEG"),
    "png": _image("PNG"),
    "tiff": _image("TIFF"),
    "html": f"<html><body><p>{RUSSIAN_PARAGRAPH}</p></body></html>".encode(),
}


@st.composite
def damaged(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, max(0, len(data) - 1)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if action == "flip" and data:
            data[position] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[position : position + draw(st.integers(1, 64))]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=16))
        elif action == "truncate" and len(data) > 1:
            del data[position + 1 :]
    return bytes(data)


def _read_everything(path: Path, workdir: Path) -> list[str]:
    """Every message a user would see for this file: errors and rejected members."""
    messages: list[str] = []
    media_type = sniff_media_type(path)
    try:
        extract(path, media_type, ocr=FunctionOcr(lambda image: "text"))
    except DocketError as error:
        messages.append(str(error))
    if is_container(media_type):
        try:
            for member in unpack(path, media_type, workdir):
                if isinstance(member, Member):
                    assert member.path.parent == workdir
                    member.path.unlink()
                else:
                    messages.append(member.reason)
        except DocketError as error:
            messages.append(str(error))
    return messages


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_damaged_files_never_escape_as_tracebacks(kind: str, tmp_path: Path) -> None:
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=damaged(SEEDS[kind]))
    def check(data: bytes) -> None:
        path = tmp_path / f"damaged.{kind}"
        path.write_bytes(data)
        for message in _read_everything(path, tmp_path / "work"):
            assert message
            assert "\n" not in message
            assert "Traceback" not in message

    check()


def test_email_nested_a_thousand_deep_is_refused_in_one_line(tmp_path: Path) -> None:
    depth = 1200
    opening = "".join(
        f'Content-Type: multipart/mixed; boundary="b{level}"\n\n--b{level}\n'
        for level in range(depth)
    )
    closing = "".join(f"--b{level}--\n" for level in reversed(range(depth)))
    path = tmp_path / "deep.eml"
    path.write_text(f"From: a@example.org\n{opening}Content-Type: text/plain\n\nhi\n{closing}")

    assert _read_everything(path, tmp_path / "work") == [
        "email is nested too deeply to read",
        "email is nested too deeply to read",
    ]
