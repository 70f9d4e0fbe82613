"""Agreement between two annotations of the same gold documents, per kind.

    .venv/bin/python benchmarks/annotator_agreement.py [--gold eval/gold]
        [--second eval/gold-second] [--json]

Every ``NAME.json`` of the second folder is a second annotation of ``NAME`` in the gold folder,
in the same format (no ``split`` needed: the gold file's is used). The second annotation is
scored against the first with the project's own scorer (``docket.extract.evaluation.score``) as
if it were a prediction. Matching there is one-to-one and the same test both ways, so F1 does
not depend on which annotation is called gold: precision one way is recall the other way. The
F1 of each kind is the agreement figure; the counts say how many items each annotator marked.
Grouping is the exception (a mention the other side has nothing for makes missed pairs on the
gold side and is left out on the predicted side), so it is also given with the roles swapped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from docket.errors import DocketError
from docket.extract.annotation_reading import load_gold, read_annotation
from docket.extract.annotations import Annotation, GoldDocument, InvalidAnnotation
from docket.extract.evaluation import Scores, Tally, score


def second_annotations(
    gold: Sequence[GoldDocument], folder: Path
) -> tuple[list[GoldDocument], dict[str, Annotation]]:
    """The gold documents that have a second annotation in ``folder``, and those annotations,
    each checked against the gold document's text."""
    by_item = {document.annotation.item: document for document in gold}
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise InvalidAnnotation(f"no second annotations in {folder}")
    chosen: list[GoldDocument] = []
    second: dict[str, Annotation] = {}
    for path in paths:
        document = by_item.get(path.stem)
        if document is None:
            raise InvalidAnnotation(f"{path.name}: no gold document {path.stem!r}")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            annotation = read_annotation(data, document.text)
        except json.JSONDecodeError as error:
            raise InvalidAnnotation(f"{path.name}: not JSON ({error.msg})") from error
        except InvalidAnnotation as error:
            raise InvalidAnnotation(f"{path.name}: {error}") from error
        if annotation.item != path.stem:
            raise InvalidAnnotation(f"{path.name}: item must be {path.stem!r}")
        chosen.append(document)
        second[path.stem] = annotation
    return chosen, second


def agreement(gold_folder: Path, second_folder: Path) -> tuple[list[str], Scores, Scores]:
    """The documents annotated twice, the second annotation scored against the first, and the
    first scored against the second."""
    chosen, second = second_annotations(load_gold(gold_folder), second_folder)
    swapped = [
        GoldDocument(second[document.annotation.item], document.text, document.split)
        for document in chosen
    ]
    first = {document.annotation.item: document.annotation for document in chosen}
    items = [document.annotation.item for document in chosen]
    return items, score(chosen, second), score(swapped, first)


def _figures(tally: Tally) -> dict[str, float | int]:
    return {
        "first": tally.gold,
        "second": tally.predicted,
        "agreed": tally.recalled,
        "f1": round(tally.f1, 3),
    }


def as_json(items: Sequence[str], scores: Scores, swapped: Scores) -> dict[str, object]:
    return {
        "documents": list(items),
        "overall": {metric: _figures(tally) for metric, tally in scores.overall.items()},
        "grouping_swapped": _figures(swapped.overall["grouping"]),
        "by_language": {
            language: {metric: _figures(tally) for metric, tally in tallies.items()}
            for language, tallies in sorted(scores.by_language.items())
        },
    }


def table(scores: Scores) -> str:
    languages = sorted(scores.by_language)
    lines = [
        "| kind | first | second | agreed | F1 | " + " | ".join(languages) + " |",
        "|---|---|---|---|---|" + "---|" * len(languages),
    ]
    for metric, tally in scores.overall.items():
        per_language = " | ".join(
            f"{scores.by_language[language][metric].f1:.2f}" for language in languages
        )
        lines.append(
            f"| {metric} | {tally.gold} | {tally.predicted} | {tally.recalled} | "
            f"**{tally.f1:.2f}** | {per_language} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path("eval/gold"))
    parser.add_argument("--second", type=Path, default=Path("eval/gold-second"))
    parser.add_argument("--json", action="store_true", help="figures as JSON")
    arguments = parser.parse_args(argv)
    try:
        items, scores, swapped = agreement(arguments.gold, arguments.second)
    except DocketError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if arguments.json:
        print(json.dumps(as_json(items, scores, swapped), indent=2))
    else:
        print(f"{len(items)} documents annotated twice: {', '.join(items)}")
        print(table(scores))
        print(f"grouping with the roles swapped: F1 {swapped.overall['grouping'].f1:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
