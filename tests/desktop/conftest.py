"""Fixtures for the GUI tests: a real vault in a temporary folder, a real main window."""

from __future__ import annotations

import os

# Before any Qt import: no display here, and cheap Argon2id for fast vault creation.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FRONTLINE_TEST_CHEAP_KDF", "1")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from desktop.style import apply_style
from screening_tools.service import ScreeningService


@pytest.fixture(scope="session", autouse=True)
def _styled(qapp: QApplication) -> None:
    # The real look, so layout problems (clipped text, hidden widgets) show up in tests too.
    apply_style(qapp)


@pytest.fixture
def gui_service(tmp_path: Path) -> ScreeningService:
    """A service on an empty folder: the app starts at first run."""
    return ScreeningService(tmp_path / "gui-vault")


@pytest.fixture
def window(request, qtbot, gui_service: ScreeningService) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    # Modules that test the hardening pieces install them themselves.
    guards = not getattr(request.module, "INSTALLS_GUARDS_ITSELF", False)
    win = MainWindow(gui_service, idle_lock_minutes=0, install_guards=guards)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.shutdown()
