"""The findings listing as kept with its review run (``listing.findings_listing`` when nothing changed since): read
as columns (``kept_columns``), each column decoded when first needed.

The command's text output is kept as it is printed (one text, with where each line ends) and read with whether each
line is cleared: no other column is decoded, and no line object is made (decision 143). A filter reads its own column
or two; the JSON output and ``rows`` make the line objects, as a listing rendered from the review has them.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from desktop.review.model import Campaign, UnitInfo
from desktop.services.inspection.filters import check_rule, unit_and_below
from desktop.services.inspection.kept_columns import KeptColumns, pack

if TYPE_CHECKING:
    from desktop.services.inspection.listing import FindingsListing, ListedFinding

#: The line objects' columns, in ListedFinding's order.
COLUMNS = (
    "rule",
    "subject",
    "declaration_row",
    "declaration_id",
    "police_number",
    "name",
    "unit_code",
    "weight",
    "score",
    "cleared",
    "reason",
)


def text_line(row: ListedFinding) -> str:
    """The line ``findings`` prints for ``row``."""
    return (
        f"{'  ' if row.cleared else '! '}{row.score:3d}  {row.rule:22s}  {row.police_number} {row.name}  "
        f"{row.unit_code}  {(row.declaration_id or '-')[:12]}  {row.reason}\n"
    )


def packed(listing: FindingsListing) -> bytes:
    """``listing`` (rendered from its review) as kept columns: its figures, every line's fields and printed line."""
    rows = listing.rows
    scalars = {"declarations": listing.declarations, "flagged": listing.flagged, "cleared": listing.cleared}
    columns: dict[str, list[Any]] = {name: [getattr(row, name) for row in rows] for name in COLUMNS}
    lines = [text_line(row) for row in rows]
    columns["line_ends"] = list(itertools.accumulate(map(len, lines)))
    return pack(scalars, columns, {"lines": "".join(lines)})


class KeptListing:
    """A listing read back as kept with its run; the same lines, figures and filters as the listing it was kept from
    (``FindingsListing``)."""

    stored = True

    def __init__(
        self,
        kept: KeptColumns,
        campaign: Campaign,
        threshold: int,
        run_id: int,
        units: dict[str, UnitInfo],
    ) -> None:
        self._kept = kept
        self.campaign, self.threshold, self.run_id, self.units = campaign, threshold, run_id, units
        self.declarations: int = kept.scalars["declarations"]
        self.flagged: int = kept.scalars["flagged"]
        self.cleared: int = kept.scalars["cleared"]

    @property
    def findings(self) -> int:
        return len(self._kept.column("cleared"))

    @functools.cached_property
    def rows(self) -> Sequence[ListedFinding]:
        """Every line, in the listing's order."""
        from desktop.services.inspection.listing import ListedFinding

        columns = [self._kept.column(name) for name in COLUMNS]
        # tuple.__new__ makes each line in C (ListedFinding's own __new__ is Python code: 85,000 calls cost 0.2 s).
        return list(map(functools.partial(tuple.__new__, ListedFinding), zip(*columns, strict=True)))

    def _chosen(self, unit: str | None, rule: str | None, min_score: int | None) -> list[int] | None:
        """The positions of the lines these filters keep; None for every line."""
        if rule is not None:
            check_rule(rule)
        if unit is None and rule is None and min_score is None:
            return None
        units = unit_and_below(self.units, unit) if unit else None
        rules = self._kept.column("rule") if rule is not None else None
        codes = self._kept.column("unit_code") if units is not None else None
        scores = self._kept.column("score") if min_score is not None else None
        return [
            index
            for index in range(self.findings)
            if (rules is None or rules[index] == rule)
            and (codes is None or units is None or codes[index] in units)
            and (scores is None or min_score is None or scores[index] >= min_score)
        ]

    def select(
        self, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None
    ) -> list[ListedFinding]:
        """The lines for a unit (and the units below it), a rule and a least score, in the listing's order."""
        chosen = self._chosen(unit, rule, min_score)
        rows = self.rows
        return list(rows) if chosen is None else [rows[index] for index in chosen]

    def lines(self, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None) -> list[str]:
        """The printed lines ``select`` gives with these filters (``text_line`` of each)."""
        chosen = self._chosen(unit, rule, min_score)
        text, ends = self._kept.text("lines"), self._kept.column("line_ends")
        return [
            text[ends[index - 1] if index else 0 : ends[index]]
            for index in (range(len(ends)) if chosen is None else chosen)
        ]

    def text(self, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None) -> str:
        """``lines`` joined: what the command prints (with no filter, the kept text as it is)."""
        if unit is None and rule is None and min_score is None:
            return self._kept.text("lines")
        return "".join(self.lines(unit=unit, rule=rule, min_score=min_score))

    def utf8(self) -> bytes:
        """``text()`` of every line as kept, UTF-8: what the command prints without a filter, not decoded."""
        return self._kept.utf8("lines")

    def printed(self, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None) -> list[str]:
        """What the command prints, in pieces to write one after the other (here: the text, one piece)."""
        return [self.text(unit=unit, rule=rule, min_score=min_score)]

    def tally(
        self, *, unit: str | None = None, rule: str | None = None, min_score: int | None = None
    ) -> tuple[int, bool]:
        """How many lines ``select`` gives with these filters, and whether any is at or above the threshold."""
        chosen = self._chosen(unit, rule, min_score)
        cleared: list[bool] = self._kept.column("cleared")
        if chosen is None:
            return len(cleared), not all(cleared)
        return len(chosen), any(not cleared[index] for index in chosen)
