"""What the tests of the forms' limits share (decision 222's family members, 234's interests): the careful path's
refusal row, a sheet's conversion refused, and the careful reading of a declaration just past or at its form's most
rows. The floor's own fixtures (the lowered bound, ``reading_refused``) are test_read_floor's."""

from __future__ import annotations

from collections.abc import Callable, Sized
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.declarations import Declaration
from desktop.exchange import problems as problems_module
from desktop.exchange.problems import SheetProblem
from desktop.exchange.workbook import read_floor as floor_module
from desktop.exchange.workbook import table as table_module
from desktop.exchange.workbook.reader import ReadWorkbook, read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from tests.exchange.workbook.test_read_floor import _Held, reading_refused

FIRST_ROW = 3  # a table sheet's first row of data, below its headings and keys
#: The rows one declaration lists on a sheet: its interests or its family members.
Listed = Callable[[Declaration], Sized]


def careful_row(path: Path, monkeypatch: pytest.MonkeyPatch, workers: bool) -> tuple[str, int]:
    """Where the careful path alone refuses ``path``: every floor counting nothing (the workers forked after)."""
    with monkeypatch.context() as patched:
        patched.setattr(floor_module.ProblemFloor, "__call__", lambda _self, _rows: None)
        error = reading_refused(path, workers)
    _Held.most = 0
    return error.fields["sheet"], int(error.fields["row"])


def read_bounded(path: Path, monkeypatch: pytest.MonkeyPatch, workers: bool, bound: int) -> ReadWorkbook:
    """``path`` read at the bound ``bound`` on problems, with two worker processes or without."""
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", bound)
    if not workers:
        return read_workbook(path)
    with ProcessPoolExecutor(max_workers=2) as pool:
        return read_workbook(path, executor=pool)


def never_converted(monkeypatch: pytest.MonkeyPatch, sheet: str) -> None:
    """The conversion refused for ``sheet`` (a sheet read before it in this process is converted before it is
    read)."""
    original = table_module.convert_records

    def refuse(name: str, *args: Any, **kwargs: Any) -> object:
        if name == sheet:
            raise AssertionError(f"the rows of {sheet} reached the conversion")
        return original(name, *args, **kwargs)

    monkeypatch.setattr(table_module, "convert_records", refuse)


def past_the_most(read: ReadWorkbook, code: str, sheet: str, most: int, listed: Listed) -> SheetProblem:
    """``read``, one declaration listing three rows past ``most``: each of them one problem ``code`` located by its
    row, nothing else; the rows left out, so the declaration holds ``most`` and fails. Returns the first problem."""
    too_many = [p for p in read.problems if p.code == code]
    assert [(p.sheet, p.row) for p in too_many] == [(sheet, FIRST_ROW + most + n) for n in range(3)]
    assert {p.code for p in read.problems} == {code}
    [entry] = read.content.declarations
    assert len(listed(entry.signed.declaration)) == most
    assert not verify_workbook(read).valid
    return too_many[0]


def read_as_before(read: ReadWorkbook, most: int, listed: Listed) -> None:
    """``read``, one declaration listing ``most`` rows: no problem, all of them held, and it verifies."""
    assert read.problems == []
    [entry] = read.content.declarations
    assert len(listed(entry.signed.declaration)) == most
    verdict = verify_workbook(read)
    assert verdict.valid, [(p.code, p.row) for p in verdict.problems]
