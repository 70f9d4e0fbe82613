"""Images: text by OCR (every frame of a multi-page scan), camera and place from EXIF."""

from __future__ import annotations

import math
import struct
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docket.errors import CorruptFile, TooLarge
from docket.ingest.formats.extraction import Extraction, build_extraction, package_version
from docket.ingest.formats.ocr import OcrEngine, OcrFailed, OcrUnavailable

if TYPE_CHECKING:
    from PIL import Image

# A fax or a multi-page TIFF scan rarely has more; past this the file is more likely hostile.
MAX_FRAMES = 1000

_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_BASE_TAGS = {0x010F: "exif:make", 0x0110: "exif:model", 0x0131: "exif:software"}
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011


def extract_image(path: Path, ocr: OcrEngine | None) -> Extraction:
    from PIL import Image, ImageSequence

    with _pillow_errors(), Image.open(path) as image:
        label = image.format or "image"
        metadata: dict[str, str] = {"width": str(image.width), "height": str(image.height)}
        notes: list[str] = []
        try:
            metadata.update(exif_metadata(image.getexif()))
        except Exception:  # EXIF is hostile input too; the picture stays readable without it
            notes.append("EXIF data is damaged and was ignored")
        pages: list[str] = []
        reader = _FrameReader(ocr, notes)
        try:
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                if number > MAX_FRAMES:
                    notes.append(f"only the first {MAX_FRAMES} frames were read")
                    break
                _check_pixels(frame.size)
                frame.load()
                pages.append(reader.read(frame, number))
        except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
            raise CorruptFile(f"{label} is damaged: {_reason(error)}") from error
        if len(pages) > 1:
            metadata["frames"] = str(len(pages))
    if reader.ran and not any(page.strip() for page in pages):
        notes.append("OCR found no text")
    if reader.ran:
        tool, tool_version = _engine_label(ocr)
    else:
        tool, tool_version = "Pillow", package_version("pillow")
    return build_extraction(
        pages, title=None, metadata=metadata, tool=tool, tool_version=tool_version, notes=notes
    )


class _FrameReader:
    """OCR of successive frames; an unavailable engine is reported once, not per frame."""

    def __init__(self, ocr: OcrEngine | None, notes: list[str]) -> None:
        self._ocr = ocr
        self._notes = notes
        self.ran = False
        if ocr is None:
            notes.append("OCR not requested")

    def read(self, frame: Image.Image, number: int) -> str:
        if self._ocr is None:
            return ""
        try:
            prepared = prepare_for_ocr(frame)
        except (ValueError, OSError) as error:
            self._notes.append(f"OCR failed on frame {number}: {_reason(error)}")
            return ""
        try:
            text = self._ocr.read(prepared)
        except OcrUnavailable as error:
            self._notes.append(f"OCR unavailable: {error}")
            self._ocr = None
            return ""
        except OcrFailed as error:
            self._notes.append(f"OCR failed on frame {number}: {error}")
            return ""
        self.ran = True
        return text


def prepare_for_ocr(image: Image.Image) -> Image.Image:
    """Upright, and in a mode every OCR engine accepts (transparency flattened onto white)."""
    from PIL import Image, ImageOps

    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("1", "L", "RGB"):
        return upright
    if upright.mode in ("RGBA", "LA", "P", "PA"):
        rgba = upright.convert("RGBA")
        background = Image.new("RGBA", rgba.size, "white")
        return Image.alpha_composite(background, rgba).convert("RGB")
    if upright.mode.startswith("I"):
        # 16- and 32-bit greyscale scans: scale into 8 bits rather than clip to white.
        wide = upright.convert("I")
        extrema = wide.getextrema()
        high = extrema[1] if isinstance(extrema[1], (int, float)) else 255
        scale = 255 / high if high else 1
        return wide.point(lambda value: value * scale).convert("L")
    return upright.convert("RGB")


def exif_metadata(exif: Image.Exif) -> dict[str, str]:
    """Camera, time taken and position; serial numbers are left out: they can identify a source."""
    found: dict[str, str] = {}
    for tag, key in _BASE_TAGS.items():
        value = _text(exif.get(tag))
        if value:
            found[key] = value
    details = exif.get_ifd(_EXIF_IFD)
    taken = _exif_datetime(details.get(_DATETIME_ORIGINAL), details.get(_OFFSET_TIME_ORIGINAL))
    if taken:
        found["exif:datetime_original"] = taken
    found.update(gps_metadata(exif.get_ifd(_GPS_IFD)))
    return found


def gps_metadata(gps: Mapping[int, Any]) -> dict[str, str]:
    """GPS position as signed decimal degrees, only when both coordinates are plausible."""
    latitude = _degrees(gps.get(2), gps.get(1), "S", 90)
    longitude = _degrees(gps.get(4), gps.get(3), "W", 180)
    if latitude is None or longitude is None:
        return {}
    found = {"exif:gps_latitude": f"{latitude:.6f}", "exif:gps_longitude": f"{longitude:.6f}"}
    altitude = _number(gps.get(6))
    if altitude is not None:
        below_sea = gps.get(5) in (1, b"\x01")
        found["exif:gps_altitude"] = f"{-altitude if below_sea else altitude:.1f}"
    return found


def _degrees(value: Any, reference: Any, negative: str, limit: float) -> float | None:
    if not isinstance(value, tuple) or len(value) != 3:
        return None
    parts = [_number(part) for part in value]
    if any(part is None for part in parts):
        return None
    degrees, minutes, seconds = (part or 0.0 for part in parts)
    result = degrees + minutes / 60 + seconds / 3600
    if not 0 <= result <= limit:
        return None
    if _text(reference).upper() == negative:
        result = -result
    return result


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return number if math.isfinite(number) else None


def _exif_datetime(value: Any, offset: Any) -> str | None:
    text = _text(value)
    try:
        taken = datetime.strptime(text, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    iso = taken.isoformat()
    zone = _text(offset)
    if len(zone) == 6 and zone[0] in "+-" and zone[3] == ":":
        iso += zone
    return iso


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return ""
    return " ".join(value.replace("\x00", " ").split())[:200]


def _check_pixels(size: tuple[int, int]) -> None:
    from PIL import Image

    limit = Image.MAX_IMAGE_PIXELS
    pixels = size[0] * size[1]
    if limit is not None and pixels > limit:
        raise TooLarge(f"image of {pixels:,} pixels is over the limit of {limit:,}")


@contextmanager
def _pillow_errors() -> Iterator[None]:
    """Turn Pillow's decompression-bomb warning into an error, and its failures into ours."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        # Pillow warns about every oddity of a damaged file; what matters is raised or noted.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            limit = Image.MAX_IMAGE_PIXELS or 0
            raise TooLarge(f"image is over the limit of {limit:,} pixels") from error
        except UnidentifiedImageError as error:
            # Only types Pillow reads are sent here, so an unidentified one is a damaged one.
            raise CorruptFile("image is damaged: its header is not readable") from error
        except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
            raise CorruptFile(f"image is damaged: {_reason(error)}") from error


def _engine_label(ocr: OcrEngine | None) -> tuple[str, str]:
    tool = getattr(ocr, "tool", None) or type(ocr).__name__
    version = getattr(ocr, "tool_version", "") or ""
    return str(tool), str(version)


def _reason(error: BaseException) -> str:
    return " ".join(str(error).split())[:160] or type(error).__name__
