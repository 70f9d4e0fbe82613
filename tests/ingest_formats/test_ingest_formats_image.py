from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytesseract
import pytest
from ingest_formats_samples import text_image
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from docket.errors import CorruptFile, TooLarge
from docket.ingest.formats import FunctionOcr, OcrUnavailable, TesseractOcr, extract
from docket.ingest.formats.image import gps_metadata
from docket.ingest.formats.ocr import NOT_INSTALLED

NOT_INSTALLED_NOTE = (
    "OCR unavailable: tesseract is not installed "
    "(apt install tesseract-ocr tesseract-ocr-rus tesseract-ocr-kir)"
)


def _never(image: Image.Image) -> str:
    raise AssertionError("OCR should not run")


def _photo(tmp_path: Path) -> Path:
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS 80D"
    exif[0xA431] = "SERIAL-123"
    details = exif.get_ifd(0x8769)
    details[0x9003] = "2022:08:15 10:30:00"
    details[0x9011] = "+06:00"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (IFDRational(42), IFDRational(52), IFDRational(30))
    gps[3] = "W"
    gps[4] = (IFDRational(74), IFDRational(36), IFDRational(0))
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (64, 48), "white").save(path, exif=exif)
    return path


def test_exif_gives_camera_time_and_place_as_decimal_degrees(tmp_path: Path) -> None:
    result = extract(_photo(tmp_path), "image/jpeg", ocr=FunctionOcr(lambda image: ""))

    assert dict(result.metadata) == {
        "width": "64",
        "height": "48",
        "exif:make": "Canon",
        "exif:model": "Canon EOS 80D",
        "exif:datetime_original": "2022-08-15T10:30:00+06:00",
        "exif:gps_latitude": "42.875000",
        "exif:gps_longitude": "-74.600000",
    }
    assert result.notes == ("OCR found no text",)


def test_implausible_gps_is_dropped() -> None:
    assert gps_metadata({1: "N", 2: (100.0, 0.0, 0.0), 3: "E", 4: (1.0, 0.0, 0.0)}) == {}
    assert gps_metadata({2: (IFDRational(1, 0), 0.0, 0.0), 4: (1.0, 0.0, 0.0)}) == {}
    assert gps_metadata({2: "junk", 4: (1.0, 0.0, 0.0)}) == {}


def test_fake_ocr_text_becomes_the_working_copy(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    Image.new("RGBA", (40, 30), (0, 0, 0, 0)).save(path)
    modes: list[str] = []

    def recognise(image: Image.Image) -> str:
        modes.append(image.mode)
        return "Задержан 15 августа\r\n"

    result = extract(path, "image/png", ocr=FunctionOcr(recognise, tool="fake"))

    assert result.text == "Задержан 15 августа\n"
    assert modes == ["RGB"]
    assert result.tool == "fake"
    assert result.notes == ()


def test_exif_orientation_is_applied_before_ocr(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90 degrees: the camera was held upright
    path = tmp_path / "upright.jpg"
    Image.new("RGB", (80, 20), "white").save(path, exif=exif)
    sizes: list[tuple[int, int]] = []

    extract(path, "image/jpeg", ocr=FunctionOcr(lambda image: sizes.append(image.size) or ""))

    assert sizes == [(20, 80)]


def test_every_frame_of_a_multipage_tiff_is_a_page(tmp_path: Path) -> None:
    path = tmp_path / "fax.tiff"
    frames = [Image.new("L", (30, 30), shade) for shade in (255, 128, 0)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    counter = iter(range(1, 10))

    result = extract(path, "image/tiff", ocr=FunctionOcr(lambda image: f"page {next(counter)}"))

    assert result.text == "page 1\fpage 2\fpage 3"
    assert result.page_starts == (0, 7, 14)
    assert result.metadata["frames"] == "3"


def test_engine_reporting_not_installed_gives_the_install_note(tmp_path: Path) -> None:
    def not_installed(image: Image.Image) -> str:
        raise OcrUnavailable(NOT_INSTALLED)

    result = extract(_photo(tmp_path), "image/jpeg", ocr=FunctionOcr(not_installed))

    assert result.text == ""
    assert result.notes == (NOT_INSTALLED_NOTE,)
    assert result.tool == "Pillow"
    assert result.metadata["exif:make"] == "Canon"


def test_missing_tesseract_binary_gives_the_install_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))

    result = extract(_photo(tmp_path), "image/jpeg", ocr=TesseractOcr())

    assert result.text == ""
    assert result.notes == (NOT_INSTALLED_NOTE,)


def test_tesseract_reads_russian_and_english(tmp_path: Path) -> None:
    path = tmp_path / "leaflet.png"
    text_image(["Свободу задержанным", "Release the detainees"]).save(path)
    engine = TesseractOcr()

    result = extract(path, "image/png", ocr=engine)

    assert "Свободу задержанным" in result.text
    assert "Release the detainees" in result.text
    assert result.tool == "tesseract"
    assert result.tool_version[0].isdigit()


def test_without_ocr_an_image_has_no_text_and_says_why(tmp_path: Path) -> None:
    result = extract(_photo(tmp_path), "image/jpeg", ocr=None)

    assert result.text == ""
    assert result.notes == ("OCR not requested",)


def test_truncated_jpeg_is_corrupt(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jpg"
    Image.effect_noise((300, 300), 64).save(whole, quality=95)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[:3000])

    with pytest.raises(CorruptFile, match=r"^JPEG is damaged: image file is truncated"):
        extract(cut, "image/jpeg", ocr=FunctionOcr(_never))


def test_bytes_that_are_no_image_are_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "fake.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))

    with pytest.raises(CorruptFile, match=r"^image is damaged: "):
        extract(path, "image/png", ocr=FunctionOcr(_never))


def _png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG that claims huge dimensions in a few bytes: what a decompression bomb looks like."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    body = zlib.compress(bytes(64))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )
    return path


@pytest.mark.parametrize(("width", "height"), [(10_000, 10_000), (40_000, 40_000)])
def test_decompression_bombs_are_refused_as_too_large(
    tmp_path: Path, width: int, height: int
) -> None:
    path = _png_header_only(tmp_path / "bomb.png", width, height)

    with pytest.raises(TooLarge, match=r"^image is over the limit of [0-9,]+ pixels$"):
        extract(path, "image/png", ocr=FunctionOcr(_never))


def test_sixteen_bit_scan_is_scaled_to_eight_bits_for_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan16.png"
    Image.linear_gradient("L").resize((32, 32)).convert("I").point(lambda v: v * 4).convert(
        "I;16"
    ).save(path)
    seen: list[tuple[str, tuple[int, int]]] = []

    def recognise(image: Image.Image) -> str:
        low, high = image.getextrema()
        seen.append((image.mode, (int(low), int(high))))
        return ""

    extract(path, "image/png", ocr=FunctionOcr(recognise))

    ((mode, (low, high)),) = seen
    assert mode == "L"
    assert high == 255  # the brightest value, not everything above 255, is white
    assert low < 10


def test_a_truncated_jpeg_stays_corrupt_after_a_report_pdf_was_made(tmp_path: Path) -> None:
    """WeasyPrint's import tells Pillow to load cut images silently, process-wide: a server that
    made a report PDF must still refuse a truncated photograph as damaged."""
    from docket.reports.render import pdf_from_html

    assert pdf_from_html("<p>report</p>").startswith(b"%PDF")
    test_truncated_jpeg_is_corrupt(tmp_path)
