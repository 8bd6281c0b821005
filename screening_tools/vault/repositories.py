"""Repositories: SQL in, domain objects out. Callers hold the transaction."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from screening_tools.domain import (
    Answer,
    AnswerState,
    Case,
    CaseSummary,
    Note,
    Role,
    Screening,
    User,
)
from screening_tools.vault.connection import Connection


def now_utc() -> datetime:
    # Millisecond precision: what is stored is exactly what is returned.
    stamp = datetime.now(UTC)
    return stamp.replace(microsecond=stamp.microsecond // 1000 * 1000)


def _ts(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds")


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value)


# Neutral case references: random, so they reveal neither a name nor how many cases exist.
_REF_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def new_reference() -> str:
    body = "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))
    return f"FS-{body[:4]}-{body[4:]}"


class UserRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, display_name: str, role: Role) -> User:
        cur = self._conn.execute(
            "INSERT INTO users (display_name, role, created_at) VALUES (?, ?, ?)",
            (display_name, role.value, _ts(now_utc())),
        )
        assert cur.lastrowid is not None
        return User(cur.lastrowid, display_name, role)

    def get(self, user_id: int) -> User | None:
        row = self._conn.execute(
            "SELECT id, display_name, role FROM users WHERE id = ?", (user_id,)
        ).fetchone()
        return None if row is None else User(row[0], row[1], Role(row[2]))

    def active(self) -> list[User]:
        rows = self._conn.execute(
            "SELECT id, display_name, role FROM users WHERE removed_at IS NULL ORDER BY id"
        ).fetchall()
        return [User(r[0], r[1], Role(r[2])) for r in rows]

    def remove(self, user_id: int) -> None:
        # The row stays, so what they recorded keeps its author; their key slot goes.
        self._conn.execute(
            "UPDATE users SET removed_at = ? WHERE id = ?", (_ts(now_utc()), user_id)
        )

    def display_names(self) -> dict[int, str]:
        return {r[0]: r[1] for r in self._conn.execute("SELECT id, display_name FROM users")}


class CaseRepository:
    def __init__(self, conn: Connection, users: dict[int, str]) -> None:
        self._conn = conn
        self._users = users

    def add(self, created_by: int, name: str | None, contact: str | None) -> Case:
        stamp = now_utc()
        for _ in range(10):
            reference = new_reference()
            exists = self._conn.execute(
                "SELECT 1 FROM cases WHERE reference = ?", (reference,)
            ).fetchone()
            if not exists:
                break
        cur = self._conn.execute(
            "INSERT INTO cases (reference, created_at, updated_at, created_by, owner_id, name,"
            " contact) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (reference, _ts(stamp), _ts(stamp), created_by, created_by, name, contact),
        )
        assert cur.lastrowid is not None
        return Case(
            cur.lastrowid, reference, stamp, stamp, self._users.get(created_by, "?"), name, contact
        )

    def by_reference(self, reference: str) -> Case | None:
        row = self._conn.execute(
            "SELECT id, reference, created_at, updated_at, created_by, name, contact"
            " FROM cases WHERE reference = ?",
            (reference,),
        ).fetchone()
        return None if row is None else self._case(row)

    def by_id(self, case_id: int) -> Case | None:
        row = self._conn.execute(
            "SELECT id, reference, created_at, updated_at, created_by, name, contact"
            " FROM cases WHERE id = ?",
            (case_id,),
        ).fetchone()
        return None if row is None else self._case(row)

    def touch(self, case_id: int) -> None:
        self._conn.execute(
            "UPDATE cases SET updated_at = ? WHERE id = ?", (_ts(now_utc()), case_id)
        )

    def summaries(self, limit: int | None = None, offset: int = 0) -> list[CaseSummary]:
        rows = self._conn.execute(
            """SELECT c.id, c.reference, c.created_at, c.updated_at,
                      (SELECT count(*) FROM screenings s WHERE s.case_id = c.id),
                      (SELECT count(*) FROM answers a JOIN screenings s ON a.screening_id = s.id
                        WHERE s.case_id = c.id AND a.state IN ('observed', 'disclosed'))
               FROM cases c ORDER BY c.updated_at DESC, c.id DESC LIMIT ? OFFSET ?""",
            (-1 if limit is None else limit, offset),
        ).fetchall()
        return [CaseSummary(r[0], r[1], _dt(r[2]), _dt(r[3]), r[4], r[5]) for r in rows]

    def _case(self, row: tuple[object, ...]) -> Case:
        case_id, reference, created, updated, created_by, name, contact = row
        assert isinstance(case_id, int) and isinstance(reference, str)
        assert isinstance(created, str) and isinstance(updated, str)
        assert isinstance(created_by, int)
        return Case(
            case_id,
            reference,
            _dt(created),
            _dt(updated),
            self._users.get(created_by, "?"),
            name if isinstance(name, str) else None,
            contact if isinstance(contact, str) else None,
        )


class ScreeningRepository:
    def __init__(self, conn: Connection, users: dict[int, str]) -> None:
        self._conn = conn
        self._users = users

    def add(self, case_id: int, instrument_id: str, version: str, user_id: int) -> Screening:
        stamp = now_utc()
        cur = self._conn.execute(
            "INSERT INTO screenings (case_id, instrument_id, instrument_version, started_at,"
            " updated_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
            (case_id, instrument_id, version, _ts(stamp), _ts(stamp), user_id),
        )
        assert cur.lastrowid is not None
        return Screening(
            cur.lastrowid, case_id, instrument_id, version, stamp, stamp, self._users[user_id]
        )

    def get(self, screening_id: int) -> Screening | None:
        row = self._conn.execute(
            "SELECT id, case_id, instrument_id, instrument_version, started_at, updated_at,"
            " recorded_by FROM screenings WHERE id = ?",
            (screening_id,),
        ).fetchone()
        if row is None:
            return None
        return self._screening(row)

    def for_case(self, case_id: int) -> list[Screening]:
        rows = self._conn.execute(
            "SELECT id, case_id, instrument_id, instrument_version, started_at, updated_at,"
            " recorded_by FROM screenings WHERE case_id = ? ORDER BY started_at, id",
            (case_id,),
        ).fetchall()
        return [self._screening(r) for r in rows]

    def set_answer(
        self, screening_id: int, item_id: str, state: AnswerState, user_id: int
    ) -> Answer:
        stamp = now_utc()
        self._conn.execute(
            """INSERT INTO answers (screening_id, item_id, state, recorded_at, recorded_by)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (screening_id, item_id) DO UPDATE SET
                 state = excluded.state, recorded_at = excluded.recorded_at,
                 recorded_by = excluded.recorded_by""",
            (screening_id, item_id, state.value, _ts(stamp), user_id),
        )
        self._conn.execute(
            "UPDATE screenings SET updated_at = ? WHERE id = ?", (_ts(stamp), screening_id)
        )
        return Answer(item_id, state, stamp, self._users[user_id])

    def _screening(self, row: tuple[object, ...]) -> Screening:
        sid, case_id, instrument_id, version, started, updated, by = row
        assert isinstance(sid, int) and isinstance(case_id, int) and isinstance(by, int)
        answers = {
            r[0]: Answer(r[0], AnswerState(r[1]), _dt(r[2]), self._users.get(r[3], "?"))
            for r in self._conn.execute(
                "SELECT item_id, state, recorded_at, recorded_by FROM answers"
                " WHERE screening_id = ?",
                (sid,),
            )
        }
        return Screening(
            sid,
            case_id,
            str(instrument_id),
            str(version),
            _dt(str(started)),
            _dt(str(updated)),
            self._users.get(by, "?"),
            answers,
        )


class NoteRepository:
    def __init__(self, conn: Connection, users: dict[int, str]) -> None:
        self._conn = conn
        self._users = users

    def add(
        self,
        case_id: int,
        body: str,
        user_id: int,
        screening_id: int | None,
        kind: str = "observation",
    ) -> Note:
        stamp = now_utc()
        cur = self._conn.execute(
            "INSERT INTO notes (case_id, screening_id, body, created_at, created_by, kind)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (case_id, screening_id, body, _ts(stamp), user_id, kind),
        )
        assert cur.lastrowid is not None
        return Note(cur.lastrowid, case_id, screening_id, body, stamp, self._users[user_id], kind)

    def for_case(self, case_id: int) -> list[Note]:
        rows = self._conn.execute(
            "SELECT id, case_id, screening_id, body, created_at, created_by, kind FROM notes"
            " WHERE case_id = ? ORDER BY created_at, id",
            (case_id,),
        ).fetchall()
        return [
            Note(r[0], r[1], r[2], r[3], _dt(r[4]), self._users.get(r[5], "?"), r[6]) for r in rows
        ]
