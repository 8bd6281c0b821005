"""The key-slot file beside the database: read, and written atomically with owner-only rights."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from screening_tools.errors import KeySlotsUnreadable, VaultNotWritable
from screening_tools.vault.keys import KeySlot

FORMAT = "frontline-keyslots"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class UnlockGuard:
    """Failed-unlock bookkeeping, kept beside the slots because it must work while locked.

    It slows down guessing through the app; it cannot stop someone who copies the files and
    attacks Argon2id directly (that is what the key-derivation cost is for).
    """

    failed: int = 0
    last_failed_at: str | None = None
    # Off by default: after this many failures in a row, the passphrase slots are destroyed and
    # only the recovery key can open the vault.
    destroy_after: int | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "failed": self.failed,
            "last_failed_at": self.last_failed_at,
            "destroy_after": self.destroy_after,
        }

    @classmethod
    def from_json(cls, data: object) -> UnlockGuard:
        if not isinstance(data, dict):
            return cls()
        failed = data.get("failed", 0)
        last = data.get("last_failed_at")
        destroy = data.get("destroy_after")
        return cls(
            failed if isinstance(failed, int) and failed >= 0 else 0,
            last if isinstance(last, str) else None,
            destroy if isinstance(destroy, int) and destroy > 0 else None,
        )


@dataclass(frozen=True)
class SlotFile:
    vault_id: str
    slots: tuple[KeySlot, ...]
    guard: UnlockGuard = field(default_factory=UnlockGuard)

    def replace(self, slot: KeySlot) -> SlotFile:
        kept = tuple(s for s in self.slots if s.slot_id != slot.slot_id)
        return SlotFile(self.vault_id, (*kept, slot), self.guard)

    def without(self, slot_id: str) -> SlotFile:
        return SlotFile(
            self.vault_id, tuple(s for s in self.slots if s.slot_id != slot_id), self.guard
        )

    def with_guard(self, guard: UnlockGuard) -> SlotFile:
        return SlotFile(self.vault_id, self.slots, guard)

    def find(self, slot_id: str) -> KeySlot | None:
        return next((s for s in self.slots if s.slot_id == slot_id), None)

    def of_kind(self, kind: str) -> list[KeySlot]:
        return [s for s in self.slots if s.kind == kind]


def read_slots(path: Path) -> SlotFile:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeySlotsUnreadable(path, "the file is missing") from None
    except OSError as exc:
        raise KeySlotsUnreadable(path, exc.strerror or "it could not be read") from None
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a Frontline key file")
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"unsupported key file version {data.get('version')!r}")
        slots = tuple(KeySlot.from_json(s) for s in data["slots"])
        guard = UnlockGuard.from_json(data.get("unlock_guard"))
        vault_id = data["vault_id"]
        if not isinstance(vault_id, str) or not slots:
            raise ValueError("no key slots")
    except (ValueError, KeyError, TypeError) as exc:
        raise KeySlotsUnreadable(path, str(exc) or "its contents are not valid") from None
    return SlotFile(vault_id, slots, guard)


def write_slots(path: Path, slot_file: SlotFile) -> None:
    """Write to a temporary file, fsync, then rename: the old file or the new, never half."""
    payload = json.dumps(
        {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "vault_id": slot_file.vault_id,
            "slots": [s.to_json() for s in slot_file.slots],
            "unlock_guard": slot_file.guard.to_json(),
        },
        indent=2,
    ).encode("utf-8")
    atomic_write(path, payload)


def atomic_write(path: Path, payload: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise VaultNotWritable(path.parent, exc.strerror or str(exc)) from None


def fsync_dir(directory: Path) -> None:
    # The rename is only durable once the directory entry is on disk.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
