"""The same document gives the same proposals in every run of Docket: nothing in extraction may
depend on the order of a set, which follows the strings' hashes and so changes from one process
to the next."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold"
# A document whose mentions tie in merging (a Kyrgyz name read by three rules at once) and which
# runs every stage: names, dates, counts, acts, interventions, claims.
DOCUMENTS = ["ky-report-kalkan-aliev-blogger-family"]

SCRIPT = """
import hashlib, json, sys
from datetime import date
from pathlib import Path
from docket.extract.document import extract_document
digest = hashlib.sha256()
for path in sys.argv[1:]:
    annotation = json.loads(Path(path + ".json").read_text(encoding="utf-8"))
    found = extract_document(
        Path(path + ".txt").read_text(encoding="utf-8"),
        item_id=None,
        language=annotation["language"],
        document_date=date.fromisoformat(annotation["document_date"]),
        gazetteer=None,
    )
    digest.update(json.dumps(found, ensure_ascii=False, default=str).encode())
print(digest.hexdigest())
"""


def test_a_document_gives_the_same_proposals_whatever_the_hash_seed() -> None:
    paths = [str(GOLD / name) for name in DOCUMENTS]
    digests = {
        subprocess.run(
            [sys.executable, "-c", SCRIPT, *paths],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in (0, 2)
    }
    assert len(digests) == 1
