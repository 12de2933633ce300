"""A key sealed to an account's public key: what lets an administrator give every account a new data key without
knowing their passwords (a key rotation after a revocation).

The account's Ed25519 key pair is used in its X25519 form (the birational map libsodium provides,
``crypto_sign_ed25519_pk_to_curve25519``): the sealer makes an ephemeral X25519 key, derives a wrapping key from the
shared secret with HKDF-SHA256 (salted with both public keys, bound to the purpose), and wraps the secret with
AES-256-GCM under it, the purpose as associated data. Only the holder of the account's private key, which only the
account's password unwraps, can open it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from nacl.bindings import crypto_sign_ed25519_pk_to_curve25519, crypto_sign_ed25519_sk_to_curve25519

from desktop.crypto.encoding import b64, unb64
from desktop.crypto.signing import SigningKey
from desktop.crypto.wrap import UnwrapFailed, WrappedKey, unwrap, wrap

_INFO = b"officer-declare sealed key|"


@dataclass(frozen=True, slots=True)
class SealedKey:
    ephemeral: bytes  # the sealer's one-time X25519 public key
    wrapped: WrappedKey

    def to_json(self) -> dict[str, str]:
        return {"ephemeral": b64(self.ephemeral), **self.wrapped.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> SealedKey:
        return cls(ephemeral=unb64(str(data["ephemeral"])), wrapped=WrappedKey.from_json(data))


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes, purpose: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral + recipient, info=_INFO + purpose).derive(shared)


def seal(public_key: bytes, secret: bytes, purpose: bytes) -> SealedKey:
    """Seal ``secret`` to the Ed25519 ``public_key``; ``purpose`` must match when opening."""
    recipient = crypto_sign_ed25519_pk_to_curve25519(public_key)
    one_time = X25519PrivateKey.generate()
    ephemeral = one_time.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = one_time.exchange(X25519PublicKey.from_public_bytes(recipient))
    return SealedKey(ephemeral, wrap(_kek(shared, ephemeral, recipient, purpose), secret, purpose))


def open_sealed(signing_key: SigningKey, sealed: SealedKey, purpose: bytes) -> bytes:
    """The secret sealed to ``signing_key``'s public key; UnwrapFailed when it was sealed to another or altered."""
    public = signing_key.public_key
    private = X25519PrivateKey.from_private_bytes(crypto_sign_ed25519_sk_to_curve25519(signing_key.raw() + public))
    recipient = crypto_sign_ed25519_pk_to_curve25519(public)
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(sealed.ephemeral))
    except ValueError:  # a low-order point: not something seal() made
        raise UnwrapFailed from None
    return unwrap(_kek(shared, sealed.ephemeral, recipient, purpose), sealed.wrapped, purpose)
