"""Checking a packet file: signature, hashes and schema, naming the part that fails.

Works without a vault: a recipient runs ``screening packet verify FILE [--sender-key KEY]``.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from screening_tools.referral import manifest as mf
from screening_tools.referral import packet_file


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class VerifyReport:
    checks: list[Check] = field(default_factory=list)
    packet_id: str | None = None
    signer_key_id: str | None = None
    encrypted: bool = False
    sender_confirmed: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def failed_parts(self) -> list[str]:
        return [c.name for c in self.checks if not c.ok]

    def add(self, name: str, ok: bool, detail: str) -> bool:
        self.checks.append(Check(name, ok, detail))
        return ok

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "packet_id": self.packet_id,
            "encrypted": self.encrypted,
            "signer_key_id": self.signer_key_id,
            "sender_confirmed": self.sender_confirmed,
            "failed_parts": self.failed_parts,
            "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks],
        }


def verify_packet(
    data: bytes,
    *,
    sender_key: str | None = None,
    identity: str | None = None,
    passphrase: str | None = None,
) -> VerifyReport:
    report = VerifyReport()
    if packet_file.is_encrypted(data):
        report.encrypted = True
        try:
            data = packet_file.decrypt(data, identity=identity, passphrase=passphrase)
        except packet_file.PacketEncryptionError as exc:
            report.add("encryption", False, str(exc))
            return report
        report.add("encryption", True, "decrypted")
    members = _read_members(data, report)
    if members is None:
        return report
    manifest_bytes = members.get(mf.MANIFEST)
    signature = members.get(mf.SIGNATURE)
    if manifest_bytes is None or signature is None:
        missing = mf.MANIFEST if manifest_bytes is None else mf.SIGNATURE
        report.add(missing, False, "missing from the packet")
        return report
    manifest = _check_signature(manifest_bytes, signature, sender_key, report)
    if manifest is None:
        return report
    listed = {p["name"]: p for p in manifest.get("parts", [])}
    for name in sorted(set(listed) | (set(members) - {mf.MANIFEST, mf.SIGNATURE})):
        if name not in listed:
            report.add(name, False, "not listed in the signed manifest")
        elif name not in members:
            report.add(name, False, "listed in the manifest but missing from the packet")
        elif mf.sha256_hex(members[name]) != listed[name]["sha256"]:
            report.add(name, False, "its SHA-256 does not match the signed manifest")
        else:
            report.add(name, True, "hash matches the signed manifest")
    if report.ok:
        _check_schemas(members, report)
    return report


def _read_members(data: bytes, report: VerifyReport) -> dict[str, bytes] | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        report.add("container", False, "not a packet file (not a readable ZIP container)")
        return None
    members: dict[str, bytes] = {}
    for info in archive.infolist():
        try:
            members[info.filename] = archive.read(info)
        except (zipfile.BadZipFile, OSError, ValueError):
            # The container's own CRC caught a changed byte inside this part.
            report.add(info.filename, False, "damaged: its bytes were changed")
            return None
    return members


def _check_signature(
    manifest_bytes: bytes, signature: bytes, sender_key: str | None, report: VerifyReport
) -> dict[str, Any] | None:
    try:
        manifest = json.loads(manifest_bytes)
        embedded = manifest["signer"]["public_key"]
        public = mf.parse_public_key(embedded)
    except (ValueError, KeyError, TypeError):
        report.add(mf.MANIFEST, False, "the manifest is not readable")
        return None
    report.packet_id = str(manifest.get("packet_id"))
    report.signer_key_id = mf.key_id(embedded)
    if sender_key is not None:
        try:
            expected = mf.parse_public_key(sender_key)
        except ValueError as exc:
            report.add("sender key", False, str(exc))
            return None
        if mf.public_key_text(expected) != embedded:
            report.add(
                "sender key",
                False,
                "the packet was signed by a different key than the sender key given",
            )
            return None
        report.sender_confirmed = True
    if not mf.signature_valid(manifest_bytes, signature, public):
        report.add(mf.SIGNATURE, False, "the signature does not match the manifest")
        return None
    detail = "valid"
    if sender_key is None:
        detail += f" (signer {report.signer_key_id}: compare it with the sender's key)"
    report.add(mf.SIGNATURE, True, detail)
    return dict(manifest)


def _check_schemas(members: dict[str, bytes], report: VerifyReport) -> None:
    from screening_tools.referral.json_part import parse_packet_json

    if mf.PART_JSON in members:
        try:
            parse_packet_json(members[mf.PART_JSON])
            report.add(f"{mf.PART_JSON} schema", True, "matches the published packet schema")
        except Exception as exc:  # the part's own typed error names the problem
            report.add(f"{mf.PART_JSON} schema", False, str(exc))
    if mf.PART_FHIR in members:
        try:
            bundle = json.loads(members[mf.PART_FHIR])
            ok = bundle.get("resourceType") == "Bundle" and all(
                "resource" in e for e in bundle.get("entry", [])
            )
        except ValueError:
            ok = False
        report.add(
            f"{mf.PART_FHIR} structure",
            ok,
            "a FHIR Bundle" if ok else "not a readable FHIR Bundle",
        )
    if mf.PART_PDF in members:
        ok = members[mf.PART_PDF].startswith(b"%PDF-")
        report.add(f"{mf.PART_PDF} format", ok, "a PDF document" if ok else "not a PDF document")
