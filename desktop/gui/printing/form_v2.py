"""The printed registration form of form version 2 (A4 portrait): the personal part with sex and date of birth read
from the ID number, political status and mobile; the family members; the questions with every role and the
enterprise's registration details of each interest; the remarks, the commitment, and the signature block with lines
for the officer's and the unit head's signatures and dates and a place for the unit's seal.

Version 1 declarations keep their layout (form_document.py). The words are the paper form's Chinese words, the same
as the workbook's (desktop.exchange.vocabulary): one list of roles, political statuses and the rest for both.
"""

from __future__ import annotations

from html import escape

from desktop.domain.family import FamilyMember
from desktop.domain.interests import BusinessInterest
from desktop.domain.times import person_date
from desktop.domain.trades import TradeCatalog
from desktop.exchange.vocabulary import (
    DECLARATION_STATUS_WORDS,
    POLITICAL_STATUS_WORDS,
    RELATION_WORDS,
    ROLE_WORDS,
    SEX_WORDS,
    STATUS_WORDS,
)
from desktop.gui.printing import form_document as v1
from desktop.services.workflow.printable import PrintableDeclaration

FAMILY_HEADINGS = ("称谓", "姓名", "公民身份号码", "工作单位", "职务", "是否公职人员")
FAMILY_WIDTHS = (10, 10, 22, 32, 14, 12)
DETAIL_HEADINGS = (
    "持有人",
    "企业名称",
    "统一社会信用代码",
    "经营行业",
    "在企业中的身份",
    "持股比例",
    "出资额(万元)",
    "起止时间",
    "经营状态",
    "是否本人辖区",
)
# Percent of the page width. Qt keeps these even against <nobr>: the credit code's column holds its 18 characters
# (22 %, as on the version 1 form; 17 % broke it over two lines), the period's its widest date (15 %, as on the
# version 1 form; 12 % broke 2019年12月31日 over two lines).
DETAIL_WIDTHS = (8, 9, 22, 8, 11, 6, 7, 15, 7, 7)
_TABLE = "width='100%' border='1' cellspacing='0' cellpadding='{}'"


def _officer_table(printable: PrintableDeclaration) -> str:
    declaration = printable.declaration
    officer = declaration.officer
    birth = officer.date_of_birth
    rows = [
        ("姓名", officer.name, "警号", officer.police_number),
        (
            "性别",
            SEX_WORDS.get(officer.sex or "", ""),
            "出生日期",
            person_date(birth) if birth else "",
        ),
        (
            "公民身份号码",
            officer.id_number,
            "政治面貌",
            POLITICAL_STATUS_WORDS[officer.political_status] if officer.political_status else "",
        ),
        ("单位", declaration.unit_name, "职务", officer.position),
        ("职级", officer.rank_level, "手机号码", officer.mobile),
        ("班子成员", v1.yes_no(officer.is_leadership_member), "单位主要负责人", v1.yes_no(officer.is_unit_head)),
        (
            "处级及以上",
            v1.yes_no(officer.is_division_level),
            "填报状态",
            DECLARATION_STATUS_WORDS.get(printable.status.value, printable.status.value),
        ),
    ]
    body = "".join(
        "<tr>"
        + v1.cell(a, label=True, width="17%")
        + v1.cell(b, width="33%")
        + v1.cell(c, label=True, width="17%")
        + v1.cell(d, width="33%")
        + "</tr>"
        for a, b, c, d in rows
    )
    return f"<table class='form' {_TABLE.format(4)}>{body}</table>"


def _family(members: tuple[FamilyMember, ...]) -> str:
    head = "".join(
        f"<th width='{width}%'>{escape(text)}</th>" for text, width in zip(FAMILY_HEADINGS, FAMILY_WIDTHS, strict=True)
    )
    rows = [
        "<tr>"
        + "".join(
            f"<td>{escape(value)}</td>"
            for value in (
                RELATION_WORDS[member.relation],
                member.name,
                member.id_number,
                member.work_unit,
                member.position,
                v1.yes_no(member.public_servant),
            )
        )
        + "</tr>"
        for member in members
    ]
    if not rows:
        rows = [f"<tr><td colspan='{len(FAMILY_HEADINGS)}'>无</td></tr>"]
    return (
        "<h2>二、家庭成员及主要社会关系</h2>"
        f"<table class='detail' {_TABLE.format(2)}><tr>{head}</tr>" + "".join(rows) + "</table>"
    )


def _holder(interest: BusinessInterest, printable: PrintableDeclaration) -> str:
    member = printable.declaration.member(interest.holder_member_id) if interest.holder_member_id else None
    name = member.name if member is not None else interest.holder_name
    # The relation and the name on lines of their own: one line of both broke the name after its first character.
    return f"{RELATION_WORDS[interest.relation]}\n{name}".strip()


def _detail_table(interests: list[BusinessInterest], printable: PrintableDeclaration, catalog: TradeCatalog) -> str:
    head = "".join(
        f"<th width='{width}%'>{escape(text)}</th>" for text, width in zip(DETAIL_HEADINGS, DETAIL_WIDTHS, strict=True)
    )
    rows = []
    for interest in interests:
        values = (
            _holder(interest, printable),
            interest.enterprise_name,
            interest.uscc,
            v1.trade_name(interest.trade_code, catalog),
            "\n".join(ROLE_WORDS[role] for role in interest.all_roles),  # one role a line: the column is narrow
            v1.amount(interest.share_percent, "%"),
            v1.amount(interest.capital_wan),
            " ".join(v1.period(interest)),
            STATUS_WORDS[interest.status],
            v1.yes_no(interest.within_jurisdiction),
        )
        cells = [f"<td>{escape(value).replace(chr(10), '<br>')}</td>" for value in values]
        # The credit code on one line and each date of the period on its own line, as on the version 1 form: a code
        # or a date broken over two lines is misread.
        cells[2], cells[7] = f"<td>{v1.unbroken(values[2])}</td>", v1.period_cell(interest)
        rows.append("<tr>" + "".join(cells) + "</tr>")
        details = (
            ("注册地址", interest.registered_address),
            ("经营范围", interest.business_scope),
            ("注册资本(万元)", v1.amount(interest.registered_capital_wan)),
            ("登记机关", interest.registration_authority),
            ("整改情况", interest.rectification),
        )
        text = "；".join(f"{label}：{value or '—'}" for label, value in details)
        rows.append(f"<tr><td colspan='{len(DETAIL_HEADINGS)}'>{escape(text)}</td></tr>")
    return f"<table class='detail' {_TABLE.format(2)}><tr>{head}</tr>" + "".join(rows) + "</table>"


def _signing_lines() -> str:
    """Lines for the signatures and dates in ink, and the place of the unit's seal."""
    line = "________________"
    date = "______年____月____日"
    return (
        f"<table class='form' {_TABLE.format(8)}>"
        f"<tr><td width='60%' height='70'>民警本人（签字）：{line}<br><br>日期：{date}</td>"
        f"<td width='40%' rowspan='2' align='center' valign='middle'>单位（盖章）<br><br><br><br><br>{date}</td></tr>"
        f"<tr><td height='70'>单位主要负责人（签字）：{line}<br><br>日期：{date}</td></tr>"
        "</table>"
    )


def form_html_v2(printable: PrintableDeclaration, catalog: TradeCatalog) -> str:
    """The whole version 2 form as one HTML document."""
    record = printable.record
    subtitle = (
        f"{escape(printable.campaign.name)} · 登记表第 {printable.declaration.form_version} 版 · "
        f"第 {record.version} 版 · "
        f"{escape(DECLARATION_STATUS_WORDS.get(record.status.value, record.status.value))} · "
        f"编号 {escape(record.id[:12])}"
    )
    return (
        f"<html><head><meta charset='utf-8'><style>{v1.STYLE}</style></head><body>"
        f"<h1>{v1.TITLE}</h1><p class='sub'>{subtitle}</p>"
        "<h2>一、基本情况</h2>"
        + _officer_table(printable)
        + _family(printable.declaration.family_members)
        + v1.questions(printable, "三", lambda interests: _detail_table(interests, printable, catalog))
        + v1.remarks(printable, "四")
        + v1.commitment(printable, "五")
        + v1.signatures(printable, "六")
        + _signing_lines()
        + "</body></html>"
    )
