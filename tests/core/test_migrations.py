"""Each migration applies from an empty database, in order, in its own transaction."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from screening_tools.vault.connection import open_database
from screening_tools.vault.migrations import (
    LATEST_VERSION,
    MIGRATIONS,
    Migration,
    migrate,
    schema_version,
)


def _fresh(tmp_path: Path):  # type: ignore[no-untyped-def]
    return open_database(tmp_path / "m.db", secrets.token_bytes(32), create=True)


def test_versions_are_numbered_without_gaps() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))


@pytest.mark.parametrize("target", [m.version for m in MIGRATIONS])
def test_each_migration_from_empty(tmp_path: Path, target: int) -> None:
    conn = _fresh(tmp_path)
    assert schema_version(conn) == 0
    assert migrate(conn, target) == list(range(1, target + 1))
    assert schema_version(conn) == target
    # ... and the rest applies on top of it later, as an upgrade would.
    assert migrate(conn) == list(range(target + 1, LATEST_VERSION + 1))
    assert schema_version(conn) == LATEST_VERSION
    assert migrate(conn) == []
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_failed_migration_rolls_back_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = (
        *MIGRATIONS,
        Migration(
            LATEST_VERSION + 1,
            "broken",
            ("CREATE TABLE half_done (x INTEGER)", "THIS IS NOT SQL"),
        ),
    )
    monkeypatch.setattr("screening_tools.vault.migrations.MIGRATIONS", broken)
    monkeypatch.setattr("screening_tools.vault.migrations.LATEST_VERSION", LATEST_VERSION + 1)
    conn = _fresh(tmp_path)
    with pytest.raises(Exception, match="syntax error"):
        migrate(conn, LATEST_VERSION + 1)
    assert schema_version(conn) == LATEST_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables
    conn.close()
