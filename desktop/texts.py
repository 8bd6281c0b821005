"""Instrument wording in the right language: the worker's (``tr``'s language) for what the worker
reads, the person's for the bilingual view and the full-screen card.

Person-facing wording comes from the ``instruments`` catalogue of the person's language. When the
catalogue has no translation of a text, the English source shows with a plain note saying so, so
a worker never shows a person English while believing it is their language.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from babel.dates import format_time

from desktop.i18n import current, person_translator, tr
from screening_tools.i18n import N_, PSEUDO_LOCALE, SOURCE_LOCALE, strip_bidi

if TYPE_CHECKING:
    # Only for annotations: the pydantic content models load on first use, not at start-up.
    from screening_tools.content import Group, Instrument, Item

SOURCE_LANGUAGE = SOURCE_LOCALE

# (code, the language's own name): the selector adds the name in the worker's language.
NATIVE_NAMES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ar", "العربية"),
    ("ro", "Română"),
    ("vi", "Tiếng Việt"),
)
ENGLISH_NAMES = {
    "en": N_("English"),
    "es": N_("Spanish"),
    "fr": N_("French"),
    "ar": N_("Arabic"),
    "ro": N_("Romanian"),
    "vi": N_("Vietnamese"),
}
# (code, name shown in the selector) in English, as before; the GUI uses person_languages().
PERSON_LANGUAGES: tuple[tuple[str, str], ...] = tuple(
    (code, native if code == SOURCE_LANGUAGE else f"{native} ({ENGLISH_NAMES[code]})")
    for code, native in NATIVE_NAMES
)
NOT_TRANSLATED = N_("(English — not yet translated)")


def language_name(lang: str) -> str:
    """The language's name in the worker's language (e.g. 'Romanian'), for the worker."""
    name = ENGLISH_NAMES.get(lang)
    return tr(name) if name is not None else lang


def person_languages() -> list[tuple[str, str]]:
    """(code, label) for the person's-language selector: the language's own name, then its name
    in the worker's language when that differs."""
    choices = []
    for code, native in NATIVE_NAMES:
        name = language_name(code)
        label = (
            native if name == native else tr("{native} ({name})").format(native=native, name=name)
        )
        choices.append((code, label))
    return choices


# -- the worker's language ------------------------------------------------------------------


def instrument_text(instrument_id: str, part: str, field: str, source: str) -> str:
    """Instrument wording in the worker's language (the English source when not translated)."""
    return current().instrument_text(instrument_id, part, field, source)


def item_text(instrument_id: str, item: Item, field: str = "worker_text") -> str:
    """An item's ``worker_text`` or ``guidance`` in the worker's language."""
    source = getattr(item, field)
    return instrument_text(instrument_id, item.id, field, source) if source else ""


def group_text(instrument_id: str, group: Group, field: str = "title") -> str:
    """A group's ``title`` or ``description`` in the worker's language ("" when it has none)."""
    source = getattr(group, field)
    return instrument_text(instrument_id, f"group:{group.id}", field, source) if source else ""


def own_text(instrument: Instrument, field: str) -> str:
    """The instrument's own ``title``, ``description``, ``caveat`` or ``on_concern`` in the
    worker's language ("" when it has none)."""
    source = getattr(instrument, field)
    return instrument_text(instrument.id, "", field, source) if source else ""


def next_steps(instrument_id: str, steps: list[str]) -> list[str]:
    """An instrument's suggested next steps in the worker's language."""
    return [
        instrument_text(instrument_id, "", f"next_steps.{index}", step)
        for index, step in enumerate(steps)
    ]


# -- the person's language ------------------------------------------------------------------


def person_wording(instrument_id: str, item: Item, lang: str) -> tuple[str, str | None] | None:
    """The item's person-facing text in ``lang`` and a note when it is not really in ``lang``.

    None when the item has nothing to read to the person (it is observed, not asked).
    """
    if item.person_text is None:
        return None
    if lang == SOURCE_LANGUAGE:
        return item.person_text, None
    translator = person_translator(lang)
    if translator.has_instrument_text(instrument_id, item.id, "person_text", item.person_text):
        return translator.instrument_text(
            instrument_id, item.id, "person_text", item.person_text
        ), None
    return item.person_text, tr(NOT_TRANSLATED)


def person_text(instrument_id: str, item: Item, lang: str) -> str | None:
    """The item's person-facing text in ``lang``, marked when it is the English fallback."""
    wording = person_wording(instrument_id, item, lang)
    if wording is None:
        return None
    text, note = wording
    return f"{text}\n{note}" if note else text


def is_right_to_left(lang: str, note: str | None = None) -> bool:
    """True for a right-to-left language, unless the text shown is the English fallback."""
    return note is None and person_translator(lang).is_rtl


# -- dates, times and numbers in the worker's language ---------------------------------------


def local_time(value: datetime) -> str:
    """A stored (UTC) time as the worker's local date and time, in the worker's language."""
    return current().format_datetime(value.astimezone())


def clock_time(value: datetime | None = None) -> str:
    """A time of day (now, by default) in the worker's language, e.g. '2:05 PM' or '14:05'."""
    locale = current().locale
    when = (value or datetime.now()).astimezone()
    return strip_bidi(
        format_time(
            when.timetz(), "short", locale=SOURCE_LOCALE if locale == PSEUDO_LOCALE else locale
        )
    )


def number(value: float) -> str:
    return current().format_number(value)
