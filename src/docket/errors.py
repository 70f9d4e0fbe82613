"""Domain exceptions. Each reaches the user as one line saying what went wrong and what to do."""

from __future__ import annotations


class DocketError(Exception):
    """Base of every error Docket reports to a user; ``str(error)`` is the one-line message."""


class ArchiveNotFound(DocketError):
    """No archive at the configured location."""


class ArchiveExists(DocketError):
    """``init`` was asked to create an archive where one already exists."""


class UnsupportedFormat(DocketError):
    """The bytes are not a format Docket can read (the original is still kept)."""


class CorruptFile(DocketError):
    """The file claims a format but its content is damaged or truncated."""


class UnsafeContainer(DocketError):
    """A container (zip, mailbox) would escape its folder, expand without bound or loop."""


class TooLarge(DocketError):
    """An input exceeds a configured size limit."""


class PermissionDenied(DocketError):
    """The viewer's role does not allow the action."""


class ItemNotFound(DocketError):
    """No item with that id (or the user may not see it)."""


class TamperedBlob(DocketError):
    """A stored original or working copy no longer matches its SHA-256."""


class CustodyChainBroken(DocketError):
    """The chain-of-custody log does not verify."""


class InvalidQuery(DocketError):
    """A search query could not be parsed."""


class InvalidDate(DocketError):
    """A date phrase or stored date value could not be understood."""


class ArchiveBusy(DocketError):
    """Another process holds the archive in a way that rules out what was asked."""
