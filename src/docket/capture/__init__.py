"""Capturing online sources: web pages as WACZ web archives with screenshot, PDF print and text,
other answers (images, documents, video files) as file items; each capture one item with its
chain of custody from the first byte."""

from docket.capture.address import CaptureRefused
from docket.capture.links import parse_links, read_links
from docket.capture.options import CaptureOptions, InvalidCaptureOption
from docket.capture.replay import ArchivedResponse, charset_of, rewrite_css, rewrite_html
from docket.capture.service import CaptureRequest, CaptureResult
from docket.capture.store import CaptureChanges, CaptureStore
from docket.capture.visit import CaptureFailed

__all__ = [
    "ArchivedResponse",
    "CaptureChanges",
    "CaptureFailed",
    "CaptureOptions",
    "CaptureRefused",
    "CaptureRequest",
    "CaptureResult",
    "CaptureStore",
    "InvalidCaptureOption",
    "charset_of",
    "parse_links",
    "read_links",
    "rewrite_css",
    "rewrite_html",
]
