"""Sample texts and paths shared by the format reader tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

PdfMaker = Callable[..., Path]

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

RUSSIAN_PARAGRAPH = (
    "Правозащитники сообщили о задержании журналистов в Бишкеке. Сотрудники спецслужб провели "
    "обыски в редакции, адвокаты заявили, что обвинения не доказаны, и потребовали освободить "
    "задержанных."
)
KYRGYZ_PARAGRAPH = (
    "Укук коргоочулар камакка алынган журналисттердин абалы боюнча билдирүү жасашты. Жогорку "
    "Кеңеш мыйзам долбоорун кабыл алды жана президентке жөнөттү."
)
ENGLISH_PARAGRAPH = (
    "Security forces used firearms against about 1,700 civilians in one village; nobody "
    "investigated, and the organisation called it a crime against humanity."
)


def text_image(lines: list[str], size: int = 40) -> Image.Image:
    """Black text on white, large enough for OCR to read reliably."""
    font = ImageFont.truetype(str(DEJAVU), size)
    height = size * 2 * len(lines) + size
    image = Image.new("L", (size * 30, height), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((size, size // 2 + number * size * 2), line, font=font, fill=0)
    return image
