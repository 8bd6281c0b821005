"""The packet's FHIR part: a FHIR R4 Bundle (type "collection") built as plain dicts.

The runtime app never imports a FHIR library; the tests validate the output with the R4B models
of ``fhir.resources`` (identical to R4 for the resources used here).

What the bundle holds, in order, each entry's ``fullUrl`` a ``urn:uuid`` derived from the packet
id and the resource kind (same content, same bytes):

- ``Patient``, only when a person detail beyond the neutral case reference is shared (name,
  contact, age group, language, interpreter). It is a bundle entry rather than a contained
  resource because several resources refer to it, and a contained resource can only be
  referred to from inside its container. Without it, every ``subject``/``patient`` is a logical
  reference: an identifier holding the neutral case reference, nothing else.
- One ``QuestionnaireResponse`` per indicator instrument used, ``questionnaire`` =
  ``urn:frontline-screening:instrument:<id>|<version>``; items nested by the instrument's
  groups, one per recorded indicator (``linkId`` = item id), answered with a coding of the
  answer state (observed / disclosed). One response per instrument keeps every ``linkId``
  resolvable in the questionnaire the response claims to answer.
- One ``QuestionnaireResponse`` to the packet form itself
  (``urn:frontline-screening:questionnaire:referral-packet|<schema version>``): the statement
  that indicators are not a determination, then only what the content holds: exploitation
  types, immediate needs, security concerns and services needed (one question each, answered
  with codings ``urn:frontline-screening:instrument:<id>`` / item id), disclosure summary and
  notes (strings, each with when it was recorded), and a child's views.
- ``Consent``, only when the content holds a consent record: "given" gives status ``active``,
  "declined" gives ``rejected``. A Consent is the record of the person's own choice, so none is
  made up for a monitoring-only notification, a child-protection referral or a safeguarding
  exception: those rest on a duty, not on a choice, and the basis is recorded in Provenance.
- ``Provenance``: targets everything above; ``recorded`` = packet creation; the referrer
  organisation as author (display only); ``reason`` = the legal basis (with the written
  justification for an exception), ``activity`` = the referral route, ``policy`` = the Consent
  relied on, if any, and the route. Unsigned: the manifest signs the packet.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from screening_tools.consent import CATEGORY_LABELS, DataCategory
from screening_tools.referral.json_part import canonical_json, check_content
from screening_tools.referral.model import (
    BasisKind,
    IndicatorEntry,
    NoteEntry,
    PacketContent,
    Selection,
)

URN = "urn:frontline-screening"
ANSWER_STATE_SYSTEM = f"{URN}:answer-state"
CATEGORY_SYSTEM = f"{URN}:data-category"
CASE_REFERENCE_SYSTEM = f"{URN}:case-reference"
PACKET_SYSTEM = f"{URN}:packet"
PARTNER_SYSTEM = f"{URN}:partner"
PURPOSE_SYSTEM = f"{URN}:purpose"
BASIS_SYSTEM = f"{URN}:basis"
ROUTE_SYSTEM = f"{URN}:route"
PACKET_FORM = f"{URN}:questionnaire:referral-packet"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, f"{URN}:fhir")

_ANSWER_STATES = {"observed": "Observed by the referrer", "disclosed": "Described by the person"}
_SELECTION_SECTIONS = (
    ("exploitation-types", "Suspected types of exploitation", "exploitation_types"),
    ("immediate-needs", "Immediate needs", "immediate_needs"),
    ("security-concerns", "Security concerns", "security_concerns"),
    ("services-needed", "Services needed", "services_needed"),
)
_V3_PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
_CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction"


def _rule(kind: str, actors: list[dict[str, Any]]) -> dict[str, Any]:
    """A nested provision: ``kind`` (permit or deny) disclosure to ``actors``."""
    role = {"coding": [{"system": _V3_PARTICIPATION, "code": "IRCP"}]}
    rule: dict[str, Any] = {
        "type": kind,
        "action": [{"coding": [{"system": _CONSENT_ACTION, "code": "disclose"}]}],
    }
    if actors:
        rule["actor"] = [{"role": role, "reference": actor} for actor in actors]
    return rule


def _when(value: datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _full_url(content: PacketContent, kind: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{content.packet_id}/{kind}')}"


def _party(content: PacketContent) -> dict[str, Any]:
    referrer = content.referrer
    return {"display": referrer.organisation or referrer.name}


def _patient(content: PacketContent) -> dict[str, Any] | None:
    person = content.person
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": CASE_REFERENCE_SYSTEM, "value": person.reference}],
    }
    if person.name is not None:
        resource["name"] = [{"text": person.name}]
    if person.contact is not None:
        resource["telecom"] = [{"system": "other", "value": person.contact}]
    if person.language is not None:
        language = {"coding": [{"system": "urn:ietf:bcp:47", "code": person.language}]}
        resource["communication"] = [{"language": language, "preferred": True}]
    extensions = [
        {"url": f"{URN}:extension:{name}", "valueCode": value}
        for name, value in (("age-group", person.age_group), ("interpreter", person.interpreter))
        if value is not None
    ]
    if extensions:
        resource["extension"] = extensions
    details = ("name", "telecom", "communication", "extension")
    return resource if any(key in resource for key in details) else None


def _indicator_responses(
    content: PacketContent, subject: dict[str, Any]
) -> list[tuple[str, dict[str, Any]]]:
    # instrument -> group -> item -> entries: an item recorded twice (two screenings) becomes
    # one item with both answers, as FHIR wants sibling items to have distinct linkIds.
    tree: dict[tuple[str, str], dict[str, dict[str, list[IndicatorEntry]]]] = {}
    for entry in content.indicators:
        groups = tree.setdefault((entry.instrument_id, entry.instrument_version), {})
        groups.setdefault(entry.group_id, {}).setdefault(entry.item_id, []).append(entry)
    responses = []
    for (instrument_id, version), groups in tree.items():
        items = [
            {
                "linkId": group_id,
                "text": next(iter(entries.values()))[0].group_title,
                "item": [
                    {
                        "linkId": item_id,
                        "text": same[0].text,
                        "answer": [_state(s) for s in dict.fromkeys(e.state for e in same)],
                    }
                    for item_id, same in entries.items()
                ],
            }
            for group_id, entries in groups.items()
        ]
        canonical = f"{URN}:instrument:{instrument_id}|{version}"
        kind = f"QuestionnaireResponse/{instrument_id}|{version}"
        responses.append((kind, _response(content, canonical, subject, items)))
    return responses


def _state(state: str) -> dict[str, Any]:
    coding = {"system": ANSWER_STATE_SYSTEM, "code": state}
    if state in _ANSWER_STATES:
        coding["display"] = _ANSWER_STATES[state]
    return {"valueCoding": coding}


def _response(
    content: PacketContent, canonical: str, subject: dict[str, Any], items: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": canonical,
        "status": "completed",
        "subject": subject,
        "authored": _when(content.created_at),
        "author": _party(content),
        "item": items,
    }


def _selected(selection: Selection) -> dict[str, Any]:
    system = f"{URN}:instrument:{selection.instrument_id}"
    coding = {"system": system, "code": selection.item_id, "display": selection.text}
    return {"valueCoding": coding}


def _written(link_id: str, entry: NoteEntry) -> dict[str, Any]:
    recorded = {
        "linkId": f"{link_id}.recorded-at",
        "text": "Recorded at",
        "answer": [{"valueDateTime": _when(entry.created_at)}],
    }
    return {"valueString": entry.body, "item": [recorded]}


def _packet_form_response(content: PacketContent, subject: dict[str, Any]) -> dict[str, Any]:
    items: list[dict[str, Any]] = [
        {"linkId": "statement", "text": "Statement", "answer": [{"valueString": content.statement}]}
    ]
    for link_id, title, field in _SELECTION_SECTIONS:
        selections: list[Selection] = getattr(content, field)
        if selections:
            answers = [_selected(s) for s in selections]
            items.append({"linkId": link_id, "text": title, "answer": answers})
    for link_id, title, notes in (
        ("disclosure-summary", "Summary of what the person said", content.disclosure_summary),
        ("notes", "Worker's notes", content.notes),
    ):
        if any(n.body for n in notes):
            answers = [_written(link_id, n) for n in notes if n.body]
            items.append({"linkId": link_id, "text": title, "answer": answers})
    if content.basis.child_views:
        answer = [{"valueString": content.basis.child_views}]
        items.append({"linkId": "child-views", "text": "The child's views", "answer": answer})
    canonical = f"{PACKET_FORM}|{content.schema_version}"
    return _response(content, canonical, subject, items)


def _consent(content: PacketContent, patient: dict[str, Any]) -> dict[str, Any] | None:
    record = content.consent
    if record is None:
        return None
    recipients = []
    for recipient_id in record.recipients:
        reference: dict[str, Any] = {
            "identifier": {"system": PARTNER_SYSTEM, "value": recipient_id}
        }
        if recipient_id == content.recipient.id:
            reference["display"] = content.recipient.organisation or content.recipient.name
        recipients.append(reference)
    # R4: the root provision sets the context (here, when the consent applies) and carries no
    # type; with policyRule OPTIN everything is denied unless a nested provision permits it.
    permitted = _rule("permit", recipients)
    permitted["class"] = [_category(c) for c in record.categories]
    permitted["purpose"] = [{"system": PURPOSE_SYSTEM, "code": p} for p in record.purposes]
    # Police and immigration sharing is its own question: its answer is stated either way.
    police = "permit" if record.police_immigration_sharing else "deny"
    authorities = [{"display": "Police and immigration authorities"}]
    period = {"start": _when(record.obtained_at)}
    if record.expires_at is not None:
        period["end"] = _when(record.expires_at)
    provision = {"period": period, "provision": [permitted, _rule(police, authorities)]}
    # The person, or a guardian or representative (named by role only).
    performer = (
        patient
        if record.given_by == "person"
        else {"display": record.giver_role or record.given_by}
    )
    return {
        "resourceType": "Consent",
        "identifier": [{"system": f"{URN}:consent-record", "value": content.basis.basis_id}],
        "status": "active" if record.decision == "given" else "rejected",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                    "display": "Privacy Consent",
                }
            ]
        },
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
        "patient": patient,
        "dateTime": _when(record.obtained_at),
        "performer": [performer],
        "organization": [_party(content)],
        "policy": [{"uri": _route(content)}],
        "policyRule": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN"}
            ]
        },
        "provision": provision,
    }


def _category(category: DataCategory) -> dict[str, Any]:
    return {"system": CATEGORY_SYSTEM, "code": category.value, "display": CATEGORY_LABELS[category]}


def _route(content: PacketContent) -> str:
    return f"{ROUTE_SYSTEM}:{content.basis.jurisdiction_id}:{content.basis.route_id}"


def _provenance(
    content: PacketContent, targets: list[str], consent_url: str | None
) -> dict[str, Any]:
    basis = content.basis
    reason: dict[str, Any] = {
        "coding": [{"system": BASIS_SYSTEM, "code": basis.kind.value, "display": basis.label}]
    }
    if basis.kind is BasisKind.SAFEGUARDING_EXCEPTION and basis.justification:
        reason["text"] = basis.justification
    agents: list[dict[str, Any]] = [{"type": _participant("author"), "who": _party(content)}]
    if basis.signed_off_by:
        role = [{"text": "Supervisor who signed off the exception"}]
        verifier = {"display": basis.signed_off_by}
        agents.append({"type": _participant("verifier"), "role": role, "who": verifier})
    activity = {
        "coding": [{"system": ROUTE_SYSTEM, "code": basis.route_id, "display": basis.route_label}],
        "text": f"{basis.route_label} ({basis.jurisdiction_name})",
    }
    policy = [consent_url] if consent_url else []
    return {
        "resourceType": "Provenance",
        "target": [{"reference": url} for url in targets],
        "recorded": _when(content.created_at),
        "policy": [*policy, _route(content)],
        "reason": [reason],
        "activity": activity,
        "agent": agents,
    }


def _participant(code: str) -> dict[str, Any]:
    system = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
    return {"coding": [{"system": system, "code": code}]}


def fhir_bundle(content: PacketContent) -> dict[str, Any]:
    """The FHIR part as a dict: a Bundle of type "collection" (see the module's docstring)."""
    check_content(content)
    entries: list[tuple[str, dict[str, Any]]] = []
    patient = _patient(content)
    if patient is not None:
        entries.append(("Patient", patient))
        subject: dict[str, Any] = {"reference": _full_url(content, "Patient")}
    else:
        identifier = {"system": CASE_REFERENCE_SYSTEM, "value": content.person.reference}
        subject = {"identifier": identifier}
    entries += _indicator_responses(content, subject)
    entries.append(
        ("QuestionnaireResponse/referral-packet", _packet_form_response(content, subject))
    )
    consent = _consent(content, subject)
    consent_url = _full_url(content, "Consent") if consent is not None else None
    if consent is not None:
        entries.append(("Consent", consent))
    targets = [_full_url(content, kind) for kind, _ in entries]
    entries.append(("Provenance", _provenance(content, targets, consent_url)))
    return {
        "resourceType": "Bundle",
        "identifier": {"system": PACKET_SYSTEM, "value": content.packet_id},
        "type": "collection",
        "timestamp": _when(content.created_at),
        "entry": [
            {"fullUrl": _full_url(content, kind), "resource": resource}
            for kind, resource in entries
        ],
    }


def fhir_json(content: PacketContent) -> bytes:
    """The FHIR part's bytes: canonical JSON, so the same content always gives the same bytes."""
    return canonical_json(fhir_bundle(content))
