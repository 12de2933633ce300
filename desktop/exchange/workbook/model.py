"""What a declaration workbook holds, independent of the file: the cover, the signed declarations, the keys, and
who has not declared; and the batch payload that the exporter signs over all of it."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain

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


#: What the batch signature needs of a declaration: its id, the officer's signature and the countersignature.
SignatureTriple = tuple[str, bytes | None, bytes | None]


@dataclass(frozen=True)
class WorkbookContent:
    cover: dict[str, str]  # every cover field except batch_signature, as text
    declarations: list[DeclarationEntry] = field(default_factory=list)
    keys: list[KeyEntry] = field(default_factory=list)
    missing: list[MissingEntry] = field(default_factory=list)
    batch_signature: bytes | None = None
    #: The signature triples of declaration rows that could not be read as declarations (``declaration.invalid``):
    #: not declarations, yet rows the exporter signed, so still the batch's (docs A.6; decision 238).
    refused: list[SignatureTriple] = field(default_factory=list)

    def key(self, fingerprint: str) -> bytes | None:
        for entry in self.keys:
            if entry.fingerprint == fingerprint:
                return entry.public_key
        return None


def _b64(value: bytes | None) -> str:
    return base64.b64encode(value).decode("ascii") if value else ""


def signature_triple(entry: DeclarationEntry) -> SignatureTriple:
    signed = entry.signed
    return (
        signed.officer_signature.declaration_id if signed.officer_signature else "",
        signed.officer_signature.signature if signed.officer_signature else None,
        signed.countersignature.signature if signed.countersignature else None,
    )


def row_triple(row: Mapping[str, object]) -> SignatureTriple:
    """The signature triple of a declaration row's converted cells, as signature_triple gives it of the declaration
    read from them (the id only beside an officer's signature): a row refused as a declaration keeps its place."""
    officer, counter = row.get("officer_signature") or None, row.get("countersignature") or None
    return (
        str(row.get("declaration_id") or "") if officer else "",
        officer,  # type: ignore[return-value]  # a BASE64 column: bytes
        counter,
    )


def cover_format_version(cover: Mapping[str, str]) -> int:
    """The format version a cover names (its ``format_version`` field, signed with the batch); this program's
    when the field is absent or not a small whole number (the reader then reports the cover)."""
    text = cover.get("format_version", "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 3 else FORMAT_VERSION


def batch_payload(content: WorkbookContent) -> bytes:
    """What the exporter signs: the cover, each declaration's signatures (in id order, so reordering rows does not
    matter; a row refused as a declaration's by its cells, as they say), the keys and the missing officers. Each
    declaration's content is covered by its own signatures, so adding, removing or swapping a declaration or
    changing any cell breaks either those or this."""
    triples = chain(map(signature_triple, content.declarations), content.refused)
    return batch_payload_of(content.cover, triples, content.keys, content.missing)


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
