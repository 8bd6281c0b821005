"""Steps the GUI tests share: each drives real widgets the way a worker would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from desktop.checklist_page import ChecklistPage
from desktop.main_window import MainWindow
from desktop.new_case_dialog import NewCaseDialog

PASSPHRASE = "amber river quietly folds maps"
TIMEOUT = 10_000


def wait_idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.ops.is_busy(), timeout=TIMEOUT)


def create_vault(qtbot, window: MainWindow, passphrase: str = PASSPHRASE) -> str:  # type: ignore[no-untyped-def]
    """First run: type the passphrase twice, create, confirm the recovery key. Returns the key."""
    page = window.create_page
    assert window.current_page() is page
    qtbot.keyClicks(page.user_name, "Outreach worker")
    qtbot.keyClicks(page.passphrase.first, passphrase)
    assert not page.create_button.isEnabled()  # not until the repeat matches
    qtbot.keyClicks(page.passphrase.second, passphrase)
    qtbot.waitUntil(page.create_button.isEnabled, timeout=TIMEOUT)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_page() is window.recovery_key_page, timeout=TIMEOUT)
    key_page = window.recovery_key_page
    key = key_page.key_label.text().replace("\n", "-")
    assert not key_page.continue_button.isEnabled()
    qtbot.mouseClick(key_page.confirm, Qt.MouseButton.LeftButton)
    assert key_page.continue_button.isEnabled()
    qtbot.mouseClick(key_page.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_page() is window.case_list_page, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    return key


def new_case(qtbot, window: MainWindow, name: str = "", contact: str = "") -> str:  # type: ignore[no-untyped-def]
    """New case through the dialog; returns the reference shown on the case page."""
    page = window.case_list_page
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(window)
    if name:
        qtbot.keyClicks(dialog.name, name)
    if contact:
        qtbot.keyClicks(dialog.contact, contact)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.case_page.reference is not None, timeout=TIMEOUT)
    assert window.current_page() is window.case_page
    wait_idle(qtbot, window)
    reference = window.case_page.reference
    assert reference is not None
    return reference


def open_dialog(window: MainWindow) -> NewCaseDialog:
    dialogs = [d for d in window.findChildren(NewCaseDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def start_checklist(qtbot, window: MainWindow) -> ChecklistPage:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.case_page.start_button, Qt.MouseButton.LeftButton)
    page = window.checklist_page
    qtbot.waitUntil(lambda: window.current_page() is page and bool(page._items), timeout=TIMEOUT)
    wait_idle(qtbot, window)
    return page


def lock(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Press Ctrl+L where the keyboard focus is, as a worker would."""
    # Offscreen, closing a dialog does not hand activation back to the window by itself.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_page() is window.unlock_page, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    assert not window.service.is_unlocked


def unlock(qtbot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    page = window.unlock_page
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() is window.case_list_page, timeout=TIMEOUT)
    wait_idle(qtbot, window)


def widget_texts(root: QWidget) -> list[str]:
    """Every piece of text any widget under ``root`` holds, shown or not."""
    texts: list[str] = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    texts.append(str(model.data(model.index(row, column)) or ""))
    return [t for t in texts if t]


def interactive_without_name(root: QWidget) -> list[str]:
    """Buttons, line edits, text boxes and combo boxes under ``root`` with no accessible name."""
    kinds = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox)
    missing = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, kinds) and not widget.accessibleName().strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} {_text(widget)!r}")
    return missing


def _text(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    return str(text()) if callable(text) else ""
