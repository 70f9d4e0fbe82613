from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ingest_formats_samples import ENGLISH_PARAGRAPH, RUSSIAN_PARAGRAPH, PdfMaker, text_image
from PIL import Image

from docket.errors import CorruptFile, UnsupportedFormat
from docket.ingest.formats import FunctionOcr, OcrUnavailable, extract
from docket.ingest.formats.ocr import NOT_INSTALLED
from docket.ingest.formats.pdf import pdf_date

PDF = "application/pdf"


def test_pages_are_joined_with_form_feeds_and_their_starts_recorded(make_pdf: PdfMaker) -> None:
    path = make_pdf([RUSSIAN_PARAGRAPH, ENGLISH_PARAGRAPH, "Третья страница."])

    result = extract(path, PDF, ocr=None)

    pages = result.text.split("\f")
    assert len(pages) == 3
    assert "задержании журналистов" in " ".join(pages[0].split())
    assert "crime against humanity" in " ".join(pages[1].split())
    assert result.page_starts == (0, len(pages[0]) + 1, len(pages[0]) + len(pages[1]) + 2)
    assert result.text[result.page_starts[2] :].startswith("Третья")
    assert "\r" not in result.text
    assert result.tool == "pypdfium2"
    assert result.tool_version[0].isdigit()
    assert result.notes == ()


def test_document_information_becomes_title_and_metadata(make_pdf: PdfMaker) -> None:
    path = make_pdf(["Текст."], title="Доклад о задержаниях", author="Правозащитный центр")

    result = extract(path, PDF, ocr=None)

    assert result.title == "Доклад о задержаниях"
    assert result.metadata["author"] == "Правозащитный центр"
    assert result.metadata["created"] == "2022-08-15T09:30:00+00:00"


def test_blank_page_is_noted_and_not_sent_to_ocr(make_pdf: PdfMaker) -> None:
    calls: list[Image.Image] = []

    def recognise(image: Image.Image) -> str:
        calls.append(image)
        return "never"

    path = make_pdf(["First page.", "", "Third page."])

    result = extract(path, PDF, ocr=FunctionOcr(recognise))

    assert calls == []
    assert result.text.split("\f")[1] == ""
    assert result.notes == ("page 2 has no text layer", "page 2 is blank")


def _scanned_pdf(tmp_path: Path, pages: int) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(text_image(["SCANNED PAGE"]), x=10, y=10, w=150)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    return path


def test_scanned_pages_are_read_by_ocr(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []

    def recognise(image: Image.Image) -> str:
        seen.append(image.size)
        return "recognised words"

    result = extract(_scanned_pdf(tmp_path, 3), PDF, ocr=FunctionOcr(recognise, tool="fake"))

    assert result.text == "recognised words\frecognised words\frecognised words"
    assert len(seen) == 3
    # Rendered at 300 dpi: an A4 page is about 2480 pixels wide.
    assert 2400 < seen[0][0] < 2560
    assert result.notes == ("pages 1-3 have no text layer", "text of pages 1-3 is from OCR")
    assert result.tool == "pypdfium2+fake"


def test_unavailable_ocr_is_one_clear_note(tmp_path: Path) -> None:
    def not_installed(image: Image.Image) -> str:
        raise OcrUnavailable(NOT_INSTALLED)

    result = extract(_scanned_pdf(tmp_path, 2), PDF, ocr=FunctionOcr(not_installed))

    assert result.text == "\f"
    assert result.notes == (
        "pages 1-2 have no text layer",
        "OCR unavailable: tesseract is not installed "
        "(apt install tesseract-ocr tesseract-ocr-rus tesseract-ocr-kir)",
    )


def test_without_ocr_the_missing_text_is_explained(tmp_path: Path) -> None:
    result = extract(_scanned_pdf(tmp_path, 1), PDF, ocr=None)

    assert result.notes == ("page 1 has no text layer", "OCR not requested")


def test_truncated_pdf_is_corrupt(make_pdf: PdfMaker, tmp_path: Path) -> None:
    whole = make_pdf([RUSSIAN_PARAGRAPH] * 3).read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(whole[: len(whole) // 2])

    with pytest.raises(CorruptFile) as caught:
        extract(truncated, PDF, ocr=None)

    assert str(caught.value) == "PDF is damaged: data format error"


def test_pdf_missing_only_its_end_marker_is_read_with_a_note(
    make_pdf: PdfMaker, tmp_path: Path
) -> None:
    whole = make_pdf([ENGLISH_PARAGRAPH]).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: whole.rindex(b"%%EOF")])

    result = extract(cut, PDF, ocr=None)

    assert "1,700 civilians" in result.text
    assert result.notes == ("PDF has no end-of-file marker; it may be truncated",)


def test_garbage_claiming_to_be_pdf_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(bytes(range(256)) * 40)

    with pytest.raises(CorruptFile) as caught:
        extract(path, PDF, ocr=None)

    assert str(caught.value).startswith("PDF is damaged: ")
    assert "\n" not in str(caught.value)


def test_password_protected_pdf_is_unsupported(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="secret")
    pdf.set_encryption(owner_password="owner", user_password="user")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))

    with pytest.raises(UnsupportedFormat, match=r"^PDF is password-protected$"):
        extract(path, PDF, ocr=None)


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("D:20220815093000+06'00'", "2022-08-15T09:30:00+06:00"),
        ("D:20220815093000Z", "2022-08-15T09:30:00+00:00"),
        ("D:20220815", "2022-08-15T00:00:00"),
        ("D:202208", "2022-08"),
        ("D:2022", "2022"),
        ("20220815093000-05'30", "2022-08-15T09:30:00-05:30"),
        ("D:20221315", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_pdf_dates_become_iso(raw: str, iso: str | None) -> None:
    assert pdf_date(raw) == iso


@given(st.text(max_size=40))
def test_pdf_date_never_raises(raw: str) -> None:
    result = pdf_date(raw)
    assert result is None or result[:4].isdigit()
