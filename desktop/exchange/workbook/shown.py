"""The columns of a declaration workbook that no signature covers, checked against what the signed data says they
must show: a reader of the workbook could otherwise be misled while every signature verifies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache

from desktop.domain.trades import default_catalog
from desktop.exchange.problems import SheetProblem
from desktop.exchange.vocabulary import DECLARATION_STATUS_WORDS
from desktop.exchange.workbook.cells import to_text
from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, INTERESTS_SHEET, SHEET_COLUMNS, layout
from desktop.exchange.workbook.model import KeyEntry
from desktop.exchange.xlsx.safety import cell_reference
from desktop.form import Column
from desktop.i18n import N_

_CHINA_OFFSET = dt.timedelta(hours=8)  # deadlines are dates in China Standard Time (UTC+8, no summer time)
_SHOWN_COLUMNS = {
    sheet: {c.key: c for c in columns if not c.signed} for sheet, columns in layout(2, 2).sheets.items()
} | {sheet: {c.key: c for c in columns if not c.signed} for sheet, columns in SHEET_COLUMNS.items()}
STATUS_CODES = {word: code for code, word in DECLARATION_STATUS_WORDS.items()}


def shown_problems(
    tables: dict[str, list[tuple[int, dict[str, object]]]],
    positions: dict[str, dict[str, int]],
    cover: dict[str, str],
    keys: list[KeyEntry],
) -> list[SheetProblem]:
    """The columns not covered by a signature (signed=False) are derived from signed data in the workbook: the
    officer on an interest row from its declaration, the trade's name and whether it is police-regulated from its
    signed trade code (trade_differences), the count of interests, the status, lateness and the countersigner's
    name from the signatures, the cover and the keys. Each must agree, or a reader of the workbook could be misled
    while every signature verifies."""
    found: list[SheetProblem] = []
    declarations = {v.get("declaration_id"): v for _n, v in tables[DECLARATIONS_SHEET]}
    interest_counts: dict[object, int] = {}
    for row_number, values in tables[INTERESTS_SHEET]:
        declaration_id = values.get("declaration_id")
        interest_counts[declaration_id] = interest_counts.get(declaration_id, 0) + 1
        for key, expected in _officer_differences(values, declarations.get(declaration_id)):
            found.append(_mismatch(positions, INTERESTS_SHEET, row_number, key, expected))
        for key, expected in trade_differences(values.get("trade_code"), values):
            found.append(_mismatch(positions, INTERESTS_SHEET, row_number, key, expected))
    found.extend(shown_declaration_problems(tables[DECLARATIONS_SHEET], interest_counts, positions, cover, keys))
    return found


def shown_declaration_problems(
    declarations: list[tuple[int, dict[str, object]]],
    interest_counts: dict[object, int],
    positions: dict[str, dict[str, int]],
    cover: dict[str, str],
    keys: list[KeyEntry],
) -> list[SheetProblem]:
    """shown_problems' checks of the declaration rows, given the count of interest rows naming each declaration id
    (the interest rows' own checks are the caller's)."""
    found: list[SheetProblem] = []
    shown = _ShownDeclaration(interest_counts, _deadline(cover), {k.fingerprint: k.name for k in keys})
    for row_number, values in declarations:
        for key, expected in shown.differences(values):
            found.append(_mismatch(positions, DECLARATIONS_SHEET, row_number, key, expected))
    return found


def _mismatch(
    positions: dict[str, dict[str, int]], sheet: str, row_number: int, key: str, expected: object
) -> SheetProblem:
    column = _SHOWN_COLUMNS[sheet][key]
    text = DECLARATION_STATUS_WORDS.get(str(expected), "") if key == "status" else to_text(column.kind, expected)
    return shown_mismatch(positions, sheet, row_number, column, text)


def shown_mismatch(
    positions: dict[str, dict[str, int]], sheet: str, row_number: int, column: Column, text: str
) -> SheetProblem:
    """A shown (unsigned) cell that does not say what the signed record does: ``text`` is what it should say."""
    position = positions.get(sheet, {}).get(column.key)
    return SheetProblem(
        sheet,
        row_number,
        cell_reference(row_number, position + 1) if position is not None else "",
        "shown.mismatch",
        N_("Expected {expected}."),
        {"expected": text},
        column=column.heading,
    )


def _officer_differences(values: dict[str, object], declaration: dict[str, object] | None) -> list[tuple[str, object]]:
    """The officer shown on an interest row against the declaration's: (column key, the declaration's value)."""
    if declaration is None:
        return []
    return [
        (key, declaration[key])
        for key in ("police_number", "name")
        if key in values and key in declaration and values[key] != declaration[key]
    ]


@cache
def trades_shown() -> dict[str, dict[str, object]]:
    """What an interest row shows beside each trade code the trade catalogue (resources/trades) knows: the trade's
    name and whether it is police-regulated, by column key."""
    return {t.code: {"trade_name": t.name_zh, "regulated": t.regulated} for t in default_catalog().trades}


def trade_differences(code: object, values: Mapping[str, object]) -> list[tuple[str, object]]:
    """An interest row's trade_name and regulated cells (those of ``values`` present) against the catalogue's name
    of its signed trade ``code`` and whether that trade is police-regulated: (column key, the catalogue's value) of
    each that disagrees. Nothing for a code the catalogue does not know: no file this program wrote holds one, and
    a newer exporter's catalogue may know it (decision 239)."""
    shows = trade_shown(code)
    if shows is None:
        return []
    return [(key, expected) for key, expected in shows.items() if key in values and values[key] != expected]


def trade_shown(code: object, table: Mapping[str, dict[str, object]] | None = None) -> dict[str, object] | None:
    """What an interest row of the signed trade ``code`` shows in its trade_name and regulated cells, by column key;
    None for a code the catalogue does not know (not compared: trade_differences, and the import's direct chunk).
    ``table`` is trades_shown(), passed in by a caller that looks up many rows."""
    if type(code) is not str:
        return None
    return (trades_shown() if table is None else table).get(code)


def _deadline(cover: dict[str, str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(cover.get("campaign_deadline", ""))
    except ValueError:
        return None


_AGREES = object()  # what a check of a shown column returns when the cell shows what the signed data says


class _ShownDeclaration:
    """What the unsigned columns of a declaration row must show, derived from its signatures, the interest rows,
    the campaign's deadline and the keys' names."""

    def __init__(self, interest_counts: dict[object, int], deadline: dt.date | None, names: dict[str, str]) -> None:
        self.interest_counts, self.deadline, self.names = interest_counts, deadline, names
        self.late_by_hour: dict[str, bool] = {}
        self.checks = (
            ("interest_count", self._interest_count),
            ("status", self._status),
            ("late", self._late),
            ("countersigner_name", self._countersigner_name),
        )

    def differences(self, values: dict[str, object]) -> list[tuple[str, object]]:
        """(column key, expected value) of each shown column of the row that disagrees."""
        found = []
        for key, check in self.checks:
            if key in values:
                expected = check(values)
                if expected is not _AGREES:
                    found.append((key, expected))
        return found

    def _interest_count(self, values: dict[str, object]) -> object:
        count = self.interest_counts.get(values.get("declaration_id"), 0)
        return _AGREES if values["interest_count"] == count else count

    def _status(self, values: dict[str, object]) -> object:
        if not values.get("officer_signature"):
            return _AGREES
        status = "countersigned" if values.get("countersignature") else "signed"
        shown = STATUS_CODES.get(values["status"], values["status"])  # type: ignore[call-overload]
        return _AGREES if shown == status else status

    def _late(self, values: dict[str, object]) -> object:
        signed_at = values.get("signed_at")
        if self.deadline is None or not signed_at:
            return _AGREES
        hour = str(signed_at)[:13]  # signed_at: checked YYYY-MM-DDTHH:MM:SSZ; the date in China changes on the hour
        late = self.late_by_hour.get(hour)
        if late is None:
            late = self.late_by_hour[hour] = (dt.datetime.fromisoformat(hour) + _CHINA_OFFSET).date() > self.deadline
        return _AGREES if values["late"] == late else late

    def _countersigner_name(self, values: dict[str, object]) -> object:
        if not values.get("countersignature"):
            return _AGREES
        name = self.names.get(str(values.get("countersigner_fingerprint") or ""))
        return _AGREES if name is None or values["countersigner_name"] == name else name
