"""How an S3 destination is written: restic's forms are read into one canonical location, and
anything else (credentials in it, a bucket S3 would refuse, a climbing prefix) is one line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docket.evidence.destinations import InvalidDestination, S3Destination, parse_s3


@pytest.mark.parametrize(
    ("text", "endpoint", "bucket", "prefix"),
    [
        ("s3:https://store.example/ngo-backups", "https://store.example", "ngo-backups", ""),
        ("s3:http://127.0.0.1:9000/docket/a/b/", "http://127.0.0.1:9000", "docket", "a/b"),
        ("s3:store.example/ngo.backups/docket", "https://store.example", "ngo.backups", "docket"),
        ("s3:s3.amazonaws.com/bucket-1/x_y-z.1", "https://s3.amazonaws.com", "bucket-1", "x_y-z.1"),
    ],
)  # fmt: skip
def test_restics_forms_are_read_with_https_when_no_scheme_is_written(
    text: str, endpoint: str, bucket: str, prefix: str
) -> None:
    destination = parse_s3(text)
    assert destination == S3Destination(endpoint, bucket, prefix)
    assert parse_s3(destination.location) == destination


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("s3:https://AKIA:secret@objects.example.org/b0x", "holds no credentials"),
        ("s3:AKIA@objects.example.org/b0x", "holds no credentials"),
        ("s3:https://objects.example.org", "is not an S3 destination"),
        ("s3:ftp://objects.example.org/b0x", "is not an S3 destination"),
        ("s3:https://objects.example.org/b0x?versionId=1", "is not an S3 destination"),
        ("s3:https://objects.example.org/Upper", "is not an S3 bucket name"),
        ("s3:https://objects.example.org/ab", "is not an S3 bucket name"),
        ("s3:https://objects.example.org/a..b", "is not an S3 bucket name"),
        ("s3:https://objects.example.org:70000/b0x", "is not a port number"),
        ("s3:https://objects.example.org/b0x/a/../b", "is not a folder in a bucket"),
        ("s3:https://objects.example.org/b0x/a//b", "is not a folder in a bucket"),
        ("s3:https://objects.example.org/b0x/a b", "is not a folder in a bucket"),
    ],
)
def test_anything_else_is_refused_in_one_line(text: str, message: str) -> None:
    with pytest.raises(InvalidDestination, match=message) as refused:
        parse_s3(text)
    assert "\n" not in str(refused.value)
    assert "secret" not in str(refused.value)


@given(st.text(max_size=80))
def test_any_text_is_a_destination_or_one_line(tail: str) -> None:
    destination: S3Destination | None = None
    refusal = ""
    try:
        destination = parse_s3("s3:" + tail)
    except InvalidDestination as error:
        refusal = str(error)
    # What was typed is quoted with repr: a line break in it cannot break the message.
    assert "\n" not in refusal
    assert destination is None or parse_s3(destination.location) == destination
