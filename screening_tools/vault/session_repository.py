"""Persistence for the screening flow: session state, responses, safeguarding tasks, age route."""

from __future__ import annotations

import json
from datetime import datetime

from screening_tools.domain import SafeguardingTask
from screening_tools.flow import AgeStatus, ScreeningFlow
from screening_tools.vault.connection import Connection
from screening_tools.vault.repositories import _dt, _ts, now_utc


class SessionRepository:
    def __init__(self, conn: Connection, users: dict[int, str]) -> None:
        self._conn = conn
        self._users = users

    # -- flow state ---------------------------------------------------------------------------

    def load_flow(self, screening_id: int) -> ScreeningFlow:
        row = self._conn.execute(
            "SELECT s.flow_state, c.age_status FROM screenings s JOIN cases c ON c.id = s.case_id"
            " WHERE s.id = ?",
            (screening_id,),
        ).fetchone()
        if row is None or row[0] is None:
            flow = ScreeningFlow()
        else:
            flow = ScreeningFlow.from_json(json.loads(row[0]))
        if row is not None:
            # The case's age route is the truth; the session only mirrors it.
            flow.set_age_status(AgeStatus(row[1]))
        return flow

    def save_flow(self, screening_id: int, flow: ScreeningFlow) -> None:
        self._conn.execute(
            "UPDATE screenings SET flow_state = ?, updated_at = ? WHERE id = ?",
            (json.dumps(flow.to_json()), _ts(now_utc()), screening_id),
        )

    # -- responses (checklist, multi-select, script) ------------------------------------------

    def set_response(
        self, screening_id: int, instrument_id: str, item_id: str, value: str, user_id: int
    ) -> None:
        self._conn.execute(
            """INSERT INTO responses
                 (screening_id, instrument_id, item_id, value, recorded_at, recorded_by)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (screening_id, instrument_id, item_id) DO UPDATE SET
                 value = excluded.value, recorded_at = excluded.recorded_at,
                 recorded_by = excluded.recorded_by""",
            (screening_id, instrument_id, item_id, value, _ts(now_utc()), user_id),
        )

    def responses(self, screening_id: int) -> dict[tuple[str, str], str]:
        rows = self._conn.execute(
            "SELECT instrument_id, item_id, value FROM responses WHERE screening_id = ?",
            (screening_id,),
        )
        return {(r[0], r[1]): r[2] for r in rows}

    # -- case-level: age route and target clock ----------------------------------------------

    def set_age_status(self, case_id: int, status: AgeStatus) -> None:
        self._conn.execute(
            "UPDATE cases SET age_status = ?, updated_at = ? WHERE id = ?",
            (status.value, _ts(now_utc()), case_id),
        )

    def age_status(self, case_id: int) -> AgeStatus:
        row = self._conn.execute("SELECT age_status FROM cases WHERE id = ?", (case_id,)).fetchone()
        return AgeStatus(row[0]) if row else AgeStatus.UNKNOWN

    def start_target_clock(self, case_id: int, when: datetime) -> None:
        """Only the first recorded concern starts the clock; later ones never restart it."""
        self._conn.execute(
            "UPDATE cases SET first_concern_at = ? WHERE id = ? AND first_concern_at IS NULL",
            (_ts(when), case_id),
        )

    def first_concern_at(self, case_id: int) -> datetime | None:
        row = self._conn.execute(
            "SELECT first_concern_at FROM cases WHERE id = ?", (case_id,)
        ).fetchone()
        return _dt(row[0]) if row and row[0] else None

    # -- safeguarding tasks -------------------------------------------------------------------

    def add_task(
        self, case_id: int, screening_id: int, item_id: str, flag: str, user_id: int
    ) -> None:
        self._conn.execute(
            "INSERT OR IGNORE INTO safeguarding_tasks"
            " (case_id, screening_id, item_id, flag, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (case_id, screening_id, item_id, flag, _ts(now_utc()), user_id),
        )

    def close_task(self, task_id: int) -> None:
        self._conn.execute(
            "UPDATE safeguarding_tasks SET done_at = ? WHERE id = ? AND done_at IS NULL",
            (_ts(now_utc()), task_id),
        )

    def tasks(self, case_id: int, prompts: dict[str, str]) -> list[SafeguardingTask]:
        rows = self._conn.execute(
            "SELECT id, case_id, screening_id, item_id, flag, created_at, created_by, done_at"
            " FROM safeguarding_tasks WHERE case_id = ? ORDER BY created_at, id",
            (case_id,),
        ).fetchall()
        return [
            SafeguardingTask(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                prompts.get(r[4], ""),
                _dt(r[5]),
                self._users.get(r[6], "?"),
                _dt(r[7]) if r[7] else None,
            )
            for r in rows
        ]
