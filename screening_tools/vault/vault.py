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
from pathlib import Path

from screening_tools.domain import Role, User
from screening_tools.errors import (
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
from screening_tools.vault.slots import SlotFile, fsync_dir, read_slots, write_slots

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
    def unlock(cls, directory: Path, passphrase: str) -> Vault:
        slots = _read_existing_slots(directory)
        for slot in slots.of_kind("passphrase"):
            data_key = slot.open(passphrase, slots.vault_id)
            if data_key is not None:
                assert slot.user_id is not None
                return cls._open_with_key(directory, data_key, slot.user_id, slots)
        raise WrongPassphrase()

    @classmethod
    def unlock_with_recovery_key(
        cls, directory: Path, recovery_key: str, new_passphrase: str, kdf: KdfParams | None = None
    ) -> Vault:
        """Open with the recovery key and set a new passphrase for the vault's first user."""
        slots = _read_existing_slots(directory)
        slot = slots.find(RECOVERY_SLOT)
        data_key = slot.open(normalise_recovery_key(recovery_key), slots.vault_id) if slot else None
        if data_key is None:
            raise WrongRecoveryKey()
        owner = min(s.user_id for s in slots.of_kind("passphrase") if s.user_id is not None)
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
        updated = self._slots.replace(slot)
        write_slots(self.slots_path, updated)
        self._slots = updated

    # -- locking --------------------------------------------------------------------------

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            self.conn.close()
            self.conn = None
        self._data_key = None


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
