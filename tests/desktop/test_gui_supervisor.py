"""The supervisor views: the paged case list at scale, review and sign-off, referral tracking,
the partner directory, statistics and the packet inbox, each over a real vault and the real ops
worker."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from gui_helpers import interactive_without_name, widget_texts
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from desktop import ui
from desktop.directory_page import DirectoryPage
from desktop.inbox_page import FAILED, PASSED, InboxPage
from desktop.ops import Operations
from desktop.paged_case_model import PagedCaseModel
from desktop.refcount_guard import protect_singletons
from desktop.referral_panel import ReferralPanel, action_text
from desktop.referrals_page import TARGET_PASSED, ReferralsPage
from desktop.review_queue_page import ReviewQueuePage
from desktop.statistics_page import BarChart, StatisticsPage
from desktop.supervisor_cases_page import SupervisorCasesPage
from desktop.supervisor_entry import (
    CASES,
    INBOX,
    PARTNERS,
    REFERRALS,
    REVIEW,
    STATISTICS,
    SupervisorHub,
    build_supervisor_pages,
    clear_pages,
)
from desktop.supervisor_screenshots import prepare_demo
from screening_tools.demo import bulk_cases
from screening_tools.directory import example_directory_path, parse_directory
from screening_tools.service import ScreeningService
from screening_tools.stats_suppression import SUPPRESSED
from screening_tools.tracking import ReferralStatus, allowed_next
from screening_tools.vault.repositories import _ts, now_utc
from screening_tools.vault.supervision_repository import CaseFilter
from tests.conftest import STRONG
from tests.integration.packet_helpers import (
    SUPPORT_RECIPIENT,
    SUPPORT_ROUTE,
    make_case,
    setup_org,
)

# PySide6 6.12.0 on Python 3.11 drops a reference to None on each call of a Qt method that
# returns nothing; the scrolling tests make many such calls (see desktop/refcount_guard.py).
protect_singletons()

TIMEOUT = 20_000


@pytest.fixture
def ops() -> Iterator[Operations]:
    worker = Operations()
    yield worker
    worker.shutdown()


@pytest.fixture
def supervisor(tmp_path: Path) -> Iterator[ScreeningService]:
    service = ScreeningService(tmp_path / "office")
    service.create_vault(STRONG, "Supervisor A")
    setup_org(service)
    yield service
    service.lock()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[ScreeningService, Path]]:
    service, packet = prepare_demo(tmp_path)
    yield service, packet
    service.lock()


def idle(qtbot, ops: Operations) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not ops.is_busy(), timeout=TIMEOUT)
    QApplication.processEvents()


def shown(qtbot, widget: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def no_deadline(root: QWidget) -> None:
    texts = " ".join(widget_texts(root)).lower()
    assert "deadline" not in texts


# -- the paged case list ------------------------------------------------------------------------


def test_paged_model_loads_pages_as_the_view_scrolls(qtbot, supervisor, ops) -> None:  # type: ignore[no-untyped-def]
    bulk_cases(supervisor, 5_000)
    marked = supervisor.new_case().reference
    supervisor.add_note(marked, "worked nights at the quarrymill bakery")
    model = PagedCaseModel(supervisor, ops, page_size=200)
    view = QTableView()
    view.setModel(model)
    shown(qtbot, view)

    started = time.perf_counter()
    model.set_filter(CaseFilter())
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=TIMEOUT)
    first_page = time.perf_counter() - started
    assert first_page < 2.0  # generous for CI; the figures are in bench/bench_paged_model.py
    assert model.rowCount() == 200  # one page, not 5,001 rows
    qtbot.waitUntil(lambda: model.total() == 5_001, timeout=TIMEOUT)
    assert model.reference_at(0) == marked  # most recently updated first
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Reference", "Last updated", "Checklists", "Observed or disclosed"]

    # rowCount grows as the view asks for more, one page at a time.
    assert model.canFetchMore()
    model.fetchMore()
    assert not model.canFetchMore()  # one request at a time
    qtbot.waitUntil(lambda: model.rowCount() == 400, timeout=TIMEOUT)
    for _ in range(3):
        before = model.rowCount()
        view.scrollToBottom()
        qtbot.waitUntil(lambda b=before: model.rowCount() > b, timeout=TIMEOUT)
    assert 400 < model.rowCount() < 5_001
    references = [model.reference_at(r) for r in range(model.rowCount())]
    assert len(set(references)) == len(references)  # pages neither overlap nor repeat

    # A search narrows the rows; a filter set while a page is on its way wins.
    model.set_filter(CaseFilter(search="passport"))
    model.set_filter(CaseFilter(search="quarrymill"))
    idle(qtbot, ops)
    assert model.rowCount() == 1 and model.reference_at(0) == marked and model.total() == 1
    assert not model.canFetchMore()

    model.clear()
    assert model.rowCount() == 0 and model.total() is None


def test_cases_page_search_box_filters_and_opens(qtbot, supervisor, ops) -> None:  # type: ignore[no-untyped-def]
    bulk_cases(supervisor, 1_000)
    marked = make_case(supervisor)
    supervisor.add_note(marked, "met at the quarrymill bakery")
    supervisor.draft_referral(marked, SUPPORT_ROUTE, SUPPORT_RECIPIENT)
    page = shown(qtbot, SupervisorCasesPage(supervisor, ops))
    assert isinstance(page, SupervisorCasesPage)
    page.refresh()
    idle(qtbot, ops)
    assert page.model.total() == 1_001
    assert page.route.count() > 1 and page.worker.count() == 2  # "any" and Supervisor A

    qtbot.keyClicks(page.search, "quarrymill bak")
    assert page.model.total() == 1_001  # the search waits for a pause in typing
    qtbot.waitUntil(lambda: page.model.total() == 1, timeout=TIMEOUT)
    assert page.model.reference_at(0) == marked
    assert page.count.text() == "1 case"

    page.reset_filters()
    idle(qtbot, ops)
    assert page.model.total() == 1_001
    page.status.setCurrentIndex(page.status.findData(ReferralStatus.DRAFT.value))
    idle(qtbot, ops)
    assert page.model.total() == 1 and page.model.reference_at(0) == marked
    page.reset_filters()
    page.sort.setCurrentIndex(page.sort.findData("reference"))
    idle(qtbot, ops)
    first = [page.model.reference_at(r) or "" for r in range(20)]
    assert first == sorted(first)

    opened: list[str] = []
    page.open_case.connect(opened.append)
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [first[0]]
    texts = " ".join(widget_texts(page))
    assert "Zorana" not in texts  # the case's name is never listed


# -- review and sign-off ----------------------------------------------------------------------


def test_review_queue_sign_off(qtbot, supervisor, ops) -> None:  # type: ignore[no-untyped-def]
    reference = make_case(supervisor)
    screening_id = supervisor.open_case(reference).screenings[0].id
    supervisor.submit_for_review(screening_id)
    referral = supervisor.draft_referral(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT)
    page = shown(qtbot, ReviewQueuePage(supervisor, ops))
    assert isinstance(page, ReviewQueuePage)
    page.refresh()
    idle(qtbot, ops)
    assert {(i.kind, i.id) for i in page.items()} == {
        ("screening", screening_id),
        ("referral", referral.id),
    }
    details = {page.table.item(r, 2).text() for r in range(2)}  # type: ignore[union-attr]
    assert "Adult indicators" in details  # titles and route names, not ids
    assert any(d.startswith("Referral for support (no police) → ") for d in details)

    # Sign off the checklist, with a note.
    assert page.select("screening", screening_id)
    assert not page.return_button.isEnabled()  # nothing to say yet
    qtbot.keyClicks(page.comment, "Clear and complete.")
    qtbot.mouseClick(page.sign_off_button, Qt.MouseButton.LeftButton)
    idle(qtbot, ops)
    assert supervisor.screening_review(screening_id) == ("signed_off", "Clear and complete.")
    assert [(i.kind, i.id) for i in page.items()] == [("referral", referral.id)]
    assert "signed off" in page.notice.text()

    # A draft referral is signed off; it cannot be "returned" (it is still with its author).
    assert page.current_item() is not None and page.current_item().kind == "referral"  # type: ignore[union-attr]
    qtbot.keyClicks(page.comment, "Fine to send")
    assert not page.return_button.isEnabled() and page.referral_note.isVisible()
    qtbot.mouseClick(page.sign_off_button, Qt.MouseButton.LeftButton)
    idle(qtbot, ops)
    (signed,) = supervisor.referrals(reference)
    assert signed.status == ReferralStatus.SIGNED_OFF.value
    assert page.items() == [] and page.empty.isVisible() and not page.sign_off_button.isEnabled()


def test_review_queue_return_needs_a_comment_and_setting_toggles(qtbot, supervisor, ops) -> None:  # type: ignore[no-untyped-def]
    reference = make_case(supervisor)
    screening_id = supervisor.open_case(reference).screenings[0].id
    supervisor.submit_for_review(screening_id)
    page = shown(qtbot, ReviewQueuePage(supervisor, ops))
    assert isinstance(page, ReviewQueuePage)
    page.refresh()
    idle(qtbot, ops)
    assert not page.return_button.isEnabled()
    qtbot.keyClicks(page.comment, "Please add the interpreter's language.")
    assert page.return_button.isEnabled()
    qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)
    idle(qtbot, ops)
    assert supervisor.screening_review(screening_id) == (
        "returned",
        "Please add the interpreter's language.",
    )
    assert page.items() == []

    assert page.require.isEnabled() and not page.require.isChecked()
    page.require.click()  # as a click on its label or box
    idle(qtbot, ops)
    assert supervisor.require_sign_off() is True


# -- referral tracking ------------------------------------------------------------------------


def test_referral_panel_shows_targets_never_deadlines(qtbot, supervisor, ops) -> None:  # type: ignore[no-untyped-def]
    late = make_case(supervisor)
    late_referral = supervisor.draft_referral(late, SUPPORT_ROUTE, SUPPORT_RECIPIENT)
    sent_case = make_case(supervisor)
    sent = supervisor.draft_referral(sent_case, SUPPORT_ROUTE, SUPPORT_RECIPIENT)
    supervisor.update_referral(sent.id, ReferralStatus.SIGNED_OFF)
    supervisor.update_referral(sent.id, ReferralStatus.SENT, note="Sent by secure email")
    with supervisor._write() as (conn, _):  # the first concern was recorded five days ago
        conn.execute(
            "UPDATE cases SET first_concern_at = ? WHERE reference = ?",
            (_ts(now_utc() - timedelta(days=5)), late),
        )
    page = shown(qtbot, ReferralsPage(supervisor, ops))
    assert isinstance(page, ReferralsPage)
    page.refresh()
    idle(qtbot, ops)
    flagged = {row.referral.id for row in page.rows() if row.target_passed}
    assert flagged == {late_referral.id}

    assert page.select_referral(late_referral.id)
    idle(qtbot, ops)
    panel = page.panel
    assert panel.view is not None and panel.view.id == late_referral.id
    (refer,) = panel.target_rows
    assert refer.overdue and refer.objectName() == "warning"
    assert refer.label.text().startswith("Target:")
    assert "Target passed" in refer.state.text()
    assert list(panel.status_buttons) == allowed_next(ReferralStatus.DRAFT)
    no_deadline(page)

    assert page.select_referral(sent.id)
    idle(qtbot, ops)
    assert [r.label.text().startswith("Target:") for r in panel.target_rows] == [True, True]
    assert not any(r.overdue for r in panel.target_rows)
    assert "Sent by secure email" in panel.history_lines()[0]
    assert list(panel.status_buttons) == allowed_next(ReferralStatus.SENT)
    button = panel.status_buttons[ReferralStatus.ACKNOWLEDGED]
    assert button.text() == action_text(ReferralStatus.ACKNOWLEDGED)
    qtbot.keyClicks(panel.note, "Letter received")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    idle(qtbot, ops)
    (updated,) = supervisor.referrals(sent_case)
    assert updated.status == ReferralStatus.ACKNOWLEDGED.value
    assert panel.history_lines()[0].endswith("Note: Letter received")
    assert panel.status.text() == "Status: Acknowledged by the recipient"
    acknowledged = next(r for r in page.rows() if r.referral.id == sent.id)
    assert acknowledged.referral.status == ReferralStatus.ACKNOWLEDGED.value
    assert "referral_changed" in [e.action for e in supervisor.audit_report().entries]
    no_deadline(page)
    assert TARGET_PASSED == "Target passed"


def test_referral_panel_records_an_extension_and_an_early_end(qtbot, supervisor, ops) -> None:  # type: ignore[no-untyped-def]
    reference = make_case(supervisor)
    referral = supervisor.draft_referral(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT)
    for status in (
        ReferralStatus.SIGNED_OFF,
        ReferralStatus.SENT,
        ReferralStatus.DECISION_POSITIVE,
        ReferralStatus.RECOVERY_RUNNING,
    ):
        referral = supervisor.update_referral(referral.id, status)
    panel = shown(qtbot, ReferralPanel(supervisor, ops))
    assert isinstance(panel, ReferralPanel)
    panel.show_referral(referral)
    idle(qtbot, ops)
    assert panel.extension.isVisible() and panel.curtailed.isVisible()
    labels = [row.label.text() for row in panel.target_rows]
    assert len(labels) == 3 and all(label.startswith("Target:") for label in labels)
    until = QDate.currentDate().addDays(70)
    panel.extension.setDate(until)
    qtbot.mouseClick(
        panel.status_buttons[ReferralStatus.RECOVERY_EXTENDED], Qt.MouseButton.LeftButton
    )
    idle(qtbot, ops)
    (extended,) = supervisor.referrals(reference)
    assert extended.status == ReferralStatus.RECOVERY_EXTENDED.value
    # Dates in the interface language's own format (desktop.ui.local_date).
    until_text = ui.local_date(until.toPython())
    assert f"extended to {until_text}" in panel.history_lines()[0]
    assert panel.target_rows[-1].due.text().endswith(f"(extended to {until_text})")
    panel.curtailed.setChecked(True)
    qtbot.mouseClick(panel.status_buttons[ReferralStatus.RECOVERY_ENDED], Qt.MouseButton.LeftButton)
    idle(qtbot, ops)
    assert "ended early" in panel.history_lines()[0]
    assert list(panel.status_buttons) == [ReferralStatus.CLOSED]
    no_deadline(panel)


# -- the partner directory --------------------------------------------------------------------


def test_directory_suggestion(qtbot, supervisor, ops, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = shown(qtbot, DirectoryPage(supervisor, ops))
    assert isinstance(page, DirectoryPage)
    page.refresh()
    idle(qtbot, ops)
    assert page.table.rowCount() == 0 and "No partners yet" in page.count.text()

    page.import_file(example_directory_path())
    idle(qtbot, ops)
    assert page.directory is not None
    partners = page.directory.partners
    assert page.table.rowCount() == len(partners) > 0
    assert "Imported" in page.notice.text()

    page.tabs.setCurrentIndex(1)
    page.service_boxes["service.housing"].click()
    page.language.setCurrentIndex(page.language.findData("ro"))
    assert page.police_free.isChecked()  # police-free unless the person agreed otherwise
    qtbot.mouseClick(page.suggest_button, Qt.MouseButton.LeftButton)
    idle(qtbot, ops)
    suggestions = page.suggestions()
    assert suggestions and len(page.cards) == len(suggestions)
    assert all(not s.partner.police_involved for s in suggestions)
    first = page.cards[0]
    assert "offers housing" in first.reasons.text() and "works in Romanian" in first.reasons.text()
    assert any(s.warnings for s in suggestions)  # what to check first is shown too
    warned = next(c for c in page.cards if c.suggestion.warnings)
    assert "check before sharing" in warned.warnings.text()

    page.export_file(tmp_path / "partners.json")
    idle(qtbot, ops)
    exported = parse_directory((tmp_path / "partners.json").read_text(), "json")
    assert [p.id for p in exported.partners] == [p.id for p in partners]

    bad = tmp_path / "bad.yaml"
    bad.write_text("version: '1'\npartners:\n  - id: x\n")
    page.import_file(bad)
    idle(qtbot, ops)
    assert "not valid" in page.notice.text()
    assert page.table.rowCount() == len(partners)  # a bad file changes nothing


# -- statistics ---------------------------------------------------------------------------------


def test_statistics_view_renders(qtbot, demo, ops, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service, _packet = demo
    page = shown(qtbot, StatisticsPage(service, ops))
    assert isinstance(page, StatisticsPage)
    assert not page.csv_button.isEnabled()
    page.refresh()
    idle(qtbot, ops)
    report = page.report
    assert report is not None
    assert len(page.sections) == len(report.tables)
    cells = [text for section in page.sections for text in section.cell_texts()]
    assert SUPPRESSED in cells  # small counts are shown as the marker
    assert report.header.suppression_marker in page.summary.text()
    for section in page.sections:
        chart = section.findChild(BarChart)
        assert chart is not None and chart.height() > 0
        image = chart.grab().toImage()
        assert not image.isNull()
        # A suppressed total has no bar, only the marker.
        for (_label, value), total in zip(chart.bars(), section.source.row_totals, strict=True):
            assert value == total
    # No names, no references: statistics are de-identified.
    texts = " ".join(widget_texts(page))
    assert "Demo Person" not in texts
    for case in service.list_cases():
        assert case.reference not in texts

    page.export_to(tmp_path / "stats.csv", "csv")
    page.export_to(tmp_path / "stats.json", "json")
    idle(qtbot, ops)
    assert (tmp_path / "stats.csv").read_text().startswith("field,value")
    data = json.loads((tmp_path / "stats.json").read_text())
    assert data["header"]["suppression_marker"] == SUPPRESSED

    page.granularity.setCurrentIndex(page.granularity.findData("quarter"))
    idle(qtbot, ops)
    assert page.report is not None and "Q" in page.report.header.period_end


# -- the packet inbox ---------------------------------------------------------------------------


def test_inbox_imports_shows_checks_and_tracks(qtbot, demo, ops, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service, packet = demo
    assert packet.exists()
    page = shown(qtbot, InboxPage(service, ops))
    assert isinstance(page, InboxPage)
    page.refresh()
    idle(qtbot, ops)
    assert page.items() == []

    damaged = tmp_path / "damaged.fspacket"
    blob = bytearray(packet.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    damaged.write_bytes(bytes(blob))
    page.import_file(damaged)
    idle(qtbot, ops)
    assert page.verdict.text().startswith("Not imported")
    results = [page.checks.item(r, 1).text() for r in range(page.checks.rowCount())]  # type: ignore[union-attr]
    assert FAILED in results
    assert page.items() == []

    page.sender_key.setText("ed25519:" + "A" * 43 + "=")  # someone else's key
    page.import_file(packet)
    idle(qtbot, ops)
    assert page.verdict.text().startswith("Not imported") and page.items() == []

    qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=TIMEOUT)
    page.sender_key.setText(service.public_signing_key())
    page.import_file(packet)
    idle(qtbot, ops)
    assert page.verdict.text().startswith("Verified and imported")
    assert "sender's key matches" in page.verdict.text()
    results = [page.checks.item(r, 1).text() for r in range(page.checks.rowCount())]  # type: ignore[union-attr]
    assert results and set(results) == {PASSED}
    (item,) = page.items()
    assert item["status"] == ReferralStatus.SENT.value
    panel = page.panel
    assert panel.view is not None and panel.view.kind == "inbox"
    assert ReferralStatus.RECOVERY_EXTENDED not in panel.status_buttons
    assert all(r.label.text().startswith("Target:") for r in panel.target_rows)
    no_deadline(page)
    qtbot.mouseClick(panel.status_buttons[ReferralStatus.ACKNOWLEDGED], Qt.MouseButton.LeftButton)
    idle(qtbot, ops)
    assert service.inbox()[0]["status"] == ReferralStatus.ACKNOWLEDGED.value
    assert page.table.item(0, 3).text() == "Acknowledged by the recipient"  # type: ignore[union-attr]


# -- every page: names, no names, clearing --------------------------------------------------------


def _fill(qtbot, ops: Operations, pages: dict[str, QWidget], packet: Path, key: str) -> None:  # type: ignore[no-untyped-def]
    for page in pages.values():
        shown(qtbot, page)
        page.refresh()  # type: ignore[attr-defined]
    idle(qtbot, ops)
    referrals = pages[REFERRALS]
    assert isinstance(referrals, ReferralsPage)
    referrals.table.setCurrentCell(0, 0)
    directory = pages[PARTNERS]
    assert isinstance(directory, DirectoryPage)
    directory.service_boxes["service.housing"].setChecked(True)
    directory.suggest()
    inbox = pages[INBOX]
    assert isinstance(inbox, InboxPage)
    inbox.sender_key.setText(key)
    inbox.import_file(packet)
    idle(qtbot, ops)
    idle(qtbot, ops)


def test_every_supervisor_control_has_an_accessible_name(qtbot, demo, ops) -> None:  # type: ignore[no-untyped-def]
    service, packet = demo
    pages = dict(build_supervisor_pages(service, ops))
    assert list(pages) == [CASES, REVIEW, REFERRALS, PARTNERS, STATISTICS, INBOX]
    _fill(qtbot, ops, pages, packet, service.public_signing_key())
    for title, page in pages.items():
        assert interactive_without_name(page) == [], title
        for view in page.findChildren(QTableView):
            assert view.accessibleName(), title
    referrals = pages[REFERRALS]
    assert isinstance(referrals, ReferralsPage) and referrals.panel.status_buttons
    assert pages[INBOX].items()  # type: ignore[attr-defined]
    for title, page in pages.items():
        texts = " ".join(widget_texts(page))
        assert "Demo Person" not in texts, title  # no page lists a person's name
        assert "deadline" not in texts.lower(), title

    clear_pages(list(pages.items()))
    for title, page in pages.items():
        texts = " ".join(widget_texts(page))
        for case in service.list_cases()[:5]:
            assert case.reference not in texts, title


def test_hub_refreshes_the_tab_shown_and_passes_on_open_case(qtbot, demo, ops) -> None:  # type: ignore[no-untyped-def]
    service, _packet = demo
    hub = SupervisorHub(service, ops)
    shown(qtbot, hub)
    assert interactive_without_name(hub) == []
    hub.refresh()
    idle(qtbot, ops)
    cases = hub.page(CASES)
    assert isinstance(cases, SupervisorCasesPage) and cases.model.rowCount() > 0
    opened: list[str] = []
    hub.open_case.connect(opened.append)
    cases.open_case.emit("FS-TEST-CASE")
    assert opened == ["FS-TEST-CASE"]
    hub.show_page(REVIEW)
    idle(qtbot, ops)
    review = hub.page(REVIEW)
    assert isinstance(review, ReviewQueuePage) and review.items()
    hub.clear()
    assert cases.model.rowCount() == 0 and review.items() == []


def test_a_worker_sees_the_cores_refusal(qtbot, supervisor, ops) -> None:  # type: ignore[no-untyped-def]
    from screening_tools.domain import Role

    supervisor.add_user("Worker B", Role.WORKER, "amber tortoise violin harbour")
    supervisor.lock()
    supervisor.unlock("amber tortoise violin harbour")
    page = shown(qtbot, StatisticsPage(supervisor, ops))
    assert isinstance(page, StatisticsPage)
    page.refresh()
    idle(qtbot, ops)
    assert "Only a supervisor" in page.notice.text()
    review = shown(qtbot, ReviewQueuePage(supervisor, ops))
    assert isinstance(review, ReviewQueuePage)
    review.refresh()
    idle(qtbot, ops)
    assert "Only a supervisor" in review.notice.text()
