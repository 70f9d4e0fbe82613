from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pytest

from docket.errors import CorruptFile, TooLarge
from docket.ingest.formats import DOCX, extract
from docket.ingest.formats.word import MAX_UNPACKED_BYTES


def _document(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Заявление", level=1)
    document.add_paragraph("Организация призывает освободить задержанных.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Имя"
    table.cell(0, 1).text = "Статус"
    table.cell(1, 0).text = "Атамбаев"
    table.cell(1, 1).text = "в заключении"
    document.add_paragraph("Кыргызча: Жогорку Кеңеш жана өкмөт.")
    properties = document.core_properties
    properties.title = "Заявление организации"
    properties.author = "Секретариат"
    properties.comments = "Черновик"
    properties.created = datetime(2022, 8, 15, 10, 0)
    path = tmp_path / "statement.docx"
    document.save(str(path))
    return path


def test_paragraphs_and_tables_in_reading_order(tmp_path: Path) -> None:
    result = extract(_document(tmp_path), DOCX)

    assert result.text == (
        "Заявление\n"
        "Организация призывает освободить задержанных.\n"
        "Имя\tСтатус\n"
        "Атамбаев\tв заключении\n"
        "Кыргызча: Жогорку Кеңеш жана өкмөт."
    )
    assert result.page_starts == (0,)
    assert result.tool == "python-docx"


def test_core_properties_become_title_and_metadata(tmp_path: Path) -> None:
    result = extract(_document(tmp_path), DOCX)

    assert result.title == "Заявление организации"
    assert result.metadata["author"] == "Секретариат"
    assert result.metadata["description"] == "Черновик"
    assert result.metadata["created"] == "2022-08-15T10:00:00+00:00"


def test_truncated_docx_is_corrupt(tmp_path: Path) -> None:
    whole = _document(tmp_path).read_bytes()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(whole[: len(whole) // 2])

    with pytest.raises(CorruptFile, match=r"^DOCX is damaged: "):
        extract(broken, DOCX)


def test_zip_without_a_document_part_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a word document")

    with pytest.raises(CorruptFile, match=r"^DOCX is damaged: "):
        extract(path, DOCX)


def test_malformed_document_xml_is_corrupt(tmp_path: Path) -> None:
    source = _document(tmp_path)
    path = tmp_path / "malformed.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            copy.writestr(
                info, b"<w:document><unclosed>" if info.filename == "word/document.xml" else data
            )

    with pytest.raises(CorruptFile) as caught:
        extract(path, DOCX)

    assert str(caught.value).startswith("DOCX ")
    assert "\n" not in str(caught.value)


def test_docx_unpacking_past_the_limit_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"")
        info = zipfile.ZipInfo("word/media/padding.bin")
        with archive.open(info, "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 1):
                member.write(chunk)

    with pytest.raises(TooLarge, match=r"^DOCX unpacks to "):
        extract(path, DOCX)
