"""Finding every message marked with N_ in the core, and keeping the JSON catalogs complete.

``python -m desktop.i18n_catalog`` adds the missing source strings to resources/i18n/zh_CN.json (with an empty
translation, for a translator to fill in) and drops the ones no longer used; a test fails while any is empty.
"""

from __future__ import annotations

import ast
import json
import string
import sys
from collections.abc import Iterable
from pathlib import Path

from desktop.resources import resource_path

PACKAGE = Path(__file__).resolve().parent


def marked_strings(root: Path = PACKAGE) -> dict[str, list[str]]:
    """Every literal passed to N_(...) under ``root`` (the GUI excepted: Qt Linguist handles it) → where it is."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        if "gui" in path.relative_to(root).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "N_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, []).append(f"{path.relative_to(root.parent)}:{node.lineno}")
    return found


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def catalog_path(language: str = "zh_CN") -> Path:
    return resource_path("i18n", f"{language}.json")


def catalog_text(catalog: dict[str, str], wanted: Iterable[str]) -> str:
    """The catalog file ``update`` writes: every ``wanted`` string in sorted order, with its translation from
    ``catalog`` (empty if it has none)."""
    merged = {s: catalog.get(s, "") for s in sorted(wanted)}
    return json.dumps(merged, ensure_ascii=False, indent=1) + "\n"


def update(language: str = "zh_CN") -> tuple[int, int]:
    """Add missing strings (empty translation) and remove unused ones; returns (added, removed)."""
    path = catalog_path(language)
    catalog: dict[str, str] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    wanted = marked_strings()
    added = [s for s in wanted if s not in catalog]
    removed = [s for s in catalog if s not in wanted]
    path.write_text(catalog_text(catalog, wanted), encoding="utf-8")
    return len(added), len(removed)


if __name__ == "__main__":
    added, removed = update(sys.argv[1] if len(sys.argv) > 1 else "zh_CN")
    print(f"added {added}, removed {removed}")
