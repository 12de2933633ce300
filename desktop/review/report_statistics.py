"""The statistics of a review, by unit and by trade: what the report workbook and the GUI's charts show."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from desktop.domain.trades import TradeCatalog, default_catalog
from desktop.review.catalog import RULES
from desktop.review.engine import Review
from desktop.review.model import UnitInfo
from desktop.review.rules_registration import covered_units
from desktop.review.view import CampaignView


@dataclass
class UnitStatistics:
    unit_code: str
    unit_name: str
    roster: int = 0  # officers on the roster (or, without a roster, declared + missing)
    declared: int = 0  # officers with at least one imported declaration
    missing: int = 0  # officers without one
    key_persons: int = 0
    flagged: int = 0  # declarations (and missing officers) at or above the threshold
    cleared: int = 0  # cleared automatically
    leads: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)  # rule id → declarations (or officers) it fired for


@dataclass
class TradeStatistics:
    trade_code: str
    trade_name: str
    regulated: bool
    interests: int = 0
    officers: int = 0
    running: int = 0  # not exited or deregistered


def unit_statistics(review: Review, leads_by_unit: dict[str, int] | None = None) -> list[UnitStatistics]:
    """One line per unit that has roster officers, declarations or missing officers, in unit-code order."""
    data = review.data
    stats = _UnitLines(data.units)
    unit = stats.line
    roster_units: Counter[str] = Counter(o.unit_code for o in data.roster)
    declared: dict[str, set[str]] = defaultdict(set)
    key_persons: dict[str, set[str]] = defaultdict(set)
    for row in data.declarations:
        declared[row.unit_code].add(row.police_number)
        unit(row.unit_code, row.unit_name)
        if row.is_key_person:
            key_persons[row.unit_code].add(row.police_number)
    for finding in review.findings:
        entry = unit(finding.unit_code)
        entry.by_rule[finding.rule] += 1
        if finding.rule == "missing_declaration":
            entry.missing += 1
    for score in review.scores.values():
        entry = unit(score.unit_code)
        if score.cleared:
            entry.cleared += 1
        else:
            entry.flagged += 1
    covered = covered_units(CampaignView(data))
    for code in roster_units:
        if code in covered:  # a unit no imported workbook speaks for has not been reviewed
            unit(code)
    for code, entry in stats.items():
        entry.declared = len(declared.get(code, ()))
        entry.key_persons = len(key_persons.get(code, ()))
        entry.roster = roster_units.get(code) or entry.declared + entry.missing
        entry.leads = (leads_by_unit or {}).get(code, 0)
    return [stats[code] for code in sorted(stats)]


class _UnitLines(dict[str, UnitStatistics]):
    """The lines of unit_statistics by unit code, each made when its unit is first met."""

    def __init__(self, units: Mapping[str, UnitInfo]) -> None:
        super().__init__()
        self.units = units

    def line(self, code: str, name: str = "") -> UnitStatistics:
        """The unit's line; ``name``: the unit's name where the store does not know the unit."""
        entry = self.get(code)
        if entry is None:
            known = self.units.get(code)
            entry = self[code] = UnitStatistics(code, known.name if known else name)
        elif not entry.unit_name and name:
            entry.unit_name = name
        return entry


def trade_statistics(review: Review, catalog: TradeCatalog | None = None) -> list[TradeStatistics]:
    """Interests by trade in the reviewed declarations, the regulated trades first, then by number."""
    catalog = catalog or default_catalog()
    stats: dict[str, TradeStatistics] = {}
    officers: dict[str, set[str]] = defaultdict(set)
    for row in review.data.declarations:
        for interest in row.interests:
            code = interest.trade_code or "-"
            entry = stats.get(code)
            if entry is None:
                trade = catalog.get(code)
                entry = stats[code] = TradeStatistics(
                    code, trade.name_zh if trade else code, bool(trade and trade.regulated)
                )
            entry.interests += 1
            entry.running += not interest.ended
            officers[code].add(row.police_number)
    for code, entry in stats.items():
        entry.officers = len(officers[code])
    return sorted(stats.values(), key=lambda t: (not t.regulated, -t.interests, t.trade_code))


def rule_counts(review: Review) -> dict[str, int]:
    """How many declarations (or officers) each rule fired for, every rule listed."""
    counts = Counter(f.rule for f in review.findings)
    return {rule.id: counts.get(rule.id, 0) for rule in RULES}


def form_version_counts(review: Review) -> dict[int, int]:
    """How many of the reviewed declarations were made on each form version."""
    counts: dict[int, int] = {}
    for row in review.data.declarations:
        version = review.data.form_version(row.row_id)
        counts[version] = counts.get(version, 0) + 1
    return dict(sorted(counts.items()))


def unchecked_counts(review: Review) -> dict[str, int]:
    """For each rule that needs a later form version: how many declarations it could not check (made on an older
    one), so that a report never lets "no finding" stand for "not checked"."""
    return unchecked_of(form_version_counts(review))


def unchecked_of(versions: dict[int, int]) -> dict[str, int]:
    """``unchecked_counts`` from the declarations by form version."""
    return {
        rule.id: sum(n for version, n in versions.items() if version < rule.needs_form_version)
        for rule in RULES
        if rule.needs_form_version > 1
    }
