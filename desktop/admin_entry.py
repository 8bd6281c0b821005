"""Entry points for the main window: the admin actions (settings, users, audit log, backup,
restore) and the hardening (quick hide, session watch, clipboard clearing, neutral names).

Everything here works on an unchanged ``MainWindow`` through its public attributes (``service``,
``ops``, ``messages``, ``stack``, ``lock``, ``current_page``, the page attributes), so the window
only needs one call:

    from desktop.admin_entry import install_hardening
    install_hardening(self, store=settings)       # at the end of MainWindow.__init__

or the pieces separately: ``build_admin_actions``, ``install_quick_hide``,
``install_session_watch``, ``install_clipboard_guard``.

Supervisor pages open in dialogs over the window (a lock closes every dialog, so they can never
outlive the vault being open). The pages are plain widgets with ``refresh``/``clear``/
``focus_first`` and a ``back`` signal, so they can move into the window's page stack later.

The GUI hides what a role cannot do; the core checks the role on every call regardless.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QVBoxLayout, QWidget

from desktop import clipboard_guard
from desktop.audit_page import AuditPage
from desktop.backup_dialogs import RestoreDialog, RestoreRequest, backup_vault, run_restore
from desktop.i18n import tr
from desktop.ops import Operations
from desktop.quick_hide import QuickHide, install_quick_hide
from desktop.session_watch import SessionWatch, install_session_watch
from desktop.settings_dialog import (
    GuiSettings,
    apply_names,
    open_settings,
    open_settings_dialog,
    window_is_unlocked,
)
from desktop.users_page import UsersPage
from screening_tools.domain import Role
from screening_tools.errors import ScreeningError
from screening_tools.service import ScreeningService

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


class PageDialog(QDialog):
    """A supervisor page in a window of its own, with Close; cleared when it closes."""

    def __init__(self, page: UsersPage | AuditPage, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.page = page
        self.setWindowTitle(title)  # fixed and neutral
        self.setModal(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1120, 700)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 12)
        layout.addWidget(page, 1)
        buttons = QDialogButtonBox()
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(tr("Close"))
        buttons.rejected.connect(self.reject)
        row = QVBoxLayout()
        row.setContentsMargins(32, 0, 32, 0)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.finished.connect(lambda _result: page.clear())


class AdminActions(QObject):
    """The admin actions, shown or hidden by lock state and role."""

    def __init__(
        self,
        window: MainWindow,
        service: ScreeningService,
        ops: Operations,
        store: QSettings | None = None,
    ) -> None:
        super().__init__(window)
        self.setObjectName("adminActions")
        self._window = window
        self._service = service
        self._ops = ops
        self._store = store if store is not None else open_settings()
        self.settings_action = self._action(
            "Settings", tr("Settings…"), tr("Settings"), self.open_settings
        )
        self.users_action = self._action("Users", tr("Users…"), tr("Users"), self.open_users)
        self.audit_action = self._action(
            "AuditLog", tr("Audit log…"), tr("Audit log"), self.open_audit
        )
        self.backup_action = self._action(
            "BackUpTheVault", tr("Back up vault…"), tr("Back up the vault"), self.backup
        )
        self.restore_action = self._action(
            "RestoreFromABackup",
            tr("Restore from backup…"),
            tr("Restore from a backup"),
            self.restore,
        )
        self.supervisor_only = (self.users_action, self.audit_action, self.restore_action)
        self.actions = [
            self.settings_action,
            self.users_action,
            self.audit_action,
            self.backup_action,
            self.restore_action,
        ]
        self.menu: QMenu | None = None
        window.stack.currentChanged.connect(self.update)
        self.update()

    def _action(self, key: str, text: str, tooltip: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(f"admin{key}Action")  # not translated: tests and tools find it
        action.setToolTip(tooltip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # -- visibility -----------------------------------------------------------------------

    def _is_supervisor(self) -> bool:
        try:
            return self._service.can(Role.SUPERVISOR)
        except ScreeningError:  # locked meanwhile
            return False

    def update(self, *_args: object) -> None:
        unlocked = window_is_unlocked(self._window)
        supervisor = unlocked and self._is_supervisor()
        for action in self.actions:
            visible = supervisor if action in self.supervisor_only else unlocked
            action.setVisible(visible)
            action.setEnabled(visible)
        if self.menu is not None:
            self.menu.menuAction().setVisible(unlocked)

    def add_menu(self, title: str | None = None) -> QMenu:
        """A menu on the window's menu bar with every action (hidden while locked)."""
        if title is None:
            title = tr("&Tools")
        menu = self._window.menuBar().addMenu(title)
        menu.setAccessibleName(title.replace("&", ""))
        menu.addAction(self.settings_action)
        menu.addSeparator()
        menu.addAction(self.users_action)
        menu.addAction(self.audit_action)
        menu.addSeparator()
        menu.addAction(self.backup_action)
        menu.addAction(self.restore_action)
        self.menu = menu
        self.update()
        return menu

    # -- actions --------------------------------------------------------------------------

    def _allowed(self, supervisor: bool = False) -> bool:
        return window_is_unlocked(self._window) and (not supervisor or self._is_supervisor())

    def open_settings(self) -> QDialog | None:
        if not self._allowed():
            return None
        return open_settings_dialog(self._window, self._store)

    def open_users(self) -> PageDialog | None:
        if not self._allowed(supervisor=True):
            return None
        page = UsersPage(self._service, self._ops)
        return self._open_page(page, tr("Users"))

    def open_audit(self) -> PageDialog | None:
        if not self._allowed(supervisor=True):
            return None
        page = AuditPage(self._service, self._ops)
        return self._open_page(page, tr("Audit log"))

    def _open_page(self, page: UsersPage | AuditPage, title: str) -> PageDialog:
        dialog = PageDialog(page, title, self._window)
        dialog.open()
        page.refresh()
        page.focus_first()
        return dialog

    def backup(self) -> None:
        if self._allowed():
            backup_vault(self._window, self._service, self._ops, self._window.messages.show_info)

    def restore(self) -> RestoreDialog | None:
        if not self._allowed(supervisor=True):
            return None
        dialog = RestoreDialog(self._window)
        dialog.requested.connect(self._run_restore)
        dialog.open()
        return dialog

    def _run_restore(self, request: object) -> None:
        assert isinstance(request, RestoreRequest)
        if request.replace:
            self._window.lock()  # clear every page first: they show the vault being replaced
        run_restore(self._service, self._ops, request, self._window.messages.show_info)


def build_admin_actions(
    window: MainWindow, service: ScreeningService, ops: Operations
) -> list[QAction]:
    """Settings, Users, Audit log, Back up, Restore — for a menu or toolbar of the window.

    They hide themselves while the vault is locked, and Users, Audit log and Restore also for
    a worker; they update whenever the window changes page (every lock and unlock does)."""
    return AdminActions(window, service, ops).actions


def admin_actions_of(window: MainWindow) -> AdminActions | None:
    return window.findChild(AdminActions, "adminActions")


def install_clipboard_guard(window: MainWindow) -> None:
    """Clear what ``copy_sensitive`` put on the clipboard whenever the window shows the unlock
    screen (every lock, however it was triggered) and when the application quits."""
    clipboard_guard.guard()  # created now, so it clears on quit

    def page_changed(_index: int) -> None:
        if window.current_page() is window.unlock_page:
            clipboard_guard.clear_sensitive()

    window.stack.currentChanged.connect(page_changed)


@dataclass
class Hardening:
    admin: AdminActions
    quick_hide: QuickHide
    session_watch: SessionWatch
    settings: GuiSettings


def install_hardening(
    window: MainWindow,
    *,
    store: QSettings | None = None,
    admin_menu: bool = True,
    session_options: dict[str, object] | None = None,
) -> Hardening:
    """Everything in one call, for the end of ``MainWindow.__init__``.

    Applies the saved neutral names; adds quick hide (toolbar button, Ctrl+Shift+H, F12), the
    session watch (sleep / session lock), the clipboard guard, and the admin actions (in a
    Tools menu unless ``admin_menu`` is False). The idle minutes are not applied here: pass
    ``GuiSettings.load(store).idle_minutes`` as ``MainWindow(idle_lock_minutes=...)``; the
    settings dialog applies a change at once.
    """
    store = store if store is not None else open_settings()
    settings = GuiSettings.load(store)
    apply_names(window, settings)

    def lock_if_open() -> None:
        clipboard_guard.clear_sensitive()
        # Only an open vault is locked: on a first run, "locking" would show an unlock screen
        # for a vault that does not exist yet.
        if window.service.is_unlocked:
            window.lock()

    def hide_title() -> str:
        return GuiSettings.load(store).hide_title

    install_quick_hide(window, lock_if_open, title=hide_title)
    quick = window.findChild(QuickHide)
    assert quick is not None
    watch = install_session_watch(
        window,
        lock_if_open,
        active=lambda: window.service.is_unlocked,
        **(session_options or {}),
    )
    install_clipboard_guard(window)
    admin = AdminActions(window, window.service, window.ops, store)
    if admin_menu:
        admin.add_menu()
    return Hardening(admin, quick, watch, settings)
