"""Shared set-up for packet tests: a case with one sentinel string per data category."""

from __future__ import annotations

import json
import subprocess
import zipfile
from io import BytesIO

from screening_tools.consent import (
    ConsentDecision,
    ConsentGiver,
    ConsentMethod,
    ConsentRecord,
    ConsentScope,
    DataCategory,
    Purpose,
)
from screening_tools.domain import AnswerState
from screening_tools.flow import AgeStatus
from screening_tools.service import ScreeningService
from tests.conftest import open_interview

# A text per category that only that category can carry into a packet.
SENTINELS: dict[DataCategory, str] = {
    DataCategory.IDENTITY: "Zorana Sentinelova",
    DataCategory.CONTACT: "contact-sentinel-0771",
    DataCategory.DISCLOSURE_SUMMARY: "DISCLOSURE-SENTINEL said the boss keeps the passport",
    DataCategory.NOTES: "NOTE-SENTINEL arrived with a companion",
}
HEALTH_ITEM = "adult.physical.work-injuries"
INDICATOR_ITEM = "adult.other.documents-held"
NEEDS_ITEM = ("immediate-needs", None)  # first item of the instrument
SECURITY_ITEM = ("security-concerns", None)

SUPPORT_ROUTE = "uk-support-referral"
SUPPORT_RECIPIENT = "uk-local-support-service"


def setup_org(service: ScreeningService) -> None:
    service.set_organisation(
        name="Harbour Outreach", contact="+44 20 0000 0000", jurisdiction_id="uk-ew"
    )


def make_case(service: ScreeningService, age: AgeStatus = AgeStatus.ADULT) -> str:
    reference = service.new_case(
        name=SENTINELS[DataCategory.IDENTITY], contact=SENTINELS[DataCategory.CONTACT]
    ).reference
    service.set_age_status(reference, age)
    sid = service.start_screening(reference, "adult-indicators").id
    open_interview(service, sid)
    service.record_answer(sid, HEALTH_ITEM, AnswerState.OBSERVED)
    service.record_answer(sid, INDICATOR_ITEM, AnswerState.DISCLOSED)
    service.add_note(reference, SENTINELS[DataCategory.DISCLOSURE_SUMMARY], sid, disclosure=True)
    service.add_note(reference, SENTINELS[DataCategory.NOTES], sid)
    for instrument_id, value in (("immediate-needs", "yes"), ("security-concerns", "yes")):
        item = service.instrument(instrument_id).items()[0].id
        service.record_response(sid, instrument_id, item, value)
    return reference


def category_texts(service: ScreeningService) -> dict[DataCategory, str]:
    texts = dict(SENTINELS)
    adult = service.instrument("adult-indicators")
    texts[DataCategory.HEALTH] = _item_text(adult, HEALTH_ITEM)
    texts[DataCategory.INDICATORS] = _item_text(adult, INDICATOR_ITEM)
    texts[DataCategory.NEEDS] = service.instrument("immediate-needs").items()[0].worker_text
    texts[DataCategory.SECURITY_CONCERNS] = (
        service.instrument("security-concerns").items()[0].worker_text
    )
    return texts


def _item_text(instrument, item_id: str) -> str:  # type: ignore[no-untyped-def]
    item = instrument.item(item_id)
    assert item is not None
    return str(item.worker_text)


def consent(
    service: ScreeningService,
    reference: str,
    categories: set[DataCategory],
    recipients: set[str] | None = None,
    decision: ConsentDecision = ConsentDecision.GIVEN,
    police: bool = False,
) -> ConsentRecord:
    return service.record_consent(
        reference,
        decision=decision,
        given_by=ConsentGiver.PERSON,
        method=ConsentMethod.VERBAL,
        language="ro",
        interpreter="professional_phone",
        scope=ConsentScope(
            categories=frozenset(categories),
            recipients=frozenset(recipients or {SUPPORT_RECIPIENT}),
            purposes=frozenset({Purpose.SUPPORT_REFERRAL}),
            police_immigration_sharing=police,
        ),
    )


def packet_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def searchable_parts(data: bytes) -> dict[str, str]:
    """Each part as text a sentinel can be searched in (PDF through pdftotext)."""
    members = packet_members(data)
    texts = {name: blob.decode("utf-8") for name, blob in members.items() if name.endswith(".json")}
    texts["referral.pdf"] = " ".join(pdf_text(members["referral.pdf"]).split())
    # JSON escapes nothing we search for (ensure_ascii=False), but normalise anyway.
    for name in list(texts):
        if name.endswith(".json"):
            texts[name] = json.dumps(json.loads(texts[name]), ensure_ascii=False)
    return texts
