"""Builders of small fixture files for the format readers, made fresh in each test's folder."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ingest_formats_samples import DEJAVU, PdfMaker


@pytest.fixture
def make_pdf(tmp_path: Path) -> PdfMaker:
    """A PDF with one page per given text (an empty string gives a page with no text layer)."""

    def make(
        pages: Sequence[str],
        name: str = "document.pdf",
        title: str | None = None,
        author: str | None = None,
    ) -> Path:
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_font("dejavu", "", str(DEJAVU))
        pdf.set_font("dejavu", size=12)
        for text in pages:
            pdf.add_page()
            if text:
                pdf.multi_cell(0, 8, text)
        if title:
            pdf.set_title(title)
        if author:
            pdf.set_author(author)
        pdf.set_creation_date(datetime(2022, 8, 15, 9, 30, tzinfo=UTC))
        path = tmp_path / name
        pdf.output(str(path))
        return path

    return make
