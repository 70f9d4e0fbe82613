"""What the date finder reads in a sentence, in the form the date tests compare: each phrase with
its value's canonical form."""

from __future__ import annotations

from datetime import date

from docket.extract.relative_dates import dates_in


def read_dates(text: str, language: str, on: date) -> list[tuple[str, str]]:
    """Every date phrase of ``text`` with its canonical value, read as of ``on``."""
    return [
        (text[start:end], value.canonical()) for start, end, value in dates_in(text, language, on)
    ]


def assert_wording_read(row: tuple[object, ...], document: date) -> None:
    """A row ``(language, text, phrase, value[, document date])``: the phrase is read so."""
    language, text, phrase, value = (str(part) for part in row[:4])
    on = row[4] if len(row) > 4 else document
    assert isinstance(on, date)
    assert (phrase, value) in read_dates(text, language, on)
