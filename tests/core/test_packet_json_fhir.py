"""The packet's JSON and FHIR parts: schema, strict reading, FHIR R4 validity, no leaks."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from screening_tools.consent import DataCategory
from screening_tools.errors import ScreeningError
from screening_tools.referral.fhir import fhir_bundle, fhir_json
from screening_tools.referral.json_part import (
    PACKET_SCHEMA_ID,
    InconsistentPacketContent,
    InvalidPacketPart,
    packet_json,
    packet_json_schema,
    parse_packet_json,
    shipped_packet_schema_path,
    write_packet_schema,
)
from screening_tools.referral.model import SCHEMA_VERSION, BasisKind, PacketContent
from tests.packet_samples import sample_content

C = DataCategory
# What a monitoring-only notification may carry: no direct identifiers, no free text.
MONITORING = [C.DEMOGRAPHICS, C.INDICATORS, C.NEEDS, C.SECURITY_CONCERNS, C.HEALTH]
CHILD = [C.IDENTITY, C.CONTACT, C.DEMOGRAPHICS, C.INDICATORS, C.NEEDS, C.HEALTH]

VARIANTS: dict[str, PacketContent] = {
    "all categories": sample_content(),
    "indicators only": sample_content(categories=[C.INDICATORS]),
    "nothing but the basis": sample_content(categories=[], indicator_count=0),
    "monitoring only": sample_content(basis=BasisKind.MONITORING_ONLY, categories=MONITORING),
    "safeguarding exception": sample_content(basis=BasisKind.SAFEGUARDING_EXCEPTION),
    "child protection": sample_content(basis=BasisKind.CHILD_PROTECTION, categories=CHILD),
    "other languages": sample_content(language="ro", person_language="uk"),
}
# Text that only appears when its category is shared (all from tests/packet_samples.py).
CATEGORY_MARKERS: dict[DataCategory, list[str]] = {
    C.IDENTITY: ["Ana Sample"],
    C.CONTACT: ["via the outreach team"],
    C.DEMOGRAPHICS: ["professional_phone", "age-group", '"code":"ro"'],
    C.INDICATORS: ["Labour exploitation", "sample-1", "sample-3"],
    C.HEALTH: ["sample-0", "sample-2", "Physical signs"],
    C.NEEDS: ["A safe place to stay tonight", "Housing", "Legal advice"],
    C.SECURITY_CONCERNS: ["secure transport"],
    C.DISCLOSURE_SUMMARY: ["keeps the passport"],
    C.NOTES: ["answered for them"],
}


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(shipped_packet_schema_path().read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


# --- JSON part --------------------------------------------------------------------------


@pytest.mark.parametrize("name", VARIANTS)
def test_json_validates_against_the_shipped_schema(
    name: str, validator: Draft202012Validator
) -> None:
    document = json.loads(packet_json(VARIANTS[name]))
    errors = [e.message for e in validator.iter_errors(document)]
    assert errors == []
    assert document["$schema"] == PACKET_SCHEMA_ID
    assert document["schema_version"] == SCHEMA_VERSION


@pytest.mark.parametrize("name", VARIANTS)
def test_json_round_trips(name: str) -> None:
    content = VARIANTS[name]
    assert parse_packet_json(packet_json(content)) == content


def test_json_bytes_are_canonical() -> None:
    content = sample_content(basis=BasisKind.SAFEGUARDING_EXCEPTION)
    data = packet_json(content)
    assert data == packet_json(sample_content(basis=BasisKind.SAFEGUARDING_EXCEPTION))
    assert data.startswith(b'{"$schema":"urn:frontline-screening:schema:packet:')
    assert b"\n" not in data and b"\\u" not in data
    document = json.loads(data)
    again = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert again.encode("utf-8") == data
    assert "—".encode() in data  # the basis label's dash, as raw UTF-8


def _tampered(change: Any) -> bytes:
    document = json.loads(packet_json(sample_content()))
    change(document)
    return json.dumps(document).encode("utf-8")


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(extra="x"), "extra"),
        (lambda d: d["person"].update(nickname="x"), "person.nickname"),
        (lambda d: d.update(packet_id=42), "packet_id"),
        (lambda d: d["indicators"][0].update(category="gossip"), "indicators[0].category"),
        (lambda d: d["basis"].update(kind="because"), "basis.kind"),
        # (The schema says "format": "date-time"; jsonschema checks formats only when an
        # optional package is installed, so only the reader is sure to catch this one.)
        (lambda d: d.update(created_at="yesterday"), "created_at"),
        (lambda d: d.pop("referrer"), "referrer"),
        (lambda d: d.update({"$schema": "urn:frontline-screening:schema:packet:0.1"}), "$schema"),
        (lambda d: d.pop("$schema"), "$schema"),
        (lambda d: d.update(schema_version="9.9"), "schema_version"),
    ],
)
def test_tampered_json_is_rejected_with_the_part_named(
    change: Any, where: str, validator: Draft202012Validator
) -> None:
    data = _tampered(change)
    with pytest.raises(InvalidPacketPart) as caught:
        parse_packet_json(data)
    err = caught.value
    assert isinstance(err, ScreeningError)
    assert err.part == "JSON"
    assert "JSON part" in str(err)
    assert any(p.startswith(where) for p in err.problems), err.problems
    assert "Ana Sample" not in str(err)  # messages name fields, never values
    if where != "created_at":
        assert list(validator.iter_errors(json.loads(data)))  # the published schema agrees


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xff\xfe", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b"[]", "not a JSON object"),
        (b'{"packet_id":"a","packet_id":"b"}', "appears twice"),
    ],
)
def test_unreadable_json_is_rejected(data: bytes, problem: str) -> None:
    with pytest.raises(InvalidPacketPart, match=problem):
        parse_packet_json(data)


def test_json_with_a_category_that_is_not_shared_is_rejected() -> None:
    # Valid against the schema, but a name travels although identity is not shared.
    data = _tampered(lambda d: d.update(categories_shared=["indicators", "health"]))
    with pytest.raises(InvalidPacketPart) as caught:
        parse_packet_json(data)
    assert any(p.startswith("person.name") for p in caught.value.problems)
    assert "Ana Sample" not in str(caught.value)


def test_renderers_refuse_inconsistent_content() -> None:
    leaky = sample_content().model_copy(update={"categories_shared": [C.INDICATORS, C.HEALTH]})
    naive = sample_content().model_copy(update={"created_at": datetime(2026, 11, 20, 14, 30)})
    identified = sample_content(basis=BasisKind.MONITORING_ONLY)  # every category: not allowed
    for content in (leaky, naive, identified):
        for render in (packet_json, fhir_json):
            with pytest.raises(InconsistentPacketContent):
                render(content)


def test_shipped_schema_is_up_to_date(tmp_path: Path) -> None:
    shipped = json.loads(shipped_packet_schema_path().read_text(encoding="utf-8"))
    assert shipped == packet_json_schema(), (
        "resources/schemas/packet.schema.json is out of date; regenerate it with "
        "`python -m screening_tools.referral.json_part`"
    )
    assert shipped["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert shipped["$id"] == f"urn:frontline-screening:schema:packet:{SCHEMA_VERSION}"
    assert shipped["title"] and shipped["description"]
    written = tmp_path / "sub" / "packet.schema.json"
    write_packet_schema(written)
    assert written.read_bytes() == shipped_packet_schema_path().read_bytes()


# --- FHIR part --------------------------------------------------------------------------


def _validate_r4(bundle: dict[str, Any]) -> None:
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.consent import Consent
    from fhir.resources.R4B.patient import Patient
    from fhir.resources.R4B.provenance import Provenance
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    models = {
        "Consent": Consent,
        "Patient": Patient,
        "Provenance": Provenance,
        "QuestionnaireResponse": QuestionnaireResponse,
    }
    assert _bad_codes(Bundle.model_validate(bundle)) == []
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert _bad_codes(models[resource["resourceType"]].model_validate(resource)) == []


def _bad_codes(model: BaseModel, where: str = "") -> list[str]:
    """Codes outside their element's required value set (fhir.resources 8 does not check)."""
    bad = []
    for name, field in type(model).model_fields.items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        allowed = extra.get("enum_values")
        value = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                bad += _bad_codes(item, f"{where}.{name}")
            elif isinstance(allowed, list) and item is not None and item not in allowed:
                bad.append(f"{where}.{name}={item!r}")
    return bad


def test_the_code_check_catches_a_bad_code() -> None:
    from fhir.resources.R4B.bundle import Bundle

    bundle = fhir_bundle(sample_content())
    bundle["entry"][-2]["resource"]["status"] = "bogus"
    assert _bad_codes(Bundle.model_validate(bundle)) == [".entry.resource.status='bogus'"]


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


@pytest.mark.parametrize("name", VARIANTS)
def test_fhir_bundle_is_valid_r4(name: str) -> None:
    bundle = fhir_bundle(VARIANTS[name])
    _validate_r4(bundle)
    assert bundle["type"] == "collection"
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert all(u.startswith("urn:uuid:") for u in urls) and len(set(urls)) == len(urls)
    (provenance,) = _resources(bundle, "Provenance")
    assert {t["reference"] for t in provenance["target"]} == set(urls[:-1])
    assert provenance["recorded"] == "2026-11-20T14:30:00Z"
    assert provenance["agent"][0]["who"] == {"display": "Harbour Outreach (fictional)"}
    assert "signature" not in provenance
    references = {r.get("reference") for r in _subjects(bundle)}
    assert references <= set(urls) | {None}  # every reference resolves inside the bundle


def _subjects(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    found = [r["subject"] for r in _resources(bundle, "QuestionnaireResponse")]
    return found + [r["patient"] for r in _resources(bundle, "Consent")]


def test_fhir_for_consent_has_an_active_consent_and_the_full_content() -> None:
    bundle = fhir_bundle(sample_content())
    (consent,) = _resources(bundle, "Consent")
    assert consent["status"] == "active"
    assert consent["scope"]["coding"][0]["code"] == "patient-privacy"
    assert consent["category"][0]["coding"][0] == {"system": "http://loinc.org", "code": "59284-0"}
    assert consent["policyRule"]["coding"][0]["code"] == "OPTIN"  # denied unless permitted
    provision = consent["provision"]
    assert "type" not in provision  # R4: not permitted in the root rule
    assert provision["period"] == {"start": "2026-11-20T14:30:00Z"}
    permitted, police = provision["provision"]
    assert permitted["type"] == "permit"
    assert {c["code"] for c in permitted["class"]} == {c.value for c in DataCategory}
    assert permitted["actor"][0]["reference"]["identifier"]["value"] == "uk-support-provider"
    assert permitted["purpose"] == [
        {"system": "urn:frontline-screening:purpose", "code": "support_referral"}
    ]
    assert police["type"] == "deny"  # the person said no to police and immigration sharing
    assert consent["dateTime"] == "2026-11-20T14:30:00Z"
    (patient,) = _resources(bundle, "Patient")
    assert patient["name"] == [{"text": "Ana Sample"}]
    indicators, form = _resources(bundle, "QuestionnaireResponse")
    assert indicators["questionnaire"] == "urn:frontline-screening:instrument:adult-indicators|1.0"
    assert indicators["status"] == "completed"
    answered = [i for group in indicators["item"] for i in group["item"]]
    assert {i["linkId"] for i in answered} == {f"adult.other.sample-{n}" for n in range(6)}
    states = {i["answer"][0]["valueCoding"]["code"] for i in answered}
    assert states == {"observed", "disclosed"}
    links = [i["linkId"] for i in form["item"]]
    assert links == [
        "statement",
        "exploitation-types",
        "immediate-needs",
        "security-concerns",
        "services-needed",
        "disclosure-summary",
        "notes",
    ]


@pytest.mark.parametrize(
    "basis",
    [BasisKind.MONITORING_ONLY, BasisKind.CHILD_PROTECTION, BasisKind.SAFEGUARDING_EXCEPTION],
)
def test_fhir_without_consent_records_the_basis_in_provenance(basis: BasisKind) -> None:
    cats = MONITORING if basis is BasisKind.MONITORING_ONLY else None
    bundle = fhir_bundle(sample_content(basis=basis, categories=cats))
    assert _resources(bundle, "Consent") == []  # no choice of the person is made up
    (provenance,) = _resources(bundle, "Provenance")
    (reason,) = provenance["reason"]
    assert reason["coding"][0]["code"] == basis.value
    if basis is BasisKind.SAFEGUARDING_EXCEPTION:
        assert reason["text"].startswith("Serious risk of harm")
        assert provenance["agent"][1]["who"] == {"display": "Supervisor B"}
    form = _resources(bundle, "QuestionnaireResponse")[-1]
    views = [i for i in form["item"] if i["linkId"] == "child-views"]
    assert bool(views) == (basis is BasisKind.CHILD_PROTECTION)


def test_fhir_subject_is_the_case_reference_only_without_person_details() -> None:
    content = sample_content(basis=BasisKind.MONITORING_ONLY, categories=[C.INDICATORS])
    bundle = fhir_bundle(content)
    assert _resources(bundle, "Patient") == []
    reference = {"system": "urn:frontline-screening:case-reference", "value": "FS-AC3D-EF47"}
    assert all(s == {"identifier": reference} for s in _subjects(bundle))


@pytest.mark.parametrize(
    "shared",
    [[C.INDICATORS], [C.HEALTH, C.NEEDS], [C.DEMOGRAPHICS], [], MONITORING, CHILD],
)
def test_no_excluded_category_appears_in_fhir_or_json(shared: list[DataCategory]) -> None:
    for basis in (BasisKind.CONSENT, BasisKind.SAFEGUARDING_EXCEPTION):
        content = sample_content(basis=basis, categories=shared)
        fhir = fhir_json(content).decode("utf-8")
        document = packet_json(content).decode("utf-8")
        for category, markers in CATEGORY_MARKERS.items():
            for marker in markers:
                assert (marker in fhir) == (category in shared), (category, marker)
                # The consent summary states the language and interpreter the consent was
                # obtained in, whatever is shared: only the FHIR part is checked for those.
                if category not in shared and category is not C.DEMOGRAPHICS:
                    assert marker not in document, (category, marker)


def test_fhir_json_is_deterministic_and_canonical() -> None:
    first = fhir_json(sample_content())
    assert first == fhir_json(sample_content())
    assert first == json.dumps(
        json.loads(first), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")
    other = sample_content().model_copy(update={"packet_id": "pkt-0000-other"})
    urls = {e["fullUrl"] for e in fhir_bundle(other)["entry"]}
    assert urls.isdisjoint(e["fullUrl"] for e in fhir_bundle(sample_content())["entry"])


def test_notes_and_disclosure_appear_only_when_present() -> None:
    shared = [c for c in DataCategory if c not in (C.NOTES, C.DISCLOSURE_SUMMARY)]
    form = _resources(fhir_bundle(sample_content(categories=shared)), "QuestionnaireResponse")[-1]
    links = {i["linkId"] for i in form["item"]}
    assert "notes" not in links and "disclosure-summary" not in links
    full = _resources(fhir_bundle(sample_content()), "QuestionnaireResponse")[-1]
    (notes,) = [i for i in full["item"] if i["linkId"] == "notes"]
    assert notes["answer"][0]["valueString"] == "Arrived with a companion who answered for them."


def test_a_declined_consent_record_gives_a_rejected_consent() -> None:
    given = sample_content().consent
    assert given is not None
    declined = given.model_copy(update={"decision": "declined", "categories": MONITORING})
    content = sample_content(basis=BasisKind.MONITORING_ONLY, categories=MONITORING)
    bundle = fhir_bundle(content.model_copy(update={"consent": declined}))
    _validate_r4(bundle)
    (consent,) = _resources(bundle, "Consent")
    assert consent["status"] == "rejected"  # the person's "no", recorded as such


def test_an_item_recorded_twice_is_one_item_with_both_answers() -> None:
    content = sample_content(categories=[C.INDICATORS])
    again = content.indicators[0].model_copy(update={"state": "disclosed"})
    twice = content.model_copy(update={"indicators": [*content.indicators, again]})
    bundle = fhir_bundle(twice)
    _validate_r4(bundle)
    (group,) = _resources(bundle, "QuestionnaireResponse")[0]["item"]
    links = [i["linkId"] for i in group["item"]]
    assert len(links) == len(set(links)) == 3
    answers = group["item"][0]["answer"]
    assert [a["valueCoding"]["code"] for a in answers] == ["observed", "disclosed"]
