"""Supervisor work: the case list at scale, search, review and sign-off, referral tracking,
the partner directory, the packet inbox and the demo vault."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from screening_tools.consent import DataCategory
from screening_tools.directory import Criteria, example_directory_path
from screening_tools.domain import Role
from screening_tools.referral.gate import ExportBlocked
from screening_tools.service import ScreeningService
from screening_tools.tracking import ReferralStatus, TransitionNotAllowed
from screening_tools.vault.supervision_repository import CaseFilter
from tests.conftest import STRONG
from tests.integration.packet_helpers import (
    SUPPORT_RECIPIENT,
    SUPPORT_ROUTE,
    consent,
    make_case,
    setup_org,
)


@pytest.fixture
def svc(vault_dir: Path) -> ScreeningService:
    service = ScreeningService(vault_dir)
    service.create_vault(STRONG, "Supervisor A")
    setup_org(service)
    return service


def test_case_list_and_search_over_many_cases(svc: ScreeningService) -> None:
    from screening_tools.demo import bulk_cases

    count = 5_000  # the 50,000-case figures are in bench/ (bench/RESULTS.md)
    started = time.perf_counter()
    bulk_cases(svc, count)
    note_ref = svc.new_case().reference
    svc.add_note(note_ref, "worked nights at the quarrymill bakery")
    assert svc.count_cases(CaseFilter()) == count + 1
    page = svc.case_page(CaseFilter(), 0, 100)
    assert len(page) == 100 and page[0].reference == note_ref  # most recently updated first
    second = svc.case_page(CaseFilter(), 100, 100)
    assert {c.id for c in page}.isdisjoint({c.id for c in second})
    assert [c.reference for c in svc.search_cases("quarrymill")] == [note_ref]
    assert [c.reference for c in svc.search_cases("QUARRYMILL bakery")] == [note_ref]
    assert [c.reference for c in svc.search_cases(note_ref)] == [note_ref]
    assert svc.search_cases('") OR 1=1 --') == []  # user text never reaches FTS5 raw
    by_ref = svc.case_page(CaseFilter(sort="reference"), 0, 5)
    assert [c.reference for c in by_ref] == sorted(c.reference for c in by_ref)
    assert time.perf_counter() - started < 60


def test_filters_by_worker_route_status_and_overdue(svc: ScreeningService) -> None:
    mine = make_case(svc)
    svc.add_user("Worker B", Role.WORKER, "amber tortoise violin harbour")
    other = svc.new_case().reference
    assert svc.count_cases(CaseFilter(owner_id=svc.current_user.id)) == 2
    svc.draft_referral(mine, SUPPORT_ROUTE, SUPPORT_RECIPIENT)
    assert [c.reference for c in svc.case_page(CaseFilter(route_id=SUPPORT_ROUTE), 0, 10)] == [mine]
    assert svc.count_cases(CaseFilter(referral_status="draft")) == 1
    # The case with a recorded concern is overdue once the 48-hour target has passed.
    assert svc._vault is not None and svc._vault.conn is not None
    svc._vault.conn.execute(
        "UPDATE cases SET first_concern_at = '2000-01-01T00:00:00.000+00:00' WHERE reference = ?",
        (mine,),
    )
    from datetime import UTC, datetime

    overdue = svc.case_page(CaseFilter(overdue_before=datetime.now(UTC)), 0, 10)
    assert [c.reference for c in overdue] == [mine] and other not in [c.reference for c in overdue]


def test_review_queue_sign_off_and_return(svc: ScreeningService) -> None:
    reference = make_case(svc)
    sid = svc.open_case(reference).screenings[0].id
    svc.submit_for_review(sid)
    referral = svc.draft_referral(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT)
    queue = svc.review_queue()
    assert {(i.kind, i.id) for i in queue} == {("screening", sid), ("referral", referral.id)}
    with pytest.raises(Exception, match="Say what needs changing"):
        svc.review_screening(sid, approve=False)
    svc.review_screening(sid, approve=False, comment="Please add the interpreter's language.")
    assert svc.screening_review(sid) == ("returned", "Please add the interpreter's language.")
    svc.submit_for_review(sid)
    svc.review_screening(sid, approve=True)
    assert svc.screening_review(sid)[0] == "signed_off"
    svc.update_referral(referral.id, ReferralStatus.SIGNED_OFF)
    assert svc.review_queue() == []


def test_sign_off_required_before_export_and_tracking_to_a_decision(
    svc: ScreeningService, tmp_path: Path
) -> None:
    reference = make_case(svc)
    consent(svc, reference, {DataCategory.INDICATORS, DataCategory.NEEDS})
    svc.set_require_sign_off(True)
    with pytest.raises(ExportBlocked, match="sign-off"):
        svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, tmp_path / "a")
    referral = svc.draft_referral(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT)
    svc.update_referral(referral.id, ReferralStatus.SIGNED_OFF)
    result = svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, tmp_path / "b")
    (sent,) = svc.referrals(reference)
    assert sent.status == "sent" and sent.packet_id == result.content.packet_id
    with pytest.raises(TransitionNotAllowed):
        svc.update_referral(sent.id, ReferralStatus.RECOVERY_RUNNING)
    svc.update_referral(sent.id, ReferralStatus.ACKNOWLEDGED)
    svc.update_referral(sent.id, ReferralStatus.DECISION_POSITIVE)
    svc.update_referral(sent.id, ReferralStatus.RECOVERY_RUNNING)
    targets = svc.referral_targets(sent.id)
    labels = [t.label for t in targets]
    assert all(label.startswith("Target:") for label in labels)
    assert not any("deadline" in label.lower() for label in labels)
    assert len(targets) == 3
    actions = [e.action for e in svc.audit_report().entries]
    assert actions.count("referral_changed") >= 3


def test_worker_cannot_sign_off_a_referral(svc: ScreeningService) -> None:
    reference = make_case(svc)
    referral = svc.draft_referral(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT)
    svc.add_user("Worker B", Role.WORKER, "amber tortoise violin harbour")
    svc.lock()
    svc.unlock("amber tortoise violin harbour")
    with pytest.raises(Exception, match="Only a supervisor"):
        svc.update_referral(referral.id, ReferralStatus.SIGNED_OFF)


def test_partner_directory_import_export_and_suggestions(svc: ScreeningService) -> None:
    directory = svc.import_directory(example_directory_path())
    assert directory.partners
    text = svc.export_directory("yaml")
    assert directory.partners[0].id in text
    suggestions = svc.suggest_partners(
        Criteria(services_needed={"service.housing"}, language="ro", needs_police_free=True)
    )
    assert suggestions and all(s.reasons for s in suggestions)
    assert all(not s.partner.police_involved for s in suggestions)


def test_packet_inbox_imports_verified_packets_only(svc: ScreeningService, tmp_path: Path) -> None:
    reference = make_case(svc)
    consent(svc, reference, {DataCategory.INDICATORS})
    out = tmp_path / "field.fspacket"
    svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, out)
    key = svc.public_signing_key()
    office = ScreeningService(tmp_path / "office")
    office.create_vault(STRONG, "Office supervisor")
    imported = office.import_packet(out, sender_key=key)
    (item,) = office.inbox()
    assert item["packet_id"] == imported["packet_id"] and item["sender_confirmed"] is True
    assert item["status"] == "sent"
    office.update_inbox(int(item["id"]), ReferralStatus.ACKNOWLEDGED)
    assert office.inbox()[0]["status"] == "acknowledged"
    damaged = tmp_path / "damaged.fspacket"
    blob = bytearray(out.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    damaged.write_bytes(bytes(blob))
    with pytest.raises(Exception, match="did not verify"):
        office.import_packet(damaged)
    assert len(office.inbox()) == 1


def test_demo_vault(tmp_path: Path) -> None:
    from screening_tools.demo import create_demo_vault

    demo = create_demo_vault(tmp_path / "demo", cases=10)
    cases = demo.list_cases()
    assert len(cases) == 10
    assert demo.review_queue()
    assert demo.audit_report().intact


def test_statistics_from_the_vault_and_the_command_line(tmp_path: Path) -> None:
    import json

    from screening_tools.demo import DEMO_PASSPHRASE, create_demo_vault
    from screening_tools.stats import to_csv, to_json
    from tests.integration.test_cli import run

    demo = create_demo_vault(tmp_path / "demo", cases=12)
    report = demo.statistics(granularity="quarter")
    data = to_json(report)
    assert data["header"]["threshold"] == 5
    csv_text = to_csv(report)
    for case in demo.list_cases():
        detail = demo.open_case(case.reference)
        assert case.reference not in csv_text and (detail.case.name or "@@") not in csv_text
    demo.lock()
    secret = tmp_path / "p.txt"
    secret.write_text(DEMO_PASSPHRASE)
    out = run(
        "stats", "--vault", str(tmp_path / "demo"), "--passphrase-file", str(secret), "--json"
    )
    assert json.loads(out.stdout)["header"]["data_dictionary_version"]
