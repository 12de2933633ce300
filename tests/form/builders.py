"""Form version 2 declarations without problems, built from the domain builders' version 1 one."""

from __future__ import annotations

import dataclasses

from desktop.domain.declarations import Declaration
from desktop.domain.family import FamilyMember
from desktop.domain.officers import Officer, PoliticalStatus
from desktop.domain.questions import Question, Relation
from tests.domain import builders
from tests.domain.builders import FRIEND_ID, SPOUSE_ID, TODAY

__all__ = ["TODAY", "v2_declaration", "v2_officer"]

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
