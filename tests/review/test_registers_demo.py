"""The demo's registers: each register part fires its rules, with the match strength the demo set up, and the
known clean officer (whose name is in a register with a masked ID number that disagrees) fires none; the same on
PostgreSQL."""

from __future__ import annotations

import pytest

from desktop.services.inspection.review import run_review

EXPECTED = {
    "register_undeclared": ({"register_undeclared", "register_undeclared_regulated"}, "matched by ID number"),
    "register_family": ({"register_undeclared", "register_undeclared_regulated"}, "masked ID number and name"),
    "register_differs": ({"register_differs"}, "the register shows 60 %"),
    "register_role": ({"register_differs"}, "name and birth date only"),
}


def _register_findings(session, police_number: str):
    review = run_review(session).review
    return [f for f in review.findings if f.police_number == police_number and f.rule.startswith("register_")]


@pytest.mark.parametrize("where", ["encrypted", "server"])
def test_each_register_part_fires_its_rules_and_the_clean_officer_none(reviewed_demo, request, where):
    session = request.getfixturevalue("encrypted_inspector" if where == "encrypted" else "server_inspector")
    parts = reviewed_demo[1].review.register_parts
    assert set(parts) == {*EXPECTED, "clean"}
    review = run_review(session).review
    english = lambda text, **fields: text.format(**fields)  # noqa: E731
    for part, (rules, evidence) in EXPECTED.items():
        found = [f for f in review.findings if f.police_number == parts[part] and f.rule.startswith("register_")]
        assert {f.rule for f in found} == rules, part
        assert any(evidence in f.render(english) for f in found), part
    assert [f.rule for f in review.findings if f.police_number == parts["clean"]] == []


def test_the_report_has_the_cross_check_figures_by_unit(encrypted_inspector, reviewed_demo, tmp_path):
    import openpyxl

    from desktop.services.inspection.report import write_report

    review = run_review(encrypted_inspector).review
    write_report(encrypted_inspector, tmp_path / "report.xlsx")
    rows = list(
        openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)["比对核查"].iter_rows(values_only=True)
    )
    extracts = [r for r in rows[1:4] if r and r[0]]
    assert [r[1] for r in extracts] == ["市场监管-企业登记.xlsx", "特种行业许可证.csv", "个体工商户名单.csv"]
    heading = next(index for index, r in enumerate(rows) if r and r[0] == "单位代码")
    units = [r for r in rows[heading + 1 :] if r and r[0] and r[0] != "合计"]
    assert sum(r[2] for r in units) == review.declaration_count
    column = rows[heading].index("登记信息显示本人或家庭成员在未申报的存续企业任职或持股")
    fired = {f.subject for f in review.findings if f.rule == "register_undeclared"}
    assert sum(r[column] for r in units) == len(fired) == 2
    assert sum(r[4] for r in units) >= 2  # exact matches: the undeclared officer and the differing share
