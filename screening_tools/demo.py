"""A throwaway demo vault with fictional cases, for training and screenshots.

Everything here is invented: names come from a short list of obviously fictional placeholders,
and the demo vault's folder says "demo". Never point this at a real vault.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta
from pathlib import Path

from screening_tools.consent import (
    ConsentDecision,
    ConsentGiver,
    ConsentMethod,
    ConsentScope,
    DataCategory,
    Purpose,
)
from screening_tools.domain import AnswerState
from screening_tools.flow import AgeStatus, InterpreterType
from screening_tools.service import ScreeningService
from screening_tools.vault.repositories import _ts, new_reference, now_utc

DEMO_PASSPHRASE = "demo vault only fictional cases"  # noqa: S105 - public by design
_LANGUAGES = ["Romanian", "Vietnamese", "Arabic", "Spanish", "French", "English"]


def create_demo_vault(directory: Path, *, cases: int = 24, seed: int = 7) -> ScreeningService:
    """Create and fill a demo vault (left unlocked). Passphrase: ``DEMO_PASSPHRASE``."""
    rng = random.Random(seed)  # noqa: S311 - fictional data, not secrets
    service = ScreeningService(directory)
    service.create_vault(DEMO_PASSPHRASE, "Demo supervisor")
    service.set_organisation(
        name="Demo Outreach (fictional)", contact="+44 0000 000000", jurisdiction_id="uk-ew"
    )
    adult = service.instrument("adult-indicators")
    child = service.instrument("child-indicators")
    for n in range(cases):
        age = rng.choice([AgeStatus.ADULT] * 4 + [AgeStatus.CHILD, AgeStatus.UNKNOWN])
        reference = service.new_case(name=f"Demo Person {n + 1}").reference
        service.set_age_status(reference, age)
        instrument = adult if age is AgeStatus.ADULT else child
        sid = service.start_screening(reference, instrument.id).id
        safe = rng.random() > 0.1
        service.record_safety_check(sid, safe_to_talk=safe, in_crisis=False, in_control=True)
        if not safe:
            continue
        service.record_confidentiality_delivered(sid)
        service.record_interpreter(
            sid,
            rng.choice(_LANGUAGES),
            rng.choice([InterpreterType.NOT_NEEDED, InterpreterType.PROFESSIONAL_PHONE]),
        )
        service.record_notes_agreement(sid, rng.random() > 0.3)
        for item in rng.sample(instrument.items(), 6):
            state = rng.choice(
                [AnswerState.OBSERVED, AnswerState.DISCLOSED, AnswerState.NOT_PRESENT]
            )
            service.record_answer(sid, item.id, state)
        for instrument_id in ("exploitation-types", "services-needed"):
            item = rng.choice(service.instrument(instrument_id).items())
            service.record_response(sid, instrument_id, item.id, "selected")
        if age is AgeStatus.ADULT:
            decision = ConsentDecision.GIVEN if rng.random() > 0.3 else ConsentDecision.DECLINED
            service.record_consent(
                reference,
                decision=decision,
                given_by=ConsentGiver.PERSON,
                method=ConsentMethod.VERBAL,
                language="ro",
                interpreter="professional_phone",
                scope=ConsentScope(
                    categories=frozenset({DataCategory.INDICATORS, DataCategory.NEEDS}),
                    recipients=frozenset({"uk-local-support-service"}),
                    purposes=frozenset({Purpose.SUPPORT_REFERRAL}),
                ),
            )
            if decision is ConsentDecision.GIVEN:
                service.draft_referral(reference, "uk-support-referral", "uk-local-support-service")
        else:
            service.record_child_views(reference, "Fictional: wants to stay with a sibling.")
        if rng.random() > 0.5:
            service.submit_for_review(sid)
    return service


def bulk_cases(service: ScreeningService, count: int, *, notes_per_case: int = 1) -> None:
    """Insert many fictional cases fast, in one transaction, through the app's own schema (and
    its search triggers). For benchmarks and scale tests."""
    words = ["kitchen", "night", "shift", "debt", "agency", "van", "farm", "salon", "passport"]
    rng = random.Random(count)  # noqa: S311 - fictional data, not secrets
    with service._write() as (conn, _):
        user = service.current_user.id
        start = now_utc() - timedelta(days=365)
        case_rows = []
        seen: set[str] = set()
        for n in range(count):
            reference = new_reference()
            while reference in seen:
                reference = new_reference()
            seen.add(reference)
            stamp = _ts(start + timedelta(minutes=n))
            case_rows.append((reference, stamp, stamp, user, user))
        conn.executemany(
            "INSERT INTO cases (reference, created_at, updated_at, created_by, owner_id)"
            " VALUES (?, ?, ?, ?, ?)",
            case_rows,
        )
        ids = [
            r[0] for r in conn.execute("SELECT id FROM cases ORDER BY id DESC LIMIT ?", (count,))
        ]
        note_rows = [
            (
                case_id,
                " ".join(rng.choice(words) for _ in range(8)) + f" {secrets.token_hex(3)}",
                _ts(start),
                user,
            )
            for case_id in ids
            for _ in range(notes_per_case)
        ]
        conn.executemany(
            "INSERT INTO notes (case_id, body, created_at, created_by) VALUES (?, ?, ?, ?)",
            note_rows,
        )
