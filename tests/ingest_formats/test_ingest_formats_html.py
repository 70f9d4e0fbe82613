from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from docket.ingest.formats import extract
from docket.ingest.formats.html import visible_text

HTML = "text/html"

ARTICLE = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="{charset}">
<title>Задержание журналистов | Новости</title>
<meta name="author" content="Иван Петров">
<meta name="description" content="Правозащитники сообщили о задержании.">
<meta property="og:site_name" content="Вечерний Бишкек">
<meta property="article:published_time" content="2022-08-15T10:00:00+06:00">
<script>var tracking = "do not keep";</script>
</head><body><nav>Главная | Новости | Контакты</nav>
<article><h1>Задержание журналистов</h1>
<p>Правозащитники сообщили о задержании журналистов в Бишкеке. Сотрудники спецслужб провели
обыски в редакции.</p>
<p>Адвокаты заявили, что обвинения не доказаны, и потребовали освободить задержанных.</p>
</article><footer>Все права защищены</footer></body></html>
"""


def _page(tmp_path: Path, html: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "page.html"
    path.write_bytes(html.encode(encoding))
    return path


def test_main_text_and_metadata_are_extracted(tmp_path: Path) -> None:
    result = extract(_page(tmp_path, ARTICLE.format(charset="utf-8")), HTML)

    assert "Адвокаты заявили, что обвинения не доказаны" in result.text
    assert "tracking" not in result.text
    assert "Все права защищены" not in result.text
    assert result.title == "Задержание журналистов"
    assert result.metadata["author"] == "Иван Петров"
    assert result.metadata["published"] == "2022-08-15"
    assert result.metadata["sitename"] == "Вечерний Бишкек"
    assert result.metadata["description"] == "Правозащитники сообщили о задержании."
    assert result.tool == "trafilatura"


def test_declared_legacy_charset_is_honoured(tmp_path: Path) -> None:
    path = _page(tmp_path, ARTICLE.format(charset="windows-1251"), "cp1251")

    result = extract(path, HTML)

    assert "Адвокаты заявили" in result.text
    assert result.title == "Задержание журналистов"


def test_undeclared_koi8_page_is_still_read(tmp_path: Path) -> None:
    html = ARTICLE.replace('<meta charset="{charset}">', "")
    path = _page(tmp_path, html, "koi8_r")

    assert "Адвокаты заявили" in extract(path, HTML).text


def test_page_without_main_text_keeps_what_there_is(tmp_path: Path) -> None:
    html = "<html><head><title>Галерея</title></head><body><img src=a.jpg></body></html>"

    result = extract(_page(tmp_path, html), HTML)

    assert result.text == ""
    assert result.title == "Галерея"
    assert result.notes == ("no main text found; the text of the whole page was kept",)


def test_visible_text_drops_scripts_and_breaks_blocks() -> None:
    html = "<p>Один</p><script>x()</script><div>Два <b>три</b></div><style>p{}</style>"

    assert visible_text(html) == "Один\nДва три"


@settings(max_examples=100)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcpdivhtmlscriptЖж&;#!-")), max_size=200))
def test_visible_text_never_raises_on_broken_markup(html: str) -> None:
    assert isinstance(visible_text(html), str)


def test_damaged_utf8_page_is_read_with_a_note(tmp_path: Path) -> None:
    data = bytearray(ARTICLE.format(charset="utf-8").encode())
    position = data.index("Адвокаты".encode()) + 1
    data[position] = 0xFF  # breaks one two-byte letter into two invalid bytes

    result = extract(_file_bytes(tmp_path, bytes(data)), HTML)

    assert "заявили, что обвинения не доказаны" in result.text
    assert result.notes == ("2 invalid UTF-8 sequences replaced with U+FFFD",)


def _file_bytes(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "damaged.html"
    path.write_bytes(data)
    return path
