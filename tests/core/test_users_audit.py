"""Users and roles, failed-unlock back-off and key-slot destruction, and the audit chain."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from screening_tools.consent import DataCategory
from screening_tools.domain import Role
from screening_tools.errors import (
    PassphrasesDisabled,
    UnlockBackoff,
    WrongPassphrase,
)
from screening_tools.service import ScreeningService
from screening_tools.service_admin import NotPermitted
from screening_tools.vault.audit import AuditAction
from screening_tools.vault.slots import UnlockGuard
from screening_tools.vault.vault import backoff_remaining
from tests.conftest import STRONG

WORKER_PASS = "amber tortoise violin harbour"


@pytest.fixture
def svc(vault_dir: Path) -> ScreeningService:
    service = ScreeningService(vault_dir)
    service.recovery = service.create_vault(STRONG, "Supervisor A")  # type: ignore[attr-defined]
    return service


def _as_worker(svc: ScreeningService) -> None:
    svc.add_user("Worker B", Role.WORKER, WORKER_PASS)
    svc.lock()
    user = svc.unlock(WORKER_PASS)
    assert user.role is Role.WORKER and user.display_name == "Worker B"


# -- users and roles -------------------------------------------------------------------------


def test_each_user_has_their_own_slot_and_data_is_shared(svc: ScreeningService) -> None:
    reference = svc.new_case().reference
    svc.add_user("Worker B", Role.WORKER, WORKER_PASS)
    slots = json.loads((svc.vault_dir / "keyslots.json").read_text())["slots"]
    assert sorted(s["slot_id"] for s in slots) == ["recovery", "user-1", "user-2"]
    svc.lock()
    svc.unlock(WORKER_PASS)
    assert svc.list_cases()[0].reference == reference


@pytest.mark.parametrize(
    "action",
    [
        lambda s: s.users(),
        lambda s: s.add_user("X", Role.WORKER, "olive lantern marble quarry"),
        lambda s: s.remove_user(1),
        lambda s: s.audit_report(),
        lambda s: s.set_destroy_after(5),
        lambda s: s.set_organisation(name="x", contact="y", jurisdiction_id="generic"),
        lambda s: s.sign_off_exception(s.list_cases()[0].reference, 1),
        lambda s: s.export_packet(s.list_cases()[0].reference, "r", "x", Path("/nonexistent")),
    ],
)
def test_worker_cannot_do_supervisor_work(svc: ScreeningService, action) -> None:  # type: ignore[no-untyped-def]
    svc.new_case()
    _as_worker(svc)
    with pytest.raises(NotPermitted, match="Only a supervisor"):
        action(svc)


def test_worker_can_screen_and_record_consent(svc: ScreeningService) -> None:
    _as_worker(svc)
    reference = svc.new_case().reference
    sid = svc.start_screening(reference, "adult-indicators").id
    svc.record_safety_check(sid, safe_to_talk=True, in_crisis=False, in_control=True)
    from tests.integration.packet_helpers import consent

    consent(svc, reference, {DataCategory.INDICATORS})
    svc.request_safeguarding_exception(reference, "A serious risk of harm was described today.")


def test_removed_user_cannot_unlock_and_supervisor_cannot_remove_self(
    svc: ScreeningService,
) -> None:
    worker = svc.add_user("Worker B", Role.WORKER, WORKER_PASS)
    with pytest.raises(Exception, match="yourself"):
        svc.remove_user(svc.current_user.id)
    svc.remove_user(worker.id)
    assert [u.display_name for u in svc.users()] == ["Supervisor A"]
    svc.lock()
    with pytest.raises(WrongPassphrase):
        svc.unlock(WORKER_PASS)


def test_forgotten_passphrase_reset_with_recovery_key(svc: ScreeningService) -> None:
    worker = svc.add_user("Worker B", Role.WORKER, WORKER_PASS)
    svc.lock()
    user = svc.unlock_with_recovery_key(
        svc.recovery,  # type: ignore[attr-defined]
        "new worker words go here",
        user_id=worker.id,
    )
    assert user.display_name == "Worker B"
    svc.lock()
    svc.unlock("new worker words go here")
    svc.lock()
    svc.unlock(STRONG)  # the supervisor's own passphrase is untouched


# -- failed unlocks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("failed", "ago", "wait"),
    [(0, 0, 0.0), (2, 0, 0.0), (3, 0, 1.0), (4, 0, 2.0), (6, 0, 8.0), (6, 5, 3.0), (20, 0, 300.0)],
)
def test_backoff_grows(failed: int, ago: float, wait: float) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    last = (now - timedelta(seconds=ago)).isoformat()
    assert backoff_remaining(UnlockGuard(failed, last), now) == pytest.approx(wait)


def test_backoff_refuses_then_allows_and_is_audited(svc: ScreeningService) -> None:
    svc.lock()
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            svc.unlock("wrong wrong wrong wrong")
    with pytest.raises(UnlockBackoff, match="wait"):
        svc.unlock(STRONG)  # even the right passphrase waits: no oracle during the back-off
    # Time passes (simulated by ageing the stored failure).
    path = svc.vault_dir / "keyslots.json"
    data = json.loads(path.read_text())
    data["unlock_guard"]["last_failed_at"] = "2000-01-01T00:00:00+00:00"
    path.write_text(json.dumps(data))
    svc.unlock(STRONG)
    assert json.loads(path.read_text())["unlock_guard"]["failed"] == 0
    entries = svc.audit_report().entries
    failed = [e for e in entries if e.action == AuditAction.FAILED_UNLOCK]
    assert failed and failed[-1].detail["attempts"] == 3


def test_key_slots_destroyed_after_n_failures_when_enabled(svc: ScreeningService) -> None:
    svc.set_destroy_after(3)
    svc.lock()
    path = svc.vault_dir / "keyslots.json"
    for attempt in range(3):
        if attempt:  # skip the back-off wait in the test
            data = json.loads(path.read_text())
            data["unlock_guard"]["last_failed_at"] = "2000-01-01T00:00:00+00:00"
            path.write_text(json.dumps(data))
        with pytest.raises((WrongPassphrase, PassphrasesDisabled)):
            svc.unlock("wrong wrong wrong wrong")
    kinds = [s["kind"] for s in json.loads(path.read_text())["slots"]]
    assert kinds == ["recovery"]
    with pytest.raises(PassphrasesDisabled, match="recovery key"):
        svc.unlock(STRONG)
    svc.unlock_with_recovery_key(svc.recovery, "a fresh passphrase after lockout")  # type: ignore[attr-defined]
    svc.lock()
    svc.unlock("a fresh passphrase after lockout")


def test_destroy_setting_is_off_by_default(svc: ScreeningService) -> None:
    assert svc.destroy_after is None
    svc.lock()
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            svc.unlock("wrong wrong wrong wrong")
    kinds = [s["kind"] for s in json.loads((svc.vault_dir / "keyslots.json").read_text())["slots"]]
    assert "passphrase" in kinds


# -- the audit chain -------------------------------------------------------------------------


def _tamper(svc: ScreeningService, *statements: str) -> None:
    assert svc._vault is not None and svc._vault.conn is not None
    conn = svc._vault.conn
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    for statement in statements:
        conn.execute(statement)


def test_audit_chain_records_actions_and_verifies(svc: ScreeningService) -> None:
    reference = svc.new_case().reference
    svc.open_case(reference)
    report = svc.audit_report()
    actions = [e.action for e in report.entries]
    assert actions[:2] == ["vault_created", "case_created"]
    assert {"vault_created", "case_created", "case_opened"} <= set(actions)
    assert report.intact


def test_audit_is_append_only_through_sql(svc: ScreeningService) -> None:
    assert svc._vault is not None and svc._vault.conn is not None
    with pytest.raises(Exception, match="append-only"):
        svc._vault.conn.execute("UPDATE audit SET action = 'x'")
    with pytest.raises(Exception, match="append-only"):
        svc._vault.conn.execute("DELETE FROM audit")


@pytest.mark.parametrize(
    ("statements", "kind", "seq"),
    [
        (["UPDATE audit SET detail = '{\"x\":1}' WHERE seq = 3"], "changed", 3),
        (["DELETE FROM audit WHERE seq = 3"], "removed", 4),
        (
            [
                "UPDATE audit SET seq = 100 WHERE seq = 3",
                "UPDATE audit SET seq = 3 WHERE seq = 4",
                "UPDATE audit SET seq = 4 WHERE seq = 100",
            ],
            "reordered",
            3,
        ),
    ],
)
def test_audit_verify_names_each_kind_of_tampering(
    svc: ScreeningService, statements: list[str], kind: str, seq: int
) -> None:
    for _ in range(4):
        svc.new_case()
    assert svc.audit_report().intact
    _tamper(svc, *statements)
    problems = svc.audit_report().problems
    assert problems, "tampering went unnoticed"
    assert problems[0].kind == kind and problems[0].seq == seq
