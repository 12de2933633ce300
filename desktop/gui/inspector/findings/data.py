"""What the Findings tab shows, gathered off the GUI thread as plain tuples: one review run (recorded when something
changed), the conclusions, the leads, the heads' keys and the statistics by unit and by trade."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from desktop.domain.times import person_time
from desktop.i18n import Translator
from desktop.review.catalog import RULES, RULES_BY_ID
from desktop.review.loading import load_campaigns
from desktop.review.report_statistics import trade_statistics, unit_statistics
from desktop.review.rules_registers import reason_and_evidence
from desktop.services.inspection.conclusions import KINDS, LEAD_STATES, latest_conclusions, list_leads
from desktop.services.inspection.kept_columns import KeptColumns, keep, pack, read_kept
from desktop.services.inspection.listing import FORMAT, current_run
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
    rows: tuple[FindingRow, ...]
    details: Mapping[str, SubjectDetail]  # KeptDetails when read back as kept with the run
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
KEPT_KEY = "findings-tab.3:{language}"  # .3: _to_kept's kept columns; another layout, another key


def load_findings(session: Session, translate: Translator, campaign_id: str | None = None) -> FindingsData:
    """The review of ``campaign_id`` (None: the newest imported campaign). With nothing changed since the last run,
    what the tab showed of that run is read back as kept with it (no declaration loaded, no finding rebuilt), and only
    the conclusions, leads, keys and campaigns are read afresh."""
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
        return _with_fresh(_from_kept(kept), session, translate, kept.scalars.get("countersigned"))
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
        keep(session, run.run_id, key, FORMAT, _to_kept(data, {k.fingerprint: k.countersigned for k in fresh.keys}))
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


_ROW_COLUMNS = (SCORE, RULE, POLICE_NUMBER, NAME, UNIT, DECLARATION, REASON, SUBJECT, CLEARED)
_KEPT_DETAIL = ("subject", "reference", "police_number", "name", "unit", "score", "cleared", "explanation")


def _to_kept(data: FindingsData, counts: dict[str, int]) -> bytes:
    """What follows from the run alone, as kept columns (no conclusion, lead, key or campaign list; what each key
    countersigned, ``counts``, follows from the imported workbooks as the run does): the table's
    columns, then each shown subject's detail. What can be derived again is not kept: a row's rule text and unit
    name, and the rule texts of a detail's fired rules."""
    shown = list(data.details.values())
    scalars = {
        "campaign": data.campaign,
        "threshold": data.threshold,
        "units": data.units,
        "unit_scope": {unit: sorted(scope) for unit, scope in data.unit_scope.items()},
        "rules": data.rules,
        "unit_bars": data.unit_bars,
        "trade_bars": data.trade_bars,
        "flagged": data.flagged,
        "campaign_id": data.campaign_id,
        "countersigned": counts,
    }
    columns: dict[str, list[Any]] = {f"row.{column}": [row[column] for row in data.rows] for column in _ROW_COLUMNS}
    columns.update({f"detail.{name}": [getattr(d, name) for d in shown] for name in _KEPT_DETAIL})
    columns.update(
        {
            "weights": [[weight for _text, weight, _reason in d.fired] for d in shown],
            "fired_reasons": [[reason for _text, _weight, reason in d.fired] for d in shown],
            "evidence": [[list(rows) for rows in d.evidence] for d in shown],
            "verification": [d.verification for d in shown],
            "failures": [list(d.failures) for d in shown],
            "conclusion_key": [d.conclusion_key for d in shown],
        }
    )
    return pack(scalars, columns)


def _from_kept(kept: KeptColumns) -> FindingsData:
    """The tab's data read back: the table's rows at once, each subject's detail when it is first shown."""
    scalars = kept.scalars
    rule_text = dict(map(tuple, scalars["rules"]))
    unit_names = dict(map(tuple, scalars["units"]))
    score, rule, number, name, unit, declaration, reason, subject, cleared = (
        kept.column(f"row.{column}") for column in _ROW_COLUMNS
    )
    rows: tuple[FindingRow, ...] = tuple(
        zip(
            score,
            rule,
            [rule_text[r] for r in rule],
            number,
            name,
            unit,
            [unit_names.get(u, "") for u in unit],
            declaration,
            reason,
            subject,
            cleared,
            strict=True,
        )
    )
    return FindingsData(
        scalars["campaign"],
        scalars["threshold"],
        rows,
        KeptDetails(kept, rows),
        tuple(map(tuple, scalars["units"])),
        {unit: frozenset(scope) for unit, scope in scalars["unit_scope"].items()},
        tuple(map(tuple, scalars["rules"])),
        (),
        (),
        tuple(map(tuple, scalars["unit_bars"])),
        tuple(map(tuple, scalars["trade_bars"])),
        scalars["flagged"],
        scalars["campaign_id"],
    )


class LazyDetails(Mapping[str, SubjectDetail]):
    """Details made when first asked for; ``concluded`` gives the same with the latest conclusions shown."""

    def concluded(self, conclusions: dict[str, str]) -> LazyDetails:
        """The same details with these conclusions (conclusion key → text) shown."""
        raise NotImplementedError


class KeptDetails(LazyDetails):
    """Each shown subject's detail, read from the kept columns when first asked for: the tab shows one at a time,
    and making all 45,000 of a run at 50,000 declarations took half a second at every reload (decision 144)."""

    def __init__(self, kept: KeptColumns, rows: tuple[FindingRow, ...], conclusions: dict[str, str] | None = None):
        self._kept, self._rows = kept, rows
        self._conclusions = conclusions or {}  # conclusion key → its text
        self._at: dict[str, int] | None = None
        self._texts: dict[str, list[str]] | None = None

    def concluded(self, conclusions: dict[str, str]) -> KeptDetails:
        """The same details with these conclusions (conclusion key → text) shown."""
        return KeptDetails(self._kept, self._rows, conclusions)

    @property
    def _positions(self) -> dict[str, int]:
        if self._at is None:
            self._at = {subject: index for index, subject in enumerate(self._kept.column("detail.subject"))}
        return self._at

    def __len__(self) -> int:
        return len(self._positions)

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __getitem__(self, subject: str) -> SubjectDetail:
        index = self._positions[subject]
        kept = self._kept
        if self._texts is None:
            texts: dict[str, list[str]] = {}
            for row in self._rows:
                texts.setdefault(row[SUBJECT], []).append(row[RULE_TEXT])
            self._texts = texts
        fields = {name: kept.column(f"detail.{name}")[index] for name in _KEPT_DETAIL}
        fired = tuple(
            zip(
                self._texts.get(subject, ()),
                kept.column("weights")[index],
                kept.column("fired_reasons")[index],
                strict=True,
            )
        )
        key = kept.column("conclusion_key")[index]
        return SubjectDetail(
            **fields,
            fired=fired,
            verification=kept.column("verification")[index],
            failures=tuple(kept.column("failures")[index]),
            conclusion=self._conclusions.get(key, ""),
            evidence=tuple(tuple(rows) for rows in kept.column("evidence")[index]),
            conclusion_key=key,
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
