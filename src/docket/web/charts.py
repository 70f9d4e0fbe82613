"""Charts drawn on the server as SVG: readable without JavaScript, printable, and accessible.

Each chart names itself (``<title>``) and says what it shows (``<desc>``) for screen readers; the
page puts a data table next to it for anyone who prefers the numbers. Colours and fonts come from
CSS classes, never from style attributes, because the content security policy forbids them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from markupsafe import Markup, escape

# Geometry in SVG user units; the CSS scales the whole picture to the width available.
WIDTH: Final = 640
BAR_HEIGHT: Final = 22
BAR_GAP: Final = 6
LABEL_WIDTH: Final = 260
VALUE_WIDTH: Final = 60
COLUMN_AREA: Final = 200
AXIS_SPACE: Final = 48
MAX_LABEL_CHARS: Final = 36

_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    """One labelled value; ``note`` is said to screen readers after the number."""

    label: str
    value: int
    note: str = ""


def _shorten(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _frame(width: int, height: int, title: str, description: str, body: list[str]) -> Markup:
    # Unique ids per chart, so two charts on one page label themselves correctly.
    n = next(_ids)
    title_id, desc_id = f"chart-title-{n}", f"chart-desc-{n}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{title_id} {desc_id}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
    )
    # Every text part above went through escape(); the rest are numbers we computed.
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704


def bar_chart(bars: Sequence[Bar], *, title: str, description: str) -> Markup:
    """Horizontal bars, one per label, longest first as given: for categories with long names."""
    height = max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    most = max((bar.value for bar in bars), default=0)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    body: list[str] = []
    for index, bar in enumerate(bars):
        y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        length = 0 if most == 0 else max(1, round(span * bar.value / most))
        middle = y + BAR_HEIGHT / 2
        said = f"{bar.label}: {_number(bar.value)}" + (f" {bar.note}" if bar.note else "")
        body.append(
            f'<g class="chart-row"><title>{escape(said)}</title>'
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{middle}" '
            f'text-anchor="end" dominant-baseline="middle">{escape(_shorten(bar.label))}</text>'
            f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{y}" width="{length}" '
            f'height="{BAR_HEIGHT}"/>'
            f'<text class="chart-value" x="{LABEL_WIDTH + length + 6}" y="{middle}" '
            f'dominant-baseline="middle">{escape(_number(bar.value))}</text></g>'
        )
    return _frame(WIDTH, height, title, description, body)


def column_chart(bars: Sequence[Bar], *, title: str, description: str) -> Markup:
    """Vertical columns in the order given: for a series such as months."""
    count = max(1, len(bars))
    slot = (WIDTH - 2 * BAR_GAP) / count
    column = max(2.0, slot * 0.7)
    height = COLUMN_AREA + AXIS_SPACE
    most = max((bar.value for bar in bars), default=0)
    # Label only as many columns as fit side by side; every column keeps its own tooltip.
    label_every = max(1, round(count / 12))
    body = [
        f'<line class="chart-axis" x1="{BAR_GAP}" y1="{COLUMN_AREA}" '
        f'x2="{WIDTH - BAR_GAP}" y2="{COLUMN_AREA}"/>'
    ]
    for index, bar in enumerate(bars):
        x = BAR_GAP + index * slot + (slot - column) / 2
        tall = 0 if most == 0 else max(1, round((COLUMN_AREA - 20) * bar.value / most))
        said = f"{bar.label}: {_number(bar.value)}" + (f" {bar.note}" if bar.note else "")
        centre = x + column / 2
        parts = [
            f'<g class="chart-column"><title>{escape(said)}</title>'
            f'<rect class="chart-bar" x="{x:.1f}" y="{COLUMN_AREA - tall}" '
            f'width="{column:.1f}" height="{tall}"/>'
        ]
        if bar.value and count <= 24:
            parts.append(
                f'<text class="chart-value" x="{centre:.1f}" y="{COLUMN_AREA - tall - 4}" '
                f'text-anchor="middle">{escape(_number(bar.value))}</text>'
            )
        if index % label_every == 0:
            parts.append(
                f'<text class="chart-label" x="{centre:.1f}" y="{COLUMN_AREA + 16}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
        parts.append("</g>")
        body.append("".join(parts))
    return _frame(WIDTH, height, title, description, body)
