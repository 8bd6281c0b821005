"""Sample packet contents for renderer tests (PDF, JSON, FHIR), fictional throughout."""

from __future__ import annotations

from datetime import UTC, datetime

from screening_tools.consent import DataCategory
from screening_tools.referral.model import (
    BASIS_LABELS,
    Basis,
    BasisKind,
    ConsentSummary,
    IndicatorEntry,
    NoteEntry,
    PacketContent,
    Party,
    PersonDetails,
    Selection,
)

WHEN = datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
ALL = list(DataCategory)


def sample_content(
    *,
    language: str = "en",
    person_language: str = "en",
    basis: BasisKind = BasisKind.CONSENT,
    categories: list[DataCategory] | None = None,
    indicator_count: int = 6,
) -> PacketContent:
    cats = ALL if categories is None else categories
    has = set(cats).__contains__
    indicators = [
        IndicatorEntry(
            instrument_id="adult-indicators",
            instrument_version="1.0",
            item_id=f"adult.other.sample-{i}",
            group_id="other-signs" if i % 2 else "physical",
            group_title="Other signs described in the guidance" if i % 2 else "Physical signs",
            text=f"Sample indicator number {i}: someone else holds their identity documents.",
            state="observed" if i % 3 else "disclosed",
            recorded_at=WHEN,
            category=DataCategory.INDICATORS if i % 2 else DataCategory.HEALTH,
        )
        for i in range(indicator_count)
    ]
    indicators = [e for e in indicators if has(e.category)]
    return PacketContent(
        packet_id="pkt-0000-sample",
        created_at=WHEN,
        language=language,
        person_language=person_language,
        referrer=Party(
            id="referrer",
            name="Outreach worker A",
            organisation="Harbour Outreach (fictional)",
            role="Outreach worker",
            contact="+44 20 0000 0000",
        ),
        recipient=Party(
            id="uk-support-provider",
            name="Support provider (fictional)",
            organisation="Example Support Service",
            contact="referrals@example.org",
            language=language,
        ),
        basis=Basis(
            kind=basis,
            label=BASIS_LABELS[basis],
            basis_id="consent-1",
            route_id="uk-adult-support",
            route_label="Adult referral for support",
            jurisdiction_id="uk-ew",
            jurisdiction_name="United Kingdom (England & Wales)",
            justification="Serious risk of harm from the people controlling the person."
            if basis is BasisKind.SAFEGUARDING_EXCEPTION
            else None,
            signed_off_by="Supervisor B" if basis is BasisKind.SAFEGUARDING_EXCEPTION else None,
            signed_off_at=WHEN if basis is BasisKind.SAFEGUARDING_EXCEPTION else None,
            child_views="Wants to stay with their sibling."
            if basis is BasisKind.CHILD_PROTECTION
            else None,
        ),
        categories_shared=cats,
        person=PersonDetails(
            reference="FS-AC3D-EF47",
            name="Ana Sample" if has(DataCategory.IDENTITY) else None,
            contact="via the outreach team" if has(DataCategory.CONTACT) else None,
            age_group="adult" if has(DataCategory.DEMOGRAPHICS) else None,
            language="ro" if has(DataCategory.DEMOGRAPHICS) else None,
            interpreter="professional_phone" if has(DataCategory.DEMOGRAPHICS) else None,
        ),
        indicators=indicators,
        exploitation_types=[
            Selection(
                instrument_id="exploitation-types",
                item_id="exploitation.labour",
                text="Labour exploitation",
            )
        ]
        if has(DataCategory.INDICATORS)
        else [],
        immediate_needs=[
            Selection(
                instrument_id="immediate-needs",
                item_id="needs.place-of-safety",
                text="A safe place to stay tonight",
            )
        ]
        if has(DataCategory.NEEDS)
        else [],
        services_needed=[
            Selection(instrument_id="services-needed", item_id="service.housing", text="Housing"),
            Selection(
                instrument_id="services-needed", item_id="service.legal", text="Legal advice"
            ),
        ]
        if has(DataCategory.NEEDS)
        else [],
        security_concerns=[
            Selection(
                instrument_id="security-concerns",
                item_id="security.transport",
                text="Needs secure transport to appointments",
            )
        ]
        if has(DataCategory.SECURITY_CONCERNS)
        else [],
        disclosure_summary=[
            NoteEntry(created_at=WHEN, body="Said the employer keeps the passport.")
        ]
        if has(DataCategory.DISCLOSURE_SUMMARY)
        else [],
        notes=[NoteEntry(created_at=WHEN, body="Arrived with a companion who answered for them.")]
        if has(DataCategory.NOTES)
        else [],
        consent=ConsentSummary(
            decision="given",
            given_by="person",
            giver_role=None,
            obtained_by="Outreach worker A",
            obtained_at=WHEN,
            method="verbal",
            language="ro",
            interpreter="professional_phone",
            witness=None,
            confidentiality_script_delivered=True,
            categories=cats,
            recipients=["uk-support-provider"],
            purposes=["support_referral"],
            police_immigration_sharing=False,
            expires_at=None,
            how_to_withdraw="Tell Harbour Outreach at any time, by phone or in person.",
        )
        if basis is BasisKind.CONSENT
        else None,
    )
