"""What a person glancing at the screen can see: never a name in a title or the case list."""

from __future__ import annotations

from gui_helpers import (
    TIMEOUT,
    click,
    create_vault,
    lock,
    new_case,
    open_dialog,
    to_items,
    wait_step,
    widget_texts,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from desktop.person_card import PersonCard
from screening_tools.flow import Step

SENTINEL_NAME = "Xylandra Pemberwick"


def _titles() -> list[str]:
    shown = [w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()]
    return [*shown, QApplication.applicationDisplayName()]


def test_window_title_never_shows_the_case(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    titles: list[str] = []
    window.windowTitleChanged.connect(titles.append)
    create_vault(qtbot, window)
    reference = new_case(qtbot, window, name=SENTINEL_NAME)
    qtbot.mouseClick(window.case_page.name_toggle, Qt.MouseButton.LeftButton)
    assert SENTINEL_NAME in window.case_page.name_label.text()
    seen: list[str] = _titles()
    items = to_items(qtbot, window)
    seen += _titles()
    shown = next(w for w in items.items.widgets() if w.show_button is not None)
    assert shown.show_button is not None
    click(qtbot, shown.show_button)
    qtbot.waitUntil(lambda: window.findChild(PersonCard) is not None, timeout=TIMEOUT)
    seen += _titles()  # the full-screen card is a window of its own
    card = window.findChild(PersonCard)
    assert card is not None
    card.reject()
    click(qtbot, items.finish_button)
    wait_step(qtbot, window, Step.SUMMARY)
    seen += _titles()
    lock(qtbot, window)
    seen += _titles()
    assert titles == []  # never changed
    for title in seen:
        assert SENTINEL_NAME not in title
        assert reference not in title
    assert window.windowTitle() == "Frontline Screening"


def test_name_hidden_until_asked_and_hidden_again(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    reference = new_case(qtbot, window, name=SENTINEL_NAME)
    page = window.case_page
    assert reference in page.title.text()
    assert SENTINEL_NAME not in " ".join(widget_texts(window))
    qtbot.mouseClick(page.name_toggle, Qt.MouseButton.LeftButton)
    assert SENTINEL_NAME in page.name_label.text()
    qtbot.mouseClick(page.name_toggle, Qt.MouseButton.LeftButton)
    assert SENTINEL_NAME not in page.name_label.text()
    qtbot.mouseClick(page.name_toggle, Qt.MouseButton.LeftButton)
    # Back to the list: the list never shows a name; reopening hides it again.
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.case_list_page.model.rowCount() == 1, timeout=TIMEOUT)
    assert SENTINEL_NAME not in " ".join(widget_texts(window.case_list_page))
    window.case_list_page.table.setCurrentIndex(window.case_list_page.model.index(0, 0))
    qtbot.mouseClick(window.case_list_page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.reference == reference, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.ops.is_busy(), timeout=TIMEOUT)
    assert not page.name_toggle.isChecked()
    assert SENTINEL_NAME not in " ".join(widget_texts(window))


def test_case_without_name_needs_nothing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    new_case(qtbot, window)
    page = window.case_page
    assert not page.name_toggle.isEnabled()
    assert page.name_label.text() == "No name or contact recorded."


def test_lock_closes_an_open_dialog_and_forgets_typed_name(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from desktop.new_case_dialog import NewCaseDialog

    create_vault(qtbot, window)
    qtbot.mouseClick(window.case_list_page.new_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(window)
    qtbot.keyClicks(dialog.name, SENTINEL_NAME)
    window.lock()
    qtbot.waitUntil(lambda: window.findChild(NewCaseDialog) is None, timeout=TIMEOUT)  # deleted
    qtbot.waitUntil(lambda: not window.ops.is_busy(), timeout=TIMEOUT)
    assert SENTINEL_NAME not in " ".join(widget_texts(window))
    assert not window.service.is_unlocked


def test_ctrl_l_locks_from_the_new_case_dialog(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    qtbot.mouseClick(window.case_list_page.new_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(window)
    qtbot.keyClicks(dialog.name, SENTINEL_NAME)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=TIMEOUT)
    # The dialog is modal; the Lock shortcut still reaches the app.
    qtbot.keyClick(dialog.name, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_page() is window.unlock_page, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.ops.is_busy(), timeout=TIMEOUT)
    assert not window.service.is_unlocked
    assert SENTINEL_NAME not in " ".join(widget_texts(window))
