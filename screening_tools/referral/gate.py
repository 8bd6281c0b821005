"""The export gate: at the moment of export, which legal basis covers this packet, and which
data categories may it carry? Anything not covered is refused with the reason and what would
unblock it (PRODUCT principles 6-9).

Which routes are open is decided once, in ``routing.available_routes``; the gate adds what only
an export knows (this recipient, the child's views record, the categories to send).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from screening_tools.consent import (
    CATEGORY_LABELS,
    DIRECT_IDENTIFIER_CATEGORIES,
    ConsentRecord,
    DataCategory,
)
from screening_tools.errors import ExportBlocked
from screening_tools.flow import Route
from screening_tools.jurisdiction import JurisdictionPack, RouteDef
from screening_tools.referral.model import BasisKind
from screening_tools.routing import available_routes
from screening_tools.vault.sharing_repository import SharingException


@dataclass(frozen=True)
class ExportDecision:
    basis: BasisKind
    basis_id: str
    categories: list[DataCategory]
    consent: ConsentRecord | None = None
    exception: SharingException | None = None


def decide(
    *,
    pack: JurisdictionPack,
    route: RouteDef,
    recipient_id: str,
    age_route: Route,
    consents: list[ConsentRecord],
    exceptions: list[SharingException],
    now: datetime,
) -> ExportDecision:
    # The person's most recent decision governs: a later decline or a withdrawal wins over an
    # earlier consent.
    governing = consents[-1] if consents else None
    signed = [e for e in exceptions if e.kind == "safeguarding_exception" and e.signed_off]
    options = {
        o.route.id: o for o in available_routes(pack, age_route, governing, bool(signed), now)
    }
    option = options.get(route.id)
    if option is None:
        group = "a child or a person of unknown age" if age_route is Route.CHILD else "an adult"
        raise ExportBlocked(
            f"the route {route.label!r} does not apply to {group}.",
            "Choose a route offered for this person, or correct the age status on the case.",
        )
    if not option.available:
        raise ExportBlocked(option.reason)
    allowed = list(dict.fromkeys(route.allowed_categories))
    if route.basis is BasisKind.CONSENT:
        assert governing is not None and governing.id is not None
        if recipient_id not in governing.scope.recipients:
            raise ExportBlocked(
                f"the person's consent does not cover the recipient {recipient_id!r}.",
                "Ask them about this recipient and record their answer as a new consent.",
            )
        categories = [c for c in allowed if c in governing.scope.categories]
        if not categories:
            raise ExportBlocked(
                "the consent covers none of the data this route sends.",
                "Record a consent that covers what the recipient needs.",
            )
        return ExportDecision(
            BasisKind.CONSENT, f"consent-{governing.id}", categories, consent=governing
        )
    if route.basis is BasisKind.MONITORING_ONLY:
        assert governing is not None and governing.id is not None
        # Belt and braces: even a badly written pack cannot put identifiers in it.
        categories = [c for c in allowed if c not in DIRECT_IDENTIFIER_CATEGORIES]
        return ExportDecision(
            BasisKind.MONITORING_ONLY, f"decline-{governing.id}", categories, consent=governing
        )
    if route.basis is BasisKind.CHILD_PROTECTION:
        views = [e for e in exceptions if e.kind == "child_protection"]
        if not views:
            raise ExportBlocked(
                "the child's views have not been recorded.",
                "Record the child's views (or that they did not wish to give them) first.",
            )
        return ExportDecision(
            BasisKind.CHILD_PROTECTION, f"child-{views[-1].id}", allowed, exception=views[-1]
        )
    return ExportDecision(
        BasisKind.SAFEGUARDING_EXCEPTION,
        f"exception-{signed[-1].id}",
        allowed,
        exception=signed[-1],
    )


def describe(categories: list[DataCategory]) -> str:
    return ", ".join(CATEGORY_LABELS[c] for c in categories)


__all__ = ["ExportBlocked", "ExportDecision", "decide", "describe"]
