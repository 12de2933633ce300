"""Form version 2 declarations without problems, built from the domain builders' version 1 one."""

from __future__ import annotations

import dataclasses

from desktop.domain.declarations import Declaration
from desktop.domain.family import FAMILY_RELATIONS, FamilyMember, member_id_for
from desktop.domain.interests import BusinessInterest
from desktop.domain.officers import Officer, PoliticalStatus
from desktop.domain.questions import Question, Relation
from tests.domain import builders
from tests.domain.builders import FRIEND_ID, SPOUSE_ID, TODAY

__all__ = ["TODAY", "on_form", "v2_declaration", "v2_officer"]

SPOUSE = FamilyMember("F1", Relation.SPOUSE, "张丽", SPOUSE_ID, "龙山区丽丽服装店", "经营者", False)
FRIEND = FamilyMember("F2", Relation.SPECIFIC_RELATED, "赵六", FRIEND_ID, "辽源市某某典当有限公司", "股东", False)


def v2_officer(base: Officer | None = None) -> Officer:
    return dataclasses.replace(
        base or builders.officer(), political_status=PoliticalStatus.CPC_MEMBER, mobile="13904371234"
    )


def v2_declaration(base: Declaration | None = None, **changes: object) -> Declaration:
    """``base`` (default: the builders' declaration, a row under every question) on form version 2: its relatives
    listed as family members and pointed at, every row with its roles, rectification where version 2 asks it."""
    declaration = base or builders.declaration()
    members = {Relation.SPOUSE: SPOUSE, Relation.SPECIFIC_RELATED: FRIEND}
    interests = []
    for interest in declaration.interests:
        member = members.get(interest.relation) if interest.question is not Question.DISGUISED_INVOLVEMENT else None
        interest = interest.with_changes(roles=(interest.role,))
        if member is not None:
            interest = interest.with_changes(
                holder_member_id=member.member_id, holder_name=member.name, holder_id_number=member.id_number
            )
        if not interest.rectification and interest.status.value in ("operating", "rectifying"):
            interest = interest.with_changes(rectification="2027年3月底前退出并办理变更登记。")
        interests.append(interest)
    return declaration.with_changes(
        form_version=2,
        officer=v2_officer(declaration.officer),
        family_members=(SPOUSE, FRIEND),
        interests=tuple(interests),
        **changes,
    )


def on_form(declaration: Declaration, form_version: int) -> Declaration:
    """``declaration`` (a version 1 one, as the domain builders make) as content for a campaign on ``form_version``:
    unchanged for version 1; for version 2 every relative or specific-related person who holds an interest listed
    as a family member and pointed at, every row with its role as its roles, and the officer's political status and
    mobile, as an officer filling in version 2 gives them."""
    if form_version == 1:
        return declaration.with_changes(form_version=1)
    assert form_version == 2, f"no builder for form version {form_version}"
    members: list[FamilyMember] = list(declaration.family_members)
    interests = []
    for interest in declaration.interests:
        interest = interest.with_changes(roles=interest.all_roles)
        if interest.relation in FAMILY_RELATIONS and not interest.holder_member_id:
            member = next(
                (m for m in members if (m.relation, m.name, m.id_number) == _holder(interest)),
                None,
            )
            if member is None:
                member = FamilyMember(member_id_for(len(members)), *_holder(interest))
                members.append(member)
            interest = interest.with_changes(holder_member_id=member.member_id)
        interests.append(interest)
    officer = declaration.officer
    return declaration.with_changes(
        form_version=2,
        officer=dataclasses.replace(
            officer,
            political_status=officer.political_status or PoliticalStatus.CPC_MEMBER,
            mobile=officer.mobile or "13904371234",
        ),
        family_members=tuple(members),
        interests=tuple(interests),
    )


def _holder(interest: BusinessInterest) -> tuple[Relation, str, str]:
    return interest.relation, interest.holder_name, interest.holder_id_number
