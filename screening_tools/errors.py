"""Typed errors the core raises.

Every message is written for the person using the app: it says what happened and what to do.
No message ever contains anything recorded about a person.
"""

from __future__ import annotations

from pathlib import Path


class ScreeningError(Exception):
    """Base of every error the core raises on purpose; the GUI and CLI show ``str(err)``."""


class VaultError(ScreeningError):
    """Something about the vault itself."""


class VaultMissing(VaultError):
    def __init__(self, directory: Path) -> None:
        super().__init__(
            f"No vault was found in {directory}. Create one first "
            "(screening vault create), or choose the right folder with --vault."
        )
        self.directory = directory


class VaultExists(VaultError):
    def __init__(self, directory: Path) -> None:
        super().__init__(
            f"A vault already exists in {directory}. It was left untouched: "
            "unlock it, or choose an empty folder to create a new one."
        )
        self.directory = directory


class VaultNotWritable(VaultError):
    def __init__(self, directory: Path, reason: str) -> None:
        super().__init__(
            f"The vault folder {directory} cannot be written to ({reason}). "
            "Check that the disk is not full or read-only, and that you own the folder."
        )
        self.directory = directory


class VaultCorrupt(VaultError):
    def __init__(self, file: Path, reason: str) -> None:
        super().__init__(
            f"The vault file {file} is damaged or incomplete ({reason}). "
            "Nothing was changed. Restore it from a backup, or contact your administrator."
        )
        self.file = file


class KeySlotsUnreadable(VaultError):
    def __init__(self, file: Path, reason: str) -> None:
        super().__init__(
            f"The key file {file} cannot be read ({reason}). Without it the vault cannot be "
            "opened. Restore the key file from a backup of this vault."
        )
        self.file = file


class WrongPassphrase(VaultError):
    def __init__(self) -> None:
        super().__init__("That passphrase does not open this vault. Check it and try again.")


class UnlockBackoff(VaultError):
    def __init__(self, seconds: float) -> None:
        wait = max(1, round(seconds))
        super().__init__(
            f"Too many wrong passphrases. Please wait {wait} second{'s' if wait != 1 else ''} "
            "before trying again."
        )
        self.seconds = seconds


class PassphrasesDisabled(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "Passphrases no longer open this vault: there were too many failed attempts, and "
            "the vault was set to disable them. Open it with the recovery key, then set a new "
            "passphrase."
        )


class WrongRecoveryKey(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "That recovery key does not open this vault. Check each group of characters "
            "and try again."
        )


class WeakPassphrase(VaultError):
    def __init__(self, advice: str) -> None:
        super().__init__(f"Please choose a stronger passphrase. {advice}".strip())


class VaultLocked(VaultError):
    def __init__(self) -> None:
        super().__init__("The vault is locked. Unlock it to continue.")


class ExportBlocked(ScreeningError):
    """The legal basis does not cover this export; says why and what would unblock it."""

    def __init__(self, reason: str, unblock: str = "") -> None:
        super().__init__(f"Export blocked: {reason} {unblock}".strip())
        self.reason = reason
        self.unblock = unblock


class NotFound(ScreeningError):
    def __init__(self, what: str, ident: str) -> None:
        super().__init__(f"No {what} {ident!r} was found. Check the reference and try again.")


class InvalidAnswer(ScreeningError):
    pass


class InvalidInstrument(ScreeningError):
    """An instrument data file is not valid; ``problems`` lists every problem found."""

    def __init__(self, file: str, problems: list[str]) -> None:
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"The instrument file {file} is not valid:\n{lines}")
        self.file = file
        self.problems = problems
