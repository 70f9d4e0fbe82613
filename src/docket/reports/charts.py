"""Bar charts as inline SVG: drawn from figures the report already shows in its table, so a
chart never tells more than the words beside it, and nothing is fetched to draw it."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

_WIDTH = 640
_BAR_AREA = 180
_LABEL_AREA = 60


def bar_chart(title: str, bars: Sequence[tuple[str, int]]) -> str:
    """An SVG of one bar per (label, value), labels and title escaped."""
    if not bars:
        return ""
    top = max(value for _, value in bars) or 1
    step = _WIDTH / len(bars)
    width = min(max(step * 0.7, 1.0), 48.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {_WIDTH} {_BAR_AREA + _LABEL_AREA + 20}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(bars):
        height = _BAR_AREA * value / top
        x = index * step + (step - width) / 2
        y = 20 + _BAR_AREA - height
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
            'fill="#4a5d7a"/>'
        )
        parts.append(
            f'<text x="{x + width / 2:.1f}" y="{y - 4:.1f}" font-size="11" '
            f'text-anchor="middle">{value}</text>'
        )
        parts.append(
            f'<text x="{x + width / 2:.1f}" y="{20 + _BAR_AREA + 14}" font-size="10" '
            f'text-anchor="end" transform="rotate(-40 {x + width / 2:.1f} '
            f'{20 + _BAR_AREA + 14})">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
