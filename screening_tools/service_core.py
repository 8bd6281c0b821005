"""The service's core: the vault life cycle, locking, and the read/write transactions that every
use case goes through. ``ScreeningService`` (service.py) is what the GUI and CLI use.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3

from screening_tools import passphrase as passphrase_policy
from screening_tools.domain import Case, Screening, User
from screening_tools.errors import (
    NotFound,
    ScreeningError,
    VaultCorrupt,
    VaultLocked,
    WeakPassphrase,
)
from screening_tools.passphrase import PassphraseStrength
from screening_tools.vault import KdfParams, Vault, vault_exists
from screening_tools.vault.audit import AuditAction, AuditLog
from screening_tools.vault.connection import Connection, transaction
from screening_tools.vault.repositories import CaseRepository, ScreeningRepository, UserRepository
from screening_tools.wording import DEFAULT_REFERRAL_TARGET_HOURS

if TYPE_CHECKING:
    from screening_tools.content import Instrument


class ServiceCore:
    def __init__(self, vault_dir: Path, *, kdf: KdfParams | None = None) -> None:
        self.vault_dir = Path(vault_dir)
        # Until a jurisdiction pack sets it: 48 hours from the first recorded concern.
        self.referral_target_hours = DEFAULT_REFERRAL_TARGET_HOURS
        self._kdf = kdf
        self._vault: Vault | None = None
        self._lock = threading.RLock()

    # -- vault lifecycle ------------------------------------------------------------------

    def vault_exists(self) -> bool:
        return vault_exists(self.vault_dir)

    @staticmethod
    def passphrase_strength(passphrase: str) -> PassphraseStrength:
        return passphrase_policy.assess(passphrase)

    def create_vault(self, passphrase: str, user_name: str = "Vault owner") -> str:
        """Create the vault, leave it unlocked, and return the one-time recovery key."""
        self._require_strong(passphrase)
        name = user_name.strip() or "Vault owner"
        with self._lock:
            created = Vault.create(self.vault_dir, passphrase, name, self._kdf)
            self._replace_vault(created.vault)
            self._audit_now(AuditAction.VAULT_CREATED)
            return created.recovery_key

    def unlock(self, passphrase: str) -> User:
        with self._lock:
            vault = Vault.unlock(self.vault_dir, passphrase)
            self._replace_vault(vault)
            self._audit_unlock(vault)
            return vault.user

    def unlock_with_recovery_key(
        self, recovery_key: str, new_passphrase: str, user_id: int | None = None
    ) -> User:
        """Open with the recovery key and set a new passphrase (a forgotten passphrase)."""
        self._require_strong(new_passphrase)
        with self._lock:
            vault = Vault.unlock_with_recovery_key(
                self.vault_dir, recovery_key, new_passphrase, self._kdf, user_id
            )
            self._replace_vault(vault)
            self._audit_now(AuditAction.PASSPHRASE_RESET, detail={"user_id": vault.user.id})
            return vault.user

    def change_passphrase(self, old: str, new: str) -> None:
        self._require_strong(new)
        with self._lock:
            self._unlocked().change_passphrase(old, new, self._kdf)
            self._audit_now(AuditAction.PASSPHRASE_CHANGED)

    def lock(self) -> None:
        with self._lock:
            if self._vault is not None:
                with contextlib.suppress(ScreeningError):
                    self._audit_now(AuditAction.LOCK)
                self._vault.close()
                self._vault = None

    @property
    def is_unlocked(self) -> bool:
        return self._vault is not None

    @property
    def current_user(self) -> User:
        return self._unlocked().user

    # -- instruments ----------------------------------------------------------------------

    def instruments(self) -> list[Instrument]:
        from screening_tools.content.loader import bundled_instruments

        return bundled_instruments()

    def instrument(self, instrument_id: str) -> Instrument:
        from screening_tools.content.loader import get_instrument

        return get_instrument(instrument_id)

    # -- internals ------------------------------------------------------------------------

    def _audit(
        self,
        conn: Connection,
        action: AuditAction,
        subject: str = "",
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append to the audit chain inside the caller's transaction."""
        AuditLog(conn).append(action, self.current_user.id, subject, detail)

    def _audit_now(
        self, action: AuditAction, subject: str = "", detail: dict[str, Any] | None = None
    ) -> None:
        with self._write() as (conn, _):
            self._audit(conn, action, subject, detail)

    def _audit_unlock(self, vault: Vault) -> None:
        failures = vault.failures_before_unlock
        with self._write() as (conn, _):
            if failures.failed:
                # Failed attempts happen while the vault is locked; they are counted beside the
                # key slots and written into the chain at the next successful unlock.
                self._audit(
                    conn,
                    AuditAction.FAILED_UNLOCK,
                    detail={"attempts": failures.failed, "last_at": failures.last_failed_at},
                )
            self._audit(conn, AuditAction.UNLOCK)

    def _require_strong(self, passphrase: str) -> None:
        strength = passphrase_policy.assess(passphrase)
        if not strength.acceptable:
            raise WeakPassphrase(strength.advice)

    def _replace_vault(self, vault: Vault) -> None:
        if self._vault is not None:
            self._vault.close()
        self._vault = vault

    def _unlocked(self) -> Vault:
        if self._vault is None or self._vault.conn is None:
            raise VaultLocked()
        return self._vault

    @contextmanager
    def _read(self) -> Iterator[tuple[Connection, dict[int, str]]]:
        with self._lock:
            vault = self._unlocked()
            assert vault.conn is not None
            try:
                yield vault.conn, UserRepository(vault.conn).display_names()
            except sqlcipher3.DatabaseError as exc:
                # A page that fails its HMAC or a truncated file shows up on the first read.
                raise VaultCorrupt(vault.db_path, str(exc)) from None

    @contextmanager
    def _write(self) -> Iterator[tuple[Connection, dict[int, str]]]:
        with self._lock:
            vault = self._unlocked()
            assert vault.conn is not None
            with transaction(vault.conn, vault.db_path) as conn:
                yield conn, UserRepository(conn).display_names()

    @staticmethod
    def _case(conn: Connection, users: dict[int, str], reference: str) -> Case:
        case = CaseRepository(conn, users).by_reference(reference.strip())
        if case is None:
            raise NotFound("case", reference)
        return case

    @staticmethod
    def _screening(conn: Connection, users: dict[int, str], screening_id: int) -> Screening:
        screening = ScreeningRepository(conn, users).get(screening_id)
        if screening is None:
            raise NotFound("screening", str(screening_id))
        return screening


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None
