"""The signed payloads, rebuilt from a SignedDeclaration's fields. Their exact shape is part of the workbook format
(docs/workbook-format.md) and of docs/signatures.md; change it only with a new ``format_version``."""

from __future__ import annotations

import hashlib

from desktop.crypto.canonical import canonical_bytes
from desktop.crypto.encoding import b64
from desktop.domain.declarations import Declaration
from desktop.domain.signed import Countersignature, OfficerSignature

PAYLOAD_FORMAT_VERSION = 1
OFFICER_PAYLOAD_TYPE = "officer-declare/declaration-signature"
COUNTERSIGN_PAYLOAD_TYPE = "officer-declare/countersignature"


def officer_payload(
    declaration: Declaration,
    *,
    declaration_id: str,
    version: int,
    commitment_sha256: str,
    signer_fingerprint: str,
    signed_at: str,
) -> bytes:
    """What the officer signs: format version, the whole declaration, the commitment digest, key and time."""
    return canonical_bytes(
        {
            "type": OFFICER_PAYLOAD_TYPE,
            "format_version": PAYLOAD_FORMAT_VERSION,
            "declaration_id": declaration_id,
            "version": version,
            "declaration": declaration.to_dict(),
            "commitment_sha256": commitment_sha256,
            "signer_fingerprint": signer_fingerprint,
            "signed_at": signed_at,
        }
    )


def officer_payload_for(declaration: Declaration, signature: OfficerSignature) -> bytes:
    return officer_payload(
        declaration,
        declaration_id=signature.declaration_id,
        version=signature.version,
        commitment_sha256=signature.commitment_sha256,
        signer_fingerprint=signature.signer_fingerprint,
        signed_at=signature.signed_at,
    )


def countersign_payload(
    officer_payload_bytes: bytes,
    officer_signature: bytes,
    *,
    officer_public_key: bytes,
    opinion: str,
    countersigner_fingerprint: str,
    countersigned_at: str,
) -> bytes:
    """What the head signs: the officer's payload (by its SHA-256) and signature, the officer's key, opinion, time."""
    return canonical_bytes(
        {
            "type": COUNTERSIGN_PAYLOAD_TYPE,
            "format_version": PAYLOAD_FORMAT_VERSION,
            "officer_payload_sha256": hashlib.sha256(officer_payload_bytes).hexdigest(),
            "officer_signature": b64(officer_signature),
            "officer_public_key": b64(officer_public_key),
            "opinion": opinion,
            "countersigner_fingerprint": countersigner_fingerprint,
            "countersigned_at": countersigned_at,
        }
    )


def countersign_payload_for(officer_payload_bytes: bytes, officer: OfficerSignature,
                            counter: Countersignature) -> bytes:
    return countersign_payload(
        officer_payload_bytes,
        officer.signature,
        officer_public_key=counter.officer_public_key,
        opinion=counter.opinion,
        countersigner_fingerprint=counter.countersigner_fingerprint,
        countersigned_at=counter.countersigned_at,
    )
