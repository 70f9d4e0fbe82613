"""Add the demo's records: who did what to whom at Tash-Bulung and in Ulan Atambaev's detention.

Every fact cites the exact words of a sample document, found by the document's file name, so
the records can be checked against the evidence like any others. The places carry made-up
coordinates (Altyn-Tash is fictional) so the map has something to show.
"""

from __future__ import annotations

import sys
from typing import Any

from sqlalchemy import select

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import reading
from docket.db.schema import items
from docket.model.access import Viewer

APPEAL = "en-urgent-appeal-atambaev-surgery.txt"
REPORT = "en-kalkan-report-tash-bulung.md"
NEWS = "en-news-kok-suu-arrests.html"
TESTIMONY = "en-testimony-tb-w-07-confidential.txt"


def _item_ids(archive: Archive) -> dict[str, int]:
    with reading(archive.kernel.engine) as connection:
        rows = connection.execute(select(items.c.id, items.c.original_name)).all()
    return {str(row.original_name).rsplit("/", 1)[-1]: int(row.id) for row in rows}


def main() -> None:
    settings = Settings.from_env()
    with Archive.open(settings) as archive:
        ids = _item_ids(archive)

        def cited(value: Any, source: str, quote: str) -> dict[str, Any]:
            return {"value": value, "citations": [{"item": ids[source], "quote": quote}]}

        documents: list[dict[str, Any]] = [
            _record(
                "jangy_kala",
                "place",
                name=cited("Jangy-Kala", REPORT, "in Jangy-Kala, where"),
                kind="city",
                coordinates="42.874, 74.590",
            ),
            _record(
                "tash_bulung",
                "place",
                name=cited("Tash-Bulung", REPORT, "in the village of Tash-Bulung"),
                kind="village",
                coordinates="42.803, 74.376",
            ),
            _record(
                "colony_47",
                "place",
                name=cited(
                    "Correctional Colony No. 47",
                    APPEAL,
                    "in Correctional Colony No. 47 near Jangy-Kala",
                ),
                kind="facility",
                coordinates="42.935, 74.630",
            ),
            _record(
                "kok_suu",
                "place",
                name=cited("Kok-Suu", NEWS, "the Kok-Suu reservoir"),
                kind="site",
                coordinates="40.930, 72.960",
            ),
            _record(
                "atambaev",
                "person",
                name=cited("Ulan Atambaev", APPEAL, "on behalf of Ulan Atambaev, aged 66"),
                gender="male",
                position=cited(
                    {"title": "former President"},
                    APPEAL,
                    "former President of the Republic of Altyn-Tash (2011-2017)",
                ),
            ),
            _record(
                "sabyrov",
                "person",
                name=cited("Nurdin Sabyrov", REPORT, "Nurdin\nSabyrov, aged 19"),
                gender="male",
            ),
            _record(
                "kasymaliev",
                "person",
                name=cited("Nurbek Kasymaliev", APPEAL, "his lawyer, Nurbek\n   Kasymaliev"),
                gender="male",
            ),
            _record(
                "kalkan",
                "organisation",
                name=cited(
                    "Kalkan Human Rights Centre",
                    APPEAL,
                    "Kalkan Human Rights Centre requests your urgent intervention",
                ),
                kind="human_rights_ngo",
            ),
            _record(
                "sss",
                "organisation",
                name=cited(
                    "State Security Service", REPORT, "units of the State Security Service (SSS)"
                ),
                kind="security_service",
            ),
            _record(
                "penitentiary",
                "organisation",
                name=cited(
                    "State Penitentiary Service", APPEAL, "the State Penitentiary Service refused"
                ),
                kind="penitentiary_service",
            ),
            _record(
                "operation",
                "event",
                title=cited(
                    "Security operation in Tash-Bulung",
                    REPORT,
                    "carried out an operation to detain former President",
                ),
                kind="security_operation",
                date=cited("2022-08-14/2022-08-15", REPORT, "On 14 and 15 August 2022"),
                place={"key": "tash_bulung"},
            ),
            _record(
                "killing",
                "act",
                violation=cited("killing_by_excessive_force", REPORT, "died of a gunshot wound"),
                victim={"key": "sabyrov"},
                event={"key": "operation"},
                date=cited("2022-08-16", REPORT, "district hospital on 16 August 2022"),
                place={"key": "tash_bulung"},
                status="alleged",
            ),
            _record(
                "detention",
                "act",
                violation=cited(
                    "arbitrary_detention",
                    REPORT,
                    "Mr Atambaev was detained on the morning of 15 August",
                ),
                victim={"key": "atambaev"},
                event={"key": "operation"},
                date="2022-08-15",
                place={"key": "tash_bulung"},
                status="alleged",
            ),
            _record(
                "detention_by_sss",
                "involvement",
                act={"key": "detention"},
                perpetrator={"key": "sss"},
                degree="carried_out",
            ),
            _record(
                "medical",
                "act",
                violation=cited(
                    "denial_of_medical_care", APPEAL, "refused the request of his lawyer"
                ),
                victim={"key": "atambaev"},
                date=cited("2023-10-25", APPEAL, "On 25 October 2023 the State Penitentiary"),
                place={"key": "colony_47"},
                status="alleged",
            ),
            _record(
                "appeal",
                "intervention",
                kind=cited("urgent_appeal", APPEAL, "URGENT APPEAL"),
                by={"key": "kalkan"},
                concerning={"key": "atambaev"},
                date=cited("2023-11-10", APPEAL, "Jangy-Kala, 10 November 2023"),
                response="no_response",
            ),
            _record(
                "case",
                "case",
                title="Detention of Ulan Atambaev",
                subject={"key": "atambaev"},
                facility={"key": "colony_47"},
                opened="2022-08-15",
            ),
            _record(
                "detained",
                "case_status",
                case={"key": "case"},
                status="detained",
                date=cited("2022-08-15", REPORT, "detained on the morning of 15 August"),
            ),
            _record(
                "hospital",
                "case_status",
                case={"key": "case"},
                status="hospitalised",
                date=cited("2023-10-03", APPEAL, "On 3 October 2023 he was transferred"),
            ),
            _record(
                "returned",
                "case_status",
                case={"key": "case"},
                status="returned_to_prison",
                facility={"key": "colony_47"},
                date=cited("2023-10-19", APPEAL, "On 19 October 2023, before any treatment"),
            ),
            _record(
                "refused",
                "case_status",
                case={"key": "case"},
                status="medical_request_refused",
                decided_by={"key": "penitentiary"},
                date="2023-10-25",
            ),
        ]
        if TESTIMONY in ids:
            documents.append(
                _record(
                    "witness",
                    "person",
                    witness_code="TB-W-07",
                    description="Eyewitness of the second day at Tash-Bulung.",
                    confidentiality="confidential",
                )
            )
        result = archive.as_viewer(Viewer.owner("demo")).records.import_documents(
            documents, reason="demo records"
        )
        print(f"added {len(result.ids)} records citing the sample documents")


def _record(
    key: str, type_name: str, *, confidentiality: str = "public", **fields: Any
) -> dict[str, Any]:
    return {"key": key, "type": type_name, "confidentiality": confidentiality, "fields": fields}


if __name__ == "__main__":
    sys.exit(main())
