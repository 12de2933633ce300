"""A declaration and its interests as workbook rows (keyed by column key), and back."""

from __future__ import annotations

from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.officers import Officer
from desktop.domain.questions import Question, Relation
from desktop.domain.signed import Countersignature, OfficerSignature, SignedDeclaration
from desktop.domain.trades import TradeCatalog
from desktop.exchange.vocabulary import (
    DECLARATION_STATUS_WORDS,
    QUESTION_WORDS,
    RELATION_WORDS,
    ROLE_WORDS,
    STATUS_WORDS,
    word_table,
    word_to_member,
)
from desktop.exchange.workbook.columns import ANSWER_PREFIX
from desktop.exchange.workbook.model import DeclarationEntry
from desktop.exchange.workbook.rows_v2 import interest_cells, personal_cells
from desktop.form import FormVersion, UnknownFormVersion, form_for

Row = dict[str, object]


def declaration_row(entry: DeclarationEntry) -> Row:
    signed = entry.signed
    d, officer_sig, counter = signed.declaration, signed.officer_signature, signed.countersignature
    row: Row = {
        "declaration_id": officer_sig.declaration_id if officer_sig else "",
        "version": officer_sig.version if officer_sig else 1,
        "campaign_id": d.campaign_id,
        **{k: v for k, v in d.officer.to_dict().items() if k != "unit_code"},
        "unit_code": d.officer.unit_code,
        "unit_name": d.unit_name,
        **{ANSWER_PREFIX + q.value: d.answers.get(q) for q in Question},
        "interest_count": len(d.interests),
        "acknowledged_warnings": "\n".join(sorted(d.acknowledged_warnings)),
        "remarks": d.remarks,
        "status": DECLARATION_STATUS_WORDS.get(entry.status, entry.status),
        "late": entry.late,
        "countersigner_name": entry.countersigner_name,
    }
    if d.form_version >= 2:
        row |= {
            **_later_answers(d),
            "form_version": d.form_version,
            "family_member_count": len(d.family_members),
            **personal_cells(d.officer),
        }
    if officer_sig is not None:
        row |= {
            "signed_at": officer_sig.signed_at,
            "commitment_sha256": officer_sig.commitment_sha256,
            "signer_fingerprint": officer_sig.signer_fingerprint,
            "officer_signature": officer_sig.signature,
        }
    if counter is not None:
        row |= {
            "opinion": counter.opinion,
            "countersigned_at": counter.countersigned_at,
            "countersigner_fingerprint": counter.countersigner_fingerprint,
            "officer_public_key": counter.officer_public_key,
            "countersignature": counter.signature,
            "countersignature_format": str(counter.payload_format),
            "supersedes": counter.supersedes or "",
        }
    return row


def interest_rows(entry: DeclarationEntry, catalog: TradeCatalog) -> list[Row]:
    signed = entry.signed
    declaration_id = signed.officer_signature.declaration_id if signed.officer_signature else ""
    rows = []
    for number, interest in enumerate(signed.declaration.interests, start=1):
        trade = catalog.get(interest.trade_code)
        rows.append(
            {
                **interest.to_dict(),
                "declaration_id": declaration_id,
                "row_no": number,
                "police_number": signed.declaration.officer.police_number,
                "name": signed.declaration.officer.name,
                "question": QUESTION_WORDS[interest.question],
                "relation": RELATION_WORDS[interest.relation],
                "role": ROLE_WORDS[interest.role],
                "status": STATUS_WORDS[interest.status],
                "share_percent": interest.share_percent,
                "capital_wan": interest.capital_wan,
                "income_wan": interest.income_wan,
                "start_date": interest.start_date,
                "end_date": interest.end_date,
                "trade_name": trade.name_zh if trade else "",
                "regulated": bool(trade and trade.regulated),
            }
        )
        if signed.declaration.form_version >= 2:
            rows[-1] |= interest_cells(interest)
    return rows


_QUESTIONS, _RELATIONS, _ROLES, _STATUSES = (
    word_table(w) for w in (QUESTION_WORDS, RELATION_WORDS, ROLE_WORDS, STATUS_WORDS)
)
#: The keys of an interest row read without a cell problem, in the columns' order: such a row is built directly from
#: its values (and so is a direct chunk's, services.inspection.chunk_content).
INTEREST_KEYS = (
    "question",
    "relation",
    "holder_name",
    "holder_id_number",
    "enterprise_name",
    "uscc",
    "trade_code",
    "role",
    "share_percent",
    "capital_wan",
    "income_wan",
    "start_date",
    "end_date",
    "status",
    "within_jurisdiction",
    "related_to_duties",
    "rectification",
    "note",
)
_INTEREST_KEYS = frozenset(INTEREST_KEYS)


def interest_from_row(row: Row) -> BusinessInterest:
    """ValueError naming the column when a coded word is not one of the format's words.

    The row's values come from desktop.exchange.workbook.converters (text already clean, amounts Decimal, dates date,
    flags bool), so a complete row is built directly, giving what BusinessInterest.from_dict gives (a test compares
    both); a row that lost a cell to a problem takes the from_dict path with its defaults."""

    # The ignore below: as word_to_member
    def word(table: dict[str, object], kind: type, words: dict, key: str) -> object:  # type: ignore[type-arg]
        text = str(row.get(key) or "")
        member = table.get(text)
        if member is not None:
            return member
        try:
            return word_to_member(kind, words, text)
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None

    question = word(_QUESTIONS, Question, QUESTION_WORDS, "question")
    relation = word(_RELATIONS, Relation, RELATION_WORDS, "relation")
    role = word(_ROLES, InterestRole, ROLE_WORDS, "role")
    status = word(_STATUSES, InterestStatus, STATUS_WORDS, "status")
    if row.keys() >= _INTEREST_KEYS and all(
        isinstance(row[k], bool) for k in ("within_jurisdiction", "related_to_duties")
    ):
        # The ignores below: each value is of its column's Kind (words members, text str, amounts Decimal, dates
        # date, flags bool), which a dict[str, object] row cannot say.
        return BusinessInterest(
            question=question,  # type: ignore[arg-type]
            relation=relation,  # type: ignore[arg-type]
            holder_name=row["holder_name"],  # type: ignore[arg-type]
            holder_id_number=row["holder_id_number"].upper(),  # type: ignore[attr-defined]
            enterprise_name=row["enterprise_name"],  # type: ignore[arg-type]
            uscc=row["uscc"].upper(),  # type: ignore[attr-defined]
            trade_code=row["trade_code"],  # type: ignore[arg-type]
            role=role,  # type: ignore[arg-type]
            share_percent=row["share_percent"],  # type: ignore[arg-type]
            capital_wan=row["capital_wan"],  # type: ignore[arg-type]
            income_wan=row["income_wan"],  # type: ignore[arg-type]
            start_date=row["start_date"],  # type: ignore[arg-type]
            end_date=row["end_date"],  # type: ignore[arg-type]
            status=status,  # type: ignore[arg-type]
            within_jurisdiction=row["within_jurisdiction"],  # type: ignore[arg-type]
            related_to_duties=row["related_to_duties"],  # type: ignore[arg-type]
            rectification=row["rectification"],  # type: ignore[arg-type]
            note=row["note"],  # type: ignore[arg-type]
        )
    return BusinessInterest.from_dict(
        {
            **row,
            # The ignores below: word() gives the member of the enum it is asked for.
            "question": question.value,  # type: ignore[attr-defined]
            "relation": relation.value,  # type: ignore[attr-defined]
            "role": role.value,  # type: ignore[attr-defined]
            "status": status.value,  # type: ignore[attr-defined]
        }
    )


_ANSWER_COLUMNS = tuple((q, ANSWER_PREFIX + q.value) for q in Question)
_STANDARD = frozenset(q.value for q in Question)


def _later_answers(d: Declaration) -> Row:
    """The answer cells of the questions a later form version adds to the standard ones (its own answer columns)."""
    try:
        keys = form_for(d.form_version).question_keys
    except UnknownFormVersion:
        return {}
    return {ANSWER_PREFIX + key: d.answers.get(key) for key in keys if key not in _STANDARD}  # type: ignore[call-overload]


def later_answers_from_row(row: Row, form: FormVersion) -> dict[str, bool]:
    """The answers to the questions ``form`` adds to the standard ones, from their cells (FLAG columns)."""
    return {
        key: answer  # type: ignore[misc]  # FLAG columns: bool or None
        for key in form.question_keys
        if key not in _STANDARD and (answer := row.get(ANSWER_PREFIX + key)) is not None
    }


_OFFICER_TEXT = ("police_number", "name", "id_number", "unit_code", "position", "rank_level")


def signed_from_rows(row: Row, interests: list[BusinessInterest]) -> SignedDeclaration:
    """Rebuild what was signed from the visible cells of a declaration row and its interest rows."""
    officer_values = {
        "police_number": row.get("police_number") or "",
        "name": row.get("name") or "",
        "id_number": row.get("id_number") or "",
        "unit_code": row.get("unit_code") or "",
        "position": row.get("position") or "",
        "rank_level": row.get("rank_level") or "",
        "is_leadership_member": bool(row.get("is_leadership_member")),
        "is_unit_head": bool(row.get("is_unit_head")),
        "is_division_level": bool(row.get("is_division_level")),
    }
    if all(type(officer_values[k]) is str for k in _OFFICER_TEXT):
        officer = Officer(**officer_values)  # type: ignore[arg-type]  # clean text from the converters
    else:
        officer = Officer.from_dict(officer_values)
    warnings = tuple(line for line in str(row.get("acknowledged_warnings") or "").splitlines() if line.strip())
    declaration = Declaration(
        campaign_id=str(row.get("campaign_id") or ""),
        officer=officer,
        unit_name=str(row.get("unit_name") or ""),
        answers={
            q: answer  # type: ignore[misc]  # the answer columns are FLAG columns: bool or None
            for q, key in _ANSWER_COLUMNS
            if (answer := row.get(key)) is not None
        },
        interests=tuple(interests),
        acknowledged_warnings=warnings,
        remarks=str(row.get("remarks") or ""),
    )
    officer_sig = None
    if row.get("officer_signature"):
        officer_sig = OfficerSignature(
            declaration_id=str(row.get("declaration_id") or ""),
            version=int(row.get("version") or 0),  # type: ignore[call-overload]  # an INTEGER column
            commitment_sha256=str(row.get("commitment_sha256") or ""),
            signer_fingerprint=str(row.get("signer_fingerprint") or ""),
            signed_at=str(row.get("signed_at") or ""),
            signature=row["officer_signature"],  # type: ignore[arg-type]  # a BASE64 column: bytes
        )
    counter = None
    if row.get("supersedes") and (not row.get("countersignature") or _countersignature_format(row) != 2):
        # Only a countersignature of payload format 2 covers the superseded id: anywhere else the cell would be an
        # unsigned claim that people might read as the head's.
        raise ValueError("supersedes: only a countersignature of format 2 names the version it supersedes")
    if row.get("countersignature"):
        counter = Countersignature(
            officer_public_key=row.get("officer_public_key") or b"",  # type: ignore[arg-type]  # a BASE64 column: bytes
            opinion=str(row.get("opinion") or ""),
            countersigner_fingerprint=str(row.get("countersigner_fingerprint") or ""),
            countersigned_at=str(row.get("countersigned_at") or ""),
            signature=row["countersignature"],  # type: ignore[arg-type]  # a BASE64 column: bytes
            payload_format=_countersignature_format(row),
            supersedes=str(row.get("supersedes") or "") or None,
        )
    return SignedDeclaration(declaration, officer_sig, counter)


def _countersignature_format(row: Row) -> int:
    """The countersignature's payload format: format 2 workbooks name it (1 or 2); format 1 has only format 1."""
    text = str(row.get("countersignature_format") or "1")
    if text not in ("1", "2"):
        raise ValueError(f"countersignature_format: {text!r} is not 1 or 2")
    return int(text)
