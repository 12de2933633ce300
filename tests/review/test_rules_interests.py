"""What is declared: own involvement, police-regulated trades, own jurisdiction, own duties, key persons, and the
same enterprise behind several officers."""

from __future__ import annotations

from desktop.i18n import Translator
from tests.review.builders import USCC, declaration, fired, interest, review

INTEREST_RULES = {
    "own_involvement",
    "regulated_trade",
    "own_jurisdiction",
    "related_to_duties",
    "key_person",
    "shared_enterprise",
}


def test_a_relatives_restaurant_outside_the_jurisdiction_fires_nothing():
    assert not fired(review(declaration("000101", interest()))) & INTEREST_RULES


def test_the_officer_holding_shares_fires_own_involvement():
    row = declaration("000101", interest(question="shareholding", relation="self", holder_id_number=""))
    assert "own_involvement" in fired(review(row))


def test_own_involvement_that_has_ended_does_not_fire():
    row = declaration("000101", interest(question="own_business", relation="self", status="deregistered"))
    assert "own_involvement" not in fired(review(row))


def test_a_hotel_fires_regulated_trade_with_the_trade_name():
    result = review(declaration("000101", interest("清河市宏达宾馆", trade_code="hotel")))
    finding = next(f for f in result.findings if f.rule == "regulated_trade")
    assert finding.params["trades"] == "旅馆业"
    assert "清河市宏达宾馆" in finding.render(Translator("en"))


def test_a_regulated_trade_that_was_exited_does_not_fire():
    assert "regulated_trade" not in fired(review(declaration("000101", interest(trade_code="hotel", status="exited"))))


def test_within_the_jurisdiction_fires_own_jurisdiction_and_not_otherwise():
    assert "own_jurisdiction" in fired(review(declaration("000101", interest(within_jurisdiction=True))))
    assert "own_jurisdiction" not in fired(review(declaration("000101", interest(within_jurisdiction=False))))


def test_related_to_duties_fires_and_not_otherwise():
    assert "related_to_duties" in fired(review(declaration("000101", interest(related_to_duties=True))))
    assert "related_to_duties" not in fired(review(declaration("000101", interest())))


def test_each_kind_of_key_person_fires_key_person_and_a_plain_officer_does_not():
    for flag in ("is_unit_head", "is_leadership_member", "is_division_level"):
        result = review(declaration("000101", **{flag: True}))
        assert "key_person" in fired(result), flag
    assert "key_person" not in fired(review(declaration("000101")))


def test_key_person_names_the_kinds():
    result = review(declaration("000101", is_unit_head=True, is_division_level=True))
    text = next(f for f in result.findings if f.rule == "key_person").render(Translator("en"))
    assert "division-level cadre" in text
    assert "unit head" in text


def test_the_same_credit_code_behind_two_officers_fires_shared_enterprise_for_both():
    first = declaration("000101", interest("宏达宾馆", uscc=USCC[0]))
    second = declaration("000102", interest("清河市宏达宾馆有限公司", uscc=USCC[0]))
    result = review(first, second)
    shared = {f.police_number: f for f in result.findings if f.rule == "shared_enterprise"}
    assert set(shared) == {"000101", "000102"}
    assert shared["000101"].params["officers"] == "000102"


def test_the_same_name_written_differently_is_the_same_enterprise():
    first = declaration("000101", interest("清河市 宏达宾馆（有限公司）"))
    second = declaration("000102", interest("清河市宏达宾馆(有限公司)"))
    assert "shared_enterprise" in fired(review(first, second))


def test_a_name_without_code_meets_the_same_name_with_a_code():
    first = declaration("000101", interest("宏达宾馆", uscc=USCC[0]))
    second = declaration("000102", interest("宏达宾馆"))
    assert "shared_enterprise" in fired(review(first, second), "000102")


def test_different_codes_with_the_same_name_are_different_enterprises():
    first = declaration("000101", interest("宏达宾馆", uscc=USCC[0]))
    second = declaration("000102", interest("宏达宾馆", uscc=USCC[1]))
    assert "shared_enterprise" not in fired(review(first, second))


def test_two_interests_of_one_officer_in_the_same_enterprise_are_not_shared():
    row = declaration(
        "000101", interest("宏达宾馆", uscc=USCC[0]), interest("宏达宾馆", uscc=USCC[0], relation="parent")
    )
    assert "shared_enterprise" not in fired(review(row))
