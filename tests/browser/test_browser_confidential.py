"""A viewer never meets a confidential record: not by address, list, search, count or map."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from browser_support import Browsing
from playwright.sync_api import expect

SECRET = "SECRETWORD"
# Words of the confidential item and records that a viewer must find nowhere.
HIDDEN = (SECRET, "Nurlanova", "Asel", "testimony")


def test_a_viewer_gets_not_found_for_a_confidential_record_and_item(browsing: Browsing) -> None:
    seeded = browsing.live.seeded
    page = browsing.as_user("viewer")
    for path in (
        f"/records/{seeded.acts['confidential']}",
        f"/records/{seeded.people['confidential']}",
        f"/records/{seeded.people['confidential']}/history",
        f"/items/{seeded.items['confidential']}",
    ):
        browsing.watch.expect_failure(browsing.url(path))
        response = page.goto(path)
        assert response is not None
        assert response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        for word in HIDDEN:
            assert word not in page.content(), f"{word} on {path}"
    # The same kind of address of a record the viewer may see opens.
    response = page.goto(f"/records/{seeded.acts['public']}")
    assert response is not None
    assert response.status == 200
    expect(page.locator("main")).to_contain_text("PUBLICWORD")


def _not_typed(path: str) -> list[str]:
    """The hidden words to look for on a page: all but the one typed, which the form shows back."""
    query = re.search(r"[?&]q=([^&]+)", path)
    typed = unquote(query.group(1)) if query else ""
    return [word for word in HIDDEN if word.casefold() not in typed.casefold()]


def test_a_viewer_finds_no_trace_of_a_confidential_record_anywhere(browsing: Browsing) -> None:
    seeded = browsing.live.seeded
    hidden_links = [
        f"/records/{seeded.acts['confidential']}",
        f"/records/{seeded.people['confidential']}",
        f"/items/{seeded.items['confidential']}",
    ]
    page = browsing.as_user("viewer")
    pages = [
        "/",
        "/records",
        "/records?type=act",
        "/records?type=person",
        f"/records?q={SECRET}",
        "/timeline",
        "/map",
        "/items",
        f"/search?q={SECRET}",
        "/search?q=Nurlanova",
        f"/search?q={quote('Нурланова')}",
        "/search?q=testimony",
        "/search?q=beaten",
    ]
    for path in pages:
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        html = page.content()
        for hidden in hidden_links:
            assert f'href="{hidden}"' not in html, f"a link to {hidden} on {path}"
        for word in _not_typed(path):
            assert word not in html, f"{word} on {path}"
    # Searches for the hidden words find nothing at all, as if the item did not exist.
    page.goto(f"/search?q={SECRET}")
    expect(page.get_by_role("status")).to_contain_text("0 items found")
    # What the viewer may see is there, so the pages above were not simply empty.
    page.goto("/search?q=PUBLICWORD")
    expect(page.get_by_role("status")).to_contain_text("1 item found")
    page.goto("/records?type=person")
    expect(page.locator("main")).to_contain_text("Almazbek Atambayev")
