"""The audit log: append-only, hash-chained entries inside the encrypted vault.

Each entry's hash covers its own fields and the previous entry's hash, so changing, removing or
reordering any entry breaks the chain from that point, and ``verify`` names the first entry
where it breaks and how. Triggers refuse UPDATE and DELETE through SQL, so a slip in the app
cannot rewrite history either.

What this does not stop: someone holding the vault key who rewrites the whole chain from the
start. The chain makes tampering evident; it cannot make it impossible (README, security).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from screening_tools.vault.connection import Connection
from screening_tools.vault.repositories import _dt, _ts, now_utc

GENESIS = "0" * 64


class AuditAction(StrEnum):
    VAULT_CREATED = "vault_created"
    UNLOCK = "unlock"
    FAILED_UNLOCK = "failed_unlock"
    LOCK = "lock"
    CASE_CREATED = "case_created"
    CASE_OPENED = "case_opened"
    ANSWER_CHANGED = "answer_changed"
    RESPONSE_CHANGED = "response_changed"
    NOTE_ADDED = "note_added"
    CONSENT_RECORDED = "consent_recorded"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    EXCEPTION_RECORDED = "exception_recorded"
    SIGN_OFF = "sign_off"
    EXPORT = "export"
    REFERRAL_CHANGED = "referral_changed"
    PACKET_IMPORTED = "packet_imported"
    USER_ADDED = "user_added"
    USER_REMOVED = "user_removed"
    PASSPHRASE_CHANGED = "passphrase_changed"  # noqa: S105 - an event name, not a secret
    PASSPHRASE_RESET = "passphrase_reset"  # noqa: S105 - an event name, not a secret
    SETTINGS_CHANGED = "settings_changed"
    BACKUP = "backup"
    RESTORE = "restore"


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    user_id: int | None
    action: str
    subject: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    kind: str  # "changed" | "removed" | "reordered"
    message: str


def entry_hash(
    prev_hash: str, seq: int, at: str, user_id: int | None, action: str, subject: str, detail: str
) -> str:
    canonical = json.dumps(
        [prev_hash, seq, at, user_id, action, subject, detail],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AuditLog:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def append(
        self,
        action: AuditAction,
        user_id: int | None,
        subject: str = "",
        detail: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> None:
        """Append inside the caller's transaction, so the entry commits with the change."""
        last = self._conn.execute(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        seq = (last[0] + 1) if last else 1
        prev = last[1] if last else GENESIS
        stamp = _ts(at or now_utc())
        detail_text = json.dumps(detail or {}, sort_keys=True, separators=(",", ":"))
        digest = entry_hash(prev, seq, stamp, user_id, action.value, subject, detail_text)
        self._conn.execute(
            "INSERT INTO audit (seq, at, user_id, action, subject, detail, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, stamp, user_id, action.value, subject, detail_text, prev, digest),
        )

    def entries(self, limit: int | None = None, offset: int = 0) -> list[AuditEntry]:
        rows = self._conn.execute(
            "SELECT seq, at, user_id, action, subject, detail, prev_hash, hash FROM audit"
            " ORDER BY rowid LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        ).fetchall()
        return [
            AuditEntry(r[0], _dt(r[1]), r[2], r[3], r[4], json.loads(r[5]), r[6], r[7])
            for r in rows
        ]

    def verify(self) -> list[AuditProblem]:
        """Walk the chain in order; report each entry where it breaks, and how."""
        rows = self._conn.execute(
            "SELECT seq, at, user_id, action, subject, detail, prev_hash, hash FROM audit"
            " ORDER BY seq"
        ).fetchall()
        known = {row[7] for row in rows}
        problems: list[AuditProblem] = []
        expected_prev, expected_seq = GENESIS, 1
        for seq, at, user_id, action, subject, detail, prev_hash, stored in rows:
            fields = (at, user_id, action, subject, detail)
            if entry_hash(prev_hash, seq, *fields) != stored:
                # Written under another number? Then it was moved, not edited.
                moved_from = next(
                    (
                        n
                        for n in range(1, len(rows) + 2)
                        if n != seq and entry_hash(prev_hash, n, *fields) == stored
                    ),
                    None,
                )
                if moved_from is not None:
                    problems.append(
                        AuditProblem(
                            seq,
                            "reordered",
                            f"entry {moved_from} was moved to position {seq}",
                        )
                    )
                else:
                    problems.append(
                        AuditProblem(
                            seq, "changed", f"entry {seq} was changed after it was written"
                        )
                    )
            elif seq != expected_seq and prev_hash not in known:
                missing = (
                    f"entry {expected_seq} was"
                    if seq == expected_seq + 1
                    else f"entries {expected_seq} to {seq - 1} were"
                )
                problems.append(AuditProblem(seq, "removed", f"{missing} removed"))
            elif prev_hash != expected_prev:
                kind = "reordered" if prev_hash in known else "changed"
                problems.append(
                    AuditProblem(seq, kind, f"the chain breaks at entry {seq} ({kind})")
                )
            expected_prev, expected_seq = stored, seq + 1
        return problems
