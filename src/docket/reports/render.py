"""A report written out: one self-contained HTML page (stylesheet inline, nothing fetched), and
the PDF WeasyPrint makes of that same page for print (footnotes at the foot of each page, page
numbers, contents with page numbers, fonts embedded, PDF/A)."""

from __future__ import annotations

import functools
import gc
import warnings
from pathlib import Path
from typing import Final

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from docket.errors import DocketError
from docket.model.count_wording import number
from docket.reports.document import Report
from docket.reports.labels import word, words
from docket.reports.wording import moment

TEMPLATES: Final = Path(__file__).parent / "templates"
# Archival PDF: the fonts and colour profile travel inside the file.
PDF_VARIANT: Final = "pdf/a-3b"
SUFFIXES: Final = (".html", ".pdf")
# The names a report's files go by wherever they are bound or packaged.
PDF_FILE: Final = "report.pdf"
HTML_FILE: Final = "report.html"


def _css_string(text: str) -> Markup:
    """A CSS string literal of a report's own word (never of archive data), for a stylesheet."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return Markup(f'"{quoted}"')  # noqa: S704


@functools.cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["css_string"] = _css_string
    environment.filters["number"] = number
    return environment


class _FirstUse:
    """Which footnotes the page has already printed: a note cited again is only referred to."""

    def __init__(self) -> None:
        self._numbers: set[int] = set()

    def first(self, number: int) -> bool:
        if number in self._numbers:
            return False
        self._numbers.add(number)
        return True


def render_html(report: Report, *, fragment: bool = False) -> str:
    """The report as a whole page, or with ``fragment`` as the part of a page that shows it
    (a preview inside another page, whose own stylesheet then applies)."""
    language = report.language
    template = "report_body.html" if fragment else "report.html"
    return (
        _environment()
        .get_template(template)
        .render(
            report=report,
            w=words(language),
            # The project's own stylesheet: trusted, and escaping would break its quoted strings.
            css=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),  # noqa: S704
            made_at=moment(report.made_at, language),
            seen=_FirstUse(),
            role=word(report.role, language),
        )
    )


def pdf_from_html(html: str) -> bytes:
    """The PDF of a report's page; WeasyPrint is loaded only when a PDF is asked for."""
    from PIL import ImageFile
    from weasyprint import HTML

    # Importing WeasyPrint tells Pillow, for the whole process, to load truncated images without
    # a word. A report holds no raster image, but ingest does: a cut photograph in a server that
    # once made a PDF would be kept as whole. Pillow must go on refusing them.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with warnings.catch_warnings():
        # WeasyPrint leaves the colour profile of a PDF/A open until the document is freed:
        # free it here, where that is expected, rather than at some later collection.
        warnings.simplefilter("ignore", ResourceWarning)
        pdf: bytes = HTML(string=html, base_url=str(TEMPLATES)).write_pdf(
            pdf_variant=PDF_VARIANT, presentational_hints=True
        )
        gc.collect()
    return pdf


def render_pdf(report: Report) -> bytes:
    return pdf_from_html(render_html(report))


def output_kind(path: Path) -> str:
    """ "html" or "pdf" by the file's suffix; one line when it is neither."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DocketError(
            f"report file {path.name!r} must end in .html or .pdf: the suffix chooses the format"
        )
    return suffix[1:]


def check_output(path: Path, *, force: bool) -> str:
    """The format to write ``path`` in, refusing a path that exists unless ``force``."""
    kind = output_kind(path)
    if path.exists() and not force:
        raise DocketError(f"{path} already exists; choose another name or pass --force")
    if path.is_dir():
        raise DocketError(f"{path} is a folder; name a .html or .pdf file")
    return kind
