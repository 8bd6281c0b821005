"""The interface language: texts through ``tr``, the layout direction, switching at run time from
the settings dialog (the window is rebuilt over the same unlocked vault), the pseudo-locale, and
Qt's own dialog texts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QToolBar,
    QWidget,
)
from shiboken6 import Shiboken

from desktop import confirm, wording
from desktop.i18n import CatalogueTranslator, current, qt_translators, set_language, tr
from desktop.main_window import MainWindow, WindowHost
from desktop.settings_dialog import (
    PSEUDO_LOCALE_ENV,
    GuiSettings,
    SettingsDialog,
    language_choices,
)
from screening_tools.service import ScreeningService
from tests.desktop.gui_helpers import TIMEOUT, click, create_vault, wait_idle

RTL = Qt.LayoutDirection.RightToLeft
LTR = Qt.LayoutDirection.LeftToRight


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    set_language("en")


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    """The neutral settings, in a file of this test's own."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def build(  # type: ignore[no-untyped-def]
    qtbot, service: ScreeningService, store: QSettings | None = None, *, replaced: bool = False
) -> MainWindow:
    """A main window; one that will be ``replaced`` is deleted by the switch, so pytest-qt must
    not close it afterwards."""
    window = MainWindow(service, idle_lock_minutes=0, settings=store)
    if not replaced:
        qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def toolbar_texts(window: MainWindow) -> list[str]:
    texts = [a.text() for a in window.toolbar.actions() if a.text()]
    label = window.toolbar.findChild(QLabel, "appName")
    assert label is not None
    return [*texts, label.text()]


def shown_texts(page: QWidget) -> list[str]:
    """Every visible text of a page: labels, buttons, placeholders."""
    found = []
    for label in page.findChildren(QLabel):
        if label.isVisibleTo(page) and label.text():
            found.append(label.text())
    for button in page.findChildren(QAbstractButton):
        if button.isVisibleTo(page) and button.text():
            found.append(button.text())
    for edit in page.findChildren(QLineEdit):
        if edit.isVisibleTo(page) and edit.placeholderText():
            found.append(edit.placeholderText())
    return found


def is_pseudo(text: str) -> bool:
    return text.startswith("[") and text.endswith("]") and any(ord(c) > 127 for c in text)


# -- (a) direction and the wiring of tr ------------------------------------------------------


def test_arabic_is_right_to_left_from_the_start(qtbot, gui_service: ScreeningService) -> None:  # type: ignore[no-untyped-def]
    set_language("ar")
    window = build(qtbot, gui_service)
    assert QApplication.layoutDirection() == RTL
    assert window.layoutDirection() == RTL
    assert window.create_page.layoutDirection() == RTL
    assert window.current_page() is window.create_page
    # The toolbar and the first page show exactly what tr gives for the current language.
    assert window.cases_action.text() == tr("Cases")
    assert window.supervision_action.text() == tr("Supervision")
    assert window.lock_action.text() == tr("Lock")
    assert window.lock_action.toolTip() == tr("Lock now and clear the screen (Ctrl+L)")
    assert tr("Set up Frontline Screening") in shown_texts(window.create_page)
    assert tr(wording.CREATE_INTRO) in shown_texts(window.create_page)
    # The window title is fixed, whatever the language.
    assert window.windowTitle() == wording.APP_TITLE
    window.shutdown()


def test_english_is_left_to_right(qtbot, gui_service: ScreeningService) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    window = build(qtbot, gui_service)
    assert window.layoutDirection() == LTR
    assert window.lock_action.text() == "Lock"
    window.shutdown()


# -- (b) switching at run time ---------------------------------------------------------------


def choose_language(qtbot, window: MainWindow, code: str) -> SettingsDialog:  # type: ignore[no-untyped-def]
    """Open Settings from the Tools menu's action, pick ``code``, save."""
    assert window.hardening is not None
    dialog = window.hardening.admin.open_settings()
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitExposed(dialog)
    index = dialog.language.findData(code)
    assert index >= 0, code
    dialog.language.setCurrentIndex(index)
    click(qtbot, dialog.save_button)
    return dialog


def test_switching_language_rebuilds_the_window_over_the_open_vault(  # type: ignore[no-untyped-def]
    qtbot, gui_service: ScreeningService, store: QSettings
) -> None:
    first = build(qtbot, gui_service, store, replaced=True)
    host = WindowHost(first)
    try:
        create_vault(qtbot, first)
        assert first.current_page() is first.case_list_page

        choose_language(qtbot, first, "ar")
        qtbot.waitUntil(lambda: host.window is not first, timeout=TIMEOUT)
        arabic = host.window
        assert current().locale == "ar"
        assert arabic.isVisible()
        qtbot.waitUntil(lambda: not Shiboken.isValid(first), timeout=TIMEOUT)  # the old one goes
        assert arabic.layoutDirection() == RTL
        assert arabic.service is gui_service and gui_service.is_unlocked
        assert arabic.ops is first.ops  # the same worker: queued saves stay in order
        assert arabic.current_page() is arabic.case_list_page
        assert arabic.cases_action.isVisible() and arabic.lock_action.text() == tr("Lock")
        assert arabic.messages.text() == tr("Settings saved.")
        assert store.value("interface/language") == "ar"
        assert GuiSettings.load(store).language == "ar"
        wait_idle(qtbot, arabic)
        # The old window no longer acts on the vault: closing it locks nothing.
        first.shutdown()
        assert gui_service.is_unlocked

        choose_language(qtbot, arabic, "en")
        qtbot.waitUntil(lambda: host.window is not arabic, timeout=TIMEOUT)
        english = host.window
        qtbot.addWidget(english)
        assert english.layoutDirection() == LTR
        assert QApplication.layoutDirection() == LTR
        assert gui_service.is_unlocked
        assert english.current_page() is english.case_list_page
        assert english.lock_action.text() == "Lock"
        wait_idle(qtbot, english)
    finally:
        host.shutdown()
        host.setParent(None)


def test_a_page_that_may_hold_typing_asks_first(  # type: ignore[no-untyped-def]
    qtbot, gui_service: ScreeningService, store: QSettings, monkeypatch
) -> None:
    window = build(qtbot, gui_service, store)
    host = WindowHost(window)
    asked: list[str] = []

    def decline(_parent, title: str, _text: str, _yes: str, _no: str | None = None) -> bool:  # type: ignore[no-untyped-def]
        asked.append(title)
        return False

    monkeypatch.setattr(confirm, "ask", decline)
    try:
        create_vault(qtbot, window)
        window.show_reference(next(iter(window.reference_actions)))
        assert window.current_page() is window.reference_page
        dialog = choose_language(qtbot, window, "fr")
        assert asked == [tr("Change the interface language?")]
        assert host.window is window and current().locale == "en"  # nothing changed
        assert dialog.isVisible()
        dialog.reject()
    finally:
        host.shutdown()
        host.setParent(None)


def test_language_choices(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(PSEUDO_LOCALE_ENV, raising=False)
    choices = dict(language_choices())
    assert choices["en"] == "English"
    assert choices["ar"] == "العربية — draft translation"
    assert "qps" not in choices
    monkeypatch.setenv(PSEUDO_LOCALE_ENV, "1")
    assert "qps" in dict(language_choices())


def test_the_saved_language_is_only_a_known_code(store: QSettings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(PSEUDO_LOCALE_ENV, raising=False)
    store.setValue("interface/language", "xx")
    assert GuiSettings.load(store).language == "en"
    store.setValue("interface/language", "qps")
    assert GuiSettings.load(store).language == "en"  # not offered without the variable
    GuiSettings(language="vi").save(store)
    assert store.value("interface/language") == "vi"


# -- (c) the pseudo-locale -------------------------------------------------------------------


def test_pseudo_locale_shows_no_hard_coded_english(qtbot, gui_service: ScreeningService) -> None:  # type: ignore[no-untyped-def]
    set_language("qps")
    window = build(qtbot, gui_service)
    page = window.create_page
    assert window.current_page() is page
    texts = shown_texts(page)
    assert texts and all(is_pseudo(text) for text in texts), [t for t in texts if not is_pseudo(t)]
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is window.toolbar
    bar = toolbar_texts(window)
    assert len(bar) >= 4 and all(is_pseudo(text) for text in bar), bar
    menus = [a.text() for a in window.menuBar().actions() if a.text()]
    assert menus and all(is_pseudo(text) for text in menus), menus
    tooltips = [
        a.toolTip() for a in window.toolbar.actions() if isinstance(a, QAction) and a.text()
    ]
    assert all(is_pseudo(text) for text in tooltips), tooltips
    window.shutdown()


# -- (d) Qt's own dialog texts ---------------------------------------------------------------


def ok_text() -> str:
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    ok = box.button(QMessageBox.StandardButton.Ok)
    assert ok is not None
    text = ok.text()
    box.deleteLater()
    return text


@pytest.mark.parametrize("code", ["ro", "vi"])
def test_our_catalogue_gives_qt_its_texts_where_pyside6_has_none(code: str) -> None:
    set_language(code)
    installed = qt_translators()
    assert len(installed) == 1 and isinstance(installed[0], CatalogueTranslator)
    # Qt asks our catalogue, and keeps its own text where the catalogue has none: never blank.
    expected = current().pgettext("qt:QPlatformTheme", "OK")
    assert QCoreApplication.translate("QPlatformTheme", "OK") == expected
    assert ok_text() == expected
    assert QCoreApplication.translate("QPlatformTheme", "Cancel")


@pytest.mark.parametrize("code", ["es", "fr", "ar"])
def test_pyside6_translations_are_used_where_shipped(code: str) -> None:
    set_language(code)
    installed = qt_translators()
    assert len(installed) == 1 and not isinstance(installed[0], CatalogueTranslator)
    assert Path(installed[0].filePath()).name == f"qtbase_{code}.qm"
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    assert cancel and cancel != "Cancel"
    assert ok_text() == QCoreApplication.translate("QPlatformTheme", "OK")


def test_english_installs_no_translator() -> None:
    set_language("ro")
    set_language("en")
    assert qt_translators() == []
    assert ok_text() == "OK"
