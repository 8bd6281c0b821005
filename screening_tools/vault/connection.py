"""Opening the SQLCipher database: keyed before anything else is read or written."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlcipher3

from screening_tools.errors import VaultCorrupt, VaultNotWritable

Connection = sqlite3.Connection


def open_database(path: Path, data_key: bytes, *, create: bool = False) -> Connection:
    if create:
        # Owner-only from the first byte; SQLite gives -wal and -shm the database's mode.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    conn: Connection = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        # Silence SQLCipher's own "hmac check failed" lines on stderr: we report errors ourselves.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # A raw 256-bit key (no KDF on open): the passphrase KDF already happened in the slot.
        # PRAGMA key cannot take a bound parameter; the hex comes from bytes we generated.
        conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        # The first real read is where a wrong key or a damaged file shows up.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not create:
            row = conn.execute("PRAGMA quick_check(1)").fetchone()
            if row is None or row[0] != "ok":
                raise VaultCorrupt(path, "the integrity check failed")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL: a committed answer survives a power cut, not only a crash of the app.
        conn.execute("PRAGMA synchronous = FULL")
        # Sorting and temporary tables stay in memory, never in a temp file.
        conn.execute("PRAGMA temp_store = MEMORY")
    except VaultCorrupt:
        conn.close()
        raise
    except sqlcipher3.OperationalError as exc:
        conn.close()
        raise _map_operational(exc, path) from None
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise VaultCorrupt(path, _reason(exc)) from None
    return conn


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "not a database" in text:
        return "it is not a readable vault database"
    if "malformed" in text:
        return "the database structure is damaged"
    return text


@contextmanager
def transaction(conn: Connection, path: Path) -> Iterator[Connection]:
    """One IMMEDIATE transaction; disk and corruption errors become typed vault errors."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlcipher3.OperationalError as exc:
        raise _map_operational(exc, path) from None
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        with contextlib.suppress(sqlcipher3.Error):
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlcipher3.OperationalError):
            raise _map_operational(exc, path) from None
        if isinstance(exc, sqlcipher3.DatabaseError) and not isinstance(
            exc, sqlcipher3.IntegrityError
        ):
            raise VaultCorrupt(path, _reason(exc)) from None
        raise


def _map_operational(exc: Exception, path: Path) -> Exception:
    text = str(exc)
    if "full" in text:
        return VaultNotWritable(path.parent, "the disk is full")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return VaultNotWritable(path.parent, "the folder is read-only or cannot be opened")
    if "disk I/O" in text:
        return VaultNotWritable(path.parent, "the disk reported an error")
    if "malformed" in text or "not a database" in text:
        return VaultCorrupt(path, _reason(exc))
    return exc
