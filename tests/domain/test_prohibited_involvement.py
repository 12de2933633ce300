"""A relative's business in a police-regulated trade within the officer's own jurisdiction (issue 13, defect 5): a
warning the officer confirms, and the rectification (整改情况) asked for; a still-running interest in a regulated
trade or within the jurisdiction needs its rectification described (issue 11, item 3)."""

from __future__ import annotations

import pytest

from desktop.domain.interests import InterestStatus
from desktop.domain.problems import Problem, Severity
from desktop.domain.questions import Question
from desktop.domain.trades import TradeCatalog, default_catalog
from desktop.domain.validation import PROHIBITED_IN_JURISDICTION, prohibited_involvement
from desktop.form import form_for
from desktop.form.validation import validate_interest
from tests.domain.builders import TODAY, interest, officer

E, W = Severity.ERROR, Severity.WARNING
SPOUSE_HOTEL = {"trade_code": "hotel", "within_jurisdiction": True, "enterprise_name": "龙山区丽华宾馆"}


@pytest.fixture(scope="module")
def catalog() -> TradeCatalog:
    return default_catalog()


def problems(catalog: TradeCatalog, question: Question = Question.RELATIVES_BUSINESS, **changes: object):
    found: list[Problem] = validate_interest(form_for(1), interest(question, **changes), officer(), catalog, TODAY)
    return {(p.path, p.code, p.severity) for p in found}


def test_a_relatives_regulated_business_in_the_jurisdiction_is_a_warning_and_asks_for_rectification(catalog):
    assert problems(catalog, **SPOUSE_HOTEL) == {
        ("within_jurisdiction", PROHIBITED_IN_JURISDICTION, W),
        ("rectification", "rectification.missing", E),
    }


def test_with_the_rectification_described_only_the_warning_is_left(catalog):
    assert problems(catalog, **SPOUSE_HOTEL, rectification="2027年3月底前转让全部股份并办理变更登记。") == {
        ("within_jurisdiction", PROHIBITED_IN_JURISDICTION, W)
    }


def test_related_to_the_officers_duties_is_the_same_as_within_the_jurisdiction(catalog):
    changes = {**SPOUSE_HOTEL, "within_jurisdiction": False, "related_to_duties": True}
    assert ("within_jurisdiction", PROHIBITED_IN_JURISDICTION, W) in problems(catalog, **changes)


@pytest.mark.parametrize("status", [InterestStatus.EXITED, InterestStatus.DEREGISTERED])
def test_an_ended_interest_needs_neither(catalog, status):
    assert problems(catalog, **SPOUSE_HOTEL, status=status, end_date=TODAY) == set()


def test_a_regulated_trade_outside_the_jurisdiction_asks_for_rectification_without_the_warning(catalog):
    assert problems(catalog, **{**SPOUSE_HOTEL, "within_jurisdiction": False}) == {
        ("rectification", "rectification.missing", E)
    }


def test_a_plain_trade_within_the_jurisdiction_asks_for_rectification(catalog):
    assert problems(catalog, within_jurisdiction=True) == {("rectification", "rectification.missing", E)}


def test_a_plain_trade_outside_the_jurisdiction_asks_for_nothing(catalog):
    assert problems(catalog) == set()


def test_the_prohibited_interests_of_a_declaration_are_listed(catalog):
    from tests.domain.builders import declaration

    spouse_hotel = interest(Question.RELATIVES_BUSINESS, **SPOUSE_HOTEL)
    found = prohibited_involvement(declaration(interests=(spouse_hotel,)), catalog)
    assert [i.enterprise_name for i in found] == ["龙山区丽华宾馆"]
    assert prohibited_involvement(declaration(), catalog) == []
