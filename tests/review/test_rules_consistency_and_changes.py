"""Answers against detail rows, identifier checks, and changes against the officer's previous declaration."""

from __future__ import annotations

import dataclasses

from desktop.i18n import Translator
from desktop.review.engine import evaluate
from desktop.review.model import Campaign
from tests.domain.builders import id_number
from tests.review.builders import CURRENT, ID_NUMBERS, USCC, data, declaration, earlier, fired, interest, review


def _answers(row, **answers):
    return dataclasses.replace(row, answers={**row.answers, **answers})


def test_answers_agreeing_with_their_rows_fire_nothing():
    assert not fired(review(declaration("000101", interest()))) & {"answers_contradict", "identifier_invalid"}


def test_yes_without_a_row_fires_answers_contradict():
    result = review(_answers(declaration("000101"), shareholding=True))
    text = next(f for f in result.findings if f.rule == "answers_contradict").render(Translator("en"))
    assert "'shareholding' is answered yes without a detail row" in text


def test_no_with_rows_fires_answers_contradict():
    result = review(_answers(declaration("000101", interest()), relatives_business=False))
    assert "answers_contradict" in fired(result)


def test_an_unanswered_question_fires_answers_contradict():
    assert "answers_contradict" in fired(review(_answers(declaration("000101"), own_business=None)))


def test_a_relation_that_does_not_fit_the_question_fires_answers_contradict():
    result = review(declaration("000101", interest(question="specific_related_business", relation="spouse")))
    assert "answers_contradict" in fired(result)


def test_a_nominee_while_disguised_involvement_is_answered_no_fires_answers_contradict():
    result = review(declaration("000101", interest(role="nominee")))
    text = next(f for f in result.findings if f.rule == "answers_contradict").render(Translator("en"))
    assert "nominee" in text


def test_a_nominee_declared_under_disguised_involvement_does_not_fire():
    row = declaration("000101", interest(question="disguised_involvement", relation="other", role="nominee"))
    assert "answers_contradict" not in fired(review(row))


def test_a_wrong_check_digit_in_the_officers_id_number_fires_identifier_invalid():
    wrong = ID_NUMBERS[1][:-1] + "5"
    result = review(declaration("000101", id_number=wrong))
    finding = next(f for f in result.findings if f.rule == "identifier_invalid")
    assert finding.notes[0][1] == {"code": "id_number.check_digit"}


def test_a_holders_id_number_and_a_credit_code_failing_their_checks_fire_identifier_invalid():
    bad_code = USCC[0][:-1] + "5"
    result = review(declaration("000101", interest(holder_id_number="110101199013070134", uscc=bad_code)))
    codes = [fields["code"] for _t, fields in next(f for f in result.findings if f.rule == "identifier_invalid").notes]
    assert codes == ["id_number.birth_date", "uscc.check_character"]


def test_valid_identifiers_an_empty_credit_code_and_an_old_region_code_do_not_fire():
    """220402 (Longshan district) was created in 1983; an officer born in 1970 has it: that is no failure."""
    row = declaration("000101", interest(uscc=""), id_number=ID_NUMBERS[3])
    assert "identifier_invalid" not in fired(review(row))


def test_an_interest_gone_without_a_recorded_exit_fires_interest_vanished():
    before = earlier("000101", interest("清河市福源酒家", uscc=USCC[0]))
    result = review(declaration("000101"), earlier_rows=(before,))
    finding = next(f for f in result.findings if f.rule == "interest_vanished")
    assert finding.params["campaign"] == "2025年度专项登记"
    assert "清河市福源酒家" in finding.render(Translator("zh_CN"))


def test_an_interest_recorded_as_exited_has_not_vanished():
    before = earlier("000101", interest("清河市福源酒家", uscc=USCC[0]))
    now = declaration("000101", interest("清河市福源酒家", uscc=USCC[0], status="exited"))
    assert not fired(review(now, earlier_rows=(before,))) & {"interest_vanished", "interest_new"}


def test_an_interest_that_had_already_ended_last_time_may_be_left_out():
    before = earlier("000101", interest("清河市福源酒家", status="deregistered"))
    assert "interest_vanished" not in fired(review(declaration("000101"), earlier_rows=(before,)))


def test_the_same_enterprise_renamed_slightly_is_matched_by_its_credit_code():
    before = earlier("000101", interest("福源酒家", uscc=USCC[0]))
    now = declaration("000101", interest("清河市福源酒家有限公司", uscc=USCC[0]))
    assert not fired(review(now, earlier_rows=(before,))) & {"interest_vanished", "interest_new"}


def test_a_new_interest_fires_interest_new_and_none_without_a_previous_declaration():
    now = declaration("000101", interest("清河市兴隆网吧"))
    assert "interest_new" in fired(review(now, earlier_rows=(earlier("000101"),)))
    assert "interest_new" not in fired(review(now))


def test_the_previous_declaration_is_the_latest_earlier_campaign():
    old = earlier("000101", interest("甲"), campaign_id="a" * 32)
    before = earlier("000101", interest("乙"))
    built = review(declaration("000101", interest("乙")), earlier_rows=(old, before))
    # '甲' (only in a campaign unknown here, so ordered first) is not compared; '乙' is kept.
    assert not fired(built) & {"interest_vanished", "interest_new"}


def test_without_a_deadline_a_birth_date_after_the_signing_day_fires_identifier_invalid_whatever_the_date_today():
    """The bound is the data's own date, never the machine's: born in 2021, signed in 2020, is impossible."""
    born_later = id_number("110101", "20210505", "017")
    row = declaration("000101", id_number=born_later, signed_at="2020-01-01T02:00:00Z")
    without_deadline = dataclasses.replace(data(row), campaign=Campaign(CURRENT.id, CURRENT.name, None))

    result = evaluate(without_deadline, threshold=20)

    finding = next(f for f in result.findings if f.rule == "identifier_invalid")
    assert finding.notes[0][1] == {"code": "id_number.birth_date"}


def test_a_key_changed_since_the_previous_campaign_fires_officer_key_changed():
    """Issue 12, finding 5: a reset password (or someone signing in the officer's name) gives a new key."""
    same = review(declaration("000101"), earlier_rows=(earlier("000101"),))
    assert "officer_key_changed" not in fired(same)
    changed = review(declaration("000101"), earlier_rows=(earlier("000101", signer="officer-000101-old"),))
    assert "officer_key_changed" in fired(changed, "000101")
    [finding] = [f for f in changed.findings if f.rule == "officer_key_changed"]
    assert "officer-000101-old"[:19] in finding.render(Translator("en"))
    assert "officer_key_changed" not in fired(review(declaration("000101")))  # no previous declaration
