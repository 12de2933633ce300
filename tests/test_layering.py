"""The package's layering holds.

- Only desktop/gui/ imports Qt: every other module imports without PySide6 (the CLI and benchmarks need no display).
- The whole import graph keeps the order of the import-linter contracts in pyproject.toml ([tool.importlinter]):
  domain -> form -> crypto -> store / exchange -> review -> services -> commands / gui, with cli.py and app.py on top;
  the window reaches the store through services; inside exchange/ and services/ the parts keep their own order.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import desktop

PACKAGE_FOLDER = Path(desktop.__file__).parent
GUI_FOLDER = PACKAGE_FOLDER / "gui"
PROJECT_FOLDER = PACKAGE_FOLDER.parent

# Runs in a fresh interpreter: imports every module under desktop/ except desktop.gui.* and the __main__ entry
# point (which would run the CLI), without importing desktop.gui even to look inside it.
_CHILD = r"""
import importlib, json, pkgutil, sys

def walk(package_name):
    package = importlib.import_module(package_name)
    names = [package_name]
    for info in pkgutil.iter_modules(package.__path__):
        name = f"{package_name}.{info.name}"
        if name == "desktop.gui" or info.name == "__main__":
            continue
        if info.ispkg:
            names += walk(name)
        else:
            importlib.import_module(name)
            names.append(name)
    return names

imported = walk("desktop")
result = {"imported": imported, "qt_before": sorted(m for m in sys.modules if m.split(".")[0] == "PySide6")}
if sys.argv[1] == "control":
    import PySide6.QtCore  # the check below must see this
    result["qt_after_control"] = "PySide6" in sys.modules
print(json.dumps(result))
"""


def _run_child(mode: str) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-c", _CHILD, mode],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PACKAGE_FOLDER.parent,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_no_module_outside_gui_imports_pyside6():
    result = _run_child("check")
    imported = result["imported"]
    assert "desktop.store.store" in imported
    assert "desktop.services.session.login" in imported
    assert not [name for name in imported if name.startswith("desktop.gui")]
    assert result["qt_before"] == [], f"PySide6 was imported by a non-GUI module: {result['qt_before']}"


def test_the_subprocess_check_would_see_pyside6_if_it_were_imported():
    result = _run_child("control")
    assert result["qt_before"] == []
    assert result["qt_after_control"] is True


_QT_IMPORT_LINE = re.compile(r"^\s*(import\s+PySide6\b|from\s+PySide6\b)", re.MULTILINE)


def _qt_imports(source: str) -> list[int]:
    """Line numbers of every import of PySide6 in ``source`` (also inside functions), by the parser and by a
    plain look at the lines (which also catches a file that no longer parses)."""
    lines = {source.count("\n", 0, m.start()) + 1 for m in _QT_IMPORT_LINE.finditer(source)}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return sorted(lines)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
        else:
            continue
        if any(module.split(".")[0] == "PySide6" for module in modules):
            lines.add(node.lineno)
    return sorted(lines)


def test_no_source_file_outside_gui_has_a_pyside6_import_line():
    offenders = []
    checked = 0
    for path in sorted(PACKAGE_FOLDER.rglob("*.py")):
        if path.is_relative_to(GUI_FOLDER):
            continue
        checked += 1
        for line in _qt_imports(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(PACKAGE_FOLDER.parent)}:{line}")
    assert checked > 20
    assert offenders == []


def test_the_static_check_recognises_pyside6_imports():
    assert _qt_imports("import PySide6\n") == [1]
    assert _qt_imports("import os\nfrom PySide6.QtWidgets import QWidget\n") == [2]
    assert _qt_imports("def f():\n    import PySide6.QtCore as qc\n") == [2]
    assert _qt_imports("import os, PySide6\n") == [1]
    assert _qt_imports("# PySide6 is only used in gui/\nimport PySide6_not_qt\n") == []


# The import contracts (pyproject.toml, [tool.importlinter]), checked by import-linter in a fresh interpreter that
# finds the package beside the configuration file (not another checkout's).
_LINT = r"""
import sys
from importlinter.cli import lint_imports
sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))
"""


def _lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _LINT, str(project / "pyproject.toml")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project), "COLUMNS": "400"},
    )


def test_the_package_keeps_every_import_contract():
    completed = _lint_imports(PROJECT_FOLDER)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "0 broken" in completed.stdout
    for contract in ("The package is layered", "The window reaches the store only through services", "exchange:"):
        assert contract in completed.stdout


@pytest.fixture(scope="module")
def copy_of_the_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's sources and the contracts, copied: each violation below is made in a fresh copy of this one."""
    folder = tmp_path_factory.mktemp("layering") / "project"
    shutil.copytree(PACKAGE_FOLDER, folder / "desktop", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_FOLDER / "pyproject.toml", folder / "pyproject.toml")
    return folder


# (module file that gains an import, the import, the broken rule's import as import-linter reports it)
_VIOLATIONS = {
    "domain imports services": (
        "domain/text.py",
        "import desktop.services.clock",
        "desktop.domain.text -> desktop.services.clock",
    ),
    "crypto imports the store": (
        "crypto/encoding.py",
        "import desktop.store.errors",
        "desktop.crypto.encoding -> desktop.store.errors",
    ),
    "the store imports exchange": (
        "store/atomic.py",
        "import desktop.exchange.problems",
        "desktop.store.atomic -> desktop.exchange.problems",
    ),
    "review imports services": (
        "review/model.py",
        "import desktop.services.clock",
        "desktop.review.model -> desktop.services.clock",
    ),
    "the gui imports commands": (
        "gui/pages.py",
        "import desktop.commands.context",
        "desktop.gui.pages -> desktop.commands.context",
    ),
    "commands import the gui": (
        "commands/context.py",
        "import desktop.gui.errors",
        "desktop.commands.context -> desktop.gui.errors",
    ),
    "the gui imports a store record type": (
        "gui/pages.py",
        "from desktop.store.repositories.declarations import DeclarationRecord",
        "desktop.gui.pages -> desktop.store.repositories.declarations",
    ),
    "xlsx imports the roster": (
        "exchange/xlsx/errors.py",
        "import desktop.exchange.roster.columns",
        "desktop.exchange.xlsx.errors -> desktop.exchange.roster.columns",
    ),
    "xlsx imports the workbook": (
        "exchange/xlsx/errors.py",
        "import desktop.exchange.workbook.columns",
        "desktop.exchange.xlsx.errors -> desktop.exchange.workbook.columns",
    ),
    "the roster imports the workbook": (
        "exchange/roster/columns.py",
        "import desktop.exchange.workbook.columns",
        "desktop.exchange.roster.columns -> desktop.exchange.workbook.columns",
    ),
    "a use case imports the demo": (
        "services/workflow/history.py",
        "import desktop.services.demo.store",
        "desktop.services.workflow.history -> desktop.services.demo.store",
    ),
    "the session imports administration": (
        "services/session/session.py",
        "import desktop.services.administration.units",
        "desktop.services.session.session -> desktop.services.administration.units",
    ),
}


def _copy_with(copy_of_the_project: Path, tmp_path: Path, edit: tuple[str, str] | None) -> Path:
    project = tmp_path / "project"
    shutil.copytree(copy_of_the_project, project)
    if edit is not None:
        relative, line = edit
        module = project / "desktop" / relative
        module.write_text(module.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return project


def test_the_unchanged_copy_keeps_the_contracts(copy_of_the_project: Path, tmp_path: Path):
    completed = _lint_imports(_copy_with(copy_of_the_project, tmp_path, None))
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.parametrize("violation", sorted(_VIOLATIONS))
def test_a_deliberate_violation_breaks_a_contract(copy_of_the_project: Path, tmp_path: Path, violation: str):
    relative, line, reported = _VIOLATIONS[violation]
    completed = _lint_imports(_copy_with(copy_of_the_project, tmp_path, (relative, line)))
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert re.search(r"Contracts: \d+ kept, [1-9]\d* broken", completed.stdout)
    assert reported in completed.stdout


def test_a_new_top_level_part_must_be_given_a_layer(copy_of_the_project: Path, tmp_path: Path):
    project = _copy_with(copy_of_the_project, tmp_path, None)
    (project / "desktop" / "newpart.py").write_text('"""A part nobody placed in the layers."""\n', encoding="utf-8")
    completed = _lint_imports(project)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "desktop.newpart" in completed.stdout
