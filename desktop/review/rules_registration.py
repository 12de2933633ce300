"""Rules on full registration (全员登记) and timing: officers without a declaration, an officer declared more than
once, and signatures after the deadline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from desktop.i18n import N_
from desktop.review.findings import Finding, Rule
from desktop.review.model import MissingOfficer
from desktop.review.view import CampaignView

_MISSING_MESSAGES = {
    "not_started": N_("No countersigned declaration: the unit's workbook lists the officer as not started."),
    "draft": N_("No countersigned declaration: the unit's workbook lists the officer with a draft only."),
    "signed": N_(
        "No countersigned declaration: the unit's workbook lists the officer as signed, waiting for the unit head."
    ),
    "returned": N_("No countersigned declaration: the unit's workbook lists the officer's declaration as returned."),
}


def covered_units(view: CampaignView) -> set[str]:
    """The units the campaign's unit workbooks speak for: each workbook's unit and every unit below it."""
    children: dict[str, list[str]] = defaultdict(list)
    for unit in view.data.units.values():
        if unit.parent_code:
            children[unit.parent_code].append(unit.code)
    covered: set[str] = set()
    stack = [
        w.unit_code
        for w in view.data.workbooks.values()
        if w.campaign_id == view.campaign.id and w.kind == "unit" and w.unit_code
    ]
    while stack:
        code = stack.pop()
        if code not in covered:
            covered.add(code)
            stack.extend(children.get(code, ()))
    return covered


def _missing(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    declared = view.by_officer
    listed: dict[str, MissingOfficer] = {}
    for entry in view.data.missing:
        if entry.police_number not in declared:
            listed.setdefault(entry.police_number, entry)
    for number, entry in sorted(listed.items()):
        message = _MISSING_MESSAGES.get(
            entry.status,
            N_(
                "No countersigned declaration: the unit's workbook lists the officer among those who have not declared "
                "({status})."
            ),
        )
        yield view.officer_finding(rule, number, entry.name, entry.unit_code, message, status=entry.status)
    covered = covered_units(view)
    for officer in view.data.roster:
        if (
            officer.unit_code in covered
            and officer.police_number not in declared
            and officer.police_number not in listed
        ):
            yield view.officer_finding(
                rule,
                officer.police_number,
                officer.name,
                officer.unit_code,
                N_("On the roster, but in no imported workbook: no declaration and not listed as missing."),
            )


def _duplicate(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    workbooks = view.data.workbooks
    for rows in view.by_officer.values():
        if len(rows) < 2:
            continue
        units = sorted(
            {workbooks[r.workbook_id].unit_code if r.workbook_id in workbooks else r.unit_code for r in rows}
            | {r.unit_code for r in rows}
        )
        for row in rows:
            yield view.finding(
                rule,
                row,
                N_("The same officer appears in {count} imported declarations (workbooks of units {units})."),
                count=len(rows),
                units=", ".join(units),
            )


def _late(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    # The workbook's 'late' column is shown only and not signed; the signing time and the deadline are.
    deadline = view.campaign.deadline
    if deadline is None:
        return
    for row in view.data.declarations:
        day = view.signing_day(row)
        if day is not None and day > deadline:
            yield view.finding(
                rule,
                row,
                N_("Signed on {date}, after the deadline {deadline} ({days} days late)."),
                date=day.isoformat(),
                deadline=deadline.isoformat(),
                days=(day - deadline).days,
            )


RULES = (
    Rule(
        "missing_declaration",
        50,
        N_("An officer on the roster has no countersigned declaration"),
        "花名册人员未登记（无已签字背书的登记表）",
        _missing,
    ),
    Rule(
        "duplicate_declaration",
        30,
        N_("The same officer is declared in more than one workbook or unit"),
        "同一民警在多个工作簿或单位中重复登记",
        _duplicate,
    ),
    Rule("late_signature", 10, N_("Signed after the campaign's deadline"), "逾期签字", _late),
)
