"""The interface language for the GUI: ``tr()`` for every visible string, Qt's own dialog texts,
and the layout direction.

The worker's interface language and the person's language are independent: ``tr`` follows the
interface language; person-facing wording goes through ``person_translator(code)``.

Qt's standard texts (OK, Cancel, file dialogs) come from the translations PySide6 ships where it
has them (ar, es, fr), and from our own catalogue (context ``qt:<Qt context>``) where it does
not (ro, vi).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from screening_tools.i18n import PSEUDO_LOCALE, SOURCE_LOCALE, Translator, locales

_current = Translator(SOURCE_LOCALE)
_installed: list[QTranslator] = []


def tr(text: str) -> str:
    """The interface text in the worker's language (English source as msgid)."""
    return _current.gettext(text)


def trn(singular: str, plural: str, count: int) -> str:
    return _current.ngettext(singular, plural, count)


def trp(context: str, text: str) -> str:
    return _current.pgettext(context, text)


def current() -> Translator:
    return _current


def person_translator(code: str | None) -> Translator:
    """The person's language, for the bilingual view and the full-screen card."""
    return Translator(code if code in locales() or code == PSEUDO_LOCALE else SOURCE_LOCALE)


class CatalogueTranslator(QTranslator):
    """Qt's own texts from our catalogue, for locales PySide6 does not translate."""

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        text = self._translator.pgettext(f"qt:{context}", source)
        return text if text != source else ""  # "" tells Qt to fall back to its own

    def isEmpty(self) -> bool:
        return False


def set_language(code: str) -> None:
    """Switch the interface language: our texts, Qt's texts and the layout direction.

    Widgets already built keep their texts; the main window rebuilds its pages after calling
    this (PLATFORM.md: changing direction on a shown window does not re-mirror it).
    """
    global _current
    _current = Translator(code)
    app = QCoreApplication.instance()
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    qt_translator = QTranslator()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if code != SOURCE_LOCALE and qt_translator.load(f"qtbase_{code}", qt_dir):
        QCoreApplication.installTranslator(qt_translator)
        _installed.append(qt_translator)
    elif code not in (SOURCE_LOCALE, PSEUDO_LOCALE):
        ours = CatalogueTranslator(_current)
        QCoreApplication.installTranslator(ours)
        _installed.append(ours)
    QLocale.setDefault(QLocale(code if code != PSEUDO_LOCALE else SOURCE_LOCALE))
    if isinstance(app, QApplication):
        app.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if _current.is_rtl else Qt.LayoutDirection.LeftToRight
        )


def shipped_qt_translation(code: str) -> Path | None:
    path = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / f"qtbase_{code}.qm"
    return path if path.exists() else None
