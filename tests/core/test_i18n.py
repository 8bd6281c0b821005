"""Translations: complete, placeholders intact, the right plural forms, calm wording."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from babel.messages.plurals import get_plural

from screening_tools.i18n import (
    DOMAINS,
    Translator,
    check_locale,
    load_catalog,
    locales,
    placeholders,
    plural_index,
    pseudo,
    strip_bidi,
)

SHIPPED = ["en", "es", "fr", "ar", "ro", "vi"]
TRANSLATED = [code for code in SHIPPED if code != "en"]

# Statements that a person IS a victim, per language. Hedged wording ("may be", "potential")
# is allowed; a determination never is.
DETERMINATION = {
    "en": r"\bis a victim\b|confirmed victim",
    "es": r"\bes (una )?víctima\b|víctima confirmada",
    "fr": r"\best (une )?victime\b|victime confirmée",
    "ar": r"هو ضحية|هي ضحية|ضحية مؤكدة",
    "ro": r"\beste (o )?victimă\b|victimă confirmată",
    "vi": r"(?<!có thể )là nạn nhân|nạn nhân được xác nhận",
}


def test_the_six_locales_ship_with_a_status() -> None:
    info = locales()
    assert list(info) == SHIPPED
    assert info["en"].status == "source"
    # Machine-assisted translations are drafts until a fluent reviewer approves them.
    assert all(info[c].status == "draft" for c in TRANSLATED)
    assert info["ar"].direction == "rtl" and Translator("ar").is_rtl


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated(code: str, domain: str) -> None:
    (report,) = [r for r in check_locale(code) if r.domain == domain]
    assert report.missing == 0, f"{code}/{domain}: {report.missing} missing"
    assert report.fuzzy == 0
    assert report.placeholder_mismatches == []
    assert report.plural_forms_ok


@pytest.mark.parametrize("code", TRANSLATED)
def test_plural_forms_are_the_locales(code: str) -> None:
    catalog = load_catalog(code, "frontline")
    assert catalog is not None
    assert catalog.num_plurals == get_plural(code).num_plurals


@pytest.mark.parametrize("code", SHIPPED)
def test_no_determination_language_in_any_locale(code: str) -> None:
    pattern = re.compile(DETERMINATION[code], re.IGNORECASE)
    for domain in DOMAINS:
        catalog = load_catalog(code, domain) if code != "en" else None
        texts = (
            [str(m.string) for m in catalog if m.id]
            if catalog
            else [str(m.id) for m in (load_catalog("es", domain) or []) if m.id]
        )
        hits = [t for t in texts if pattern.search(t)]
        assert hits == [], f"{code}/{domain}: {hits[:3]}"


def test_plural_index_follows_cldr() -> None:
    # Babel's gettext order for Arabic: 11..99 take the last form, 100..102 the fifth.
    assert [plural_index("ar", n) for n in (0, 1, 2, 5, 11, 100)] == [0, 1, 2, 3, 5, 4]
    assert [plural_index("ro", n) for n in (1, 2, 20, 101)] == [0, 1, 2, 1]
    assert plural_index("vi", 7) == 0


def test_pseudo_locale_is_longer_and_keeps_placeholders() -> None:
    text = "Open case {reference} for %(name)s"
    out = pseudo(text)
    assert len(out) >= len(text) * 1.4
    assert placeholders(out) == placeholders(text)
    assert Translator("qps").gettext("Lock") != "Lock"


def test_dates_and_numbers_follow_the_locale() -> None:
    when = datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
    assert "20" in Translator("fr").format_date(when.date()) and "nov" in Translator(
        "fr"
    ).format_date(when.date())
    arabic = Translator("ar").format_datetime(when)
    assert arabic == strip_bidi(arabic)  # no invisible direction marks left in
    assert Translator("vi").format_number(12345.5) == "12.345,5"


@pytest.mark.parametrize("code", TRANSLATED)
def test_instrument_text_comes_from_the_catalogue(code: str) -> None:
    from screening_tools.content.loader import get_instrument

    adult = get_instrument("adult-indicators")
    item = adult.items()[0]
    translator = Translator(code)
    text = translator.instrument_text(adult.id, item.id, "worker_text", item.worker_text)
    assert text and text != item.worker_text
