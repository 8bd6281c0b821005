"""Person-facing wording in the person's language: the one data path the bilingual view uses.

Until the languages issue lands, every language falls back to the English source text and says
so plainly, so a worker never shows a person English while believing it is their language.
"""

from __future__ import annotations

from screening_tools.content import Item

SOURCE_LANGUAGE = "en"

# (code, name shown in the selector): the person's own name for the language, then English.
PERSON_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("es", "Español (Spanish)"),
    ("fr", "Français (French)"),
    ("ar", "العربية (Arabic)"),
    ("ro", "Română (Romanian)"),
    ("vi", "Tiếng Việt (Vietnamese)"),
)
ENGLISH_NAMES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "ar": "Arabic",
    "ro": "Romanian",
    "vi": "Vietnamese",
}
NOT_TRANSLATED = "(English — not yet translated)"


def language_name(lang: str) -> str:
    """The language's name in English, for the worker (e.g. 'Romanian')."""
    return ENGLISH_NAMES.get(lang, lang)


def person_wording(item: Item, lang: str) -> tuple[str, str | None] | None:
    """The item's person-facing text in ``lang`` and a note when it is not really in ``lang``.

    None when the item has nothing to read to the person (it is observed, not asked).
    """
    if item.person_text is None:
        return None
    if lang == SOURCE_LANGUAGE:
        return item.person_text, None
    return item.person_text, NOT_TRANSLATED


def person_text(item: Item, lang: str) -> str | None:
    """The item's person-facing text in ``lang``, marked when it is the English fallback."""
    wording = person_wording(item, lang)
    if wording is None:
        return None
    text, note = wording
    return f"{text}\n{note}" if note else text


RIGHT_TO_LEFT = frozenset({"ar"})


def is_right_to_left(lang: str, note: str | None = None) -> bool:
    """True for a right-to-left language, unless the text shown is the English fallback."""
    return lang in RIGHT_TO_LEFT and note is None
