"""The Findings tab's view of a review run, kept with the run as columns (decision 144) and read back lazily: the
table's rows are made when the table asks for them (decision 168), each subject's detail when it is first shown.

The rows are kept in the table's first order (highest score first: ``data.table_order``), so that a reload with
nothing changed neither sorts nor makes the 85,000 rows of a run at 50,000 declarations; and each of their columns in
pages of ``PAGE`` rows, each page decoded when a row on it is first asked for: a reload decodes what the screen shows
(the table's first rows), not 20 MB of JSON. A filter, or a sort by another column, reads every page once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from desktop.gui.inspector.findings.data import (
    CLEARED,
    DECLARATION,
    NAME,
    POLICE_NUMBER,
    REASON,
    RULE,
    SCORE,
    SUBJECT,
    UNIT,
    FindingRow,
    FindingsData,
    LazyDetails,
    SubjectDetail,
)
from desktop.services.inspection.kept_columns import KeptColumns, pack

#: The kept columns of a row (a row's rule text and unit name are derived again from the rule and the unit).
ROW_COLUMNS = (SCORE, RULE, POLICE_NUMBER, NAME, UNIT, DECLARATION, REASON, SUBJECT, CLEARED)
#: Rows in a page of a kept row column ("row.<column>.<page>"): a few screenfuls.
PAGE = 500
#: Rows made and remembered at once (the table asks for a row's data once per column and role).
_REMEMBERED = 2048
_KEPT_DETAIL = ("subject", "reference", "police_number", "name", "unit", "score", "cleared", "explanation")


def packed(data: FindingsData, counts: dict[str, int]) -> bytes:
    """What follows from the run alone, as kept columns (no conclusion, lead, key or campaign list; what each key
    countersigned, ``counts``, follows from the imported workbooks as the run does): the table's columns, in the
    rows' order (``data.rows`` is in the table's first order), then each shown subject's detail. What can be derived
    again is not kept: a row's rule text and unit name, and the rule texts of a detail's fired rules."""
    shown = list(data.details.values())
    rule_ids = {text: rule for rule, text in data.rules}
    rows = data.rows
    scalars = {
        "rows": len(rows),
        "page": PAGE,
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
    columns: dict[str, list[Any]] = {
        f"row.{column}.{start // PAGE}": [row[column] for row in rows[start : start + PAGE]]
        for column in ROW_COLUMNS
        for start in range(0, len(rows), PAGE)
    }
    details: dict[str, list[Any]] = {f"detail.{name}": [getattr(d, name) for d in shown] for name in _KEPT_DETAIL}
    details.update(
        {
            "fired_rules": [[rule_ids[text] for text, _weight, _reason in d.fired] for d in shown],
            "weights": [[weight for _text, weight, _reason in d.fired] for d in shown],
            "fired_reasons": [[reason for _text, _weight, reason in d.fired] for d in shown],
            "evidence": [[list(rows) for rows in d.evidence] for d in shown],
            "verification": [d.verification for d in shown],
            "failures": [list(d.failures) for d in shown],
            "conclusion_key": [d.conclusion_key for d in shown],
        }
    )
    columns["detail.subject"] = details.pop("detail.subject")  # whole: it finds a subject's place
    for name, values in details.items():  # in pages: showing a detail decodes its page of each
        columns.update({f"{name}.{at // PAGE}": values[at : at + PAGE] for at in range(0, len(values), PAGE)})
    return pack(scalars, columns)


def read_back(kept: KeptColumns) -> FindingsData:
    """The tab's data read back: the table's columns decoded (here, off the GUI thread), its rows made as they are
    asked for, each subject's detail when it is first shown."""
    scalars = kept.scalars
    rule_text: dict[str, str] = dict(map(tuple, scalars["rules"]))
    unit_names: dict[str, str] = dict(map(tuple, scalars["units"]))
    rows = KeptRows(kept, scalars["rows"], scalars["page"], rule_text, unit_names)
    return FindingsData(
        scalars["campaign"],
        scalars["threshold"],
        rows,
        KeptDetails(kept, rule_text),
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


class KeptRows(Sequence[FindingRow]):
    """The table's rows over the kept row columns' pages: each row (a FindingRow tuple) made when asked for, its
    pages decoded when first needed. Equal to a tuple of the same rows."""

    def __init__(
        self, kept: KeptColumns, count: int, page: int, rule_text: dict[str, str], unit_names: dict[str, str]
    ) -> None:
        self._kept, self._length, self._page = kept, count, page
        self._rule_text, self._unit_names = rule_text, unit_names
        self._made: dict[int, FindingRow] = {}

    def _row(self, index: int) -> FindingRow:
        made = self._made.get(index)
        if made is not None:
            return made
        page, at = divmod(index, self._page)
        column = self._kept.column
        score, rule, number, name, unit, declaration, reason, subject, cleared = (
            column(f"row.{c}.{page}")[at] for c in ROW_COLUMNS
        )
        rule_text, unit_name = self._rule_text[rule], self._unit_names.get(unit, "")
        row = (score, rule, rule_text, number, name, unit, unit_name, declaration, reason, subject, cleared)
        if len(self._made) >= _REMEMBERED:
            self._made.clear()
        self._made[index] = row
        return row

    @overload
    def __getitem__(self, index: int) -> FindingRow: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[FindingRow, ...]: ...

    def __getitem__(self, index: int | slice) -> FindingRow | tuple[FindingRow, ...]:
        if isinstance(index, slice):
            return tuple(map(self._row, range(self._length)[index]))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        return self._row(index)

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[FindingRow]:
        """Every row, a page at a time (what a filter or another column's sort reads)."""
        rule_text, unit_names, column = self._rule_text, self._unit_names, self._kept.column
        for page in range(-(-self._length // self._page)):
            columns = [column(f"row.{c}.{page}") for c in ROW_COLUMNS]
            for score, rule, number, name, unit, declaration, reason, subject, cleared in zip(*columns, strict=True):
                text, unit_name = rule_text[rule], unit_names.get(unit, "")
                yield (score, rule, text, number, name, unit, unit_name, declaration, reason, subject, cleared)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to a tuple, so not hashable as one would be


class KeptDetails(LazyDetails):
    """Each shown subject's detail, read from the kept columns when first asked for: the tab shows one at a time,
    and making all 45,000 of a run at 50,000 declarations took half a second at every reload (decision 144). The
    details' columns are kept in pages, so that showing one decodes its page of each (decision 168)."""

    def __init__(self, kept: KeptColumns, rule_text: dict[str, str], conclusions: dict[str, str] | None = None):
        self._kept, self._rule_text = kept, rule_text
        self._conclusions = conclusions or {}  # conclusion key → its text
        self._at: dict[str, int] | None = None

    def concluded(self, conclusions: dict[str, str]) -> KeptDetails:
        """The same details with these conclusions (conclusion key → text) shown."""
        return KeptDetails(self._kept, self._rule_text, conclusions)

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
        page, at = divmod(self._positions[subject], self._kept.scalars["page"])

        def value(name: str) -> Any:
            return self._kept.column(f"{name}.{page}")[at]

        fields = {name: value(f"detail.{name}") for name in _KEPT_DETAIL if name != "subject"}
        fired = tuple(
            zip(
                [self._rule_text[rule] for rule in value("fired_rules")],
                value("weights"),
                value("fired_reasons"),
                strict=True,
            )
        )
        key = value("conclusion_key")
        return SubjectDetail(
            subject,
            **fields,
            fired=fired,
            verification=value("verification"),
            failures=tuple(value("failures")),
            conclusion=self._conclusions.get(key, ""),
            evidence=tuple(tuple(rows) for rows in value("evidence")),
            conclusion_key=key,
        )
