"""What a declaration workbook holds, independent of the file: the cover, the signed declarations, the keys, and
who has not declared; and the batch payload that the exporter signs over all of it."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from desktop.crypto.canonical import canonical_bytes
from desktop.domain.signed import SignedDeclaration
from desktop.exchange.columns import FORMAT_VERSION

BATCH_PAYLOAD_TYPE = "officer-declare/workbook"


@dataclass(frozen=True, slots=True)
class DeclarationEntry:
    signed: SignedDeclaration
    status: str = "countersigned"  # shown for people; the signatures say what is true
    late: bool = False
    countersigner_name: str = ""


@dataclass(frozen=True, slots=True)
class KeyEntry:
    fingerprint: str
    public_key: bytes
    role: str  # unit_head, officer or exporter
    login: str = ""
    police_number: str = ""
    name: str = ""
    unit_code: str = ""


@dataclass(frozen=True, slots=True)
class MissingEntry:
    police_number: str
    name: str
    unit_code: str
    unit_name: str
    status: str  # not_started, draft, signed, returned


@dataclass(frozen=True)
class WorkbookContent:
    cover: dict[str, str]  # every cover field except batch_signature, as text
    declarations: list[DeclarationEntry] = field(default_factory=list)
    keys: list[KeyEntry] = field(default_factory=list)
    missing: list[MissingEntry] = field(default_factory=list)
    batch_signature: bytes | None = None

    def key(self, fingerprint: str) -> bytes | None:
        for entry in self.keys:
            if entry.fingerprint == fingerprint:
                return entry.public_key
        return None


def _b64(value: bytes | None) -> str:
    return base64.b64encode(value).decode("ascii") if value else ""


def batch_payload(content: WorkbookContent) -> bytes:
    """What the exporter signs: the cover, each declaration's signatures (in id order, so reordering rows does not
    matter), the keys and the missing officers. Each declaration's content is covered by its own signatures, so
    adding, removing or swapping a declaration or changing any cell breaks either those or this."""
    declarations = sorted(
        [
            e.signed.officer_signature.declaration_id if e.signed.officer_signature else "",
            _b64(e.signed.officer_signature.signature if e.signed.officer_signature else None),
            _b64(e.signed.countersignature.signature if e.signed.countersignature else None),
        ]
        for e in content.declarations
    )
    keys = sorted([k.fingerprint, _b64(k.public_key), k.role, k.login, k.police_number, k.name, k.unit_code]
                  for k in content.keys)
    missing = sorted([m.police_number, m.name, m.unit_code, m.unit_name, m.status] for m in content.missing)
    return canonical_bytes({
        "type": BATCH_PAYLOAD_TYPE,
        "format_version": FORMAT_VERSION,
        "cover": dict(sorted(content.cover.items())),
        "declarations": declarations,
        "keys": keys,
        "missing": missing,
    })
