"""What the Findings tab shows, gathered off the GUI thread as plain tuples: one review run (recorded when something
changed), the conclusions, the leads, the heads' keys and the statistics by unit and by trade."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Final

from desktop.domain.times import person_time
from desktop.i18n import Translator
from desktop.review.catalog import RULES, RULES_BY_ID
from desktop.review.loading import load_campaigns
from desktop.review.report_statistics import trade_statistics, unit_statistics
from desktop.review.rules_registers import reason_and_evidence
from desktop.services.inspection.conclusions import KINDS, LEAD_STATES, latest_conclusions, list_leads
from desktop.services.inspection.current import current_run
from desktop.services.inspection.kept_columns import keep, read_kept
from desktop.services.inspection.listing import FORMAT
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
    conclusion_key: str = ""  # what the latest conclusions are keyed by: the declaration id, or officer:<number>


@dataclass(frozen=True)
class FindingsData:
    campaign: str
    threshold: int
    rows: Sequence[FindingRow]  # in the table's first order (table_order); kept_view.KeptRows when read back
    details: Mapping[str, SubjectDetail]  # kept_view.KeptDetails when read back as kept with the run
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


#: Where the Findings tab's own view of a run is kept with it, per language (services.inspection.listing).
#: .6: kept_view's columns in pages (rows and details), the rows in the table's first order; another layout, another
#: key.
KEPT_KEY = "findings-tab.6:{language}"


def load_findings(session: Session, translate: Translator, campaign_id: str | None = None) -> FindingsData:
    """The review of ``campaign_id`` (None: the newest imported campaign). With nothing changed since the last run,
    what the tab showed of that run is read back as kept with it (no declaration loaded, no finding rebuilt), and only
    the conclusions, leads, keys and campaigns are read afresh."""
    from desktop.gui.inspector.findings import kept_view  # it builds on this module

    with session.store.transaction() as connection:
        on_server = connection.dialect.name != "sqlite"
    if on_server:  # the run's rows are the view: no outcome in the client (decision 170)
        from desktop.gui.inspector.findings.stored import load_stored_findings  # it builds on this module

        stored = load_stored_findings(session, translate, campaign_id)
        if stored is not None:
            return _with_fresh(stored, session, translate)
    key = KEPT_KEY.format(language=translate.language)
    current = current_run(session, campaign_id)
    kept = read_kept(session, current.run_id, key, FORMAT) if current is not None else None
    if kept is not None:
        return _with_fresh(kept_view.read_back(kept), session, translate, kept.scalars.get("countersigned"))
    run = run_review(session, campaign_id=campaign_id)
    review = run.review
    rule_text = {rule.id: translate(rule.description) for rule in RULES}
    unit_names = _unit_names(review.data)
    units = unit_statistics(review)
    trades = trade_statistics(review)
    rows = _finding_rows(review, rule_text, unit_names, translate)
    data = FindingsData(
        review.campaign.name or review.campaign.id,
        review.threshold,
        rows,
        _details(review, {row[SUBJECT] for row in rows}, rule_text, unit_names, translate),
        tuple(sorted((code, name) for code, name in unit_names.items())),
        unit_scope(review.data.units, unit_names),
        tuple((rule_id, rule_text[rule_id]) for rule_id in RULES_BY_ID),
        (),
        (),
        tuple((u.unit_name or u.unit_code, sum(u.by_rule.values()), False) for u in units),
        tuple((t.trade_name, t.interests, t.regulated) for t in trades),
        len(review.flagged()),
        review.campaign.id,
    )
    fresh = _with_fresh(data, session, translate)
    if run.run_id is not None:  # with the keys' counts: they follow from the imported workbooks, as the run does
        counts = {k.fingerprint: k.countersigned for k in fresh.keys}
        keep(session, run.run_id, key, FORMAT, kept_view.packed(data, counts))
    return fresh


def _with_fresh(
    data: FindingsData, session: Session, translate: Translator, counts: Mapping[str, int] | None = None
) -> FindingsData:
    """``data`` (what follows from the run) with what changes without a new run: the latest conclusion of each
    subject, the leads, the heads' keys (their trust; ``counts``, what each countersigned, when kept with the run)
    and the imported campaigns."""
    with session.store.transaction() as connection:
        imported = sorted(
            load_campaigns(connection).values(), key=lambda c: (c.deadline or dt.date.min, c.name), reverse=True
        )
        concluded = latest_conclusions(connection, data.campaign_id)
        leads = list_leads(connection, data.campaign_id)
    unit_names = dict(data.units)
    details: Mapping[str, SubjectDetail]
    if isinstance(data.details, LazyDetails):  # few subjects have a conclusion: only theirs are made
        details = data.details.concluded({key: _conclusion_text(c, translate) for key, c in concluded.items()})
    else:
        details = dict(data.details)
        for subject, detail in data.details.items():
            conclusion = concluded.get(detail.conclusion_key)
            if conclusion is not None:
                details[subject] = dataclasses.replace(detail, conclusion=_conclusion_text(conclusion, translate))
    return dataclasses.replace(
        data,
        details=details,
        leads=tuple(_lead_row(lead, unit_names, translate) for lead in leads),
        keys=tuple(list_head_keys(session, counts)),
        campaigns=tuple(imported),
    )


class LazyDetails(Mapping[str, SubjectDetail]):
    """Details made when first asked for; ``concluded`` gives the same with the latest conclusions shown."""

    def concluded(self, conclusions: dict[str, str]) -> LazyDetails:
        """The same details with these conclusions (conclusion key → text) shown."""
        raise NotImplementedError


def _unit_names(data: ReviewData) -> dict[str, str]:
    """Unit code → name: the store's units, then the names the declarations and the missing officers give."""
    unit_names = {code: unit.name for code, unit in data.units.items()}
    for row in data.declarations:
        unit_names.setdefault(row.unit_code, row.unit_name)
    for missing in data.missing:
        unit_names.setdefault(missing.unit_code, missing.unit_name)
    return unit_names


def table_order(rows: list[FindingRow]) -> None:
    """Sort ``rows`` as the table first shows them (by score, highest first; then police number and rule, as the
    table's model sorts a column): kept in this order, a reload neither sorts nor makes the rows again."""
    rows.sort(key=itemgetter(SCORE, POLICE_NUMBER, RULE), reverse=True)


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
    table_order(rows)
    return tuple(rows)


def _details(
    review: Review,
    subjects: set[str],
    rule_text: dict[str, str],
    unit_names: dict[str, str],
    translate: Translator,
) -> dict[str, SubjectDetail]:
    """The detail of each subject shown (those a rule fired for); the conclusion is filled in by _with_fresh."""
    rows_by_subject = {row.subject: row for row in review.data.declarations if row.subject in subjects}
    details: dict[str, SubjectDetail] = {}
    for subject, score in review.scores.items():
        if subject not in subjects:
            continue
        declaration = rows_by_subject.get(subject)
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
            "",
            tuple(rows for _reason, rows in reasons),
            score.declaration_id or f"officer:{score.police_number}",
        )
    return details


def _conclusion_text(conclusion: Conclusion | None, translate: Translator) -> str:
    if conclusion is None:
        return ""
    when = person_time(conclusion.concluded_at, language=translate.language)
    return f"{translate(KINDS[conclusion.kind])}: {conclusion.note} ({conclusion.inspector}, {when})"


def unit_scope(units: Mapping[str, UnitInfo], unit_names: dict[str, str]) -> dict[str, frozenset[str]]:
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
