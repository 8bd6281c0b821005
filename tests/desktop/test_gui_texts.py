"""The person-facing text lookup: the person's language from the catalogue, English marked."""

from __future__ import annotations

from desktop import texts
from screening_tools.i18n import Translator
from screening_tools.service import ScreeningService


def _items(tmp_path):  # type: ignore[no-untyped-def]
    instrument = ScreeningService(tmp_path).instrument("adult-indicators")
    asked = next(i for i in instrument.items() if i.person_text)
    observed = next(i for i in instrument.items() if not i.person_text)
    return instrument.id, asked, observed


def test_english_is_the_source_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    instrument_id, asked, observed = _items(tmp_path)
    assert texts.person_text(instrument_id, asked, "en") == asked.person_text
    assert texts.person_wording(instrument_id, asked, "en") == (asked.person_text, None)
    assert texts.person_text(instrument_id, observed, "en") is None  # observed, never asked


def test_other_languages_come_from_their_catalogues(tmp_path) -> None:  # type: ignore[no-untyped-def]
    instrument_id, asked, _ = _items(tmp_path)
    for lang in ("es", "fr", "ar", "ro", "vi"):
        wording = texts.person_wording(instrument_id, asked, lang)
        assert wording is not None
        text, note = wording
        expected = Translator(lang).instrument_text(
            instrument_id, asked.id, "person_text", str(asked.person_text)
        )
        assert text == expected and text != asked.person_text
        assert note is None  # really in that language: no "not translated" marker
    assert texts.language_name("ro") == "Romanian"
