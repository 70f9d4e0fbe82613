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
from docket.records import RecordStore
from docket.reports.binding import bind
from docket.reports.document import Report
from docket.reports.render import HTML_FILE, PDF_FILE, pdf_from_html, render_html

REPORT_DIR: Final = "report"
FACTS_FILE: Final = "report.json"
RECORDS_FILE: Final = "records.jsonl"
# The archive's signed statement of the chain at the entry naming the report's files.
SIGNED_ENTRY_FILE: Final = "signed-entry.txt"

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

The report's four files are also named in the chain of custody: data/custody/entries.jsonl
holds the "report_rendered" entry that gives the SHA-256 of each and the chain head the report
was made at, and data/report/signed-entry.txt is the archive's signed statement of the chain at
exactly that entry (its sequence number and hash, which the entry's content must hash to).
Writing the manifests again after changing a file does not hide the change.

To check it without the archive:

  docket verify-report PATH

which checks the bag (manifests, chain, signatures, evidence, as `docket verify-bag`) and that
every footnote's quoted words stand at their span in the packaged working copy of the source
whose SHA-256 the footnote names, that the report's chain head is signed by the packaged
key and held by the packaged chain, and that each of the report's files has the SHA-256 the
signed custody entry names.
"""


def write_package(report: Report, records: RecordStore, items: ItemStore, out: Path) -> Path:
    """Write ``report`` and the evidence it cites as a bag in the new folder ``out``, its files
    bound in custody by an entry the bag carries and its checkpoint signs."""
    if out.exists():
        raise DocketError(f"{out} already exists; choose a new folder for the package")
    cited = sorted({note.item_id for note in report.footnotes})
    if not cited:
        raise DocketError(
            "the report cites no evidence the audience may see: there is nothing to package; "
            "write it with `docket report` instead"
        )
    # Refused before the report's files enter custody as packaged.
    items.check_packable(cited)
    html = render_html(report)
    files = {
        PDF_FILE: pdf_from_html(html),
        HTML_FILE: html.encode("utf-8"),
        FACTS_FILE: json.dumps(report.to_json(), ensure_ascii=False, indent=2).encode("utf-8"),
        RECORDS_FILE: "".join(
            json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
            for record in report.records
        ).encode("utf-8"),
    }
    binding = bind(records, report, files)
    items.export_bag(out, cited, carrying=[binding.entry])
    try:
        folder = out / "data" / REPORT_DIR
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        (folder / SIGNED_ENTRY_FILE).write_text(binding.statement, encoding="ascii")
        (folder / "README.txt").write_text(README, encoding="utf-8")
        # The evidence bag's manifests are written again to cover the report's files.
        bagit.Bag(str(out)).save(processes=1, manifests=True)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    return out
