"""Persistence for sharing: consent records, sharing exceptions, the export log and settings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from screening_tools.vault.connection import Connection
from screening_tools.vault.repositories import _dt, _ts, now_utc

if TYPE_CHECKING:
    from screening_tools.consent import ConsentRecord


@dataclass(frozen=True)
class SharingException:
    """A basis other than consent: child protection (with the child's views) or a safeguarding
    exception (written justification, valid only once a supervisor signs it off)."""

    id: int
    case_id: int
    kind: str  # "child_protection" | "safeguarding_exception"
    text: str  # the child's views, or the justification
    created_at: datetime
    created_by: str
    signed_off_at: datetime | None
    signed_off_by: str | None

    @property
    def signed_off(self) -> bool:
        return self.signed_off_at is not None


@dataclass(frozen=True)
class ExportEntry:
    id: int
    packet_id: str
    recipient_id: str
    route_id: str
    basis_kind: str
    basis_id: str
    categories: list[str]
    file_sha256: str
    encrypted: bool
    created_at: datetime
    created_by: str


class SharingRepository:
    def __init__(self, conn: Connection, users: dict[int, str]) -> None:
        self._conn = conn
        self._users = users

    # -- consent ------------------------------------------------------------------------------

    def add_consent(self, case_id: int, record: ConsentRecord, user_id: int) -> ConsentRecord:
        cur = self._conn.execute(
            "INSERT INTO consents (case_id, record, fingerprint, decision, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                case_id,
                record.model_dump_json(exclude={"id"}),
                record.fingerprint,
                record.decision.value,
                _ts(now_utc()),
                user_id,
            ),
        )
        assert cur.lastrowid is not None
        return record.model_copy(update={"id": cur.lastrowid})

    def withdraw_consent(self, consent_id: int, user_id: int) -> None:
        self._conn.execute(
            "UPDATE consents SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ?"
            " AND withdrawn_at IS NULL",
            (_ts(now_utc()), user_id, consent_id),
        )

    def consents(self, case_id: int) -> list[ConsentRecord]:
        from screening_tools.consent import ConsentRecord

        rows = self._conn.execute(
            "SELECT id, record, fingerprint, withdrawn_at, withdrawn_by FROM consents"
            " WHERE case_id = ? ORDER BY created_at, id",
            (case_id,),
        ).fetchall()
        records = []
        for consent_id, record, fingerprint, withdrawn_at, withdrawn_by in rows:
            data = json.loads(record)
            # The stored fingerprint column wins over the JSON: a changed scope then no longer
            # matches it, and the gate refuses the record.
            data.update(id=consent_id, fingerprint=fingerprint)
            if withdrawn_at:
                data.update(
                    withdrawn_at=withdrawn_at, withdrawn_by=self._users.get(withdrawn_by, "?")
                )
            records.append(ConsentRecord.model_validate(data))
        return records

    def latest_decision(self, case_id: int) -> ConsentRecord | None:
        records = [r for r in self.consents(case_id) if r.active]
        return records[-1] if records else None

    # -- exceptions ---------------------------------------------------------------------------

    def add_exception(self, case_id: int, kind: str, text: str, user_id: int) -> SharingException:
        stamp = now_utc()
        cur = self._conn.execute(
            "INSERT INTO sharing_exceptions (case_id, kind, text, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?)",
            (case_id, kind, text, _ts(stamp), user_id),
        )
        assert cur.lastrowid is not None
        return SharingException(
            cur.lastrowid, case_id, kind, text, stamp, self._users[user_id], None, None
        )

    def sign_off(self, exception_id: int, user_id: int) -> None:
        self._conn.execute(
            "UPDATE sharing_exceptions SET signed_off_at = ?, signed_off_by = ?"
            " WHERE id = ? AND signed_off_at IS NULL",
            (_ts(now_utc()), user_id, exception_id),
        )

    def exceptions(self, case_id: int) -> list[SharingException]:
        rows = self._conn.execute(
            "SELECT id, case_id, kind, text, created_at, created_by, signed_off_at,"
            " signed_off_by FROM sharing_exceptions WHERE case_id = ? ORDER BY created_at, id",
            (case_id,),
        ).fetchall()
        return [
            SharingException(
                r[0],
                r[1],
                r[2],
                r[3],
                _dt(r[4]),
                self._users.get(r[5], "?"),
                _dt(r[6]) if r[6] else None,
                self._users.get(r[7], "?") if r[7] else None,
            )
            for r in rows
        ]

    # -- export log ---------------------------------------------------------------------------

    def log_export(self, case_id: int, entry: ExportEntry, user_id: int) -> None:
        self._conn.execute(
            "INSERT INTO exports (case_id, packet_id, recipient_id, route_id, basis_kind,"
            " basis_id, categories, file_sha256, encrypted, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                case_id,
                entry.packet_id,
                entry.recipient_id,
                entry.route_id,
                entry.basis_kind,
                entry.basis_id,
                json.dumps(entry.categories),
                entry.file_sha256,
                int(entry.encrypted),
                _ts(entry.created_at),
                user_id,
            ),
        )

    def exports(self, case_id: int) -> list[ExportEntry]:
        rows = self._conn.execute(
            "SELECT id, packet_id, recipient_id, route_id, basis_kind, basis_id, categories,"
            " file_sha256, encrypted, created_at, created_by FROM exports WHERE case_id = ?"
            " ORDER BY created_at, id",
            (case_id,),
        ).fetchall()
        return [
            ExportEntry(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                json.loads(r[6]),
                r[7],
                bool(r[8]),
                _dt(r[9]),
                self._users.get(r[10], "?"),
            )
            for r in rows
        ]

    # -- settings (meta) ----------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        self._conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def is_declined(record: ConsentRecord | None) -> bool:
    return record is not None and record.decision == "declined"
