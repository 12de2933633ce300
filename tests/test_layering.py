"""Only desktop/gui/ imports Qt: every other module imports without PySide6 (the CLI and benchmarks need no display)."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import desktop

PACKAGE_FOLDER = Path(desktop.__file__).parent
GUI_FOLDER = PACKAGE_FOLDER / "gui"

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
