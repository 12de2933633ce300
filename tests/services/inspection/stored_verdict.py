"""What the import tests of one edited workbook share: the file rewritten with one part changed, and the verdict the
import stores of it on a private copy of the demo store (with the pipeline's workers or the careful path)."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from desktop.services.inspection.workbook_import import import_workbook
from desktop.store import schema
from tests.conftest import INSPECTOR, DemoWorld
from tests.services.inspection.test_packed_chunks import _Watching


def rewritten(source: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """``source`` written again as ``target`` after ``change`` edited its parts (by name) in place."""
    with zipfile.ZipFile(source) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    change(parts)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return target


def stored_verdict(template: Path, folder: Path, path: Path, pooled: bool) -> tuple[bool, bool, list[str]]:
    """``path`` imported into a copy of the store ``template`` in ``folder``: (the import's workbook_valid, the
    stored workbook's valid, the stored problems' codes)."""
    world = DemoWorld(Path(shutil.copytree(template, folder / "store")), folder / "throttle.json")
    try:
        inspector = world.login(INSPECTOR)
        result = import_workbook(inspector, path, executor=_Watching() if pooled else None)
        w = schema.imported_workbooks
        with inspector.store.transaction() as connection:
            valid, problems = connection.execute(select(w.c.valid, w.c.problems)).one()
        return result.workbook_valid, valid, [p["code"] for p in json.loads(problems)]
    finally:
        world.close()
