"""Translations without Qt: gettext catalogues read with Babel, locale-aware dates and numbers,
and the direction of the text.

Two domains (``translations/<locale>/LC_MESSAGES/<domain>.po``):

* ``frontline`` — the interface; msgid is the English text.
* ``instruments`` — instrument wording; msgctxt is ``<instrument>:<item or group>:<field>`` so
  the same English sentence in two items can be translated differently.

Catalogues are read from the ``.po`` files directly (Babel parses them; no compiled ``.mo``
needs to be built or shipped). Fuzzy and empty entries are never used: the English source
shows instead, so a half-finished catalogue can never show a wrong text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from screening_tools.paths import translations_dir

DOMAINS = ("frontline", "instruments")
SOURCE_LOCALE = "en"
PSEUDO_LOCALE = "qps"  # accented and 40% longer: shows truncation and hard-coded text
BIDI_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


# Qt's own dialog texts for locales PySide6 ships no translation for (desktop/i18n.py uses
# them with the context "qt:<Qt context>"). Listed here so the core can extract without Qt.
QT_STANDARD_TEXTS: tuple[tuple[str, str], ...] = (
    ("QPlatformTheme", "OK"),
    ("QPlatformTheme", "Cancel"),
    ("QPlatformTheme", "&Yes"),
    ("QPlatformTheme", "&No"),
    ("QPlatformTheme", "Close"),
    ("QPlatformTheme", "Save"),
    ("QPlatformTheme", "Open"),
    ("QPlatformTheme", "Discard"),
    ("QPlatformTheme", "Apply"),
    ("QPlatformTheme", "Reset"),
    ("QPlatformTheme", "Help"),
    ("QPlatformTheme", "Retry"),
    ("QFileDialog", "File &name:"),
    ("QFileDialog", "Files of type:"),
    ("QFileDialog", "Look in:"),
    ("QFileDialog", "&Open"),
    ("QFileDialog", "&Save"),
    ("QFileDialog", "Cancel"),
    ("QLineEdit", "&Copy"),
    ("QLineEdit", "&Paste"),
    ("QLineEdit", "Cu&t"),
    ("QLineEdit", "Select All"),
    ("QLineEdit", "&Undo"),
    ("QLineEdit", "&Redo"),
    ("QLineEdit", "Delete"),
)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class LocaleInfo:
    code: str
    name: str
    direction: str  # "ltr" | "rtl"
    status: str  # "source" | "draft" | "reviewed"


@functools.cache
def locales() -> dict[str, LocaleInfo]:
    data = yaml.safe_load((translations_dir() / "locales.yaml").read_text(encoding="utf-8"))
    return {
        entry["code"]: LocaleInfo(entry["code"], entry["name"], entry["direction"], entry["status"])
        for entry in data
    }


def po_path(locale: str, domain: str) -> Path:
    return translations_dir() / locale / "LC_MESSAGES" / f"{domain}.po"


@functools.cache
def load_catalog(locale: str, domain: str) -> Catalog | None:
    path = po_path(locale, domain)
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=domain)


def instrument_context(instrument_id: str, part: str, field: str) -> str:
    """``part`` is an item id, ``group:<id>``, or empty for the instrument itself."""
    return f"{instrument_id}:{part}:{field}"


class Translator:
    """Everything shown in one language: the worker's, or the person's."""

    def __init__(self, locale: str = SOURCE_LOCALE) -> None:
        self.locale = locale
        self._pseudo = locale == PSEUDO_LOCALE
        self._babel = Locale.parse("en" if self._pseudo else locale)

    @property
    def direction(self) -> str:
        return "rtl" if self._babel.text_direction == "rtl" else "ltr"

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"

    def _lookup(self, domain: str, message: str, context: str | None = None) -> str | None:
        if self._pseudo:
            return pseudo(message)
        if self.locale == SOURCE_LOCALE:
            return None
        catalog = load_catalog(self.locale, domain)
        if catalog is None:
            return None
        entry = catalog.get(message, context=context)
        if entry is None or entry.fuzzy or not entry.string:
            return None
        if isinstance(entry.string, tuple):
            return entry.string[0] or None
        return str(entry.string)

    def gettext(self, message: str) -> str:
        return self._lookup("frontline", message) or message

    def pgettext(self, context: str, message: str) -> str:
        return self._lookup("frontline", message, context) or message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        if self._pseudo:
            return pseudo(singular if count == 1 else plural)
        catalog = None if self.locale == SOURCE_LOCALE else load_catalog(self.locale, "frontline")
        entry = catalog.get(singular) if catalog else None
        if entry is not None and not entry.fuzzy and isinstance(entry.string, tuple):
            index = plural_index(self.locale, count)
            if index < len(entry.string) and entry.string[index]:
                return str(entry.string[index])
        return singular if count == 1 else plural

    def instrument_text(self, instrument_id: str, part: str, field: str, source: str) -> str:
        """An instrument's wording in this language, or the English source when missing."""
        context = instrument_context(instrument_id, part, field)
        return self._lookup("instruments", source, context) or source

    def has_instrument_text(self, instrument_id: str, part: str, field: str, source: str) -> bool:
        context = instrument_context(instrument_id, part, field)
        return self._lookup("instruments", source, context) is not None

    # -- formatting ---------------------------------------------------------------------------

    def format_datetime(self, value: datetime, fmt: str = "medium") -> str:
        return strip_bidi(_format_datetime(value, format=fmt, locale=self._babel))

    def format_date(self, value: date, fmt: str = "medium") -> str:
        return strip_bidi(_format_date(value, format=fmt, locale=self._babel))

    def format_number(self, value: float) -> str:
        return strip_bidi(format_decimal(value, locale=self._babel))


def plural_index(locale: str, count: int) -> int:
    """Which plural form gettext uses for ``count`` in this locale (Babel's CLDR rules,
    compiled by the standard library's own gettext expression parser)."""
    from gettext import c2py

    from babel.messages.plurals import get_plural

    return int(c2py(get_plural(locale).plural_expr)(abs(count)))


def strip_bidi(text: str) -> str:
    """Babel puts direction marks into Arabic dates; drawn text must not carry them."""
    return "".join(ch for ch in text if ch not in BIDI_MARKS)


_PSEUDO_MAP = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅßÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_PLACEHOLDER = re.compile(r"(%\([a-z_]+\)[sd]|\{[a-z_0-9]*\}|%[sd]|&\w)")


def pseudo(text: str) -> str:
    """Accented and about 40% longer, placeholders untouched, wrapped in brackets."""
    parts = _PLACEHOLDER.split(text)
    out = "".join(p if _PLACEHOLDER.fullmatch(p) else p.translate(_PSEUDO_MAP) for p in parts)
    padding = "~" * max(1, round(len(text) * 0.4))
    return f"[{out}{padding}]"


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\([a-z_]+\)[sd]|\{[a-z_0-9]*\}|%[sd]", text))


@dataclass(frozen=True)
class DomainReport:
    domain: str
    messages: int
    translated: int
    missing: int
    fuzzy: int
    placeholder_mismatches: list[str]
    plural_forms_ok: bool


def check_locale(locale: str) -> list[DomainReport]:
    reports = []
    for domain in DOMAINS:
        template = _template(domain)
        total = sum(1 for m in template if m.id)
        if locale == SOURCE_LOCALE:
            reports.append(DomainReport(domain, total, total, 0, 0, [], True))
            continue
        catalog = load_catalog(locale, domain)
        translated = fuzzy = 0
        mismatches: list[str] = []
        for message in template:
            if not message.id:
                continue
            entry = catalog.get(message.id, context=message.context) if catalog else None
            if (
                entry is None
                or not entry.string
                or (isinstance(entry.string, tuple) and not all(entry.string))
            ):
                continue
            if entry.fuzzy:
                fuzzy += 1
                continue
            translated += 1
            source = message.id if isinstance(message.id, str) else message.id[0]
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            for text in strings:
                if placeholders(str(text)) != placeholders(str(source)):
                    mismatches.append(f"{message.context or ''}|{source[:60]}")
                    break
        plural_ok = catalog is not None and catalog.num_plurals == _expected_plurals(locale)
        reports.append(
            DomainReport(
                domain, total, translated, total - translated - fuzzy, fuzzy, mismatches, plural_ok
            )
        )
    return reports


def _expected_plurals(locale: str) -> int:
    from babel.messages.plurals import get_plural

    return int(get_plural(locale).num_plurals)


def _template(domain: str) -> Catalog:
    path = translations_dir() / f"{domain}.pot"
    with path.open("rb") as handle:
        return read_po(handle, domain=domain)


def check_all() -> dict[str, Any]:
    result: dict[str, Any] = {}
    for code, info in locales().items():
        domains = check_locale(code)
        messages = sum(d.messages for d in domains)
        translated = sum(d.translated for d in domains)
        result[code] = {
            "name": info.name,
            "status": info.status,
            "direction": info.direction,
            "messages": messages,
            "translated": translated,
            "missing": sum(d.missing for d in domains),
            "fuzzy": sum(d.fuzzy for d in domains),
            "placeholder_mismatches": sum(len(d.placeholder_mismatches) for d in domains),
            "plural_forms_ok": all(d.plural_forms_ok for d in domains),
            "percent": round(100 * translated / messages, 1) if messages else 100.0,
            "domains": {d.domain: d.__dict__ for d in domains},
        }
    return result


__all__ = ["N_", "Translator", "check_all", "locales"]
