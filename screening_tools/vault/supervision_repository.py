"""Persistence for supervision: the case list at scale, search, review, referrals and inbox."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from screening_tools.domain import CaseSummary
from screening_tools.tracking import ReferralTrack
from screening_tools.vault.connection import Connection
from screening_tools.vault.repositories import _dt, _ts, now_utc


@dataclass(frozen=True)
class CaseFilter:
    """Filters for the case list; every field narrows the list when set."""

    search: str | None = None
    route_id: str | None = None
    referral_status: str | None = None
    owner_id: int | None = None
    overdue_before: datetime | None = None  # first concern earlier than this, not yet sent
    sort: str = "updated"  # "updated" | "created" | "reference"


@dataclass(frozen=True)
class Referral:
    id: int
    case_id: int
    case_reference: str
    route_id: str
    recipient_id: str
    status: str
    track: ReferralTrack
    packet_id: str | None
    review_comment: str | None
    created_at: datetime
    updated_at: datetime
    created_by: str


SEARCH_CAP = 500

_SORTS = {
    "updated": "c.updated_at DESC, c.id DESC",
    "created": "c.created_at DESC, c.id DESC",
    "reference": "c.reference ASC",
}


def fts_query(text: str) -> str | None:
    """User text to a safe FTS5 query: every word must appear (as a prefix)."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    if not words:
        return None
    return " AND ".join(f'"{w}"*' for w in words[:12])


class SupervisionRepository:
    def __init__(self, conn: Connection, users: dict[int, str]) -> None:
        self._conn = conn
        self._users = users

    # -- the case list ----------------------------------------------------------------------

    def _where(self, f: CaseFilter) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if f.search:
            query = fts_query(f.search)
            if query is None:
                return "0", []
            # The best-ranked matches only: a search is for finding a case, not for listing
            # thousands, and the cap keeps a common word as fast as a rare one.
            clauses.append(
                "c.id IN (SELECT case_id FROM case_search WHERE case_search MATCH ?"
                " ORDER BY rank LIMIT ?)"
            )
            params.extend([query, SEARCH_CAP])
        if f.route_id:
            clauses.append(
                "EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND r.route_id = ?)"
            )
            params.append(f.route_id)
        if f.referral_status:
            clauses.append(
                "EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND r.status = ?)"
            )
            params.append(f.referral_status)
        if f.owner_id is not None:
            clauses.append("c.owner_id = ?")
            params.append(f.owner_id)
        if f.overdue_before is not None:
            clauses.append(
                "c.first_concern_at IS NOT NULL AND c.first_concern_at < ? AND NOT EXISTS"
                " (SELECT 1 FROM referrals r WHERE r.case_id = c.id"
                " AND r.status NOT IN ('draft', 'signed_off'))"
            )
            params.append(_ts(f.overdue_before))
        return (" AND ".join(clauses) or "1"), params

    def count(self, f: CaseFilter) -> int:
        where, params = self._where(f)
        row = self._conn.execute(f"SELECT count(*) FROM cases c WHERE {where}", params).fetchone()
        return int(row[0])

    def page(self, f: CaseFilter, offset: int, limit: int) -> list[CaseSummary]:
        where, params = self._where(f)
        order = _SORTS.get(f.sort, _SORTS["updated"])
        rows = self._conn.execute(
            f"""SELECT c.id, c.reference, c.created_at, c.updated_at,
                      (SELECT count(*) FROM screenings s WHERE s.case_id = c.id),
                      (SELECT count(*) FROM answers a JOIN screenings s ON a.screening_id = s.id
                        WHERE s.case_id = c.id AND a.state IN ('observed', 'disclosed'))
               FROM cases c WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?""",
            [*params, limit, offset],
        ).fetchall()
        return [CaseSummary(r[0], r[1], _dt(r[2]), _dt(r[3]), r[4], r[5]) for r in rows]

    # -- review of screenings -----------------------------------------------------------------

    def set_review(
        self, screening_id: int, status: str, user_id: int | None, comment: str | None
    ) -> None:
        self._conn.execute(
            "UPDATE screenings SET review_status = ?, review_comment = ?, reviewed_by = ?,"
            " reviewed_at = ? WHERE id = ?",
            (status, comment, user_id, _ts(now_utc()) if user_id else None, screening_id),
        )

    def screenings_awaiting(self) -> list[tuple[int, str, str, str]]:
        """(screening id, case reference, instrument id, recorded by) awaiting review."""
        rows = self._conn.execute(
            "SELECT s.id, c.reference, s.instrument_id, s.recorded_by FROM screenings s"
            " JOIN cases c ON c.id = s.case_id WHERE s.review_status = 'awaiting'"
            " ORDER BY s.updated_at"
        ).fetchall()
        return [(r[0], r[1], r[2], self._users.get(r[3], "?")) for r in rows]

    def review_of(self, screening_id: int) -> tuple[str, str | None]:
        row = self._conn.execute(
            "SELECT review_status, review_comment FROM screenings WHERE id = ?", (screening_id,)
        ).fetchone()
        return (row[0], row[1]) if row else ("none", None)

    # -- referrals ------------------------------------------------------------------------------

    def add_referral(
        self, case_id: int, route_id: str, recipient_id: str, track: ReferralTrack, user_id: int
    ) -> int:
        stamp = _ts(now_utc())
        cur = self._conn.execute(
            "INSERT INTO referrals (case_id, route_id, recipient_id, status, track, created_at,"
            " updated_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                case_id,
                route_id,
                recipient_id,
                track.status.value,
                track.to_json(),
                stamp,
                stamp,
                user_id,
            ),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def save_referral(
        self,
        referral_id: int,
        track: ReferralTrack,
        *,
        packet_id: str | None = None,
        comment: str | None = None,
    ) -> None:
        self._conn.execute(
            "UPDATE referrals SET status = ?, track = ?, updated_at = ?,"
            " packet_id = coalesce(?, packet_id), review_comment = coalesce(?, review_comment)"
            " WHERE id = ?",
            (track.status.value, track.to_json(), _ts(now_utc()), packet_id, comment, referral_id),
        )

    def referrals(self, *, case_id: int | None = None, status: str | None = None) -> list[Referral]:
        clauses: list[str] = []
        params: list[Any] = []
        if case_id is not None:
            clauses.append("r.case_id = ?")
            params.append(case_id)
        if status is not None:
            clauses.append("r.status = ?")
            params.append(status)
        where = " AND ".join(clauses) or "1"
        sql = (
            "SELECT r.id, r.case_id, c.reference, r.route_id, r.recipient_id, r.status, r.track,"
            " r.packet_id, r.review_comment, r.created_at, r.updated_at, r.created_by"
            f" FROM referrals r JOIN cases c ON c.id = r.case_id WHERE {where}"
            " ORDER BY r.updated_at DESC, r.id DESC"
        )
        rows = self._conn.execute(sql, params).fetchall()
        return [
            Referral(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                ReferralTrack.from_json(r[6]),
                r[7],
                r[8],
                _dt(r[9]),
                _dt(r[10]),
                self._users.get(r[11], "?"),
            )
            for r in rows
        ]

    def referral(self, referral_id: int) -> Referral | None:
        return next((r for r in self.referrals() if r.id == referral_id), None)

    # -- inbox --------------------------------------------------------------------------------

    def add_inbox(
        self,
        packet_id: str,
        user_id: int,
        key_id: str | None,
        confirmed: bool,
        verification: dict[str, Any],
        content: str,
        track: ReferralTrack,
    ) -> int:
        cur = self._conn.execute(
            "INSERT INTO inbox (packet_id, imported_at, imported_by, sender_key_id,"
            " sender_confirmed, verification, content, track, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                packet_id,
                _ts(now_utc()),
                user_id,
                key_id,
                int(confirmed),
                json.dumps(verification),
                content,
                track.to_json(),
                track.status.value,
            ),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def inbox(self) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            "SELECT id, packet_id, imported_at, sender_key_id, sender_confirmed, verification,"
            " content, track, status FROM inbox ORDER BY imported_at DESC, id DESC"
        ).fetchall()
        return [
            {
                "id": r[0],
                "packet_id": r[1],
                "imported_at": _dt(r[2]),
                "sender_key_id": r[3],
                "sender_confirmed": bool(r[4]),
                "verification": json.loads(r[5]),
                "content": r[6],
                "track": ReferralTrack.from_json(r[7]),
                "status": r[8],
            }
            for r in rows
        ]

    def save_inbox_track(self, inbox_id: int, track: ReferralTrack) -> None:
        self._conn.execute(
            "UPDATE inbox SET track = ?, status = ? WHERE id = ?",
            (track.to_json(), track.status.value, inbox_id),
        )
