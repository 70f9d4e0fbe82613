"""What can be checked offline of the PDF/A-3b that WeasyPrint is asked for, read back with
pypdf: the file header and trailer, the XMP identification and its agreement with the document
information, the sRGB output intent, every font embedded, annotations printable and no
scripts. This is not a conformance validation (no veraPDF here): docs/reports.md says what
it leaves out."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject
from reports_support import World
from tests.support import as_owner

from docket.archive import Archive
from docket.face import Report

_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
# Annotation flags (ISO 32000-1, 12.5.3): Invisible 1, Hidden 2, Print 4, NoView 32.
_PRINT, _NOT_SHOWN = 4, 1 | 2 | 32


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _xmp(reader: PdfReader) -> dict[str, str]:
    """Every attribute and simple element of the XMP packet, by prefixed name."""
    metadata = _resolved(reader.trailer["/Root"].get("/Metadata"))
    if metadata is None or (metadata.get("/Type"), metadata.get("/Subtype")) != (
        "/Metadata",
        "/XML",
    ):
        return {}
    root = ElementTree.fromstring(metadata.get_data())
    found: dict[str, str] = {}
    prefixes = {uri: prefix for prefix, uri in _NS.items()}
    for description in root.iter(f"{{{_NS['rdf']}}}Description"):
        for name, value in description.attrib.items():
            uri, _, local = name[1:].partition("}")
            if uri in prefixes:
                found[f"{prefixes[uri]}:{local}"] = value
    title = root.find(".//dc:title/rdf:Alt/rdf:li", _NS)
    if title is not None and title.text is not None:
        found["dc:title"] = title.text
    return found


def _fonts(resources: Any, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font a page's resources use, form XObjects (a chart) included."""
    resources = _resolved(resources) or {}
    for font in (_resolved(resources.get("/Font")) or {}).values():
        yield _resolved(font)
    for xobject in (_resolved(resources.get("/XObject")) or {}).values():
        stream = _resolved(xobject)
        if stream.get("/Subtype") == "/Form" and id(stream) not in seen:
            seen.add(id(stream))
            yield from _fonts(stream.get("/Resources"), seen)


def _font_problems(font: DictionaryObject) -> list[str]:
    name = str(font.get("/BaseFont"))
    if font.get("/Subtype") == "/Type3":
        return []  # glyphs drawn by the file's own procedures: nothing to embed
    problems = [] if "/ToUnicode" in font else [f"{name}: no ToUnicode map"]
    descendants = [_resolved(d) for d in font.get("/DescendantFonts", [])]
    for described in descendants or [font]:
        descriptor = _resolved(described.get("/FontDescriptor")) or {}
        if not any(key in descriptor for key in _FONT_FILES):
            problems.append(f"{name}: not embedded")
        if described.get("/Subtype") == "/CIDFontType2" and "/CIDToGIDMap" not in described:
            problems.append(f"{name}: CIDFontType2 without CIDToGIDMap")
    return problems


def pdfa_problems(path: Path) -> list[str]:
    """What a PDF/A-3b file must have that this one lacks, as far as read here."""
    data = path.read_bytes()
    problems = []
    header, binary = data.split(b"\n", 2)[:2]
    if not header.startswith(b"%PDF-1."):
        problems.append("header is not %PDF-1.x")
    if not (binary.startswith(b"%") and sum(byte > 127 for byte in binary[1:5]) == 4):
        problems.append("no binary comment after the header")
    reader = PdfReader(path)
    trailer = reader.trailer
    if "/Encrypt" in trailer:
        problems.append("encrypted")
    identifier = trailer.get("/ID")
    if identifier is None or len(identifier) != 2:
        problems.append("no file identifier in the trailer")
    xmp = _xmp(reader)
    if (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")) != ("3", "B"):
        problems.append(f"XMP does not identify PDF/A-3B: {xmp}")
    info = reader.metadata or {}
    for key, name in (("/Title", "dc:title"), ("/Producer", "pdf:Producer")):
        if key in info and info[key] != xmp.get(name):
            problems.append(f"document information {key} differs from XMP {name}")
    catalog = trailer["/Root"]
    intents = [_resolved(intent) for intent in catalog.get("/OutputIntents", [])]
    pdfa_intents = [intent for intent in intents if intent.get("/S") == "/GTS_PDFA1"]
    if len(pdfa_intents) != 1:
        problems.append(f"{len(pdfa_intents)} PDF/A output intents, not one")
    for intent in pdfa_intents:
        profile = _resolved(intent["/DestOutputProfile"])
        icc = profile.get_data()
        if profile.get("/N") != 3 or icc[36:40] != b"acsp" or icc[16:20] != b"RGB ":
            problems.append("the output intent's profile is not an RGB ICC profile")
        if not intent.get("/OutputConditionIdentifier"):
            problems.append("the output intent names no output condition")
    names = _resolved(catalog.get("/Names")) or {}
    for key in ("/JavaScript", "/EmbeddedFiles"):
        if key in names:
            problems.append(f"the catalog names {key}")
    if "/AA" in catalog:
        problems.append("the catalog has additional actions")
    fonts = 0
    for number, page in enumerate(reader.pages, start=1):
        for font in _fonts(page.get("/Resources"), set()):
            fonts += 1
            problems += [f"page {number}: {problem}" for problem in _font_problems(font)]
        for annotation in (_resolved(a) for a in page.get("/Annots", []) or []):
            flags = int(annotation.get("/F", 0))
            if not flags & _PRINT or flags & _NOT_SHOWN:
                problems.append(f"page {number}: an annotation is not printed as shown")
            action = _resolved(annotation.get("/A")) or {}
            if action.get("/S") in ("/JavaScript", "/Launch"):
                problems.append(f"page {number}: an annotation runs {action.get('/S')}")
    if not fonts:
        problems.append("no font found to check: the text was not read")
    return sorted(set(problems))


def _statement(world: World) -> str:
    return (
        "# Билдирүү: Көңүлдүү айылы\n\n"
        f"Биз тынчсызданабыз. [[#{world.person}]]\n\n"
        f"The prosecutor said: [[#{world.claim}]]\n"
    )


MAKERS = {
    "case": lambda door, world: door.case_report(world.person),
    "period": lambda door, world: door.period_report(
        date(2020, 1, 1), date(2023, 12, 31), language="ru"
    ),
    "statement": lambda door, world: door.statement_report(_statement(world), language="ky"),
}


@pytest.mark.parametrize("kind", list(MAKERS))
def test_reports_are_pdf_a_3b_as_far_as_can_be_read_offline(
    archive: Archive, world: World, tmp_path: Path, kind: str
) -> None:
    door = as_owner(archive)
    report: Report = MAKERS[kind](door, world)
    out = tmp_path / f"{kind}.pdf"
    door.write_report(report, out)
    assert pdfa_problems(out) == []


def test_the_check_finds_what_a_plain_pdf_lacks(
    archive: Archive, world: World, tmp_path: Path
) -> None:
    """The same page written as a plain PDF: the check is not satisfied by any PDF at all."""
    from weasyprint import HTML

    door = as_owner(archive)
    html = door.rendered_report(door.case_report(world.person), "html").decode("utf-8")
    out = tmp_path / "plain.pdf"
    out.write_bytes(HTML(string=html).write_pdf())
    problems = pdfa_problems(out)
    assert "XMP does not identify PDF/A-3B: {}" in problems
    assert "0 PDF/A output intents, not one" in problems
