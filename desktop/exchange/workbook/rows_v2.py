"""The rows of form version 2 and later in a workbook of format 2: the officer's personal part, the family members
(家庭成员), and the interests' several roles and registration details; and back.

A row read without a cell problem (every column's value of its kind: text clean, amounts Decimal, dates date, flags
bool) is built directly, giving what the domain's ``from_dict`` gives (tests/exchange/workbook/test_rows_v2_direct.py
compares both, as version 1's rows in desktop.exchange.workbook.rows are compared); any other row is read through
``from_dict``, which names the field that cannot be read.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.domain.declarations import Declaration
from desktop.domain.family import FamilyMember
from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.officers import Officer, PoliticalStatus
from desktop.domain.questions import Question, Relation
from desktop.domain.signed import SignedDeclaration
from desktop.exchange.vocabulary import (
    POLITICAL_STATUS_WORDS,
    QUESTION_WORDS,
    RELATION_WORDS,
    ROLE_WORDS,
    SEX_WORDS,
    STATUS_WORDS,
    word_table,
    word_to_member,
)
from desktop.exchange.workbook.model import DeclarationEntry
from desktop.form import FormVersion

Row = dict[str, object]

#: The separator of the words of a WORDS cell (the roles of an interest): one per line.
WORDS_SEPARATOR = "\n"


def personal_cells(officer: Officer) -> Row:
    """The officer's personal part of form version 2: sex and birth date (read from the ID number, shown only),
    political status and mobile phone (signed)."""
    return {
        "sex": SEX_WORDS.get(officer.sex or "", ""),
        "date_of_birth": officer.date_of_birth,
        "political_status": POLITICAL_STATUS_WORDS[officer.political_status] if officer.political_status else "",
        "mobile": officer.mobile,
    }


def family_rows(entry: DeclarationEntry) -> list[Row]:
    signed = entry.signed
    declaration_id = signed.officer_signature.declaration_id if signed.officer_signature else ""
    police_number = signed.declaration.officer.police_number
    return [
        {
            "declaration_id": declaration_id,
            "member_id": m.member_id,
            "police_number": police_number,
            "relation": RELATION_WORDS[m.relation],
            "name": m.name,
            "id_number": m.id_number,
            "work_unit": m.work_unit,
            "position": m.position,
            "public_servant": m.public_servant,
        }
        for m in signed.declaration.family_members
    ]


def interest_cells(interest: BusinessInterest) -> Row:
    """The cells an interest row of form version 2 has beyond version 1's (its single role becomes ``roles``)."""
    return {
        "holder_member_id": interest.holder_member_id,
        "registered_address": interest.registered_address,
        "business_scope": interest.business_scope,
        "registered_capital_wan": interest.registered_capital_wan,
        "registration_authority": interest.registration_authority,
        "roles": WORDS_SEPARATOR.join(ROLE_WORDS[role] for role in interest.all_roles),
    }


def _code(kind: type, words: dict, text: str, key: str) -> str:  # type: ignore[type-arg]  # as word_to_member
    try:
        return str(word_to_member(kind, words, text).value)
    except ValueError as exc:
        raise ValueError(f"{key}: {exc}") from None


_QUESTIONS, _RELATIONS, _ROLES, _STATUSES = (
    word_table(w) for w in (QUESTION_WORDS, RELATION_WORDS, ROLE_WORDS, STATUS_WORDS)
)


def _member(table: dict[str, object], kind: type, words: dict, text: str, key: str) -> object:  # type: ignore[type-arg]
    """The member ``_code`` names, looked up in ``table`` first (the same member: word_table)."""
    member = table.get(text)
    return member if member is not None else kind(_code(kind, words, text, key))


#: The columns of an interest row that is built directly, by what their values must be.
_INTEREST_TEXTS = (
    "holder_name",
    "holder_id_number",
    "enterprise_name",
    "uscc",
    "trade_code",
    "rectification",
    "note",
    "holder_member_id",
    "registered_address",
    "business_scope",
    "registration_authority",
)
_INTEREST_AMOUNTS = ("share_percent", "capital_wan", "income_wan", "registered_capital_wan")
_INTEREST_DATES = ("start_date", "end_date")
_FLAGS = ("within_jurisdiction", "related_to_duties")
_AMOUNT_TYPES = frozenset({Decimal, type(None)})
_DATE_TYPES = frozenset({dt.date, type(None)})
_STR = frozenset({str})
_BOOL = frozenset({bool})


def interest_from_row_v2(row: Row) -> BusinessInterest:
    """An interest of form version 2 from its row; ValueError naming the column that cannot be read."""
    words = [word.strip() for word in str(row.get("roles") or "").split(WORDS_SEPARATOR) if word.strip()]
    roles = [_member(_ROLES, InterestRole, ROLE_WORDS, word, "roles") for word in words]
    question = _member(_QUESTIONS, Question, QUESTION_WORDS, str(row.get("question") or ""), "question")
    relation = _member(_RELATIONS, Relation, RELATION_WORDS, str(row.get("relation") or ""), "relation")
    status = _member(_STATUSES, InterestStatus, STATUS_WORDS, str(row.get("status") or ""), "status")
    try:
        direct = (
            "role" not in row
            and _STR.issuperset(map(type, map(row.__getitem__, _INTEREST_TEXTS)))
            and _AMOUNT_TYPES.issuperset(map(type, map(row.__getitem__, _INTEREST_AMOUNTS)))
            and _DATE_TYPES.issuperset(map(type, map(row.__getitem__, _INTEREST_DATES)))
            and _BOOL.issuperset(map(type, map(row.__getitem__, _FLAGS)))
        )
    except KeyError:  # a cell lost to a problem: from_dict with its defaults
        direct = False
    if not direct:
        return BusinessInterest.from_dict(
            {
                **row,
                "question": question.value,  # type: ignore[attr-defined]  # a member of the enum asked for
                "relation": relation.value,  # type: ignore[attr-defined]
                "status": status.value,  # type: ignore[attr-defined]
                "roles": [role.value for role in roles],  # type: ignore[attr-defined]
            }
        )
    distinct = tuple(dict.fromkeys(roles))  # each once, in the order given (as from_dict)
    # The ignores below: each value is of its column's Kind (checked above), which a dict[str, object] cannot say.
    return BusinessInterest(
        question=question,  # type: ignore[arg-type]
        relation=relation,  # type: ignore[arg-type]
        holder_name=row["holder_name"],  # type: ignore[arg-type]
        holder_id_number=row["holder_id_number"].upper(),  # type: ignore[attr-defined]
        enterprise_name=row["enterprise_name"],  # type: ignore[arg-type]
        uscc=row["uscc"].upper(),  # type: ignore[attr-defined]
        trade_code=row["trade_code"],  # type: ignore[arg-type]
        role=distinct[0] if distinct else InterestRole.OTHER,  # type: ignore[arg-type]
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
        holder_member_id=row["holder_member_id"],  # type: ignore[arg-type]
        roles=distinct,  # type: ignore[arg-type]
        registered_address=row["registered_address"],  # type: ignore[arg-type]
        business_scope=row["business_scope"],  # type: ignore[arg-type]
        registered_capital_wan=row["registered_capital_wan"],  # type: ignore[arg-type]
        registration_authority=row["registration_authority"],  # type: ignore[arg-type]
    )


_MEMBER_TEXTS = ("member_id", "name", "id_number", "work_unit", "position")


def member_from_row(row: Row) -> FamilyMember:
    """A family member from its row; ValueError naming the column that cannot be read."""
    relation = _member(_RELATIONS, Relation, RELATION_WORDS, str(row.get("relation") or ""), "relation")
    try:
        direct = _STR.issuperset(map(type, map(row.__getitem__, _MEMBER_TEXTS))) and (
            type(row["public_servant"]) is bool
        )
    except KeyError:
        direct = False
    if not direct:
        return FamilyMember.from_dict({**row, "relation": relation.value})  # type: ignore[attr-defined]
    return FamilyMember(
        member_id=row["member_id"],  # type: ignore[arg-type]  # checked: str, clean from the converters
        relation=relation,  # type: ignore[arg-type]
        name=row["name"],  # type: ignore[arg-type]
        id_number=row["id_number"].upper(),  # type: ignore[attr-defined]
        work_unit=row["work_unit"],  # type: ignore[arg-type]
        position=row["position"],  # type: ignore[arg-type]
        public_servant=row["public_servant"],  # type: ignore[arg-type]
    )


_POLITICAL = word_table(POLITICAL_STATUS_WORDS)


def officer_v2(officer: Officer, row: Row) -> Officer:
    """The officer of a version 1 row with the personal part of version 2."""
    text = str(row.get("political_status") or "")
    status = _member(_POLITICAL, PoliticalStatus, POLITICAL_STATUS_WORDS, text, "political_status") if text else None
    # Built field by field, not by dataclasses.replace (three times slower, and this runs per declaration);
    # tests/exchange/workbook/test_rows_v2_direct.py compares both on records with every field set.
    return Officer(
        police_number=officer.police_number,
        name=officer.name,
        id_number=officer.id_number,
        unit_code=officer.unit_code,
        position=officer.position,
        rank_level=officer.rank_level,
        is_leadership_member=officer.is_leadership_member,
        is_unit_head=officer.is_unit_head,
        is_division_level=officer.is_division_level,
        political_status=status,  # type: ignore[arg-type]  # a member of PoliticalStatus
        mobile=str(row.get("mobile") or ""),
    )


def with_form_v2(
    signed: SignedDeclaration, row: Row, form: FormVersion, members: list[FamilyMember]
) -> SignedDeclaration:
    """``signed`` (read with version 1's columns) as the declaration of ``form``: its number, the officer's personal
    part, the family members and the answers to the questions the form adds to the standard ones."""
    from desktop.exchange.workbook.rows import later_answers_from_row

    d = signed.declaration
    answers: dict[str, bool] = dict(d.answers)  # type: ignore[arg-type]  # Question is a str
    answers.update(later_answers_from_row(row, form))  # a later version's own questions, by their keys
    declaration = Declaration(
        campaign_id=d.campaign_id,
        officer=officer_v2(d.officer, row),
        unit_name=d.unit_name,
        answers=answers,  # type: ignore[arg-type]  # keyed by Question or by a later version's key
        interests=d.interests,
        acknowledged_warnings=d.acknowledged_warnings,
        remarks=d.remarks,
        form_version=form.number,
        family_members=tuple(members),
    )
    return SignedDeclaration(declaration, signed.officer_signature, signed.countersignature)
