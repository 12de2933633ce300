"""One declaration's content as HTML for a read-only view: the officer, every answer, every interest row, the remarks.

Shared by the unit head's declaration view and the inspectors' detail view. Risky rows (a regulated trade, the
officer's own jurisdiction, related to the officer's duties) are highlighted. Every value is escaped.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QObject

from desktop.domain.carry_over import CARRIED_OVER, FAMILY_SECTION
from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest
from desktop.domain.questions import Question
from desktop.domain.times import person_date
from desktop.domain.trades import default_catalog
from desktop.form.labels import RELATION_LABELS, question_wording
from desktop.gui.head import labels
from desktop.i18n import Translator

ALERT = "#b3261e"
GOOD = "#1b6e2a"
HIGHLIGHT = "#fdecea"
MUTED = "#5c6670"

STYLE = (
    "<style>"
    "h2 { margin: 0 0 4px 0; } h3 { margin: 14px 0 4px 0; color: #1f4e8c; }"
    "table.grid { border-collapse: collapse; } table.grid td, table.grid th { border: 1px solid #c8d0da; "
    "padding: 3px 6px; } th { background: #eef2f7; text-align: left; font-weight: normal; color: #3a4550; }"
    f".alert {{ color: {ALERT}; font-weight: bold; }} .good {{ color: {GOOD}; font-weight: bold; }}"
    f".muted {{ color: {MUTED}; }}"
    "</style>"
)


def cell(text: object, *, kind: str = "") -> str:
    """Escaped text, optionally in a class ('alert', 'good', 'muted')."""
    value = escape("" if text is None else str(text))
    return f'<span class="{kind}">{value}</span>' if kind else value


def grid(rows: list[tuple[str, str]], columns: int = 2) -> str:
    """Label/value pairs, ``columns`` pairs per line; labels are plain text, values HTML already."""
    lines = []
    for start in range(0, len(rows), columns):
        pairs = rows[start : start + columns]
        lines.append("<tr>" + "".join(f"<th>{escape(label)}</th><td>{value}</td>" for label, value in pairs) + "</tr>")
    return '<table class="grid" width="100%">' + "".join(lines) + "</table>"


def heading(text: str) -> str:
    return f"<h3>{escape(text)}</h3>"


def risky(interest: BusinessInterest) -> bool:
    return (
        default_catalog().is_regulated(interest.trade_code)
        or interest.within_jurisdiction
        or interest.related_to_duties
    )


class DeclarationHtml(QObject):
    """Renders declarations; a QObject so that its words are translated in their own context."""

    def __init__(self, translate: Translator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.translate = translate

    def render(self, declaration: Declaration) -> str:
        """The whole content (without <html>); the caller adds signatures, returns and verification."""
        from desktop.gui.head.declaration_v2_html import DeclarationV2Html, is_v2  # builds on this module's parts

        v2 = DeclarationV2Html(self.translate, self) if is_v2(declaration) else None
        parts = [STYLE, self._officer(declaration)]
        if v2 is not None:
            parts += [v2.personal(declaration), v2.family(declaration)]
        parts.append(self._answers(declaration))
        interests = declaration.interests
        parts.append(heading(self.tr("Business interests ({count})").format(count=len(interests))))
        if not interests:
            none = self.tr("No business interest declared.")
            parts.append(f"<p>{cell(none, kind='muted')}</p>")
        for number, interest in enumerate(interests, start=1):
            extra = v2.interest_rows(declaration, interest) if v2 is not None else []
            parts.append(self._interest(number, interest, extra))
        parts.append(heading(self.tr("Remarks")) + f"<p>{cell(declaration.remarks or '—')}</p>")
        if declaration.acknowledged_warnings:
            parts.append(heading(self.tr("Warnings the officer looked at and confirmed")) + "<ul>")
            parts += [f"<li>{cell(self._confirmed(key))}</li>" for key in sorted(declaration.acknowledged_warnings)]
            parts.append("</ul>")
        return "".join(parts)

    def _confirmed(self, key: str) -> str:
        """A confirmed warning in words where it has them: a section taken over from the previous declaration and
        confirmed as still so (decision 70); other keys as they are."""
        section, _, code = key.rpartition(":")
        if code != CARRIED_OVER:
            return key
        if section.startswith("answers."):
            try:
                where = labels.question_title(Question(section.removeprefix("answers.")))
            except ValueError:
                where = section
        elif section == FAMILY_SECTION:
            where = self.tr("Family members")
        else:
            where = self.tr("Further personal details")
        return self.tr("{section}: taken from the previous declaration, confirmed as still so").format(section=where)

    def _officer(self, declaration: Declaration) -> str:
        officer = declaration.officer
        flags = [
            text
            for flag, text in (
                (officer.is_division_level, self.tr("Division-level cadre")),
                (officer.is_leadership_member, self.tr("Leadership member")),
                (officer.is_unit_head, self.tr("Unit head")),
            )
            if flag
        ]
        key_person = cell("、".join(flags), kind="alert") if flags else cell(labels.yes_no(False))
        rows = [
            (self.tr("Police number"), cell(officer.police_number)),
            (self.tr("ID number"), cell(officer.id_number)),
            (self.tr("Unit"), cell(f"{declaration.unit_name} ({officer.unit_code})")),
            (self.tr("Position"), cell(officer.position)),
            (self.tr("Rank"), cell(officer.rank_level)),
            (self.tr("Key person"), key_person),
        ]
        return f"<h2>{escape(officer.name)}</h2>" + grid(rows)

    def _answers(self, declaration: Declaration) -> str:
        rows = []
        for question in Question:
            answer = declaration.answer(question)
            shown = cell(labels.yes_no(answer), kind="alert" if answer else "")
            if answer:
                count = len(declaration.interests_for(question))
                shown += " " + cell(self.tr("({count} rows)").format(count=count), kind="alert" if not count else "")
            rows.append(f"<tr><td>{escape(self.translate(question_wording(question)))}</td><td>{shown}</td></tr>")
        return heading(self.tr("Answers")) + "<table class='grid' width='100%'>" + "".join(rows) + "</table>"

    def _trade(self, code: str) -> str:
        trade = default_catalog().get(code)
        if trade is None:
            return cell(code)
        name = trade.name_zh if self.translate.language != "en" else f"{trade.name_en} ({trade.name_zh})"
        if trade.regulated:
            return cell(self.tr("{trade} · police-regulated").format(trade=name), kind="alert")
        return cell(name)

    def _interest(self, number: int, interest: BusinessInterest, extra: list[tuple[str, str]] | None = None) -> str:
        def text(value: object) -> str:
            if isinstance(value, dt.date):
                return cell(person_date(value, self.translate.language))
            return cell("" if value is None else value)

        def flag(value: bool) -> str:
            return cell(labels.yes_no(value), kind="alert" if value else "")

        rows = [
            (self.tr("Relation"), cell(self.translate(RELATION_LABELS[interest.relation]))),
            (self.tr("Holder"), cell(interest.holder_name)),
            (self.tr("Holder's ID number"), cell(interest.holder_id_number)),
            (self.tr("Enterprise"), cell(interest.enterprise_name)),
            (self.tr("Unified social credit code"), cell(interest.uscc)),
            (self.tr("Trade"), self._trade(interest.trade_code)),
            (self.tr("Role"), cell(labels.role(interest.role))),
            (self.tr("Share (%)"), text(interest.share_percent)),
            (self.tr("Capital (10,000 yuan)"), text(interest.capital_wan)),
            (self.tr("Yearly income (10,000 yuan)"), text(interest.income_wan)),
            (self.tr("Start date"), text(interest.start_date)),
            (self.tr("End date"), text(interest.end_date)),
            (self.tr("Status"), cell(labels.interest_status(interest.status))),
            (self.tr("Within own jurisdiction"), flag(interest.within_jurisdiction)),
            (self.tr("Related to own duties"), flag(interest.related_to_duties)),
            (self.tr("Rectification"), cell(interest.rectification)),
        ]
        if extra:  # form version 2: every role replaces the single one, and the registration details follow
            rows = [row for row in rows if row[0] != self.tr("Role")] + extra
        if interest.note:
            rows.append((self.tr("Note"), cell(interest.note)))
        title = self.tr("Row {number}: {question}").format(
            number=number, question=labels.question_title(interest.question)
        )
        background = f' style="background: {HIGHLIGHT};"' if risky(interest) else ""
        return f"<p{background}><b>{escape(title)}</b></p>" + grid(rows)
