"""A small workbook of format 2 on form version 2, made directly from signed declarations (no store): the golden
version 2 declaration of tests/form/golden/, signed by an officer's key, countersigned by a head's, batch-signed by
the head. Fixed keys and times, so the same inputs give the same file."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from desktop.crypto.payloads import countersign_payload, officer_payload
from desktop.crypto.signing import SigningKey
from desktop.domain.declarations import Declaration
from desktop.domain.signed import Countersignature, OfficerSignature, SignedDeclaration
from desktop.exchange.workbook.model import DeclarationEntry, KeyEntry, WorkbookContent, batch_payload
from desktop.exchange.workbook.writer import write_workbook

GOLDEN_V2 = Path(__file__).parents[2] / "form" / "golden" / "v2_declaration.json"
OFFICER_KEY = SigningKey.from_raw(hashlib.sha256(b"form2-officer").digest())
HEAD_KEY = SigningKey.from_raw(hashlib.sha256(b"form2-head").digest())
COMMITMENT = "本人承诺：以上填报内容真实、准确、完整。"
COMMITMENT_SHA256 = hashlib.sha256(COMMITMENT.encode("utf-8")).hexdigest()


def golden_declaration() -> Declaration:
    return Declaration.from_dict(json.loads(GOLDEN_V2.read_text(encoding="utf-8")))


def signed_entry(declaration: Declaration, declaration_id: str = "d" * 32, version: int = 1) -> DeclarationEntry:
    signed_at, countersigned_at = "2027-03-01T02:00:00Z", "2027-03-01T03:00:00Z"
    payload = officer_payload(
        declaration,
        declaration_id=declaration_id,
        version=version,
        commitment_sha256=COMMITMENT_SHA256,
        signer_fingerprint=OFFICER_KEY.fingerprint,
        signed_at=signed_at,
    )
    signature = OFFICER_KEY.sign(payload)
    opinion = "经核对，属实。"
    counter = HEAD_KEY.sign(
        countersign_payload(
            payload,
            signature,
            officer_public_key=OFFICER_KEY.public_key,
            opinion=opinion,
            countersigner_fingerprint=HEAD_KEY.fingerprint,
            countersigned_at=countersigned_at,
        )
    )
    signed = SignedDeclaration(
        declaration,
        OfficerSignature(declaration_id, version, COMMITMENT_SHA256, OFFICER_KEY.fingerprint, signed_at, signature),
        Countersignature(OFFICER_KEY.public_key, opinion, HEAD_KEY.fingerprint, countersigned_at, counter),
    )
    return DeclarationEntry(signed, "countersigned", False, "陈所长")


def form2_content(entries: list[DeclarationEntry] | None = None) -> WorkbookContent:
    entries = entries if entries is not None else [signed_entry(golden_declaration())]
    first = entries[0].signed.declaration
    cover = {
        "format": "officer-declare-workbook",
        "format_version": "2",
        "form_version": str(first.form_version),
        "kind": "unit",
        "unit_code": first.officer.unit_code,
        "unit_name": first.unit_name,
        "campaign_id": first.campaign_id,
        "campaign_name": "2027年度经商办企业专项登记",
        "campaign_start": "2027-02-20",
        "campaign_deadline": "2027-03-31",
        "commitment_version": "form2-1",
        "commitment_sha256": COMMITMENT_SHA256,
        "commitment_text": COMMITMENT,
        "declarations": str(len(entries)),
        "interests": str(sum(len(e.signed.declaration.interests) for e in entries)),
        "missing": "0",
        "exported_at": "2027-03-02T01:00:00Z",
        "exporter_login": "200001",
        "exporter_name": "陈所长",
        "exporter_fingerprint": HEAD_KEY.fingerprint,
        "audit_head": "12:" + "a" * 64,
    }
    keys = [KeyEntry(HEAD_KEY.fingerprint, HEAD_KEY.public_key, "exporter", "200001", "200001", "陈所长", "220402")]
    unsigned = WorkbookContent(cover, entries, keys, [])
    return dataclasses.replace(unsigned, batch_signature=HEAD_KEY.sign(batch_payload(unsigned)))


def write_form2_workbook(target: Path, content: WorkbookContent | None = None) -> Path:
    write_workbook(target, content or form2_content())
    return target
