"""The review form as a browser without JavaScript would submit it."""

from __future__ import annotations

from html.parser import HTMLParser


class _AcceptForm(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.fields: dict[str, str] = {}
        self.select: str | None = None
        self.first_option: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form" and "accept-form" in found.get("class", ""):
            self.inside = True
        if not self.inside:
            return
        name = found.get("name")
        if tag == "input" and name:
            kind = found.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in found:
                    self.fields[name] = found.get("value") or "on"
            else:
                self.fields[name] = found.get("value", "")
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select:
            self.first_option.setdefault(self.select, found.get("value", ""))
            if "selected" in found:
                self.fields[self.select] = found.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        if tag == "select" and self.select:
            self.fields.setdefault(self.select, self.first_option.get(self.select, ""))
            self.select = None


def accept_form(html: str) -> dict[str, str]:
    """The fields the accept form of a review page posts as it stands."""
    parser = _AcceptForm()
    parser.feed(html)
    return parser.fields


def row_of(fields: dict[str, str], field_name: str, nth: int = 0) -> str:
    """The prefix (``v3.``) of the form row holding a value of ``field_name``."""
    rows = sorted(
        (key[: -len("field")] for key, value in fields.items() if key.endswith(".field")),
        key=lambda prefix: int(prefix[1:-1]),
    )
    return [prefix for prefix in rows if fields[prefix + "field"] == field_name][nth]
