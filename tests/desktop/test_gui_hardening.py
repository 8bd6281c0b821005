"""Vault hardening in the GUI: quick hide, auto-lock, session watch, clipboard clearing, the
settings dialog, users and audit pages for supervisors only, backup and restore, and the unlock
back-off — each through real widgets on a real vault."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import (
    PASSPHRASE,
    TIMEOUT,
    create_vault,
    interactive_without_name,
    lock,
    new_case,
    open_dialog,
    unlock,
    wait_idle,
    widget_texts,
)
from hardening_helpers import NeutralApp, neutral_identity
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QFileDialog,
    QToolButton,
    QWidget,
)

from desktop import confirm
from desktop.admin_entry import (
    AdminActions,
    Hardening,
    PageDialog,
    build_admin_actions,
    install_hardening,
)
from desktop.audit_page import AuditPage
from desktop.backup_dialogs import RestoreDialog, default_backup_name
from desktop.clipboard_guard import clear_sensitive, copy_sensitive
from desktop.main_window import MainWindow
from desktop.new_case_dialog import NewCaseDialog
from desktop.quick_hide import QuickHide, install_quick_hide
from desktop.session_watch import SessionWatch, session_object_path
from desktop.settings_dialog import (
    KEYS,
    GuiSettings,
    SettingsDialog,
    open_settings_dialog,
    set_idle_minutes,
)
from desktop.users_page import UsersPage
from screening_tools.domain import Role
from screening_tools.vault import vault_exists

SENTINEL_NAME = "Ulvareth Quenmoss"
WORKER_PASS = "amber tortoise violin harbour"
NEW_USER_PASS = "olive lantern marble quarry"
# Words that would tell an onlooker what the app is for.
REVEALING = ("frontline", "screening", "vault", "case", "referral", "trafficking", "lock")

# The window fixture builds a window without the guards; these tests install them.
INSTALLS_GUARDS_ITSELF = True


@pytest.fixture
def neutral_app(qapp: QApplication, tmp_path: Path) -> Iterator[NeutralApp]:
    with neutral_identity(qapp, tmp_path) as env:
        yield env


@pytest.fixture
def hardened(window: MainWindow, neutral_app: NeutralApp) -> Hardening:
    return install_hardening(window, store=neutral_app.store, session_options={"use_dbus": False})


def _supervisor_window(qtbot: Any, window: MainWindow) -> None:
    create_vault(qtbot, window)


def _button(window: MainWindow, name: str) -> QToolButton:
    buttons = [b for b in window.findChildren(QToolButton) if b.accessibleName() == name]
    assert len(buttons) == 1, name
    return buttons[0]


def _identical(first: QWidget, second: QWidget) -> bool:
    rgb = QImage.Format.Format_RGB32
    return first.grab().toImage().convertToFormat(rgb) == second.grab().toImage().convertToFormat(
        rgb
    )


# -- quick hide ------------------------------------------------------------------------------


def test_quick_hide_covers_first_then_locks(qtbot, window: MainWindow, neutral_app) -> None:  # type: ignore[no-untyped-def]
    _supervisor_window(qtbot, window)
    new_case(qtbot, window, name=SENTINEL_NAME)
    qtbot.mouseClick(window.case_page.name_toggle, Qt.MouseButton.LeftButton)
    assert SENTINEL_NAME in window.case_page.name_label.text()  # on screen now

    seen_at_lock: list[bool] = []

    def lock_callback() -> None:
        # Called after the neutral screen went up: the window already shows only that.
        quick = window.findChild(QuickHide)
        assert quick is not None
        seen_at_lock.append(quick.is_hidden and _identical(window, quick.screen))
        window.lock()

    action = install_quick_hide(window, lock_callback)
    quick = window.findChild(QuickHide)
    assert quick is not None and action is quick.action
    assert [s.toString() for s in action.shortcuts()] == ["Ctrl+Shift+H", "F12"]
    quick.screen.text.setCursorWidth(0)  # a blinking cursor would make two grabs differ

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
    target = QApplication.focusWidget() or window
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(target, Qt.Key.Key_H, both)
    # Straight after the key press, before the lock job has run on the worker:
    assert seen_at_lock == [True]
    assert quick.is_hidden
    assert quick.screen.geometry() == window.rect()
    assert _identical(window, quick.screen)  # nothing else shows through
    shown = " ".join(widget_texts(quick.screen)).lower()
    assert SENTINEL_NAME.lower() not in shown
    for word in REVEALING:
        assert word not in shown, word
    assert window.windowTitle() == "Notes"
    assert QGuiApplication.applicationDisplayName() == "Notes"
    assert QApplication.focusWidget() is quick.screen.text  # typing goes nowhere sensitive
    central = window.centralWidget()
    assert central is not None and not central.isEnabled() and not window.menuBar().isEnabled()

    wait_idle(qtbot, window)
    assert not window.service.is_unlocked
    assert SENTINEL_NAME not in " ".join(widget_texts(window))

    # The same key again: back to the unlock screen, and what was typed is gone.
    qtbot.keyClicks(quick.screen.text, "shopping: milk")
    qtbot.keyClick(quick.screen.text, Qt.Key.Key_F12)
    assert not quick.is_hidden
    assert quick.screen.text.toPlainText() == ""
    assert window.current_page() is window.unlock_page
    assert central.isEnabled()
    assert window.windowTitle() == MainWindow.TITLE


def test_hide_button_closes_dialogs_and_the_vault(qtbot, window: MainWindow, hardened) -> None:  # type: ignore[no-untyped-def]
    _supervisor_window(qtbot, window)
    hide = _button(window, "Hide screen")
    assert hide.isVisible() and "F12" in hide.toolTip()
    qtbot.mouseClick(window.case_list_page.new_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(window)
    qtbot.keyClicks(dialog.name, SENTINEL_NAME)
    # The dialog is modal; the shortcut still reaches the app from inside it.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=TIMEOUT)
    qtbot.keyClick(dialog.name, Qt.Key.Key_F12)
    assert hardened.quick_hide.is_hidden
    assert not any(d.isVisible() for d in window.findChildren(NewCaseDialog))
    wait_idle(qtbot, window)
    assert not window.service.is_unlocked
    assert SENTINEL_NAME not in " ".join(widget_texts(window))
    hardened.quick_hide.dismiss()
    # The button itself hides too (it is on the toolbar when the vault is locked as well).
    qtbot.mouseClick(hide, Qt.MouseButton.LeftButton)
    assert hardened.quick_hide.is_hidden


def test_quick_hide_on_first_run_does_not_pretend_to_lock(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, hardened
) -> None:
    hardened.quick_hide.hide_now()
    assert hardened.quick_hide.is_hidden
    hardened.quick_hide.dismiss()
    assert window.current_page() is window.create_page


# -- auto-lock and session watch -------------------------------------------------------------


def test_auto_lock_after_a_short_idle_time(qtbot, window: MainWindow, hardened) -> None:  # type: ignore[no-untyped-def]
    _supervisor_window(qtbot, window)
    set_idle_minutes(window, 0.3 / 60)  # 0.3 s
    qtbot.waitUntil(lambda: window.current_page() is window.unlock_page, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    assert not window.service.is_unlocked
    # While locked the watcher does not run; after unlocking it starts again.
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.current_page() is window.unlock_page, timeout=TIMEOUT)


def test_session_watch_locks_on_app_suspend_and_clock_gap(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    reasons: list[str] = []
    watch = SessionWatch(
        lambda: None, use_dbus=False, clock_tick_seconds=0.05, clock_gap_seconds=0.3
    )
    watch.locked.connect(reasons.append)
    assert watch.sources == ["app-state", "clock"]
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    qtbot.wait(200)
    assert reasons == []
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert reasons == ["app-suspended"]
    # A machine asleep: the event loop does not run, the wall clock moves on.
    watch._last_lock = -1e9
    time.sleep(0.6)
    qtbot.waitUntil(lambda: reasons[-1:] == ["resumed"], timeout=TIMEOUT)
    watch.stop()


def test_session_watch_asks_before_locking(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    watch = SessionWatch(lambda: calls.append(1), use_dbus=False, active=lambda: False)
    watch.trigger("suspend")
    assert calls == []
    watch.stop()


def test_session_object_path_escapes_like_systemd() -> None:
    assert session_object_path("2") == "/org/freedesktop/login1/session/_32"
    assert session_object_path("c12") == "/org/freedesktop/login1/session/c12"
    assert session_object_path("a-b") == "/org/freedesktop/login1/session/a_2db"
    assert session_object_path("") is None


@pytest.fixture
def private_bus() -> Iterator[str]:
    """A private D-Bus daemon standing in for the system and session buses."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        if not address:
            pytest.skip("dbus-daemon did not start")
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_session_watch_over_dbus(qtbot, private_bus: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVariant, QDBusVirtualObject

    import desktop.session_watch as session_watch

    tag = uuid.uuid4().hex[:8]
    watch_bus = QDBusConnection.connectToBus(private_bus, f"watch-{tag}")
    login1 = QDBusConnection.connectToBus(private_bus, f"login1-{tag}")
    stranger = QDBusConnection.connectToBus(private_bus, f"stranger-{tag}")
    assert watch_bus.isConnected() and login1.isConnected()
    assert login1.registerService("org.freedesktop.login1")
    assert login1.registerService("org.gnome.ScreenSaver")
    ours = session_object_path("c7")
    assert ours is not None

    class FakeSession(QDBusVirtualObject):
        """Answers Properties.Get(LockedHint) = true, as logind does on a locked session."""

        def introspect(self, path: str) -> str:
            return ""

        def handleMessage(self, message: Any, connection: Any) -> bool:
            reply = message.createReply()
            reply.setArguments([QDBusVariant(True)])
            connection.send(reply)
            return True

    fake = FakeSession()
    assert login1.registerVirtualObject(ours, fake)

    reasons: list[str] = []
    watch = SessionWatch(
        lambda: None,
        system_bus=watch_bus,
        session_bus=watch_bus,
        session_id="c7",
        clock_tick_seconds=60,
    )
    watch.locked.connect(reasons.append)
    assert {"logind", "screensaver"} <= set(watch.sources)
    session_watch_debounce = session_watch.DEBOUNCE_SECONDS
    session_watch.DEBOUNCE_SECONDS = 0.0
    try:

        def signal(bus: Any, path: str, interface: str, name: str, *args: object) -> None:
            message = QDBusMessage.createSignal(path, interface, name)
            message.setArguments(list(args))
            assert bus.send(message)

        manager = ("/org/freedesktop/login1", "org.freedesktop.login1.Manager")
        signal(login1, *manager, "PrepareForSleep", False)  # waking up: nothing to do
        signal(stranger, *manager, "PrepareForSleep", True)  # not logind: ignored
        signal(
            login1, "/org/freedesktop/login1/session/c8", "org.freedesktop.login1.Session", "Lock"
        )
        qtbot.wait(300)
        assert reasons == []
        signal(login1, *manager, "PrepareForSleep", True)
        qtbot.waitUntil(lambda: reasons == ["suspend"], timeout=TIMEOUT)
        signal(login1, ours, "org.freedesktop.login1.Session", "Lock")
        qtbot.waitUntil(lambda: reasons[-1:] == ["session-locked"], timeout=TIMEOUT)
        reasons.clear()
        signal(
            login1,
            ours,
            "org.freedesktop.DBus.Properties",
            "PropertiesChanged",
            "org.freedesktop.login1.Session",
            {"LockedHint": QDBusVariant(True)},
            ["IdleHint"],
        )
        qtbot.waitUntil(lambda: reasons == ["session-locked"], timeout=TIMEOUT)
        signal(login1, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", True)
        qtbot.waitUntil(lambda: reasons[-1:] == ["screensaver"], timeout=TIMEOUT)
        # Badly typed arguments do not crash the app (typed D-Bus slots would abort it).
        signal(login1, *manager, "PrepareForSleep", "yes", 3)
        qtbot.wait(200)
    finally:
        session_watch.DEBOUNCE_SECONDS = session_watch_debounce
        watch.stop()
        for name in (f"watch-{tag}", f"login1-{tag}", f"stranger-{tag}"):
            QDBusConnection.disconnectFromBus(name)


def test_hardening_locks_the_window_on_suspend(qtbot, window: MainWindow, hardened) -> None:  # type: ignore[no-untyped-def]
    _supervisor_window(qtbot, window)
    hardened.session_watch.trigger("suspend")
    qtbot.waitUntil(lambda: window.current_page() is window.unlock_page, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    assert not window.service.is_unlocked


# -- clipboard -------------------------------------------------------------------------------


def test_clipboard_cleared_after_a_short_delay(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    clipboard = QGuiApplication.clipboard()
    copy_sensitive(SENTINEL_NAME, seconds=0.2)
    assert clipboard.text() == SENTINEL_NAME
    mime = clipboard.mimeData()
    assert mime is not None and bytes(mime.data("x-kde-passwordManagerHint").data()) == b"secret"
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=TIMEOUT)


def test_clipboard_left_alone_when_something_else_was_copied(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    clipboard = QGuiApplication.clipboard()
    copy_sensitive(SENTINEL_NAME, seconds=0.2)
    clipboard.setText("the worker's own text")
    qtbot.wait(500)
    assert clipboard.text() == "the worker's own text"
    assert clear_sensitive() is False
    clipboard.clear()


def test_clipboard_cleared_on_lock(qtbot, window: MainWindow, hardened) -> None:  # type: ignore[no-untyped-def]
    _supervisor_window(qtbot, window)
    copy_sensitive(SENTINEL_NAME, seconds=600)
    assert QGuiApplication.clipboard().text() == SENTINEL_NAME
    lock(qtbot, window)
    assert QGuiApplication.clipboard().text() == ""


# -- settings --------------------------------------------------------------------------------


def _settings_dialog(window: MainWindow) -> SettingsDialog:
    dialogs = [d for d in window.findChildren(SettingsDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_settings_change_idle_time_and_neutral_names(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, hardened, neutral_app
) -> None:
    _supervisor_window(qtbot, window)
    assert window.windowTitle() == "Frontline Screening"  # neutral names are off by default
    hardened.admin.settings_action.trigger()
    dialog = _settings_dialog(window)
    assert dialog.idle_minutes.value() == 5
    assert not dialog.window_title.isEnabled()
    assert not dialog.destroy_check.isChecked()  # off by default
    dialog.idle_minutes.setValue(7)
    qtbot.mouseClick(dialog.neutral, Qt.MouseButton.LeftButton)
    assert dialog.window_title.isEnabled()
    dialog.window_title.clear()
    qtbot.keyClicks(dialog.window_title, "  Shopping   list ")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT)

    assert window.windowTitle() == "Shopping list"
    assert QGuiApplication.applicationDisplayName() == "Notes"
    assert QGuiApplication.desktopFileName() == "plain-notes"
    assert window.idle._timer.interval() == 7 * 60_000
    assert window.idle._timer.isActive()
    saved = GuiSettings.load(neutral_app.store)
    assert saved == GuiSettings(7, True, "Notes", "Shopping list")
    # The settings file: a neutral path, and nothing but these settings in it.
    path = Path(neutral_app.store.fileName())
    assert path == Path(QSettings().fileName())
    assert "frontline" not in str(path).lower() and "screening" not in str(path).lower()
    assert set(QSettings(str(path), QSettings.Format.IniFormat).allKeys()) <= set(KEYS)
    # The quick-hide screen uses the neutral title chosen.
    hardened.quick_hide.hide_now()
    assert window.windowTitle() == "Shopping list"
    hardened.quick_hide.dismiss()


def test_destroy_setting_needs_confirmation(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, hardened, monkeypatch
) -> None:
    _supervisor_window(qtbot, window)
    answers: list[bool] = [False, True]
    asked: list[str] = []

    def ask(_parent: object, _title: str, text: str, _yes: str, _no: str = "") -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(confirm, "ask", ask)
    hardened.admin.open_settings()
    dialog = _settings_dialog(window)
    assert dialog.destroy_check.isEnabled() and not dialog.destroy_attempts.isEnabled()
    qtbot.mouseClick(dialog.destroy_check, Qt.MouseButton.LeftButton)
    dialog.destroy_attempts.setValue(5)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and len(asked) == 1  # declined: nothing changed, dialog stays
    assert "recovery key" in asked[0]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT)
    wait_idle(qtbot, window)
    assert window.service.destroy_after == 5


# -- roles: what a worker sees ---------------------------------------------------------------


def test_admin_actions_follow_lock_state_and_role(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    actions = build_admin_actions(window, window.service, window.ops)
    names = [a.text() for a in actions]
    assert names == [
        "Settings…",
        "Users…",
        "Audit log…",
        "Back up vault…",
        "Restore from backup…",
    ]
    assert not any(a.isVisible() for a in actions)  # first run: nothing
    _supervisor_window(qtbot, window)
    assert all(a.isVisible() for a in actions)
    service = window.service
    window.ops.run(lambda: service.add_user("Worker B", Role.WORKER, WORKER_PASS))
    wait_idle(qtbot, window)
    lock(qtbot, window)
    assert not any(a.isVisible() for a in actions)  # locked: nothing
    unlock(qtbot, window, WORKER_PASS)
    visible = {a.text() for a in actions if a.isVisible()}
    assert visible == {"Settings…", "Back up vault…"}
    admin = window.findChild(AdminActions)
    assert admin is not None
    assert admin.open_users() is None and admin.open_audit() is None  # even when called
    # The worker's settings: the failed-unlock setting is explained but cannot be changed.
    dialog = SettingsDialog(QSettings(), window.service, window.ops, window)
    assert not dialog.destroy_check.isEnabled()
    assert "Only a supervisor" in dialog.destroy_note.text()
    dialog.reject()


# -- users -----------------------------------------------------------------------------------


def test_users_page_adds_and_removes(qtbot, window: MainWindow, hardened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _supervisor_window(qtbot, window)
    dialog = hardened.admin.open_users()
    assert isinstance(dialog, PageDialog)
    page = dialog.page
    assert isinstance(page, UsersPage)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=TIMEOUT)
    page.table.selectRow(0)
    assert not page.remove_button.isEnabled()  # not yourself
    assert not page.add_button.isEnabled()
    qtbot.keyClicks(page.name, "Outreach worker 2")
    qtbot.keyClicks(page.passphrase.first, "short")
    assert "not strong enough" in page.passphrase.strength.text()
    page.passphrase.first.clear()
    qtbot.keyClicks(page.passphrase.first, NEW_USER_PASS)
    qtbot.keyClicks(page.passphrase.second, NEW_USER_PASS)
    qtbot.waitUntil(page.add_button.isEnabled, timeout=TIMEOUT)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=TIMEOUT)
    assert page.name.text() == "" and page.passphrase.passphrase() == ""
    name_item, role_item = page.table.item(1, 0), page.table.item(1, 1)
    assert name_item is not None and name_item.text() == "Outreach worker 2"
    assert role_item is not None and role_item.text() == "Worker"

    asked: list[str] = []

    def ask(_parent: object, _title: str, text: str, _yes: str, _no: str = "") -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(confirm, "ask", ask)
    page.table.selectRow(1)
    assert page.remove_button.isEnabled()
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=TIMEOUT)
    assert "Outreach worker 2" in asked[0]
    assert [u.display_name for u in window.service.users()] == ["Outreach worker"]
    # A lock closes the page (and deletes it, with what it showed).
    lock(qtbot, window)
    qtbot.waitUntil(lambda: not window.findChildren(PageDialog), timeout=TIMEOUT)


# -- audit -----------------------------------------------------------------------------------


def _tamper(window: MainWindow, statement: str) -> None:
    vault = window.service._vault
    assert vault is not None and vault.conn is not None
    vault.conn.execute("DROP TRIGGER audit_no_update")
    vault.conn.execute("DROP TRIGGER audit_no_delete")
    vault.conn.execute(statement)


def _open_audit(qtbot: Any, hardened: Hardening) -> AuditPage:
    dialog = hardened.admin.open_audit()
    assert isinstance(dialog, PageDialog) and isinstance(dialog.page, AuditPage)
    page = dialog.page
    qtbot.waitUntil(lambda: page.report is not None, timeout=TIMEOUT)
    return page


def test_audit_page_shows_entries_and_flags_tampering(qtbot, window: MainWindow, hardened) -> None:  # type: ignore[no-untyped-def]
    _supervisor_window(qtbot, window)
    for _ in range(3):
        new_case(qtbot, window)
    page = _open_audit(qtbot, hardened)
    assert page.report is not None and page.report.intact
    assert "intact" in page.result_text
    rows = page.model.rowCount()
    assert rows >= 5
    actions = {page.model.index(r, 3).data() for r in range(rows)}
    assert {"Vault created", "Case created"} <= actions
    assert page.model.index(0, 6).data() == "OK"
    dialog = page.window()
    assert isinstance(dialog, PageDialog)
    dialog.reject()
    wait_idle(qtbot, window)

    _tamper(window, "UPDATE audit SET detail = '{\"x\":1}' WHERE seq = 3")
    page = _open_audit(qtbot, hardened)
    assert page.report is not None and not page.report.intact
    assert "tampered" in page.result_text and "entry 3 was changed" in page.result_text
    assert page.result.objectName() == "warning"
    row = page.model.problem_rows()[0]
    assert page.model.index(row, 0).data() == "3"
    assert page.model.index(row, 6).data() == "⚠ Changed"
    assert page.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert page.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert page.table.currentIndex().row() == row  # the first broken entry is selected


# -- backup and restore ----------------------------------------------------------------------


def test_backup_writes_a_file(qtbot, window: MainWindow, hardened, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _supervisor_window(qtbot, window)
    new_case(qtbot, window, name=SENTINEL_NAME)
    offered: list[tuple[Any, ...]] = []
    dest = tmp_path / "out" / "copy"
    dest.parent.mkdir()

    def save_name(*args: Any) -> tuple[str, str]:
        offered.append(args)
        return str(dest), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    hardened.admin.backup_action.trigger()
    wait_idle(qtbot, window)
    written = dest.with_suffix(".bak")
    assert written.is_file()
    assert SENTINEL_NAME.encode() not in written.read_bytes()
    assert Path(offered[0][2]).name == default_backup_name(date.today())
    assert offered[0][5] & QFileDialog.Option.DontUseNativeDialog  # no "recent files" entry
    assert "Backup saved" in window.messages.text()

    # Restore into a new folder: this vault stays as it is.
    dialog = hardened.admin.restore()
    assert isinstance(dialog, RestoreDialog)
    assert not dialog.restore_button.isEnabled()
    dialog.set_backup(written)
    dialog.set_folder(tmp_path / "elsewhere")
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    assert dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    restored = [p for p in (tmp_path / "elsewhere").iterdir() if p.name.startswith("restored-")]
    assert len(restored) == 1 and vault_exists(restored[0])
    assert window.service.is_unlocked and "restored into" in window.messages.text()

    # Replace this vault, after a confirmation: the old one is moved aside.
    monkeypatch.setattr(confirm, "ask", lambda *_args: True)
    new_case(qtbot, window)  # only in the current vault, not in the backup
    dialog = hardened.admin.restore()
    assert isinstance(dialog, RestoreDialog)
    dialog.set_backup(written)
    dialog.replace.setChecked(True)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "moved to" in window.messages.text(), timeout=TIMEOUT)
    assert window.current_page() is window.unlock_page and not window.service.is_unlocked
    vault_dir = window.service.vault_dir
    aside = [p for p in vault_dir.parent.iterdir() if ".replaced-" in p.name]
    assert len(aside) == 1 and vault_exists(aside[0])
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.case_list_page.model.rowCount() == 1, timeout=TIMEOUT)


def test_file_dialog_leaves_no_folder_history(  # type: ignore[no-untyped-def]
    qtbot, neutral_app, tmp_path, monkeypatch
) -> None:
    import desktop.backup_dialogs as backup_dialogs

    shared = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert Path(shared.fileName()).is_relative_to(neutral_app.settings_dir)
    earlier = ["file:///earlier/one", "file:///earlier/two"]
    shared.setValue("FileDialog/history", earlier)
    shared.sync()
    folder = tmp_path / SENTINEL_NAME
    folder.mkdir()
    monkeypatch.setattr(backup_dialogs, "_start_folder", lambda: folder)
    closed: list[str] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            closed.append(dialog.directory().absolutePath())
            dialog.reject()

    QTimer.singleShot(300, close_dialog)
    assert backup_dialogs.choose_backup_destination(None) is None
    assert closed == [str(folder)]  # Qt's own dialog really ran, in that folder
    shared = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert shared.value("FileDialog/history") == earlier
    assert not shared.contains("FileDialog/lastVisited")
    assert SENTINEL_NAME.encode() not in Path(shared.fileName()).read_bytes()


# -- unlock back-off -------------------------------------------------------------------------


def test_backoff_message_after_three_wrong_passphrases(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _supervisor_window(qtbot, window)
    lock(qtbot, window)
    page = window.unlock_page
    for _ in range(3):
        qtbot.keyClicks(page.passphrase, "wrong wrong wrong wrong")
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
        wait_idle(qtbot, window)
        qtbot.waitUntil(page.unlock_button.isEnabled, timeout=TIMEOUT)
        assert "does not open this vault" in page.error.text()
    # Even the right passphrase has to wait now: no oracle during the back-off.
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: "Too many wrong passphrases" in page.error.text(), timeout=TIMEOUT)
    assert "wait 1 second" in page.error.text()
    assert page.error.isVisible()
    assert not window.service.is_unlocked


# -- accessibility ---------------------------------------------------------------------------


def _unnamed(root: QWidget) -> list[str]:
    missing = interactive_without_name(root)
    missing += [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in root.findChildren(QAbstractSpinBox)
        if not w.accessibleName().strip()
    ]
    return missing


def test_every_hardening_widget_names_its_controls(qtbot, window: MainWindow, hardened) -> None:  # type: ignore[no-untyped-def]
    _supervisor_window(qtbot, window)
    assert _button(window, "Hide screen")
    for action in hardened.admin.actions:
        assert action.text() and action.toolTip()
    hardened.admin.open_settings()
    settings = _settings_dialog(window)
    assert _unnamed(settings) == []
    settings.reject()
    for opened in (hardened.admin.open_users(), hardened.admin.open_audit()):
        assert isinstance(opened, PageDialog)
        qtbot.waitUntil(lambda: not window.ops.is_busy(), timeout=TIMEOUT)
        assert _unnamed(opened) == [], type(opened.page).__name__
        opened.reject()
    restore = hardened.admin.restore()
    assert restore is not None
    assert _unnamed(restore) == []
    restore.reject()
    hardened.quick_hide.hide_now()
    assert _unnamed(hardened.quick_hide.screen) == []
    # The keyboard moves through the settings dialog in reading order.
    hardened.quick_hide.dismiss()
    unlock(qtbot, window)
    hardened.admin.open_settings()
    settings = _settings_dialog(window)
    settings.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is settings, timeout=TIMEOUT)
    settings.idle_minutes.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=TIMEOUT)
    reached = []
    for _ in range(4):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached[0] is settings.neutral
    settings.reject()


def test_settings_dialog_opens_directly(qtbot, window: MainWindow, neutral_app) -> None:  # type: ignore[no-untyped-def]
    _supervisor_window(qtbot, window)
    dialog = open_settings_dialog(window, neutral_app.store)
    assert dialog.isVisible()
    dialog.reject()
