"""Consent, the other legal bases, and the export wizard, driven through real widgets over a real
vault (no mocks): what is recorded is read back from the core, and every exported file is
checked by the packet verifier."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest
from gui_helpers import TIMEOUT, click, interactive_without_name
from PySide6.QtCore import QDate
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFileDialog,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QTabBar,
    QWidget,
)

from desktop import sharing_entry
from desktop.basis_dialogs import BasisDialog
from desktop.consent_dialog import ConsentDialog
from desktop.export_wizard import ExportWizard
from desktop.ops import Operations
from desktop.sharing_entry import SharingDialog
from screening_tools.consent import ConsentDecision, ConsentGiver, DataCategory, Purpose
from screening_tools.domain import Role
from screening_tools.flow import AgeStatus
from screening_tools.referral import packet_file
from screening_tools.referral.verify import verify_packet
from screening_tools.routing import EXCEPTION_LABEL
from screening_tools.service import ScreeningService
from tests.integration.packet_helpers import (
    SENTINELS,
    SUPPORT_RECIPIENT,
    SUPPORT_ROUTE,
    consent,
    make_case,
    packet_members,
    setup_org,
)

NRM_ROUTE = "uk-nrm-referral"
POLICE_ONLY_RECIPIENT = "uk-ca-ukhtc"  # reached only through a route that involves the police
MONITORING = ("uk-monitoring-notification", "uk-ukhtc-monitoring")
CHILD = ("uk-child-protection", "uk-childrens-services")
EXCEPTION = ("uk-safeguarding-exception", "uk-health-officials")
SUPPORT = (SUPPORT_ROUTE, SUPPORT_RECIPIENT)
ALL_BUT_IMMIGRATION = set(DataCategory) - {DataCategory.IMMIGRATION_STATUS}
WORKER_PASS = "amber tortoise violin harbour"
JUSTIFICATION = (
    "Disclosed that the employer threatened serious violence tonight; the person is too afraid "
    "to agree to anything while watched."
)
# Called from the dialogs; each must run on the ops worker, never on the UI thread.
SERVICE_CALLS = (
    "organisation",
    "open_case",
    "session_flow",
    "consents",
    "record_consent",
    "withdraw_consent",
    "export_options",
    "require_sign_off",
    "referrals",
    "preview_packet",
    "export_packet",
    "public_signing_key",
    "person_copy_pdf",
    "sharing_exceptions",
    "record_child_views",
    "request_safeguarding_exception",
    "sign_off_exception",
)


# -- fixtures and steps ------------------------------------------------------------------------


DESKTOP = str(Path(sharing_entry.__file__).parent)


def _called_from_desktop() -> bool:
    """True when the app's own code (not this test) made the call."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.startswith(DESKTOP):
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


@pytest.fixture
def ui_thread_calls(service: ScreeningService, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Service methods the desktop code called on the UI thread (there must be none)."""
    ui_thread = threading.get_ident()
    offenders: list[str] = []
    for name in SERVICE_CALLS:
        original = getattr(service, name)

        def checked(*args: Any, __name: str = name, __fn: Any = original, **kwargs: Any) -> Any:
            if threading.get_ident() == ui_thread and _called_from_desktop():
                offenders.append(__name)
            return __fn(*args, **kwargs)

        monkeypatch.setattr(service, name, checked)
    return offenders


@pytest.fixture
def ops(service: ScreeningService, ui_thread_calls: list[str]) -> Iterator[Operations]:
    worker = Operations()
    yield worker
    worker.shutdown()  # before the service locks (fixtures end in reverse order)
    assert ui_thread_calls == []


@pytest.fixture
def parent(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


@pytest.fixture
def adult(service: ScreeningService) -> str:
    setup_org(service)
    return make_case(service)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every temporary-file API (Python's and Qt's) at an empty folder we can watch."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    assert tempfile.gettempdir() == str(folder)
    return folder


def settle(qtbot, dialog: SharingDialog, ops: Operations) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog.is_idle() and not ops.is_busy(), timeout=TIMEOUT)
    QApplication.processEvents()


def save_dialog(
    monkeypatch: pytest.MonkeyPatch, path: Path, asked: list[str] | None = None
) -> None:
    """The worker picks ``path`` in the save dialog; the default name offered is kept."""

    def fake(_parent: Any, _caption: str, default: str, _filter: str) -> tuple[str, str]:
        if asked is not None:
            asked.append(default)
        return str(path), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))


def message_box(qtbot, dialog: QWidget, name: str) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in dialog.findChildren(QMessageBox, name)),
        timeout=TIMEOUT,
    )
    return next(b for b in dialog.findChildren(QMessageBox, name) if b.isVisible())


def press(qtbot, box: QMessageBox, text: str) -> None:  # type: ignore[no-untyped-def]
    button = next(b for b in box.buttons() if b.text() == text)
    click(qtbot, button)


def unnamed(root: QWidget) -> list[str]:
    """Interactive widgets without an accessible name, beyond the app-wide helper's kinds."""
    missing = interactive_without_name(root)
    for kind in (QAbstractItemView, QAbstractSpinBox, QTabBar, QPdfView, QProgressBar):
        for widget in root.findChildren(kind):
            if _inside_combo_box(widget):
                continue  # a drop-down's own list: the drop-down carries the name
            if not widget.accessibleName().strip():
                missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def _inside_combo_box(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def open_consent(qtbot, parent: QWidget, service, ops, reference: str) -> ConsentDialog:  # type: ignore[no-untyped-def]
    dialog = sharing_entry.open_consent(parent, service, ops, reference)
    settle(qtbot, dialog, ops)
    return dialog


def open_export(qtbot, parent: QWidget, service, ops, reference: str) -> ExportWizard:  # type: ignore[no-untyped-def]
    dialog = sharing_entry.open_export(parent, service, ops, reference)
    settle(qtbot, dialog, ops)
    return dialog


def open_basis(qtbot, parent: QWidget, service, ops, reference: str) -> BasisDialog:  # type: ignore[no-untyped-def]
    dialog = sharing_entry.open_basis(parent, service, ops, reference)
    settle(qtbot, dialog, ops)
    return dialog


def tick(qtbot, dialog: ConsentDialog, categories: set[DataCategory], recipients: set[str]) -> None:  # type: ignore[no-untyped-def]
    for category in categories:
        click(qtbot, dialog.matrix.rows[category].box)
    for recipient in recipients:
        click(qtbot, dialog.matrix.columns[recipient].box)


def record(qtbot, dialog: ConsentDialog, ops: Operations) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, dialog.review_button)
    assert dialog.stack.currentWidget() is dialog.confirm_page
    click(qtbot, dialog.save_button)
    settle(qtbot, dialog, ops)
    assert dialog.stack.currentWidget() is dialog.records_page


def choose(qtbot, wizard: ExportWizard, key: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    radio = wizard.radios[key]
    if not radio.isVisible():
        click(qtbot, wizard.others_toggle)
    click(qtbot, radio)
    assert wizard.selected_choice() is not None
    assert wizard.selected_choice().key == key  # type: ignore[union-attr]


def to_preview(qtbot, wizard: ExportWizard, ops: Operations, key: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    choose(qtbot, wizard, key)
    click(qtbot, wizard.preview_button)
    settle(qtbot, wizard, ops)
    assert wizard.current_page() is wizard.preview_page
    qtbot.waitUntil(lambda: wizard.preview.page_count() > 0, timeout=TIMEOUT)


def export(  # type: ignore[no-untyped-def]
    qtbot,
    wizard: ExportWizard,
    ops: Operations,
    monkeypatch: pytest.MonkeyPatch,
    out: Path,
    key: tuple[str, str],
    protect: Callable[[ExportWizard], None] | None = None,
) -> list[str]:
    """Choose, preview, protect, save: returns the default file names the wizard offered."""
    to_preview(qtbot, wizard, ops, key)
    click(qtbot, wizard.protect_button)
    assert wizard.current_page() is wizard.protect_page
    if protect is not None:
        protect(wizard)
    asked: list[str] = []
    save_dialog(monkeypatch, out, asked)
    click(qtbot, wizard.export_button)
    settle(qtbot, wizard, ops)
    assert wizard.current_page() is wizard.result_page, wizard.messages.text()
    return asked


def assert_verified(
    wizard: ExportWizard, data: bytes, service: ScreeningService, **keys: str
) -> None:
    report = verify_packet(data, sender_key=service.public_signing_key(), **keys)
    assert report.ok, report.to_json()
    assert wizard.result_fields["sha256"].text() == hashlib.sha256(data).hexdigest()
    checks = wizard.checks.text()
    for check in report.checks:
        assert check.name in checks
    assert "✗" not in checks


# -- consent ------------------------------------------------------------------------------------


def test_consent_records_the_matrix_with_police_no_by_default(  # type: ignore[no-untyped-def]
    qtbot, parent, service, ops, adult
) -> None:
    dialog = open_consent(qtbot, parent, service, ops, adult)
    assert dialog.stack.currentWidget() is dialog.form_page  # no record yet: straight to the form
    assert dialog.police.value() == "no"
    # Reached only through a police route: closed until the separate question is answered yes.
    police_only = dialog.matrix.columns[POLICE_ONLY_RECIPIENT]
    assert not police_only.isEnabled()
    assert not dialog.review_button.isEnabled()
    assert "what may be shared" in dialog.form_hint.text()

    chosen = {DataCategory.IDENTITY, DataCategory.INDICATORS, DataCategory.NEEDS}
    tick(qtbot, dialog, chosen, {SUPPORT_RECIPIENT})
    assert dialog.matrix.cell_shared(DataCategory.IDENTITY, SUPPORT_RECIPIENT)
    assert not dialog.matrix.cell_shared(DataCategory.NOTES, SUPPORT_RECIPIENT)
    assert not dialog.matrix.cell_shared(DataCategory.IDENTITY, "uk-fr-tara")
    summary = dialog.summary.text()
    assert "Local support service" in summary
    assert "Police or immigration: no" in summary
    assert "Not shared: " in summary and "Worker" in summary

    # Yes opens the police-only column; back to no closes it and unticks it again.
    click(qtbot, dialog.police.buttons["yes"])
    assert police_only.isEnabled()
    click(qtbot, police_only.box)
    click(qtbot, dialog.police.buttons["no"])
    assert not police_only.isEnabled() and not police_only.is_ticked()

    click(qtbot, dialog.review_button)
    confirm = dialog.confirm_text.text()
    assert "Shared with: Local support service" in confirm
    assert "Name" in confirm and "Police or immigration: no" in confirm
    assert dialog.scope().fingerprint()[:16] in dialog.fingerprint.text()
    click(qtbot, dialog.save_button)
    settle(qtbot, dialog, ops)

    [stored] = service.consents(adult)
    assert stored.decision is ConsentDecision.GIVEN
    assert stored.given_by is ConsentGiver.PERSON
    assert stored.scope.categories == frozenset(chosen)
    assert stored.scope.recipients == frozenset({SUPPORT_RECIPIENT})
    assert stored.scope.purposes == frozenset({Purpose.SUPPORT_REFERRAL})
    assert stored.scope.police_immigration_sharing is False
    assert stored.fingerprint == stored.scope.fingerprint()
    assert stored.interpreter == "not_needed"
    assert stored.confidentiality_script_delivered
    assert dialog.records.count() == 1
    assert "consent was recorded" in dialog.messages.text()


def test_guardian_needs_a_role_and_the_rest_is_recorded(  # type: ignore[no-untyped-def]
    qtbot, parent, service, ops, adult
) -> None:
    dialog = open_consent(qtbot, parent, service, ops, adult)
    tick(qtbot, dialog, {DataCategory.INDICATORS}, {SUPPORT_RECIPIENT})
    assert dialog.review_button.isEnabled()
    click(qtbot, dialog.givers[ConsentGiver.GUARDIAN])
    assert dialog.giver_role.isVisible()
    assert not dialog.review_button.isEnabled()
    assert "role of the guardian" in dialog.form_hint.text()
    qtbot.keyClicks(dialog.giver_role, "Legal guardian")
    assert dialog.review_button.isEnabled()
    click(qtbot, dialog.methods[dialog.method().__class__("written")])
    dialog.language.setCurrentIndex(dialog.language.findData("other"))
    assert not dialog.review_button.isEnabled()  # which other language?
    qtbot.keyClicks(dialog.other_language, "Tigrinya")
    dialog.interpreter.setCurrentIndex(dialog.interpreter.findData("professional_phone"))
    qtbot.keyClicks(dialog.witness, "Duty manager")
    click(qtbot, dialog.expires)
    end = QDate.currentDate().addDays(30)
    dialog.expiry_date.setDate(end)
    record(qtbot, dialog, ops)

    [stored] = service.consents(adult)
    assert stored.given_by is ConsentGiver.GUARDIAN
    assert stored.giver_role == "Legal guardian"
    assert stored.method.value == "written"
    assert stored.language == "Tigrinya"
    assert stored.interpreter == "professional_phone"
    assert stored.witness == "Duty manager"
    assert stored.expires_at is not None
    local_end = stored.expires_at.astimezone().date()
    assert (local_end.year, local_end.month, local_end.day) == (
        end.addDays(1).year(),
        end.addDays(1).month(),
        end.addDays(1).day(),
    )


def test_declined_is_recorded_and_opens_monitoring_only(  # type: ignore[no-untyped-def]
    qtbot, parent, service, ops, adult, tmp_path, monkeypatch
) -> None:
    dialog = open_consent(qtbot, parent, service, ops, adult)
    click(qtbot, dialog.decisions[ConsentDecision.DECLINED])
    assert not dialog.scope_section.isEnabled()  # nothing to choose: nothing is shared
    assert dialog.review_button.isEnabled()
    assert "monitoring-only" in dialog.summary.text()
    click(qtbot, dialog.review_button)
    assert dialog.save_button.text() == "Record that they declined"
    click(qtbot, dialog.save_button)
    settle(qtbot, dialog, ops)
    [stored] = service.consents(adult)
    assert stored.decision is ConsentDecision.DECLINED
    assert not stored.scope.categories and not stored.scope.recipients
    dialog.accept()

    wizard = open_export(qtbot, parent, service, ops, adult)
    support = wizard._context.choice(SUPPORT)  # type: ignore[union-attr]
    assert support is not None and not support.available
    assert "declined" in support.reason
    out = tmp_path / "monitoring.fspacket"
    export(qtbot, wizard, ops, monkeypatch, out, MONITORING)
    data = out.read_bytes()
    assert_verified(wizard, data, service)
    members = packet_members(data)
    for part, blob in members.items():
        for category in (DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.NOTES):
            assert SENTINELS[category].encode() not in blob, (category, part)
    assert "Monitoring-only" in wizard.result_fields["basis"].text()


def test_withdrawal_asks_first_and_then_blocks_exports(  # type: ignore[no-untyped-def]
    qtbot, parent, service, ops, adult
) -> None:
    consent(service, adult, ALL_BUT_IMMIGRATION)
    dialog = open_consent(qtbot, parent, service, ops, adult)
    assert dialog.stack.currentWidget() is dialog.records_page
    assert dialog.records.count() == 1
    assert "current" in dialog.records.item(0).text()

    click(qtbot, dialog.withdraw_button)
    box = message_box(qtbot, dialog, "withdrawConfirmation")
    assert "blocked" in box.informativeText()
    assert "Local support service" in box.informativeText()
    assert not unnamed(box)
    press(qtbot, box, "Keep it")
    settle(qtbot, dialog, ops)
    assert service.consents(adult)[0].withdrawn_at is None  # nothing happened

    click(qtbot, dialog.withdraw_button)
    press(qtbot, message_box(qtbot, dialog, "withdrawConfirmation"), "Withdraw consent")
    settle(qtbot, dialog, ops)
    [stored] = service.consents(adult)
    assert stored.withdrawn_at is not None
    assert "withdrawn" in dialog.records.item(0).text()
    assert "blocked" in dialog.messages.text()
    assert not dialog.withdraw_button.isEnabled()
    options = {(o.route_id, o.recipient_id): o for o in service.export_options(adult)}
    assert not options[SUPPORT].available
    assert options[MONITORING].available

    # Asking again starts from what was agreed before; saving makes a new, current record.
    click(qtbot, dialog.new_button)
    assert dialog.matrix.categories() == frozenset(ALL_BUT_IMMIGRATION)
    assert dialog.matrix.recipients() == frozenset({SUPPORT_RECIPIENT})
    assert dialog.police.value() == "no"
    record(qtbot, dialog, ops)
    latest = service.consents(adult)[-1]
    assert latest.active and latest.scope == stored.scope
    assert {(o.route_id, o.recipient_id) for o in service.export_options(adult) if o.available} >= {
        SUPPORT
    }


# -- export ---------------------------------------------------------------------------------


def test_blocked_options_show_the_core_reason(qtbot, parent, service, ops, adult) -> None:  # type: ignore[no-untyped-def]
    wizard = open_export(qtbot, parent, service, ops, adult)
    assert wizard.current_page() is wizard.choose_page
    # The police-free route is listed first; police routes are marked.
    groups = wizard._context.groups()  # type: ignore[union-attr]
    assert groups[0][0].option.route_id == SUPPORT_ROUTE
    assert not groups[0][0].option.involves_police
    texts = " ".join(w.text() for w in wizard.groups_holder.findChildren(type(wizard.selection)))
    assert "Involves the police or immigration" in texts
    assert "No police" in texts

    choose(qtbot, wizard, SUPPORT)
    choice = wizard.selected_choice()
    assert choice is not None and not choice.available
    core = {(o.route_id, o.recipient_id): o for o in service.export_options(adult)}[SUPPORT]
    assert core.reason.split(".")[0] in choice.reason  # the core's own words
    assert "No consent has been recorded yet" in texts
    assert "blocked" in wizard.selection.text()
    assert not wizard.preview_button.isEnabled()
    radio = wizard.radios[SUPPORT]
    assert "No consent has been recorded yet" in radio.accessibleDescription()


def test_adult_consent_export_is_written_and_verified(  # type: ignore[no-untyped-def]
    qtbot, parent, service, ops, adult, tmp_path, monkeypatch, private_tmp
) -> None:
    consent(service, adult, ALL_BUT_IMMIGRATION)
    wizard = open_export(qtbot, parent, service, ops, adult)
    assert wizard.selected_choice().key == SUPPORT  # type: ignore[union-attr]
    to_preview(qtbot, wizard, ops, SUPPORT)
    assert wizard.preview.document.pageCount() > 0
    assert "Shared with the person's consent" in wizard.preview_facts.text()
    assert "Immigration status" in wizard.left_out.text()
    # The preview in Arabic, rendered again from memory.
    wizard.language.setCurrentIndex(wizard.language.findData("ar"))
    settle(qtbot, wizard, ops)
    assert wizard._content is not None and wizard._content.language == "ar"
    assert wizard.preview.document.pageCount() > 0
    assert list(private_tmp.iterdir()) == []  # nothing was written to a temporary file
    wizard.language.setCurrentIndex(wizard.language.findData("en"))
    settle(qtbot, wizard, ops)

    out = tmp_path / "chosen.fspacket"
    click(qtbot, wizard.protect_button)
    asked: list[str] = []
    save_dialog(monkeypatch, out, asked)
    click(qtbot, wizard.export_button)
    settle(qtbot, wizard, ops)
    assert wizard.current_page() is wizard.result_page, wizard.messages.text()
    data = out.read_bytes()
    assert_verified(wizard, data, service)
    assert "every check passed" in (wizard.result_text.text() if wizard.result_text else "")
    assert not wizard.result_exception.isVisible()
    [logged] = service.export_log(adult)
    assert logged.file_sha256 == hashlib.sha256(data).hexdigest()
    # Neutral default names: a word and a date, nothing about the person.
    [default] = asked
    name = Path(default).name
    assert name.startswith("referral-") and name.endswith(".fspacket")
    for secret in (adult, SENTINELS[DataCategory.IDENTITY], "Sentinelova"):
        assert secret not in name

    copy = tmp_path / "copy.pdf"
    asked.clear()
    save_dialog(monkeypatch, copy, asked)
    click(qtbot, wizard.save_copy_button)
    settle(qtbot, wizard, ops)
    assert copy.read_bytes().startswith(b"%PDF-")
    assert (copy.stat().st_mode & 0o077) == 0  # only the worker's account can read it
    assert Path(asked[0]).name.startswith("what-was-shared-")
    assert adult not in asked[0]
    assert list(private_tmp.iterdir()) == []


def test_encrypted_exports_passphrase_twice_and_recipient_key(  # type: ignore[no-untyped-def]
    qtbot, parent, service, ops, adult, tmp_path, monkeypatch
) -> None:
    consent(service, adult, ALL_BUT_IMMIGRATION)
    wizard = open_export(qtbot, parent, service, ops, adult)
    phrase = "harbour lantern seventeen"

    def with_passphrase(w: ExportWizard) -> None:
        click(qtbot, w.protect_choices["passphrase"])
        qtbot.keyClicks(w.pass_first, phrase)
        qtbot.keyClicks(w.pass_second, phrase[:-1])
        assert not w.export_button.isEnabled()
        assert "same passphrase" in w.protect_hint.text()
        qtbot.keyClicks(w.pass_second, phrase[-1])
        assert w.export_button.isEnabled()

    out = tmp_path / "secret"
    asked = export(qtbot, wizard, ops, monkeypatch, out, SUPPORT, with_passphrase)
    assert Path(asked[0]).name.endswith(packet_file.ENCRYPTED_SUFFIX)
    written = tmp_path / f"secret{packet_file.ENCRYPTED_SUFFIX}"  # the suffix is added
    data = written.read_bytes()
    assert packet_file.is_encrypted(data)
    assert_verified(wizard, data, service, passphrase=phrase)
    assert wizard.pass_first.text() == "" and wizard.pass_second.text() == ""
    wizard.accept()

    identity = pyrage.x25519.Identity.generate()
    wizard = open_export(qtbot, parent, service, ops, adult)

    def with_key(w: ExportWizard) -> None:
        click(qtbot, w.protect_choices["key"])
        qtbot.keyClicks(w.key_field, "not-a-key")
        assert not w.export_button.isEnabled()
        w.key_field.setText(str(identity.to_public()))
        assert w.export_button.isEnabled()

    out = tmp_path / f"for-recipient{packet_file.ENCRYPTED_SUFFIX}"
    export(qtbot, wizard, ops, monkeypatch, out, SUPPORT, with_key)
    data = out.read_bytes()
    report = verify_packet(data, sender_key=service.public_signing_key(), identity=str(identity))
    assert report.ok, report.to_json()
    assert "only the recipient" in wizard.checks.text()
    assert wizard.result_fields["sha256"].text() == hashlib.sha256(data).hexdigest()


def test_child_protection_after_the_childs_views(  # type: ignore[no-untyped-def]
    qtbot, parent, service, ops, tmp_path, monkeypatch
) -> None:
    setup_org(service)
    child = make_case(service, AgeStatus.CHILD)
    wizard = open_export(qtbot, parent, service, ops, child)
    option = wizard._context.choice(CHILD)  # type: ignore[union-attr]
    assert option is not None and not option.available
    assert "child's views have not been recorded" in option.reason
    assert wizard._context.groups()[0][0].option.route_id == CHILD[0]  # type: ignore[union-attr]

    click(qtbot, wizard.basis_button)
    qtbot.waitUntil(lambda: wizard.findChild(BasisDialog) is not None, timeout=TIMEOUT)
    basis = wizard.findChild(BasisDialog)
    assert basis is not None
    settle(qtbot, basis, ops)
    assert basis.tabs.currentIndex() == 0  # the child route: the child's views first
    assert not basis.record_views_button.isEnabled()
    qtbot.keyClicks(basis.views, "Wants to stay with her aunt; does not want to go back.")
    click(qtbot, basis.record_views_button)
    settle(qtbot, basis, ops)
    assert basis.views_list.count() == 1
    assert basis.views.toPlainText() == ""
    click(qtbot, basis.close_button)
    settle(qtbot, wizard, ops)  # the wizard reads the options again when the dialog closes

    out = tmp_path / "child.fspacket"
    export(qtbot, wizard, ops, monkeypatch, out, CHILD)
    assert_verified(wizard, out.read_bytes(), service)
    assert "Child-protection" in wizard.result_fields["basis"].text()


def test_safeguarding_exception_opens_only_after_sign_off(  # type: ignore[no-untyped-def]
    qtbot, parent, service, ops, adult, tmp_path, monkeypatch
) -> None:
    basis = open_basis(qtbot, parent, service, ops, adult)
    assert basis.tabs.currentIndex() == 1  # an adult: the exception tab
    qtbot.keyClicks(basis.justification, "Too short")
    assert not basis.request_button.isEnabled()
    basis.justification.setPlainText(JUSTIFICATION)
    click(qtbot, basis.request_button)
    settle(qtbot, basis, ops)
    [requested] = service.sharing_exceptions(adult)
    assert requested.kind == "safeguarding_exception" and not requested.signed_off
    assert "Waiting for a supervisor" in basis.exception_list.item(0).text()
    basis.accept()

    wizard = open_export(qtbot, parent, service, ops, adult)
    option = wizard._context.choice(EXCEPTION)  # type: ignore[union-attr]
    assert option is not None and not option.available  # requested is not enough
    assert "supervisor to sign it off" in option.reason
    wizard.reject()

    basis = open_basis(qtbot, parent, service, ops, adult)
    assert basis.selected_exception() is not None
    click(qtbot, basis.sign_off_button)
    box = message_box(qtbot, basis, "signOffConfirmation")
    assert "without consent" in box.text().lower()
    press(qtbot, box, "Sign off")
    settle(qtbot, basis, ops)
    assert service.sharing_exceptions(adult)[0].signed_off
    assert "Signed off" in basis.exception_list.item(0).text()
    basis.accept()

    wizard = open_export(qtbot, parent, service, ops, adult)
    option = wizard._context.choice(EXCEPTION)  # type: ignore[union-attr]
    assert option is not None and option.available
    to_preview(qtbot, wizard, ops, EXCEPTION)
    assert wizard.preview_exception.isVisible()
    out = tmp_path / "exception.fspacket"
    click(qtbot, wizard.protect_button)
    assert wizard.protect_exception.isVisible()
    save_dialog(monkeypatch, out)
    click(qtbot, wizard.export_button)
    settle(qtbot, wizard, ops)
    assert wizard.current_page() is wizard.result_page
    assert wizard.result_exception.isVisible()
    labels = [w.text() for w in wizard.result_exception.findChildren(type(wizard.selection))]
    assert EXCEPTION_LABEL in labels
    assert_verified(wizard, out.read_bytes(), service)


def test_export_refused_by_the_core_leaves_no_file(  # type: ignore[no-untyped-def]
    qtbot, parent, service, ops, adult, tmp_path, monkeypatch
) -> None:
    # The consent is withdrawn after the wizard showed the route as open: the core checks the
    # basis again at export, the wizard shows its reason, and nothing is written.
    record_ = consent(service, adult, ALL_BUT_IMMIGRATION)
    wizard = open_export(qtbot, parent, service, ops, adult)
    to_preview(qtbot, wizard, ops, SUPPORT)
    click(qtbot, wizard.protect_button)
    assert record_.id is not None
    service.withdraw_consent(adult, record_.id)
    out = tmp_path / "refused.fspacket"
    save_dialog(monkeypatch, out)
    click(qtbot, wizard.export_button)
    settle(qtbot, wizard, ops)
    assert wizard.current_page() is wizard.protect_page
    assert "withdrawn" in wizard.messages.text()
    assert not out.exists()
    assert service.export_log(adult) == []


def test_a_worker_sees_the_routes_but_cannot_export_or_sign_off(  # type: ignore[no-untyped-def]
    qtbot, parent, service, ops, adult
) -> None:
    consent(service, adult, ALL_BUT_IMMIGRATION)
    service.request_safeguarding_exception(adult, JUSTIFICATION)
    service.add_user("Worker B", Role.WORKER, WORKER_PASS)
    service.lock()
    service.unlock(WORKER_PASS)
    assert service.current_user.role is Role.WORKER

    wizard = open_export(qtbot, parent, service, ops, adult)
    assert wizard.not_supervisor.isVisible()
    assert wizard.selected_choice() is not None and wizard.selected_choice().available  # type: ignore[union-attr]
    assert not wizard.preview_button.isEnabled()
    wizard.reject()

    basis = open_basis(qtbot, parent, service, ops, adult)
    assert basis.selected_exception() is not None
    assert not basis.sign_off_button.isEnabled()
    assert "Only a supervisor" in basis.sign_off_hint.text()


def test_closing_while_the_worker_is_busy_is_safe(qtbot, parent, service, ops, adult) -> None:  # type: ignore[no-untyped-def]
    for opener in (sharing_entry.open_consent, sharing_entry.open_export, sharing_entry.open_basis):
        dialog = opener(parent, service, ops, adult)
        assert not dialog.is_idle()
        dialog.reject()  # as locking the app does, before the answer arrives
    qtbot.waitUntil(lambda: not ops.is_busy(), timeout=TIMEOUT)
    QApplication.processEvents()
    assert not [d for d in parent.findChildren(SharingDialog) if d.isVisible()]


# -- accessibility and privacy --------------------------------------------------------------


def test_every_control_is_named_and_titles_are_neutral(  # type: ignore[no-untyped-def]
    qtbot, parent, service, ops, adult, tmp_path, monkeypatch
) -> None:
    consent(service, adult, ALL_BUT_IMMIGRATION)
    titles: list[str] = []
    dialog = open_consent(qtbot, parent, service, ops, adult)
    for page in (dialog.records_page, dialog.form_page, dialog.confirm_page):
        dialog.stack.setCurrentWidget(page)
        assert unnamed(dialog) == [], page
    titles.append(dialog.windowTitle())
    dialog.reject()

    basis = open_basis(qtbot, parent, service, ops, adult)
    assert unnamed(basis) == []
    titles.append(basis.windowTitle())
    basis.reject()

    wizard = open_export(qtbot, parent, service, ops, adult)
    assert unnamed(wizard) == []
    titles.append(wizard.windowTitle())
    export(qtbot, wizard, ops, monkeypatch, tmp_path / "named.fspacket", SUPPORT)
    assert unnamed(wizard) == []
    titles.append(wizard.windowTitle())
    for title in titles:
        assert adult not in title
        assert "Sentinelova" not in title
    assert titles[-1] == "Export a referral packet"


# -- screenshots ----------------------------------------------------------------------------


def scroll_to(widget: QWidget) -> None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 0, 0)
            return
        parent = parent.parentWidget()


def _shoot(qtbot, widget: QWidget, folder: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    widget.resize(1120, 780)
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(300)  # PDF pages are rendered on a thread
    path = folder / f"sharing-{name}.png"
    assert widget.grab().save(str(path))
    return path


def test_screenshots(  # type: ignore[no-untyped-def]
    qtbot, parent, service, ops, adult, tmp_path, monkeypatch
) -> None:
    """Saves PNGs of each screen; set FRONTLINE_SCREENSHOTS to keep them (e.g. ./screenshots)."""
    folder = Path(os.environ.get("FRONTLINE_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    shots = []
    dialog = open_consent(qtbot, parent, service, ops, adult)
    tick(
        qtbot,
        dialog,
        {DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.INDICATORS, DataCategory.NEEDS},
        {SUPPORT_RECIPIENT, "uk-fr-poppy-project"},
    )
    for area in dialog.form_page.findChildren(QScrollArea):
        area.verticalScrollBar().setValue(0)
    shots.append(_shoot(qtbot, dialog, folder, "consent"))
    scroll_to(dialog.scope_section)
    shots.append(_shoot(qtbot, dialog, folder, "consent-matrix"))
    click(qtbot, dialog.review_button)
    shots.append(_shoot(qtbot, dialog, folder, "consent-confirm"))
    click(qtbot, dialog.save_button)
    settle(qtbot, dialog, ops)
    shots.append(_shoot(qtbot, dialog, folder, "consent-records"))
    click(qtbot, dialog.withdraw_button)
    box = message_box(qtbot, dialog, "withdrawConfirmation")
    qtbot.wait(100)
    shots.append(folder / "sharing-consent-withdraw.png")
    assert box.grab().save(str(shots[-1]))
    press(qtbot, box, "Keep it")
    dialog.accept()

    basis = open_basis(qtbot, parent, service, ops, adult)
    basis.justification.setPlainText(JUSTIFICATION)
    click(qtbot, basis.request_button)
    settle(qtbot, basis, ops)
    shots.append(_shoot(qtbot, basis, folder, "basis-exception"))
    basis.accept()

    wizard = open_export(qtbot, parent, service, ops, adult)
    shots.append(_shoot(qtbot, wizard, folder, "export-choose"))
    to_preview(qtbot, wizard, ops, SUPPORT)
    shots.append(_shoot(qtbot, wizard, folder, "export-preview"))
    click(qtbot, wizard.protect_button)
    click(qtbot, wizard.protect_choices["passphrase"])
    shots.append(_shoot(qtbot, wizard, folder, "export-protect"))
    click(qtbot, wizard.protect_choices["none"])
    save_dialog(monkeypatch, tmp_path / "shot.fspacket")
    click(qtbot, wizard.export_button)
    settle(qtbot, wizard, ops)
    shots.append(_shoot(qtbot, wizard, folder, "export-result"))
    wizard.accept()

    # The safeguarding exception, signed off: labelled wherever it shows.
    [requested] = service.sharing_exceptions(adult)
    service.sign_off_exception(adult, requested.id)
    wizard = open_export(qtbot, parent, service, ops, adult)
    choose(qtbot, wizard, EXCEPTION)
    group = wizard.radios[EXCEPTION].parentWidget()
    assert group is not None
    scroll_to(group)
    shots.append(_shoot(qtbot, wizard, folder, "export-choose-exception"))
    to_preview(qtbot, wizard, ops, EXCEPTION)
    shots.append(_shoot(qtbot, wizard, folder, "export-preview-exception"))
    click(qtbot, wizard.protect_button)
    save_dialog(monkeypatch, tmp_path / "exception.fspacket")
    click(qtbot, wizard.export_button)
    settle(qtbot, wizard, ops)
    shots.append(_shoot(qtbot, wizard, folder, "export-result-exception"))
    for path in shots:
        assert path.stat().st_size > 10_000
