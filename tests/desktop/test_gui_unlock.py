"""Vault set-up, recovery key, unlock and the recovery path, against a real vault."""

from __future__ import annotations

from gui_helpers import PASSPHRASE, TIMEOUT, create_vault, lock, unlock, wait_idle, widget_texts
from PySide6.QtCore import Qt

from desktop.main_window import MainWindow
from screening_tools.errors import WrongPassphrase, WrongRecoveryKey

NEW_PASSPHRASE = "copper kettle misty orchard lane"


def test_first_run_shows_create_page(window: MainWindow) -> None:
    assert window.current_page() is window.create_page
    assert not window.create_page.create_button.isEnabled()
    assert not window.lock_action.isVisible()


def test_weak_or_mismatched_passphrase_cannot_create(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.create_page
    qtbot.keyClicks(page.passphrase.first, "password1")
    assert "not strong enough" in page.passphrase.strength.text()
    assert page.passphrase.advice.text()
    qtbot.keyClicks(page.passphrase.second, "password1")
    assert not page.create_button.isEnabled()
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase.first, PASSPHRASE)
    assert "good enough" in page.passphrase.strength.text()
    qtbot.keyClicks(page.passphrase.second, PASSPHRASE + "x")
    assert not page.create_button.isEnabled()
    assert "do not match" in page.passphrase.match.text()
    qtbot.keyClick(page.passphrase.second, Qt.Key.Key_Backspace)
    assert page.create_button.isEnabled()
    assert not window.service.vault_exists()


def test_recovery_key_is_shown_once(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    key = create_vault(qtbot, window)
    assert len(key.replace("-", "")) == 32
    assert window.recovery_key_page.key_label.text() == ""
    texts = " ".join(widget_texts(window))
    assert key.replace("-", "") not in texts.replace("-", "")


def test_wrong_passphrase_is_shown_inline(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    lock(qtbot, window)
    page = window.unlock_page
    qtbot.keyClicks(page.passphrase, "not my passphrase at all")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(page.error.isVisible, timeout=TIMEOUT)
    assert page.error.text() == str(WrongPassphrase())
    assert window.current_page() is page
    assert not window.service.is_unlocked
    assert page.unlock_button.isEnabled()
    assert not window.messages.isVisible()  # shown in one place only
    page.passphrase.clear()
    unlock(qtbot, window)
    assert window.service.is_unlocked


def test_forgotten_passphrase_recovery(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    key = create_vault(qtbot, window)
    lock(qtbot, window)
    qtbot.mouseClick(window.unlock_page.forgot_button, Qt.MouseButton.LeftButton)
    page = window.recovery_unlock_page
    assert window.current_page() is page

    qtbot.keyClicks(page.recovery_key, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    qtbot.keyClicks(page.passphrase.first, NEW_PASSPHRASE)
    qtbot.keyClicks(page.passphrase.second, NEW_PASSPHRASE)
    qtbot.waitUntil(page.unlock_button.isEnabled, timeout=TIMEOUT)
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.error.isVisible, timeout=TIMEOUT)
    assert page.error.text() == str(WrongRecoveryKey())

    page.recovery_key.clear()
    qtbot.keyClicks(page.recovery_key, key.lower().replace("-", " "))
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_page() is window.case_list_page, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    assert page.recovery_key.text() == ""

    lock(qtbot, window)
    unlock(qtbot, window, NEW_PASSPHRASE)
    assert window.service.is_unlocked


def test_back_from_recovery_returns_to_unlock(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    lock(qtbot, window)
    qtbot.mouseClick(window.unlock_page.forgot_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.recovery_unlock_page.recovery_key, "ABCD")
    qtbot.mouseClick(window.recovery_unlock_page.back_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.unlock_page
    assert window.recovery_unlock_page.recovery_key.text() == ""


def test_existing_vault_starts_locked(qtbot, gui_service) -> None:  # type: ignore[no-untyped-def]
    gui_service.create_vault(PASSPHRASE)
    gui_service.lock()
    win = MainWindow(gui_service, idle_lock_minutes=0)
    qtbot.addWidget(win)
    assert win.current_page() is win.unlock_page
    win.shutdown()


def test_idle_lock(qtbot, gui_service) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(gui_service, idle_lock_minutes=0.005)  # 0.3 s
    qtbot.addWidget(win)
    win.show()
    create_vault(qtbot, win)
    qtbot.waitUntil(lambda: win.current_page() is win.unlock_page, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not gui_service.is_unlocked, timeout=TIMEOUT)
    win.shutdown()
