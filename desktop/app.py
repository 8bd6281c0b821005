"""Start-up: choose the vault folder, create the application and the main window, run."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop import wording
from desktop.main_window import MainWindow
from desktop.style import apply_style
from screening_tools.paths import default_vault_dir
from screening_tools.service import ScreeningService

DEBUG_ENV = "FRONTLINE_DEBUG"


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
        app = QApplication(["frontline-screening", *qt_args])
    app.setApplicationName(wording.APP_TITLE)
    app.setApplicationDisplayName(wording.APP_TITLE)
    app.setDesktopFileName("frontline-screening")
    apply_style(app)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = parse_args(argv)
    if os.environ.get(DEBUG_ENV) != "1":
        sys.excepthook = _quiet_excepthook
    app = create_application(qt_args)
    service = ScreeningService(default_vault_dir(args.vault))
    # Display preferences only (text size, contrast): nothing about anyone is kept here.
    settings = QSettings("Frontline Screening", "frontline-screening")
    window = MainWindow(service, settings=settings)
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    return int(app.exec())
