"""The recovery key shown once at set-up: 256 random bits, written as groups of base32 for copying by hand."""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

RECOVERY_BYTES = 30  # 240 bits: 48 base32 characters without padding, in 8 groups of 6


def new_recovery_key() -> str:
    text = base64.b32encode(os.urandom(RECOVERY_BYTES)).decode("ascii")
    return "-".join(text[i : i + 6] for i in range(0, len(text), 6))


def recovery_kek(recovery_key: str, salt: bytes) -> bytes:
    """The key that wraps the data key for recovery. The recovery key is random, so HKDF suffices (no Argon2)."""
    raw = _decode(recovery_key)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"officer-declare recovery").derive(raw)


def _decode(recovery_key: str) -> bytes:
    cleaned = "".join(ch for ch in recovery_key.upper() if ch.isalnum())
    # Common misreadings when the key was written by hand.
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(cleaned)
    except ValueError:
        raise ValueError("not a recovery key") from None
    if len(raw) != RECOVERY_BYTES:
        raise ValueError("not a recovery key")
    return raw
