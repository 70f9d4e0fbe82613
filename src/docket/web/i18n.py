"""The workspace's languages: English, Russian and Kyrgyz, from Babel catalogs in ``locales/``.

Catalogs are read from their ``.po`` source when the app starts, so there is no compiled file
to forget to rebuild. Content (documents, names) is shown in whatever script it was written in;
only the interface is translated.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Final

from babel import Locale, negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGUAGES: Final = {"en": "English", "ru": "Русский", "ky": "Кыргызча"}
DEFAULT_LANGUAGE: Final = "en"
LOCALES_DIR: Final = Path(__file__).parent / "locales"


@functools.cache
def translations(language: str) -> NullTranslations:
    """The interface translations for ``language``; English is the source and needs none."""
    catalog_path = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == DEFAULT_LANGUAGE or not catalog_path.exists():
        return NullTranslations()
    with catalog_path.open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def choose_language(preferred: str | None, cookie: str | None, accept_language: str) -> str:
    """The user's saved choice, else the language cookie, else what the browser asks for."""
    for choice in (preferred, cookie):
        if choice in LANGUAGES:
            return str(choice)
    wanted = [part.split(";")[0].strip().replace("-", "_") for part in accept_language.split(",")]
    found = negotiate_locale([w for w in wanted if w], list(LANGUAGES), sep="_")
    if found is None:
        # "ru_KG" should still give Russian, "ky_KG" Kyrgyz.
        for code in wanted:
            base = code.split("_")[0].lower()
            if base in LANGUAGES:
                return base
        return DEFAULT_LANGUAGE
    # Babel answers in the browser's spelling ("KY"); the catalogs are named in lower case.
    language = str(found).split("_")[0].lower()
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def locale_of(language: str) -> Locale:
    return Locale.parse(language)


def N_(message: str) -> str:
    """Mark a message for translation where it is defined; the template translates it."""
    return message


# Role names are shown translated; marked here so the catalogs keep them.
ROLE_NAMES: Final = (N_("admin"), N_("editor"), N_("analyst"), N_("viewer"))
# Confidentiality levels and kinds of proposals, shown as stored.
STORED_NAMES: Final = (
    N_("public"),
    N_("restricted"),
    N_("confidential"),
    N_("person"),
    N_("organization"),
    N_("place"),
    N_("act"),
    N_("intervention"),
)
