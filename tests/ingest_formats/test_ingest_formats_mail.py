from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from docket.ingest.formats import extract
from docket.ingest.formats.mail import safe_filename

EMAIL = "message/rfc822"


def _message(body: str = "Задержанных нужно освободить.\nС уважением, Айгүл") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Айгүл Асанова <aigul@example.org>"
    message["To"] = "team@example.org"
    message["Cc"] = "lawyer@example.org"
    message["Subject"] = "Отчёт о задержании"
    message["Date"] = "Mon, 15 Aug 2022 10:00:00 +0600"
    message["Message-ID"] = "<123@example.org>"
    message.set_content(body)
    return message


def _save(tmp_path: Path, message: EmailMessage) -> Path:
    path = tmp_path / "message.eml"
    path.write_bytes(bytes(message))
    return path


def test_headers_and_plain_body_make_the_text(tmp_path: Path) -> None:
    result = extract(_save(tmp_path, _message()), EMAIL)

    assert result.text == (
        "From: Айгүл Асанова <aigul@example.org>\n"
        "To: team@example.org\n"
        "Cc: lawyer@example.org\n"
        "Date: Mon, 15 Aug 2022 10:00:00 +0600\n"
        "Subject: Отчёт о задержании\n"
        "\n"
        "Задержанных нужно освободить.\n"
        "С уважением, Айгүл"
    )
    assert result.title == "Отчёт о задержании"
    assert result.metadata["from"] == "Айгүл Асанова <aigul@example.org>"
    assert result.metadata["to"] == "team@example.org"
    assert result.metadata["date"] == "2022-08-15T10:00:00+06:00"
    assert result.metadata["published"] == "2022-08-15T10:00:00+06:00"
    assert result.metadata["message-id"] == "<123@example.org>"


def test_html_only_body_is_turned_into_text(tmp_path: Path) -> None:
    message = _message()
    message.set_content(
        "<html><body><p>Суд отказал в операции.</p><script>x()</script></body></html>",
        subtype="html",
    )

    result = extract(_save(tmp_path, message), EMAIL)

    assert result.text.endswith("\n\nСуд отказал в операции.")


def test_attachments_are_listed_after_the_body(tmp_path: Path) -> None:
    message = _message()
    message.add_attachment(
        b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="акт.pdf"
    )
    message.add_attachment(b"\xff\xd8\xff", maintype="image", subtype="jpeg", filename="scan.jpg")

    result = extract(_save(tmp_path, message), EMAIL)

    assert result.text.endswith("\n\nAttachments: акт.pdf, scan.jpg")


def test_legacy_charset_body_is_decoded(tmp_path: Path) -> None:
    raw = (
        b"From: a@example.org\r\nSubject: test\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "Обвинения не доказаны.".encode("koi8_r")
    )
    path = tmp_path / "old.eml"
    path.write_bytes(raw)

    assert extract(path, EMAIL).text.endswith("\n\nОбвинения не доказаны.")


def test_malformed_headers_do_not_stop_reading(tmp_path: Path) -> None:
    raw = (
        b"From: <<<@@@>>>\r\nTo: ,,,;;;\r\nDate: not a date\r\nSubject: =?utf-8?b?broken\r\n"
        b"\r\nBody stays."
    )
    path = tmp_path / "odd.eml"
    path.write_bytes(raw)

    result = extract(path, EMAIL)

    assert result.text.endswith("Body stays.")
    assert "date" not in result.metadata


def test_unsafe_attachment_names_are_made_safe() -> None:
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\Users\\x\\evil.exe") == "evil.exe"
    assert safe_filename("..hidden\x00name.txt") == "hidden_name.txt"
    assert safe_filename("a\nb.pdf") == "a_b.pdf"
