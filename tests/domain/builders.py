"""Valid identifiers computed with python-stdnum, and complete declarations to vary one field at a time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from stdnum.cn import ric, uscc

from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.officers import Officer
from desktop.domain.questions import Question, Relation

TODAY = dt.date(2026, 11, 21)


def id_number(region: str = "110101", birth: str = "19900101", sequence: str = "123") -> str:
    """An 18-character ID number with the right check digit.

    ``ric.calc_check_digit`` expects the number *with* a check digit in place and ignores it, so a placeholder is
    appended before calculating.
    """
    body = region + birth + sequence
    assert len(body) == 17, body
    return body + ric.calc_check_digit(body + "0")


def id_number_ending_in_x(region: str = "110101", birth: str = "19900101") -> str:
    """A valid ID number whose check character is X."""
    for sequence in range(1000):
        number = id_number(region, birth, f"{sequence:03d}")
        if number.endswith("X"):
            return number
    raise AssertionError("no sequence number gives the check character X")


def with_wrong_check_digit(number: str) -> str:
    """The same number with a different, wrong, check character."""
    wrong = "0" if number[-1] != "0" else "1"
    return number[:-1] + wrong


def credit_code(body: str = "91110000600037341") -> str:
    """An 18-character unified social credit code with the right check character."""
    assert len(body) == 17, body
    return body + uscc.calc_check_digit(body)


#: The officer: Longshan district (220402, created 1983), born 1970; stdnum.cn.ric.validate rejects this number.
OFFICER_ID = id_number("220402", "19700315", "021")
SPOUSE_ID = id_number("220402", "19720708", "042")
CHILD_ID = id_number("220402", "19980203", "013")
FRIEND_ID = id_number("110105", "19750612", "033")
NOMINEE_ID = id_number("220403", "19800101", "051")


def officer(**changes: object) -> Officer:
    fields: dict[str, object] = {
        "police_number": "012345",
        "name": "王建国",
        "id_number": OFFICER_ID,
        "unit_code": "220402",
        "position": "副所长",
        "rank_level": "一级警长",
        "is_leadership_member": False,
        "is_unit_head": False,
        "is_division_level": False,
    }
    fields.update(changes)
    return Officer(**fields)  # type: ignore[arg-type]


def interest(question: Question = Question.OWN_BUSINESS, **changes: object) -> BusinessInterest:
    """A row without problems under ``question``; ``changes`` vary it."""
    base: dict[Question, dict[str, object]] = {
        Question.OWN_BUSINESS: {
            "relation": Relation.SELF,
            "holder_name": "王建国",
            "holder_id_number": "",
            "enterprise_name": "龙山区建国餐馆",
            "uscc": credit_code("92220402MA0Y7K3L0"),
            "trade_code": "catering",
            "role": InterestRole.LEGAL_REPRESENTATIVE,
            "capital_wan": Decimal("12.5"),
            "start_date": dt.date(2015, 3, 1),
        },
        Question.SHAREHOLDING: {
            "relation": Relation.SELF,
            "holder_name": "王建国",
            "holder_id_number": OFFICER_ID,
            "enterprise_name": "辽源市某某科技有限公司",
            "uscc": credit_code("91220400MA17WQ2X8"),
            "trade_code": "information_technology",
            "role": InterestRole.SHAREHOLDER,
            "share_percent": Decimal(5),
            "capital_wan": Decimal(50),
            "start_date": dt.date(2019, 6, 1),
        },
        Question.PAID_PART_TIME: {
            "relation": Relation.SELF,
            "holder_name": "王建国",
            "holder_id_number": "",
            "enterprise_name": "辽源市某某保安服务有限公司",
            "trade_code": "security_service",
            "role": InterestRole.PART_TIME,
            "income_wan": Decimal("2.4"),
            "start_date": dt.date(2020, 1, 1),
            "status": InterestStatus.RECTIFYING,
            "rectification": "已提出辞职,2026年12月31日前办结。",
        },
        Question.DISGUISED_INVOLVEMENT: {
            "relation": Relation.OTHER,
            "holder_name": "李四",
            "holder_id_number": NOMINEE_ID,
            "enterprise_name": "龙山区某某宾馆",
            "trade_code": "hotel",
            "role": InterestRole.NOMINEE,
            "share_percent": Decimal(30),
            "start_date": dt.date(2018, 5, 20),
            "end_date": dt.date(2024, 2, 1),
            "status": InterestStatus.EXITED,
            "within_jurisdiction": True,
        },
        Question.RELATIVES_BUSINESS: {
            "relation": Relation.SPOUSE,
            "holder_name": "张丽",
            "holder_id_number": SPOUSE_ID,
            "enterprise_name": "龙山区丽丽服装店",
            "trade_code": "retail",
            "role": InterestRole.INVESTOR,
            "capital_wan": Decimal(3),
            "start_date": dt.date(2010, 9, 1),
        },
        Question.SPECIFIC_RELATED_BUSINESS: {
            "relation": Relation.SPECIFIC_RELATED,
            "holder_name": "赵六",
            "holder_id_number": FRIEND_ID,
            "enterprise_name": "辽源市某某典当有限公司",
            "trade_code": "pawnshop",
            "role": InterestRole.MANAGER,
            "start_date": dt.date(2012, 4, 1),
            "end_date": dt.date(2021, 4, 1),
            "status": InterestStatus.DEREGISTERED,
        },
    }
    fields = {"question": question, **base[question]}
    fields.update(changes)
    return BusinessInterest(**fields)  # type: ignore[arg-type]


def declaration(**changes: object) -> Declaration:
    """A complete declaration with one row under every question, all answered yes."""
    fields: dict[str, object] = {
        "campaign_id": "2026-longshan-1",
        "officer": officer(),
        "unit_name": "辽源市公安局龙山区分局",
        "answers": dict.fromkeys(Question, True),
        "interests": tuple(interest(q) for q in Question),
        "acknowledged_warnings": (),
        "remarks": "",
    }
    fields.update(changes)
    return Declaration(**fields)  # type: ignore[arg-type]
