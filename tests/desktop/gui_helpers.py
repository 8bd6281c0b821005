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
    QScrollArea,
    QTextEdit,
    QWidget,
)

from desktop.items_step import ItemsStep
from desktop.main_window import MainWindow
from desktop.new_case_dialog import NewCaseDialog
from desktop.step_page import StepPage
from screening_tools.flow import InterpreterType, Step

PASSPHRASE = "amber river quietly folds maps"
# Generous: a busy CI machine (age scrypt for passphrase packets, Argon2id) can be slow; a
# passing wait returns at once, so this only bounds how long a real failure takes to show.
TIMEOUT = 30_000


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


def choose(combo: QComboBox, value: str) -> None:
    """Pick the entry whose data is ``value``, as a worker picking from the drop-down."""
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def click(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Wait until ``widget`` is shown and enabled, scroll it into view and click it.

    (A widget added to a shown page is shown by a queued call, a moment after it is added.)
    """
    qtbot.waitUntil(lambda: widget.isVisible() and widget.isEnabled(), timeout=TIMEOUT)
    QApplication.processEvents()  # layouts settle after widgets are shown
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 10, 10)
        parent = parent.parentWidget()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def wait_step(qtbot, window: MainWindow, step: Step) -> StepPage:  # type: ignore[no-untyped-def]
    """Wait until the wizard shows ``step`` (read back from the core's flow) and is idle."""
    page = window.wizard.step(step)
    qtbot.waitUntil(
        lambda: (
            window.current_page() is window.wizard
            and window.wizard.current_step() is page
            and window.wizard.context is not None
            and window.wizard.context.flow.step is step
        ),
        timeout=TIMEOUT,
    )
    wait_idle(qtbot, window)
    return page


def set_age(qtbot, window: MainWindow, status: str) -> None:  # type: ignore[no-untyped-def]
    choose(window.case_page.age, status)
    wait_idle(qtbot, window)


def start_screening(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, instrument: str = "adult-indicators", age: str | None = "adult"
) -> StepPage:
    """On the case page: set the age, choose the checklist, start. Returns the safety check."""
    page = window.case_page
    if age is not None:
        set_age(qtbot, window, age)
    choose(page.instrument, instrument)
    wait_idle(qtbot, window)
    click(qtbot, page.start_button)
    return wait_step(qtbot, window, Step.SAFETY_CHECK)


def answer_safety_check(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, *, safe: bool = True, crisis: bool = False, control: bool = True
) -> None:
    step = window.wizard.step(Step.SAFETY_CHECK)
    for key, value in (
        ("safety.safe-to-talk", safe),
        ("safety.in-crisis", crisis),
        ("safety.in-control", control),
    ):
        click(qtbot, step.rows[key].buttons["yes" if value else "no"])  # type: ignore[attr-defined]
    click(qtbot, step.continue_button)  # type: ignore[attr-defined]


def to_items(  # type: ignore[no-untyped-def]
    qtbot,
    window: MainWindow,
    *,
    instrument: str = "adult-indicators",
    age: str | None = "adult",
    agree_notes: bool = True,
) -> ItemsStep:
    """Start a screening and go through every step before the questions, as a worker would."""
    start_screening(qtbot, window, instrument, age)
    answer_safety_check(qtbot, window)
    script = wait_step(qtbot, window, Step.CONFIDENTIALITY)
    click(qtbot, script.delivered_button)  # type: ignore[attr-defined]
    interpreter = wait_step(qtbot, window, Step.INTERPRETER)
    qtbot.keyClicks(interpreter.language, "Romanian")  # type: ignore[attr-defined]
    click(qtbot, interpreter.choices[InterpreterType.PROFESSIONAL_PHONE])  # type: ignore[attr-defined]
    click(qtbot, interpreter.continue_button)  # type: ignore[attr-defined]
    notes = wait_step(qtbot, window, Step.NOTES_AGREEMENT)
    click(qtbot, notes.choice.buttons["yes" if agree_notes else "no"])  # type: ignore[attr-defined]
    click(qtbot, notes.continue_button)  # type: ignore[attr-defined]
    items = wait_step(qtbot, window, Step.ITEMS)
    assert isinstance(items, ItemsStep)
    qtbot.waitUntil(lambda: bool(items.items.widgets()), timeout=TIMEOUT)
    return items


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
