"""The report's statistics on a database server, one range of officers at a time (the chunked review's ranges,
review.chunk_loading), so that the client holds one range's declarations, never the campaign's.

What the declarations give (officers declared and key persons by unit, the units' names, interests by trade, form
versions, register matches by unit) is added up range by range here; what the findings and scores give (by unit and
rule, flagged and cleared) comes from the stored run, counted by the database (services.inspection.report_stored).
Officers fall in exactly one range, so officers counted once per range are counted once in all; the results equal
report_statistics' and report_registers' over the whole campaign (tests/review/test_report_on_server.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Connection

from desktop.domain.trades import TradeCatalog, default_catalog
from desktop.review.chunk_loading import chunk_data, load_common, officer_ranges
from desktop.review.engine import Review
from desktop.review.model import Campaign, ReviewData, UnitInfo
from desktop.review.pausing import gc_paused
from desktop.review.registers.model import ExtractSummary
from desktop.review.report_registers import RegisterFigures, RegisterUnitStatistics, register_statistics
from desktop.review.report_statistics import TradeStatistics, UnitStatistics, trade_statistics
from desktop.review.rules_registers import RULES as REGISTER_RULES
from desktop.review.rules_registration import covered_units
from desktop.review.view import CampaignView

#: Declarations loaded at once for the report's statistics (smaller than the review's ranges: nothing else is held).
REPORT_CHUNK = 5000


@dataclass
class RangeTotals:
    """What the declarations of the ranges read so far add up to."""

    units: dict[str, UnitInfo]
    covered: set[str] = field(default_factory=set)
    workbooks: int = 0
    declarations: int = 0
    roster: Counter[str] = field(default_factory=Counter)
    declared: Counter[str] = field(default_factory=Counter)
    key_persons: Counter[str] = field(default_factory=Counter)
    #: Units the store does not know: the first declaration row naming the unit, and that name.
    named: dict[str, tuple[int, str]] = field(default_factory=dict)
    trades: dict[str, TradeStatistics] = field(default_factory=dict)
    form_versions: Counter[int] = field(default_factory=Counter)
    register_lines: dict[str, RegisterUnitStatistics] = field(default_factory=dict)
    register_named: dict[str, int] = field(default_factory=dict)  # unit → the row its register line is named by
    people_checked: int = 0
    register_people: int = 0
    summaries: tuple[ExtractSummary, ...] = ()

    def add(self, data: ReviewData, catalog: TradeCatalog) -> None:
        """Add one range's declarations (and its roster officers and register matches)."""
        self.declarations += len(data.declarations)
        self.roster.update(o.unit_code for o in data.roster)
        declared: dict[str, set[str]] = {}
        key_persons: dict[str, set[str]] = {}
        for row in data.declarations:
            declared.setdefault(row.unit_code, set()).add(row.police_number)
            if row.is_key_person:
                key_persons.setdefault(row.unit_code, set()).add(row.police_number)
            if row.unit_name and row.unit_code not in self.units:
                known = self.named.get(row.unit_code)
                if known is None or row.row_id < known[0]:
                    self.named[row.unit_code] = (row.row_id, row.unit_name)
            self.form_versions[data.form_version(row.row_id)] += 1
        self.declared.update({code: len(numbers) for code, numbers in declared.items()})
        self.key_persons.update({code: len(numbers) for code, numbers in key_persons.items()})
        part = Review(data, 0, [], {})
        for trade in trade_statistics(part, catalog):
            sums = self.trades.setdefault(
                trade.trade_code, TradeStatistics(trade.trade_code, trade.trade_name, trade.regulated)
            )
            sums.interests += trade.interests
            sums.officers += trade.officers
            sums.running += trade.running
        first_rows: dict[str, int] = {}
        for row in data.declarations:
            first_rows.setdefault(row.unit_code, row.row_id)
        for line in register_statistics(part):
            entry = self.register_lines.get(line.unit_code)
            if entry is None or first_rows[line.unit_code] < self.register_named[line.unit_code]:
                self.register_named[line.unit_code] = first_rows[line.unit_code]
                name = line.unit_name
                if entry is None:
                    entry = self.register_lines[line.unit_code] = RegisterUnitStatistics(line.unit_code, name)
                entry.unit_name = name
            entry.declarations += line.declarations
            entry.matched.update(line.matched)
        registers = data.registers
        self.people_checked += registers.people_checked
        self.register_people, self.summaries = registers.register_people, registers.summaries

    def unit_lines(
        self,
        by_rule: Mapping[str, Counter[str]],
        scored: Mapping[str, tuple[int, int]],
        leads_by_unit: Mapping[str, int],
    ) -> list[UnitStatistics]:
        """The lines of report_statistics.unit_statistics, from these totals and, by unit, the rules' counts
        (``by_rule``) and the (flagged, cleared) scores (``scored``)."""
        codes = {*self.declared, *by_rule, *scored, *(code for code in self.roster if code in self.covered)}
        lines = []
        for code in sorted(codes):
            known = self.units.get(code)
            name = known.name if known else self.named.get(code, (0, ""))[1]
            rules = by_rule.get(code, Counter())
            flagged, cleared = scored.get(code, (0, 0))
            missing = rules.get("missing_declaration", 0)
            declared = self.declared.get(code, 0)
            line = UnitStatistics(code, name, 0, declared, missing, self.key_persons.get(code, 0), flagged, cleared)
            line.by_rule.update(rules)
            line.roster = self.roster.get(code) or declared + missing
            line.leads = leads_by_unit.get(code, 0)
            lines.append(line)
        return lines

    def trade_lines(self) -> list[TradeStatistics]:
        """The lines of report_statistics.trade_statistics, in its order."""
        return sorted(self.trades.values(), key=lambda t: (not t.regulated, -t.interests, t.trade_code))

    def register_figures(self, by_rule: Mapping[str, Counter[str]]) -> RegisterFigures:
        rules = {rule.id for rule in REGISTER_RULES}
        lines = [self.register_lines[code] for code in sorted(self.register_lines)]
        for line in lines:
            for rule, count in by_rule.get(line.unit_code, Counter()).items():
                if rule in rules:
                    line.by_rule[rule] += count
        return RegisterFigures(self.summaries, lines, self.people_checked, self.register_people)


def range_totals(
    connection: Connection, campaign_id: str, chunk: int = REPORT_CHUNK, catalog: TradeCatalog | None = None
) -> tuple[Campaign, RangeTotals]:
    """The campaign and its declarations' totals, read a range of officers at a time."""
    catalog = catalog or default_catalog()
    with gc_paused():
        common = load_common(connection, campaign_id, shared=False)
        campaign = common.campaign
        totals = RangeTotals(common.units)
        totals.workbooks = sum(1 for w in common.workbooks.values() if w.campaign_id == campaign.id)
        for bounds in officer_ranges(connection, campaign.id, chunk):
            data = chunk_data(connection, common, bounds)
            if not totals.covered:
                totals.covered = covered_units(CampaignView(data, catalog))
            totals.add(data, catalog)
            del data
    return campaign, totals
