"""A report package: a BagIt bag holding the report (PDF, HTML, its facts and footnotes as JSON,
its records as JSONL) beside the evidence it cites with their custody entries, so anyone can
check every footnote against the evidence without the archive (``reports.verify``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Final

import bagit

from docket.errors import DocketError
from docket.items import ItemStore
from docket.reports.document import Report
from docket.reports.render import pdf_from_html, render_html

REPORT_DIR: Final = "report"
PDF_FILE: Final = "report.pdf"
HTML_FILE: Final = "report.html"
FACTS_FILE: Final = "report.json"
RECORDS_FILE: Final = "records.jsonl"

README: Final = """\
Docket report package
=====================

  data/report/report.pdf     the report as printed
  data/report/report.html    the same report as one self-contained page
  data/report/report.json    its facts, each with the numbers of its footnotes, every footnote
                             (quoted words, source item, span, SHA-256s, custody entries) and
                             the signed chain head the report ends with
  data/report/records.jsonl  the records the report states, as its audience may see them
  data/items/, data/custody/ the cited evidence and its chain of custody (see README.txt)

To check it without the archive:

  docket verify-report PATH

which checks the bag (manifests, chain, signatures, evidence, as `docket verify-bag`) and that
every footnote's quoted words stand at their span in the packaged working copy of the source
whose SHA-256 the footnote names, and that the report's chain head is signed by the packaged
key and held by the packaged chain.
"""


def write_package(report: Report, items: ItemStore, out: Path) -> Path:
    """Write ``report`` and the evidence it cites as a bag in the new folder ``out``."""
    if out.exists():
        raise DocketError(f"{out} already exists; choose a new folder for the package")
    cited = sorted({note.item_id for note in report.footnotes})
    if not cited:
        raise DocketError(
            "the report cites no evidence the audience may see: there is nothing to package; "
            "write it with `docket report` instead"
        )
    html = render_html(report)
    pdf = pdf_from_html(html)
    items.export_bag(out, cited)
    try:
        folder = out / "data" / REPORT_DIR
        folder.mkdir()
        (folder / PDF_FILE).write_bytes(pdf)
        (folder / HTML_FILE).write_text(html, encoding="utf-8")
        (folder / FACTS_FILE).write_text(
            json.dumps(report.to_json(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        with open(folder / RECORDS_FILE, "w", encoding="utf-8") as records:
            for record in report.records:
                records.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        (folder / "README.txt").write_text(README, encoding="utf-8")
        # The evidence bag's manifests are written again to cover the report's files.
        bagit.Bag(str(out)).save(processes=1, manifests=True)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    return out
