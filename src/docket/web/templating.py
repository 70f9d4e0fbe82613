"""Jinja2 pages in the user's language, autoescaped, with the helpers every page needs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, cast

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from docket.web.i18n import LANGUAGES, locale_of, translations

TEMPLATES_DIR: Final = Path(__file__).parent / "templates"
# Far more than the messages of all the templates (fewer than a thousand).
_REMEMBERED_MESSAGES: Final = 4096
# The main menu's sections, by the start of their pages' paths ("/" is the dashboard alone).
MENU_SECTIONS: Final = (
    "/search",
    "/items",
    "/review",
    "/records",
    "/links",
    "/timeline",
    "/map",
    "/upload",
    "/capture",
    "/exports",
    "/reports",
    "/estimates",
    "/admin/users",
    "/admin/backups",
)


@functools.cache
def environment(language: str) -> Environment:
    """One environment per language, so a page never mixes two users' translations."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates ship with the code: compiled once, never looked at on disk again (a
        # page would otherwise check each of its templates' files on every request).
        auto_reload=False,
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    gettext = cast(Callable[..., str], env.globals["gettext"])
    env.globals["gettext"] = env.globals["_"] = _remembered_gettext(gettext)
    locale = locale_of(language)
    env.filters["number"] = _remembered(lambda value: format_decimal(value, locale=locale))
    env.filters["day"] = _remembered(lambda value: _format_day(value, locale))
    env.filters["moment"] = _remembered(lambda value: _format_moment(value, locale))
    env.globals["LANGUAGES"] = LANGUAGES
    env.globals["language"] = language
    env.globals["main_menu"] = _main_menu(env)
    env.globals["language_choice"] = functools.cache(
        lambda: Markup(env.get_template("language_choice.html").render())  # noqa: S704
    )
    return env


def menu_section(path: str) -> str | None:
    """The main menu's section a page at ``path`` belongs to, if any."""
    if path == "/":
        return path
    return next((section for section in MENU_SECTIONS if path.startswith(section)), None)


def _main_menu(env: Environment) -> Callable[[str, str], Markup]:
    """The main menu of a page at a path for a role, rendered once per section and role: it is
    the same on every page of a section. With the language choice (the same on every page in
    one language) it was three fifths of the time a kept record page spent in its template."""

    @functools.cache
    def rendered(role: str, section: str | None) -> Markup:
        html = env.get_template("main_menu.html").render(role=role, current=section)
        return Markup(html)  # noqa: S704 - rendered by an autoescaping environment

    def main_menu(role: str, path: str) -> Markup:
        return rendered(role, menu_section(path))

    return main_menu


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


def _remembered_gettext(gettext: Callable[..., str]) -> Callable[..., str]:
    """Jinja's gettext answering a message that takes no values from memory: a page looks up
    the same thirty labels of its menus and forms on every request, and each lookup escaped and
    %-formatted the translation again. The environment has one language, so a message and the
    escaping mode decide the answer; messages with values are translated anew, and so is
    everything once as many messages as the templates hold are remembered (an error message
    shown through gettext can carry what a user typed)."""
    known: dict[tuple[str, bool], str] = {}

    @pass_context
    def remembered(context: Context, message: str, /, **variables: Any) -> str:
        if variables:
            return gettext(context, message, **variables)
        key = (message, context.eval_ctx.autoescape)
        found = known.get(key)
        if found is None:
            found = gettext(context, message)
            if len(known) < _REMEMBERED_MESSAGES:
                known[key] = found
        return found

    return remembered


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


def render_part(request: Request, template: str, context: dict[str, Any]) -> Markup:
    """A piece of a page in the request's language, from ``context`` alone: nothing of who is
    signed in (user, CSRF token) reaches it, so it may be kept and placed in others' pages."""
    language = getattr(request.state, "language", "en")
    html = environment(language).get_template(template).render(context)
    return Markup(html)  # noqa: S704 - rendered by an autoescaping environment
