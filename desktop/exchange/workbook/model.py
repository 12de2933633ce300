"""What a declaration workbook holds, independent of the file: the cover, the signed declarations, the keys, and
who has not declared; and the batch payload that the exporter signs over all of it."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from desktop.crypto.canonical import canonical_bytes
from desktop.domain.signed import SignedDeclaration
from desktop.exchange.workbook.columns import FORMAT_VERSION

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


#: What the batch signature needs of a declaration: its id, the officer's signature and the countersignature.
SignatureTriple = tuple[str, bytes | None, bytes | None]


def signature_triple(entry: DeclarationEntry) -> SignatureTriple:
    signed = entry.signed
    return (
        signed.officer_signature.declaration_id if signed.officer_signature else "",
        signed.officer_signature.signature if signed.officer_signature else None,
        signed.countersignature.signature if signed.countersignature else None,
    )


def cover_format_version(cover: Mapping[str, str]) -> int:
    """The format version a cover names (its ``format_version`` field, signed with the batch); this program's
    when the field is absent or not a small whole number (the reader then reports the cover)."""
    text = cover.get("format_version", "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 3 else FORMAT_VERSION


def batch_payload(content: WorkbookContent) -> bytes:
    """What the exporter signs: the cover, each declaration's signatures (in id order, so reordering rows does not
    matter), the keys and the missing officers. Each declaration's content is covered by its own signatures, so
    adding, removing or swapping a declaration or changing any cell breaks either those or this."""
    return batch_payload_of(content.cover, map(signature_triple, content.declarations), content.keys, content.missing)


def batch_payload_of(
    cover: Mapping[str, str],
    signatures: Iterable[SignatureTriple],
    keys: Iterable[KeyEntry],
    missing: Iterable[MissingEntry],
) -> bytes:
    """batch_payload from its parts, each declaration given only by its signature triple: a streamed export reads
    the triples from the store batch by batch and never holds the declarations (≈ 0.4 kB per declaration here)."""
    declarations = sorted(
        [declaration_id, _b64(officer), _b64(counter)] for declaration_id, officer, counter in signatures
    )
    key_rows = sorted(
        [k.fingerprint, _b64(k.public_key), k.role, k.login, k.police_number, k.name, k.unit_code] for k in keys
    )
    missing_rows = sorted([m.police_number, m.name, m.unit_code, m.unit_name, m.status] for m in missing)
    return canonical_bytes(
        {
            "type": BATCH_PAYLOAD_TYPE,
            "format_version": cover_format_version(cover),
            "cover": dict(sorted(cover.items())),
            "declarations": declarations,
            "keys": key_rows,
            "missing": missing_rows,
        }
    )
