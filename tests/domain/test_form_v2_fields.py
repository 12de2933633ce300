"""The form version 2 fields of the domain: family members, several roles, registration details, political status
and mobile, sex and birth date read from the ID number; version 1's content is unchanged by their presence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop.crypto.canonical import canonical_bytes
from desktop.crypto.payloads import content_bytes
from desktop.domain.declarations import Declaration
from desktop.domain.family import FAMILY_RELATIONS, FamilyMember, member_id_for
from desktop.domain.identifiers import birth_date_from_id_number, sex_from_id_number
from desktop.domain.interests import BusinessInterest, InterestRole
from desktop.domain.officers import PoliticalStatus
from desktop.domain.questions import Question, Relation
from tests.domain.builders import OFFICER_ID, SPOUSE_ID, declaration, interest, officer

SPOUSE = FamilyMember(
    member_id=member_id_for(0),
    relation=Relation.SPOUSE,
    name="李秀英",
    id_number=SPOUSE_ID,
    work_unit="龙山区第一小学",
    position="教师",
    public_servant=True,
)


def _v2() -> Declaration:
    held = interest(
        Question.RELATIVES_BUSINESS,
        holder_member_id=SPOUSE.member_id,
        roles=(InterestRole.LEGAL_REPRESENTATIVE, InterestRole.SHAREHOLDER),
        registered_address="吉林省辽源市龙山区向阳路 8 号",
        business_scope="住宿服务",
        registered_capital_wan=Decimal("50.00"),
        registration_authority="辽源市龙山区市场监督管理局",
    )
    return declaration(interests=(held,)).with_changes(
        form_version=2,
        family_members=(SPOUSE,),
        officer=officer(political_status=PoliticalStatus.CPC_MEMBER, mobile="13912345678"),
    )


def test_sex_and_birth_date_come_from_the_id_number() -> None:
    assert birth_date_from_id_number(OFFICER_ID) == dt.date(1970, 3, 15)
    assert sex_from_id_number(OFFICER_ID) == "male"  # sequence 021: odd
    assert sex_from_id_number(SPOUSE_ID) == "female"  # sequence 042: even
    assert officer().date_of_birth == dt.date(1970, 3, 15)
    assert birth_date_from_id_number("12345") is None
    assert sex_from_id_number("") is None
    assert birth_date_from_id_number("220402" + "19701340" + "0217") is None  # 13th month


def test_version_1_content_has_none_of_the_version_2_fields() -> None:
    item = declaration(interests=(interest(),))
    content = item.to_dict()
    assert "form_version" not in content
    assert "family_members" not in content
    assert set(content["officer"]) == set(officer().to_dict())  # type: ignore[arg-type]
    assert "political_status" not in content["officer"]  # type: ignore[operator]
    assert "roles" not in content["interests"][0]  # type: ignore[index]
    # The fast builders still take version 1 and give the definition's bytes.
    assert content_bytes(item) == canonical_bytes(content)


def test_version_2_content_carries_the_new_fields_and_reads_back() -> None:
    item = _v2()
    content = item.to_dict()
    assert content["form_version"] == 2
    assert content["family_members"] == [SPOUSE.to_dict()]
    assert content["officer"]["political_status"] == "cpc_member"  # type: ignore[index]
    row = content["interests"][0]  # type: ignore[index]
    assert "role" not in row
    assert row["roles"] == ["legal_representative", "shareholder"]
    assert row["registered_capital_wan"] == "50"
    assert Declaration.from_dict(content) == item.with_changes(
        interests=(item.interests[0].with_changes(role=InterestRole.LEGAL_REPRESENTATIVE),)
    )
    # Not the version 1 fast path: the definition's bytes.
    assert content_bytes(item) == canonical_bytes(content)


def test_a_listed_member_is_found_by_id_and_relations_are_the_familys() -> None:
    item = _v2()
    assert item.member("F1") == SPOUSE
    assert item.member("F2") is None
    assert Relation.SELF not in FAMILY_RELATIONS
    assert Relation.OTHER not in FAMILY_RELATIONS


def test_all_roles_falls_back_to_the_single_role_of_version_1() -> None:
    row = interest(role=InterestRole.INVESTOR)
    assert row.all_roles == (InterestRole.INVESTOR,)
    assert row.with_changes(roles=(InterestRole.MANAGER, InterestRole.ACTUAL_CONTROLLER)).all_roles == (
        InterestRole.MANAGER,
        InterestRole.ACTUAL_CONTROLLER,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"form_version": 0}, "form_version"),
        ({"form_version": "2"}, "form_version"),
        ({"form_version": 2, "family_members": [{"relation": "cousin"}]}, "family_members[0].relation"),
        ({"form_version": 2, "family_members": "F1"}, "family_members"),
    ],
)
def test_unreadable_version_2_values_are_named(data: dict[str, object], message: str) -> None:
    content = {**declaration().to_dict(), **data}
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Declaration.from_dict(content)


def test_unknown_roles_and_political_status_are_refused() -> None:
    with pytest.raises(ValueError, match="roles"):
        BusinessInterest.from_dict({**interest().to_dict(2), "roles": ["boss"]})
    with pytest.raises(ValueError, match="political_status"):
        Declaration.from_dict({**declaration().to_dict(), "officer": {**officer().to_dict(2), "political_status": "x"}})
