"""A vault: a folder holding the encrypted database and the key slots that open it.

Layout (all created owner-only before anything is written):

    <vault>/vault.db         SQLCipher 4 database (its -wal and -shm are encrypted too)
    <vault>/keyslots.json    the data key wrapped per user and by the recovery key
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from screening_tools.domain import Role, User
from screening_tools.errors import (
    PassphrasesDisabled,
    UnlockBackoff,
    VaultCorrupt,
    VaultExists,
    VaultMissing,
    VaultNotWritable,
    WrongPassphrase,
    WrongRecoveryKey,
)
from screening_tools.vault.connection import Connection, open_database, transaction
from screening_tools.vault.keys import (
    KdfParams,
    KeySlot,
    new_data_key,
    new_recovery_key,
    normalise_recovery_key,
)
from screening_tools.vault.migrations import SchemaTooNew, migrate
from screening_tools.vault.repositories import UserRepository
from screening_tools.vault.slots import (
    SlotFile,
    UnlockGuard,
    fsync_dir,
    read_slots,
    write_slots,
)

DB_NAME = "vault.db"
SLOTS_NAME = "keyslots.json"
RECOVERY_SLOT = "recovery"


def _user_slot(user_id: int) -> str:
    return f"user-{user_id}"


def vault_exists(directory: Path) -> bool:
    return (directory / SLOTS_NAME).exists() or (directory / DB_NAME).exists()


@dataclass
class CreatedVault:
    vault: Vault
    recovery_key: str


class Vault:
    """An unlocked vault. ``close()`` locks it: the connection and the key are dropped."""

    def __init__(self, directory: Path, conn: Connection, user: User, slots: SlotFile) -> None:
        self.directory = directory
        self.conn: Connection | None = conn
        self.user = user
        self._slots = slots

    @property
    def db_path(self) -> Path:
        return self.directory / DB_NAME

    @property
    def slots_path(self) -> Path:
        return self.directory / SLOTS_NAME

    # -- creating -------------------------------------------------------------------------

    @classmethod
    def create(
        cls, directory: Path, passphrase: str, user_name: str, kdf: KdfParams | None = None
    ) -> CreatedVault:
        kdf = kdf or KdfParams.default()
        _prepare_directory(directory)
        data_key = new_data_key()
        vault_id = secrets.token_hex(16)
        db_path = directory / DB_NAME
        # Build the database under a temporary name; it becomes the vault only once the key
        # slots that open it are safely on disk.
        building = directory / f".{DB_NAME}.creating"
        for leftover in directory.glob(f".{DB_NAME}.creating*"):
            leftover.unlink()
        try:
            conn = open_database(building, data_key, create=True)
            migrate(conn)
            with transaction(conn, building):
                conn.execute("INSERT INTO meta (key, value) VALUES ('vault_id', ?)", (vault_id,))
                user = UserRepository(conn).add(user_name, Role.SUPERVISOR)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
            recovery_key = new_recovery_key()
            slots = SlotFile(
                vault_id,
                (
                    KeySlot.seal(
                        slot_id=_user_slot(user.id),
                        kind="passphrase",
                        user_id=user.id,
                        secret=passphrase,
                        data_key=data_key,
                        vault_id=vault_id,
                        kdf=kdf,
                    ),
                    KeySlot.seal(
                        slot_id=RECOVERY_SLOT,
                        kind="recovery",
                        user_id=None,
                        secret=normalise_recovery_key(recovery_key),
                        data_key=data_key,
                        vault_id=vault_id,
                        kdf=kdf,
                    ),
                ),
            )
            write_slots(directory / SLOTS_NAME, slots)
            for suffix in ("-wal", "-shm"):
                side = Path(f"{building}{suffix}")
                if side.exists():
                    side.unlink()
            os.replace(building, db_path)
            fsync_dir(directory)
        except OSError as exc:
            raise VaultNotWritable(directory, exc.strerror or str(exc)) from None
        vault = cls._open_with_key(directory, data_key, user.id, slots)
        return CreatedVault(vault, recovery_key)

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def unlock(cls, directory: Path, passphrase: str, now: datetime | None = None) -> Vault:
        now = now or datetime.now(UTC)
        slots = _read_existing_slots(directory)
        passphrase_slots = slots.of_kind("passphrase")
        if not passphrase_slots:
            raise PassphrasesDisabled()
        wait = backoff_remaining(slots.guard, now)
        if wait > 0:
            raise UnlockBackoff(wait)
        for slot in passphrase_slots:
            data_key = slot.open(passphrase, slots.vault_id)
            if data_key is not None:
                assert slot.user_id is not None
                failures = slots.guard
                if failures.failed:
                    slots = slots.with_guard(UnlockGuard(destroy_after=failures.destroy_after))
                    write_slots(directory / SLOTS_NAME, slots)
                vault = cls._open_with_key(directory, data_key, slot.user_id, slots)
                vault.failures_before_unlock = failures
                return vault
        guard = UnlockGuard(slots.guard.failed + 1, now.isoformat(), slots.guard.destroy_after)
        updated = slots.with_guard(guard)
        destroyed = guard.destroy_after is not None and guard.failed >= guard.destroy_after
        if destroyed:
            # The setting the owner chose: passphrases stop working, the recovery key remains.
            for slot in passphrase_slots:
                updated = updated.without(slot.slot_id)
        write_slots(directory / SLOTS_NAME, updated)
        if destroyed:
            raise PassphrasesDisabled()
        raise WrongPassphrase()

    @classmethod
    def unlock_with_recovery_key(
        cls,
        directory: Path,
        recovery_key: str,
        new_passphrase: str,
        kdf: KdfParams | None = None,
        user_id: int | None = None,
    ) -> Vault:
        """Open with the recovery key and set a new passphrase for a user (default: the first
        supervisor, who created the vault). Clears the failed-unlock count."""
        slots = _read_existing_slots(directory)
        slot = slots.find(RECOVERY_SLOT)
        data_key = slot.open(normalise_recovery_key(recovery_key), slots.vault_id) if slot else None
        if data_key is None:
            raise WrongRecoveryKey()
        slots = slots.with_guard(UnlockGuard(destroy_after=slots.guard.destroy_after))
        owner = user_id if user_id is not None else _first_user(directory, data_key)
        vault = cls._open_with_key(directory, data_key, owner, slots)
        vault._rewrap(data_key, new_passphrase, kdf)
        return vault

    @classmethod
    def _open_with_key(
        cls, directory: Path, data_key: bytes, user_id: int, slots: SlotFile
    ) -> Vault:
        db_path = directory / DB_NAME
        if not db_path.exists():
            raise VaultCorrupt(db_path, "the database file is missing")
        conn = open_database(db_path, data_key)
        try:
            migrate(conn)
            user = UserRepository(conn).get(user_id)
            if user is None:
                raise VaultCorrupt(db_path, "the user of this key slot is not in the database")
        except SchemaTooNew as exc:
            conn.close()
            raise VaultCorrupt(db_path, f"{exc}; update the app") from None
        except BaseException:
            conn.close()
            raise
        vault = cls(directory, conn, user, slots)
        vault._data_key = data_key
        return vault

    # -- keys -----------------------------------------------------------------------------

    _data_key: bytes | None = None
    failures_before_unlock: UnlockGuard = UnlockGuard()

    # -- users' key slots ---------------------------------------------------------------------

    def add_user_slot(self, user_id: int, passphrase: str, kdf: KdfParams | None = None) -> None:
        assert self._data_key is not None
        slot = KeySlot.seal(
            slot_id=_user_slot(user_id),
            kind="passphrase",
            user_id=user_id,
            secret=passphrase,
            data_key=self._data_key,
            vault_id=self._slots.vault_id,
            kdf=kdf or KdfParams.default(),
        )
        self._write_slots(self._slots.replace(slot))

    def remove_user_slot(self, user_id: int) -> None:
        self._write_slots(self._slots.without(_user_slot(user_id)))

    def set_destroy_after(self, attempts: int | None) -> None:
        guard = self._slots.guard
        self._write_slots(
            self._slots.with_guard(UnlockGuard(guard.failed, guard.last_failed_at, attempts))
        )

    @property
    def destroy_after(self) -> int | None:
        return self._slots.guard.destroy_after

    def _write_slots(self, slots: SlotFile) -> None:
        write_slots(self.slots_path, slots)
        self._slots = slots

    def change_passphrase(self, old: str, new: str, kdf: KdfParams | None = None) -> None:
        slot = self._slots.find(_user_slot(self.user.id))
        data_key = slot.open(old, self._slots.vault_id) if slot else None
        if data_key is None:
            raise WrongPassphrase()
        self._rewrap(data_key, new, kdf)

    def _rewrap(self, data_key: bytes, passphrase: str, kdf: KdfParams | None) -> None:
        # Re-wrap only: the same data key in a new slot. The database is not touched.
        old = self._slots.find(_user_slot(self.user.id))
        params = kdf or (old.kdf if old else KdfParams.default())
        slot = KeySlot.seal(
            slot_id=_user_slot(self.user.id),
            kind="passphrase",
            user_id=self.user.id,
            secret=passphrase,
            data_key=data_key,
            vault_id=self._slots.vault_id,
            kdf=params,
        )
        self._write_slots(self._slots.replace(slot))

    # -- locking --------------------------------------------------------------------------

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            self.conn.close()
            self.conn = None
        self._data_key = None


def backoff_remaining(guard: UnlockGuard, now: datetime) -> float:
    """Seconds to wait before the next attempt: none for the first three failures, then 1, 2,
    4, ... seconds, at most five minutes."""
    if guard.failed < 3 or guard.last_failed_at is None:
        return 0.0
    delay = min(2.0 ** (guard.failed - 3), 300.0)
    elapsed = (now - datetime.fromisoformat(guard.last_failed_at)).total_seconds()
    return max(0.0, delay - elapsed)


def _first_user(directory: Path, data_key: bytes) -> int:
    conn = open_database(directory / DB_NAME, data_key)
    try:
        migrate(conn)  # an old vault may lack removed_at; opening it migrates anyway
        row = conn.execute(
            "SELECT min(id) FROM users WHERE role = 'supervisor' AND removed_at IS NULL"
        ).fetchone()
    finally:
        conn.close()
    if row is None or row[0] is None:
        raise VaultCorrupt(directory / DB_NAME, "no supervisor is recorded in the vault")
    return int(row[0])


def _read_existing_slots(directory: Path) -> SlotFile:
    if not directory.is_dir() or not vault_exists(directory):
        raise VaultMissing(directory)
    return read_slots(directory / SLOTS_NAME)


def _prepare_directory(directory: Path) -> None:
    """Create the folder owner-only, before anything is written into it."""
    if vault_exists(directory):
        raise VaultExists(directory)
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        # mkdir's mode is filtered by the umask and ignored for an existing folder.
        os.chmod(directory, stat.S_IRWXU)
        probe = directory / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise VaultNotWritable(directory, exc.strerror or str(exc)) from None
