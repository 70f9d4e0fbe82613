"""The record page's values and their sources, written out in its body part, show exactly what
the records pages' shared pieces (``records_macros.html``) show, without a call of a piece for
each value."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from jinja2 import runtime

from docket.web.templating import environment

_CITATIONS = (
    SimpleNamespace(item=3, start=1, end=5, quote="a <b> & c", drifted=True),
    SimpleNamespace(item=4, start=0, end=2, quote=None, drifted=False),
)
# Every kind of value: withheld, a link to a record, yes, no, text; with and without sources.
_VALUES = (
    SimpleNamespace(redacted=True, ref=None, flag=None, text="x", reason=None, citations=()),
    SimpleNamespace(
        redacted=False, ref=7, flag=None, text="R <&>", reason="why <", citations=_CITATIONS
    ),
    SimpleNamespace(
        redacted=False, ref=None, flag=True, text="", reason=None, citations=_CITATIONS[:1]
    ),
    SimpleNamespace(redacted=False, ref=None, flag=False, text="", reason="", citations=()),
    SimpleNamespace(
        redacted=False, ref=None, flag=None, text="plain & <i>", reason=None, citations=_CITATIONS
    ),
)
# The body's list of values, each shown through the shared pieces: what the page showed before.
_THROUGH_MACROS = """{% import "records_macros.html" as m %}
    <ul class="values">
      {% for v in values %}
      <li>
        <span class="value">{{ m.value(v) }}</span>
        {% if v.reason %}<span class="muted">({{ v.reason }})</span>{% endif %}
        {{ m.citations(v.citations) }}
      </li>
      {% endfor %}
    </ul>
"""


def _body(language: str, values: tuple[Any, ...]) -> str:
    pager = SimpleNamespace(pages=1, total=1)
    stamps = SimpleNamespace(created_at=None, updated_at=None, created_by="a", updated_by="b")
    return (
        environment(language)
        .get_template("record_body.html")
        .render(
            record=stamps,
            fields=[SimpleNamespace(label="F", protected=False, conflicting=False, values=values)],
            referrers=[],
            refs_pager=pager,
            identity=None,
            same_as=[],
            same_pager=pager,
        )
    )


@pytest.mark.parametrize("language", ["en", "ru", "ky"])
def test_values_show_as_the_shared_pieces_show_them(language: str) -> None:
    expected = environment(language).from_string(_THROUGH_MACROS).render(values=_VALUES)
    body = _body(language, _VALUES)
    assert expected.strip("\n") in body
    assert body.count('<ul class="citations">') == 3


def test_values_are_shown_without_a_call_of_a_piece_for_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    original = runtime.Macro.__call__

    def counted(self: runtime.Macro, *args: Any, **kwargs: Any) -> str:
        calls.append(self.name)
        return original(self, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(runtime.Macro, "__call__", counted)
    body = _body("en", _VALUES * 20)
    assert body.count('<span class="value">') == 100
    assert "value" not in calls
    assert "citations" not in calls
