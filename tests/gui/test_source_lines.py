"""The window holds no module's source lines while it imports (decision 237): PySide6 reads the whole source of every
module imported after it into linecache (its __feature__ check), about 20 MB of lines in the window; a batch lets
them go before its first file."""

from __future__ import annotations

import linecache
import sys
import uuid
from pathlib import Path

import PySide6.QtCore  # noqa: F401  # the import that makes later imports read their sources
import pytest

from desktop.services.inspection.workbook_import import ImportResult
from tests.gui.batch_support import run_batch


@pytest.fixture
def imported_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A module of its own, imported now (after PySide6): the path of its source. Named anew each time: PySide6
    reads a module's source the first time a module of that name is imported."""
    name = f"decision_237_{uuid.uuid4().hex}"
    source = tmp_path / f"{name}.py"
    source.write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__(name)  # an import statement's way: PySide6 hooks builtins.__import__
    monkeypatch.delitem(sys.modules, name)
    return source


def test_pyside6_keeps_the_source_of_a_module_imported_after_it(imported_module: Path) -> None:
    assert str(imported_module) in linecache.cache


def test_an_import_batch_holds_no_source_lines_while_it_imports(
    qtbot, imported_module: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    held: list[bool] = []

    def import_workbook(_session, path: Path, **_options) -> ImportResult:
        held.append(str(imported_module) in linecache.cache)
        return ImportResult(path.name, f"id-{path.name}")

    assert str(imported_module) in linecache.cache
    run_batch(qtbot, monkeypatch, import_workbook, [tmp_path / "a.xlsx", tmp_path / "b.xlsx"])
    assert held == [False, False]
