"""A statement draft: paragraphs the user writes, with facts pulled from records where the
text says ``[[#12]]``. Each such fact is written from the record as the audience may see it,
with its footnotes; the tie is the record's number, so rewording the paragraphs around it never
breaks it, and a record changed since is written as it now stands."""

from __future__ import annotations

import re
from typing import Final

from docket.errors import DocketError
from docket.items import ItemStore
from docket.records import RecordNotFound, RecordStore, RecordView
from docket.records.timeline import date_of
from docket.reports.assemble import assemble, reveal_views
from docket.reports.document import Report, Section, Sentence
from docket.reports.footnotes import Footnotes
from docket.reports.labels import check_language, word
from docket.reports.sentences import sentence

FACT: Final = re.compile(r"\[\[#(\d{1,9})\]\]")
MAX_DRAFT: Final = 200_000


def statement_report(
    records: RecordStore,
    items: ItemStore,
    draft: str,
    *,
    language: str = "en",
    reveal: bool = False,
) -> Report:
    if reveal:
        records.viewer.require_reveal()
    title, paragraphs, views = _tied(records, draft, language)
    if reveal:
        views = reveal_views(records, views)
    footnotes = Footnotes(records, items, list(views.values()))
    facts: dict[int, Sentence] = {}
    parts: list[list[str | Sentence]] = []
    for paragraph in paragraphs:
        pieces: list[str | Sentence] = []
        last = 0
        for match in FACT.finditer(paragraph):
            pieces.append(paragraph[last : match.start()])
            record_id = int(match.group(1))
            if record_id not in facts:
                view = views[record_id]
                facts[record_id] = sentence(view, date_of(view, {}), language, footnotes)
            pieces.append(facts[record_id])
            last = match.end()
        pieces.append(paragraph[last:])
        parts.append([piece for piece in pieces if piece != ""])
    section = Section("statement", word("statement", language), [], paragraphs=parts)
    return assemble(
        records,
        kind="statement",
        title=title or word("statement", language),
        subject_id=None,
        language=language,
        reveal=reveal,
        views=views,
        sections=[section],
        footnotes=footnotes,
    )


def check_draft(records: RecordStore, draft: str, *, language: str = "en") -> None:
    """Refuse, as making its statement would, a draft whose facts cannot be tied; nothing is
    made and nothing enters custody."""
    _tied(records, draft, language)


def _tied(
    records: RecordStore, draft: str, language: str
) -> tuple[str | None, list[str], dict[int, RecordView]]:
    """The draft's title and paragraphs, and the record of each fact it ties."""
    check_language(language)
    if len(draft) > MAX_DRAFT:
        raise DocketError(f"statement: the draft is longer than {MAX_DRAFT:,} characters")
    title, paragraphs = parse_draft(draft)
    wanted: dict[int, int] = {}
    for number, paragraph in enumerate(paragraphs, start=1):
        for match in FACT.finditer(paragraph):
            wanted.setdefault(int(match.group(1)), number)
    if not wanted:
        raise DocketError(
            "statement: the draft ties no fact; write [[#ID]] where a record's fact goes"
        )
    views: dict[int, RecordView] = {}
    for record_id, paragraph_number in wanted.items():
        try:
            views[record_id] = records.get(record_id, log=False)
        except RecordNotFound:
            # The same words for a hidden record as for a missing one.
            raise DocketError(
                f"statement paragraph {paragraph_number}: no record {record_id}"
            ) from None
    return title, paragraphs, views


def tie_fact(draft: str, record_id: int) -> str:
    """The draft with the fact of ``record_id`` tied in at its end: its last paragraph goes on
    with it, or a title alone is followed by a first paragraph holding it."""
    body = draft.replace("\r\n", "\n").rstrip()
    tie = f"[[#{record_id}]]"
    if not body:
        return f"{tie}\n"
    if "\n" not in body and f"{body} ".startswith("# "):
        # A title line alone: the fact would join the title.
        return f"{body}\n\n{tie}\n"
    return f"{body} {tie}\n"


def parse_draft(draft: str) -> tuple[str | None, list[str]]:
    """The title (a first line starting with "# ") and the paragraphs (blank-line separated)."""
    lines = draft.replace("\r\n", "\n").split("\n")
    title = None
    if lines and lines[0].startswith("# "):
        title = lines.pop(0)[2:].strip() or None
    blocks = re.split(r"\n\s*\n", "\n".join(lines))
    return title, [" ".join(block.split()) for block in blocks if block.strip()]
