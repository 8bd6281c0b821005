"""Screens in other interface languages, for checking layout: right-to-left mirroring (Arabic),
long texts and accents (the pseudo-locale "qps"), and a Latin script with many diacritics
(Vietnamese).

    python -m desktop.i18n_screenshots [OUT_DIR] [LANG ...]   (default: ./screenshots ar vi qps)

Writes ``i18n-<lang>-<screen>.png``: the create-vault page, the case list, the questions step
with the bilingual view, and the consent dialog. Uses throw-away vaults (a demo vault with
fictional cases) in a temporary folder and cheap key derivation; nothing real is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FRONTLINE_TEST_CHEAP_KDF", "1")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QScrollArea

from desktop.app import create_application
from desktop.i18n import set_language
from desktop.items_step import ItemsStep
from desktop.main_window import MainWindow
from desktop.screenshots import PASSPHRASE, _start, _through_to_items, save, settle, wait_until
from desktop.sharing_entry import open_consent
from screening_tools.domain import AnswerState
from screening_tools.flow import AgeStatus, Step
from screening_tools.service import ScreeningService

LANGUAGES = ("ar", "vi", "qps")
SIZE = (1200, 800)
# The person's language in the bilingual view: the interface language where the person could
# share it; for the pseudo-locale, a language with a catalogue of its own.
PERSON_LANGUAGE = {"ar": "ar", "vi": "vi", "qps": "ro"}


def _window(service: ScreeningService, folder: Path) -> MainWindow:
    # Settings in the temporary folder: never the worker's own settings file.
    store = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(service, idle_lock_minutes=0, settings=store)
    window.resize(*SIZE)
    window.show()
    settle(window)
    return window


def _close(window: MainWindow) -> None:
    window.shutdown()
    window.close()
    window.deleteLater()
    QApplication.processEvents()


def capture_language(lang: str, out_dir: Path) -> list[Path]:
    from screening_tools.demo import create_demo_vault

    set_language(lang)
    shots: list[Path] = []
    prefix = f"i18n-{lang}-"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        # First run: the create-vault page, with a passphrase typed (strength and match lines).
        window = _window(ScreeningService(folder / "new"), folder)
        page = window.create_page
        page.passphrase.first.setText(PASSPHRASE)
        page.passphrase.second.setText(PASSPHRASE)
        settle(window)
        shots.append(save(window, out_dir, prefix + "create-vault"))
        _close(window)

        # A demo vault (fictional cases, unlocked): the case list.
        service = create_demo_vault(folder / "demo", cases=12)
        window = _window(service, folder)
        wait_until(lambda: window.current_page() is window.case_list_page)
        settle(window)
        shots.append(save(window, out_dir, prefix + "case-list"))

        # A new adult case: the questions step, in the bilingual view.
        reference = service.new_case().reference
        service.set_age_status(reference, AgeStatus.ADULT)
        window.show_case(reference)
        settle(window)
        _start(window, "adult-indicators")
        _through_to_items(window, agree=True)
        items = window.wizard.step(Step.ITEMS)
        assert isinstance(items, ItemsStep)
        widgets = items.items.widgets()
        widgets[0].buttons[AnswerState.OBSERVED].click()
        widgets[1].buttons[AnswerState.NOT_PRESENT].click()
        language = window.wizard.language
        language.setCurrentIndex(language.findData(PERSON_LANGUAGE.get(lang, "ar")))
        language.activated.emit(language.currentIndex())
        items.select_item(widgets[2].item.id)
        settle(window)
        shots.append(save(window, out_dir, prefix + "items-bilingual"))
        window.wizard.pause()
        settle(window)

        # The consent dialog for that case: the scope matrix.
        dialog = open_consent(window, service, window.ops, reference)
        wait_until(lambda: dialog.is_idle() and not window.ops.is_busy())
        QApplication.processEvents()
        shots.append(save(dialog, out_dir, prefix + "consent"))
        # Down to the scope matrix (rows: what; columns: with whom), with some cells ticked.
        dialog.matrix.rows[next(iter(dialog.matrix.rows))].set_ticked(True)
        first_column = next(iter(dialog.matrix.columns.values()), None)
        if first_column is not None:
            first_column.set_ticked(True)
        dialog.matrix.refresh()
        area = dialog.form_page.findChild(QScrollArea)
        if area is not None:
            area.ensureWidgetVisible(dialog.matrix, 0, 0)
            area.verticalScrollBar().setValue(dialog.scope_section.y())
        QApplication.processEvents()
        shots.append(save(dialog, out_dir, prefix + "consent-matrix"))
        dialog.reject()
        _close(window)
    set_language("en")
    return shots


def capture(out_dir: Path, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    create_application([])
    shots: list[Path] = []
    for lang in languages:
        shots += capture_language(lang, out_dir)
    return shots


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else Path("screenshots")
    capture(out_dir, tuple(args[1:]) or LANGUAGES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
