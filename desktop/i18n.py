"""The interface language for the GUI: ``tr()`` for every visible string, Qt's own dialog texts,
and the layout direction.

The worker's interface language and the person's language are independent: ``tr`` follows the
interface language; person-facing wording goes through ``person_translator(code)``.

Qt's standard texts (OK, Cancel, file dialogs) come from the translations PySide6 ships where it
has them (ar, es, fr), and from our own catalogue (context ``qt:<Qt context>``) where it does
not (ro, vi).
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from screening_tools.i18n import (
    PSEUDO_LOCALE,
    QT_STANDARD_TEXTS,
    SOURCE_LOCALE,
    Translator,
    locales,
)


class GuiTranslator(Translator):
    """The core's translator, with the pseudo-locale's padding made breakable for widgets.

    The pseudo-locale pads each text with a run of "~" (40% of its length) to show where a
    longer translation would not fit. As one unbreakable "word" of up to a hundred characters
    it overflows any word-wrapped label — a problem no real translation has. In the GUI a
    zero-width space every few characters lets it wrap like words."""

    def gettext(self, message: str) -> str:
        return self._shown(super().gettext(message))

    def pgettext(self, context: str, message: str) -> str:
        return self._shown(super().pgettext(context, message))

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._shown(super().ngettext(singular, plural, count))

    def instrument_text(self, instrument_id: str, part: str, field: str, source: str) -> str:
        return self._shown(super().instrument_text(instrument_id, part, field, source))

    def _shown(self, text: str) -> str:
        if self.locale != PSEUDO_LOCALE:
            return text
        return _PADDING.sub(lambda m: "\u200b" + "\u200b".join(_chunks(m.group(0), 6)), text)


def _chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


_PADDING = re.compile("~{4,}")
_current: Translator = GuiTranslator(SOURCE_LOCALE)
_installed: list[QTranslator] = []
_QT_STANDARD = frozenset(QT_STANDARD_TEXTS)


LRM = "\u200e"  # LEFT-TO-RIGHT MARK


def tr(text: str) -> str:
    """The interface text in the worker's language (English source as msgid)."""
    if not text:
        return text  # "" is the catalogue's header entry, never a text to show
    return _english_kept_ltr(text, _current.gettext(text))


def trn(singular: str, plural: str, count: int) -> str:
    english = singular if count == 1 else plural
    return _english_kept_ltr(english, _current.ngettext(singular, plural, count))


def trp(context: str, text: str) -> str:
    if not text:
        return text
    return _english_kept_ltr(text, _current.pgettext(context, text))


def _english_kept_ltr(source: str, shown: str) -> str:
    """English shown in a right-to-left interface (not translated yet) keeps its punctuation
    where English puts it. A button, tab or menu lays its text out in the widget's direction,
    so "New case…" would read "…New case"; marks on both ends keep the English run whole.
    Only texts that start or end with punctuation get them, and never a file-dialog filter
    (Qt reads those as patterns)."""
    if shown != source or not _current.is_rtl or "(*" in shown:
        return shown
    if shown[0].isalnum() and shown[-1].isalnum():
        return shown
    return f"{LRM}{shown}{LRM}"


def current() -> Translator:
    return _current


def person_translator(code: str | None) -> Translator:
    """The person's language, for the bilingual view and the full-screen card."""
    return GuiTranslator(code if code in locales() or code == PSEUDO_LOCALE else SOURCE_LOCALE)


class CatalogueTranslator(QTranslator):
    """Qt's own texts from our catalogue, for locales PySide6 does not translate (and, for the
    pseudo-locale, the standard texts we list, pseudo-translated)."""

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self._pseudo = translator.locale == PSEUDO_LOCALE

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null QString) tells Qt to try the next translator, then keep its own text. An
        # empty string would not: Qt would show "" — blank OK and Cancel buttons.
        if self._pseudo and (context, source) not in _QT_STANDARD:
            return None  # Qt's other texts (e.g. key names used in shortcuts) stay as they are
        text = self._translator.pgettext(f"qt:{context}", source)
        return text if text != source else None

    def isEmpty(self) -> bool:
        return False


def set_language(code: str) -> None:
    """Switch the interface language: our texts, Qt's texts and the layout direction.

    Widgets already built keep their texts; the main window is rebuilt after calling this
    (``MainWindow.rebuild_for_language``; PLATFORM.md: changing direction on a shown window
    does not re-mirror it).
    """
    global _current
    _current = GuiTranslator(code)
    # Installing a translator and changing the direction make Qt send an event to every
    # top-level widget, from a list it takes first. A garbage collection in the middle (any
    # Python event handler may start one) can delete a Python-owned window still in that list,
    # and Qt then reads freed memory (a crash seen in the test suite). Collect first; no
    # collection during the switch.
    gc.collect()
    collecting = gc.isenabled()
    gc.disable()
    try:
        _install(code)
    finally:
        if collecting:
            gc.enable()


def _install(code: str) -> None:
    app = QCoreApplication.instance()
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    qt_translator = QTranslator()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if code != SOURCE_LOCALE and qt_translator.load(f"qtbase_{code}", qt_dir):
        QCoreApplication.installTranslator(qt_translator)
        _installed.append(qt_translator)
    elif code != SOURCE_LOCALE:
        ours = CatalogueTranslator(_current)
        QCoreApplication.installTranslator(ours)
        _installed.append(ours)
    QLocale.setDefault(QLocale(code if code != PSEUDO_LOCALE else SOURCE_LOCALE))
    if isinstance(app, QApplication):
        app.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if _current.is_rtl else Qt.LayoutDirection.LeftToRight
        )


def qt_translators() -> list[QTranslator]:
    """The translators ``set_language`` installed for Qt's own texts (PySide6's ``qtbase_*``
    or a ``CatalogueTranslator``); empty for English."""
    return list(_installed)


def shipped_qt_translation(code: str) -> Path | None:
    path = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / f"qtbase_{code}.qm"
    return path if path.exists() else None
