"""Archived pages as replay serves them: no active content, every address back to the archive."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import example, given
from hypothesis import strategies as st

from docket.capture import charset_of, rewrite_css, rewrite_html

BASE = "https://news.example.org/2026/article.html"


def _link(address: str) -> str:
    return "/replay?url=" + quote(address, safe="")


def test_scripts_frames_and_handlers_go_and_addresses_point_at_the_archive() -> None:
    page = (
        b"<html><head><base href='https://evil.example/'><meta http-equiv='refresh' "
        b"content='0;url=https://evil.example/'><script>alert(1)</script>"
        b"<link rel='stylesheet' href='/site.css'><style>body{background:url(bg.png)}</style>"
        b"</head><body onload='steal()'><img src='photo.jpg' srcset='a.jpg 1x, /b.jpg 2x'>"
        b"<iframe src='https://ads.example/'></iframe><a href='javascript:alert(1)'>x</a>"
        b"<a href='#top'>top</a><div style=\"background:url('/d.png')\"></div>"
        b"<object data='x.swf'></object><img src='data:image/png;base64,AAAA'></body></html>"
    )
    out = rewrite_html(page, BASE, _link).decode()
    for gone in ("<script", "<iframe", "<object", "<base", "refresh", "onload", "javascript:"):
        assert gone not in out
    assert _link("https://news.example.org/site.css") in out
    assert _link("https://news.example.org/2026/bg.png") in out
    assert _link("https://news.example.org/2026/photo.jpg") in out
    assert _link("https://news.example.org/2026/a.jpg") + " 1x" in out
    assert _link("https://news.example.org/b.jpg") + " 2x" in out
    assert _link("https://news.example.org/d.png") in out
    assert 'href="#top"' in out
    assert "data:image/png;base64,AAAA" in out


def test_a_page_in_another_charset_is_served_as_utf8() -> None:
    page = "<html><head><meta charset='windows-1251'></head><body><p>Задержаны двенадцать</p>"
    raw = page.encode("cp1251")
    out = rewrite_html(raw, BASE, _link, "windows-1251").decode("utf-8")
    assert "Задержаны двенадцать" in out
    assert "windows-1251" not in out
    assert charset_of([("Content-Type", 'text/html; charset="windows-1251"')]) == "windows-1251"
    assert charset_of([("Content-Type", "text/html")]) is None


def test_css_imports_and_urls_are_rewritten() -> None:
    css = '@import "print.css"; .a{background:url( "img/x.png" )} .b{src:url(/f.woff)}'
    out = rewrite_css(css, "https://news.example.org/css/site.css", _link)
    assert _link("https://news.example.org/css/print.css") in out
    assert _link("https://news.example.org/css/img/x.png") in out
    assert _link("https://news.example.org/f.woff") in out


@example(b"<a\t")
@given(st.binary(max_size=2000))
# A control character beside a dropped comment made lxml refuse the joined text.
@example(b"\x01<!--c-->\x02")
def test_any_bytes_give_a_page_without_scripts(data: bytes) -> None:
    out = rewrite_html(b"<html><body>" + data + b"<script>x()</script>", BASE, _link)
    assert b"<script" not in out.lower()


def test_a_tag_name_that_spells_script_is_not_written_out() -> None:
    out = rewrite_html(b"<html><body><a<script>x()</a<script><p>kept</p>", BASE, _link)
    assert b"<script" not in out.lower() and b"kept" in out


def test_scripts_side_by_side_all_go() -> None:
    page = b"<html><body><script>a()</script><script>b()</script><script>c()</script><p>kept</p>"
    out = rewrite_html(page, BASE, _link).decode()
    assert "<script" not in out and "kept" in out
