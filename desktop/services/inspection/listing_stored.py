"""The findings listing on a database server, read from the stored run's rows (decision 133): the lines are
streamed in the listing's order, filtered by the database, and each reason rendered as its line is read, so the
client holds a few lines at a time, never the run. Nothing is kept with the run: the run's rows are the listing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import exists, func, select

from desktop.i18n import Translator
from desktop.review.loading import load_campaigns, resolve_campaign
from desktop.review.model import Campaign, UnitInfo
from desktop.services.inspection import run_rows
from desktop.services.inspection.current import load_units
from desktop.services.inspection.filters import check_rule, unit_and_below
from desktop.services.inspection.listing import ListedFinding
from desktop.services.inspection.review_ranges import current_run_id
from desktop.services.session.session import Session
from desktop.store import schema

_F, _S = schema.review_run_findings, schema.review_scores


@dataclass(frozen=True)
class StoredListing:
    """A listing answered from the run's rows: the figures at once, the lines when ``select`` is iterated."""

    session: Session
    translate: Translator
    campaign: Campaign
    threshold: int
    run_id: int
    declarations: int
    flagged: int
    cleared: int
    findings: int  # every finding of the run
    units: dict[str, UnitInfo]
    stored = True

    def select(
        self, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None
    ) -> Iterator[ListedFinding]:
        """The lines for a unit (and the units below it), a rule and a least score, in the listing's order (that of
        ``select_findings``), read as they are iterated."""
        rules, units = self._filters(unit, rule)
        return self._lines(rules, units, min_score)

    def _filters(self, unit: str | None, rule: str | None) -> tuple[list[str] | None, list[str] | None]:
        if rule is not None:
            check_rule(rule)
        units = sorted(unit_and_below(self.units, unit)) if unit else None
        return ([rule] if rule is not None else None), units

    def _lines(
        self, rules: list[str] | None, units: list[str] | None, min_score: int | None
    ) -> Iterator[ListedFinding]:
        translate = self.translate
        with self.session.store.transaction() as connection:
            shown = run_rows.shown_findings(connection, self.run_id, rules=rules, units=units, min_score=min_score)
            for line in shown:
                yield ListedFinding.of(line.finding, line.score, line.cleared, translate)

    def printed(
        self, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None
    ) -> Iterator[str]:
        """What the command prints, a line at a time as the lines are read."""
        from desktop.services.inspection.listing_kept import text_line

        return map(text_line, self.select(unit=unit, rule=rule, min_score=min_score))

    def tally(
        self, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None
    ) -> tuple[int, bool]:
        """How many lines ``select`` gives with these filters, and whether any is at or above the threshold."""
        rules, units = self._filters(unit, rule)
        where = [_F.c.run_id == self.run_id]
        if rules is not None:
            where.append(_F.c.rule.in_(rules))
        if units is not None:
            where.append(_F.c.unit_code.in_(units))
        joined = _F.join(_S, (_S.c.run_id == _F.c.run_id) & (_S.c.subject == _F.c.subject))
        if min_score is not None:
            where.append(_S.c.score >= min_score)
        with self.session.store.transaction() as connection:
            count = connection.execute(select(func.count()).select_from(joined).where(*where)).scalar_one()
            needing = connection.execute(
                select(exists(select(_F.c.seq).select_from(joined).where(*where, _S.c.cleared.is_(False))))
            ).scalar_one()
        return int(count), bool(needing)


def stored_listing(
    session: Session, translate: Translator, campaign_id: str | None, threshold: int | None
) -> StoredListing | None:
    """The listing of the campaign's current run (reviewed and recorded first if anything changed, without loading
    a current run's outcome), or None when that run was recorded by earlier code (one document)."""
    run_id = current_run_id(session, campaign_id=campaign_id, threshold=threshold)
    if run_id is None:
        return None
    runs = schema.review_runs
    with session.store.transaction() as connection:
        if not run_rows.recorded_as_rows(connection, run_id):
            return None
        row = connection.execute(
            select(runs.c.campaign_id, runs.c.threshold, runs.c.flagged, runs.c.cleared, runs.c.findings).where(
                runs.c.id == run_id
            )
        ).one()
        campaign = resolve_campaign(load_campaigns(connection), row.campaign_id)
        declarations = run_rows.recorded_declarations(connection, run_id)
        units = load_units(connection)
    return StoredListing(
        session,
        translate,
        campaign,
        int(row.threshold),
        run_id,
        declarations,
        int(row.flagged),
        int(row.cleared),
        int(row.findings),
        units,
    )
