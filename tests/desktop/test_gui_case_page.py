"""The case page: the referral target (never blocking, "overdue" styling) and the lock."""

from __future__ import annotations

from datetime import timedelta

from gui_helpers import (
    TIMEOUT,
    click,
    create_vault,
    new_case,
    to_items,
    wait_idle,
    widget_texts,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from desktop.person_card import PersonCard
from screening_tools.domain import AnswerState


def test_target_is_labelled_and_overdue_never_blocks(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    reference = new_case(qtbot, window)
    panel = window.case_page.safeguarding
    assert "starts with the first recorded concern" in panel.target.text()
    assert not panel.due.isVisible()
    items = to_items(qtbot, window)
    click(qtbot, items.items.widgets()[0].buttons[AnswerState.OBSERVED])
    click(qtbot, window.wizard.pause_button)
    qtbot.waitUntil(lambda: panel.due.isVisible(), timeout=TIMEOUT)
    assert panel.target.text().startswith("Target:")
    assert panel.due.property("overdue") == "false"
    assert not panel.overdue.isVisible()

    # The same case, seen after the target time: labelled and styled, nothing blocked.
    detail = window.service.open_case(reference)
    target = detail.referral_target
    assert target is not None
    later = target.due_at + timedelta(hours=1)
    panel.set_content(target, detail.safeguarding_tasks, {}, now=later)
    assert panel.due.property("overdue") == "true"
    assert panel.overdue.isVisible()
    assert "target, not a deadline" in panel.overdue.text()
    page = window.case_page
    assert page.start_button.isEnabled() and page.open_button.isEnabled()


def test_lock_closes_the_person_card_and_clears_the_session(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    new_case(qtbot, window)
    items = to_items(qtbot, window)
    shown = next(w for w in items.items.widgets() if w.show_button is not None)
    assert shown.show_button is not None
    click(qtbot, shown.show_button)
    qtbot.waitUntil(lambda: window.findChild(PersonCard) is not None, timeout=TIMEOUT)
    card = window.findChild(PersonCard)
    assert card is not None
    qtbot.waitUntil(card.isVisible, timeout=TIMEOUT)
    # Ctrl+L locks even while the card fills the screen in front of the person.
    card.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is card, timeout=TIMEOUT)
    qtbot.keyClick(card.close_button, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_page() is window.unlock_page, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.findChild(PersonCard) is None, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    assert not window.service.is_unlocked
    texts = " ".join(widget_texts(window))
    assert shown.item.worker_text not in texts
    assert window.wizard.context is None
    assert not window.reference_menu.menuAction().isVisible()
    for action in window.reference_actions.values():
        assert not action.isEnabled()


def test_case_page_opens_the_sharing_dialogs(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from desktop.basis_dialogs import BasisDialog
    from desktop.consent_dialog import ConsentDialog
    from desktop.export_wizard import ExportWizard

    create_vault(qtbot, window)
    new_case(qtbot, window)
    page = window.case_page
    qtbot.waitUntil(page.export_button.isEnabled, timeout=TIMEOUT)
    for button, kind in (
        (page.consent_button, ConsentDialog),
        (page.basis_button, BasisDialog),
        (page.export_button, ExportWizard),
    ):
        click(qtbot, button)
        qtbot.waitUntil(lambda kind=kind: window.findChild(kind) is not None, timeout=TIMEOUT)
        dialog = window.findChild(kind)
        assert dialog is not None and dialog.windowTitle() in (
            "Consent to share",
            "Export a referral packet",
            "Child's views and safeguarding exceptions",
        )
        dialog.close()
        dialog.deleteLater()
        wait_idle(qtbot, window)
