"""What a person glancing at the screen can see: never a name in a title or the case list."""

from __future__ import annotations

from gui_helpers import (
    TIMEOUT,
    create_vault,
    lock,
    new_case,
    open_dialog,
    start_checklist,
    widget_texts,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow

SENTINEL_NAME = "Xylandra Pemberwick"


def test_window_title_never_shows_the_case(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    titles: list[str] = []
    window.windowTitleChanged.connect(titles.append)
    create_vault(qtbot, window)
    reference = new_case(qtbot, window, name=SENTINEL_NAME)
    qtbot.mouseClick(window.case_page.name_toggle, Qt.MouseButton.LeftButton)
    assert SENTINEL_NAME in window.case_page.name_label.text()
    start_checklist(qtbot, window)
    qtbot.mouseClick(window.checklist_page.summary_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.summary_page.table.rowCount() > 0, timeout=TIMEOUT)
    lock(qtbot, window)
    assert titles == []  # never changed
    for title in (window.windowTitle(), QApplication.applicationDisplayName()):
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
