"""The values of the rows an import stores, made from a declaration and its verdict (DECLARATION_NAMES,
INTEREST_NAMES): without SQLAlchemy or the store's schema, so that the import's workers, which make them
(import_chunks), do not import either (decision 224: every module a worker imports is memory the window's forkserver
and each worker hold); desktop.services.inspection.import_rows writes them.
"""

from __future__ import annotations

import json

from desktop.domain.text import decimal_text
from desktop.exchange.workbook.model import DeclarationEntry
from desktop.exchange.workbook.verify import DeclarationVerdict

DECLARATION_NAMES = (
    "workbook_id",
    "declaration_id",
    "version",
    "campaign_id",
    "police_number",
    "name",
    "id_number",
    "unit_code",
    "unit_name",
    "is_leadership_member",
    "is_unit_head",
    "is_division_level",
    "content",
    "signed_at",
    "signer_fingerprint",
    "officer_signature",
    "commitment_sha256",
    "countersigned_at",
    "countersigner_fingerprint",
    "opinion",
    "officer_public_key",
    "countersignature",
    "late",
    "valid",
    "failures",
    "sheet_row",
    "form_version",
    "countersign_format",
    "supersedes",
)
INTEREST_NAMES = (
    "declaration_row",
    "row_no",
    "question",
    "relation",
    "holder_name",
    "holder_id_number",
    "enterprise_name",
    "uscc",
    "trade_code",
    "share_percent",
    "capital_wan",
    "start_date",
    "end_date",
    "status",
    "within_jurisdiction",
    "related_to_duties",
)
_INTEREST_FIELDS = INTEREST_NAMES[2:]  # the keys of BusinessInterest.to_dict() stored as columns
#: The store's Boolean columns among DECLARATION_NAMES and INTEREST_NAMES (tests/services/inspection/
#: test_staged_chunk.py checks them against the schema, which this module does not import).
DECLARATION_FLAGS = ("is_leadership_member", "is_unit_head", "is_division_level", "late", "valid")
INTEREST_FLAGS = ("within_jurisdiction", "related_to_duties")


def outcome_line(declaration_id: str, version: int, valid: bool, failures: str) -> bytes:
    """What stored_checks.outcomes_digest hashes of one declaration's stored result."""
    return json.dumps([declaration_id, int(version), bool(valid), failures]).encode("utf-8") + b"\n"


def failures_json(outcome: DeclarationVerdict) -> str:
    return json.dumps(
        [f.code for f in outcome.result.failures] + (["countersignature.untrusted"] if outcome.untrusted_head else [])
    )


_NO_FAILURES = "[]"


def declaration_row(
    workbook_id: str, entry: DeclarationEntry, outcome: DeclarationVerdict, content: str
) -> tuple[object, ...]:
    """The tuple of one declaration (DECLARATION_NAMES); ``content``: the canonical JSON of its content, as built
    for its signature check."""
    signed = entry.signed
    declaration = signed.declaration
    officer, sig, counter = declaration.officer, signed.officer_signature, signed.countersignature
    valid = outcome.valid
    return (
        workbook_id,
        outcome.declaration_id,
        sig.version if sig else 0,
        declaration.campaign_id,
        officer.police_number,
        officer.name,
        officer.id_number,
        officer.unit_code,
        declaration.unit_name,
        officer.is_leadership_member,
        officer.is_unit_head,
        officer.is_division_level,
        content,
        sig.signed_at if sig else None,
        sig.signer_fingerprint if sig else None,
        sig.signature if sig else None,
        sig.commitment_sha256 if sig else None,
        counter.countersigned_at if counter else None,
        counter.countersigner_fingerprint if counter else None,
        counter.opinion if counter else None,
        counter.officer_public_key if counter else None,
        counter.signature if counter else None,
        entry.late,
        valid,
        _NO_FAILURES if valid else failures_json(outcome),
        outcome.row,
        declaration.form_version,
        counter.payload_format if counter else 1,
        counter.supersedes if counter else None,
    )


def interest_values(entry: DeclarationEntry) -> list[tuple[object, ...]]:
    """The tuples of a declaration's interests (INTEREST_NAMES without the parent row's id): the values of
    ``interest.to_dict()`` (version 1's shape) under those names, each written as to_dict writes it (tens of
    thousands per import: no dict per interest; tests/services/inspection/test_import_rows.py compares both)."""
    return [
        (
            number,
            interest.question._value_,
            interest.relation._value_,
            interest.holder_name,
            interest.holder_id_number,
            interest.enterprise_name,
            interest.uscc,
            interest.trade_code,
            None if (share := interest.share_percent) is None else decimal_text(share),
            None if (capital := interest.capital_wan) is None else decimal_text(capital),
            start.isoformat() if (start := interest.start_date) else None,
            end.isoformat() if (end := interest.end_date) else None,
            interest.status._value_,
            interest.within_jurisdiction,
            interest.related_to_duties,
        )
        for number, interest in enumerate(entry.signed.declaration.interests, start=1)
    ]
