"""Who may receive what, on which basis: routing decisions over a jurisdiction pack.

Pure functions, no clock and no database: the caller passes the age route, the consent record
(if any), whether a safeguarding exception has been signed off, and the time. The answer lists
every route that applies to the person's age, each either available or with a plain reason why
not and what would make it possible. The export gate checks the basis again at export time;
this module only says which doors exist.

* Adult, consent given and still valid, covering the route: the consent routes.
* Adult who declined (or withdrew): a monitoring-only notification, with no direct identifiers.
* Child route (under 18, age unknown or disputed): child-protection routes only; the child's
  consent is not required and the child's views are recorded before export.
* Safeguarding exception (serious risk of harm), any age: only with a written justification and
  a supervisor's sign-off; labelled "shared without consent — exception" wherever it shows.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from screening_tools.consent import ConsentDecision, ConsentRecord
from screening_tools.content.models import Audience
from screening_tools.flow import Route
from screening_tools.jurisdiction import JurisdictionPack, Recipient, RouteDef
from screening_tools.referral.model import BASIS_LABELS, BasisKind

EXCEPTION_LABEL = "Shared without consent — exception"

# The order options are offered in: the least intrusive basis first.
_ADULT_ORDER = (
    BasisKind.CONSENT,
    BasisKind.MONITORING_ONLY,
    BasisKind.SAFEGUARDING_EXCEPTION,
)
_CHILD_ORDER = (BasisKind.CHILD_PROTECTION, BasisKind.SAFEGUARDING_EXCEPTION)


class RouteOption(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    route: RouteDef
    basis_kind: BasisKind
    available: bool
    reason: str
    requires_child_views: bool = False
    requires_signed_off_exception: bool = False

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS[self.basis_kind]

    @property
    def label(self) -> str:
        """The route's label, marked as an exception wherever an exception route is shown."""
        if self.basis_kind is BasisKind.SAFEGUARDING_EXCEPTION:
            return f"{self.route.label} ({EXCEPTION_LABEL.lower()})"
        return self.route.label


def recipients_for(pack: JurisdictionPack, route: RouteDef) -> list[Recipient]:
    """The pack's recipients a route can send to, in the route's order of recipient types."""
    return [r for kind in route.recipient_types for r in pack.recipients if r.type is kind]


def available_routes(
    pack: JurisdictionPack,
    age_route: Route,
    consent: ConsentRecord | None,
    has_signed_off_exception: bool,
    now: datetime,
) -> list[RouteOption]:
    """Every route that applies to this person, available or with the reason it is not."""
    child = age_route is Route.CHILD
    order = _CHILD_ORDER if child else _ADULT_ORDER
    audiences = {Audience.ANY, Audience.CHILD if child else Audience.ADULT}
    routes = [r for r in pack.routes if r.basis in order and r.audience in audiences]
    # Least intrusive first, and within a basis the routes without police before the others.
    routes.sort(key=lambda r: (order.index(r.basis), r.involves_police))
    options: list[RouteOption] = []
    for route in routes:
        if route.basis is BasisKind.CONSENT:
            options.append(_consent_option(pack, route, consent, now))
        elif route.basis is BasisKind.MONITORING_ONLY:
            options.append(_monitoring_option(route, consent, now))
        elif route.basis is BasisKind.CHILD_PROTECTION:
            options.append(_child_option(route))
        else:
            options.append(_exception_option(route, has_signed_off_exception))
    return options


def _option(route: RouteDef, available: bool, reason: str, **flags: bool) -> RouteOption:
    return RouteOption(
        route=route, basis_kind=route.basis, available=available, reason=reason, **flags
    )


def _consent_option(
    pack: JurisdictionPack, route: RouteDef, consent: ConsentRecord | None, now: datetime
) -> RouteOption:
    ask = "Explain what would be shared, with whom and why, ask the person, and record the answer."
    if consent is None:
        return _option(route, False, f"No consent has been recorded yet. {ask}")
    if consent.decision is ConsentDecision.DECLINED:
        return _option(
            route,
            False,
            "The person declined to share, and that decision stands. A monitoring-only "
            "notification with no identifying details is still possible. If they change their "
            "mind, record their consent again.",
        )
    problems = consent.problems_at(now)
    if problems:
        return _option(
            route, False, f"The consent cannot be relied on: {'; '.join(problems)}. {ask}"
        )
    gaps: list[str] = []
    if not consent.scope.purposes & set(route.purposes):
        wanted = " or ".join(repr(p.value.replace("_", " ")) for p in route.purposes)
        gaps.append(f"the purpose {wanted}")
    recipients = recipients_for(pack, route)
    if not consent.scope.recipients & {r.id for r in recipients}:
        names = ", ".join(r.name for r in recipients)
        gaps.append(f"any recipient on this route ({names})")
    if route.involves_police and not consent.scope.police_immigration_sharing:
        gaps.append(
            "sharing with the police or immigration (a separate question, 'no' unless asked)"
        )
    if gaps:
        return _option(
            route,
            False,
            f"The person's consent does not cover {'; '.join(gaps)}. Ask them about this route "
            "and record their answer; nothing changes unless they agree.",
        )
    return _option(route, True, "Available: the person's consent covers this route.")


def _monitoring_option(
    route: RouteDef, consent: ConsentRecord | None, now: datetime
) -> RouteOption:
    if consent is None:
        return _option(
            route,
            False,
            "First ask the person whether they want a referral and record their answer. "
            "A monitoring-only notification is for when they decline.",
        )
    declined = consent.decision is ConsentDecision.DECLINED or not consent.active
    if declined:
        return _option(
            route,
            True,
            "Available: the person declined a referral. The notification is counted for "
            "monitoring only and carries no name, contact details, address, exact location or "
            "free text.",
        )
    if consent.problems_at(now):
        return _option(
            route,
            False,
            "The recorded consent can no longer be relied on. Ask the person again; if they "
            "decline, a monitoring-only notification is possible.",
        )
    return _option(
        route,
        False,
        "The person agreed to a referral, so a referral under their consent replaces a "
        "monitoring-only notification.",
    )


def _child_option(route: RouteDef) -> RouteOption:
    return _option(
        route,
        True,
        "Available: a child, or a person whose age is unknown or disputed, takes the "
        "child-protection route. The child's consent is not required; record the child's views "
        "before export.",
        requires_child_views=True,
    )


def _exception_option(route: RouteDef, signed_off: bool) -> RouteOption:
    if signed_off:
        return _option(
            route,
            True,
            f"Available: {EXCEPTION_LABEL.lower()}. The written justification has been signed "
            "off by a supervisor; share only what the risk requires.",
            requires_signed_off_exception=True,
        )
    return _option(
        route,
        False,
        "Sharing without consent is only for a serious risk of harm. Write down why, and ask a "
        "supervisor to sign it off; the route opens once they have.",
        requires_signed_off_exception=True,
    )
