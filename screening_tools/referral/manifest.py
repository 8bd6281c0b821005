"""The manifest: SHA-256 of every part, signed with the vault's Ed25519 key.

The signing key is made with the vault and kept inside it (encrypted like everything else). Its
public half can be exported so a recipient can check that a packet comes from this vault and
was not changed on the way.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

FORMAT = "frontline-referral-packet"
FORMAT_VERSION = 1
KEY_PREFIX = "ed25519:"

PART_PDF = "referral.pdf"
PART_JSON = "referral.json"
PART_FHIR = "fhir-bundle.json"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PART_TYPES = {
    PART_PDF: "application/pdf",
    PART_JSON: "application/json",
    PART_FHIR: "application/fhir+json",
}


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def public_key_text(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return KEY_PREFIX + base64.b64encode(raw).decode("ascii")


def parse_public_key(text: str) -> Ed25519PublicKey:
    value = text.strip()
    if not value.startswith(KEY_PREFIX):
        raise ValueError(f"a sender key looks like {KEY_PREFIX}… (from 'screening vault key')")
    raw = base64.b64decode(value[len(KEY_PREFIX) :], validate=True)
    return Ed25519PublicKey.from_public_bytes(raw)


def key_id(public_text: str) -> str:
    """A short fingerprint people can compare by reading it aloud."""
    digest = sha256_hex(public_text.encode("ascii"))[:16].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def build_manifest(
    packet_id: str, created_at: datetime, parts: dict[str, bytes], signer_public: str
) -> bytes:
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "packet_id": packet_id,
        "created_at": created_at.isoformat(),
        "signer": {"public_key": signer_public, "key_id": key_id(signer_public)},
        "parts": [
            {
                "name": name,
                "media_type": PART_TYPES.get(name, "application/octet-stream"),
                "size": len(data),
                "sha256": sha256_hex(data),
            }
            for name, data in sorted(parts.items())
        ],
    }
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False).encode("utf-8")


def sign(manifest: bytes, private: Ed25519PrivateKey) -> bytes:
    return private.sign(manifest)


def signature_valid(manifest: bytes, signature: bytes, public: Ed25519PublicKey) -> bool:
    try:
        public.verify(signature, manifest)
    except InvalidSignature:
        return False
    return True
