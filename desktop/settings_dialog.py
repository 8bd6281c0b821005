"""Settings: the interface language, the idle lock, neutral names for the operating system, and
the failed-unlock policy.

What is kept where:

* ``QSettings`` (an INI file under a neutral organisation and application name, so even the
  settings file's path says nothing about the app's purpose) holds only the GUI settings
  declared in ``GuiSettings``: the interface language (a language code), minutes before the idle
  lock and the neutral names. Nothing about a person, a case or a file the worker chose is ever
  written there.
* The "destroy key slots after N failed attempts" policy belongs to the vault (it must work while
  the vault is locked), so it goes through ``service.set_destroy_after``, which only a supervisor
  may call. The core enforces the role; the dialog only hides what a worker cannot change.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import confirm, ui, wording
from desktop.i18n import current, set_language, tr, trn
from desktop.idle_lock import IdleWatcher
from desktop.ops import Operations
from screening_tools.domain import Role
from screening_tools.i18n import N_, PSEUDO_LOCALE, SOURCE_LOCALE, locales

if TYPE_CHECKING:
    from desktop.main_window import MainWindow
    from screening_tools.service import ScreeningService

# The Qt settings file lives under these names, whatever the worker chooses to show: its path
# (~/.config/Plain Notes/plain-notes.ini, %APPDATA%\Plain Notes\plain-notes.ini) is neutral.
SETTINGS_ORGANISATION = "Plain Notes"
SETTINGS_APPLICATION = "plain-notes"
# For QApplication's argv[0] and the desktop file name: on X11 the first part of WM_CLASS comes
# from argv[0], and task bars group and label windows by it.
NEUTRAL_PROGRAM = "plain-notes"
DESKTOP_FILE = "frontline-screening"  # packaging/frontline-screening.desktop

DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 120
DEFAULT_NEUTRAL_NAME = N_("Notes")
MAX_NAME_LENGTH = 40
DEFAULT_DESTROY_AFTER = 10
MIN_DESTROY_AFTER = 3  # the core refuses fewer: a slip of the keyboard must be safe
MAX_DESTROY_AFTER = 99

_LANGUAGE_KEY = "interface/language"
_IDLE_KEY = "lock/idle_minutes"
_NEUTRAL_KEY = "identity/neutral"
_APP_NAME_KEY = "identity/app_name"
_TITLE_KEY = "identity/window_title"
# Every key this module may write; a test checks the settings file holds nothing else.
KEYS = (_LANGUAGE_KEY, _IDLE_KEY, _NEUTRAL_KEY, _APP_NAME_KEY, _TITLE_KEY)

# Offer the pseudo-locale (accented, longer texts in brackets) for layout checks.
PSEUDO_LOCALE_ENV = "FRONTLINE_PSEUDO_LOCALE"

LANGUAGE_HELP = N_(
    "The language of the app's own texts: buttons, headings and guidance for you. The language "
    "used with the person is chosen for each session. A draft translation has not yet been "
    "checked by a fluent reviewer: where a text is not translated, the English shows instead."
)
LANGUAGE_CHANGE_TITLE = N_("Change the interface language?")
LANGUAGE_CHANGE_TEXT = N_(
    "The window is rebuilt in the new language and the case list is shown. Anything typed on "
    "this page and not yet saved will be lost. The vault stays open."
)

QUICK_HIDE_HELP = N_(
    "Press Ctrl+Shift+H or F12, or choose Hide on the toolbar, to replace the window at once "
    "with a blank notes page and lock the vault. Press the same key again to come back to the "
    "unlock screen."
)
IDLE_HELP = N_(
    "The app also locks when the computer goes to sleep or the session is locked, where the "
    "system reports it."
)
NAMES_HELP = N_(
    "Shown in the title bar, the task bar and the window list. Use something ordinary, such as "
    "“Notes”. Never use a person's name."
)
BACKOFF_HELP = N_(
    "After 3 wrong passphrases in a row, the app makes you wait before each new attempt: "
    "1 second, then 2, 4, 8 and so on, up to 5 minutes. This is always on."
)
DESTROY_HELP = N_(
    "Off by default. When it is on and that many wrong passphrases are entered in a row, no "
    "passphrase opens the vault any more: only the recovery key can, and a new passphrase must "
    "then be set. Turn it on only if the recovery key is kept safely away from this computer — "
    "without it, everything in the vault would be lost. It stops guessing through the app; it "
    "does not stop someone who copies the vault files, which is what a strong passphrase is for."
)
DESTROY_WORKER = N_("Only a supervisor can change this setting.")
DESTROY_LOCKED = N_("Unlock the vault to see or change this setting.")


def available_languages() -> list[str]:
    """The interface languages that can be chosen: the shipped locales, and the pseudo-locale
    when ``FRONTLINE_PSEUDO_LOCALE=1``."""
    codes = list(locales())
    if os.environ.get(PSEUDO_LOCALE_ENV) == "1":
        codes.append(PSEUDO_LOCALE)
    return codes


def language_choices() -> list[tuple[str, str]]:
    """(code, label) for the language selector: each language's own name, and whether its
    translation is still a draft (in the current interface language)."""
    choices = []
    for code in available_languages():
        if code == PSEUDO_LOCALE:
            choices.append((code, tr("Pseudo-translation (layout check)")))
            continue
        info = locales()[code]
        if info.status == "draft":
            label = tr("{language} — draft translation").format(language=info.name)
        else:
            label = info.name
        choices.append((code, label))
    return choices


def clean_language(code: object) -> str:
    text = str(code or "")
    return text if text in available_languages() else SOURCE_LOCALE


def open_settings() -> QSettings:
    """The GUI settings store: an INI file under the neutral names above."""
    return QSettings(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        SETTINGS_ORGANISATION,
        SETTINGS_APPLICATION,
    )


def apply_neutral_identity(app: QCoreApplication) -> None:
    """Give the application neutral organisation and application names, so ``QSettings()``
    (and any other Qt file keyed by them) lands under a neutral path. Call once, right after
    creating the application and before creating any ``QSettings``."""
    app.setOrganizationName(SETTINGS_ORGANISATION)
    app.setOrganizationDomain("")
    app.setApplicationName(SETTINGS_APPLICATION)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)


def clean_name(text: str) -> str:
    """One line, no surrounding spaces, at most ``MAX_NAME_LENGTH`` characters."""
    return " ".join(text.split())[:MAX_NAME_LENGTH]


def _as_int(value: object, default: int, low: int, high: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return min(max(number, low), high)


@dataclass(frozen=True)
class GuiSettings:
    idle_minutes: int = DEFAULT_IDLE_MINUTES
    neutral: bool = False
    app_name: str = DEFAULT_NEUTRAL_NAME
    window_title: str = DEFAULT_NEUTRAL_NAME
    language: str = SOURCE_LOCALE  # the interface language: a code from available_languages()

    @classmethod
    def load(cls, store: QSettings) -> GuiSettings:
        defaults = cls()
        return cls(
            idle_minutes=_as_int(
                store.value(_IDLE_KEY, DEFAULT_IDLE_MINUTES),
                DEFAULT_IDLE_MINUTES,
                MIN_IDLE_MINUTES,
                MAX_IDLE_MINUTES,
            ),
            neutral=str(store.value(_NEUTRAL_KEY, "false")).lower() == "true",
            app_name=clean_name(str(store.value(_APP_NAME_KEY, defaults.app_name)))
            or DEFAULT_NEUTRAL_NAME,
            window_title=clean_name(str(store.value(_TITLE_KEY, defaults.window_title)))
            or DEFAULT_NEUTRAL_NAME,
            language=clean_language(store.value(_LANGUAGE_KEY, SOURCE_LOCALE)),
        )

    def save(self, store: QSettings) -> None:
        store.setValue(_LANGUAGE_KEY, clean_language(self.language))
        store.setValue(_IDLE_KEY, int(self.idle_minutes))
        store.setValue(_NEUTRAL_KEY, "true" if self.neutral else "false")
        store.setValue(_APP_NAME_KEY, clean_name(self.app_name) or DEFAULT_NEUTRAL_NAME)
        store.setValue(_TITLE_KEY, clean_name(self.window_title) or DEFAULT_NEUTRAL_NAME)
        store.sync()

    @property
    def shown_app_name(self) -> str:
        return self.app_name if self.neutral else wording.APP_TITLE

    @property
    def shown_title(self) -> str:
        return self.window_title if self.neutral else wording.APP_TITLE

    @property
    def hide_title(self) -> str:
        """The title while the quick-hide screen is up: neutral even when names are not."""
        return self.window_title if self.neutral else tr(DEFAULT_NEUTRAL_NAME)


# -- applying settings to a running window --------------------------------------------------


def window_is_unlocked(window: MainWindow) -> bool:
    """The vault is open and the window shows it (not a locked or first-run screen).

    Right after ``window.lock()`` the unlock page is shown at once while the core's lock job
    is still queued; this reads the screen, not only the service, so it is False then."""
    if not window.service.is_unlocked:
        return False
    locked_pages = (
        window.create_page,
        window.unlock_page,
        window.recovery_unlock_page,
        window.recovery_key_page,
    )
    return window.current_page() not in locked_pages


def apply_names(window: MainWindow, settings: GuiSettings) -> None:
    """The names the operating system shows: window title, application display name (Qt
    appends it to titles that differ from it, so both must be neutral), desktop file name (the
    Wayland app id), and the name on the toolbar."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        app.setApplicationDisplayName(settings.shown_app_name)
        app.setDesktopFileName(NEUTRAL_PROGRAM if settings.neutral else DESKTOP_FILE)
    window.setWindowTitle(settings.shown_title)
    label = window.findChild(QLabel, "appName")
    if label is not None:
        # The window title stays fixed; the name on the toolbar is in the interface language.
        label.setText(settings.app_name if settings.neutral else tr(wording.APP_TITLE))


def set_idle_minutes(window: MainWindow, minutes: float) -> None:
    """Use a new idle timeout now. ``IdleWatcher`` has a fixed interval, so the window's
    watcher is replaced (the window looks ``self.idle`` up each time it starts or stops it)."""
    old = window.idle
    watcher = IdleWatcher(minutes, window)
    watcher.idle.connect(window.lock)
    window.idle = watcher
    window.idle_lock_minutes = minutes  # kept when the window is rebuilt in another language
    old.stop()
    old.idle.disconnect()
    app = QApplication.instance()
    if app is not None:
        app.removeEventFilter(old)
    old.deleteLater()
    if window_is_unlocked(window):
        watcher.start()


def apply_gui_settings(window: MainWindow, settings: GuiSettings) -> None:
    apply_names(window, settings)
    set_idle_minutes(window, settings.idle_minutes)


# -- the dialog -----------------------------------------------------------------------------


def _section(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame, layout = ui.card()
    layout.setContentsMargins(20, 14, 20, 16)
    layout.setSpacing(8)
    layout.addWidget(ui.heading(title, level=2))
    return frame, layout


def _wrapping_check(text: str, accessible_name: str) -> tuple[QWidget, QCheckBox]:
    """A tick box whose words wrap (a QCheckBox's own text does not, and a long translation
    would widen the dialog); clicking the words ticks it too."""
    from desktop.tick_row import TickRow

    row = TickRow("", text)
    row.box.setAccessibleName(accessible_name)
    return row, row.box


def _spin(accessible_name: str, low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setAccessibleName(accessible_name)
    spin.lineEdit().setAccessibleName(accessible_name)
    spin.setRange(low, high)
    spin.setValue(value)
    if suffix:
        spin.setSuffix(suffix)
    spin.setMaximumWidth(140)
    return spin


class SettingsDialog(QDialog):
    """``saved`` carries the new ``GuiSettings`` after they were written to the store."""

    saved = Signal(object)

    def __init__(
        self,
        store: QSettings,
        service: ScreeningService | None = None,
        ops: Operations | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Settings"))
        self.setModal(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(620)
        self.resize(660, 720)
        self._store = store
        self._service = service
        self._ops = ops
        self._current = GuiSettings.load(store)
        self._destroy_after: int | None = None
        self._can_change_destroy = False
        if service is not None and service.is_unlocked:
            self._destroy_after = service.destroy_after
            self._can_change_destroy = service.can(Role.SUPERVISOR)

        body = QWidget()
        body.setObjectName("page")
        column = QVBoxLayout(body)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(14)
        column.addWidget(ui.heading(tr("Settings")))
        column.addWidget(self._build_language_section())
        column.addWidget(self._build_lock_section())
        column.addWidget(self._build_names_section())
        column.addWidget(self._build_destroy_section())
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleName(tr("Save settings"))
        self.cancel_button.setAccessibleName(tr("Cancel"))
        self.save_button.clicked.connect(self._save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 12)
        layout.addWidget(scroll, 1)
        row = QVBoxLayout()
        row.setContentsMargins(20, 0, 20, 0)
        row.addWidget(buttons)
        layout.addLayout(row)
        self._update_enabled()

    # -- sections -------------------------------------------------------------------------

    def _build_language_section(self) -> QFrame:
        frame, layout = _section(tr("Interface language"))
        self.language = ui.combo_box(tr("Interface language"), language_choices())
        shown = current().locale
        index = self.language.findData(shown if shown in available_languages() else SOURCE_LOCALE)
        self.language.setCurrentIndex(max(index, 0))
        layout.addWidget(ui.field_label(tr("Language of the app's texts"), self.language))
        layout.addWidget(self.language)
        layout.addWidget(ui.paragraph(tr(LANGUAGE_HELP), muted=True))
        return frame

    def _build_lock_section(self) -> QFrame:
        frame, layout = _section(tr("Locking"))
        self.idle_minutes = _spin(
            tr("Minutes without use before the app locks"),
            MIN_IDLE_MINUTES,
            MAX_IDLE_MINUTES,
            self._current.idle_minutes,
            # TRANSLATORS: after the number of minutes in a spin box, e.g. "5 min".
            " " + tr("min"),
        )
        layout.addWidget(
            ui.field_label(tr("Lock after this many minutes without use"), self.idle_minutes)
        )
        layout.addWidget(self.idle_minutes)
        layout.addWidget(ui.paragraph(tr(IDLE_HELP), muted=True))
        layout.addSpacing(4)
        layout.addWidget(ui.group_heading(tr("Quick hide")))
        layout.addWidget(ui.paragraph(tr(QUICK_HIDE_HELP), muted=True))
        return frame

    def _build_names_section(self) -> QFrame:
        frame, layout = _section(tr("Names shown by the system"))
        neutral_row, self.neutral = _wrapping_check(
            tr("Use neutral names instead of “{name}”").format(name=wording.APP_TITLE),
            tr("Use neutral names"),
        )
        self.neutral.setChecked(self._current.neutral)
        layout.addWidget(neutral_row)
        self.app_name = ui.line_edit(tr("Application name"))
        self.app_name.setMaxLength(MAX_NAME_LENGTH)
        self.app_name.setText(self._current.app_name)
        self.window_title = ui.line_edit(tr("Window title"))
        self.window_title.setMaxLength(MAX_NAME_LENGTH)
        self.window_title.setText(self._current.window_title)
        for label, field in (
            (tr("Application name"), self.app_name),
            (tr("Window title"), self.window_title),
        ):
            layout.addWidget(ui.field_label(label, field))
            layout.addWidget(field)
        layout.addWidget(ui.paragraph(tr(NAMES_HELP), muted=True))
        self.neutral.toggled.connect(self._update_enabled)
        return frame

    def _build_destroy_section(self) -> QFrame:
        frame, layout = _section(tr("Failed unlock attempts"))
        layout.addWidget(ui.paragraph(tr(BACKOFF_HELP), muted=True))
        self.destroy_row, self.destroy_check = _wrapping_check(
            tr("Disable passphrases after repeated wrong attempts"),
            tr("Disable passphrases after repeated wrong attempts"),
        )
        self.destroy_check.setChecked(self._destroy_after is not None)
        layout.addWidget(self.destroy_row)
        self.destroy_attempts = _spin(
            tr("Wrong attempts in a row before passphrases are disabled"),
            MIN_DESTROY_AFTER,
            MAX_DESTROY_AFTER,
            self._destroy_after or DEFAULT_DESTROY_AFTER,
        )
        layout.addWidget(ui.field_label(tr("Wrong attempts in a row"), self.destroy_attempts))
        layout.addWidget(self.destroy_attempts)
        explanation = ui.banner(
            tr(DESTROY_HELP), name="warning", accessible_name=tr("About this setting")
        )
        layout.addWidget(explanation)
        self.destroy_note = ui.paragraph("", muted=True)
        self.destroy_note.setAccessibleName(tr("Who can change this"))
        if self._service is None or not self._service.is_unlocked:
            self.destroy_note.setText(tr(DESTROY_LOCKED))
        elif not self._can_change_destroy:
            self.destroy_note.setText(tr(DESTROY_WORKER))
        self.destroy_note.setVisible(bool(self.destroy_note.text()))
        layout.addWidget(self.destroy_note)
        self.destroy_check.toggled.connect(self._update_enabled)
        return frame

    def _update_enabled(self, *_args: object) -> None:
        for field in (self.app_name, self.window_title):
            field.setEnabled(self.neutral.isChecked())
        self.destroy_row.setEnabled(self._can_change_destroy)  # the box and its words
        self.destroy_attempts.setEnabled(
            self._can_change_destroy and self.destroy_check.isChecked()
        )

    # -- values ---------------------------------------------------------------------------

    def values(self) -> GuiSettings:
        return replace(
            self._current,
            language=clean_language(self.language.currentData()),
            idle_minutes=self.idle_minutes.value(),
            neutral=self.neutral.isChecked(),
            app_name=clean_name(self.app_name.text()) or DEFAULT_NEUTRAL_NAME,
            window_title=clean_name(self.window_title.text()) or DEFAULT_NEUTRAL_NAME,
        )

    def destroy_value(self) -> int | None:
        return self.destroy_attempts.value() if self.destroy_check.isChecked() else None

    def _save(self) -> None:
        new_destroy = self.destroy_value()
        change_destroy = self._can_change_destroy and new_destroy != self._destroy_after
        if (
            change_destroy
            and new_destroy is not None
            and not confirm.ask(
                self,
                tr("Disable passphrases after failed attempts?"),
                trn(
                    "After {count} wrong passphrase in a row, no passphrase will open the "
                    "vault; only the recovery key will. Is the recovery key stored safely, away "
                    "from this computer?",
                    "After {count} wrong passphrases in a row, no passphrase will open the "
                    "vault; only the recovery key will. Is the recovery key stored safely, away "
                    "from this computer?",
                    new_destroy,
                ).format(count=current().format_number(new_destroy)),
                tr("Turn it on"),
            )
        ):
            return
        settings = self.values()
        if settings.language != current().locale and not self._language_change_confirmed():
            return
        settings.save(self._store)
        if change_destroy:
            self._apply_destroy(new_destroy)
        self.saved.emit(settings)
        self.accept()

    def _language_change_confirmed(self) -> bool:
        """A new interface language rebuilds the window: ask first unless the case list is
        shown (other pages may hold something typed and not yet saved)."""
        window = self.parentWidget()
        page = getattr(window, "current_page", None)
        if not callable(page) or page() is getattr(window, "case_list_page", None):
            return True
        return confirm.ask(
            self, tr(LANGUAGE_CHANGE_TITLE), tr(LANGUAGE_CHANGE_TEXT), tr("Change language")
        )

    def _apply_destroy(self, attempts: int | None) -> None:
        service, ops = self._service, self._ops
        if service is None or ops is None:
            return
        ops.run(lambda: service.set_destroy_after(attempts))


def open_settings_dialog(
    window: MainWindow,
    store: QSettings,
    on_saved: Callable[[GuiSettings], None] | None = None,
) -> SettingsDialog:
    """Show the dialog over ``window``; saved settings are applied to the window at once.

    A new interface language is set and the window is rebuilt in it
    (``MainWindow.rebuild_for_language``): the new window takes the old one's place, over the
    same unlocked vault."""
    dialog = SettingsDialog(store, window.service, window.ops, window)

    def saved(settings: object) -> None:
        assert isinstance(settings, GuiSettings)
        apply_gui_settings(window, settings)
        shown = window
        if settings.language != current().locale:
            set_language(settings.language)
            shown = window.rebuild_for_language()
        shown.messages.show_info(tr("Settings saved."))
        if on_saved is not None:
            on_saved(settings)

    dialog.saved.connect(saved)
    dialog.open()
    return dialog


__all__ = [
    "DEFAULT_IDLE_MINUTES",
    "KEYS",
    "NEUTRAL_PROGRAM",
    "GuiSettings",
    "SettingsDialog",
    "apply_gui_settings",
    "apply_names",
    "apply_neutral_identity",
    "available_languages",
    "language_choices",
    "open_settings",
    "open_settings_dialog",
    "set_idle_minutes",
    "window_is_unlocked",
]
