"""Consent records: who agreed to share what, with whom, for which purpose, until when.

A consent is specific (PRODUCT principle 6; seed 001 L838, L862): its scope is data categories x
recipients x purposes, plus police/immigration sharing as its own question that defaults to no.
The scope's fingerprint is stored with the record; at export the gate refuses anything outside
the scope, or a record whose scope no longer matches its fingerprint, so a change after consent
(a new category, a new recipient) needs the person to confirm again. Withdrawal blocks every
later export under the record.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator


class DataCategory(StrEnum):
    IDENTITY = "identity"  # name
    CONTACT = "contact"  # phone, address, how to reach the person
    DEMOGRAPHICS = "demographics"  # age route, language
    INDICATORS = "indicators"  # indicators recorded with dates, exploitation types
    DISCLOSURE_SUMMARY = "disclosure_summary"  # what the person chose to say
    NOTES = "notes"  # the worker's observation notes
    NEEDS = "needs"  # immediate needs and services needed
    SECURITY_CONCERNS = "security_concerns"
    HEALTH = "health"  # physical, psychological and sexual-health indicators
    IMMIGRATION_STATUS = "immigration_status"


CATEGORY_LABELS: dict[DataCategory, str] = {
    DataCategory.IDENTITY: "Name",
    DataCategory.CONTACT: "Contact details",
    DataCategory.DEMOGRAPHICS: "Age group and language",
    DataCategory.INDICATORS: "Indicators recorded and types of exploitation",
    DataCategory.DISCLOSURE_SUMMARY: "Summary of what the person said",
    DataCategory.NOTES: "Worker's notes",
    DataCategory.NEEDS: "Immediate needs and services needed",
    DataCategory.SECURITY_CONCERNS: "Security concerns",
    DataCategory.HEALTH: "Health-related indicators",
    DataCategory.IMMIGRATION_STATUS: "Immigration status",
}

# Never in a monitoring-only notification: these identify a person or carry free text.
DIRECT_IDENTIFIER_CATEGORIES = frozenset(
    {
        DataCategory.IDENTITY,
        DataCategory.CONTACT,
        DataCategory.DISCLOSURE_SUMMARY,
        DataCategory.NOTES,
        DataCategory.IMMIGRATION_STATUS,
    }
)


class Purpose(StrEnum):
    SUPPORT_REFERRAL = "support_referral"
    CHILD_PROTECTION = "child_protection"
    MONITORING = "monitoring"
    SAFEGUARDING = "safeguarding"


class ConsentGiver(StrEnum):
    PERSON = "person"
    GUARDIAN = "guardian"
    REPRESENTATIVE = "representative"


class ConsentMethod(StrEnum):
    VERBAL = "verbal"
    WRITTEN = "written"


class ConsentDecision(StrEnum):
    GIVEN = "given"
    DECLINED = "declined"


class ConsentScope(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    categories: frozenset[DataCategory]
    recipients: frozenset[str]
    purposes: frozenset[Purpose]
    # Its own question, defaulting to no: a route to support without police always exists.
    police_immigration_sharing: bool = False

    def fingerprint(self) -> str:
        canonical = json.dumps(
            {
                "categories": sorted(c.value for c in self.categories),
                "recipients": sorted(self.recipients),
                "purposes": sorted(p.value for p in self.purposes),
                "police_immigration_sharing": self.police_immigration_sharing,
            },
            sort_keys=True,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def covers(
        self, categories: frozenset[DataCategory], recipient: str, purpose: Purpose
    ) -> list[str]:
        """What the scope does not cover (empty when it covers everything asked)."""
        gaps = []
        if recipient not in self.recipients:
            gaps.append(f"the recipient {recipient!r}")
        if purpose not in self.purposes:
            gaps.append(f"the purpose {purpose.value.replace('_', ' ')!r}")
        for category in sorted(categories - self.categories):
            gaps.append(f"the data category {CATEGORY_LABELS[category]!r}")
        return gaps


class ConsentRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int | None = None
    case_reference: str
    decision: ConsentDecision
    given_by: ConsentGiver
    giver_role: str | None = Field(
        default=None, description="Role of a guardian or representative, e.g. 'legal guardian'"
    )
    obtained_by: str
    obtained_at: datetime
    method: ConsentMethod
    language: str
    interpreter: str = Field(description="Interpreter type, as in the screening flow")
    witness: str | None = None
    confidentiality_script_delivered: bool
    scope: ConsentScope
    fingerprint: str
    expires_at: datetime | None = None
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None

    @field_validator("giver_role")
    @classmethod
    def _role_text(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    def problems_at(self, now: datetime) -> list[str]:
        """Why this record cannot be relied on now (empty when it can)."""
        problems = []
        if self.decision is not ConsentDecision.GIVEN:
            problems.append("the person declined to share")
        if self.withdrawn_at is not None:
            problems.append("the consent was withdrawn")
        if self.expires_at is not None and now >= self.expires_at:
            problems.append("the consent has expired")
        if self.scope.fingerprint() != self.fingerprint:
            problems.append("what will be shared changed after consent was given")
        if not self.confidentiality_script_delivered:
            problems.append("the limits of confidentiality were not explained first")
        if self.given_by is not ConsentGiver.PERSON and not self.giver_role:
            problems.append("the role of the guardian or representative is missing")
        return problems
