"""The referral packet end to end: the gate, filtering, signing, verifying, encryption, audit."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening_tools.consent import ConsentDecision, DataCategory
from screening_tools.flow import AgeStatus
from screening_tools.referral import packet_file
from screening_tools.referral.gate import ExportBlocked
from screening_tools.referral.verify import verify_packet
from screening_tools.service import ScreeningService
from tests.conftest import STRONG
from tests.integration.packet_helpers import (
    SENTINELS,
    SUPPORT_RECIPIENT,
    SUPPORT_ROUTE,
    category_texts,
    consent,
    make_case,
    packet_members,
    pdf_text,
    searchable_parts,
    setup_org,
)

SUPPORT_ROUTE_CATEGORIES = set(DataCategory) - {DataCategory.IMMIGRATION_STATUS}


@pytest.fixture
def svc(vault_dir: Path) -> ScreeningService:
    service = ScreeningService(vault_dir)
    service.create_vault(STRONG, "Supervisor A")
    setup_org(service)
    return service


def _assert_only(data: bytes, texts: dict[DataCategory, str], shared: set[DataCategory]) -> None:
    for part, text in searchable_parts(data).items():
        for category, needle in texts.items():
            if category in shared:
                continue
            assert needle not in text, f"{category.value} leaked into {part}"


# -- the gate, property-based ----------------------------------------------------------------


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    categories=st.sets(st.sampled_from(list(DataCategory))),
    withdrawn=st.booleans(),
    declined=st.booleans(),
    other_recipient=st.booleans(),
)
def test_no_export_without_covering_active_basis(
    svc: ScreeningService,
    tmp_path: Path,
    categories: set[DataCategory],
    withdrawn: bool,
    declined: bool,
    other_recipient: bool,
) -> None:
    reference = make_case(svc)
    record = consent(
        svc,
        reference,
        categories,
        recipients={"uk-fr-tara"} if other_recipient else None,
        decision=ConsentDecision.DECLINED if declined else ConsentDecision.GIVEN,
    )
    if withdrawn:
        assert record.id is not None
        svc.withdraw_consent(reference, record.id)
    out = tmp_path / f"{reference}.fspacket"
    expected = categories & SUPPORT_ROUTE_CATEGORIES
    covered = not (withdrawn or declined or other_recipient) and expected
    if not covered:
        with pytest.raises(ExportBlocked):
            svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, out)
        assert not out.exists()
        return
    result = svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, out)
    assert set(result.content.categories_shared) == expected
    _assert_only(out.read_bytes(), category_texts(svc), expected)
    assert verify_packet(out.read_bytes(), sender_key=svc.public_signing_key()).ok


def test_change_after_consent_needs_reconfirmation(svc: ScreeningService, tmp_path: Path) -> None:
    reference = make_case(svc)
    consent(svc, reference, {DataCategory.INDICATORS})
    # Someone widens the stored scope after the person agreed: the fingerprint no longer matches.
    assert svc._vault is not None and svc._vault.conn is not None
    conn = svc._vault.conn
    (record_json,) = conn.execute("SELECT record FROM consents").fetchone()
    data = json.loads(record_json)
    data["scope"]["categories"].append("identity")
    conn.execute("UPDATE consents SET record = ?", (json.dumps(data),))
    with pytest.raises(ExportBlocked, match="changed after consent"):
        svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, tmp_path / "p.fspacket")
    # A new recipient is outside the scope too.
    consent(svc, reference, {DataCategory.INDICATORS})
    with pytest.raises(ExportBlocked):
        svc.export_packet(reference, SUPPORT_ROUTE, "uk-fr-kalayaan", tmp_path / "q.fspacket")


def test_withdrawal_blocks_later_exports(svc: ScreeningService, tmp_path: Path) -> None:
    reference = make_case(svc)
    record = consent(svc, reference, {DataCategory.INDICATORS, DataCategory.NEEDS})
    svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, tmp_path / "1.fspacket")
    assert record.id is not None
    svc.withdraw_consent(reference, record.id)
    with pytest.raises(ExportBlocked, match="withdrawn"):
        svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, tmp_path / "2.fspacket")


def test_monitoring_only_has_no_direct_identifier(svc: ScreeningService, tmp_path: Path) -> None:
    reference = make_case(svc)
    with pytest.raises(ExportBlocked):  # not before the person's decline is recorded
        svc.export_packet(
            reference, "uk-monitoring-notification", "uk-ukhtc-monitoring", tmp_path / "x"
        )
    consent(svc, reference, set(DataCategory), decision=ConsentDecision.DECLINED)
    with pytest.raises(ExportBlocked):  # declined: no referral
        svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, tmp_path / "y")
    out = tmp_path / "monitoring.fspacket"
    result = svc.export_packet(reference, "uk-monitoring-notification", "uk-ukhtc-monitoring", out)
    assert set(result.content.categories_shared) <= {
        DataCategory.DEMOGRAPHICS,
        DataCategory.INDICATORS,
    }
    texts = category_texts(svc)
    _assert_only(out.read_bytes(), texts, set(result.content.categories_shared))
    for part, text in searchable_parts(out.read_bytes()).items():
        for needle in SENTINELS.values():
            assert needle not in text, part


def test_child_protection_route(svc: ScreeningService, tmp_path: Path) -> None:
    reference = make_case(svc, AgeStatus.UNKNOWN)
    consent(svc, reference, set(DataCategory))
    with pytest.raises(ExportBlocked):  # consent routes are not for the child route
        svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, tmp_path / "a")
    with pytest.raises(ExportBlocked, match="child's views"):
        svc.export_packet(reference, "uk-child-protection", "uk-childrens-services", tmp_path / "b")
    svc.record_child_views(reference, "Wants to stay near their younger brother.")
    out = tmp_path / "child.fspacket"
    result = svc.export_packet(reference, "uk-child-protection", "uk-childrens-services", out)
    assert result.content.basis.child_views == "Wants to stay near their younger brother."
    text = pdf_text(packet_members(out.read_bytes())["referral.pdf"])
    assert "Wants to stay near their younger brother." in " ".join(text.split())


def test_safeguarding_exception_needs_sign_off(svc: ScreeningService, tmp_path: Path) -> None:
    reference = make_case(svc)
    route, recipient = "uk-safeguarding-exception", "uk-health-officials"
    with pytest.raises(ExportBlocked):
        svc.export_packet(reference, route, recipient, tmp_path / "a")
    exception = svc.request_safeguarding_exception(
        reference, "The person described threats of serious violence if they leave tonight."
    )
    with pytest.raises(ExportBlocked, match="sign"):
        svc.export_packet(reference, route, recipient, tmp_path / "b")
    svc.sign_off_exception(reference, exception.id)
    out = tmp_path / "exception.fspacket"
    svc.export_packet(reference, route, recipient, out)
    parts = searchable_parts(out.read_bytes())
    for name in ("referral.pdf", "referral.json", "fhir-bundle.json"):
        assert "without consent" in parts[name].lower(), name


# -- verifying ---------------------------------------------------------------------------------


@pytest.fixture
def packet(svc: ScreeningService, tmp_path: Path) -> tuple[ScreeningService, Path]:
    reference = make_case(svc)
    consent(svc, reference, SUPPORT_ROUTE_CATEGORIES)
    out = tmp_path / "referral.fspacket"
    svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, out)
    return svc, out


def test_round_trip_and_every_flipped_byte_names_its_part(
    packet: tuple[ScreeningService, Path],
) -> None:
    svc, out = packet
    data = out.read_bytes()
    key = svc.public_signing_key()
    report = verify_packet(data, sender_key=key)
    assert report.ok and report.sender_confirmed
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert set(names) == {
        "referral.pdf",
        "referral.json",
        "fhir-bundle.json",
        "manifest.json",
        "manifest.sig",
    }
    for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
        # Flip one byte in the middle of this member's stored bytes.
        header = 30 + len(info.filename.encode()) + len(info.extra)
        position = info.header_offset + header + info.compress_size // 2
        tampered = bytearray(data)
        tampered[position] ^= 0x01
        report = verify_packet(bytes(tampered), sender_key=key)
        assert not report.ok
        assert info.filename in report.failed_parts, (info.filename, report.failed_parts)


def test_wrong_sender_key_is_a_clear_failure(packet: tuple[ScreeningService, Path]) -> None:
    _, out = packet
    other = ScreeningService(out.parent / "other-vault")
    other.create_vault(STRONG)
    report = verify_packet(out.read_bytes(), sender_key=other.public_signing_key())
    assert not report.ok and report.failed_parts == ["sender key"]
    assert "different key" in report.checks[-1].detail


def test_export_is_logged_with_the_file_hash(packet: tuple[ScreeningService, Path]) -> None:
    svc, out = packet
    reference = svc.list_cases()[0].reference
    (entry,) = svc.export_log(reference)
    assert entry.file_sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert entry.recipient_id == SUPPORT_RECIPIENT and entry.basis_kind == "consent"
    assert set(entry.categories) == {c.value for c in SUPPORT_ROUTE_CATEGORIES}


def test_encrypted_to_recipient_opens_with_the_age_tool(
    svc: ScreeningService, tmp_path: Path
) -> None:
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    reference = make_case(svc)
    consent(svc, reference, {DataCategory.INDICATORS, DataCategory.IDENTITY})
    out = tmp_path / "sealed.fspacket.age"
    svc.export_packet(
        reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, out, encrypt_to=str(identity.to_public())
    )
    data = out.read_bytes()
    assert data.startswith(packet_file.AGE_MAGIC)
    assert SENTINELS[DataCategory.IDENTITY].encode() not in data
    assert verify_packet(data, identity=str(identity)).ok
    wrong = pyrage.x25519.Identity.generate()
    report = verify_packet(data, identity=str(wrong))
    assert not report.ok and report.failed_parts == ["encryption"]
    keyfile = tmp_path / "key.txt"
    keyfile.write_text(str(identity) + "\n")
    plain = subprocess.run(
        ["age", "--decrypt", "-i", str(keyfile), str(out)], capture_output=True, check=True
    ).stdout
    assert verify_packet(plain, sender_key=svc.public_signing_key()).ok


def test_failed_write_leaves_nothing_and_logs_nothing(
    svc: ScreeningService, tmp_path: Path
) -> None:
    reference = make_case(svc)
    consent(svc, reference, {DataCategory.INDICATORS})
    existing = tmp_path / "exists.fspacket"
    existing.write_bytes(b"keep me")
    with pytest.raises(packet_file.PacketWriteError):
        svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, existing)
    assert existing.read_bytes() == b"keep me"
    missing_dir = tmp_path / "no-such-folder" / "p.fspacket"
    with pytest.raises(packet_file.PacketWriteError):
        svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, missing_dir)
    assert svc.export_log(reference) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_export_and_verify(packet: tuple[ScreeningService, Path], tmp_path: Path) -> None:
    svc, out = packet
    from tests.integration.test_cli import run

    key = svc.public_signing_key()
    ok = run("packet", "verify", str(out), "--sender-key", key, "--json")
    assert json.loads(ok.stdout)["ok"] is True
    damaged = tmp_path / "damaged.fspacket"
    blob = bytearray(out.read_bytes())
    blob[len(blob) // 3] ^= 0xFF
    damaged.write_bytes(bytes(blob))
    bad = run("packet", "verify", str(damaged), "--json", check=False)
    assert bad.returncode == 1 and json.loads(bad.stdout)["ok"] is False
    assert os.path.getsize(out) > 0


def test_packet_pdf_is_in_the_recipients_language(svc: ScreeningService, tmp_path: Path) -> None:
    from screening_tools.i18n import Translator
    from tests.integration.packet_helpers import INDICATOR_ITEM

    reference = make_case(svc)
    consent(svc, reference, {DataCategory.INDICATORS})
    out = tmp_path / "ro.fspacket"
    svc.export_packet(reference, SUPPORT_ROUTE, SUPPORT_RECIPIENT, out, language="ro")
    item = svc.instrument("adult-indicators").item(INDICATOR_ITEM)
    assert item is not None
    romanian = Translator("ro").instrument_text(
        "adult-indicators", item.id, "worker_text", item.worker_text
    )
    assert romanian != item.worker_text
    body = " ".join(pdf_text(packet_members(out.read_bytes())["referral.pdf"]).split())
    assert " ".join(romanian.split())[:40] in body
    assert verify_packet(out.read_bytes(), sender_key=svc.public_signing_key()).ok
