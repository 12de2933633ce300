"""What the Findings tab shows, gathered off the GUI thread as plain tuples: one review run (recorded when something
changed), the conclusions, the leads, the heads' keys and the statistics by unit and by trade."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from desktop.domain.times import person_time
from desktop.i18n import Translator
from desktop.review.catalog import RULES, RULES_BY_ID
from desktop.review.loading import load_campaigns
from desktop.review.report_statistics import trade_statistics, unit_statistics
from desktop.review.rules_registers import reason_and_evidence
from desktop.services.inspection.conclusions import KINDS, LEAD_STATES, latest_conclusions, list_leads
from desktop.services.inspection.review import run_review
from desktop.services.inspection.trust import HeadKey, list_head_keys
from desktop.services.session.session import Session

if TYPE_CHECKING:
    from desktop.review.engine import Review
    from desktop.review.model import Campaign, ReviewData, UnitInfo
    from desktop.services.inspection.conclusions import Conclusion, Lead

# A finding row: (score, rule id, rule text, police number, name, unit code, unit name, declaration id, reason,
# subject, cleared)
# (Final literals, so that a row indexed by one has that column's type.)
SCORE: Final = 0
RULE: Final = 1
RULE_TEXT: Final = 2
POLICE_NUMBER: Final = 3
NAME: Final = 4
UNIT: Final = 5
UNIT_NAME: Final = 6
DECLARATION: Final = 7
REASON: Final = 8
SUBJECT: Final = 9
CLEARED: Final = 10
FindingRow = tuple[int, str, str, str, str, str, str, str, str, str, bool]
# A lead row: (id, police number, unit, state text, updated by, updated at, note, state id)
LeadRow = tuple[int, str, str, str, str, str, str, str]


@dataclass(frozen=True)
class SubjectDetail:
    """One declaration (or officer without one): the rules that fired and why, the score, the verification state
    and the latest conclusion."""

    subject: str
    reference: str  # what conclude() takes: the declaration id, or the police number
    police_number: str
    name: str
    unit: str
    score: int
    cleared: bool
    explanation: str
    fired: tuple[tuple[str, int, str], ...]  # (rule text, weight, reason)
    verification: str  # "" for an officer without a declaration
    failures: tuple[str, ...]
    conclusion: str  # "kind: note (inspector, time)" or ""
    #: per fired rule (same order): the register rows a cross-check finding rests on, one line each (else empty)
    evidence: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class FindingsData:
    campaign: str
    threshold: int
    rows: tuple[FindingRow, ...]
    details: dict[str, SubjectDetail]
    units: tuple[tuple[str, str], ...]  # (code, name)
    unit_scope: dict[str, frozenset[str]]  # unit → it and the units below it
    rules: tuple[tuple[str, str], ...]  # (id, text)
    leads: tuple[LeadRow, ...]
    keys: tuple[HeadKey, ...] = ()
    unit_bars: tuple[tuple[str, int, bool], ...] = ()  # (unit name, findings, False)
    trade_bars: tuple[tuple[str, int, bool], ...] = ()  # (trade name, interests, regulated)
    flagged: int = 0
    campaign_id: str = ""
    campaigns: tuple[Campaign, ...] = ()  # every imported campaign, newest first, to choose from


def load_findings(session: Session, translate: Translator, campaign_id: str | None = None) -> FindingsData:
    """The review of ``campaign_id`` (None: the newest imported campaign)."""
    review = run_review(session, campaign_id=campaign_id).review
    with session.store.transaction() as connection:
        imported = sorted(
            load_campaigns(connection).values(), key=lambda c: (c.deadline or dt.date.min, c.name), reverse=True
        )
        concluded = latest_conclusions(connection, review.campaign.id)
        leads = list_leads(connection, review.campaign.id)
    keys = tuple(list_head_keys(session))
    rule_text = {rule.id: translate(rule.description) for rule in RULES}
    unit_names = _unit_names(review.data)
    leads_by_unit: dict[str, int] = {}
    for lead in leads:
        leads_by_unit[lead.unit_code] = leads_by_unit.get(lead.unit_code, 0) + 1
    units = unit_statistics(review, leads_by_unit)
    trades = trade_statistics(review)
    return FindingsData(
        review.campaign.name or review.campaign.id,
        review.threshold,
        _finding_rows(review, rule_text, unit_names, translate),
        _details(review, concluded, rule_text, unit_names, translate),
        tuple(sorted((code, name) for code, name in unit_names.items())),
        _unit_scope(review.data.units, unit_names),
        tuple((rule_id, rule_text[rule_id]) for rule_id in RULES_BY_ID),
        tuple(_lead_row(lead, unit_names, translate) for lead in leads),
        keys,
        tuple((u.unit_name or u.unit_code, sum(u.by_rule.values()), False) for u in units),
        tuple((t.trade_name, t.interests, t.regulated) for t in trades),
        len(review.flagged()),
        review.campaign.id,
        tuple(imported),
    )


def _unit_names(data: ReviewData) -> dict[str, str]:
    """Unit code → name: the store's units, then the names the declarations and the missing officers give."""
    unit_names = {code: unit.name for code, unit in data.units.items()}
    for row in data.declarations:
        unit_names.setdefault(row.unit_code, row.unit_name)
    for missing in data.missing:
        unit_names.setdefault(missing.unit_code, missing.unit_name)
    return unit_names


def _finding_rows(
    review: Review, rule_text: dict[str, str], unit_names: dict[str, str], translate: Translator
) -> tuple[FindingRow, ...]:
    rows: list[FindingRow] = []
    for finding in review.findings:
        score = review.scores[finding.subject]
        rows.append(
            (
                score.score,
                finding.rule,
                rule_text[finding.rule],
                finding.police_number,
                finding.name,
                finding.unit_code,
                unit_names.get(finding.unit_code, ""),
                finding.declaration_id or "",
                finding.render(translate),
                finding.subject,
                score.cleared,
            )
        )
    return tuple(rows)


def _details(
    review: Review,
    concluded: dict[str, Conclusion],
    rule_text: dict[str, str],
    unit_names: dict[str, str],
    translate: Translator,
) -> dict[str, SubjectDetail]:
    rows_by_subject = {row.subject: row for row in review.data.declarations}
    details: dict[str, SubjectDetail] = {}
    for subject, score in review.scores.items():
        declaration = rows_by_subject.get(subject)
        conclusion = concluded.get(score.declaration_id or f"officer:{score.police_number}")
        found = review.by_subject.get(subject, ())
        reasons = [reason_and_evidence(f, translate) for f in found]
        fired = tuple((rule_text[f.rule], f.weight, reason) for f, (reason, _rows) in zip(found, reasons, strict=True))
        details[subject] = SubjectDetail(
            subject,
            score.declaration_id or score.police_number,
            score.police_number,
            score.name,
            unit_names.get(score.unit_code, score.unit_code),
            score.score,
            score.cleared,
            score.explain(review.threshold, translate),
            fired,
            "" if declaration is None else ("valid" if declaration.valid else "invalid"),
            declaration.failures if declaration is not None else (),
            _conclusion_text(conclusion, translate),
            tuple(rows for _reason, rows in reasons),
        )
    return details


def _conclusion_text(conclusion: Conclusion | None, translate: Translator) -> str:
    if conclusion is None:
        return ""
    when = person_time(conclusion.concluded_at, language=translate.language)
    return f"{translate(KINDS[conclusion.kind])}: {conclusion.note} ({conclusion.inspector}, {when})"


def _unit_scope(units: Mapping[str, UnitInfo], unit_names: dict[str, str]) -> dict[str, frozenset[str]]:
    """Each unit named → it and the units below it."""
    children: dict[str, list[str]] = {}
    for unit in units.values():
        if unit.parent_code:
            children.setdefault(unit.parent_code, []).append(unit.code)
    scope: dict[str, frozenset[str]] = {}
    for code in unit_names:
        found, stack = set(), [code]
        while stack:
            current = stack.pop()
            if current not in found:
                found.add(current)
                stack.extend(children.get(current, ()))
        scope[code] = frozenset(found)
    return scope


def _lead_row(lead: Lead, unit_names: dict[str, str], translate: Translator) -> LeadRow:
    return (
        lead.id,
        lead.police_number,
        unit_names.get(lead.unit_code, lead.unit_code),
        translate(LEAD_STATES.get(lead.state, lead.state)),
        lead.updated_by,
        person_time(lead.updated_at, language=translate.language),
        lead.note,
        lead.state,
    )
