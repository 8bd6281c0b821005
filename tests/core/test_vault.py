"""Vault life cycle against a real SQLCipher database in a temp folder."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from screening_tools.domain import AnswerState
from screening_tools.errors import (
    KeySlotsUnreadable,
    VaultCorrupt,
    VaultExists,
    VaultLocked,
    VaultMissing,
    VaultNotWritable,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from screening_tools.service import ScreeningService
from tests.conftest import STRONG, open_interview

OTHER = "violet anchor meadow trumpet"


def test_create_lock_unlock_round_trip(vault_dir: Path) -> None:
    service = ScreeningService(vault_dir)
    recovery = service.create_vault(STRONG, "Worker A")
    case = service.new_case()
    screening = service.start_screening(case.reference, "adult-indicators")
    open_interview(service, screening.id)
    item = service.instrument("adult-indicators").items()[0].id
    service.record_answer(screening.id, item, AnswerState.OBSERVED)
    service.add_note(case.reference, "seen at the first visit", screening.id)
    service.lock()
    assert not service.is_unlocked
    with pytest.raises(VaultLocked):
        service.list_cases()

    service.unlock(STRONG)
    detail = service.open_case(case.reference)
    assert detail.screenings[0].answers[item].state is AnswerState.OBSERVED
    assert detail.screenings[0].answers[item].recorded_by == "Worker A"
    assert [n.body for n in detail.notes] == ["seen at the first visit"]
    assert len(recovery.split("-")) == 8


def test_vault_folder_and_files_are_owner_only(vault_dir: Path, service: ScreeningService) -> None:
    assert stat.S_IMODE(vault_dir.stat().st_mode) == 0o700
    service.new_case()  # something in the WAL
    files = [p for p in vault_dir.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {"keyslots.json", "vault.db", "vault.db-wal"}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_wrong_passphrase_is_typed_and_quiet(vault_dir: Path) -> None:
    # A subprocess, so SQLCipher's own stderr output (if any) would be captured.
    code = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
from screening_tools.service import ScreeningService
from screening_tools.errors import WrongPassphrase
s = ScreeningService({str(vault_dir)!r})
s.create_vault({STRONG!r})
s.lock()
try:
    s.unlock("not the right passphrase at all")
except WrongPassphrase as e:
    print("WRONG:", e)
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "FRONTLINE_TEST_CHEAP_KDF": "1"},
        check=True,
    )
    assert result.stdout.startswith("WRONG: That passphrase does not open this vault")
    assert result.stderr == ""


def test_wrong_passphrase_in_process(vault_dir: Path, service: ScreeningService) -> None:
    service.lock()
    with pytest.raises(WrongPassphrase):
        service.unlock("not the right passphrase at all")


def test_recovery_key_unlocks_and_sets_new_passphrase(vault_dir: Path) -> None:
    service = ScreeningService(vault_dir)
    recovery = service.create_vault(STRONG)
    reference = service.new_case().reference
    service.lock()
    with pytest.raises(WrongRecoveryKey):
        service.unlock_with_recovery_key("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", OTHER)
    # Typed loosely: lower case, spaces instead of dashes.
    service.unlock_with_recovery_key(recovery.lower().replace("-", " "), OTHER)
    assert service.open_case(reference).case.reference == reference
    service.lock()
    with pytest.raises(WrongPassphrase):
        service.unlock(STRONG)
    service.unlock(OTHER)


def test_passphrase_change_rewraps_and_keeps_data(
    vault_dir: Path, service: ScreeningService
) -> None:
    reference = service.new_case().reference
    db = vault_dir / "vault.db"
    assert service._vault is not None
    data_key = service._vault._data_key
    salt = db.read_bytes()[:16]
    with pytest.raises(WrongPassphrase):
        service.change_passphrase("not the old one at all", OTHER)
    service.change_passphrase(STRONG, OTHER)
    service.lock()
    # Re-wrap only: the same data key opens the same database (never rekeyed).
    assert db.read_bytes()[:16] == salt
    service.unlock(OTHER)
    assert service._vault is not None and service._vault._data_key == data_key
    service.lock()
    with pytest.raises(WrongPassphrase):
        service.unlock(STRONG)
    service.unlock(OTHER)
    assert service.list_cases()[0].reference == reference


def test_weak_passphrase_refused(vault_dir: Path) -> None:
    with pytest.raises(WeakPassphrase):
        ScreeningService(vault_dir).create_vault("password1")
    assert not (vault_dir / "vault.db").exists()


def test_create_never_overwrites(vault_dir: Path, service: ScreeningService) -> None:
    service.new_case()
    service.lock()
    before = (vault_dir / "keyslots.json").read_bytes()
    with pytest.raises(VaultExists):
        ScreeningService(vault_dir).create_vault(OTHER)
    assert (vault_dir / "keyslots.json").read_bytes() == before
    service.unlock(STRONG)
    assert len(service.list_cases()) == 1


def test_missing_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultMissing) as err:
        ScreeningService(tmp_path / "nowhere").unlock(STRONG)
    assert "nowhere" in str(err.value)


def test_directory_not_writable(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root ignores permission bits; a regular file in the way fails for everyone.
        blocker = tmp_path / "file"
        blocker.write_text("x")
        target = blocker / "vault"
    else:
        locked = tmp_path / "ro"
        locked.mkdir(mode=0o500)
        target = locked / "vault"
    with pytest.raises(VaultNotWritable):
        ScreeningService(target).create_vault(STRONG)


@pytest.mark.parametrize("damage", ["garbage", "truncate", "zero"])
def test_corrupt_database_names_the_file(
    vault_dir: Path, service: ScreeningService, damage: str
) -> None:
    for _ in range(60):
        case = service.new_case()
        service.add_note(case.reference, "padding " * 200)
    service.lock()
    db = vault_dir / "vault.db"
    data = db.read_bytes()
    assert len(data) > 8192
    if damage == "garbage":
        db.write_bytes(data[:4096] + os.urandom(4096) + data[8192:])
    elif damage == "truncate":
        db.write_bytes(data[: len(data) // 3])
    else:
        db.write_bytes(b"\0" * len(data))
    with pytest.raises(VaultCorrupt) as err:
        service.unlock(STRONG)
        service.list_cases()
    assert "vault.db" in str(err.value)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        json.dumps({"format": "other"}).encode(),
        b'{"format": "frontline-keyslots"}',
    ],
)
def test_unreadable_key_slots(vault_dir: Path, service: ScreeningService, content: bytes) -> None:
    service.lock()
    (vault_dir / "keyslots.json").write_bytes(content)
    with pytest.raises(KeySlotsUnreadable) as err:
        service.unlock(STRONG)
    assert "keyslots.json" in str(err.value)


def test_missing_key_slots(vault_dir: Path, service: ScreeningService) -> None:
    service.lock()
    (vault_dir / "keyslots.json").unlink()
    with pytest.raises(KeySlotsUnreadable):
        service.unlock(STRONG)


def test_relabelled_recovery_slot_is_refused(vault_dir: Path) -> None:
    service = ScreeningService(vault_dir)
    recovery = service.create_vault(STRONG)
    service.lock()
    path = vault_dir / "keyslots.json"
    data = json.loads(path.read_text())
    # Pass the recovery slot off as a user's passphrase slot: the AES-GCM associated data
    # binds each slot to its id and kind, so the recovery key no longer opens it.
    for slot in data["slots"]:
        if slot["kind"] == "recovery":
            slot["kind"] = "passphrase"
            slot["user_id"] = 1
    path.write_text(json.dumps(data))
    with pytest.raises(WrongPassphrase):
        service.unlock(recovery)


def test_sentinel_never_in_plaintext_on_disk(vault_dir: Path, service: ScreeningService) -> None:
    sentinel = "SENTINEL-7f3a9c-Zofia-Kowalczyk"
    case = service.new_case(name=sentinel, contact=sentinel + "@example.org")
    screening = service.start_screening(case.reference, "adult-indicators")
    open_interview(service, screening.id)
    service.add_note(case.reference, f"said {sentinel}", screening.id, disclosure=True)
    # Look while the vault is open (WAL present) and after locking.
    files_open = _scan(vault_dir, sentinel)
    service.lock()
    files_closed = _scan(vault_dir, sentinel)
    assert files_open == [] and files_closed == []
    names = [p.name for p in vault_dir.rglob("*")]
    assert any(n.endswith("-wal") for n in names) or (vault_dir / "vault.db").exists()


def _scan(directory: Path, sentinel: str) -> list[str]:
    needles = [sentinel.encode("utf-8"), sentinel.encode("utf-16-le")]
    hits = []
    for path in directory.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(n in data for n in needles):
                hits.append(str(path))
        if sentinel in path.name:
            hits.append(str(path))
    return hits


def test_very_long_passphrase_is_accepted(vault_dir: Path) -> None:
    long_pass = "the quiet orange lantern sways above a harbour of sleeping boats " * 2
    service = ScreeningService(vault_dir)
    service.create_vault(long_pass)
    service.lock()
    service.unlock(long_pass)
