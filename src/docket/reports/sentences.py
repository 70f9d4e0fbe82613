"""A record as one sentence of a report: its date, kind and name, then what its fields say, in
the report's language; the values the viewer may not read are left out without a trace."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docket.model.dates import UncertainDate
from docket.records import REDACTED, Citation, RecordView
from docket.reports.document import Sentence
from docket.reports.footnotes import Footnotes
from docket.reports.labels import word
from docket.reports.wording import uncertain, value_text


def title_of(view: RecordView, language: str) -> str:
    names = names_in(view, language)
    title = view.title_with(lambda spec, value: value_text(spec, value, names, language))
    return title or f"{view.type.label(language)} #{view.id}"


def names_in(view: RecordView, language: str) -> Mapping[int, str]:
    """The titles of the records ``view`` points to, in the report's language."""
    if language == "en":
        return view.names
    return view.linked_titles(lambda linked: title_of(linked, language))


def sentence(
    view: RecordView,
    when: UncertainDate | None,
    language: str,
    footnotes: Footnotes,
    *,
    lead: str | None = None,
) -> Sentence:
    """The fact ``view`` records, with a footnote for every citation of a value it states."""
    head = f"{view.type.label(language)}: {title_of(view, language)}"
    if lead:
        head = f"{lead} {head}"
    if when is not None:
        head = f"{uncertain(when, language)} — {head}"
    titled = _titled(view)
    names = names_in(view, language)
    parts: list[str] = []
    cited: list[tuple[int, Citation]] = []
    protected = False
    for name, spec in view.type.fields.items():
        values = sorted(
            (v for v in view.field_values(name) if not v.redacted),
            key=lambda v: (not v.preferred, v.id),
        )
        if not values:
            continue
        cited += [(v.added_version, c) for v in values for c in v.citations]
        if name in titled or name == view.type.date_field:
            continue
        label = spec.label(language)
        if spec.protected:
            protected = True
            label = f"{label} [{word('protected', language)}]"
        shown = "; ".join(value_text(spec, v.value, names, language) for v in values)
        parts.append(f"{label}: {shown}")
    text = head + (". " + ". ".join(parts) if parts else "") + "."
    notes = tuple(footnotes.notes_for(view, cited))
    return Sentence(
        text=text,
        record_id=view.id,
        notes=notes,
        protected=protected,
        drifted=any(note.drifted for note in notes),
    )


def shown(view: RecordView) -> dict[str, Any]:
    """The record as JSON with only what the audience may read: a redacted value would tell
    that something is kept from them, so it is left out."""
    data = view.to_json()
    fields = {
        name: [value for value in values if value["value"] != REDACTED]
        for name, values in data["fields"].items()
    }
    data["fields"] = {name: values for name, values in fields.items() if values}
    return data


def _titled(view: RecordView) -> set[str]:
    """The fields the title already states: all of a joined title, else its first with a value."""
    with_values = [
        name for name in view.type.title if any(not v.redacted for v in view.field_values(name))
    ]
    return set(with_values if view.type.title_joins else with_values[:1])
