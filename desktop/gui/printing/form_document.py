"""The filled registration form as HTML for a QTextDocument (A4 portrait): the officer, the six questions with their
detail rows, the remarks, the commitment (承诺书) in full, and the signature block.

The words are the official form's Chinese words (desktop.exchange.vocabulary), whatever the window's language: the
printout is the paper form, not a translation of it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from decimal import Decimal
from html import escape

from desktop.domain.interests import BusinessInterest
from desktop.domain.question_marks import question_mark
from desktop.domain.questions import Question
from desktop.domain.times import person_date, person_time
from desktop.domain.trades import TradeCatalog, default_catalog
from desktop.exchange.vocabulary import (
    DECLARATION_STATUS_WORDS,
    NO,
    QUESTION_WORDS,
    RELATION_WORDS,
    ROLE_WORDS,
    STATUS_WORDS,
    YES,
)
from desktop.i18n import Translator
from desktop.services.workflow.printable import PrintableDeclaration

TITLE = "民警参与经商办企业情况登记表"
DETAIL_HEADINGS = (
    "与本人关系",
    "姓名",
    "企业名称",
    "统一社会信用代码",
    "经营行业",
    "经营方式",
    "持股比例",
    "出资额(万元)",
    "起止时间",
    "经营状态",
    "是否本人辖区",
)
# Percent of the page width. Qt keeps these even against <nobr>: the credit code's column holds its 18 characters,
# the period's its widest date (2019年12月31日; 13 % broke it over two lines).
DETAIL_WIDTHS = (8, 7, 9, 22, 7, 10, 5, 6, 15, 7, 4)

STYLE = """
body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', 'SimSun', serif; font-size: 10pt; color: #000; }
h1 { font-size: 17pt; font-weight: bold; text-align: center; margin: 0; }
p.sub { text-align: center; font-size: 9pt; margin-top: 4px; margin-bottom: 10px; }
h2 { font-size: 11pt; font-weight: bold; margin-top: 12px; margin-bottom: 4px; }
table.form { border-collapse: collapse; border-color: #000; }
table.form td, table.form th { border: 1px solid #000; padding: 4px; vertical-align: middle; }
td.label { background-color: #f0f0f0; font-weight: bold; }
table.detail { border-collapse: collapse; border-color: #000; font-size: 8pt; }
table.detail th { border: 1px solid #000; background-color: #f0f0f0; padding: 2px; font-weight: bold; }
table.detail td { border: 1px solid #000; padding: 2px; }
p.commitment { font-size: 9.5pt; text-indent: 2em; margin-top: 2px; margin-bottom: 2px; line-height: 130%; }
p.commitment-title { font-size: 12pt; font-weight: bold; text-align: center; margin-top: 4px; }
span.alert { color: #a00000; font-weight: bold; }
span.good { color: #006000; }
"""


def yes_no(value: bool | None) -> str:
    return "未作答" if value is None else (YES if value else NO)


def amount(value: Decimal | None, suffix: str = "") -> str:
    return "" if value is None else f"{value.normalize():f}{suffix}"


def period(interest: BusinessInterest) -> tuple[str, ...]:
    """The lines of an interest's period, ('2019年5月1日', '至', '2024年11月30日') or ('2019年5月1日', '起') while it
    runs: dates as the window shows them in Chinese (desktop.domain.times.person_date), whatever the window's
    language, as the rest of the paper form."""
    start = person_date(interest.start_date) if interest.start_date else "—"
    if interest.end_date is None:
        return (start, "起")
    return (start, "至", person_date(interest.end_date))


def period_cell(interest: BusinessInterest) -> str:
    """The period's cell, one date a line and no line broken: Qt's line breaking may split a Chinese date after any
    年 or 月 even inside <nobr>, which only keeps spaces; a cell that does not wrap never does."""
    return "<td style='white-space: nowrap'>" + "<br>".join(escape(line) for line in period(interest)) + "</td>"


def unbroken(text: str) -> str:
    """``text`` escaped, each word kept on one line (a date or a code is never broken over two lines)."""
    return " ".join(f"<nobr>{escape(word)}</nobr>" for word in text.split(" "))


def trade_name(code: str, catalog: TradeCatalog) -> str:
    trade = catalog.get(code) if code else None
    return trade.name_zh if trade is not None else code


def cell(text: str, *, label: bool = False, span: int = 1, width: str = "") -> str:
    attributes = " class='label'" if label else ""
    if span > 1:
        attributes += f" colspan='{span}'"
    if width:
        attributes += f" width='{width}'"
    return f"<td{attributes}>{escape(text)}</td>"


def _officer_table(printable: PrintableDeclaration) -> str:
    declaration = printable.declaration
    officer = declaration.officer
    rows = [
        ("姓名", officer.name, "警号", officer.police_number),
        ("公民身份号码", officer.id_number, "单位", declaration.unit_name),
        ("职务", officer.position, "职级", officer.rank_level),
        ("班子成员", yes_no(officer.is_leadership_member), "单位主要负责人", yes_no(officer.is_unit_head)),
        (
            "处级及以上",
            yes_no(officer.is_division_level),
            "填报状态",
            DECLARATION_STATUS_WORDS.get(printable.status.value, printable.status.value),
        ),
    ]
    body = "".join(
        "<tr>"
        + cell(a, label=True, width="17%")
        + cell(b, width="33%")
        + cell(c, label=True, width="17%")
        + cell(d, width="33%")
        + "</tr>"
        for a, b, c, d in rows
    )
    return f"<table class='form' width='100%' border='1' cellspacing='0' cellpadding='4'>{body}</table>"


def _detail_table(interests: list[BusinessInterest], catalog: TradeCatalog) -> str:
    head = "".join(
        f"<th width='{width}%'>{escape(text)}</th>" for text, width in zip(DETAIL_HEADINGS, DETAIL_WIDTHS, strict=True)
    )
    rows = []
    for interest in interests:
        values = (
            RELATION_WORDS[interest.relation],
            interest.holder_name,
            interest.enterprise_name,
            interest.uscc,
            trade_name(interest.trade_code, catalog),
            ROLE_WORDS[interest.role],
            amount(interest.share_percent, "%"),
            amount(interest.capital_wan),
            " ".join(period(interest)),
            STATUS_WORDS[interest.status],
            yes_no(interest.within_jurisdiction),
        )
        cells = [f"<td>{escape(value)}</td>" for value in values]
        cells[3] = f"<td>{unbroken(interest.uscc)}</td>"
        cells[8] = period_cell(interest)
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table class='detail' width='100%' border='1' cellspacing='0' cellpadding='2'><tr>{head}</tr>"
        + "".join(rows)
        + "</table>"
    )


def questions(
    printable: PrintableDeclaration, numeral: str, detail_table: Callable[[list[BusinessInterest]], str]
) -> str:
    """The section of the six questions, each answer followed by the detail table of its interests, built by
    ``detail_table`` (each form version has its own columns)."""
    declaration = printable.declaration
    rows = []
    for question in Question:
        answer = declaration.answer(question)
        rows.append(
            f"<tr><td class='label' width='85%'>{question_mark(question)} {escape(QUESTION_WORDS[question])}</td>"
            f"<td width='15%' align='center'><b>{escape(yes_no(answer))}</b></td></tr>"
        )
        interests = declaration.interests_for(question)
        if interests:
            rows.append(f"<tr><td colspan='2'>{detail_table(interests)}</td></tr>")
    return (
        f"<h2>{numeral}、参与经商办企业情况</h2>"
        "<table class='form' width='100%' border='1' cellspacing='0' cellpadding='5'>" + "".join(rows) + "</table>"
    )


def remarks(printable: PrintableDeclaration, numeral: str = "三") -> str:
    remarks = printable.declaration.remarks or "无"
    text = escape(remarks).replace("\n", "<br>")
    return (
        f"<h2>{numeral}、备注</h2><table class='form' width='100%' border='1' cellspacing='0' cellpadding='6'>"
        f"<tr><td>{text}</td></tr></table>"
    )


def commitment(printable: PrintableDeclaration, numeral: str = "四") -> str:
    lines = [line.strip() for line in printable.commitment_text.splitlines() if line.strip()]
    parts = []
    for number, line in enumerate(lines):
        if number == 0 and line == "承诺书":
            parts.append(f"<p class='commitment-title'>{escape(line)}</p>")
        else:
            parts.append(f"<p class='commitment'>{escape(line)}</p>")
    version = escape(printable.campaign.commitment_version)
    return (
        f"<h2>{numeral}、承诺书</h2>"
        "<table class='form' width='100%' border='1' cellspacing='0' cellpadding='8'><tr><td>"
        + "".join(parts)
        + f"<p style='font-size:7.5pt; color:#444'>承诺书版本 {version} · SHA-256 "
        f"{escape(printable.campaign.commitment_sha256)}</p></td></tr></table>"
    )


def _verification(printable: PrintableDeclaration) -> str:
    result = printable.verification
    if printable.officer_signature is None:
        return "<span class='alert'>未签字</span>"
    if result.valid:
        return "<span class='good'>签名验证通过，签字后内容未被改动</span>"
    translate = Translator("zh_CN")
    return "<br>".join(f"<span class='alert'>{escape(failure.render(translate))}</span>" for failure in result.failures)


def signatures(printable: PrintableDeclaration, numeral: str = "五") -> str:
    officer, counter = printable.officer_signature, printable.countersignature
    image = ""
    if printable.handwritten_png:
        data = base64.b64encode(printable.handwritten_png).decode("ascii")
        image = f"<img src='data:image/png;base64,{data}' height='70'>"
    signed = person_time(officer.signed_at) if officer else "未签字"
    if officer is not None and officer.is_late:
        signed += "(逾期)"
    mono = "<span style='font-family: monospace; font-size: 7.5pt'>{}</span>"
    rows = [
        "<tr><td class='label' colspan='2' align='center'>民警本人签字</td>"
        "<td class='label' colspan='2' align='center'>单位负责人签字背书</td></tr>",
        "<tr>"
        + cell("签字时间", label=True, width="16%")
        + cell(signed, width="34%")
        + cell("签字背书时间", label=True, width="16%")
        + cell(person_time(counter.signed_at) if counter else "尚未签字背书", width="34%")
        + "</tr>",
        "<tr>"
        + cell("签名密钥指纹", label=True)
        + f"<td>{mono.format(escape(officer.signer_fingerprint) if officer else '')}</td>"
        + cell("签字背书密钥指纹", label=True)
        + f"<td>{mono.format(escape(counter.signer_fingerprint) if counter else '')}</td></tr>",
        "<tr>"
        + cell("验证状态", label=True)
        + f"<td>{_verification(printable)}</td>"
        + cell("审核意见", label=True)
        + cell(counter.opinion or "" if counter else "")
        + "</tr>",
        "<tr>" + cell("手写签名", label=True) + f"<td colspan='3' height='80'>{image or '无'}</td></tr>",
    ]
    return (
        f"<h2>{numeral}、签字及签字背书</h2>"
        "<table class='form' width='100%' border='1' cellspacing='0' cellpadding='5'>" + "".join(rows) + "</table>"
    )


def form_html(printable: PrintableDeclaration, catalog: TradeCatalog | None = None) -> str:
    """The whole form as one HTML document; the handwritten signature is embedded as a data: URI."""
    catalog = catalog or default_catalog()
    if printable.declaration.form_version >= 2:
        from desktop.gui.printing.form_v2 import form_html_v2  # the version 2 layout builds on this module's parts

        return form_html_v2(printable, catalog)
    record = printable.record
    subtitle = (
        f"{escape(printable.campaign.name)} · 第 {record.version} 版 · "
        f"{escape(DECLARATION_STATUS_WORDS.get(record.status.value, record.status.value))} · "
        f"编号 {escape(record.id[:12])}"
    )
    return (
        f"<html><head><meta charset='utf-8'><style>{STYLE}</style></head><body>"
        f"<h1>{TITLE}</h1><p class='sub'>{subtitle}</p>"
        "<h2>一、基本情况</h2>"
        + _officer_table(printable)
        + questions(printable, "二", lambda interests: _detail_table(interests, catalog))
        + remarks(printable)
        + commitment(printable)
        + signatures(printable)
        + "</body></html>"
    )
