"""Core errors reach the worker in one place, as the core's own words; nothing is half-saved."""

from __future__ import annotations

from gui_helpers import TIMEOUT, create_vault, new_case, to_items, wait_idle
from PySide6.QtCore import Qt

from desktop.main_window import MainWindow
from screening_tools.domain import AnswerState
from screening_tools.errors import NotFound, VaultLocked


def test_unknown_case_message_in_the_message_bar(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    window.show_case("FS-NONE-NONE")
    qtbot.waitUntil(window.messages.isVisible, timeout=TIMEOUT)
    assert window.messages.text() == str(NotFound("case", "FS-NONE-NONE"))
    assert "Traceback" not in window.messages.text()
    qtbot.mouseClick(window.messages._dismiss, Qt.MouseButton.LeftButton)
    assert not window.messages.isVisible()


def test_failed_save_is_undone_on_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    new_case(qtbot, window)
    page = to_items(qtbot, window)
    item = page.items.widgets()[0]
    # The vault closes underneath the page (as if locked elsewhere): the save must fail loudly.
    window.ops.run(window.service.lock)
    wait_idle(qtbot, window)
    qtbot.mouseClick(item.buttons[AnswerState.OBSERVED], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.messages.isVisible, timeout=TIMEOUT)
    assert window.messages.text() == str(VaultLocked())
    assert item.state() == AnswerState.NOT_ASSESSED
    assert page.status.text() == "Not saved"
