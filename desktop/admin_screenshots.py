"""Screenshots of the hardening and admin screens (settings, users, audit log, restore, the
quick-hide screen), offscreen, on a throw-away vault:

    python -m desktop.admin_screenshots [OUT_DIR]     (default: ./screenshots)

Settings are written into the temporary folder, never the real settings file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FRONTLINE_TEST_CHEAP_KDF", "1")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from desktop.admin_entry import PageDialog, install_hardening
from desktop.app import create_application
from desktop.audit_page import AuditPage
from desktop.main_window import MainWindow
from desktop.screenshots import PASSPHRASE, SIZE, settle
from desktop.settings_dialog import SettingsDialog, apply_neutral_identity
from desktop.users_page import UsersPage
from screening_tools.domain import Role
from screening_tools.service import ScreeningService


def _save(widget: QWidget, out_dir: Path, name: str) -> Path:
    for _ in range(5):
        QApplication.processEvents()
    path = out_dir / f"admin-{name}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def capture(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    shots: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        apply_neutral_identity(app)
        service = ScreeningService(Path(tmp) / "vault")
        service.create_vault(PASSPHRASE, "Supervisor (office)")
        service.add_user("Outreach worker 1", Role.WORKER, "amber tortoise violin harbour")
        service.add_user("Outreach worker 2", Role.WORKER, "olive lantern marble quarry")
        for _ in range(3):
            reference = service.new_case().reference
            service.open_case(reference)
        store = QSettings()
        window = MainWindow(service, idle_lock_minutes=0, settings=store)
        window.resize(*SIZE)
        window.show()
        hardening = install_hardening(window, store=store, session_options={"use_dbus": False})
        settle(window)
        assert hardening.admin.menu is not None
        shots.append(_save(window, out_dir, "toolbar-hide-button"))

        hardening.admin.open_settings()
        settle(window)
        settings = window.findChild(SettingsDialog)
        assert settings is not None
        shots.append(_save(settings, out_dir, "settings"))
        settings.destroy_check.setChecked(True)
        settings.neutral.setChecked(True)
        scroll = settings.findChild(QScrollArea)
        if scroll is not None:
            bar = scroll.verticalScrollBar()
            bar.setValue(bar.maximum())
        shots.append(_save(settings, out_dir, "settings-failed-unlocks"))
        settings.reject()
        settle(window)

        users = hardening.admin.open_users()
        assert isinstance(users, PageDialog) and isinstance(users.page, UsersPage)
        settle(window)
        users.page.table.selectRow(1)
        users.page.name.setText("Health visitor")
        users.page.role.setCurrentIndex(0)
        users.page.passphrase.first.setText("quiet meadow copper lantern")
        users.page.passphrase.second.setText("quiet meadow copper")
        shots.append(_save(users, out_dir, "users"))
        users.reject()
        settle(window)

        audit = hardening.admin.open_audit()
        assert isinstance(audit, PageDialog) and isinstance(audit.page, AuditPage)
        settle(window)
        shots.append(_save(audit, out_dir, "audit-intact"))
        audit.reject()
        settle(window)
        vault = service._vault
        assert vault is not None and vault.conn is not None
        vault.conn.execute("DROP TRIGGER audit_no_update")
        vault.conn.execute("UPDATE audit SET detail = '{\"x\":1}' WHERE seq = 5")
        audit = hardening.admin.open_audit()
        assert isinstance(audit, PageDialog)
        settle(window)
        shots.append(_save(audit, out_dir, "audit-tampered"))
        audit.reject()
        settle(window)

        restore = hardening.admin.restore()
        assert restore is not None
        restore.set_backup(Path(tmp) / "backup-2026-01-31.bak")
        settle(window)
        shots.append(_save(restore, out_dir, "restore"))
        restore.reject()
        settle(window)

        hardening.quick_hide.hide_now()
        settle(window)
        shots.append(_save(window, out_dir, "neutral-screen"))
        window.shutdown()
        window.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    capture(Path(args[0]) if args else Path("screenshots"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
