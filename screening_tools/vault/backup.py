"""Encrypted backups: one file holding a consistent copy of the database (still encrypted with
the vault's data key) and the key slots that open it, so the same passphrases and recovery key
open a restored vault.

A backup is made from the open vault with SQLite's online backup API (a consistent snapshot
while the app keeps working), written through a temporary file in the destination folder, and
verified after writing by opening the copy and checking every page. A restore unpacks into a
new folder beside the target, checks the vault opens with the given passphrase, and only then
moves it into place; a working vault is moved aside, never half-overwritten.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import secrets
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3

from screening_tools.errors import ScreeningError, VaultExists, VaultNotWritable
from screening_tools.vault.connection import Connection, open_database
from screening_tools.vault.slots import atomic_write
from screening_tools.vault.vault import DB_NAME, SLOTS_NAME, Vault, vault_exists

FORMAT = "frontline-vault-backup"
META = "backup.json"


class BackupInvalid(ScreeningError):
    def __init__(self, file: Path, reason: str) -> None:
        super().__init__(f"The backup {file} cannot be used ({reason}). Nothing was changed.")


def make_backup(vault: Vault, data_key: bytes, dest: Path) -> dict[str, object]:
    if vault.conn is None:
        raise ScreeningError("The vault is locked.")
    dest = Path(dest)
    snapshot = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.snapshot")
    try:
        target = open_database(snapshot, data_key, create=True)
        try:
            vault.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            cases = target.execute("SELECT count(*) FROM cases").fetchone()[0]
        finally:
            target.close()
        db_bytes = snapshot.read_bytes()
    except (OSError, sqlcipher3.Error) as exc:
        raise VaultNotWritable(dest.parent, str(exc)) from None
    finally:
        for leftover in dest.parent.glob(f"{snapshot.name}*"):
            with contextlib.suppress(OSError):
                leftover.unlink()
    meta = {
        "format": FORMAT,
        "version": 1,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cases": cases,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(META, json.dumps(meta, indent=2))
        archive.writestr(SLOTS_NAME, vault.slots_path.read_bytes())
        archive.writestr(DB_NAME, db_bytes)
    atomic_write(dest, buffer.getvalue())
    verify_backup(dest, data_key, expected_cases=cases)
    return meta


def verify_backup(path: Path, data_key: bytes, expected_cases: int | None = None) -> None:
    """Open the copy inside the backup and check every page's HMAC and the structure."""
    members = _read(path)
    workdir = path.with_name(f".{path.name}.{secrets.token_hex(4)}.verify")
    workdir.mkdir(mode=0o700)
    try:
        db = workdir / DB_NAME
        db.write_bytes(members[DB_NAME])  # ciphertext only: it is the encrypted database
        conn = open_database(db, data_key)
        try:
            _check_pages(conn, path)
            cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        finally:
            conn.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if expected_cases is not None and cases != expected_cases:
        raise BackupInvalid(path, "the copy does not hold every case")


def restore_backup(path: Path, target: Path, passphrase: str, *, replace: bool = False) -> Path:
    """Restore into ``target``. Returns where an existing vault was moved aside (if any)."""
    members = _read(path)
    target = Path(target)
    if vault_exists(target) and not replace:
        raise VaultExists(target)
    staging = target.parent / f".{target.name}.restore-{secrets.token_hex(4)}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir(mode=0o700)
        for name in (DB_NAME, SLOTS_NAME):
            fd = os.open(staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(members[name])
                handle.flush()
                os.fsync(handle.fileno())
        vault = Vault.unlock(staging, passphrase)  # wrong passphrase: nothing has moved yet
        try:
            assert vault.conn is not None
            _check_pages(vault.conn, path)
        finally:
            vault.close()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    aside = target.parent / f"{target.name}.replaced-{datetime.now(UTC):%Y%m%dT%H%M%S}"
    moved_aside = False
    try:
        if target.exists():
            if any(target.iterdir()):
                os.replace(target, aside)
                moved_aside = True
            else:
                target.rmdir()
        os.replace(staging, target)
    except OSError as exc:
        if moved_aside and not target.exists():
            os.replace(aside, target)  # put the working vault back
        shutil.rmtree(staging, ignore_errors=True)
        raise VaultNotWritable(target.parent, exc.strerror or str(exc)) from None
    return aside if moved_aside else target


def _read(path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        meta = json.loads(members[META])
    except FileNotFoundError:
        raise BackupInvalid(path, "the file does not exist") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise BackupInvalid(path, "it is not a readable vault backup") from None
    if meta.get("format") != FORMAT or DB_NAME not in members or SLOTS_NAME not in members:
        raise BackupInvalid(path, "it is not a vault backup")
    return members


def _check_pages(conn: Connection, path: Path) -> None:
    problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    quick = conn.execute("PRAGMA quick_check").fetchone()
    if problems or quick is None or quick[0] != "ok":
        raise BackupInvalid(path, "some of its pages are damaged")
