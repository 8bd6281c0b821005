"""The person-facing text lookup: English now, honestly marked when another language is asked."""

from __future__ import annotations

from desktop import texts
from screening_tools.service import ScreeningService


def _items(tmp_path):  # type: ignore[no-untyped-def]
    instrument = ScreeningService(tmp_path).instrument("adult-indicators")
    asked = next(i for i in instrument.items() if i.person_text)
    observed = next(i for i in instrument.items() if not i.person_text)
    return asked, observed


def test_english_is_the_source_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    asked, observed = _items(tmp_path)
    assert texts.person_text(asked, "en") == asked.person_text
    assert texts.person_wording(asked, "en") == (asked.person_text, None)
    assert texts.person_text(observed, "en") is None  # observed, never asked


def test_other_languages_fall_back_to_marked_english(tmp_path) -> None:  # type: ignore[no-untyped-def]
    asked, _ = _items(tmp_path)
    for lang, _name in texts.PERSON_LANGUAGES[1:]:
        text = texts.person_text(asked, lang)
        assert text is not None
        assert text.startswith(str(asked.person_text))
        assert text.endswith(texts.NOT_TRANSLATED)
        assert texts.NOT_TRANSLATED == "(English — not yet translated)"
    # English shown in place of Arabic is still laid out left to right.
    assert not texts.is_right_to_left("ar", texts.NOT_TRANSLATED)
    assert texts.is_right_to_left("ar", None)
    assert texts.language_name("ro") == "Romanian"
