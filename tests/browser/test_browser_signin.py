"""Signing in with a one-time code, signing out, and the interface in Russian, in a real browser."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pyotp
from browser_support import LANGUAGE_USER, PASSWORD, SIGN_IN_ADMIN, Browsing
from playwright.sync_api import Page, expect

from docket.web.i18n import translations


def test_an_admin_signs_in_with_a_one_time_code_and_signs_out(
    browsing: Browsing, screenshot: Callable[[Page, str], Path]
) -> None:
    admin = browsing.live.people[SIGN_IN_ADMIN]
    assert admin.totp_secret is not None
    page = browsing.new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "login")

    page.get_by_label("User name").fill(admin.name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/login/2fa"))
    # Signed in by password only, nothing else opens yet.
    page.goto("/account")
    expect(page).to_have_url(re.compile(r"/login/2fa"))

    page.get_by_label("Code").fill(pyotp.TOTP(admin.totp_secret).now())
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(browsing.url("/"))
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    expect(page.locator("header .who")).to_contain_text(admin.name)
    # The admin's own pages are in the main navigation.
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Users")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/account")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Faccount$"))
    assert not [c for c in browsing.context.cookies() if c["name"] == "docket_session"]


def test_a_wrong_code_keeps_the_door_shut(browsing: Browsing) -> None:
    admin = browsing.live.people["admin"]
    assert admin.totp_secret is not None
    page = browsing.new_page()
    page.goto("/login")
    page.get_by_label("User name").fill(admin.name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/login/2fa"))
    valid = pyotp.TOTP(admin.totp_secret).now()
    wrong = f"{(int(valid) + 1) % 1_000_000:06d}"
    browsing.watch.expect_failure(browsing.url("/login/2fa"))
    page.get_by_label("Code").fill(wrong)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("not valid")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/2fa"))


def test_the_interface_switches_to_russian_and_stays_so(
    browsing: Browsing, screenshot: Callable[[Page, str], Path]
) -> None:
    russian = translations("ru")
    page = browsing.as_user(LANGUAGE_USER)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("ru")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page).to_have_url(browsing.url("/"))
    navigation = page.get_by_role("navigation", name=russian.gettext("Main"))
    for english in ("Dashboard", "Search", "Records"):
        shown = russian.gettext(english)
        assert shown != english, f"{english!r} has no Russian translation in the catalogue"
        expect(navigation).to_contain_text(shown)
    expect(page.get_by_role("heading", level=1)).to_have_text(russian.gettext("Dashboard"))
    expect(page.get_by_role("button", name=russian.gettext("Sign out"))).to_be_visible()
    screenshot(page, "dashboard_ru")
    # The choice is kept with the account, not only in this browser's language cookie.
    browsing.context.clear_cookies(name="docket_lang")
    page.goto("/account")
    expect(page.locator("html")).to_have_attribute("lang", "ru")


def test_the_sign_in_page_offers_russian_before_signing_in(browsing: Browsing) -> None:
    russian = translations("ru")
    page = browsing.new_page()
    page.goto("/login")
    page.get_by_role("link", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    sign_in = russian.gettext("Sign in")
    assert sign_in != "Sign in", "'Sign in' has no Russian translation in the catalogue"
    expect(page.get_by_role("heading", level=1)).to_have_text(sign_in)
    expect(page.get_by_role("button", name=sign_in)).to_be_visible()
