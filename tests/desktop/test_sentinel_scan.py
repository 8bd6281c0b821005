"""The sentinel scan: a complete flow with unique strings (name, contact, note, disclosure
summary) — case, screening, consent, packet preview and an export, the GUI pages for the case,
settings saved, quick hide — and then no trace of any of them, in UTF-8 or UTF-16LE, in the
vault folder, the files created in the temp folder meanwhile, log files, the log records, or
the Qt settings file."""

from __future__ import annotations

import logging
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest
from gui_helpers import TIMEOUT, wait_idle
from hardening_helpers import NeutralApp, neutral_identity
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from desktop.admin_entry import install_hardening
from desktop.clipboard_guard import copy_sensitive
from desktop.main_window import MainWindow
from desktop.settings_dialog import GuiSettings, open_settings
from desktop.view_settings import ViewSettings
from screening_tools.consent import DataCategory
from screening_tools.domain import AnswerState
from screening_tools.flow import AgeStatus
from screening_tools.paths import APP_NAME
from screening_tools.service import ScreeningService
from tests.conftest import STRONG, open_interview
from tests.integration.packet_helpers import (
    INDICATOR_ITEM,
    SUPPORT_RECIPIENT,
    SUPPORT_ROUTE,
    consent,
    setup_org,
)

_RUN = uuid.uuid4().hex[:10]
SENTINELS = {
    "name": f"Orvelline Taskwright {_RUN}",
    "contact": f"contact-{_RUN}-0771",
    "note": f"NOTE-{_RUN} arrived with a companion",
    "disclosure": f"DISCLOSURE-{_RUN} said the boss keeps the passport",
}
MAX_READ = 64 * 1024 * 1024

# The window fixture builds a window without the guards; these tests install them.
INSTALLS_GUARDS_ITSELF = True


def _needles() -> list[tuple[str, bytes]]:
    found = []
    for label, text in SENTINELS.items():
        found.append((f"{label} (UTF-8)", text.encode("utf-8")))
        found.append((f"{label} (UTF-16LE)", text.encode("utf-16-le")))
    return found


def _hits(data: bytes) -> list[str]:
    return [label for label, needle in _needles() if needle in data]


def _scan(path: Path) -> list[str]:
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_READ:
            return []
        data = path.read_bytes()
    except OSError:
        return []
    return [f"{path}: {hit}" for hit in _hits(data)]


def _files(root: Path, since: float | None = None) -> Iterator[Path]:
    for folder, _dirs, names in os.walk(root, onerror=lambda _e: None):
        for name in names:
            path = Path(folder) / name
            try:
                if since is None or path.lstat().st_mtime >= since:
                    yield path
            except OSError:
                continue


@pytest.fixture
def neutral_app(qapp: QApplication, tmp_path: Path) -> Iterator[NeutralApp]:
    with neutral_identity(qapp, tmp_path) as env:
        yield env


def test_the_scanner_finds_both_encodings() -> None:
    text = f"before {SENTINELS['note']} after"
    assert _hits(text.encode("utf-8")) == ["note (UTF-8)"]
    assert _hits(text.encode("utf-16-le")) == ["note (UTF-16LE)"]
    assert _hits(b"nothing here") == []


def test_no_sentinel_anywhere_after_a_complete_flow(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, neutral_app: NeutralApp, caplog
) -> None:
    import pyrage

    caplog.set_level(logging.DEBUG)
    started = time.time() - 1.0
    vault_dir = tmp_path / "vault"

    # -- the core flow, as the GUI's worker thread would run it --------------------------------
    service = ScreeningService(vault_dir)
    service.create_vault(STRONG, "Supervisor A")
    setup_org(service)
    reference = service.new_case(name=SENTINELS["name"], contact=SENTINELS["contact"]).reference
    service.set_age_status(reference, AgeStatus.ADULT)
    screening_id = service.start_screening(reference, "adult-indicators").id
    open_interview(service, screening_id)
    service.record_answer(screening_id, INDICATOR_ITEM, AnswerState.DISCLOSED)
    service.add_note(reference, SENTINELS["disclosure"], screening_id, disclosure=True)
    service.add_note(reference, SENTINELS["note"], screening_id)
    consent(
        service,
        reference,
        {
            DataCategory.IDENTITY,
            DataCategory.CONTACT,
            DataCategory.INDICATORS,
            DataCategory.DISCLOSURE_SUMMARY,
            DataCategory.NOTES,
        },
    )
    content, pdf = service.preview_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT)
    assert pdf.startswith(b"%PDF") and content.categories_shared  # built, in memory only
    recipient = pyrage.x25519.Identity.generate()
    packet = tmp_path / "sealed.fspacket.age"
    service.export_packet(
        reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, packet, encrypt_to=str(recipient.to_public())
    )
    assert packet.is_file()

    # -- the GUI pages for the case --------------------------------------------------------
    store = neutral_app.store
    GuiSettings(idle_minutes=5, neutral=True).save(store)
    view = ViewSettings(store)
    view.zoom_in()  # the display preferences share the file
    window = MainWindow(service, idle_lock_minutes=0, settings=store)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    hardening = install_hardening(window, store=store, session_options={"use_dbus": False})
    wait_idle(qtbot, window)
    window.show_case(reference)
    qtbot.waitUntil(lambda: window.case_page.reference == reference, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    qtbot.mouseClick(window.case_page.name_toggle, Qt.MouseButton.LeftButton)
    assert SENTINELS["name"] in window.case_page.name_label.text()
    window.show_screening(reference, screening_id)
    wait_idle(qtbot, window)
    copy_sensitive(SENTINELS["contact"], seconds=0.1)
    qtbot.waitUntil(lambda: QApplication.clipboard().text() == "", timeout=TIMEOUT)
    hardening.admin.open_settings()
    hardening.quick_hide.hide_now()
    wait_idle(qtbot, window)
    assert not service.is_unlocked
    titles = [window.windowTitle(), QApplication.applicationDisplayName()]
    window.shutdown()
    window.close()
    store.sync()

    # -- the scan --------------------------------------------------------------------------
    hits: list[str] = []
    for title in titles:
        hits += [f"title {title!r}: {h}" for h in _hits(title.encode())]
    vault_files = list(_files(vault_dir))
    assert vault_files, "the vault folder is empty"
    for path in vault_files:
        hits += _scan(path)
    temp_root = Path(tempfile.gettempdir())
    for path in _files(temp_root, since=started):
        hits += _scan(path)
    log_roots = [vault_dir, temp_root, Path(platformdirs.user_log_dir(APP_NAME))]
    for root in log_roots:
        if root.is_dir():
            for path in _files(root):
                if path.suffix == ".log" or ".log." in path.name:
                    hits += _scan(path)
    hits += [f"log records: {h}" for h in _hits(caplog.text.encode("utf-8"))]
    settings_files = {Path(QSettings().fileName()), Path(open_settings().fileName())}
    for path in settings_files:
        assert path.is_file(), path
        assert path.is_relative_to(neutral_app.settings_dir)
        assert "frontline" not in str(path).lower()
        hits += _scan(path)
    for path in _files(neutral_app.settings_dir):  # every Qt settings file, QtProject.conf too
        hits += _scan(path)
    assert hits == []
