"""Validation on form version 2 (issue 11, item 3): the personal details, family members checked like the officer
(ID number included), interests pointing at a listed member, every role from the form, and rectification required
for a running interest in a police-regulated trade or in the officer's own jurisdiction; text entering anywhere
refused when it holds an invisible format character (issue 12, item 9)."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.domain.interests import InterestRole, InterestStatus
from desktop.domain.problems import Problem, Severity
from desktop.domain.questions import Question, Relation
from desktop.domain.trades import default_catalog
from desktop.form import form_for
from desktop.form.validation import validate_declaration
from desktop.i18n import Translator
from tests.domain import builders
from tests.domain.builders import with_wrong_check_digit
from tests.form.builders import TODAY, v2_declaration

CATALOG = default_catalog()


def _problems(declaration) -> set[tuple[str, str]]:
    return {(p.path, p.code) for p in validate_declaration(declaration, CATALOG, TODAY)}


def _errors(declaration) -> list[Problem]:
    return [p for p in validate_declaration(declaration, CATALOG, TODAY) if p.severity is Severity.ERROR]


def _index(declaration, question: Question) -> int:
    return next(i for i, row in enumerate(declaration.interests) if row.question is question)


def _with_row(declaration, question: Question, **changes: object):
    index = _index(declaration, question)
    rows = list(declaration.interests)
    rows[index] = rows[index].with_changes(**changes)
    return declaration.with_changes(interests=tuple(rows)), index


def test_a_complete_version_2_declaration_has_no_problem():
    assert validate_declaration(v2_declaration(), CATALOG, TODAY) == []


def test_the_same_declaration_on_version_1_is_still_valid_there():
    assert validate_declaration(builders.declaration(), CATALOG, TODAY) == []


def test_political_status_is_asked_and_a_mobile_number_checked():
    base = v2_declaration()
    no_status = base.with_changes(officer=dataclasses.replace(base.officer, political_status=None))
    assert ("officer.political_status", "political_status.missing") in _problems(no_status)
    bad_mobile = base.with_changes(officer=dataclasses.replace(base.officer, mobile="0437-1234567"))
    assert ("officer.mobile", "mobile.format") in _problems(bad_mobile)
    no_mobile = base.with_changes(officer=dataclasses.replace(base.officer, mobile=""))
    [warning] = [p for p in validate_declaration(no_mobile, CATALOG, TODAY) if p.code == "mobile.missing"]
    assert warning.severity is Severity.WARNING


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"id_number": ""}, "id_number.missing"),
        ({"id_number": "12345"}, "id_number.length"),
        ({"id_number": with_wrong_check_digit(builders.SPOUSE_ID)}, "id_number.check_digit"),
        ({"id_number": builders.OFFICER_ID}, "member.is_self"),
        ({"name": ""}, "name.missing"),
        ({"relation": Relation.SELF}, "relation.not_family"),
        ({"member_id": "F7"}, "member_id.order"),
        ({"name": "张\u200b丽"}, "text.invisible_character"),
        ({"work_unit": "\u202e店装服丽丽"}, "text.invisible_character"),
    ],
)
def test_each_family_member_is_checked_like_the_officer(change: dict[str, object], expected: str) -> None:
    base = v2_declaration()
    member = base.family_members[0].with_changes(**change)
    changed = base.with_changes(family_members=(member, *base.family_members[1:]))
    assert expected in {p.code for p in _errors(changed) if p.path.startswith("family_members[0].")}


def test_the_same_person_listed_twice():
    base = v2_declaration()
    twice = base.with_changes(
        family_members=(*base.family_members, base.family_members[0].with_changes(member_id="F3"))
    )
    assert ("family_members[2].id_number", "member.twice") in _problems(twice)


def test_an_interest_of_a_relative_points_at_a_listed_member():
    base = v2_declaration()
    unknown, index = _with_row(base, Question.RELATIVES_BUSINESS, holder_member_id="F9")
    assert (f"interests[{index}].holder_member_id", "holder_member.unknown") in _problems(unknown)
    missing, index = _with_row(base, Question.RELATIVES_BUSINESS, holder_member_id="")
    assert (f"interests[{index}].holder_member_id", "holder_member.missing") in _problems(missing)
    other_person, index = _with_row(base, Question.RELATIVES_BUSINESS, holder_name="李四")
    assert (f"interests[{index}].holder_name", "holder_member.differs") in _problems(other_person)
    other_relation, index = _with_row(base, Question.RELATIVES_BUSINESS, relation=Relation.PARENT)
    assert (f"interests[{index}].relation", "holder_member.relation") in _problems(other_relation)


def test_pointing_at_a_member_is_enough_without_retyping_name_and_id_number():
    pointed, _ = _with_row(v2_declaration(), Question.RELATIVES_BUSINESS, holder_name="", holder_id_number="")
    assert [p for p in _errors(pointed) if p.path.startswith("interests")] == []


def test_roles_several_at_once_and_only_the_forms():
    base = v2_declaration()
    several, _ = _with_row(
        base,
        Question.OWN_BUSINESS,
        roles=(InterestRole.INVESTOR, InterestRole.LEGAL_REPRESENTATIVE, InterestRole.ACTUAL_CONTROLLER),
    )
    assert _errors(several) == []
    none, index = _with_row(base, Question.OWN_BUSINESS, roles=())
    assert (f"interests[{index}].roles", "roles.missing") in _problems(none)
    version_1 = builders.declaration()
    rows = list(version_1.interests)
    rows[0] = rows[0].with_changes(role=InterestRole.SENIOR_MANAGER)
    assert ("interests[0].roles", "role.not_on_form") in _problems(version_1.with_changes(interests=tuple(rows)))


@pytest.mark.parametrize(
    ("trade", "jurisdiction", "status", "required"),
    [
        ("pawnshop", False, InterestStatus.OPERATING, True),  # police-regulated, running
        ("hotel", False, InterestStatus.RECTIFYING, True),
        ("retail", True, InterestStatus.OPERATING, True),  # in the officer's jurisdiction
        ("retail", False, InterestStatus.OPERATING, False),
        ("pawnshop", True, InterestStatus.EXITED, False),  # ended: nothing left to rectify
    ],
)
def test_rectification_is_required_for_a_running_regulated_or_local_interest(
    trade: str, jurisdiction: bool, status: InterestStatus, required: bool
) -> None:
    ended = {"end_date": builders.TODAY.replace(year=2024)} if status is InterestStatus.EXITED else {"end_date": None}
    changed, index = _with_row(
        v2_declaration(),
        Question.SPECIFIC_RELATED_BUSINESS,
        trade_code=trade,
        within_jurisdiction=jurisdiction,
        status=status,
        rectification="",
        **ended,
    )
    found = (f"interests[{index}].rectification", "rectification.missing") in _problems(changed)
    assert found is required


def test_the_rectification_message_in_chinese():
    changed, _ = _with_row(
        v2_declaration(),
        Question.SPECIFIC_RELATED_BUSINESS,
        status=InterestStatus.OPERATING,
        end_date=None,
        rectification="",
    )
    [problem] = [p for p in _errors(changed) if p.code == "rectification.missing"]
    text = problem.render(Translator("zh_CN"))
    assert "整改" in text
    assert text != problem.render(Translator("en"))


def test_both_versions_ask_rectification_of_a_running_regulated_interest():
    """Asked by the shared row checks on every version since decision 71 (issue 13 made it everyone's rule)."""
    for base in (builders.declaration(), v2_declaration()):
        changed, index = _with_row(
            base, Question.SPECIFIC_RELATED_BUSINESS, status=InterestStatus.OPERATING, end_date=None, rectification=""
        )
        assert (f"interests[{index}].rectification", "rectification.missing") in _problems(changed)


@pytest.mark.parametrize(
    "field", ["enterprise_name", "registered_address", "business_scope", "registration_authority", "holder_name"]
)
def test_invisible_characters_in_version_2_interest_texts(field: str) -> None:
    changed, index = _with_row(v2_declaration(), Question.OWN_BUSINESS, **{field: "龙山区\u200b建国餐馆"})
    assert (f"interests[{index}].{field}", "text.invisible_character") in _problems(changed)


def test_an_answer_the_form_does_not_ask_and_an_unknown_version():
    base = v2_declaration()
    extra = base.with_changes(answers={**base.answers, "cousins_business": False})
    assert ("answers.cousins_business", "answer.not_on_form") in _problems(extra)
    assert _problems(base.with_changes(form_version=9)) == {("form_version", "form_version.unknown")}
    assert form_for(2).allowed_relations("relatives_business") == form_for(1).allowed_relations("relatives_business")


def _with_members(count: int):
    """The complete declaration listing ``count`` family members (the first two its own, the rest copies of the
    second numbered on: each then "listed twice", beside what this test looks at)."""
    base = v2_declaration()
    first, second = base.family_members
    more = [second.with_changes(member_id=f"F{n}") for n in range(3, count + 1)]
    return base.with_changes(family_members=(first, second, *more)[:count])


def test_at_most_fifty_family_members_are_listed():
    """Decision 222: the form bounds a declaration's family members, so that no officer signs one that a workbook
    could not carry (a reader refuses each family row past the 50th of its declaration)."""
    assert form_for(2).max_family_members == 50
    assert form_for(1).max_family_members is None
    assert "family_members.too_many" not in {p.code for p in _errors(_with_members(50))}
    [problem] = [p for p in _errors(_with_members(51)) if p.code == "family_members.too_many"]
    assert problem.path == "family_members"
    assert problem.render(Translator("en")) == "List at most 50 family members."
    assert problem.render(Translator("zh_CN")) == "家庭成员最多填写50人。"


def _with_interests(declaration, count: int):
    """``declaration`` listing ``count`` interests: its own, then copies of its first (each then "listed twice",
    beside what the test looks at)."""
    rows = list(declaration.interests)
    rows += [rows[0]] * (count - len(rows))
    return declaration.with_changes(interests=tuple(rows[:count]))


@pytest.mark.parametrize("version", [1, 2])
def test_at_most_two_hundred_interests_are_listed(version: int):
    """Decision 234: every form bounds a declaration's business interests, so that no officer signs one a workbook
    could not carry (a reader refuses each interest row past the 200th of its declaration)."""
    assert form_for(version).max_interests == 200
    base = builders.declaration() if version == 1 else v2_declaration()
    assert "interests.too_many" not in {p.code for p in _errors(_with_interests(base, 200))}
    [problem] = [p for p in _errors(_with_interests(base, 201)) if p.code == "interests.too_many"]
    assert problem.path == "interests"
    assert problem.render(Translator("en")) == "List at most 200 business interests."
    assert problem.render(Translator("zh_CN")) == "经商办企业情况最多填写200项。"
