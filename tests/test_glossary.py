"""One glossary of the words people read (resources/glossary/zh_CN.json): each concept has its word in the window,
the printed form, the signed workbook and the verification report, and no surface uses a word the glossary avoids.

The surfaces are read where their words are defined: the window's translations (.ts and resources/i18n), and the
string constants of the modules that write the printed form, the workbook and the report."""

from __future__ import annotations

import ast
import json
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "resources" / "glossary" / "zh_CN.json"
SOURCES = {
    "pdf": ("desktop/gui/printing/form_document.py", "desktop/exchange/vocabulary.py"),
    "workbook": (  # the form versions define their workbook columns (desktop/form); the writer the rest
        "desktop/form/v1/__init__.py",
        "desktop/form/v2/__init__.py",
        "desktop/exchange/workbook/columns.py",
        "desktop/exchange/workbook/writer.py",
        "desktop/exchange/vocabulary.py",
    ),
    "report": (
        "desktop/review/report_workbook.py",
        *sorted(f"desktop/review/{p.name}" for p in (ROOT / "desktop" / "review").glob("rules_*.py")),
    ),
}


def _constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


@cache
def surface(name: str) -> str:
    """Every text of one surface, one per line."""
    if name == "window":
        root = ET.parse(ROOT / "resources" / "translations" / "officer_declare_zh_CN.ts").getroot()
        texts = [t.text or "" for t in root.iter("translation")] + [t.text or "" for t in root.iter("numerusform")]
        core = json.loads((ROOT / "resources" / "i18n" / "zh_CN.json").read_text(encoding="utf-8"))
        texts += [v for v in core.values() if isinstance(v, str)]
    else:
        texts = [text for source in SOURCES[name] for text in _constants(ROOT / source)]
    return "\n".join(texts)


def terms() -> list[dict[str, object]]:
    return json.loads(GLOSSARY.read_text(encoding="utf-8"))["terms"]


@pytest.mark.parametrize("term", terms(), ids=lambda t: str(t["code"]))
def test_each_concept_has_its_word_on_every_surface_that_names_it(term: dict[str, object]) -> None:
    missing = [name for name in term["surfaces"] if str(term["word"]) not in surface(name)]  # type: ignore[attr-defined]

    assert missing == [], f"{term['word']} is missing from {missing}"


@pytest.mark.parametrize("term", terms(), ids=lambda t: str(t["code"]))
def test_no_surface_uses_a_word_the_glossary_avoids(term: dict[str, object]) -> None:
    found = {
        (word, name)
        for word in term["avoid"]  # type: ignore[attr-defined]
        for name in ("window", *SOURCES)
        if word in surface(name)
    }

    assert found == set(), f"{term['concept']}: say {term['word']}"
