from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_formats_samples import RUSSIAN_PARAGRAPH, PdfMaker
from PIL import Image

from docket.ingest.formats import DOCX
from docket.ingest.mediatype import sniff_media_type


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_pdf_is_found_by_content_even_after_leading_junk(
    make_pdf: PdfMaker, tmp_path: Path
) -> None:
    pdf = make_pdf(["text"]).read_bytes()

    assert sniff_media_type(_file(tmp_path, "a.bin", pdf)) == "application/pdf"
    assert sniff_media_type(_file(tmp_path, "b", b"\r\n\x00junk" + pdf)) == "application/pdf"


def test_garbage_named_pdf_is_not_called_pdf(tmp_path: Path) -> None:
    path = _file(tmp_path, "report.pdf", bytes(range(256)) * 16)

    assert sniff_media_type(path) == "application/octet-stream"


def test_docx_is_told_from_a_plain_zip_by_its_document_part(tmp_path: Path) -> None:
    document = tmp_path / "letter.zip"
    docx.Document().save(str(document))
    archive = tmp_path / "letter.docx"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("notes.txt", "hello")

    assert sniff_media_type(document) == DOCX
    assert sniff_media_type(archive) == "application/zip"


def test_damaged_zip_named_docx_is_reported_as_docx(tmp_path: Path) -> None:
    path = _file(tmp_path, "broken.docx", b"PK\x03\x04" + bytes(100))

    assert sniff_media_type(path) == DOCX
    assert sniff_media_type(_file(tmp_path, "broken.zip", b"PK\x03\x04" + bytes(100))) == (
        "application/zip"
    )


@pytest.mark.parametrize(
    ("image_format", "media_type"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("TIFF", "image/tiff"), ("GIF", "image/gif")],
)
def test_images_by_signature(tmp_path: Path, image_format: str, media_type: str) -> None:
    path = tmp_path / "picture.txt"
    Image.new("RGB", (8, 8)).save(path, format=image_format)

    assert sniff_media_type(path) == media_type


def test_other_binary_formats_are_named_by_puremagic(tmp_path: Path) -> None:
    path = tmp_path / "picture"
    Image.new("RGB", (8, 8)).save(path, format="WEBP")

    assert sniff_media_type(path) == "image/webp"


@pytest.mark.parametrize(
    "markup",
    [
        "<!DOCTYPE html><html><body><p>x</p></body></html>",
        "\n  <html lang='ru'><head><title>Т</title></head></html>",
        "<!-- saved page --><HTML><BODY>x</BODY></HTML>",
        '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>',
    ],
)
def test_html_by_markup(tmp_path: Path, markup: str) -> None:
    assert sniff_media_type(_file(tmp_path, "page.txt", markup.encode())) == "text/html"


def test_utf16_html_is_html(tmp_path: Path) -> None:
    path = _file(tmp_path, "page", "<html><body>Привет</body></html>".encode("utf-16"))

    assert sniff_media_type(path) == "text/html"


def test_html_fragment_is_html_only_when_named_so(tmp_path: Path) -> None:
    fragment = b"Saved text\n<p>paragraph</p>"

    assert sniff_media_type(_file(tmp_path, "a.htm", fragment)) == "text/html"
    assert sniff_media_type(_file(tmp_path, "a.txt", fragment)) == "text/plain"


def test_email_by_its_headers(tmp_path: Path) -> None:
    raw = b"Received: from x\r\nFrom: a@example.org\r\nSubject: hi\r\n\r\nbody"

    assert sniff_media_type(_file(tmp_path, "message", raw)) == "message/rfc822"


def test_text_with_a_colon_line_is_not_email(tmp_path: Path) -> None:
    raw = b"Note: meeting moved\nWe meet tomorrow.\n"

    assert sniff_media_type(_file(tmp_path, "note", raw)) == "text/plain"


def test_mbox_by_its_from_line(tmp_path: Path) -> None:
    raw = b"From a@example.org Mon Aug 15 10:00:00 2022\nFrom: a@example.org\n\nhi\n"

    assert sniff_media_type(_file(tmp_path, "inbox", raw)) == "application/mbox"


def test_prose_starting_with_from_is_text(tmp_path: Path) -> None:
    raw = b"From the start the trial was unfair.\nThe judge refused.\n"

    assert sniff_media_type(_file(tmp_path, "notes.txt", raw)) == "text/plain"


def test_legacy_cyrillic_text_is_text(tmp_path: Path) -> None:
    for encoding in ("cp1251", "koi8_r", "utf-16"):
        path = _file(tmp_path, f"{encoding}.dat", RUSSIAN_PARAGRAPH.encode(encoding))
        assert sniff_media_type(path) == "text/plain"


def test_text_named_pdf_is_text(tmp_path: Path) -> None:
    assert sniff_media_type(_file(tmp_path, "x.pdf", b"just words")) == "text/plain"


def test_extension_refines_text(tmp_path: Path) -> None:
    assert sniff_media_type(_file(tmp_path, "README.md", b"# Title\n")) == "text/markdown"
    assert sniff_media_type(_file(tmp_path, "t.csv", b"a,b\n1,2\n")) == "text/csv"
    assert sniff_media_type(_file(tmp_path, "d.xml", b"<?xml version='1.0'?><a/>")) == (
        "application/xml"
    )


def test_empty_file(tmp_path: Path) -> None:
    assert sniff_media_type(_file(tmp_path, "empty.pdf", b"")) == "application/x-empty"


def test_multibyte_character_cut_by_the_sniffing_window_is_still_text(tmp_path: Path) -> None:
    data = ("я" * 9000).encode()  # 18,000 bytes: the 16 KiB window ends mid-character

    assert sniff_media_type(_file(tmp_path, "long.txt", data)) == "text/plain"


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), name=st.sampled_from(["a.pdf", "a.docx", "a.eml", "a"]))
def test_sniffing_never_raises(tmp_path: Path, data: bytes, name: str) -> None:
    path = _file(tmp_path, name, data)

    media_type = sniff_media_type(path)

    assert "/" in media_type
    assert media_type != "application/pdf" or b"%PDF-" in data


def test_email_with_a_raw_binary_body_is_still_email(tmp_path: Path) -> None:
    raw = (
        b"From: a@example.org\r\nSubject: scan\r\nMIME-Version: 1.0\r\n\r\n" + bytes(range(256)) * 8
    )

    assert sniff_media_type(_file(tmp_path, "scan", raw)) == "message/rfc822"
