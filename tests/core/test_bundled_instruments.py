"""Every bundled instrument: it loads, its ids and kinds are what the flow expects, its
provenance resolves in the seeds, and its wording never states a determination."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from screening_tools import paths
from screening_tools.content.loader import (
    bundled_instruments,
    get_instrument,
    instrument_files,
    validate_file,
)
from screening_tools.content.models import (
    Audience,
    Flag,
    Instrument,
    InstrumentKind,
    ReviewStatus,
    Strength,
)
from screening_tools.content.provenance import check_provenance

REPO = Path(__file__).resolve().parents[2]
# The seeds live beside the checkout (../shared/seeds), locally and in CI.
SEEDS = REPO.parent / "shared" / "seeds"
SEED_001 = "001_90370d0feb58ee3b.txt"
SEED_003 = "003_5a01b7131608ce4d.txt"

# id -> (kind, audience) of every instrument the app ships.
EXPECTED = {
    "adult-indicators": (InstrumentKind.INDICATORS, Audience.ADULT),
    "child-indicators": (InstrumentKind.INDICATORS, Audience.CHILD),
    "preliminary-screen": (InstrumentKind.INDICATORS, Audience.ANY),
    "safety-check": (InstrumentKind.CHECKLIST, Audience.ANY),
    "confidentiality-script": (InstrumentKind.SCRIPT, Audience.ANY),
    "interpreter-step": (InstrumentKind.CHECKLIST, Audience.ANY),
    "immediate-needs": (InstrumentKind.CHECKLIST, Audience.ANY),
    "security-concerns": (InstrumentKind.CHECKLIST, Audience.ANY),
    "exploitation-types": (InstrumentKind.MULTI_SELECT, Audience.ANY),
    "services-needed": (InstrumentKind.MULTI_SELECT, Audience.ANY),
    "reference-action-means-purpose": (InstrumentKind.REFERENCE, Audience.ANY),
    "reference-trafficking-vs-smuggling": (InstrumentKind.REFERENCE, Audience.ANY),
}

# Codes other parts of the app rely on (flow, partner directory, statistics).
SAFETY_GATE_IDS = ["safety.safe-to-talk", "safety.in-crisis", "safety.in-control"]
SERVICE_IDS = [
    "service.housing",
    "service.medical",
    "service.mental-health",
    "service.legal",
    "service.immigration-advice",
    "service.interpreter",
    "service.financial",
    "service.education",
    "service.other",
]
EXPLOITATION_IDS = [
    "exploitation.sexual",
    "exploitation.labour",
    "exploitation.domestic-servitude",
    "exploitation.criminal",
    "exploitation.benefit-fraud",
    "exploitation.forced-marriage",
    "exploitation.organ-removal",
    "exploitation.other",
]

ILO_SOURCE = (
    "ILO & European Commission, Operational indicators of trafficking in human beings (2009), "
    "child indicators"
)
ILO_DIMENSIONS = {
    "deceptive recruitment",
    "coercive recruitment",
    "recruitment by abuse of vulnerability",
    "exploitative conditions of work",
    "coercion at destination",
    "abuse of vulnerability at destination",
}

# Wording that would state a determination; the app only ever records indicators.
DETERMINATION = re.compile(
    r"\b(is|are|was|were) (a |the )?(confirmed |definite |real )?victims?\b"
    r"|\bconfirmed victim|\b(is|are|was|has been|have been) (being )?trafficked\b",
    re.IGNORECASE,
)
# A simple guard against leading or closed questions read to the person.
LEADING_OPENINGS = (
    "did he",
    "did she",
    "did they",
    "did someone",
    "did anyone",
    "did you",
    "were you",
    "are you being",
    "are you forced",
    "have you been",
    "has someone",
    "has anyone",
    "is someone",
    "does he",
    "does she",
    "do they",
    "isn't it",
    "wouldn't you",
)
LOADED_WORDS = re.compile(r"\b(forced|trafficked|trafficking|victims?|slaves?|abused)\b", re.I)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.fixture(scope="module")
def catalogue() -> dict[str, Instrument]:
    return {instrument.id: instrument for instrument in bundled_instruments()}


def test_every_bundled_file_validates() -> None:
    files = instrument_files(paths.instruments_dir())
    assert len(files) >= len(EXPECTED)
    for file in files:
        assert validate_file(file) == [], file.name


def test_expected_instruments_with_kind_and_audience(catalogue: dict[str, Instrument]) -> None:
    assert set(EXPECTED) <= set(catalogue)
    for instrument_id, (kind, audience) in EXPECTED.items():
        instrument = catalogue[instrument_id]
        assert (instrument.kind, instrument.audience) == (kind, audience), instrument_id
        assert instrument.version == "1.0", instrument_id
        assert instrument.languages == ["en"], instrument_id


def test_bundled_provenance_resolves_in_the_seeds(catalogue: dict[str, Instrument]) -> None:
    assert SEEDS.is_dir(), f"seed files expected beside the checkout, in {SEEDS}"
    for instrument in catalogue.values():
        assert check_provenance(instrument, SEEDS) == [], instrument.id


def test_every_item_is_complete_and_ids_are_unique(catalogue: dict[str, Instrument]) -> None:
    seen: dict[str, str] = {}
    for instrument in catalogue.values():
        assert instrument.provenance, instrument.id
        for item in instrument.items():
            assert item.id not in seen, f"{item.id} is used by {seen.get(item.id)} too"
            seen[item.id] = instrument.id
            assert item.worker_text and item.guidance and item.provenance, item.id
            assert item.review_status in (
                ReviewStatus.DRAFT,
                ReviewStatus.DRAFT_NEEDS_PRACTITIONER_REVIEW,
            ), item.id


def test_child_instrument_needs_practitioner_review(catalogue: dict[str, Instrument]) -> None:
    child = catalogue["child-indicators"]
    review = ReviewStatus.DRAFT_NEEDS_PRACTITIONER_REVIEW
    assert child.review_status is review
    for item in child.items():
        assert item.review_status is review, item.id
        assert item.id.startswith("child."), item.id
        assert item.audience is Audience.CHILD, item.id
    assert child.caveat is not None
    for phrase in ("not a definitive list", "no distress", "no force", "welfare come first"):
        assert phrase in child.caveat, phrase
    assert any("child-protection" in step for step in child.next_steps)


def test_child_items_on_harm_carry_the_child_protection_flag(
    catalogue: dict[str, Instrument],
) -> None:
    child = catalogue["child-indicators"]
    for item_id in (
        "child.purpose.sexual-exploitation",
        "child.hidden.missing",
        "child.control.violence",
        "child.recruitment.abducted-or-sold",
    ):
        item = child.item(item_id)
        assert item is not None and Flag.CHILD_PROTECTION in item.flags, item_id


def test_strength_only_where_an_ilo_source_gives_one(catalogue: dict[str, Instrument]) -> None:
    strengths: set[Strength] = set()
    for instrument in catalogue.values():
        for item in instrument.items():
            ilo = [p for p in item.provenance if p.source and p.source.startswith("ILO")]
            for reference in ilo:
                assert reference.source is not None
                prefix, _, dimension = reference.source.rpartition(", ")
                assert prefix == ILO_SOURCE, reference.source
                assert dimension in ILO_DIMENSIONS, reference.source
                assert reference.note, f"{item.id}: say which ILO indicator this is"
            if item.strength is not None:
                assert ilo, f"{item.id} has a strength but no ILO source"
                strengths.add(item.strength)
    assert strengths  # the child list does carry ILO strengths


def test_safety_check_gate_items(catalogue: dict[str, Instrument]) -> None:
    safety = catalogue["safety-check"]
    assert [item.id for item in safety.groups[0].items] == SAFETY_GATE_IDS
    for item_id in SAFETY_GATE_IDS:
        item = safety.item(item_id)
        assert item is not None
        assert any(p.seed == SEED_001 for p in item.provenance), item_id


def test_service_and_exploitation_codes(catalogue: dict[str, Instrument]) -> None:
    assert [item.id for item in catalogue["services-needed"].items()] == SERVICE_IDS
    assert [item.id for item in catalogue["exploitation-types"].items()] == EXPLOITATION_IDS


def test_preliminary_screen_is_short_and_refers_on(catalogue: dict[str, Instrument]) -> None:
    screen = catalogue["preliminary-screen"]
    assert 5 <= len(screen.items()) <= 7
    assert screen.on_concern is not None and "fuller screening" in screen.on_concern
    assert any(p.seed == SEED_003 and p.lines == "L831" for p in screen.provenance)


def test_script_items_have_words_to_read(catalogue: dict[str, Instrument]) -> None:
    script = catalogue["confidentiality-script"]
    for item in script.items():
        assert item.person_text, item.id
    limits = script.item("script.limits")
    assert limits is not None
    assert {p.lines for p in limits.provenance} >= {"L827", "L880"}
    purpose = script.item("script.purpose")
    assert purpose is not None
    assert any(p.seed == SEED_003 and p.lines == "L800" for p in purpose.provenance)


def test_reference_screens(catalogue: dict[str, Instrument]) -> None:
    amp = catalogue["reference-action-means-purpose"]
    assert [group.id for group in amp.groups][:3] == ["action", "means", "purpose"]
    no_means = amp.item("amp.child.no-means-needed")
    assert no_means is not None
    assert any(p.seed == SEED_001 and p.lines == "L138" for p in no_means.provenance)

    versus = catalogue["reference-trafficking-vs-smuggling"]
    for group in versus.groups[:5]:
        assert [item.id.rsplit(".", 1)[1] for item in group.items] == [
            "smuggling",
            "trafficking",
        ], group.id
    assert versus.item("tvs.internal.no-border-needed") is not None


def test_no_determination_language_in_any_bundled_string() -> None:
    assert DETERMINATION.search("we think she IS A VICTIM of trafficking")  # the check can fail
    for file in instrument_files(paths.instruments_dir()):
        document = yaml.safe_load(file.read_text(encoding="utf-8"))
        for text in _strings(document):
            assert not DETERMINATION.search(text), f"{file.name}: {text!r}"
            lowered = text.lower()
            for phrase in ("is a victim", "confirmed victim", "are victims"):
                assert phrase not in lowered, f"{file.name}: {text!r}"


def test_person_text_is_not_leading(catalogue: dict[str, Instrument]) -> None:
    assert "did he".startswith(LEADING_OPENINGS)  # the check can fail
    checked = 0
    for instrument in catalogue.values():
        for item in instrument.items():
            if item.person_text is None:
                continue
            checked += 1
            text = item.person_text.strip().lower()
            assert not text.startswith(LEADING_OPENINGS), f"{item.id}: {item.person_text!r}"
            assert not LOADED_WORDS.search(text), f"{item.id}: {item.person_text!r}"
    assert checked > 0


def test_get_instrument_finds_each_expected_id() -> None:
    for instrument_id in EXPECTED:
        assert get_instrument(instrument_id).id == instrument_id
