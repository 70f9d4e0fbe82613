"""Which links a capture may fetch: http(s) only, never into a private network."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.capture import CaptureOptions, CaptureRefused, InvalidCaptureOption, parse_links
from docket.capture.address import check_host, check_url, is_public
from docket.capture.options import parse_proxy


def _public(_: str) -> list[str]:
    return ["93.184.215.14"]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "file: links are not captured"),
        ("javascript:alert(1)", "javascript: links are not captured"),
        ("data:text/html,<b>x</b>", "data: links are not captured"),
        ("ftp://example.org/x", "ftp: links are not captured"),
        ("example.org/page", "no scheme links are not captured"),
        ("http://", "the link names no host"),
        ("http://example.org:99999/", "not a valid link"),
        ("http://exa mple.org/", "not a valid link"),
        ("   ", "empty link"),
    ],
)
def test_links_that_are_not_web_addresses_are_refused(url: str, reason: str) -> None:
    with pytest.raises(CaptureRefused, match=reason):
        check_url(url)


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.1",
        "2130706433",
        "0x7f.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "[::1]",
        "[fe80::1]",
        "[fd00::1]",
        "[::ffff:10.0.0.1]",
        "0.0.0.0",
        "100.64.0.1",
    ],
)
def test_private_and_local_addresses_are_refused(host: str) -> None:
    with pytest.raises(CaptureRefused, match="private or local address"):
        check_host(f"http://{host}/", _public)


@pytest.mark.parametrize("host", ["localhost", "printer.local", "intranet.internal", "a.localhost"])
def test_local_names_are_refused_without_asking_dns(host: str) -> None:
    def never(_: str) -> list[str]:
        raise AssertionError("a local name must not be looked up")

    with pytest.raises(CaptureRefused, match="local name"):
        check_host(f"http://{host}/", never)


def test_a_name_resolving_into_a_private_network_is_refused() -> None:
    with pytest.raises(
        CaptureRefused, match=r"resolves to a private or local address \(10\.0\.0\.5\)"
    ):
        check_host("https://news.example.org/", lambda _: ["93.184.215.14", "10.0.0.5"])
    with pytest.raises(CaptureRefused, match="does not resolve"):
        check_host("https://gone.example.org/", lambda _: [])
    check_host("https://news.example.org/a?b=c", _public)


def test_behind_a_proxy_names_are_not_looked_up_but_addresses_are_still_judged() -> None:
    options = CaptureOptions(proxy="socks5://127.0.0.1:9050")
    assert options.resolver() is None
    check_host("https://news.example.org/", options.resolver())
    with pytest.raises(CaptureRefused):
        check_host("http://192.168.0.1/", options.resolver())


@given(st.ip_addresses())
def test_is_public_agrees_with_the_address_registry(address: ipaddress._BaseAddress) -> None:
    expected = address.is_global and not address.is_multicast
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        mapped = address.ipv4_mapped
        expected = mapped.is_global and not mapped.is_multicast
    assert is_public(str(address)) is expected


@given(st.text(max_size=200))
def test_check_url_accepts_or_refuses_any_text_in_one_line(text: str) -> None:
    outcome: str
    try:
        outcome = check_url(text)
    except CaptureRefused as refused:
        outcome = str(refused)
        assert "\n" not in outcome
        return
    assert outcome.split(":", 1)[0].lower() in ("http", "https")


def test_proxies() -> None:
    assert parse_proxy("socks5://127.0.0.1:9050") == {"server": "socks5://127.0.0.1:9050"}
    assert parse_proxy("http://me:s%40cret@proxy.example.org:3128") == {
        "server": "http://proxy.example.org:3128",
        "username": "me",
        "password": "s@cret",
    }
    for bad, reason in [
        ("tor", "proxy must start with"),
        ("socks5://127.0.0.1", "host and a port"),
        ("socks5://me:pw@127.0.0.1:9050", "cannot log in to a SOCKS proxy"),
    ]:
        with pytest.raises(InvalidCaptureOption, match=reason):
            CaptureOptions(proxy=bad)


def test_lists_of_links() -> None:
    text = (
        "url,note\n"
        "https://a.example.org/1,from the Telegram channel\n"
        "\n"
        "# kept for later\n"
        "https://b.example.org/2\n"
        '"https://c.example.org/3","quoted, with a comma"\n'
    )
    found = parse_links(text)
    assert [(r.url, r.note) for r in found] == [
        ("https://a.example.org/1", "from the Telegram channel"),
        ("https://b.example.org/2", None),
        ("https://c.example.org/3", "quoted, with a comma"),
    ]


@given(st.text(max_size=500))
def test_any_text_reads_as_a_list_of_links_without_blanks(text: str) -> None:
    for request in parse_links(text):
        assert request.url == request.url.strip()
        assert request.url and not request.url.startswith("#")
        assert request.note is None or request.note.strip() == request.note
