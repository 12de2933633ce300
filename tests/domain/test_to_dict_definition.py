"""to_dict() of a declaration, an officer and an interest is written for speed (enum ``_value_``, answers by zip);
it gives what the plain definition below gives: the same keys in the same order, the same values of the same types."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bench.data import declarations
from desktop.domain.declarations import CONTENT_VERSION, Declaration
from desktop.domain.interests import BusinessInterest
from desktop.domain.questions import Question
from desktop.domain.text import decimal_text
from tests.domain.builders import declaration, interest


def _interest_definition(row: BusinessInterest) -> dict[str, object]:
    return {
        "question": row.question.value,
        "relation": row.relation.value,
        "holder_name": row.holder_name,
        "holder_id_number": row.holder_id_number,
        "enterprise_name": row.enterprise_name,
        "uscc": row.uscc,
        "trade_code": row.trade_code,
        "role": row.role.value,
        "share_percent": decimal_text(row.share_percent),
        "capital_wan": decimal_text(row.capital_wan),
        "income_wan": decimal_text(row.income_wan),
        "start_date": row.start_date.isoformat() if row.start_date else None,
        "end_date": row.end_date.isoformat() if row.end_date else None,
        "status": row.status.value,
        "within_jurisdiction": row.within_jurisdiction,
        "related_to_duties": row.related_to_duties,
        "rectification": row.rectification,
        "note": row.note,
    }


def _declaration_definition(item: Declaration) -> dict[str, object]:
    return {
        "content_version": CONTENT_VERSION,
        "campaign_id": item.campaign_id,
        "officer": item.officer.to_dict(),
        "unit_name": item.unit_name,
        "answers": {q.value: item.answers.get(q) for q in Question},
        "interests": [_interest_definition(i) for i in item.interests],
        "acknowledged_warnings": sorted(item.acknowledged_warnings),
        "remarks": item.remarks,
    }


def _exactly(value: object) -> object:
    """``value`` with its types and key orders spelled out, so that == compares them too."""
    if isinstance(value, dict):
        return (type(value), [(type(k), k, _exactly(v)) for k, v in value.items()])
    if isinstance(value, list):
        return (type(value), [_exactly(v) for v in value])
    return (type(value), value)


def test_to_dict_is_the_plain_definition() -> None:
    full = interest(
        Question.SHAREHOLDING,
        share_percent=Decimal("12.50"),
        capital_wan=Decimal("1E+3"),
        income_wan=Decimal("-0"),
        end_date=dt.date(2025, 1, 2),
        rectification="已退出",
        note="注",
    )
    items = [
        *declarations(200, seed=5),
        declaration(),
        declaration(
            interests=(*(interest(q) for q in Question), full),
            answers={Question.OWN_BUSINESS: True},
            acknowledged_warnings=("b:x", "a:y"),
        ),
        declaration(answers={}),
    ]
    for item in items:
        assert _exactly(item.to_dict()) == _exactly(_declaration_definition(item))
        for row in item.interests:
            assert _exactly(row.to_dict()) == _exactly(_interest_definition(row))


def test_answers_given_by_their_text_are_read_as_before() -> None:
    """StrEnum members and their texts are equal keys: an answers dict keyed by text reads the same."""
    item = declaration(answers={q.value: True for q in Question})  # type: ignore[misc]
    assert item.to_dict() == _declaration_definition(item)
