"""Every interactive widget has an accessible name; the app works from the keyboard."""

from __future__ import annotations

from gui_helpers import (
    TIMEOUT,
    create_vault,
    interactive_without_name,
    new_case,
    open_dialog,
    start_checklist,
)
from PySide6.QtCore import Qt

from desktop.main_window import MainWindow


def test_every_page_names_its_controls(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    # Walk through the app so every page is filled with its real content first.
    create_vault(qtbot, window)
    qtbot.mouseClick(window.case_list_page.new_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(window)
    assert interactive_without_name(dialog) == []
    dialog.reject()
    new_case(qtbot, window, name="A name")
    start_checklist(qtbot, window)
    qtbot.mouseClick(window.checklist_page.summary_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.summary_page.table.rowCount() > 0, timeout=TIMEOUT)
    window.case_list_page.refresh()
    window.case_page.load(window.case_page.reference or "")
    qtbot.waitUntil(lambda: not window.ops.is_busy(), timeout=TIMEOUT)

    assert len(window.pages) == 8
    for page in window.pages:
        assert interactive_without_name(page) == [], type(page).__name__
    assert interactive_without_name(window) == []
    assert window.checklist_page.item_widgets()  # the checklist was really populated


def test_lock_shortcut_is_ctrl_l(window: MainWindow) -> None:
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    assert window.lock_action.text() == "Lock"


def test_enter_submits_unlock_and_create(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.create_page
    qtbot.keyClicks(page.passphrase.first, "amber river quietly folds maps")
    qtbot.keyClick(page.passphrase.first, Qt.Key.Key_Return)  # moves to the repeat field
    qtbot.keyClicks(page.passphrase.second, "amber river quietly folds maps")
    qtbot.keyClick(page.passphrase.second, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() is window.recovery_key_page, timeout=TIMEOUT)
