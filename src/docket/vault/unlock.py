"""Which key unlocks an archive, from the settings, and the unlocked keys."""

from __future__ import annotations

from docket.config import Settings
from docket.vault import header
from docket.vault.header import Passphrase, Unlocker
from docket.vault.keyring import ArchiveKeys


def unlocker_from(settings: Settings) -> Unlocker | None:
    """The key the settings name: a key file wins over ``$DOCKET_KEY``, and that over a
    passphrase."""
    if settings.key_file is not None:
        return header.read_key_file(settings.key_file)
    if settings.key_text:
        return header.key_text(settings.key_text, "DOCKET_KEY")
    if settings.passphrase:
        return Passphrase(settings.passphrase)
    return None


def unlock(settings: Settings) -> ArchiveKeys | None:
    """The archive's keys when it is encrypted (one clear error when the key is missing or
    wrong); None for a plain archive."""
    if not header.is_encrypted(settings.home):
        return None
    return header.unlock(settings.home, unlocker_from(settings))
