"""Switching the workspace to Kyrgyz in a real browser."""

from __future__ import annotations

from browser_support import Browsing
from playwright.sync_api import expect
from tests.web.web_support import add_person

from docket.web.i18n import translations

# A user of this test alone, so the language it chooses is seen by no other test.
KYRGYZ_USER = "kyrgyz-user"


def test_choosing_kyrgyz_turns_the_navigation_into_kyrgyz(browsing: Browsing) -> None:
    live = browsing.live
    if live.archive.accounts.by_name(KYRGYZ_USER) is None:
        add_person(live.archive, "analyst", name=KYRGYZ_USER)
    kyrgyz = translations("ky")
    page = browsing.as_user(KYRGYZ_USER)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option(label="Кыргызча")
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    expect(page).to_have_url(browsing.url("/"))
    navigation = page.get_by_role("navigation", name=kyrgyz.gettext("Main"))
    for english, shown in (
        ("Dashboard", "Башкы бет"),
        ("Search", "Издөө"),
        ("Records", "Жазуулар"),
        ("Timeline", "Хронология"),
        ("Exports", "Экспорт"),
    ):
        assert kyrgyz.gettext(english) == shown
        expect(navigation.get_by_role("link", name=shown)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Башкы бет")
    expect(page.get_by_role("button", name="Чыгуу")).to_be_visible()
    # The record list names its types in Kyrgyz too, from the record types file.
    navigation.get_by_role("link", name="Жазуулар").click()
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    expect(page.locator("main")).to_contain_text("Аракет (укук бузуу)")
    # Kept with the account, not only in this browser's language cookie.
    browsing.context.clear_cookies(name="docket_lang")
    page.goto("/account")
    expect(page.locator("html")).to_have_attribute("lang", "ky")


def test_the_sign_in_page_offers_kyrgyz(browsing: Browsing) -> None:
    page = browsing.new_page()
    page.goto("/login")
    page.get_by_role("link", name="Кыргызча").click()
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    expect(page.get_by_role("heading", level=1)).to_have_text("Кирүү")
    expect(page.get_by_role("button", name="Кирүү")).to_be_visible()
