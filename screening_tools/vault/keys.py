"""Key slots: the random data key, wrapped by keys derived from secrets people hold.

The SQLCipher database is keyed with a random 256-bit *data key* used raw, so opening is
instant. The data key never touches disk unwrapped: each key slot holds it encrypted with
AES-256-GCM under a key derived from a passphrase (or the one-time recovery key) with Argon2id.
Changing a passphrase re-wraps the same data key in a new slot; the database is never rekeyed.
"""

from __future__ import annotations

import base64
import os
import secrets
import unicodedata
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

DATA_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12

# Environment switch for the test suite only: cheap Argon2id so hundreds of vaults can be made
# quickly. Never set in production; slots record the parameters they were made with, and one
# test exercises the real ones.
TEST_KDF_ENV = "FRONTLINE_TEST_CHEAP_KDF"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters, stored in every slot so old slots still open after a change."""

    memory_kib: int = 64 * 1024  # 64 MiB: the floor the project promises
    time_cost: int = 3
    parallelism: int = 4

    @classmethod
    def production(cls) -> KdfParams:
        return cls()

    @classmethod
    def cheap_for_tests(cls) -> KdfParams:
        return cls(memory_kib=64, time_cost=1, parallelism=1)

    @classmethod
    def default(cls) -> KdfParams:
        if os.environ.get(TEST_KDF_ENV) == "1":
            return cls.cheap_for_tests()
        return cls.production()

    def to_json(self) -> dict[str, int | str]:
        return {
            "algorithm": "argon2id",
            "memory_kib": self.memory_kib,
            "time_cost": self.time_cost,
            "parallelism": self.parallelism,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> KdfParams:
        if data.get("algorithm") != "argon2id":
            raise ValueError("unknown key-derivation algorithm")
        memory, time_cost, lanes = data["memory_kib"], data["time_cost"], data["parallelism"]
        if not all(isinstance(v, int) and v > 0 for v in (memory, time_cost, lanes)):
            raise ValueError("bad key-derivation parameters")
        assert isinstance(memory, int) and isinstance(time_cost, int) and isinstance(lanes, int)
        return cls(memory_kib=memory, time_cost=time_cost, parallelism=lanes)


def derive_key(secret: str, salt: bytes, params: KdfParams) -> bytes:
    # Normalise so the same passphrase typed with another input method still matches.
    material = unicodedata.normalize("NFC", secret).encode("utf-8")
    return hash_secret_raw(
        secret=material,
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


@dataclass(frozen=True)
class KeySlot:
    """One wrapped copy of the data key."""

    slot_id: str
    kind: str  # "passphrase" or "recovery"
    user_id: int | None
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped: bytes

    @classmethod
    def seal(
        cls,
        *,
        slot_id: str,
        kind: str,
        user_id: int | None,
        secret: str,
        data_key: bytes,
        vault_id: str,
        kdf: KdfParams,
    ) -> KeySlot:
        salt = secrets.token_bytes(SALT_BYTES)
        nonce = secrets.token_bytes(NONCE_BYTES)
        kek = derive_key(secret, salt, kdf)
        wrapped = AESGCM(kek).encrypt(nonce, data_key, _aad(vault_id, slot_id, kind))
        return cls(slot_id, kind, user_id, kdf, salt, nonce, wrapped)

    def open(self, secret: str, vault_id: str) -> bytes | None:
        """The data key, or None when the secret is wrong (or the slot was tampered with)."""
        kek = derive_key(secret, self.salt, self.kdf)
        try:
            return AESGCM(kek).decrypt(
                self.nonce, self.wrapped, _aad(vault_id, self.slot_id, self.kind)
            )
        except InvalidTag:
            return None

    def to_json(self) -> dict[str, object]:
        return {
            "slot_id": self.slot_id,
            "kind": self.kind,
            "user_id": self.user_id,
            "kdf": self.kdf.to_json(),
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped_key": _b64(self.wrapped),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> KeySlot:
        kdf = data["kdf"]
        if not isinstance(kdf, dict):
            raise ValueError("slot has no key-derivation parameters")
        user_id = data.get("user_id")
        if user_id is not None and not isinstance(user_id, int):
            raise ValueError("slot user id is not a number")
        return cls(
            slot_id=str(data["slot_id"]),
            kind=str(data["kind"]),
            user_id=user_id,
            kdf=KdfParams.from_json(kdf),
            salt=_unb64(data["salt"]),
            nonce=_unb64(data["nonce"]),
            wrapped=_unb64(data["wrapped_key"]),
        )


def _aad(vault_id: str, slot_id: str, kind: str) -> bytes:
    # Binding the slot to its vault and identity stops a slot being copied between vaults
    # or relabelled (e.g. a recovery slot passed off as a user's slot).
    return f"frontline-vault:{vault_id}:{slot_id}:{kind}".encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object) -> bytes:
    if not isinstance(value, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(value, validate=True)


# Recovery keys: 160 random bits as 8 groups of 4 characters from an alphabet without
# look-alikes (no 0/O, 1/I/L), easy to copy onto paper and to read back.
_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_RECOVERY_GROUPS = 8


def new_recovery_key() -> str:
    chars = [secrets.choice(_RECOVERY_ALPHABET) for _ in range(4 * _RECOVERY_GROUPS)]
    return "-".join("".join(chars[i : i + 4]) for i in range(0, len(chars), 4))


def normalise_recovery_key(text: str) -> str:
    """Accept lower case, spaces and missing or extra dashes."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))
