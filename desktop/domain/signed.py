"""A declaration with its signatures, as anyone can check it: what the officer signed and what the head added.

These records hold only what the signed payloads are rebuilt from, so the same check works on a record from the
store and on one read back from the visible cells of a workbook.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.declarations import Declaration


@dataclass(frozen=True, slots=True)
class OfficerSignature:
    """The officer's signature (签字) over the whole declaration and the commitment shown."""

    declaration_id: str  # the id of this version of the declaration
    version: int
    commitment_sha256: str
    signer_fingerprint: str
    signed_at: str  # ISO 8601, UTC, e.g. 2026-11-21T09:30:00Z
    signature: bytes


@dataclass(frozen=True, slots=True)
class Countersignature:
    """The unit head's countersignature (签字背书): over the officer's signed payload, the opinion and the time.

    It also carries the officer's public key, so the head vouches for the key the officer signed with: an inspector
    who trusts the head's key can trust the officer's.
    """

    officer_public_key: bytes
    opinion: str
    countersigner_fingerprint: str
    countersigned_at: str
    signature: bytes
    #: The payload's format (desktop/crypto/payloads.py): 1, as before; 2 also covers the declaration's version
    #: number and the id of the version it supersedes, so "this is the latest version" is checkable.
    payload_format: int = 1
    #: Format 2: the id of the declaration version this one supersedes (None for a first version).
    supersedes: str | None = None


@dataclass(frozen=True, slots=True)
class SignedDeclaration:
    declaration: Declaration
    officer_signature: OfficerSignature | None
    countersignature: Countersignature | None = None
