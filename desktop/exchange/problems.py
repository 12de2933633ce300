"""Problems found in a sheet of a workbook (the roster, a declaration workbook), each located as Excel shows it: by
sheet, row, column heading and cell, where there is one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Self

from desktop.domain.problems import Severity
from desktop.exchange.xlsx.errors import UnsafeWorkbook
from desktop.i18n import N_, Translator


@dataclass(frozen=True, slots=True)
class SheetProblem:
    """One problem in a sheet: what is wrong (``code``, and ``message`` filled from ``params``) and where."""

    sheet: str
    row: int  # 1-based as Excel shows it; 0 when the problem is not in one row (the sheet as a whole)
    cell: str  # e.g. "C5"; "" when no single cell is meant
    code: str
    message: str  # English template marked with N_, filled from params
    params: dict[str, object] = field(default_factory=dict, compare=False)
    column: str = ""  # the column's heading as people read it, e.g. 身份证号; "" when no column is meant
    severity: Severity = Severity.ERROR  # a warning does not stop an import (roster); a workbook has errors only

    def render(self, translate: Translator) -> str:
        """The message alone, e.g. for a table that shows the place in columns of its own."""
        return translate(self.message, **self.params)

    def describe(self, translate: Translator) -> str:
        """The message after its place, e.g. '花名册, row 5, 身份证号 (C5): The ID number is missing.'"""
        message = self.render(translate)
        template = _template(self)
        if template is None:
            return message
        return translate(template, sheet=self.sheet, row=self.row, column=self.column, cell=self.cell, message=message)


def _template(problem: SheetProblem) -> str | None:
    if problem.cell:
        return _COLUMN_CELL if problem.column else _CELL
    if problem.row:
        return _ROW_COLUMN if problem.column else _ROW
    return _SHEET if problem.sheet else None


_COLUMN_CELL = N_("{sheet}, row {row}, {column} ({cell}): {message}")
_CELL = N_("{sheet}, cell {cell}: {message}")
_ROW_COLUMN = N_("{sheet}, row {row}, {column}: {message}")
_ROW = N_("{sheet}, row {row}: {message}")
_SHEET = N_("{sheet}: {message}")


#: Problems of one workbook described at most (decision 152); past it only their number is kept.
MAX_LISTED = 1_000
MORE_CODE = "problems.more"
_MORE = N_("… and {count} more problems not listed.")

#: Problems of one workbook's cells and rows past which it is refused unread (decision 164). A workbook as exported
#: has none; one an office damaged (a column re-typed as numbers, a sheet sorted) has at most about one per row of a
#: sheet or a few per declaration. Junk rows give about four each, so the bound stops them after about 25,000 rows
#: (about 2 s), whatever the cover's counts claim.
MAX_PROBLEMS = 100_000


class TooManyProblems(UnsafeWorkbook):
    """A workbook with more problems than any real one has: its rows are no longer converted (decision 164)."""


def too_many_problems(file: str, limit: int, sheet: str, row: int) -> TooManyProblems:
    if sheet and row:
        return TooManyProblems(
            "too_many_problems",
            N_(
                "The workbook {file} has more than {limit} problems (reading stopped at {sheet}, row {row}), too "
                "many for a workbook as exported, so it is refused: ask the sender for the file as exported."
            ),
            file=file,
            limit=limit,
            sheet=sheet,
            row=row,
        )
    return TooManyProblems(
        "too_many_problems",
        N_(
            "The workbook {file} has more than {limit} problems, too many for a workbook as exported, so it is "
            "refused: ask the sender for the file as exported."
        ),
        file=file,
        limit=limit,
    )


class CappedProblems(list[SheetProblem]):
    """A list of problems that keeps the first ``limit`` and only counts the rest (a hostile workbook's junk rows
    give about four problems each); ``listed()`` gives the kept ones with one last problem saying how many more.
    With a ``file``, a workbook's problems while it is read: past ``MAX_PROBLEMS`` in all, TooManyProblems."""

    def __init__(
        self, problems: Iterable[SheetProblem] = (), limit: int | None = None, file: str | None = None
    ) -> None:
        super().__init__()
        self.limit = MAX_LISTED if limit is None else limit
        self.dropped = 0
        self.file = file
        self.bound = MAX_PROBLEMS if file is not None else None
        self.extend(problems)

    def append(self, problem: SheetProblem) -> None:
        if problem.code == MORE_CODE:  # an earlier cap's count, kept in the count rather than listed twice
            self.add_unlisted(_more_count(problem))
        elif len(self) < self.limit:
            super().append(problem)
            self._check(problem.sheet, problem.row)
        else:
            self.add_unlisted(1, problem.sheet, problem.row)

    def add_unlisted(self, count: int, sheet: str = "", row: int = 0) -> None:
        """Count ``count`` problems without describing them (found at ``sheet``, ``row``)."""
        self.dropped += count
        self._check(sheet, row)

    def _check(self, sheet: str, row: int) -> None:
        if self.bound is not None and len(self) + self.dropped > self.bound:
            raise too_many_problems(self.file or "", self.bound, sheet, row)

    def extend(self, problems: Iterable[SheetProblem]) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[SheetProblem]) -> Self:  # type: ignore[override,misc]  # same contract
        self.extend(problems)
        return self

    def listed(self) -> list[SheetProblem]:
        """The kept problems, then (when some were only counted) one saying how many."""
        kept = list(self)
        if self.dropped:
            kept.append(more_problems(self.dropped))
        return kept


def has_room(problems: list[SheetProblem]) -> bool:
    """Whether a problem added to ``problems`` now would be listed (else only count it: ``count_unlisted``), so
    that a problem past the cap need not be built."""
    return not isinstance(problems, CappedProblems) or len(problems) < problems.limit


def count_unlisted(problems: list[SheetProblem], count: int = 1, sheet: str = "", row: int = 0) -> None:
    """Count ``count`` problems in ``problems`` without describing them (only a capped list is ever full); found
    at ``sheet``, ``row``, which a refusal past the workbook's bound names."""
    if isinstance(problems, CappedProblems):
        problems.add_unlisted(count, sheet, row)


def more_problems(count: int) -> SheetProblem:
    """The last problem of a cut list: ``count`` more were found and not listed."""
    return SheetProblem("", 0, "", MORE_CODE, _MORE, {"count": count})


def capped(problems: Iterable[SheetProblem], limit: int | None = None) -> list[SheetProblem]:
    """``problems`` cut to ``limit`` with one last problem for the rest (a cut list's own count carried over)."""
    return CappedProblems(problems, limit).listed()


def problem_count(problems: Iterable[SheetProblem]) -> int:
    """How many problems ``problems`` stands for: each listed one, and the number a cut list's last one names."""
    return sum(_more_count(p) if p.code == MORE_CODE else 1 for p in problems)


def _more_count(problem: SheetProblem) -> int:
    count = problem.params.get("count", 0)
    return count if isinstance(count, int) else 0
