"""Which sections of a draft still hold what the previous declaration said (issue 13, defect 3)."""

from __future__ import annotations

import dataclasses

from desktop.domain.carry_over import (
    CARRIED_OVER,
    FAMILY_SECTION,
    PERSONAL_SECTION,
    carried_over_problems,
    carried_over_sections,
    question_section,
)
from desktop.domain.family import FamilyMember
from desktop.domain.interests import InterestRole
from desktop.domain.officers import PoliticalStatus
from desktop.domain.problems import Severity
from desktop.domain.questions import Question, Relation
from tests.domain import builders

ALL_QUESTIONS = [question_section(q) for q in Question]


def v2(declaration):
    officer = dataclasses.replace(declaration.officer, political_status=PoliticalStatus.MASSES, mobile="13904371234")
    spouse = FamilyMember("F1", Relation.SPOUSE, "张丽", builders.SPOUSE_ID)
    return declaration.with_changes(form_version=2, officer=officer, family_members=(spouse,))


def test_without_a_previous_declaration_nothing_is_carried_over():
    assert carried_over_sections(builders.declaration(), None) == []


def test_every_unchanged_section_is_carried_over_and_a_warning():
    last = builders.declaration()
    assert carried_over_sections(last, last) == ALL_QUESTIONS
    problems = carried_over_problems(last, last)
    assert {(p.code, p.severity) for p in problems} == {(CARRIED_OVER, Severity.WARNING)}


def test_a_changed_answer_or_row_is_the_officers_own():
    last = builders.declaration()
    shop = last.interests_for(Question.RELATIVES_BUSINESS)[0]
    changed = last.with_changes(
        interests=tuple(i.with_changes(capital_wan=None) if i is shop else i for i in last.interests)
    )
    assert question_section(Question.RELATIVES_BUSINESS) not in carried_over_sections(changed, last)
    assert question_section(Question.OWN_BUSINESS) in carried_over_sections(changed, last)


def test_version_2_also_carries_the_personal_details_and_the_family_members():
    last = v2(builders.declaration())
    assert carried_over_sections(last, last) == [PERSONAL_SECTION, FAMILY_SECTION, *ALL_QUESTIONS]
    new_mobile = last.with_changes(officer=dataclasses.replace(last.officer, mobile="13900000000"))
    assert PERSONAL_SECTION not in carried_over_sections(new_mobile, last)


def test_a_version_1_row_carried_into_a_version_2_form_is_the_same_row():
    last = builders.declaration()
    now = v2(last).with_changes(
        interests=tuple(i.with_changes(roles=(i.role,)) for i in last.interests), family_members=()
    )
    assert carried_over_sections(now, last) == ALL_QUESTIONS
    other_role = now.with_changes(interests=tuple(i.with_changes(roles=(InterestRole.OTHER,)) for i in now.interests))
    assert carried_over_sections(other_role, last) == []
