"""Start-up: choose the vault folder, create the application and the main window, run."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop import wording
from desktop.i18n import set_language
from desktop.main_window import MainWindow, WindowHost
from desktop.refcount_guard import protect_singletons
from desktop.settings_dialog import (
    NEUTRAL_PROGRAM,
    GuiSettings,
    apply_neutral_identity,
    open_settings,
)
from desktop.style import apply_style
from screening_tools.paths import default_vault_dir, resources_dir
from screening_tools.service import ScreeningService

DEBUG_ENV = "FRONTLINE_DEBUG"
# For the packaged app's smoke test and the start-up benchmark: print when the first window is
# shown (to the nanosecond clock) and quit cleanly.
EXIT_ON_SHOW_ENV = "FRONTLINE_EXIT_ON_SHOW"


def parse_args(argv: Sequence[str] | None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="frontline-screening",
        description="Frontline Screening: offline indicator checklists in an encrypted vault.",
    )
    parser.add_argument(
        "--vault",
        metavar="DIR",
        help="vault folder (default: $FRONTLINE_VAULT, else the platform's user data folder)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway demo vault with fictional cases (for training and screenshots)",
    )
    # Anything else (e.g. -platform offscreen) is left for Qt.
    return parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))


def resolve_vault_dir(argv: Sequence[str] | None = None) -> Path:
    args, _ = parse_args(argv)
    return default_vault_dir(args.vault)


def _quiet_excepthook(
    kind: type[BaseException], _value: BaseException, _tb: TracebackType | None
) -> None:
    # An unexpected error's message or traceback may quote recorded text; print the type only.
    sys.stderr.write(f"Frontline Screening: unexpected {kind.__name__}\n")


def create_application(qt_args: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        # argv[0] becomes the X11 window class: neutral, like the names shown by the desktop.
        app = QApplication([NEUTRAL_PROGRAM, *qt_args])
    app.setApplicationName(wording.APP_TITLE)
    app.setApplicationDisplayName(wording.APP_TITLE)
    app.setDesktopFileName("frontline-screening")
    icon = resources_dir() / "icons" / "app.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    apply_style(app)
    apply_neutral_identity(app)
    return app


class _ExitOnShow(QObject):
    """Quits through the normal shutdown path once the window is first exposed."""

    def __init__(self, window: MainWindow, app: QApplication) -> None:
        super().__init__(window)
        self._window = window
        self._app = app
        # Expose goes to the native window, which exists once the widget is created.
        window.winId()
        handle = window.windowHandle()
        assert handle is not None
        self._handle = handle
        handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._handle and event.type() == QEvent.Type.Expose:
            self._handle.removeEventFilter(self)
            page = self._window.stack.currentWidget()
            name = page.objectName() if page is not None else ""
            print(f"frontline-screening: shown {time.time_ns()} {name}", flush=True)
            QTimer.singleShot(0, self._app.quit)
        return False


def _demo_service() -> ScreeningService:
    """A demo vault in a fresh temporary folder, filled with fictional cases, left unlocked."""
    from screening_tools.demo import create_demo_vault

    folder = Path(tempfile.mkdtemp(prefix="frontline-demo-")) / "vault"
    return create_demo_vault(folder)


def main(argv: Sequence[str] | None = None) -> int:
    # First of all: PySide6 6.12 on Python 3.11 leaks references to None (see the module).
    protect_singletons()
    args, qt_args = parse_args(argv)
    if os.environ.get(DEBUG_ENV) != "1":
        sys.excepthook = _quiet_excepthook
    app = create_application(qt_args)
    service = _demo_service() if args.demo else ScreeningService(default_vault_dir(args.vault))
    # Display, language and locking preferences only, under a neutral name: nothing about anyone.
    settings = open_settings()
    preferences = GuiSettings.load(settings)
    # Before any window is built: texts and the layout direction are applied as widgets are made.
    set_language(preferences.language)
    window = MainWindow(service, settings=settings, idle_lock_minutes=preferences.idle_minutes)
    # The settings dialog may replace the window (a new interface language): quit through the
    # current one.
    host = WindowHost(window)
    app.aboutToQuit.connect(host.shutdown)
    if os.environ.get(EXIT_ON_SHOW_ENV) == "1":
        _ExitOnShow(window, app)
    window.show()
    code = int(app.exec())
    if args.demo:
        import shutil

        shutil.rmtree(service.vault_dir.parent, ignore_errors=True)
    return code
