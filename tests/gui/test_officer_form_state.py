"""The form's state: confirmations stay with their row when rows move, and only confirm warnings that apply."""

from __future__ import annotations

from dataclasses import replace

from desktop.domain.questions import Question, Relation
from desktop.domain.trades import default_catalog
from desktop.gui.officer.form_state import QUESTION_STEPS, REVIEW_STEP, DeclarationForm
from tests.domain import builders

WRONG_CHECK = builders.credit_code("92220402MA0Y7K3L0")[:-1] + "1"


def _two_relatives(qapp) -> DeclarationForm:
    first = builders.interest(Question.RELATIVES_BUSINESS)
    second = builders.interest(
        Question.RELATIVES_BUSINESS,
        relation=Relation.CHILD,
        holder_name="王小明",
        holder_id_number=builders.CHILD_ID,
        enterprise_name="龙山区小明网吧",
        uscc=WRONG_CHECK,
        trade_code="internet_cafe",
        rectification="已督促子女转让网吧，2027年3月底前办结。",  # a regulated trade still running (issue 11)
    )
    declaration = builders.declaration(
        answers={q: q is Question.RELATIVES_BUSINESS for q in Question},
        interests=(first, second),
        acknowledged_warnings=("interests[1].uscc:uscc.check_character",),
    )
    return DeclarationForm(declaration, default_catalog(), builders.TODAY)


def test_a_confirmation_follows_its_row_when_an_earlier_row_is_removed(qapp):
    form = _two_relatives(qapp)
    assert form.blocking() == []
    first, second = form.entries(Question.RELATIVES_BUSINESS)
    assert second.acknowledged == {"uscc:uscc.check_character"}

    form.remove_entry(first.id)

    assert form.declaration().acknowledged_warnings == ("interests[0].uscc:uscc.check_character",)
    assert form.blocking() == []


def test_a_confirmation_is_dropped_once_its_warning_no_longer_applies(qapp):
    form = _two_relatives(qapp)
    _first, second = form.entries(Question.RELATIVES_BUSINESS)
    corrected = replace(second, interest=second.interest.with_changes(uscc=builders.credit_code("92220402MA0Y7K3L0")))
    form.replace_entry(corrected)
    assert form.declaration().acknowledged_warnings == ()


def test_answering_no_removes_the_rows_of_that_question_and_every_change_is_announced(qapp, qtbot):
    form = _two_relatives(qapp)
    with qtbot.waitSignal(form.changed):
        form.set_answer(Question.RELATIVES_BUSINESS, False)
    assert form.entries(Question.RELATIVES_BUSINESS) == []
    assert form.declaration().interests == ()
    assert form.problems == []


def test_each_problem_leads_to_the_step_where_it_is_fixed(qapp):
    form = _two_relatives(qapp)
    _first, second = form.entries(Question.RELATIVES_BUSINESS)
    form.replace_entry(replace(second, interest=second.interest.with_changes(holder_id_number="123")))
    form.set_answer(Question.OWN_BUSINESS, True)
    steps = {p.path: form.step_of(p) for p in form.problems}
    assert steps["interests[1].holder_id_number"] == QUESTION_STEPS[Question.RELATIVES_BUSINESS]
    assert steps["answers.own_business"] == QUESTION_STEPS[Question.OWN_BUSINESS]
    assert REVIEW_STEP not in steps.values()
