"""The demo plays the inspectors' part (every rule fires, a known clean declaration fires none), and the report
workbook says, per unit, what the review found — on the encrypted store and on PostgreSQL."""

from __future__ import annotations

from collections import Counter

import openpyxl

from desktop.form import NEWEST_FORM_VERSION
from desktop.review.catalog import RULES, RULES_BY_ID
from desktop.services.administration.campaigns import list_campaigns
from desktop.services.inspection.conclusions import conclude
from desktop.services.inspection.report import write_report
from desktop.services.inspection.review import run_review
from desktop.store import schema


def test_the_demo_casts_every_part_and_every_rule_fires_somewhere(reviewed_demo, encrypted_inspector):
    _folder, demo = reviewed_demo
    review = run_review(encrypted_inspector).review
    assert set(demo.review.parts) >= {"clean", "late", "regulated", "self_countersigned", "not_head", "altered"}
    # This year's campaign is on form version 2 (last year's on 1): the rules that need version 2 data fire too.
    assert {f.rule for f in review.findings} == {rule.id for rule in RULES}
    assert {rule.needs_form_version for rule in RULES} == {1, 2}
    by_part = {
        part: {f.rule for f in review.findings if f.police_number == number}
        for part, number in demo.review.parts.items()
    }
    assert "self_countersigned" in by_part["self_countersigned"]
    assert "countersigner_not_head" in by_part["not_head"]
    assert "signature_invalid" in by_part["altered"]
    assert {"late_signature", "key_changed", "key_untrusted"} <= by_part["late"]
    assert {"regulated_trade", "own_jurisdiction", "related_to_duties", "shared_enterprise", "interest_new"} <= by_part[
        "regulated"
    ]
    assert "identifier_invalid" in by_part["identifier"]
    assert "answers_contradict" in by_part["contradiction"]
    assert {"interest_vanished", "officer_key_changed"} <= by_part["vanished"]
    assert "missing_declaration" in by_part["missing"]
    assert "public_servant_relative_business" in by_part["public_servant"]


def test_the_demo_has_last_years_campaign_on_form_1_and_this_years_on_the_newest(reviewed_demo, encrypted_inspector):
    review = run_review(encrypted_inspector).review
    assert {review.data.form_version(row.row_id) for row in review.data.declarations} == {NEWEST_FORM_VERSION}
    campaigns = sorted(list_campaigns(encrypted_inspector), key=lambda c: c.deadline)
    assert [c.form_version for c in campaigns] == [1, NEWEST_FORM_VERSION]
    last_year = run_review(encrypted_inspector, campaign_id=campaigns[0].id).review
    assert last_year.data.declarations
    assert {last_year.data.form_version(row.row_id) for row in last_year.data.declarations} == {1}


def test_the_known_clean_declaration_fires_no_rule_and_is_cleared_automatically(reviewed_demo, encrypted_inspector):
    clean = reviewed_demo[1].review.parts["clean"]
    review = run_review(encrypted_inspector).review
    assert [f.rule for f in review.findings if f.police_number == clean] == []
    (score,) = [s for s in review.scores.values() if s.police_number == clean]
    assert (score.score, score.cleared) == (0, True)
    assert score.declaration_id


def test_the_report_workbook_has_per_unit_statistics_findings_scores_conclusions_and_leads(inspector, tmp_path):
    review = run_review(inspector).review
    lead_on = next(f for f in review.findings if f.rule == "regulated_trade")
    conclude(inspector, lead_on.declaration_id, "lead", "移交线索")
    summary = write_report(inspector, tmp_path / "report.xlsx")
    assert (summary.findings, summary.conclusions, summary.leads) == (len(review.findings), 1, 1)

    book = openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)
    assert book.sheetnames == [
        "核查概况",
        "单位统计",
        "行业统计",
        "核查发现",
        "风险评分",
        "核查结论",
        "问题线索",
        "比对核查",
    ]
    units = list(book["单位统计"].iter_rows(values_only=True))
    headings, rows = units[0], {r[0]: dict(zip(units[0], r, strict=True)) for r in units[1:]}
    assert headings[:9] == (
        "单位代码",
        "单位名称",
        "花名册人数",
        "已登记",
        "未登记",
        "重点人员",
        "需人工核查",
        "自动通过",
        "问题线索",
    )
    assert {rule.description_zh for rule in RULES} <= set(headings)
    data = review.data
    roster = Counter(o.unit_code for o in data.roster)
    for code, row in rows.items():
        declared = {d.police_number for d in data.declarations if d.unit_code == code}
        assert row["已登记"] == len(declared), code
        assert row["花名册人数"] == roster.get(code, 0) or row["花名册人数"] == len(declared) + row["未登记"]
        fired = Counter(f.rule for f in review.findings if f.unit_code == code)
        for rule in RULES:
            assert row[rule.description_zh] == fired.get(rule.id, 0), (code, rule.id)
    assert rows[lead_on.unit_code]["问题线索"] == 1
    assert sum(r["未登记"] for r in rows.values()) == sum(1 for f in review.findings if f.rule == "missing_declaration")

    findings = list(book["核查发现"].iter_rows(values_only=True))
    assert len(findings) - 1 == len(review.findings)
    assert findings[0][:3] == ("风险分值", "处理", "规则")
    regulated = RULES_BY_ID["regulated_trade"].description_zh  # the rule's name, not its code (issue 13)
    assert any(r[2] == regulated and "涉及公安机关业务范围内的经营项目" in r[8] for r in findings[1:])
    scores = list(book["风险评分"].iter_rows(values_only=True))
    assert len(scores) - 1 == len(review.scores)
    assert any(r[1] == "自动通过" and r[7].startswith("自动通过") for r in scores[1:])
    (conclusion,) = list(book["核查结论"].iter_rows(values_only=True))[1:]
    assert conclusion[5] == "问题线索"
    (lead,) = list(book["问题线索"].iter_rows(values_only=True))[1:]
    assert lead[4] == "待核查"
    book.close()


def test_writing_the_report_is_audited(inspector, tmp_path):
    from sqlalchemy import select

    summary = write_report(inspector, tmp_path / "report.xlsx")
    a = schema.audit_log
    with inspector.store.transaction() as connection:
        actions = list(connection.execute(select(a.c.action).order_by(a.c.seq)).scalars())
    assert actions[-2:] == ["review_run", "report_exported"]
    assert summary.sha256


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    from desktop.i18n import Translator
    from desktop.review.report_workbook import build_report
    from tests.review.builders import declaration, interest, review

    result = review(declaration("000101", interest(trade_code="hotel"), name='=HYPERLINK("http://x")'))
    data = build_report(
        result, [], [], generated_at="2027-01-20T09:00:00Z", generated_by="jijian01", translate=Translator("zh_CN")
    )
    (tmp_path / "r.xlsx").write_bytes(data)
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    names = [cell for cell in cells if cell.value == '=HYPERLINK("http://x")']
    assert names
    assert all(cell.quotePrefix for cell in names)


def test_the_report_shows_times_in_local_time_in_chinese_form(inspector, tmp_path):
    import zoneinfo

    review = run_review(inspector).review
    finding = next(f for f in review.findings if f.rule == "regulated_trade")
    conclude(inspector, finding.declaration_id, "lead", "移交线索")
    write_report(inspector, tmp_path / "report.xlsx", zone=zoneinfo.ZoneInfo("Asia/Shanghai"))

    book = openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)
    summary = {row[0]: row[1] for row in book["核查概况"].iter_rows(values_only=True) if len(row) > 1}
    assert summary["报告生成时间"] == "2027年1月20日 17:00"  # the review clock: 09:00 UTC
    assert summary["截止日期"].endswith("日")
    (conclusion,) = list(book["核查结论"].iter_rows(values_only=True))[1:]
    assert conclusion[0] == "2027年1月20日 17:00"
    (lead,) = list(book["问题线索"].iter_rows(values_only=True))[1:]
    assert lead[5] == "2027年1月20日 17:00"
    book.close()
