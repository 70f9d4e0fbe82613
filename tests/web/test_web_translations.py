"""Every interface string has a Russian and a Kyrgyz translation with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from docket.web.i18n import LANGUAGES, LOCALES_DIR, choose_language, translations

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "docket" / "web"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")
TRANSLATED = sorted(set(LANGUAGES) - {"en"})
# Plural forms each language's grammar needs: Kyrgyz nouns stay singular after a number, but
# CLDR still gives it "one" and "other", so both forms are written (alike).
PLURAL_FORMS = {"ru": 3, "ky": 2}


def _interface_strings() -> set[str]:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    return {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(WEB, method_map, keywords=keywords)
    }


def _catalog(language: str) -> Catalog:
    with (LOCALES_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=language)


def _translated(language: str) -> dict[str, list[str]]:
    """Each source string with its translated forms; empty when any form is missing."""
    found: dict[str, list[str]] = {}
    for message in _catalog(language):
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            forms = [str(form) for form in message.string]
            complete = len(forms) == PLURAL_FORMS[language] and all(forms)
            for source in message.id:
                found[str(source)] = forms if complete else []
        else:
            found[str(message.id)] = [str(message.string)] if message.string else []
    return found


def test_every_translated_language_has_its_plural_rule() -> None:
    assert set(PLURAL_FORMS) == set(TRANSLATED)
    for language in TRANSLATED:
        assert _catalog(language).num_plurals == PLURAL_FORMS[language], language


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_interface_string_is_translated(language: str) -> None:
    translated = _translated(language)
    untranslated = sorted(s for s in _interface_strings() if not translated.get(s))
    assert not untranslated, (
        f"run `make messages`, translate into {language} (`make untranslated` lists them): "
        f"{untranslated[:10]}"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders(language: str) -> None:
    for source, forms in _translated(language).items():
        for form in forms:
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(form)), (
                f"{language}: {source!r}"
            )


def test_the_catalogs_load_and_translate() -> None:
    assert translations("ru").gettext("Sign in") == "Войти"
    assert translations("ky").gettext("Sign in") == "Кирүү"
    assert translations("en").gettext("Sign in") == "Sign in"
    items = translations("ky").ngettext("%(count)s item", "%(count)s items", 5)
    assert items % {"count": 5} == "5 материал"
    assert translations("ky").ngettext("%(count)s item", "%(count)s items", 1) == items


def test_the_language_follows_the_user_then_the_cookie_then_the_browser() -> None:
    assert choose_language("ru", "en", "en-US") == "ru"
    assert choose_language("ky", "ru", "ru-RU") == "ky"
    assert choose_language(None, "ru", "en-US") == "ru"
    assert choose_language(None, "ky", "ru-KG") == "ky"
    assert choose_language(None, None, "ru-KG,ru;q=0.9,en;q=0.5") == "ru"
    assert choose_language(None, None, "ky-KG") == "ky"
    assert choose_language(None, None, "ky-KG,ky;q=0.9,ru;q=0.8") == "ky"
    assert choose_language(None, None, "KY") == "ky"
    assert choose_language(None, None, "fr-FR,ky;q=0.5") == "ky"
    assert choose_language(None, None, "uz-UZ") == "en"
    assert choose_language(None, "xx", "") == "en"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_remembered_translations_are_what_jinja_gives(language: str) -> None:
    from jinja2 import Environment

    from docket.web.templating import environment

    plain = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    plain.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    source = (
        '{% autoescape false %}{{ _("<raw>") }}|{{ _(word) }}{% endautoescape %}|{{ _("<raw>") }}|'
        '{{ _("Search") }}|{{ gettext("Sign out") }}|{{ _("100%% <sure>") }}|'
        '{{ _("Saved as version %(version)s.", version="<b>") }}|{{ _(word) }}'
    )
    remembered = environment(language)
    for word in ("Search", "a <b> & c", "Search"):
        expected = plain.from_string(source).render(word=word)
        assert remembered.from_string(source).render(word=word) == expected
        assert remembered.from_string(source).render(word=word) == expected
    assert "Поиск" in environment("ru").from_string('{{ _("Search") }}').render()
    assert "Поиск" not in environment("en").from_string('{{ _("Search") }}').render()
