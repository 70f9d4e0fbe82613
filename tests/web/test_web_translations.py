"""Every interface string has a Russian translation with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from docket.web.i18n import LOCALES_DIR, choose_language, translations

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "docket" / "web"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")


def _interface_strings() -> set[str]:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    return {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(WEB, method_map, keywords=keywords)
    }


def _russian() -> dict[str, str]:
    with (LOCALES_DIR / "ru" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale="ru")
    found = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            # A plural: every Russian form must be there, each with the placeholders.
            forms = [str(form) for form in message.string]
            complete = len(forms) == 3 and all(forms)
            found[str(message.id[0])] = forms[2] if complete else ""
            found[str(message.id[1])] = forms[2] if complete else ""
        else:
            found[str(message.id)] = str(message.string)
    return found


def test_every_interface_string_is_translated_to_russian() -> None:
    russian = _russian()
    untranslated = sorted(s for s in _interface_strings() if not russian.get(s))
    assert not untranslated, f"run `make messages` and translate: {untranslated[:10]}"


def test_translations_keep_their_placeholders() -> None:
    for source, target in _russian().items():
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(target)), source


def test_the_catalog_loads_and_translates() -> None:
    assert translations("ru").gettext("Sign in") == "Войти"
    assert translations("en").gettext("Sign in") == "Sign in"


def test_the_language_follows_the_user_then_the_cookie_then_the_browser() -> None:
    assert choose_language("ru", "en", "en-US") == "ru"
    assert choose_language(None, "ru", "en-US") == "ru"
    assert choose_language(None, None, "ru-KG,ru;q=0.9,en;q=0.5") == "ru"
    assert choose_language(None, None, "ky-KG") == "en"
    assert choose_language(None, "xx", "") == "en"
