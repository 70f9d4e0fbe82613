"""Time-based one-time passwords (RFC 6238) as authenticator apps make them.

A code is accepted for the current 30-second step and one step either side (clocks drift), and
only for a step later than the last one accepted: a code seen over a shoulder or replayed from a
captured request is refused.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Final

import pyotp
import segno

from docket.accounts.errors import AccountError
from docket.accounts.tokens import same
from docket.accounts.views import TotpEnrolment

ISSUER: Final = "Docket"
VALID_WINDOW: Final = 1
DIGITS: Final = 6
MIN_SECRET_BYTES: Final = 16


def enrolment(account: str) -> TotpEnrolment:
    """A fresh 160-bit secret with its ``otpauth://`` URI and a QR code to scan."""
    secret = pyotp.random_base32()
    uri = pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)
    qr = segno.make(uri, error="m")
    svg = qr.svg_inline(scale=4, title="Scan with an authenticator app")
    return TotpEnrolment(secret=secret, uri=uri, qr_svg=svg)


def check_secret(secret: str) -> str:
    """The secret in canonical form; AccountError when it is not one ``enrolment`` could make."""
    cleaned = "".join(secret.split()).upper().rstrip("=")
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError):
        raise AccountError("the authenticator secret is not valid base32") from None
    if len(raw) < MIN_SECRET_BYTES:
        raise AccountError("the authenticator secret is too short; start the set-up again")
    return cleaned


def is_code(text: str) -> bool:
    cleaned = "".join(text.split())
    return len(cleaned) == DIGITS and cleaned.isascii() and cleaned.isdigit()


def matching_step(secret: str, code: str, now: datetime, after: int | None) -> int | None:
    """The time step ``code`` belongs to, if it is valid now and later than ``after``."""
    cleaned = "".join(code.split())
    if not is_code(cleaned):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    found = None
    # Every candidate is compared, so the time taken does not tell which step matched.
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if same(totp.generate_otp(step), cleaned) and (after is None or step > after):
            found = step
    return found
