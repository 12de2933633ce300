"""Matching against registers (exact, masked ID + name, name + birth date) and the register rules: cases that fire
and cases that must not, each finding with its register row as evidence."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from desktop.review.engine import evaluate
from desktop.review.enterprises import enterprise_keys
from desktop.review.registers.matching import PeopleIndex, match
from desktop.review.registers.model import (
    EXACT,
    NAME_ONLY,
    PROBABLE,
    DeclaredInterest,
    DeclaredPerson,
    RegisterEnterprise,
    RegisterEntry,
    RegisterEvidence,
    RegisterMatch,
)
from desktop.review.rules_registers import RULES
from tests.review.builders import ID_NUMBERS, STATION, data, declaration

OFFICER_ID, SPOUSE_ID = ID_NUMBERS[0], ID_NUMBERS[1]
REGISTER_RULES = {rule.id for rule in RULES}


def person(row: int, relation: str = "self", name: str = "张三", id_number: str = OFFICER_ID) -> DeclaredPerson:
    return DeclaredPerson(row, 0 if relation == "self" else 1, relation, "F1" if relation != "self" else "", name,
                          id_number)  # fmt: skip


def enterprise(name: str = "清河市恒泰商贸有限公司", **changes: object) -> RegisterEnterprise:
    fields: dict[str, object] = {
        "extract_id": "x" * 32, "number": 1, "source": "市场监管.xlsx", "kind": "enterprise", "name": name,
        "uscc": "", "status": "存续", "active": True, "trade_code": "", "licence_number": "", "police_unit": "",
        "address": "清河市", "keys": (),
    }  # fmt: skip
    fields.update(changes)
    made = RegisterEnterprise(**fields)  # type: ignore[arg-type]
    return RegisterEnterprise(**{**fields, "keys": enterprise_keys(made.uscc, made.name)})  # type: ignore[arg-type]


def entry(firm: RegisterEnterprise, *, role: str = "shareholder", share: str | None = None, **changes: object):
    fields: dict[str, object] = {
        "extract_id": firm.extract_id, "number": 1, "row_no": 7, "name": "张三", "id_number": OFFICER_ID,
        "id_kind": "full", "birth_date": None, "role": role, "role_text": "", "position": "",
        "share_percent": Decimal(share) if share else None, "enterprise": firm,
    }  # fmt: skip
    fields.update(changes)
    return RegisterEntry(**fields)  # type: ignore[arg-type]


def declared(name: str = "清河市恒泰商贸有限公司", **changes: object) -> DeclaredInterest:
    fields: dict[str, object] = {
        "question": "shareholding", "relation": "self", "holder_name": "", "holder_id_number": "",
        "holder_member_id": "", "keys": enterprise_keys("", name), "roles": frozenset({"shareholder"}),
        "share_percent": Decimal(10), "status": "operating",
    }  # fmt: skip
    fields.update(changes)
    return DeclaredInterest(**fields)  # type: ignore[arg-type]


def review_with(matches: list[RegisterMatch], interests: list[DeclaredInterest], **changes: object):
    row = declaration("000101", **changes)
    fixed = [
        RegisterMatch(dataclasses.replace(m.person, declaration_row=row.row_id), m.entry, m.strength) for m in matches
    ]
    built = data(row)
    built.registers = RegisterEvidence(("x" * 32,), {row.row_id: fixed}, {row.row_id: interests}, {}, 1, 1)
    result = evaluate(built)
    return {f.rule for f in result.findings} & REGISTER_RULES, [f for f in result.findings if f.rule in REGISTER_RULES]


# -- matching ---------------------------------------------------------------------------------------------------


def test_matching_strengths():
    people = [person(1), person(1, "spouse", "李 娜", SPOUSE_ID)]
    index = PeopleIndex(people)
    register = [
        ("x", 1, "张三", OFFICER_ID, "full", None),  # exact
        ("x", 2, "李娜", SPOUSE_ID[:6] + "********" + SPOUSE_ID[14:], "masked", None),  # probable
        ("x", 3, "李娜", "", "", f"{SPOUSE_ID[6:10]}-{SPOUSE_ID[10:12]}-{SPOUSE_ID[12:14]}"),  # name and birth
        ("x", 4, "李娜", "110101********9999", "masked", None),  # the mask disagrees
        ("x", 5, "王五", SPOUSE_ID[:6] + "********" + SPOUSE_ID[14:], "masked", None),  # another name
        ("x", 6, "李娜", "", "", "1999-01-01"),  # another birth date
        ("x", 7, "李娜", "", "", None),  # a name alone is no match
    ]
    assert sorted(match(index, register)) == [(0, ("x", 1), EXACT), (1, ("x", 2), PROBABLE), (1, ("x", 3), NAME_ONLY)]


# -- rules ------------------------------------------------------------------------------------------------------


def test_undeclared_active_enterprise_fires_with_the_register_row_as_evidence():
    firm = enterprise("清河市悦来客栈")
    rules, findings = review_with([RegisterMatch(person(0), entry(firm, role="legal_representative"), EXACT)], [])
    assert rules == {"register_undeclared"}
    reason = findings[0].render(lambda text, **f: text.format(**f))
    assert "市场监管.xlsx row 7" in reason
    assert "matched by ID number" in reason


def test_undeclared_in_a_regulated_trade_or_the_jurisdiction_fires_the_stronger_rule_too():
    hotel = enterprise("清河市悦来客栈", trade_code="hotel")
    assert review_with([RegisterMatch(person(0), entry(hotel), EXACT)], [])[0] == {
        "register_undeclared",
        "register_undeclared_regulated",
    }
    near = enterprise("清河市某商店", kind="licence")
    assert "register_undeclared_regulated" in review_with([RegisterMatch(person(0), entry(near), PROBABLE)], [])[0]
    own_unit = enterprise("清河市某商店", police_unit="城关派出所")
    rules, _ = review_with([RegisterMatch(person(0), entry(own_unit), EXACT)], [], unit_code=STATION)
    assert "register_undeclared_regulated" in rules


def test_an_ended_enterprise_or_a_declared_one_is_not_undeclared():
    closed = enterprise(status="注销", active=False)
    assert review_with([RegisterMatch(person(0), entry(closed), EXACT)], [])[0] == set()
    firm = enterprise()
    assert review_with([RegisterMatch(person(0), entry(firm), EXACT)], [declared()])[0] == set()


def test_declared_by_another_holder_is_still_undeclared_for_this_person():
    firm = enterprise()
    spouse_holds = declared(relation="spouse", holder_name="李娜", holder_id_number=SPOUSE_ID)
    assert review_with([RegisterMatch(person(0), entry(firm), EXACT)], [spouse_holds])[0] == {"register_undeclared"}


def test_family_member_recognised_by_member_id_id_number_or_name():
    firm = enterprise()
    spouse = person(0, "spouse", "李娜", SPOUSE_ID)
    by_member = declared(relation="spouse", holder_member_id="F1")
    by_id = declared(relation="spouse", holder_id_number=SPOUSE_ID, holder_name="别名")
    by_name = declared(relation="spouse", holder_name="李 娜")
    for interest in (by_member, by_id, by_name):
        assert review_with([RegisterMatch(spouse, entry(firm, name="李娜"), PROBABLE)], [interest])[0] == set()


def test_declared_share_role_or_status_that_differs_fires_differs():
    firm = enterprise()
    share = review_with([RegisterMatch(person(0), entry(firm, share="60"), EXACT)], [declared()])
    assert share[0] == {"register_differs"}
    assert "declared a share of 10 %, the register shows 60 %" in share[1][0].render(lambda t, **f: t.format(**f))
    role = review_with([RegisterMatch(person(0), entry(firm, role="legal_representative"), EXACT)], [declared()])
    assert role[0] == {"register_differs"}
    exited = review_with([RegisterMatch(person(0), entry(firm), EXACT)], [declared(status="exited")])
    assert exited[0] == {"register_differs"}
    closed = enterprise(status="吊销", active=False)
    assert review_with([RegisterMatch(person(0), entry(closed), EXACT)], [declared()])[0] == {"register_differs"}


def test_agreeing_share_role_and_status_fire_nothing():
    firm = enterprise()
    same = [RegisterMatch(person(0), entry(firm, share="10.5"), EXACT)]  # within a percentage point
    assert review_with(same, [declared()])[0] == set()
    investor = declared(roles=frozenset({"investor"}), share_percent=None)
    assert review_with([RegisterMatch(person(0), entry(firm, role="operator"), EXACT)], [investor])[0] == set()
    ended = enterprise(status="注销", active=False)
    assert review_with([RegisterMatch(person(0), entry(ended), EXACT)], [declared(status="deregistered")])[0] == set()


def test_no_registers_no_register_findings():
    result = evaluate(data(declaration("000101")))
    assert not {f.rule for f in result.findings} & REGISTER_RULES
