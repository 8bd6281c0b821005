"""The packet file: one ZIP holding the parts, the manifest and its signature.

Parts are stored uncompressed with fixed timestamps, so the same content gives the same bytes,
and any changed byte shows up in that part's hash. Optionally the whole file is encrypted with
age (https://age-encryption.org), a standard format a recipient can open with the ordinary
``age`` tool: to their X25519 public key, or to a passphrase.

Nothing is written in plaintext when encryption is chosen: the packet is assembled and
encrypted in memory, and only the ciphertext reaches the disk, through a temporary file in the
destination folder that is renamed into place once complete (the whole file or nothing).
"""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from pathlib import Path

import pyrage

from screening_tools.errors import ScreeningError

AGE_MAGIC = b"age-encryption.org/v1"
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)
SUFFIX = ".fspacket"
ENCRYPTED_SUFFIX = ".fspacket.age"


class PacketWriteError(ScreeningError):
    pass


class PacketEncryptionError(ScreeningError):
    pass


def assemble(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.external_attr = 0o600 << 16
            archive.writestr(info, members[name])
    return buffer.getvalue()


def encrypt_to_recipient(data: bytes, recipient: str) -> bytes:
    try:
        key = pyrage.x25519.Recipient.from_str(recipient.strip())
    except Exception:  # pyrage raises its own error types for malformed keys
        raise PacketEncryptionError(
            "That recipient key is not an age public key (it starts with 'age1'). "
            "Ask the recipient for their public key."
        ) from None
    return bytes(pyrage.encrypt(data, [key]))


def encrypt_with_passphrase(data: bytes, passphrase: str) -> bytes:
    if len(passphrase) < 12:
        raise PacketEncryptionError(
            "Use a passphrase of at least 12 characters for the packet, and give it to the "
            "recipient by another way than the file itself (for example by phone)."
        )
    return bytes(pyrage.passphrase.encrypt(data, passphrase))


def is_encrypted(data: bytes) -> bool:
    return data.startswith(AGE_MAGIC)


def decrypt(data: bytes, *, identity: str | None = None, passphrase: str | None = None) -> bytes:
    try:
        if identity:
            return bytes(pyrage.decrypt(data, [pyrage.x25519.Identity.from_str(identity.strip())]))
        if passphrase:
            return bytes(pyrage.passphrase.decrypt(data, passphrase))
    except Exception:
        raise PacketEncryptionError(
            "The packet could not be decrypted with that key or passphrase."
        ) from None
    raise PacketEncryptionError(
        "This packet is encrypted: give the recipient's secret key or the packet passphrase."
    )


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    if path.exists() and not overwrite:
        raise PacketWriteError(f"{path} already exists; choose another name or folder.")
    tmp = path.with_name(f".{path.name}.partial")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise PacketWriteError(
            f"The packet could not be written to {path.parent} ({exc.strerror or exc}). "
            "Nothing was left behind; check the disk has space and try again."
        ) from None
