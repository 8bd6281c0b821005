"""The main window: a fixed title, menus (View, Reference), a toolbar with Lock, a message area
and a stack of pages.

Every text is set, in the interface language (``desktop.i18n.tr``), when a widget is built, and
the layout direction is taken from the application then too. A change of interface language
therefore builds a new window (``rebuild_for_language``) over the same unlocked service and the
same background worker; ``WindowHost`` keeps whichever window is current.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QChildEvent, QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import wording
from desktop.case_list_page import CaseListPage
from desktop.case_page import CasePage
from desktop.create_vault_page import CreateVaultPage
from desktop.i18n import tr
from desktop.idle_lock import IdleWatcher
from desktop.messages import MessageBar
from desktop.ops import Operations
from desktop.recovery_key_page import RecoveryKeyPage
from desktop.recovery_unlock_page import RecoveryUnlockPage
from desktop.reference_page import REFERENCES, ReferencePage
from desktop.screening_wizard import ScreeningWizard
from desktop.unlock_page import UnlockPage
from desktop.view_settings import ViewSettings
from screening_tools.service import ScreeningService

IDLE_LOCK_MINUTES = 5.0


class MainWindow(QMainWindow):
    # The title never changes (and is not translated): nothing about a person or a case may
    # appear in a window title, a task bar or a window switcher.
    TITLE = wording.APP_TITLE

    # The window that took this one's place after a change of interface language.
    replaced = Signal(object)

    def __init__(
        self,
        service: ScreeningService,
        *,
        idle_lock_minutes: float = IDLE_LOCK_MINUTES,
        settings: QSettings | None = None,
        install_guards: bool = True,
        ops: Operations | None = None,
        view: ViewSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.TITLE)
        self.resize(1180, 780)
        self.setMinimumSize(960, 600)
        self.service = service
        # A window built in place of another (new interface language) takes over its worker,
        # so queued saves keep running in order.
        if ops is None:
            ops = Operations(self)
        else:
            ops.setParent(self)
        self.ops = ops
        self.host: WindowHost | None = None
        self.idle_lock_minutes = idle_lock_minutes
        self._settings = settings
        self._install_guards = install_guards
        self._closed = False
        self._before_reference: QWidget | None = None
        if view is None:
            view = ViewSettings(settings, self)
        else:
            view.setParent(self)
        self.view = view
        self.view.apply()

        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.messages = MessageBar()
        layout.addWidget(self.messages)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.create_page = CreateVaultPage(service, self.ops)
        self.recovery_key_page = RecoveryKeyPage()
        self.unlock_page = UnlockPage(service, self.ops)
        self.recovery_unlock_page = RecoveryUnlockPage(service, self.ops)
        self.case_list_page = CaseListPage(service, self.ops)
        self.case_page = CasePage(service, self.ops)
        self.wizard = ScreeningWizard(service, self.ops)
        self.reference_page = ReferencePage(service, self.ops)
        self.pages: list[QWidget] = [
            self.create_page,
            self.recovery_key_page,
            self.unlock_page,
            self.recovery_unlock_page,
            self.case_list_page,
            self.case_page,
            self.wizard,
            self.reference_page,
        ]
        for page in self.pages:
            self.stack.addWidget(page)
        self._connect_pages()

        self.ops.failed.connect(self.messages.show_error)
        self.ops.busy_changed.connect(self._set_busy)
        self.idle = IdleWatcher(idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)

        # Built on first use (a supervisor's tab set): start-up only pays for what it shows.
        self.supervision: QWidget | None = None

        from desktop.admin_entry import install_hardening
        from desktop.settings_dialog import open_settings

        # Quick hide, the session/suspend watch, the clipboard guard, neutral names, Tools menu.
        # (Tests of those pieces install them on a window built without them.)
        self.hardening = (
            install_hardening(self, store=settings if settings is not None else open_settings())
            if install_guards
            else None
        )

        if service.is_unlocked:
            self._unlocked()
        elif service.vault_exists():
            self._show(self.unlock_page)
        else:
            self._show(self.create_page)

    # -- construction ---------------------------------------------------------------------

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        view = menu_bar.addMenu(tr("&View"))
        view.setAccessibleName(tr("View"))
        self.zoom_in_action = self._action(
            view,
            tr("Larger text"),
            self.view.zoom_in,
            ["Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn],
        )
        self.zoom_out_action = self._action(
            view,
            tr("Smaller text"),
            self.view.zoom_out,
            ["Ctrl+-", QKeySequence.StandardKey.ZoomOut],
        )
        self.zoom_reset_action = self._action(
            view, tr("Actual size"), self.view.reset_zoom, ["Ctrl+0"]
        )
        view.addSeparator()
        self.contrast_action = QAction(tr("High contrast"), self)
        self.contrast_action.setCheckable(True)
        self.contrast_action.setChecked(self.view.high_contrast)
        self.contrast_action.toggled.connect(self.view.set_high_contrast)
        view.addAction(self.contrast_action)

        reference = menu_bar.addMenu(tr("&Reference"))
        reference.setAccessibleName(tr("Reference"))
        self.reference_actions: dict[str, QAction] = {}
        for instrument_id, title in REFERENCES:
            action = QAction(tr(title), self)
            action.triggered.connect(lambda _checked=False, i=instrument_id: self.show_reference(i))
            reference.addAction(action)
            self.reference_actions[instrument_id] = action
        self.reference_menu = reference
        for extension in menu_bar.findChildren(QToolButton):
            extension.setAccessibleName(tr("More menus"))

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], None],
        shortcuts: list[str | QKeySequence.StandardKey],
    ) -> QAction:
        action = QAction(text, self)
        sequences: list[QKeySequence] = []
        for shortcut in shortcuts:
            for sequence in (
                QKeySequence.keyBindings(shortcut)
                if isinstance(shortcut, QKeySequence.StandardKey)
                else [QKeySequence(shortcut)]
            ):
                if sequence not in sequences:
                    sequences.append(sequence)
        action.setShortcuts(sequences)
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(tr("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.toggleViewAction().setEnabled(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        app_name = QLabel(tr(wording.APP_TITLE))
        app_name.setObjectName("appName")
        toolbar.addWidget(app_name)
        self.cases_action = QAction(tr("Cases"), self)
        self.cases_action.setToolTip(tr("Show all cases"))
        self.cases_action.triggered.connect(self.show_cases)
        toolbar.addAction(self.cases_action)
        self.supervision_action = QAction(tr("Supervision"), self)
        self.supervision_action.setToolTip(
            tr("All cases, review, referrals, partners, statistics and the packet inbox")
        )
        self.supervision_action.triggered.connect(self.show_supervision)
        toolbar.addAction(self.supervision_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.lock_action = QAction(tr("Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.setToolTip(tr("Lock now and clear the screen (Ctrl+L)"))
        self.lock_action.triggered.connect(self.lock)
        toolbar.addAction(self.lock_action)
        for action, name in (
            (self.cases_action, tr("Show all cases")),
            (self.supervision_action, tr("Supervision")),
            (self.lock_action, tr("Lock")),
        ):
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(name)
                button.setObjectName("lockButton" if action is self.lock_action else "casesButton")
        for extension in toolbar.findChildren(QToolButton, "qt_toolbar_ext_button"):
            extension.setAccessibleName(tr("More tools"))
        self.toolbar = toolbar

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        self.busy_label = QLabel(tr("Working…"))
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setMaximumHeight(10)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(tr("Working"))
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.busy_bar)
        self._set_busy(self.ops.is_busy())

    def _connect_pages(self) -> None:
        self.create_page.created.connect(self._vault_created)
        self.recovery_key_page.finished.connect(self._unlocked)
        self.unlock_page.unlocked.connect(self._unlocked)
        self.unlock_page.forgot.connect(lambda: self._show(self.recovery_unlock_page))
        self.recovery_unlock_page.unlocked.connect(self._unlocked)
        self.recovery_unlock_page.cancelled.connect(lambda: self._show(self.unlock_page))
        self.case_list_page.open_case.connect(self.show_case)
        self.case_page.back.connect(self.show_cases)
        self.case_page.open_screening.connect(self.show_screening)
        self.wizard.back.connect(self.show_case)
        self.wizard.paused.connect(self._session_paused)
        self.reference_page.back.connect(self._reference_back)

    # -- navigation -----------------------------------------------------------------------

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def show_cases(self) -> None:
        if not self.service.is_unlocked:
            return
        self.case_list_page.refresh()
        self._show(self.case_list_page)

    def show_supervision(self) -> None:
        """The supervisor's tabs (built the first time). The core enforces the role anyway."""
        if not self.service.is_unlocked:
            return
        if self.supervision is None:
            from desktop.supervisor_entry import SupervisorHub

            hub = SupervisorHub(self.service, self.ops)
            hub.open_case.connect(self.show_case)
            self.supervision = hub
            self.pages.append(hub)
            self.stack.addWidget(hub)
        refresh = getattr(self.supervision, "refresh", None)
        if callable(refresh):
            refresh()
        self._show(self.supervision)

    def show_case(self, reference: str) -> None:
        self.case_page.load(reference)
        self._show(self.case_page)

    def show_screening(self, reference: str, screening_id: int) -> None:
        self.wizard.load(reference, screening_id)
        self._show(self.wizard)

    def show_reference(self, instrument_id: str) -> None:
        if not self.service.is_unlocked:
            return
        current = self.current_page()
        if current is not self.reference_page:
            self._before_reference = current
        self.reference_page.load(instrument_id)
        self._show(self.reference_page)

    def _reference_back(self) -> None:
        previous = self._before_reference
        self._before_reference = None
        if previous is None or previous not in self.pages or not self.service.is_unlocked:
            self.show_cases()
            return
        # Back where the worker was, as it was: a session in progress is not reloaded.
        self._show(previous, keep_messages=True)

    def _session_paused(self, reference: str) -> None:
        self.show_case(reference)
        self.messages.show_info(tr(wording.PAUSED_NOTICE))

    def _show(self, page: QWidget, *, keep_messages: bool = False) -> None:
        if not keep_messages:
            self.messages.clear()
        self.stack.setCurrentWidget(page)
        unlocked = page not in (
            self.create_page,
            self.unlock_page,
            self.recovery_unlock_page,
            self.recovery_key_page,
        )
        # Locked screens show no navigation at all; Lock is there whenever the vault is open.
        self.cases_action.setVisible(unlocked)
        self.supervision_action.setVisible(unlocked and self._is_supervisor())
        # Like the toolbar, the locked screens offer no way into the app: Reference is hidden.
        self.reference_menu.menuAction().setVisible(unlocked)
        for action in self.reference_actions.values():
            action.setEnabled(unlocked)
        self.lock_action.setVisible(unlocked or page is self.recovery_key_page)
        focus = getattr(page, "focus_first", None)
        if callable(focus):
            focus()

    def _is_supervisor(self) -> bool:
        from screening_tools.domain import Role

        try:
            return bool(
                self.service.is_unlocked and self.service.current_user.role is Role.SUPERVISOR
            )
        except Exception:  # locked between the check and the read: hide it
            return False

    def _vault_created(self, recovery_key: str) -> None:
        self.recovery_key_page.show_key(recovery_key)
        # No idle lock yet: locking here would take the one-time key off the screen for good.
        self._show(self.recovery_key_page)

    def _unlocked(self) -> None:
        self.idle.start()
        self.show_cases()

    # -- locking --------------------------------------------------------------------------

    def lock(self) -> None:
        """Clear every page at once, then lock the vault on the worker after queued saves."""
        if self._closed:
            return  # shut down, or replaced by a window in another language
        self.idle.stop()
        self._before_reference = None
        self.ops.invalidate()
        for dialog in self.findChildren(QDialog):
            dialog.reject()
        for page in self.pages:
            clear = getattr(page, "clear", None)
            if callable(clear):
                clear()
        clipboard = QGuiApplication.clipboard()
        # If anything was copied from the app (a note, a name), do not leave it behind.
        if clipboard is not None and clipboard.ownsClipboard():
            clipboard.clear()
        self.ops.run(self.service.lock)
        self._show(self.unlock_page)

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.idle.stop()
        self.ops.invalidate()
        self.ops.run(self.service.lock)
        self.ops.shutdown()

    # -- interface language ---------------------------------------------------------------

    def rebuild_for_language(self) -> MainWindow:
        """Build this window again in the current interface language (``set_language`` was
        called) and put the new window in its place; returns the new window.

        Texts and the layout direction are applied when widgets are built (and a shown window
        is not re-mirrored when the direction changes), so the whole window is built anew: over
        the same service (the vault stays as it is: unlocked stays unlocked), the same
        background worker and the same display settings. The new window shows the case list
        when the vault is open. Pages are built empty, so call this only where nothing typed is
        pending (the settings dialog asks first unless the case list is shown).
        """
        host = self.host if self.host is not None else WindowHost(self)
        maximised = self.isMaximized()
        geometry = self.geometry()
        self._retire()
        successor = MainWindow(
            self.service,
            idle_lock_minutes=self.idle_lock_minutes,
            settings=self._settings,
            install_guards=self._install_guards,
            ops=self.ops,
            view=self.view,
        )
        successor.host = host
        host.window = successor
        successor.setGeometry(geometry)
        if maximised:
            successor.showMaximized()
        else:
            successor.show()
        self.hide()
        self.replaced.emit(successor)
        self.deleteLater()
        return successor

    def _retire(self) -> None:
        """Stop everything here that could act on the shared service, without locking it."""
        self._closed = True  # shutdown() and lock() do nothing from now on
        self.idle.stop()
        if self.hardening is not None:
            self.hardening.session_watch.stop()
        self.ops.failed.disconnect(self.messages.show_error)
        self.ops.busy_changed.disconnect(self._set_busy)
        # Results of jobs queued by this window's pages must not reach widgets about to go.
        self.ops.invalidate()
        for dialog in self.findChildren(QDialog):
            dialog.reject()

    def childEvent(self, event: QChildEvent) -> None:
        super().childEvent(event)
        # A modal dialog blocks the window's shortcuts: give every dialog the Lock action, so
        # Ctrl+L locks from anywhere.
        lock_action = getattr(self, "lock_action", None)
        if event.type() == QEvent.Type.ChildPolished and lock_action is not None:
            child = event.child()
            if isinstance(child, QDialog) and lock_action not in child.actions():
                child.addAction(lock_action)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    # -- status ---------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)


class WindowHost(QObject):
    """Holds the application's current main window (a window built in place of another after a
    change of interface language replaces it here), so the application quits through the
    current one. Owned by the application object."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(QApplication.instance())
        self.window = window
        window.host = self

    def shutdown(self) -> None:
        self.window.shutdown()
