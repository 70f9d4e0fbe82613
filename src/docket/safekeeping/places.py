"""Where a backup repository lies: a local folder, a folder on a server reached over SFTP, or a
bucket of an S3-compatible store.

restic reaches each by itself (``RESTIC_REPOSITORY``); Docket needs only a few things of the
place: the record of whose backups it holds (``docket-backup.json``, beside restic's files),
whether restic has made its repository there, and whether the folder is free for a new one. A
server is reached as ``sftp:[user@]host:/path`` with the OpenSSH client (``sftp``, the same
``ssh`` restic uses), so the host, port, user and key come from the user's SSH configuration
(``~/.ssh/config``); it never asks for a password (``BatchMode``).

A bucket is reached as ``s3:https://host[:port]/bucket[/prefix]`` with boto3 for Docket and
restic's own S3 back end for the snapshots, both with the credentials of the environment
(``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, optionally ``AWS_SESSION_TOKEN`` and
``AWS_DEFAULT_REGION``), which Docket never writes anywhere.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol

from docket.errors import DocketError
from docket.evidence.destinations import (
    S3_FORM,
    SFTP_DESTINATION,
    InvalidDestination,
    S3Destination,
    is_s3,
    parse_s3,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

RECORD_FILE: Final = "docket-backup.json"
RESTIC_CONFIG: Final = "config"
_MAX_RECORD: Final = 1 << 20


class PlaceError(DocketError):
    """The place of a backup repository cannot be reached or used."""


class Place(Protocol):
    """What Docket needs of the place of a repository."""

    @property
    def location(self) -> str:
        """The repository as restic is given it."""
        ...

    @property
    def is_local(self) -> bool: ...

    def record(self) -> str | None:
        """The text of the record file; None when there is none."""
        ...

    def write_record(self, text: str) -> None:
        """Write the record whole or not at all (written beside, then renamed)."""
        ...

    def names(self) -> list[str] | None:
        """What the folder holds; None when it does not exist."""
        ...

    def make(self) -> None:
        """Make the folder (owner-only) when it does not exist."""
        ...


def place_of(destination: str | Path) -> Place:
    """The place ``destination`` names: ``sftp:[user@]host:/path``, ``s3:...``, or else a local
    folder."""
    text = str(destination)
    if is_s3(text):
        try:
            return S3Folder(parse_s3(text), os.environ)
        except InvalidDestination as error:
            raise PlaceError(str(error)) from None
    if text.startswith("sftp:"):
        match = SFTP_DESTINATION.fullmatch(text)
        if match is None:
            raise PlaceError(
                f"{text!r} is not an SFTP destination: write it as sftp:[user@]host:/path"
            )
        return SftpFolder(match["host"], match["path"])
    if ":" in text.split("/", 1)[0] and not Path(text).exists():
        scheme = text.split(":", 1)[0]
        raise PlaceError(
            f"backups go to a folder, to sftp:[user@]host:/path or to {S3_FORM}, "
            f"not to {scheme}: "
            "(other restic back ends are not supported)"
        )
    return LocalFolder(Path(text).absolute())


class LocalFolder:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __str__(self) -> str:
        return str(self.path)

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def is_local(self) -> bool:
        return True

    def record(self) -> str | None:
        try:
            return (self.path / RECORD_FILE).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            raise PlaceError(f"cannot read {self.path / RECORD_FILE}: {error}") from None

    def write_record(self, text: str) -> None:
        path = self.path / RECORD_FILE
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        with open(partial, "rb") as file:
            os.fsync(file.fileno())
        os.replace(partial, path)

    def names(self) -> list[str] | None:
        if not self.path.is_dir():
            return None
        return sorted(entry.name for entry in self.path.iterdir())

    def make(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True, mode=0o700)


class SftpFolder:
    """A folder on a server, through OpenSSH's ``sftp`` in batch mode."""

    def __init__(self, host: str, path: str) -> None:
        self.host = host
        self.path = path.rstrip("/") or "/"

    def __str__(self) -> str:
        return self.location

    @property
    def location(self) -> str:
        return f"sftp:{self.host}:{self.path}"

    @property
    def is_local(self) -> bool:
        return False

    def record(self) -> str | None:
        with tempfile.TemporaryDirectory(prefix="docket-sftp-") as folder:
            local = Path(folder) / RECORD_FILE
            self._batch(f'-get "{self._at(RECORD_FILE)}" "{local}"')
            if not local.is_file():
                return None
            if local.stat().st_size > _MAX_RECORD:
                raise PlaceError(f"{self._at(RECORD_FILE)} on {self.host} is not a backup record")
            try:
                return local.read_text(encoding="utf-8")
            except UnicodeDecodeError as error:
                raise PlaceError(f"cannot read {self._at(RECORD_FILE)}: {error}") from None

    def write_record(self, text: str) -> None:
        with tempfile.TemporaryDirectory(prefix="docket-sftp-") as folder:
            local = Path(folder) / RECORD_FILE
            local.write_text(text, encoding="utf-8")
            partial = self._at(RECORD_FILE + ".partial")
            # OpenSSH's rename replaces the old record at once (posix-rename).
            final = self._at(RECORD_FILE)
            self._batch(f'put "{local}" "{partial}"', f'rename "{partial}" "{final}"')

    def names(self) -> list[str] | None:
        listed = self._batch(f'-ls -1a "{self.path}"')
        if "not found" in listed.stderr.lower() or "no such file" in listed.stderr.lower():
            return None
        names = [
            line.strip().rsplit("/", 1)[-1]
            for line in listed.stdout.splitlines()
            if line.strip() and not line.startswith("sftp>")
        ]
        return sorted(name for name in names if name not in (".", ".."))

    def make(self) -> None:
        parts = self.path.split("/")
        steps = ["/".join(parts[: n + 1]) for n in range(1, len(parts))]
        commands = [f'-mkdir "{step}"' for step in steps if step]
        self._batch(*commands, f'chmod 700 "{self.path}"')

    def _at(self, name: str) -> str:
        return f"{self.path}/{name}"

    def _batch(self, *commands: str) -> subprocess.CompletedProcess[str]:
        """Run sftp commands in batch mode; a command starting with ``-`` may fail."""
        try:
            done = subprocess.run(
                ["sftp", "-q", "-o", "BatchMode=yes", "-b", "-", self.host],
                input="\n".join(commands) + "\n",
                capture_output=True,
                text=True,
                check=False,
                timeout=300,
            )
        except FileNotFoundError:
            raise PlaceError("sftp is not installed: apt-get install openssh-client") from None
        except subprocess.TimeoutExpired:
            raise PlaceError(f"{self.host} did not answer over SFTP within 5 minutes") from None
        if done.returncode != 0:
            lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
            reason = lines[-1] if lines else f"sftp ended with status {done.returncode}"
            raise PlaceError(f"cannot use {self.location}: {reason}")
        return done


# The variables restic's S3 back end reads too: both see the same store with the same rights.
ACCESS_KEY_ENV: Final = "AWS_ACCESS_KEY_ID"
SECRET_KEY_ENV: Final = "AWS_SECRET_ACCESS_KEY"  # noqa: S105 -- a variable's name
SESSION_TOKEN_ENV: Final = "AWS_SESSION_TOKEN"  # noqa: S105 -- a variable's name
REGION_ENV: Final = "AWS_DEFAULT_REGION"
# What restic's S3 back end assumes when no region is given.
DEFAULT_REGION: Final = "us-east-1"
_BUCKET_MISSING: Final = frozenset({"NoSuchBucket", "404", "NotFound"})
_KEY_MISSING: Final = frozenset({"NoSuchKey", "404", "NotFound"})


class S3Folder:
    """A key prefix in a bucket of an S3-compatible store, through boto3.

    The bucket must exist: Docket does not create buckets, so a mistyped name is refused rather
    than becoming a new bucket under whatever defaults the provider applies.
    """

    def __init__(self, destination: S3Destination, environment: Mapping[str, str]) -> None:
        self.destination = destination
        self._client = _s3_client(destination, environment)

    def __str__(self) -> str:
        return self.location

    @property
    def location(self) -> str:
        return self.destination.location

    @property
    def is_local(self) -> bool:
        return False

    def record(self) -> str | None:
        from botocore.exceptions import BotoCoreError, ClientError

        key = self._key(RECORD_FILE)
        try:
            answer = self._client.get_object(Bucket=self.destination.bucket, Key=key)
            if int(answer.get("ContentLength", 0)) > _MAX_RECORD:
                raise PlaceError(f"{key} in {self.location} is not a backup record")
            body: bytes = answer["Body"].read(_MAX_RECORD + 1)
        except ClientError as error:
            if _code(error) in _KEY_MISSING:
                return None
            raise self._refusal(error) from None
        except BotoCoreError as error:
            raise self._refusal(error) from None
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise PlaceError(f"cannot read {key} in {self.location}: {error}") from None

    def write_record(self, text: str) -> None:
        # An S3 PUT replaces an object whole: a reader sees the old record or the new one.
        self._call(
            "put_object",
            Bucket=self.destination.bucket,
            Key=self._key(RECORD_FILE),
            Body=text.encode("utf-8"),
            ContentType="application/json",
        )

    def names(self) -> list[str] | None:
        """The names under the prefix, one level deep (restic's folders end in ``/`` in S3)."""
        start = self._key("")
        names: set[str] = set()
        token: dict[str, str] = {}
        while True:
            page = self._call(
                "list_objects_v2",
                Bucket=self.destination.bucket,
                Prefix=start,
                Delimiter="/",
                **token,
            )
            names.update(
                entry["Prefix"][len(start) :].rstrip("/")
                for entry in page.get("CommonPrefixes", [])
            )
            names.update(entry["Key"][len(start) :] for entry in page.get("Contents", []))
            if not page.get("IsTruncated"):
                break
            token = {"ContinuationToken": str(page["NextContinuationToken"])}
        return sorted(name for name in names if name)

    def make(self) -> None:
        """Check that the bucket exists and these credentials may use it; a prefix needs no
        making."""
        self._call("head_bucket", Bucket=self.destination.bucket)

    def _key(self, name: str) -> str:
        prefix = self.destination.prefix
        return f"{prefix}/{name}" if prefix else name

    def _call(self, operation: str, **arguments: Any) -> dict[str, Any]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer: dict[str, Any] = getattr(self._client, operation)(**arguments)
        except (ClientError, BotoCoreError) as error:
            raise self._refusal(error) from None
        return answer

    def _refusal(self, error: Exception) -> PlaceError:
        """One line for what the store or the network said; never the credentials."""
        from botocore.exceptions import ClientError, ConnectTimeoutError, EndpointConnectionError

        destination = self.destination
        if isinstance(error, EndpointConnectionError | ConnectTimeoutError):
            return PlaceError(f"cannot reach the S3 store at {destination.endpoint}")
        if not isinstance(error, ClientError):
            return PlaceError(f"cannot use {self.location}: {type(error).__name__}")
        code = _code(error)
        if code in _BUCKET_MISSING:
            return PlaceError(
                f"there is no bucket {destination.bucket!r} at {destination.endpoint}: create "
                "it with the store's own tools first"
            )
        if code == "InvalidAccessKeyId":
            return PlaceError(
                f"the S3 store at {destination.endpoint} does not know the access key in "
                f"{ACCESS_KEY_ENV}"
            )
        if code == "SignatureDoesNotMatch":
            return PlaceError(
                f"{SECRET_KEY_ENV} is not the secret of the access key in {ACCESS_KEY_ENV}"
            )
        if code in ("AccessDenied", "403", "Forbidden"):
            return PlaceError(
                f"the access key in {ACCESS_KEY_ENV} may not use the bucket "
                f"{destination.bucket!r} at {destination.endpoint}"
            )
        return PlaceError(f"cannot use {self.location}: the S3 store answered {code}")


def _code(error: Any) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _s3_client(destination: S3Destination, environment: Mapping[str, str]) -> Any:
    """A boto3 client with the environment's credentials and nothing else: no profile, no
    credentials file, no instance role, so that Docket and restic agree on who is asking."""
    for name in (ACCESS_KEY_ENV, SECRET_KEY_ENV):
        if not environment.get(name):
            raise PlaceError(
                f"{name} is not set: the credentials of an S3 destination come from the "
                f"environment ({ACCESS_KEY_ENV} and {SECRET_KEY_ENV})"
            )
    import boto3
    from botocore.config import Config

    host = destination.endpoint.split("://", 1)[1].split(":", 1)[0]
    # restic's S3 client uses host-style names on Amazon and path-style everywhere else.
    style = "virtual" if host.endswith(".amazonaws.com") else "path"
    session = boto3.session.Session(
        aws_access_key_id=environment[ACCESS_KEY_ENV],
        aws_secret_access_key=environment[SECRET_KEY_ENV],
        aws_session_token=environment.get(SESSION_TOKEN_ENV) or None,
        region_name=environment.get(REGION_ENV) or DEFAULT_REGION,
    )
    return session.client(
        "s3",
        endpoint_url=destination.endpoint,
        config=Config(
            connect_timeout=10,
            read_timeout=60,
            retries={"max_attempts": 3, "mode": "standard"},
            s3={"addressing_style": style},
        ),
    )
