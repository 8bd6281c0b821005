"""The PDF parts: what each contains (and does not), page numbers, Arabic, no files, metadata."""

from __future__ import annotations

import builtins
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest

from screening_tools.consent import (
    ConsentDecision,
    ConsentGiver,
    ConsentMethod,
    DataCategory,
    Purpose,
)
from screening_tools.flow import AgeStatus, InterpreterType
from screening_tools.referral.model import NOT_A_DETERMINATION, BasisKind
from screening_tools.referral.pdf import render_packet_pdf, render_person_copy
from screening_tools.referral.pdf_labels import (
    LABEL_STATUS,
    LABELS,
    format_when,
    labels_for,
    missing_keys,
)
from screening_tools.referral.pdf_text import (
    FONT,
    FONT_BOLD,
    register_fonts,
    reorder,
    shape,
    visual,
    wrap_logical,
)
from tests.packet_samples import WHEN, sample_content

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="needs poppler-utils (pdftotext, pdfinfo)",
)

C = DataCategory
MONITORING = [C.DEMOGRAPHICS, C.INDICATORS, C.NEEDS, C.SECURITY_CONCERNS, C.HEALTH]
REFERENCE = "FS-AC3D-EF47"
# Text from tests/packet_samples.py that only appears when its category is shared.
CATEGORY_MARKERS: dict[DataCategory, list[str]] = {
    C.IDENTITY: ["Ana Sample"],
    C.CONTACT: ["via the outreach team"],
    C.INDICATORS: ["Labour exploitation", "Sample indicator number 1:"],
    C.HEALTH: ["Sample indicator number 0:", "Physical signs"],
    C.NEEDS: ["A safe place to stay tonight", "Legal advice"],
    C.SECURITY_CONCERNS: ["secure transport"],
    C.DISCLOSURE_SUMMARY: ["Said the employer keeps the passport."],
    C.NOTES: ["Arrived with a companion who answered for them."],
}
_BIDI_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def _run(tool: str, data: bytes, *args: str) -> str:
    done = subprocess.run([tool, *args, "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def raw_text(data: bytes, page: int | None = None) -> str:
    pages = ("-f", str(page), "-l", str(page)) if page else ()
    return _run("pdftotext", data, *pages)


def text(data: bytes, page: int | None = None) -> str:
    """Extracted text, presentation forms folded (NFKC), bidi marks dropped, spaces collapsed."""
    folded = _BIDI_MARKS.sub("", unicodedata.normalize("NFKC", raw_text(data, page)))
    return " ".join(folded.split())


def words(value: str) -> str:
    """Letters and digits only, as space-separated tokens: compares Arabic whatever pdftotext
    does with punctuation around the runs it reorders. Harakat are dropped (the shaper does)."""
    folded = unicodedata.normalize("NFKC", value)
    folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")
    return " ".join(re.findall(r"[^\W\d_]+|\d+", folded))


def info(data: bytes) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True)
    pairs = (line.split(":", 1) for line in out.stdout.decode("utf-8").splitlines())
    return {k.strip(): v.strip() for k, v in pairs}


def pages(data: bytes) -> int:
    return int(info(data)["Pages"])


# -- the recipient's PDF, English ------------------------------------------------------------


def test_english_packet_has_every_shared_field() -> None:
    pdf = render_packet_pdf(sample_content())
    body = text(pdf)
    for expected in [
        "Referral",
        REFERENCE,
        "pkt-0000-sample",
        "Support provider (fictional)",
        "Outreach worker A",
        "Shared with the person's consent",
        "Adult referral for support",
        "United Kingdom (England & Wales)",
        "Professional interpreter, by phone",
        "Romanian",
        "Observed by the referrer",
        "Described by the person",
        "November 20, 2026",
        "UTC",
        "Consent record",
        "Tell Harbour Outreach at any time, by phone or in person.",
        "Data shared and with whom",
        "Immigration status",
    ]:
        assert expected in body, expected
    for markers in CATEGORY_MARKERS.values():
        for marker in markers:
            assert marker in body, marker
    for i in range(6):
        assert f"Sample indicator number {i}: someone else holds their identity documents." in body
    # The statement near the top of page 1, and again at the end.
    assert body.count(NOT_A_DETERMINATION) == 2
    first_page = text(pdf, 1)
    assert NOT_A_DETERMINATION in first_page
    assert first_page.index(NOT_A_DETERMINATION) < first_page.index("Route and basis")
    assert body.rstrip().endswith(
        f"{NOT_A_DETERMINATION} Referral packet · Packet pkt-0000-sample "
        f"Page {pages(pdf)} of {pages(pdf)}"
    )


@pytest.mark.parametrize(
    "shared", [[C.INDICATORS], [C.IDENTITY], [C.NOTES, C.NEEDS], [], MONITORING]
)
def test_categories_not_shared_leave_no_trace(shared: list[DataCategory]) -> None:
    content = sample_content(categories=shared)
    for rendered in (render_packet_pdf(content), render_person_copy(content)):
        body = text(rendered)
        assert REFERENCE in body
        for category, markers in CATEGORY_MARKERS.items():
            for marker in markers:
                if category not in shared:
                    assert marker not in body, (category, marker)


def test_indicators_only_names_nothing_else() -> None:
    body = text(render_packet_pdf(sample_content(categories=[C.INDICATORS])))
    for absent in [
        "Ana Sample",
        "Arrived with a companion",
        "keeps the passport",
        "Referrer's notes",
    ]:
        assert absent not in body
    assert "Sample indicator number 1:" in body and "Sample indicator number 0:" not in body


def test_monitoring_only_has_no_name_or_contact() -> None:
    content = sample_content(basis=BasisKind.MONITORING_ONLY, categories=MONITORING)
    assert content.consent is None
    body = text(render_packet_pdf(content))
    assert "Monitoring notification" in body
    assert "Monitoring-only notification" in body  # the basis label
    assert REFERENCE in body
    for absent in ["Ana Sample", "via the outreach team", "How to reach them", "Consent record"]:
        assert absent not in body
    copy = text(render_person_copy(content))
    assert "Your name and contact details were not shared." in copy
    assert "No decision about you will be made" in copy


def test_safeguarding_exception_is_prominent_on_page_one() -> None:
    first = text(render_packet_pdf(sample_content(basis=BasisKind.SAFEGUARDING_EXCEPTION)), 1)
    for expected in [
        "Shared without consent — exception",
        "Serious risk of harm from the people controlling the person.",
        "Supervisor B",
        "Signed off on November 20, 2026",
    ]:
        assert expected in first, expected
    assert first.index("Shared without consent — exception") < first.index("Route and basis")


def test_child_protection_shows_the_childs_views() -> None:
    body = text(render_packet_pdf(sample_content(basis=BasisKind.CHILD_PROTECTION)))
    assert "The child's views Wants to stay with their sibling." in body
    assert "Child-protection referral" in body


def test_many_indicators_flow_over_numbered_pages() -> None:
    pdf = render_packet_pdf(sample_content(indicator_count=60))
    total = pages(pdf)
    assert total >= 4
    for page in range(1, total + 1):
        on_page = text(pdf, page)
        assert f"Page {page} of {total}" in on_page
        assert "Packet pkt-0000-sample" in on_page
        assert "Ana Sample" not in on_page.split("Page")[-1]  # the footer names no one
    body = text(pdf)
    for i in range(60):
        assert f"Sample indicator number {i}: someone else" in body, i
    # Column headers repeat where a group's table continues on the next page.
    assert body.count("Indicator How it was noted Recorded") > 2


def test_long_free_text_splits_across_pages_instead_of_failing() -> None:
    base = sample_content(basis=BasisKind.SAFEGUARDING_EXCEPTION, indicator_count=2)
    long = " ".join(["The people controlling the person follow them to work every day."] * 150)
    content = base.model_copy(
        update={
            "basis": base.basis.model_copy(update={"justification": long}),
            "notes": [base.notes[0].model_copy(update={"body": long})],
        }
    )
    pdf = render_packet_pdf(content)
    assert pages(pdf) > 3
    assert text(pdf).count("follow them to work every day.") == 300


def test_us_jurisdiction_gets_letter_paper() -> None:
    base = sample_content()
    content = base.model_copy(
        update={"basis": base.basis.model_copy(update={"jurisdiction_id": "us-federal"})}
    )
    assert "letter" in info(render_packet_pdf(content))["Page size"]
    assert "A4" in info(render_packet_pdf(base))["Page size"]


def test_other_languages_use_their_catalogue_labels_and_local_dates() -> None:
    from screening_tools.i18n import Translator
    from screening_tools.referral.pdf_labels import PDF_CONTEXT, source_labels

    heading = source_labels()["sec.indicators"]
    romanian = Translator("ro").pgettext(PDF_CONTEXT + "sec.indicators", heading)
    assert romanian != heading
    body = text(render_packet_pdf(sample_content(language="ro", person_language="ro")))
    assert romanian in body and heading not in body and "20 noiembrie 2026" in body
    # A language without a catalogue falls back to the English labels, with its own dates.
    fallback = text(render_packet_pdf(sample_content(language="de", person_language="de")))
    assert heading in fallback and "20. November 2026" in fallback


# -- Arabic ----------------------------------------------------------------------------------


def test_arabic_packet_is_shaped_and_keeps_latin_runs_intact() -> None:
    pdf = render_packet_pdf(sample_content(language="ar", person_language="ar"))
    raw = raw_text(pdf)
    # Shaped: joined (initial/medial/final) presentation forms, not bare letters.
    forms = {
        unicodedata.decomposition(ch).split(" ")[0] for ch in raw if "\ufb50" <= ch <= "\ufeff"
    }
    assert {"<initial>", "<medial>", "<final>"} <= forms
    body = text(pdf)
    for latin in [REFERENCE, "pkt-0000-sample", "20/11/2026", "+44 20 0000 0000", "UTC"]:
        assert latin in body, latin
    # Indicator texts (English here) come out whole, full stop at their end.
    assert "Sample indicator number 3: someone else holds their identity documents." in body
    ar = LABELS["ar"]
    found = words(body)
    for key in [
        "title.referral",
        "sec.person",
        "sec.indicators",
        "sec.consent",
        "sec.shared",
        "statement",
        "basis.consent",
        "state.observed",
        "category.health",
    ]:
        assert words(ar[key]) in found, key
    assert words("الصفحة 1 من 4") in found
    assert words(ar["statement"]) in words(text(pdf, 1))
    assert found.count(words(ar["statement"])) == 2


def test_arabic_exception_and_person_copy() -> None:
    content = sample_content(
        language="ar", person_language="ar", basis=BasisKind.SAFEGUARDING_EXCEPTION
    )
    ar = LABELS["ar"]
    assert words(ar["exception.banner"]) in words(text(render_packet_pdf(content), 1))
    copy = render_person_copy(content)
    assert pages(copy) == 1
    found = words(text(copy))
    for key in ["copy.title", "copy.what", "category.identity", "copy.statement_heading"]:
        assert words(ar[key]) in found, key
    assert REFERENCE in text(copy)


def test_reorder_follows_the_bidi_algorithm_with_brackets() -> None:
    # Visual order, left to right as drawn; brackets pair (rule N0) and mirror (L4).
    assert reorder("أحمد (Ahmed) Sample", "R") == "Sample (Ahmed) دمحأ"
    assert reorder("الرقم FS-AC3D-EF47 هنا", "R") == "انه FS-AC3D-EF47 مقرلا"
    assert reorder("استثناء (خطر)، مع", "R") == "عم ،(رطخ) ءانثتسا"
    assert reorder("هويته (1) منذ 12 شهراً", "R") == "ًارهش 12 ذنم (1) هتيوه"
    assert reorder("abc (مرحبا) def", "L") == "abc (ابحرم) def"


def test_lines_are_wrapped_in_logical_order_then_reordered() -> None:
    register_fonts()
    sentence = " ".join(["المؤشرات المسجلة هنا علامات، والمرجع FS-AC3D-EF47."] * 6)
    lines = wrap_logical(sentence, FONT, 10, 150)
    assert len(lines) > 3
    assert " ".join(lines) == sentence  # nothing lost, logical order kept
    assert lines[0].startswith("المؤشرات")
    shown = visual(lines[0], FONT, "R")
    assert shown.endswith(shape("المؤشرات", FONT)[::-1])  # first word drawn at the right


def test_every_label_has_glyphs_in_the_bundled_fonts() -> None:
    register_fonts()
    from reportlab.pdfbase import pdfmetrics

    for font in (FONT, FONT_BOLD):
        cmap = pdfmetrics.getFont(font).face.charToGlyph
        for language, labels in LABELS.items():
            for key, label in labels.items():
                drawn = visual(label, font, "R" if language == "ar" else "L")
                missing = {ch for ch in drawn if not ch.isspace() and ord(ch) not in cmap}
                assert not missing, (font, language, key, missing)


# -- the person's copy -----------------------------------------------------------------------


@pytest.mark.parametrize("basis", list(BasisKind))
@pytest.mark.parametrize("language", ["en", "ar"])
def test_person_copy_is_one_page(basis: BasisKind, language: str) -> None:
    content = sample_content(person_language=language, basis=basis, indicator_count=60)
    copy = render_person_copy(content)
    assert pages(copy) == 1
    body = text(copy)
    assert REFERENCE in body and "Support provider (fictional)" in body
    assert "Ana Sample" not in body  # a paper that may be found does not name the person
    assert "Sample indicator" not in body


def test_person_copy_in_english() -> None:
    body = text(render_person_copy(sample_content()))
    for expected in [
        "Your copy: information that was shared",
        "Support provider (fictional), Example Support Service",
        "November 20, 2026",
        "Harbour Outreach (fictional)",
        "+44 20 0000 0000",
        "You can withdraw your consent at any time.",
        "Tell Harbour Outreach at any time, by phone or in person.",
        "Immigration status",
        NOT_A_DETERMINATION,
    ]:
        assert expected in body, expected


def test_person_copy_uses_the_persons_language() -> None:
    content = sample_content(language="en", person_language="ar")
    assert "Your copy" not in text(render_person_copy(content))
    assert words(LABELS["ar"]["copy.title"]) in words(text(render_person_copy(content)))
    assert "Referral" in text(render_packet_pdf(content))


def test_long_withdrawal_text_still_fits_one_page() -> None:
    base = sample_content()
    assert base.consent is not None
    how = " ".join(["Tell Harbour Outreach by phone, by text message or at the drop-in."] * 30)
    content = base.model_copy(
        update={"consent": base.consent.model_copy(update={"how_to_withdraw": how})}
    )
    copy = render_person_copy(content)
    assert pages(copy) == 1
    assert text(copy).count("at the drop-in.") == 30


# -- no files, neutral metadata, stable output ----------------------------------------------


@pytest.fixture
def no_file_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh, empty temp directory, and any open() for writing fails the test."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    real_open = builtins.open

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        assert not set(mode) & set("wax+"), f"rendering opened {file!r} for writing"
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    yield temp


def test_rendering_never_creates_files(no_file_writes: Path) -> None:
    before = sorted(Path(tempfile.gettempdir()).iterdir())
    for language in ("en", "ar"):
        for basis in BasisKind:
            content = sample_content(language=language, person_language=language, basis=basis)
            assert render_packet_pdf(content).startswith(b"%PDF")
            assert render_person_copy(content).startswith(b"%PDF")
    assert sorted(Path(tempfile.gettempdir()).iterdir()) == before == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_metadata_names_no_one(language: str) -> None:
    content = sample_content(language=language, person_language=language)
    for rendered in (render_packet_pdf(content), render_person_copy(content)):
        meta = info(rendered)
        assert meta["Title"] == labels_for(language)["meta.title"]
        assert meta.get("Author", "") == "" and meta.get("Subject", "") == ""
        joined = " ".join(meta.values())
        for secret in ["Ana Sample", REFERENCE, "Outreach worker A", "Harbour", "pkt-0000"]:
            assert secret not in joined
        assert b"Ana Sample" not in rendered and b"/Author (Outreach" not in rendered
    assert info(render_packet_pdf(sample_content()))["Title"] == "Referral packet"


def test_same_content_gives_the_same_bytes() -> None:
    content = sample_content(language="ar")
    assert render_packet_pdf(content) == render_packet_pdf(content)


# -- labels ----------------------------------------------------------------------------------


def test_labels_are_complete_and_carry_their_status() -> None:
    assert LABEL_STATUS == {"en": "source", "ar": "draft"}
    assert set(LABELS) == set(LABEL_STATUS)
    for language in LABELS:
        assert missing_keys(language) == set(), language
    codes: dict[str, list[StrEnum]] = {
        "category": list(DataCategory),
        "basis": list(BasisKind),
        "interpreter": list(InterpreterType),
        "age": list(AgeStatus),
        "decision": list(ConsentDecision),
        "given_by": list(ConsentGiver),
        "method": list(ConsentMethod),
        "purpose": list(Purpose),
    }
    for language, labels in LABELS.items():
        for field, values in codes.items():
            for value in values:
                assert f"{field}.{value.value}" in labels, (language, field, value)
        for key in ("state.observed", "state.disclosed"):
            assert key in labels


def test_dates_are_babel_formatted_in_utc_without_bidi_marks() -> None:
    assert format_when(WHEN, "en") == "November 20, 2026, 2:30\u00a0PM UTC"
    arabic = format_when(WHEN, "ar", long=False)
    assert "UTC" in arabic and "20/11/2026" in arabic
    assert not _BIDI_MARKS.search(arabic)
