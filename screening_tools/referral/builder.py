"""Gathering a case into a ``PacketContent``, filtered to the categories the basis covers, and
turning that content into a signed packet.

Filtering happens here, once, before any part is rendered: a category the basis does not cover
never reaches a renderer, so no part can leak it.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from screening_tools.consent import ConsentRecord, DataCategory
from screening_tools.content import Instrument, InstrumentKind
from screening_tools.domain import CaseDetail
from screening_tools.referral import manifest as mf
from screening_tools.referral import packet_file
from screening_tools.referral.gate import ExportDecision
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

# Indicators in these groups are health information, shared only when HEALTH is covered.
HEALTH_GROUPS = frozenset({"physical", "psychological", "sexual-health"})
SELECTION_SOURCES: dict[str, tuple[str, DataCategory]] = {
    "exploitation-types": ("exploitation_types", DataCategory.INDICATORS),
    "immediate-needs": ("immediate_needs", DataCategory.NEEDS),
    "services-needed": ("services_needed", DataCategory.NEEDS),
    "security-concerns": ("security_concerns", DataCategory.SECURITY_CONCERNS),
}
CHOSEN = frozenset({"yes", "selected"})


@dataclass(frozen=True)
class PacketInputs:
    """Everything the builder reads about the case, gathered by the service in one read."""

    detail: CaseDetail
    responses: dict[int, dict[tuple[str, str], str]]  # screening id -> (instrument, item) -> value
    person_language: str | None
    interpreter: str | None
    instruments: Callable[[str], Instrument]


@dataclass(frozen=True)
class RouteInfo:
    route_id: str
    route_label: str
    jurisdiction_id: str
    jurisdiction_name: str


@dataclass
class BuiltPacket:
    content: PacketContent
    parts: dict[str, bytes]
    data: bytes  # the packet file's bytes (encrypted when asked)
    timings: dict[str, float] = field(default_factory=dict)


def gather(
    inputs: PacketInputs,
    decision: ExportDecision,
    *,
    referrer: Party,
    recipient: Party,
    route: RouteInfo,
    language: str,
    how_to_withdraw: str,
    now: datetime,
) -> PacketContent:
    from screening_tools.i18n import Translator, locales

    # Instrument wording in the packet's language (the recipient's), from the catalogues.
    words = Translator(language if language in locales() else "en")
    cats = set(decision.categories)
    detail = inputs.detail
    case = detail.case
    indicators: list[IndicatorEntry] = []
    for screening in detail.screenings:
        instrument = inputs.instruments(screening.instrument_id)
        for answer in screening.answers.values():
            if not answer.state.is_concern:
                continue
            group = instrument.group_of(answer.item_id)
            item = instrument.item(answer.item_id)
            if group is None or item is None:
                continue
            category = DataCategory.HEALTH if group.id in HEALTH_GROUPS else DataCategory.INDICATORS
            if category not in cats:
                continue
            indicators.append(
                IndicatorEntry(
                    instrument_id=instrument.id,
                    instrument_version=screening.instrument_version,
                    item_id=item.id,
                    group_id=group.id,
                    group_title=words.instrument_text(
                        instrument.id, f"group:{group.id}", "title", group.title
                    ),
                    text=words.instrument_text(
                        instrument.id, item.id, "worker_text", item.worker_text
                    ),
                    state=answer.state.value,
                    recorded_at=answer.recorded_at,
                    category=category,
                )
            )
    selections: dict[str, list[Selection]] = {name: [] for name, _ in SELECTION_SOURCES.values()}
    seen: set[tuple[str, str]] = set()
    for screening_responses in inputs.responses.values():
        for (instrument_id, item_id), value in sorted(screening_responses.items()):
            source = SELECTION_SOURCES.get(instrument_id)
            if source is None or value not in CHOSEN or (instrument_id, item_id) in seen:
                continue
            name, category = source
            instrument = inputs.instruments(instrument_id)
            item = instrument.item(item_id)
            if category not in cats or item is None or instrument.kind is InstrumentKind.SCRIPT:
                continue
            seen.add((instrument_id, item_id))
            selections[name].append(
                Selection(
                    instrument_id=instrument_id,
                    item_id=item_id,
                    text=words.instrument_text(
                        instrument_id, item_id, "worker_text", item.worker_text
                    ),
                )
            )
    notes = [n for n in detail.notes if n.kind == "observation"]
    disclosures = [n for n in detail.notes if n.kind == "disclosure"]
    exception = decision.exception
    return PacketContent(
        packet_id=f"pkt-{secrets.token_hex(8)}",
        created_at=now,
        language=language,
        person_language=inputs.person_language or language,
        referrer=referrer,
        recipient=recipient,
        basis=Basis(
            kind=decision.basis,
            label=BASIS_LABELS[decision.basis],
            basis_id=decision.basis_id,
            route_id=route.route_id,
            route_label=route.route_label,
            jurisdiction_id=route.jurisdiction_id,
            jurisdiction_name=route.jurisdiction_name,
            justification=exception.text
            if exception and decision.basis is BasisKind.SAFEGUARDING_EXCEPTION
            else None,
            signed_off_by=exception.signed_off_by
            if exception and decision.basis is BasisKind.SAFEGUARDING_EXCEPTION
            else None,
            signed_off_at=exception.signed_off_at
            if exception and decision.basis is BasisKind.SAFEGUARDING_EXCEPTION
            else None,
            child_views=exception.text
            if exception and decision.basis is BasisKind.CHILD_PROTECTION
            else None,
        ),
        categories_shared=sorted(cats, key=list(DataCategory).index),
        person=PersonDetails(
            reference=case.reference,
            name=case.name if DataCategory.IDENTITY in cats else None,
            contact=case.contact if DataCategory.CONTACT in cats else None,
            age_group=detail.age_status if DataCategory.DEMOGRAPHICS in cats else None,
            language=inputs.person_language if DataCategory.DEMOGRAPHICS in cats else None,
            interpreter=inputs.interpreter if DataCategory.DEMOGRAPHICS in cats else None,
        ),
        indicators=sorted(indicators, key=lambda e: (e.recorded_at, e.item_id)),
        exploitation_types=selections["exploitation_types"],
        immediate_needs=selections["immediate_needs"],
        services_needed=selections["services_needed"],
        security_concerns=selections["security_concerns"],
        disclosure_summary=[NoteEntry(created_at=n.created_at, body=n.body) for n in disclosures]
        if DataCategory.DISCLOSURE_SUMMARY in cats
        else [],
        notes=[NoteEntry(created_at=n.created_at, body=n.body) for n in notes]
        if DataCategory.NOTES in cats
        else [],
        consent=_consent_summary(decision.consent, how_to_withdraw)
        if decision.basis is BasisKind.CONSENT
        else None,
    )


def _consent_summary(record: ConsentRecord | None, how_to_withdraw: str) -> ConsentSummary | None:
    if record is None:
        return None
    return ConsentSummary(
        decision=record.decision.value,
        given_by=record.given_by.value,
        giver_role=record.giver_role,
        obtained_by=record.obtained_by,
        obtained_at=record.obtained_at,
        method=record.method.value,
        language=record.language,
        interpreter=record.interpreter,
        witness=record.witness,
        confidentiality_script_delivered=record.confidentiality_script_delivered,
        categories=sorted(record.scope.categories, key=list(DataCategory).index),
        recipients=sorted(record.scope.recipients),
        purposes=sorted(p.value for p in record.scope.purposes),
        police_immigration_sharing=record.scope.police_immigration_sharing,
        expires_at=record.expires_at,
        how_to_withdraw=how_to_withdraw,
    )


def render_parts(content: PacketContent, timings: dict[str, float]) -> dict[str, bytes]:
    from screening_tools.referral.fhir import fhir_json
    from screening_tools.referral.json_part import packet_json
    from screening_tools.referral.pdf import render_packet_pdf

    parts: dict[str, bytes] = {}
    for name, render in (
        (mf.PART_PDF, render_packet_pdf),
        (mf.PART_JSON, packet_json),
        (mf.PART_FHIR, fhir_json),
    ):
        started = time.perf_counter()
        parts[name] = render(content)
        timings[name] = time.perf_counter() - started
    return parts


def seal(
    content: PacketContent,
    signing_key: Ed25519PrivateKey,
    *,
    encrypt_to: str | None = None,
    passphrase: str | None = None,
) -> BuiltPacket:
    timings: dict[str, float] = {}
    parts = render_parts(content, timings)
    started = time.perf_counter()
    public = mf.public_key_text(signing_key.public_key())
    manifest = mf.build_manifest(content.packet_id, content.created_at, parts, public)
    members = {**parts, mf.MANIFEST: manifest, mf.SIGNATURE: mf.sign(manifest, signing_key)}
    data = packet_file.assemble(members)
    timings["manifest+signature"] = time.perf_counter() - started
    if encrypt_to or passphrase:
        started = time.perf_counter()
        if encrypt_to:
            data = packet_file.encrypt_to_recipient(data, encrypt_to)
        else:
            assert passphrase is not None
            data = packet_file.encrypt_with_passphrase(data, passphrase)
        timings["encryption"] = time.perf_counter() - started
    return BuiltPacket(content, parts, data, timings)
