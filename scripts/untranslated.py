"""List the interface strings a catalog does not translate yet, one language after another.

Run after `make messages` (which merges new strings into every catalog): prints each missing
msgid as a ready-to-search line and exits 1 when any language has a gap, so it can gate a
merge. `make untranslated` runs it; `LANGUAGES="ky"` limits it to the languages named.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "src" / "docket" / "web"
LOCALES = WEB / "locales"
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def interface_strings() -> set[str]:
    return {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(WEB, METHODS, keywords=KEYWORDS)
    }


def translated(catalog: Catalog) -> set[str]:
    """The msgids with every form filled and not marked fuzzy."""
    done = set()
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(message.id, tuple):
            complete = len(forms) == catalog.num_plurals and all(forms)
            source = str(message.id[0])
        else:
            complete = bool(forms[0])
            source = str(message.id)
        if complete:
            done.add(source)
    return done


def main() -> int:
    wanted = os.environ.get("LANGUAGES", "").split()
    languages = wanted or sorted(path.name for path in LOCALES.iterdir() if path.is_dir())
    strings = interface_strings()
    gaps = 0
    for language in languages:
        path = LOCALES / language / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            print(f"{language}: no catalog at {path.relative_to(ROOT)}")
            gaps += 1
            continue
        with path.open("rb") as source:
            missing = sorted(strings - translated(read_po(source, locale=language)))
        print(f"{language}: {len(missing)} untranslated of {len(strings)}")
        for text in missing:
            print(f"  {text!r}")
        gaps += len(missing)
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
