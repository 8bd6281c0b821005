"""Reading the vault as de-identified ``StatRecord`` rows: codes only, one row per case.

A handful of set-based queries (not one per case), so a 50,000-case vault is read in seconds.
Nothing here reads a name, a contact, a note or a free-text field.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

from screening_tools.content.loader import get_instrument
from screening_tools.errors import NotFound
from screening_tools.stats import (
    NONE,
    Granularity,
    StatRecord,
    age_band_of,
    consent_outcome_of,
    indicator_group_code,
    interpreter_used_of,
    period_of,
    timeliness_of,
)
from screening_tools.vault.connection import Connection
from screening_tools.vault.repositories import _dt


def stat_records(
    conn: Connection, granularity: Granularity, target_hours: int, now: datetime
) -> list[StatRecord]:
    groups: dict[int, set[str]] = defaultdict(set)
    group_of: dict[tuple[str, str], str | None] = {}
    for case_id, instrument_id, item_id in conn.execute(
        "SELECT s.case_id, s.instrument_id, a.item_id FROM answers a"
        " JOIN screenings s ON s.id = a.screening_id WHERE a.state IN ('observed', 'disclosed')"
    ):
        key = (instrument_id, item_id)
        if key not in group_of:
            try:
                group = get_instrument(instrument_id).group_of(item_id)
            except NotFound:
                group = None
            group_of[key] = indicator_group_code(instrument_id, group.id) if group else None
        code = group_of[key]
        if code:
            groups[case_id].add(code)
    selected: dict[str, dict[int, set[str]]] = {
        "exploitation-types": defaultdict(set),
        "services-needed": defaultdict(set),
    }
    for case_id, instrument_id, item_id in conn.execute(
        "SELECT s.case_id, r.instrument_id, r.item_id FROM responses r"
        " JOIN screenings s ON s.id = r.screening_id"
        " WHERE r.instrument_id IN ('exploitation-types', 'services-needed')"
        " AND r.value = 'selected'"
    ):
        selected[instrument_id][case_id].add(item_id)
    interpreter: dict[int, bool | None] = {}
    for case_id, flow_state in conn.execute(
        "SELECT case_id, flow_state FROM screenings WHERE flow_state IS NOT NULL ORDER BY id"
    ):
        used = interpreter_used_of(json.loads(flow_state).get("interpreter"))
        if used is not None:
            interpreter[case_id] = bool(interpreter.get(case_id)) or used
    consent: dict[int, tuple[str, bool]] = {}
    for case_id, decision, withdrawn in conn.execute(
        "SELECT case_id, decision, withdrawn_at IS NOT NULL FROM consents ORDER BY created_at, id"
    ):
        consent[case_id] = (decision, bool(withdrawn))
    referral: dict[int, tuple[str, str]] = {}
    referred_at: dict[int, datetime] = {}
    for case_id, route_id, basis, created in conn.execute(
        "SELECT case_id, route_id, basis_kind, created_at FROM exports ORDER BY created_at, id"
    ):
        referral[case_id] = (route_id, basis)
        referred_at.setdefault(case_id, _dt(created))
    records = []
    for case_id, created_at, age_status, first_concern in conn.execute(
        "SELECT id, created_at, age_status, first_concern_at FROM cases"
    ):
        decision, withdrawn = consent.get(case_id, (None, False))
        route, basis = referral.get(case_id, (NONE, NONE))
        records.append(
            StatRecord(
                period=period_of(_dt(created_at), granularity),
                age_band=age_band_of(age_status),
                indicator_groups=frozenset(groups.get(case_id, ())),
                exploitation_types=frozenset(selected["exploitation-types"].get(case_id, ())),
                route=route,
                basis=basis,
                consent_outcome=consent_outcome_of(decision, withdrawn),
                interpreter_used=interpreter.get(case_id),
                referral_timeliness=timeliness_of(
                    first_concern_at=_dt(first_concern) if first_concern else None,
                    referred_at=referred_at.get(case_id),
                    target_hours=target_hours,
                    now=now,
                ),
                unmet_needs=frozenset(selected["services-needed"].get(case_id, ())),
            )
        )
    return records
