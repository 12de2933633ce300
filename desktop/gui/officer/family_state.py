"""The family members of a version 2 form as edited: numbered F1, F2, … in their order, with the detail rows that
point at a member kept pointing at the same person when a member before it is removed."""

from __future__ import annotations

from dataclasses import replace

from desktop.domain.family import FamilyMember, member_id_for
from desktop.domain.interests import BusinessInterest


def renumbered(members: list[FamilyMember]) -> tuple[list[FamilyMember], dict[str, str]]:
    """The members numbered in order, and each old id's new id."""
    result, moved = [], {}
    for index, member in enumerate(members):
        new_id = member_id_for(index)
        moved[member.member_id] = new_id
        result.append(member if member.member_id == new_id else replace(member, member_id=new_id))
    return result, moved


def repointed(interest: BusinessInterest, moved: dict[str, str], members: list[FamilyMember]) -> BusinessInterest:
    """The row pointing at its member's new id, with the member's relation, name and ID number; a row whose member
    was removed points at nobody (validation then asks for a listed member)."""
    if not interest.holder_member_id:
        return interest
    new_id = moved.get(interest.holder_member_id, "")
    member = next((m for m in members if m.member_id == new_id), None)
    if member is None:
        return interest.with_changes(holder_member_id="")
    return interest.with_changes(
        holder_member_id=member.member_id,
        relation=member.relation,
        holder_name=member.name,
        holder_id_number=member.id_number,
    )
