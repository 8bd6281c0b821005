"""What a packet says, once: every part (PDF, JSON, FHIR, person's copy) renders from this.

Every field that carries data about the person belongs to one data category; the builder fills
only the categories the legal basis covers and leaves the rest empty (None or []), so a renderer
cannot leak a category by accident: it simply has nothing to print.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from screening_tools.consent import DataCategory

SCHEMA_VERSION = "1.0"

NOT_A_DETERMINATION = (
    "The indicators recorded here are signs noticed by the referrer or described by the person. "
    "They are not a determination: they neither prove nor disprove trafficking or exploitation. "
    "Only the competent authority can make a formal decision."
)


class BasisKind(StrEnum):
    CONSENT = "consent"  # adult consented to referral
    MONITORING_ONLY = "monitoring_only"  # adult declined: anonymous notification, no identifiers
    CHILD_PROTECTION = "child_protection"  # child or unknown age: child-protection route
    SAFEGUARDING_EXCEPTION = "safeguarding_exception"  # serious risk of harm, signed off


BASIS_LABELS: dict[BasisKind, str] = {
    BasisKind.CONSENT: "Shared with the person's consent",
    BasisKind.MONITORING_ONLY: "Monitoring-only notification: the person did not consent to a "
    "referral; no direct identifiers are included and no identification decision is expected",
    BasisKind.CHILD_PROTECTION: "Child-protection referral: the child's consent is not required; "
    "the child's views are recorded",
    BasisKind.SAFEGUARDING_EXCEPTION: "Shared without consent — exception (serious risk of harm), "
    "with written justification and supervisor sign-off",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Party(_Frozen):
    """The referrer or the recipient: an organisation and a way to reach it."""

    id: str
    name: str
    organisation: str | None = None
    role: str | None = None
    contact: str | None = None
    language: str = "en"


class Basis(_Frozen):
    kind: BasisKind
    label: str
    basis_id: str = Field(description="Id of the consent record or exception record relied on")
    route_id: str
    route_label: str
    jurisdiction_id: str
    jurisdiction_name: str
    # SAFEGUARDING_EXCEPTION only
    justification: str | None = None
    signed_off_by: str | None = None
    signed_off_at: datetime | None = None
    # CHILD_PROTECTION only
    child_views: str | None = None


class ConsentSummary(_Frozen):
    """The consent record as the recipient needs to see it (no free text about the person)."""

    decision: str
    given_by: str
    giver_role: str | None
    obtained_by: str
    obtained_at: datetime
    method: str
    language: str
    interpreter: str
    witness: str | None
    confidentiality_script_delivered: bool
    categories: list[DataCategory]
    recipients: list[str]
    purposes: list[str]
    police_immigration_sharing: bool
    expires_at: datetime | None
    how_to_withdraw: str


class IndicatorEntry(_Frozen):
    instrument_id: str
    instrument_version: str
    item_id: str
    group_id: str
    group_title: str
    text: str
    state: str  # observed | disclosed
    recorded_at: datetime
    category: DataCategory  # INDICATORS or HEALTH


class Selection(_Frozen):
    """An item ticked or answered "yes" in a checklist or multi-select instrument."""

    instrument_id: str
    item_id: str
    text: str


class NoteEntry(_Frozen):
    created_at: datetime
    body: str


class PersonDetails(_Frozen):
    reference: str
    name: str | None = None  # IDENTITY
    contact: str | None = None  # CONTACT
    age_group: str | None = None  # DEMOGRAPHICS: adult / child / unknown / disputed
    language: str | None = None  # DEMOGRAPHICS: the person's language
    interpreter: str | None = None  # DEMOGRAPHICS


class PacketContent(_Frozen):
    schema_version: str = SCHEMA_VERSION
    packet_id: str
    created_at: datetime
    language: str = Field(description="Language of the PDF (the recipient's)")
    person_language: str = Field(description="Language of the person's copy")
    referrer: Party
    recipient: Party
    basis: Basis
    categories_shared: list[DataCategory]
    person: PersonDetails
    indicators: list[IndicatorEntry] = Field(default_factory=list)
    exploitation_types: list[Selection] = Field(default_factory=list)
    immediate_needs: list[Selection] = Field(default_factory=list)
    services_needed: list[Selection] = Field(default_factory=list)
    security_concerns: list[Selection] = Field(default_factory=list)
    disclosure_summary: list[NoteEntry] = Field(default_factory=list)
    notes: list[NoteEntry] = Field(default_factory=list)
    consent: ConsentSummary | None = None
    statement: str = NOT_A_DETERMINATION
