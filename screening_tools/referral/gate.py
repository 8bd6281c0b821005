"""The export gate: at the moment of export, which legal basis covers this packet, and which
data categories may it carry? Anything not covered is refused with the reason and what would
unblock it (PRODUCT principles 6-9).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from screening_tools.consent import (
    CATEGORY_LABELS,
    DIRECT_IDENTIFIER_CATEGORIES,
    ConsentDecision,
    ConsentRecord,
    DataCategory,
)
from screening_tools.errors import ScreeningError
from screening_tools.flow import Route
from screening_tools.referral.model import BasisKind
from screening_tools.vault.sharing_repository import SharingException


class ExportBlocked(ScreeningError):
    def __init__(self, reason: str, unblock: str) -> None:
        super().__init__(f"Export blocked: {reason}. {unblock}")
        self.reason = reason
        self.unblock = unblock


class RouteLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def basis(self) -> BasisKind: ...
    @property
    def allowed_categories(self) -> Sequence[DataCategory]: ...
    @property
    def purposes(self) -> Sequence[object]: ...


@dataclass(frozen=True)
class ExportDecision:
    basis: BasisKind
    basis_id: str
    categories: list[DataCategory]
    consent: ConsentRecord | None = None
    exception: SharingException | None = None


def decide(
    *,
    route: RouteLike,
    recipient_id: str,
    age_route: Route,
    consents: list[ConsentRecord],
    exceptions: list[SharingException],
    now: datetime,
) -> ExportDecision:
    allowed = list(dict.fromkeys(route.allowed_categories))
    basis = BasisKind(route.basis)
    if basis is BasisKind.CONSENT:
        return _consent(route, recipient_id, age_route, consents, allowed, now)
    if basis is BasisKind.MONITORING_ONLY:
        return _monitoring(age_route, consents, allowed)
    if basis is BasisKind.CHILD_PROTECTION:
        return _child_protection(age_route, exceptions, allowed)
    return _safeguarding(exceptions, allowed)


def _consent(
    route: RouteLike,
    recipient_id: str,
    age_route: Route,
    consents: list[ConsentRecord],
    allowed: list[DataCategory],
    now: datetime,
) -> ExportDecision:
    if age_route is Route.CHILD:
        raise ExportBlocked(
            "the person is under 18, or their age is unknown or disputed, so the child route "
            "applies",
            "Use the child-protection route, or record an adult age if it is established.",
        )
    if not consents:
        raise ExportBlocked(
            "no consent to share has been recorded",
            "Record the person's consent, with what will be shared and with whom.",
        )
    # The person's most recent decision governs: a later decline or a withdrawal wins over an
    # earlier consent.
    record = consents[-1]
    problems = record.problems_at(now)
    if problems:
        raise ExportBlocked(
            "the consent cannot be relied on: " + "; ".join(problems),
            "Ask the person again and record a new consent if they agree.",
        )
    purposes = {str(getattr(p, "value", p)) for p in route.purposes}
    gaps = []
    if recipient_id not in record.scope.recipients:
        gaps.append(f"the recipient {recipient_id!r}")
    if not purposes & {p.value for p in record.scope.purposes}:
        gaps.append("the purpose of this route")
    if gaps:
        raise ExportBlocked(
            "the consent does not cover " + " or ".join(gaps),
            "Confirm with the person that they agree to this, and record it as a new consent.",
        )
    categories = [c for c in allowed if c in record.scope.categories]
    if not categories:
        raise ExportBlocked(
            "the consent covers none of the data this route sends",
            "Record a consent that covers what the recipient needs.",
        )
    assert record.id is not None
    return ExportDecision(BasisKind.CONSENT, f"consent-{record.id}", categories, consent=record)


def _monitoring(
    age_route: Route, consents: list[ConsentRecord], allowed: list[DataCategory]
) -> ExportDecision:
    if age_route is Route.CHILD:
        raise ExportBlocked(
            "a monitoring-only notification is for adults who decline a referral",
            "For a child, use the child-protection route.",
        )
    active = [c for c in consents if c.active]
    if not active or active[-1].decision is not ConsentDecision.DECLINED:
        raise ExportBlocked(
            "the person's decline has not been recorded",
            "Record that the person does not want a referral; then a monitoring-only "
            "notification without identifiers can be sent.",
        )
    record = active[-1]
    # Belt and braces: even a badly written route pack cannot put identifiers in it.
    categories = [c for c in allowed if c not in DIRECT_IDENTIFIER_CATEGORIES]
    assert record.id is not None
    return ExportDecision(
        BasisKind.MONITORING_ONLY, f"decline-{record.id}", categories, consent=record
    )


def _child_protection(
    age_route: Route, exceptions: list[SharingException], allowed: list[DataCategory]
) -> ExportDecision:
    if age_route is not Route.CHILD:
        raise ExportBlocked(
            "the child-protection route is for people under 18 or of unknown or disputed age",
            "Record the age status on the case if the person may be a child.",
        )
    records = [e for e in exceptions if e.kind == "child_protection"]
    if not records:
        raise ExportBlocked(
            "the child's views have not been recorded",
            "Record the child's views (or that they did not wish to give them) before the "
            "referral.",
        )
    record = records[-1]
    return ExportDecision(
        BasisKind.CHILD_PROTECTION, f"child-{record.id}", allowed, exception=record
    )


def _safeguarding(
    exceptions: list[SharingException], allowed: list[DataCategory]
) -> ExportDecision:
    records = [e for e in exceptions if e.kind == "safeguarding_exception"]
    signed = [e for e in records if e.signed_off]
    if not signed:
        reason = (
            "the safeguarding exception has not been signed off by a supervisor"
            if records
            else "no safeguarding exception has been recorded"
        )
        raise ExportBlocked(
            reason,
            "Write the justification (the serious risk of harm) and ask a supervisor to "
            "sign it off.",
        )
    record = signed[-1]
    return ExportDecision(
        BasisKind.SAFEGUARDING_EXCEPTION, f"exception-{record.id}", allowed, exception=record
    )


def describe(categories: list[DataCategory]) -> str:
    return ", ".join(CATEGORY_LABELS[c] for c in categories)
