"""Fixtures of the import pipeline's tests (test_import_pipeline.py, test_import_staging.py, test_staging_server.py):
one whole-tree export of the demo store, chunks small enough that it makes many, a spy on which path each import
took, and two fresh schemas on the PostgreSQL server."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from desktop.exchange.workbook import chunks
from desktop.services.inspection import workbook_import
from desktop.services.workflow.export import export_unit
from tests.conftest import INSPECTOR, ROOT_UNIT, DemoWorld
from tests.review.conftest import postgres_url

#: Declarations per chunk under ``small_chunks``: a whole-tree export of the demo store makes more chunks than are
#: in flight at once, staged one after another.
SMALL_CHUNK = 3


@pytest.fixture(scope="module")
def exported(demo_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The inspector's export of the demo store's whole unit tree (made once per test module)."""
    folder = tmp_path_factory.mktemp("exported")
    world = DemoWorld(Path(shutil.copytree(demo_store_template, folder / "store")), folder / "throttle.json")
    try:
        return export_unit(world.login(INSPECTOR), folder / "all.xlsx", unit_code=ROOT_UNIT).path
    finally:
        world.close()


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "DECLARATIONS_PER_CHUNK", SMALL_CHUNK)


@pytest.fixture
def pipelined(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each import with an executor was carried out by the pipeline (False: it took the careful path)."""
    taken: list[bool] = []
    original = workbook_import.import_in_chunks

    def spy(*args, **kwargs):
        ready = original(*args, **kwargs)
        taken.append(ready is not None)
        return ready

    monkeypatch.setattr(workbook_import, "import_in_chunks", spy)
    return taken


@pytest.fixture
def server_urls() -> Iterator[list[str]]:
    """Two fresh, empty schemas on the PostgreSQL server, dropped afterwards."""
    url = postgres_url()
    names = [f"t_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    admin = create_engine(url)
    with admin.begin() as connection:
        for name in names:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield [
            make_url(url).update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(hide_password=False)
            for name in names
        ]
    finally:
        with admin.begin() as connection:
            for name in names:
                connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()
