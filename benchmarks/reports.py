"""A case report with many footnoted facts against WeasyPrint rendering the same HTML alone.

    .venv/bin/python benchmarks/reports.py [--facts 500] [--database-url URL] [--runs 3]

The report is made through the door as a viewer sees it: the case file is read, each fact is
written with its footnotes (source title, date, hashes, custody positions), the making enters
custody and is signed, and the page is laid out as a PDF. The floor is WeasyPrint laying out the
very same HTML page into a PDF with the same options: the ratio is what the report layer costs.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from docket.archive import Archive
from docket.config import Settings
from docket.face import Provenance, pdf_from_html, render_html
from docket.model.access import Viewer

STATUSES = ["detained", "arrested", "transferred", "hospitalised", "returned_to_prison"]


def build(home: Path, database_url: str | None, facts: int) -> tuple[Archive, int]:
    settings = Settings.from_env(home=home, database_url=database_url)
    archive = Archive.create(settings)
    owner = archive.as_viewer(Viewer.owner("bench"))
    lines = [f"Entry {n}: the detainee was {STATUSES[n % 5]} on day {n}." for n in range(facts)]
    source = home.parent / "statement.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    (result,) = owner.items.ingest([source], Provenance(published="2024-01-15"))
    assert result.id is not None
    person = owner.records.create("person", {"name": "Kubat Ormonov"})
    case = owner.records.create("case", {"title": "Case of K. O.", "subject": {"ref": person.id}})
    owner.records.import_documents(
        [
            {
                "type": "case_status",
                "fields": {
                    "case": {"ref": case.id},
                    "status": {
                        "value": STATUSES[n % 5],
                        "citations": [{"item": result.id, "quote": lines[n]}],
                    },
                    "date": f"{2000 + n // 365:04d}-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                },
            }
            for n in range(facts - 2)
        ]
    )
    return archive, person.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        archive, person = build(Path(folder) / "archive", args.database_url, args.facts)
        door = archive.as_viewer(Viewer.as_role("viewer", "partner"))
        report_times, floor_times, layer_times = [], [], []
        html = ""
        for _ in range(args.runs):
            started = time.perf_counter()
            render_html(door.case_report(person))
            layer_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            html = render_html(door.case_report(person))
            pdf_from_html(html)
            report_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            pages = pdf_from_html(html)
            floor_times.append(time.perf_counter() - started)
        archive.close()
    report, floor = statistics.median(report_times), statistics.median(floor_times)
    footnotes = html.count('class="footnote"')
    print(f"facts: {args.facts}, footnotes: {footnotes}, PDF: {len(pages) / 1024:.0f} KiB")
    print(f"case report (read, write, seal, lay out): {report:.2f} s (median of {args.runs})")
    print(f"WeasyPrint alone, same HTML:              {floor:.2f} s")
    print(f"the report layer alone (no layout):       {statistics.median(layer_times):.2f} s")
    print(f"ratio: {report / floor:.2f}x")


if __name__ == "__main__":
    main()
