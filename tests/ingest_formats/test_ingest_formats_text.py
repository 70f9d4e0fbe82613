from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_formats_samples import ENGLISH_PARAGRAPH, KYRGYZ_PARAGRAPH, RUSSIAN_PARAGRAPH

from docket.errors import CorruptFile, UnsupportedFormat
from docket.ingest.formats import MAX_TEXT_CHARS, extract
from docket.ingest.formats.decoding import decode_bytes
from docket.ingest.formats.extraction import build_extraction

TEXT = "text/plain"


def _file(tmp_path: Path, data: bytes, name: str = "note.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5"])
def test_legacy_cyrillic_encodings_decode_correctly(tmp_path: Path, encoding: str) -> None:
    path = _file(tmp_path, RUSSIAN_PARAGRAPH.encode(encoding))

    result = extract(path, TEXT)

    assert result.text == RUSSIAN_PARAGRAPH
    assert result.metadata["encoding"] == encoding
    assert result.tool == "charset-normalizer"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_short_russian_lines_in_legacy_encodings_decode_correctly(
    tmp_path: Path, encoding: str
) -> None:
    line = "Жалоба адвоката отклонена судом 5 мая."

    assert extract(_file(tmp_path, line.encode(encoding)), TEXT).text == line


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_unicode_encodings_keep_kyrgyz_letters(tmp_path: Path, encoding: str) -> None:
    path = _file(tmp_path, KYRGYZ_PARAGRAPH.encode(encoding))

    assert extract(path, TEXT).text == KYRGYZ_PARAGRAPH


def test_newlines_are_normalised_and_nuls_dropped(tmp_path: Path) -> None:
    path = _file(tmp_path, b"one\r\ntwo\rthree\x00\nfour")

    assert extract(path, TEXT).text == "one\ntwo\nthree\nfour"


def test_form_feeds_split_pages(tmp_path: Path) -> None:
    result = extract(_file(tmp_path, b"page one\fpage two"), TEXT)

    assert result.text == "page one\fpage two"
    assert result.page_starts == (0, 9)


def test_single_part_text_starts_at_zero(tmp_path: Path) -> None:
    result = extract(_file(tmp_path, ENGLISH_PARAGRAPH.encode()), TEXT)

    assert result.page_starts == (0,)
    assert result.title is None
    assert result.notes == ()


def test_markdown_title_is_its_first_heading(tmp_path: Path) -> None:
    path = _file(tmp_path, "# Доклад о задержаниях\n\nТекст доклада.\n".encode(), "r.md")

    result = extract(path, "text/markdown")

    assert result.title == "Доклад о задержаниях"
    assert result.text.startswith("# Доклад")


def test_binary_bytes_are_not_text(tmp_path: Path) -> None:
    path = _file(tmp_path, bytes(range(256)) * 64)

    with pytest.raises(UnsupportedFormat, match=r"^file is not text in any known encoding$"):
        extract(path, TEXT)


def test_empty_file_is_refused_whatever_its_type(tmp_path: Path) -> None:
    path = _file(tmp_path, b"")

    for media_type in (TEXT, "application/pdf", "image/png", "application/octet-stream"):
        with pytest.raises(CorruptFile, match=r"^file is empty$"):
            extract(path, media_type)


def test_unknown_media_type_is_unsupported(tmp_path: Path) -> None:
    path = _file(tmp_path, b"\x00\x01\x02")

    with pytest.raises(UnsupportedFormat, match=r"no reader for application/octet-stream"):
        extract(path, "application/octet-stream")


def test_containers_explain_that_members_are_read_instead(tmp_path: Path) -> None:
    path = _file(tmp_path, b"PK\x05\x06" + bytes(18))

    with pytest.raises(UnsupportedFormat, match=r"members are read one by one"):
        extract(path, "application/zip")


def test_text_past_the_cap_is_truncated_with_a_note() -> None:
    result = build_extraction(
        ["a" * (MAX_TEXT_CHARS - 5), "b" * 100], title=None, metadata={}, tool="t", tool_version="1"
    )

    assert len(result.text) == MAX_TEXT_CHARS
    assert result.page_starts == (0, MAX_TEXT_CHARS - 4)
    assert result.notes == (f"text truncated at {MAX_TEXT_CHARS:,} characters",)


def test_page_break_inside_a_page_cannot_fake_a_page() -> None:
    result = build_extraction(["a\fb", "c"], title=None, metadata={}, tool="t", tool_version="1")

    assert result.text == "a\nb\fc"
    assert result.page_starts == (0, 4)


def test_decomposed_letters_are_composed_so_search_and_spans_agree() -> None:
    decomposed = "Атамбаеви\u0306"  # и + combining breve, as some PDFs store й

    result = build_extraction([decomposed], title=None, metadata={}, tool="t", tool_version="1")

    assert result.text == "Атамбаевй"


@settings(max_examples=200)
@given(st.binary(max_size=2048))
def test_decoding_never_raises_on_any_bytes(data: bytes) -> None:
    decoded = decode_bytes(data)
    assert decoded is None or isinstance(decoded.text, str)


@given(st.text(max_size=300))
def test_any_unicode_text_survives_utf8(text: str) -> None:
    decoded = decode_bytes(text.encode("utf-8"))
    controls = sum((ch < " " or ch == "\x7f") and ch not in "\t\n\r\f\v\x1b" for ch in text)
    assert decoded is not None or controls > 0
    if decoded is not None:
        # A leading U+FEFF is read as the byte-order mark it encodes, not as text.
        assert decoded.text == text.removeprefix("\ufeff")


def test_damaged_utf8_is_read_with_a_note_not_as_mojibake(tmp_path: Path) -> None:
    data = bytearray(RUSSIAN_PARAGRAPH.encode())
    data[5] = 0xFF

    result = extract(_file(tmp_path, bytes(data)), TEXT)

    assert result.text.endswith(RUSSIAN_PARAGRAPH[3:])
    assert result.metadata["encoding"] == "utf-8"
    assert result.notes == ("2 invalid UTF-8 sequences replaced with U+FFFD",)
