"""Optical character recognition behind a one-method seam, so readers are tested without it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from docket.errors import DocketError

if TYPE_CHECKING:
    from PIL import Image

TESSERACT_INSTALL_HINT = "apt install tesseract-ocr tesseract-ocr-rus tesseract-ocr-kir"
NOT_INSTALLED = f"tesseract is not installed ({TESSERACT_INSTALL_HINT})"
# A scanned page takes a few seconds; a page that takes minutes is hostile or broken.
_TESSERACT_TIMEOUT_SECONDS = 300


class OcrUnavailable(DocketError):
    """The OCR engine cannot run at all on this machine (not installed, no language data)."""


class OcrFailed(DocketError):
    """The OCR engine ran but could not read this one image."""


class OcrEngine(Protocol):
    def read(self, image: Image.Image) -> str:
        """Return the text in ``image``; raise OcrUnavailable or OcrFailed when it cannot."""
        ...


class FunctionOcr:
    """An OCR engine made from a plain function, for tests and for wrapping other engines."""

    def __init__(self, function: Callable[[Image.Image], str], tool: str = "function") -> None:
        self._function = function
        self.tool = tool
        self.tool_version = ""

    def read(self, image: Image.Image) -> str:
        return self._function(image)


class TesseractOcr:
    """Tesseract through pytesseract, with whichever of the wanted languages are installed."""

    tool = "tesseract"

    def __init__(self, languages: tuple[str, ...] = ("eng", "rus", "kir")) -> None:
        self._wanted = languages
        self._lock = threading.Lock()
        self._languages: str | None = None
        self._version = ""

    @property
    def tool_version(self) -> str:
        self._ensure_ready()
        return self._version

    def read(self, image: Image.Image) -> str:
        import pytesseract

        languages = self._ensure_ready()
        try:
            text: str = pytesseract.image_to_string(
                image, lang=languages, timeout=_TESSERACT_TIMEOUT_SECONDS
            )
        except pytesseract.TesseractNotFoundError as error:
            raise OcrUnavailable(
                f"tesseract is not installed ({TESSERACT_INSTALL_HINT})"
            ) from error
        except RuntimeError as error:
            # pytesseract reports a timeout as a bare RuntimeError, other failures as its own type.
            raise OcrFailed(" ".join(str(error).split())[:200] or "tesseract failed") from error
        return text

    def _ensure_ready(self) -> str:
        """Ask tesseract once which languages it has; the answer holds for the process."""
        with self._lock:
            if self._languages is None:
                self._languages = self._probe()
            return self._languages

    def _probe(self) -> str:
        import pytesseract

        try:
            installed = set(pytesseract.get_languages(config=""))
            self._version = str(pytesseract.get_tesseract_version())
        except (pytesseract.TesseractNotFoundError, OSError) as error:
            raise OcrUnavailable(
                f"tesseract is not installed ({TESSERACT_INSTALL_HINT})"
            ) from error
        usable = [language for language in self._wanted if language in installed]
        if not usable:
            raise OcrUnavailable(
                f"tesseract has no data for {'+'.join(self._wanted)} ({TESSERACT_INSTALL_HINT})"
            )
        return "+".join(usable)
