"""Quick hide: one key (Ctrl+Shift+H or F12) or the Hide button, and the window at once shows a
plain, blank notes page with nothing about the app's purpose, and the vault locks.

Order matters: the neutral screen is put up and painted first, synchronously, inside the key
press; only then is the lock callback called (which clears the pages and queues the core's lock
on the worker thread). Nothing sensitive stays on screen while the lock job runs.

The neutral screen is an overlay: a child of the main window, covering the whole window
(menu bar, toolbar, pages and status bar), so the window itself needs no change. Everything under
it is disabled while it is up, so the keyboard cannot reach a hidden field. Open dialogs and
popups are closed, tooltips hidden, the window title and the application display name become
neutral (Qt appends the display name to titles that differ from it).

Pressing the same key again takes the screen away; the vault is locked by then, so what is
underneath is the unlock screen. Nothing typed on the neutral page is kept.

Limits: on macOS (and Linux desktops with a global menu bar) the menus live outside the window;
they are disabled, not hidden. Native file dialogs of the operating system are not Qt widgets
and cannot be closed from here (the app uses Qt's own file dialogs for that reason).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QChildEvent, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QToolBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import tr
from desktop.settings_dialog import DEFAULT_NEUTRAL_NAME
from screening_tools.i18n import N_

SHORTCUTS = ("Ctrl+Shift+H", "F12")
HIDE_TOOLTIP = N_("Hide the screen and lock at once (Ctrl+Shift+H or F12)")

# A look of its own, like a bare text editor: none of the app's colours, headings or words.
_NEUTRAL_STYLE = """
QWidget#neutralScreen { background: #ffffff; }
QLabel#neutralTitle { color: #6b6b6b; font-weight: 400; padding: 0; }
QPlainTextEdit#neutralText {
    background: #ffffff; color: #202020; border: none; border-top: 1px solid #e6e6e6;
    border-radius: 0; padding: 8px 2px; selection-background-color: #cfe0f5;
    selection-color: #202020;
}
"""


class NeutralScreen(QWidget):
    """A blank notes page. What is typed here is never saved, and is wiped when it closes."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("neutralScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet(_NEUTRAL_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 18, 28, 18)
        layout.setSpacing(8)
        self.title = QLabel(title)
        self.title.setObjectName("neutralTitle")
        layout.addWidget(self.title)
        self.text = QPlainTextEdit()
        self.text.setObjectName("neutralText")
        self.text.setAccessibleName(title)
        self.text.setTabChangesFocus(False)
        layout.addWidget(self.text, 1)
        self.hide()

    def set_title(self, title: str) -> None:
        self.title.setText(title)
        self.text.setAccessibleName(title)

    def wipe(self) -> None:
        self.text.clear()
        self.text.document().clearUndoRedoStacks()


class QuickHide(QObject):
    """Owns the action, the neutral screen and what was changed to put it up."""

    shown = Signal()
    dismissed = Signal()

    def __init__(
        self,
        window: QMainWindow,
        lock_callback: Callable[[], None],
        title: Callable[[], str] | str = DEFAULT_NEUTRAL_NAME,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._lock = lock_callback
        self._title = title
        self._disabled: list[QWidget] = []
        self._saved_title = ""
        self._saved_display_name = ""
        self.screen = NeutralScreen(self._neutral_title(), window)

        self.action = QAction(tr("Hide"), window)
        self.action.setObjectName("quickHideAction")
        self.action.setShortcuts([QKeySequence(s) for s in SHORTCUTS])
        self.action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.action.setToolTip(tr(HIDE_TOOLTIP))
        self.action.setStatusTip("")  # nothing written to the status bar on hover
        self.action.triggered.connect(self.toggle)
        window.addAction(self.action)  # the shortcut works whatever page or toolbar is shown
        self._add_button()
        window.installEventFilter(self)

    # -- public ---------------------------------------------------------------------------

    @property
    def is_hidden(self) -> bool:
        return self.screen.isVisible()

    def toggle(self) -> None:
        if self.is_hidden:
            self.dismiss()
        else:
            self.hide_now()

    def hide_now(self) -> None:
        """Neutral screen first, painted before this returns; then lock."""
        if not self.is_hidden:
            self._close_other_windows()
            self._cover()
        self.shown.emit()
        self._lock()

    def dismiss(self) -> None:
        if not self.is_hidden:
            return
        self.screen.wipe()
        self.screen.hide()
        for widget in self._disabled:
            widget.setEnabled(True)
        self._disabled = []
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.setApplicationDisplayName(self._saved_display_name)
        self._window.setWindowTitle(self._saved_title)
        page = getattr(self._window, "current_page", None)
        current = page() if callable(page) else None
        focus = getattr(current, "focus_first", None)
        if callable(focus):
            focus()
        self.dismissed.emit()

    # -- internals ------------------------------------------------------------------------

    def _neutral_title(self) -> str:
        title = self._title() if callable(self._title) else self._title
        return title or tr(DEFAULT_NEUTRAL_NAME)

    def _add_button(self) -> None:
        toolbar = getattr(self._window, "toolbar", None)
        if not isinstance(toolbar, QToolBar):
            toolbar = self._window.findChild(QToolBar)
        if toolbar is None:
            return
        # Just before Lock, at the right-hand end, where a hand on the mouse finds it.
        lock_action = getattr(self._window, "lock_action", None)
        if isinstance(lock_action, QAction) and lock_action in toolbar.actions():
            toolbar.insertAction(lock_action, self.action)
        else:
            toolbar.addAction(self.action)
        button = toolbar.widgetForAction(self.action)
        if button is not None:
            button.setObjectName("quickHideButton")
            button.setAccessibleName(tr("Hide screen"))
            button.setToolTip(tr(HIDE_TOOLTIP))

    def _close_other_windows(self) -> None:
        QToolTip.hideText()
        popup = QApplication.activePopupWidget()
        while popup is not None:
            popup.close()
            next_popup = QApplication.activePopupWidget()
            popup = None if next_popup is popup else next_popup
        for widget in QApplication.topLevelWidgets():
            if widget is self._window or not widget.isVisible():
                continue
            if isinstance(widget, QDialog):
                widget.reject()
            widget.hide()

    def _cover(self) -> None:
        window = self._window
        title = self._neutral_title()
        self._saved_title = window.windowTitle()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            self._saved_display_name = app.applicationDisplayName()
            app.setApplicationDisplayName(title)
        window.setWindowTitle(title)
        self.screen.set_title(title)
        self.screen.setGeometry(window.rect())
        self.screen.show()
        self.screen.raise_()
        # Everything under the screen stops taking keys and clicks (menus included).
        self._disabled = [
            child
            for child in window.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if child is not self.screen and child.isEnabled() and not child.isWindow()
        ]
        for child in self._disabled:
            child.setEnabled(False)
        self.screen.text.setFocus(Qt.FocusReason.OtherFocusReason)
        # Paint now, inside this call: the lock that follows must not run over a visible page.
        self.screen.repaint()
        window.repaint()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._window:
            if kind == QEvent.Type.Resize and self.is_hidden:
                self.screen.setGeometry(self._window.rect())
            elif kind == QEvent.Type.ChildPolished and self.is_hidden:
                self.screen.raise_()
            elif kind == QEvent.Type.ChildPolished and isinstance(event, QChildEvent):
                # A modal dialog blocks the window's shortcuts: give each dialog the action.
                child = event.child()
                if isinstance(child, QDialog) and self.action not in child.actions():
                    child.addAction(self.action)
        return False


def install_quick_hide(
    window: QMainWindow,
    lock_callback: Callable[[], None],
    *,
    title: Callable[[], str] | str = DEFAULT_NEUTRAL_NAME,
) -> QAction:
    """Add the quick-hide action (Ctrl+Shift+H, F12, and a Hide button on the window's toolbar).

    ``lock_callback`` is called right after the neutral screen is painted; pass the window's
    lock (e.g. ``window.lock``). ``title`` is the neutral name shown while hidden, or a function
    returning it (so a changed setting applies at the next hide). The ``QuickHide`` controller
    is ``action.parent()``'s child; reach it with ``quick_hide_of(window)``.
    """
    controller = QuickHide(window, lock_callback, title)
    return controller.action


def quick_hide_of(window: QMainWindow) -> QuickHide | None:
    return window.findChild(QuickHide)
