"""Backup and restore: made while open, verified, restored to a new place or replacing only
when asked; and the audit verify command."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from screening_tools.errors import VaultExists, WrongPassphrase
from screening_tools.service import ScreeningService
from screening_tools.vault.backup import BackupInvalid
from tests.conftest import STRONG
from tests.integration.test_cli import run


@pytest.fixture
def svc(vault_dir: Path) -> ScreeningService:
    service = ScreeningService(vault_dir)
    service.create_vault(STRONG)
    return service


def test_backup_restore_round_trip(svc: ScreeningService, tmp_path: Path) -> None:
    refs = [svc.new_case(name="Backup Sentinel Person").reference for _ in range(3)]
    backup = tmp_path / "vault-backup.fsbackup"
    meta = svc.backup(backup)  # while the vault is open and in use
    assert meta["cases"] == 3
    assert b"Backup Sentinel Person" not in backup.read_bytes()
    assert set(zipfile.ZipFile(backup).namelist()) == {"backup.json", "keyslots.json", "vault.db"}
    svc.new_case()  # after the backup: not in it

    restored = ScreeningService(tmp_path / "restored")
    with pytest.raises(WrongPassphrase):
        restored.restore(backup, "not the passphrase at all")
    assert not (tmp_path / "restored").exists()
    restored.restore(backup, STRONG)
    assert sorted(c.reference for c in restored.list_cases()) == sorted(refs)
    actions = [e.action for e in restored.audit_report().entries]
    assert "backup" in actions and actions[-1] == "restore"


def test_restore_never_overwrites_unless_asked(svc: ScreeningService, tmp_path: Path) -> None:
    svc.new_case()
    backup = tmp_path / "b.fsbackup"
    svc.backup(backup)
    later = svc.new_case().reference
    svc.lock()
    with pytest.raises(VaultExists):
        svc.restore(backup, STRONG)
    svc.unlock(STRONG)
    assert later in [c.reference for c in svc.list_cases()]
    aside = svc.restore(backup, STRONG, replace=True)
    assert later not in [c.reference for c in svc.list_cases()]
    assert (aside / "vault.db").exists()  # the replaced vault was moved aside, not deleted
    old = ScreeningService(aside)
    old.unlock(STRONG)
    assert later in [c.reference for c in old.list_cases()]


@pytest.mark.parametrize("damage", ["not-zip", "flip-db"])
def test_damaged_backup_is_refused(svc: ScreeningService, tmp_path: Path, damage: str) -> None:
    for _ in range(30):
        svc.new_case()
    backup = tmp_path / "b.fsbackup"
    svc.backup(backup)
    data = bytearray(backup.read_bytes())
    if damage == "not-zip":
        data = bytearray(b"hello")
    else:
        info = zipfile.ZipFile(backup).getinfo("vault.db")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        data[start + 5000] ^= 0xFF
    backup.write_bytes(bytes(data))
    with pytest.raises((BackupInvalid, Exception)):
        ScreeningService(tmp_path / "r").restore(backup, STRONG)
    assert not (tmp_path / "r").exists()


def test_cli_backup_restore_and_audit(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    secret = tmp_path / "p.txt"
    secret.write_text(STRONG)
    common = ["--vault", str(vault), "--passphrase-file", str(secret)]
    run("vault", "create", *common)
    run("case", "new", *common)
    run("vault", "backup", "--out", str(tmp_path / "b.fsbackup"), *common)
    restored = ["--vault", str(tmp_path / "r"), "--passphrase-file", str(secret)]
    run("vault", "restore", "--backup", str(tmp_path / "b.fsbackup"), *restored)
    assert "intact" in run("audit", "verify", *restored).stdout
