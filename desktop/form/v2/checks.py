"""The rules form version 2 adds: the personal details, the family members (each ID number checked like the
officer's), interests pointing at a listed member, and rectification for a running interest in a police-regulated
trade or in the officer's own jurisdiction."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from desktop.domain.declarations import Declaration
from desktop.domain.family import member_id_for
from desktop.domain.identifiers import check_id_number, normalise_id_number
from desktop.domain.interests import BusinessInterest
from desktop.domain.problems import Problem, prefixed
from desktop.domain.validation import error, invisible_characters, warning
from desktop.i18n import N_

if TYPE_CHECKING:
    from desktop.form.model import CheckContext, FormVersion

_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


def personal_details(form: FormVersion, declaration: Declaration, context: CheckContext) -> list[Problem]:
    """Political status is asked; a mobile number, when given, is a mainland mobile number."""
    officer = declaration.officer
    problems = []
    if officer.political_status is None:
        problems.append(
            error("officer.political_status", "political_status.missing", N_("Choose the political status."))
        )
    if not officer.mobile:
        problems.append(
            warning("officer.mobile", "mobile.missing", N_("The mobile phone number is missing; enter it if you can."))
        )
    elif not _MOBILE.match(officer.mobile):
        problems.append(
            error("officer.mobile", "mobile.format", N_("A mobile phone number is 11 digits beginning with 1."))
        )
    return problems


def family_members(form: FormVersion, declaration: Declaration, context: CheckContext) -> list[Problem]:
    """At most the form's number of members (decision 222); each listed member: numbered in order, a relation the
    form lists, a name, an ID number checked like the officer's and not the officer's own."""
    problems: list[Problem] = []
    most = form.max_family_members
    if most is not None and len(declaration.family_members) > most:
        problems.append(
            error(
                "family_members",
                "family_members.too_many",
                N_("List at most {count} family members."),
                count=most,
            )
        )
    officer_number = normalise_id_number(declaration.officer.id_number)
    seen: set[str] = set()
    for index, member in enumerate(declaration.family_members):
        found = invisible_characters(member, form.text_fields["family_member"])
        if member.member_id != member_id_for(index):
            found.append(
                error("member_id", "member_id.order", N_("The family members are numbered F1, F2, … in order."))
            )
        if member.relation not in form.family_relations:
            found.append(
                error("relation", "relation.not_family", N_("Choose the family member's relation from the list."))
            )
        if not member.name:
            found.append(error("name", "name.missing", N_("The name is missing.")))
        found.extend(check_id_number(member.id_number, "id_number", context.today))
        number = normalise_id_number(member.id_number)
        if number and number == officer_number:
            found.append(
                error("id_number", "member.is_self", N_("This is the officer's own ID number, not a family member's."))
            )
        elif number and number in seen:
            found.append(error("id_number", "member.twice", N_("This person is listed twice.")))
        seen.add(number)
        problems.extend(prefixed(f"family_members[{index}]", found))
    return problems


def interests(form: FormVersion, declaration: Declaration, context: CheckContext) -> list[Problem]:
    """Each interest: its holder, when a listed member, is named by the member's id and agrees with the list; every
    role from the form; rectification described when it must be."""
    problems: list[Problem] = []
    for index, interest in enumerate(declaration.interests):
        found = _member_reference(form, declaration, interest)
        if not interest.roles:
            found.append(error("roles", "roles.missing", N_("Choose at least one role the holder has.")))
        problems.extend(prefixed(f"interests[{index}]", found))
    return problems


def _member_reference(form: FormVersion, declaration: Declaration, interest: BusinessInterest) -> list[Problem]:
    if not interest.holder_member_id:
        if interest.relation in form.family_relations:
            return [
                error(
                    "holder_member_id",
                    "holder_member.missing",
                    N_("Choose the holder from the family members listed on the form."),
                )
            ]
        return []
    member = declaration.member(interest.holder_member_id)
    if member is None:
        return [
            error(
                "holder_member_id",
                "holder_member.unknown",
                N_("The holder is not one of the family members listed on the form."),
            )
        ]
    problems = []
    if member.relation is not interest.relation:
        problems.append(
            error("relation", "holder_member.relation", N_("The relation differs from the listed family member's."))
        )
    same_number = normalise_id_number(interest.holder_id_number) == normalise_id_number(member.id_number)
    if (interest.holder_name and interest.holder_name != member.name) or (
        interest.holder_id_number and not same_number
    ):
        problems.append(
            error(
                "holder_name",
                "holder_member.differs",
                N_("The holder's name or ID number differs from the listed family member's."),
            )
        )
    return problems


CHECKS = (personal_details, family_members, interests)
