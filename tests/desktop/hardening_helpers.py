"""Shared by the hardening GUI tests: application-wide Qt state (names, settings path) set to
neutral values for one test and put back afterwards, so no test sees another's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.settings_dialog import apply_neutral_identity, open_settings


@dataclass
class NeutralApp:
    settings_dir: Path
    store: QSettings


@contextmanager
def neutral_identity(qapp: QApplication, tmp_path: Path) -> Iterator[NeutralApp]:
    """For a fixture: ``with neutral_identity(qapp, tmp_path) as env: yield env``."""
    saved = (
        qapp.organizationName(),
        qapp.organizationDomain(),
        qapp.applicationName(),
        qapp.applicationDisplayName(),
        QGuiApplication.desktopFileName(),
        QSettings.defaultFormat(),
    )
    settings_dir = tmp_path / "qt-settings"
    # Never the real ~/.config from a test: both formats point into the test's folder.
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings_dir))
    apply_neutral_identity(qapp)
    try:
        yield NeutralApp(settings_dir, open_settings())
    finally:
        _restore(qapp, saved)


def _restore(qapp: QApplication, saved: tuple[str, str, str, str, str, QSettings.Format]) -> None:
    org, domain, name, display, desktop, fmt = saved
    qapp.setOrganizationName(org)
    qapp.setOrganizationDomain(domain)
    qapp.setApplicationName(name)
    qapp.setApplicationDisplayName(display)
    QGuiApplication.setDesktopFileName(desktop)
    QSettings.setDefaultFormat(fmt)
