"""Fixtures shared by the tests of the workbook's reading."""

from __future__ import annotations

import pytest

from desktop.exchange.workbook import read_floor as floor_module
from desktop.exchange.workbook.read_floor import ProblemFloor


@pytest.fixture
def floors_called(monkeypatch: pytest.MonkeyPatch) -> list[ProblemFloor]:
    """Each floor under a sheet's problems in this process, once it has been shown rows, in order."""
    counted: list[ProblemFloor] = []
    original = ProblemFloor.__call__

    def seen(self: ProblemFloor, rows: list[list[object]]) -> None:
        original(self, rows)
        counted.append(self)

    monkeypatch.setattr(floor_module.ProblemFloor, "__call__", seen)
    return counted
