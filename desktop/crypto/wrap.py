"""AES-256-GCM wrapping of a key under another key, bound to a purpose by the associated data."""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.crypto.encoding import b64, unb64

NONCE_BYTES = 12


class UnwrapFailed(Exception):
    """The wrapping key is wrong, or the wrapped key was altered."""


@dataclass(frozen=True, slots=True)
class WrappedKey:
    nonce: bytes
    ciphertext: bytes  # includes the 16-byte GCM tag

    def to_json(self) -> dict[str, str]:
        return {"nonce": b64(self.nonce), "ciphertext": b64(self.ciphertext)}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> WrappedKey:
        return cls(nonce=unb64(str(data["nonce"])), ciphertext=unb64(str(data["ciphertext"])))


def wrap(kek: bytes, secret: bytes, purpose: bytes) -> WrappedKey:
    """Encrypt ``secret`` under ``kek``; ``purpose`` (e.g. b"data-key") must match when unwrapping."""
    nonce = os.urandom(NONCE_BYTES)
    return WrappedKey(nonce=nonce, ciphertext=AESGCM(kek).encrypt(nonce, secret, purpose))


def unwrap(kek: bytes, wrapped: WrappedKey, purpose: bytes) -> bytes:
    try:
        return AESGCM(kek).decrypt(wrapped.nonce, wrapped.ciphertext, purpose)
    except InvalidTag:
        raise UnwrapFailed from None
