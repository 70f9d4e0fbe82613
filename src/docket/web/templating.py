"""Jinja2 pages in the user's language, autoescaped, with the helpers every page needs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from docket.web.i18n import LANGUAGES, locale_of, translations

TEMPLATES_DIR: Final = Path(__file__).parent / "templates"


@functools.cache
def environment(language: str) -> Environment:
    """One environment per language, so a page never mixes two users' translations."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    locale = locale_of(language)
    env.filters["number"] = _remembered(lambda value: format_decimal(value, locale=locale))
    env.filters["day"] = _remembered(lambda value: _format_day(value, locale))
    env.filters["moment"] = lambda value: _format_moment(value, locale)
    env.globals["LANGUAGES"] = LANGUAGES
    env.globals["language"] = language
    return env


def _remembered(formatter: Callable[[Any], str]) -> Callable[[Any], str]:
    """``formatter`` answering again from memory for a value it has formatted: a page of
    results formats the same counts and days over and over, and Babel takes a fifth of a
    millisecond for each. Values that cannot be remembered (unhashable) are formatted anew."""
    remembered = functools.lru_cache(maxsize=4096)(formatter)

    def formatted(value: Any) -> str:
        try:
            return remembered(value)
        except TypeError:
            return formatter(value)

    return formatted


def _format_day(value: object, locale: Any) -> str:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    if isinstance(value, date):
        return format_date(value, "medium", locale=locale)
    return "" if value is None else str(value)


def _format_moment(value: object, locale: Any) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        return format_datetime(value, "medium", locale=locale)
    return "" if value is None else str(value)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render ``template`` for this request: its language, user, CSRF token and path."""
    language = getattr(request.state, "language", "en")
    values: dict[str, Any] = {
        "request": request,
        "user": getattr(request.state, "user", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "path": request.url.path,
    }
    values.update(context or {})
    html = environment(language).get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code)
