"""The rows of form version 2 and later in a workbook of format 2: the officer's personal part, the family members
(家庭成员), and the interests' several roles and registration details; and back.

Version 1's rows (desktop.exchange.workbook.rows) keep their fast path; these are read through the domain's
``from_dict``, which names the field that cannot be read.
"""

from __future__ import annotations

from desktop.domain.declarations import Declaration
from desktop.domain.family import FamilyMember
from desktop.domain.interests import BusinessInterest
from desktop.domain.officers import Officer
from desktop.domain.questions import Question, Relation
from desktop.domain.signed import SignedDeclaration
from desktop.exchange.vocabulary import (
    POLITICAL_STATUS_WORDS,
    QUESTION_WORDS,
    RELATION_WORDS,
    ROLE_WORDS,
    SEX_WORDS,
    STATUS_WORDS,
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


def interest_from_row_v2(row: Row) -> BusinessInterest:
    """An interest of form version 2 from its row; ValueError naming the column that cannot be read."""
    from desktop.domain.interests import InterestRole, InterestStatus

    roles = [
        _code(InterestRole, ROLE_WORDS, word.strip(), "roles")
        for word in str(row.get("roles") or "").split(WORDS_SEPARATOR)
        if word.strip()
    ]
    return BusinessInterest.from_dict(
        {
            **row,
            "question": _code(Question, QUESTION_WORDS, str(row.get("question") or ""), "question"),
            "relation": _code(Relation, RELATION_WORDS, str(row.get("relation") or ""), "relation"),
            "status": _code(InterestStatus, STATUS_WORDS, str(row.get("status") or ""), "status"),
            "roles": roles,
        }
    )


def member_from_row(row: Row) -> FamilyMember:
    """A family member from its row; ValueError naming the column that cannot be read."""
    return FamilyMember.from_dict(
        {**row, "relation": _code(Relation, RELATION_WORDS, str(row.get("relation") or ""), "relation")}
    )


def officer_v2(officer: Officer, row: Row) -> Officer:
    """The officer of a version 1 row with the personal part of version 2."""
    from dataclasses import replace

    from desktop.domain.officers import PoliticalStatus

    text = str(row.get("political_status") or "")
    status = PoliticalStatus(_code(PoliticalStatus, POLITICAL_STATUS_WORDS, text, "political_status")) if text else None
    return replace(officer, political_status=status, mobile=str(row.get("mobile") or ""))


def with_form_v2(
    signed: SignedDeclaration, row: Row, form: FormVersion, members: list[FamilyMember]
) -> SignedDeclaration:
    """``signed`` (read with version 1's columns) as the declaration of ``form``: its number, the officer's personal
    part, the family members and the answers to the questions the form adds to the standard ones."""
    from dataclasses import replace

    from desktop.exchange.workbook.rows import later_answers_from_row

    answers: dict[str, bool] = dict(signed.declaration.answers)  # type: ignore[arg-type]  # Question is a str
    answers.update(later_answers_from_row(row, form))  # a later version's own questions, by their keys
    declaration: Declaration = signed.declaration.with_changes(
        answers=answers,
        form_version=form.number,
        officer=officer_v2(signed.declaration.officer, row),
        family_members=tuple(members),
    )
    return replace(signed, declaration=declaration)
