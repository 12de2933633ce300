"""The Findings tab's data on a database server (decision 170), without the campaign's outcome in the client: the
review is recorded range by range (``run_summary.review_summary``), the table's rows are read from the run's rows,
each subject's detail is read when it is first shown, and the bars by unit and by trade are added up a range of
officers at a time, as the report adds them (``report_stored``). Nothing is kept beside the run: its rows are the
view (decision 133)."""

from __future__ import annotations

from collections.abc import Iterator

from desktop.gui.inspector.findings.data import (
    SUBJECT,
    FindingRow,
    FindingsData,
    LazyDetails,
    SubjectDetail,
    unit_scope,
)
from desktop.i18n import Translator
from desktop.review.catalog import RULES, RULES_BY_ID
from desktop.review.rules_registers import reason_and_evidence
from desktop.services.inspection import run_rows
from desktop.services.inspection.current import load_units
from desktop.services.inspection.report_stored import stored_content
from desktop.services.inspection.review import one_snapshot
from desktop.services.inspection.run_summary import review_summary
from desktop.services.inspection.run_view import subject_outcome, unit_names
from desktop.services.session.session import Session


def load_stored_findings(session: Session, translate: Translator, campaign_id: str | None) -> FindingsData | None:
    """The tab's data of the campaign's current run on a server, or None when that run was recorded by earlier code
    as one document (the caller reads it as before)."""
    summary = review_summary(session, campaign_id=campaign_id)
    run_id, campaign = summary.run_id, summary.campaign
    rule_text = {rule.id: translate(rule.description) for rule in RULES}
    with session.store.transaction() as connection:
        one_snapshot(connection)
        if run_id is None or not run_rows.recorded_as_rows(connection, run_id):
            return None
        units = load_units(connection)
        names = unit_names(connection, units, campaign.id)
        content = stored_content(connection, run_id, campaign.id, summary.threshold, {})
        rows = tuple(
            (
                shown.score,
                shown.finding.rule,
                rule_text[shown.finding.rule],
                shown.finding.police_number,
                shown.finding.name,
                shown.finding.unit_code,
                names.get(shown.finding.unit_code, ""),
                shown.finding.declaration_id or "",
                shown.finding.render(translate),
                shown.finding.subject,
                shown.cleared,
            )
            for shown in run_rows.shown_findings(connection, run_id)
        )
    details = StoredDetails(session, run_id, summary.threshold, rows, rule_text, names, translate)
    return FindingsData(
        campaign.name or campaign.id,
        summary.threshold,
        rows,
        details,
        tuple(sorted(names.items())),
        unit_scope(units, names),
        tuple((rule_id, rule_text[rule_id]) for rule_id in RULES_BY_ID),
        (),
        (),
        tuple((u.unit_name or u.unit_code, sum(u.by_rule.values()), False) for u in content.units),
        tuple((t.trade_name, t.interests, t.regulated) for t in content.trades),
        summary.flagged,
        campaign.id,
    )


class StoredDetails(LazyDetails):
    """Each shown subject's detail, read from the run's rows and the declaration's digest when first asked for."""

    def __init__(
        self,
        session: Session,
        run_id: int,
        threshold: int,
        rows: tuple[FindingRow, ...],
        rule_text: dict[str, str],
        names: dict[str, str],
        translate: Translator,
        conclusions: dict[str, str] | None = None,
    ) -> None:
        self._session, self._run_id, self._threshold = session, run_id, threshold
        self._rows, self._rule_text, self._names, self._translate = rows, rule_text, names, translate
        self._subjects = list(dict.fromkeys(row[SUBJECT] for row in rows))
        self._shown = set(self._subjects)
        self._conclusions = conclusions or {}

    def concluded(self, conclusions: dict[str, str]) -> StoredDetails:
        return StoredDetails(
            self._session,
            self._run_id,
            self._threshold,
            self._rows,
            self._rule_text,
            self._names,
            self._translate,
            conclusions,
        )

    def __len__(self) -> int:
        return len(self._subjects)

    def __iter__(self) -> Iterator[str]:
        return iter(self._subjects)

    def __getitem__(self, subject: str) -> SubjectDetail:
        if subject not in self._shown:
            raise KeyError(subject)
        translate = self._translate
        with self._session.store.transaction() as connection:
            outcome = subject_outcome(connection, self._run_id, subject)
        if outcome is None:
            raise KeyError(subject)
        score, found = outcome.score, outcome.findings
        reasons = [reason_and_evidence(f, translate) for f in found]
        key = score.declaration_id or f"officer:{score.police_number}"
        return SubjectDetail(
            subject,
            score.declaration_id or score.police_number,
            score.police_number,
            score.name,
            self._names.get(score.unit_code, score.unit_code),
            score.score,
            score.cleared,
            score.explain(self._threshold, translate),
            tuple(
                (self._rule_text[f.rule], f.weight, reason) for f, (reason, _rows) in zip(found, reasons, strict=True)
            ),
            outcome.verification,
            outcome.failures,
            self._conclusions.get(key, ""),
            tuple(rows for _reason, rows in reasons),
            key,
        )
