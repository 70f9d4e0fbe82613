"""The whole extraction of the gold texts and of the benchmark's texts, as JSON lines, to tell
whether a change to the pipeline changes any proposal.

    .venv/bin/python benchmarks/extraction_snapshot.py before.jsonl
    (change the code)
    .venv/bin/python benchmarks/extraction_snapshot.py after.jsonl && cmp before.jsonl after.jsonl

Each gold document (eval/gold) is extracted alone with ``extract_document`` and again in one
stream with ``extract_documents``; 300 texts a language of ``benchmarks/extraction.py`` go through
``extract_documents``, their notes written too.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from docket.extract.document import ExtractionInput, extract_document, extract_documents
from extraction import texts

GOLD = Path(__file__).parent.parent / "eval" / "gold"


def _line(key: str, *values: object) -> str:
    return "\t".join([key, *(json.dumps(v, sort_keys=True, default=str) for v in values)]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--texts", type=int, default=300)
    args = parser.parse_args()
    gold = []
    for path in sorted(GOLD.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        gold.append(
            (
                path.stem,
                ExtractionInput(
                    path.with_suffix(".txt").read_text(encoding="utf-8"),
                    language=data.get("language"),
                    document_date=date.fromisoformat(data["document_date"]),
                ),
            )
        )
    with args.output.open("w", encoding="utf-8") as out:
        for name, given in gold:
            document = extract_document(
                given.text,
                item_id=None,
                language=given.language,
                document_date=given.document_date,
                gazetteer=None,
            )
            out.write(_line(name, document))
        for (name, _), found in zip(
            gold, extract_documents((g for _, g in gold), None), strict=True
        ):
            out.write(_line(f"{name} (stream)", found.document, found.notes))
        for language in ("en", "ru", "ky"):
            corpus = texts(language, args.texts)
            given = (ExtractionInput(text, language=language) for text in corpus)
            for index, found in enumerate(extract_documents(given, None)):
                out.write(_line(f"{language} {index}", found.document, found.notes))


if __name__ == "__main__":
    main()
