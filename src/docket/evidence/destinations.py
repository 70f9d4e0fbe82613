"""How a backup destination is written, as restic writes it: a folder on a server reached over
SFTP (``sftp:[user@]host:/path``) or a bucket of an S3-compatible store
(``s3:http[s]://host[:port]/bucket[/prefix]``, or ``s3:host/bucket/prefix`` for https).

Only the syntax lives here, so that the backup plan an admin sets and the backup that runs judge
a destination alike. An S3 destination never carries credentials: they come from the environment
of the process that backs up, so they reach neither the plan, the chain of custody nor a log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from docket.errors import DocketError

# A folder on a server reached over SFTP, as restic names it: sftp:[user@]host:/path.
SFTP_DESTINATION: Final = re.compile(r"sftp:(?P<host>[^:/\s]+):(?P<path>[^\s\"]+)")
S3_PREFIX: Final = "s3:"
S3_FORM: Final = "s3:https://host[:port]/bucket[/prefix]"
_S3: Final = re.compile(
    r"s3:(?:(?P<scheme>https?)://)?(?P<host>[A-Za-z0-9][A-Za-z0-9.-]*)(?::(?P<port>\d{1,5}))?"
    r"/(?P<bucket>[^/]*)(?:/(?P<prefix>.*))?"
)
# S3's rule for bucket names that work with path- and host-style addressing alike.
_BUCKET: Final = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_PREFIX_PART: Final = re.compile(r"[A-Za-z0-9._\-]{1,255}")
MAX_PREFIX: Final = 512


class InvalidDestination(DocketError):
    """A destination written in none of the forms a backup can go to."""


@dataclass(frozen=True)
class S3Destination:
    """A bucket (and a key prefix in it) of the S3-compatible store at ``endpoint``."""

    endpoint: str
    bucket: str
    prefix: str

    @property
    def location(self) -> str:
        """As restic is given it: the scheme always written, so http is never taken for https."""
        tail = f"/{self.prefix}" if self.prefix else ""
        return f"{S3_PREFIX}{self.endpoint}/{self.bucket}{tail}"


def is_s3(text: str) -> bool:
    return text.startswith(S3_PREFIX)


def parse_s3(text: str) -> S3Destination:
    """The S3 destination ``text`` names; ``InvalidDestination`` says in one line what is wrong."""
    # user:password@host would carry a secret into the plan, the chain of custody and the logs.
    if "@" in text:
        raise InvalidDestination(
            "an S3 destination holds no credentials: set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY in the environment instead"
        )
    match = _S3.fullmatch(text)
    if match is None or "?" in text or "#" in text:
        raise InvalidDestination(f"{text!r} is not an S3 destination: write it as {S3_FORM}")
    bucket = match["bucket"]
    if not _BUCKET.fullmatch(bucket) or ".." in bucket:
        raise InvalidDestination(
            f"{bucket!r} is not an S3 bucket name: 3 to 63 lower-case letters, digits, dots "
            "and hyphens"
        )
    port = match["port"]
    if port is not None and not 0 < int(port) < 65536:
        raise InvalidDestination(f"{port} is not a port number")
    prefix = (match["prefix"] or "").strip("/")
    if prefix and (
        len(prefix) > MAX_PREFIX
        or not all(_PREFIX_PART.fullmatch(part) for part in prefix.split("/"))
        or any(part in (".", "..") for part in prefix.split("/"))
    ):
        raise InvalidDestination(
            f"{prefix!r} is not a folder in a bucket: letters, digits, '.', '_' and '-' "
            "between slashes"
        )
    scheme = match["scheme"] or "https"
    endpoint = f"{scheme}://{match['host']}" + (f":{port}" if port else "")
    return S3Destination(endpoint, bucket, prefix)
