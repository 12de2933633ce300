"""A large import stages its rows in an encrypted file of its own beside the store, not in memory (decision 212):
it stores exactly what staging in memory stores, the file holds no readable personal data while it exists, and
nothing of it is left after the import, whether the import ends stored or not (an import that fails midway, staged
either way: test_import_staging.py)."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.services.inspection import import_pipeline, staging_file
from desktop.services.inspection.workbook_import import import_workbook
from tests.conftest import INSPECTOR, DemoWorld
from tests.services.inspection.test_import_paths_agree import _rows

#: The export (``exported``), small chunks (several staged one after another) and the ``pipelined`` spy:
#: tests/services/inspection/conftest.py.
pytestmark = pytest.mark.usefixtures("small_chunks")


def _world(template: Path, folder: Path) -> DemoWorld:
    return DemoWorld(Path(shutil.copytree(template, folder / "store")), folder / "throttle.json")


def _staging_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(f"{staging_file.FILE_PREFIX}*"))


def _open_staging_files() -> list[Path]:
    """This process's open files that are staging files (deleted or not), as /proc shows them."""
    found = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if staging_file.FILE_PREFIX in target:
            found.append(fd)
    return found


@pytest.fixture
def to_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every import stages in a file, with a page cache of a few pages, so that the staged rows reach the file."""
    monkeypatch.setattr(staging_file, "IN_MEMORY_UP_TO", 0)
    monkeypatch.setattr(staging_file, "CACHE_KIB", 64)


@pytest.fixture
def during(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """What each staged chunk left: the staging schema, the staging files in the store folder, the open ones'
    bytes."""
    seen: list[dict[str, object]] = []
    original = import_pipeline._Collected.add

    def spy(self, rows):
        original(self, rows)
        database = Path(
            dict((r[1], r[2]) for r in self.rows.connection.exec_driver_sql("PRAGMA database_list"))["main"]
        )
        opened = _open_staging_files()
        seen.append(
            {
                "schema": self.rows.schema,
                "listed": _staging_files(database.parent),
                "links": [os.readlink(fd) for fd in opened],
                "bytes": b"".join(fd.read_bytes() for fd in opened),
            }
        )

    monkeypatch.setattr(import_pipeline._Collected, "add", spy)
    return seen


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see the open file")
def test_a_large_import_staged_in_a_file_stores_what_staging_in_memory_stores(
    demo_store_template: Path,
    exported: Path,
    tmp_path: Path,
    to_file: None,
    during: list[dict[str, object]],
    pipelined: list[bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = {}
    for name in ("memory", "file"):
        if name == "memory":
            monkeypatch.setattr(staging_file, "IN_MEMORY_UP_TO", 10**9)
        else:
            monkeypatch.setattr(staging_file, "IN_MEMORY_UP_TO", 0)
        world = _world(demo_store_template, tmp_path / name)
        try:
            inspector = world.login(INSPECTOR)
            with ProcessPoolExecutor(2) as pool:
                result = import_workbook(inspector, exported, executor=pool)
            found[name] = _rows(inspector)
            assert result.declarations > 0
            with inspector.store.transaction() as connection:
                names = connection.execute(text("SELECT name, id_number FROM imported_declarations")).all()
                attached = [row[1] for row in connection.exec_driver_sql("PRAGMA database_list")]
            assert staging_file.SCHEMA not in attached  # detached once the import's connection went back
            assert _staging_files(tmp_path / name) == []
        finally:
            world.close()
    assert pipelined == [True, True]
    assert found["file"] == found["memory"]
    memory = [s for s in during if s["schema"] == "temp"]
    in_file = [s for s in during if s["schema"] == staging_file.SCHEMA]
    assert memory
    assert len(in_file) == len(memory)
    for seen in in_file:
        assert seen["listed"] == []  # deleted as soon as attached: nothing to find in the folder
        assert len(seen["links"]) == 1
        assert str(seen["links"][0]).endswith("(deleted)")
    staged = in_file[-1]["bytes"]
    assert isinstance(staged, bytes)
    assert len(staged) >= 4 * staging_file.PAGE_SIZE  # the rows reached the file
    texts = {value for row in names for value in row}  # every name and ID number: none readable in the file
    assert texts
    assert not any(value.encode("utf-8") in staged for value in texts)
    assert _open_staging_files() == []


def test_where_an_open_file_cannot_be_deleted_it_is_deleted_once_detached(
    demo_world: DemoWorld,
    exported: Path,
    to_file: None,
    during: list[dict[str, object]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(staging_file, "_deleted_while_open", lambda _path: False)  # as on Windows
    inspector = demo_world.login(INSPECTOR)
    with ProcessPoolExecutor(2) as pool:
        result = import_workbook(inspector, exported, executor=pool)
    assert not result.already_imported
    assert during
    assert all(len(seen["listed"]) == 1 for seen in during)  # there while the rows were staged
    assert _staging_files(demo_world.paths.folder) == []  # and gone after


def _attached_now(engine) -> list[str]:
    with engine.connect() as connection:
        return [row[1] for row in connection.exec_driver_sql("PRAGMA database_list")]


def test_a_staging_file_that_cannot_be_detached_yet_is_detached_at_a_later_return(demo_world: DemoWorld) -> None:
    # A statement still reading the file when the connection goes back keeps SQLite from detaching it ("locked"):
    # it stays attached and noted, and goes at the next return once nothing reads it.
    engine = demo_world.login(INSPECTOR).store.engine
    engine.pool.dispose()  # one connection from here on, so that each checkout is the same one
    with engine.connect() as connection:
        assert staging_file.staging_schema(connection, 10**9) == staging_file.SCHEMA
        connection.exec_driver_sql(f"CREATE TABLE {staging_file.SCHEMA}.probe (x)")
        connection.exec_driver_sql(f"INSERT INTO {staging_file.SCHEMA}.probe VALUES (1), (2), (3)")
        connection.commit()
        reading = connection.connection.driver_connection.cursor()
        reading.execute(f"SELECT x FROM {staging_file.SCHEMA}.probe")
        assert reading.fetchone() == (1,)  # more rows pending: the statement is still open
    assert staging_file.SCHEMA in _attached_now(engine)  # could not be detached: still there
    reading.close()
    assert staging_file.SCHEMA in _attached_now(engine)  # detached as that checkout went back
    assert staging_file.SCHEMA not in _attached_now(engine)
    assert _staging_files(demo_world.paths.folder) == []


def test_a_failed_attach_never_shows_the_key(demo_world: DemoWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import DBAPIError

    engine = demo_world.login(INSPECTOR).store.engine
    keys: list[str] = []
    real = os.urandom

    def noted(size: int) -> bytes:
        made = real(size)
        keys.append(made.hex())
        return made

    monkeypatch.setattr(staging_file.os, "urandom", noted)
    with engine.connect() as connection:
        # The folder is gone: the file cannot be made, and SQLite says so.
        monkeypatch.setattr(staging_file, "FILE_PREFIX", "no-such-folder/.import-staging-")
        with pytest.raises(DBAPIError) as raised:
            staging_file.staging_schema(connection, 10**9)
    assert keys
    assert keys[-1] not in str(raised.value)
    assert keys[-1] not in repr(raised.value)


def test_a_staging_file_a_killed_import_left_is_deleted_by_the_next_large_import(demo_world: DemoWorld) -> None:
    # Where an open file cannot be deleted (Windows), a killed import leaves its staging file behind: encrypted, its
    # key gone with the process, but as large as the rows it staged. The next import staged in a file deletes it.
    folder = demo_world.paths.folder
    left = folder / f"{staging_file.FILE_PREFIX}{'0' * 32}.db"
    left.write_bytes(os.urandom(4096))
    unrelated = folder / "import-staging-notes.txt"  # not a staging file's name: kept
    unrelated.write_text("kept", encoding="utf-8")
    engine = demo_world.login(INSPECTOR).store.engine
    with engine.connect() as connection:
        assert staging_file.staging_schema(connection, 10**9) == staging_file.SCHEMA
        assert not left.exists()
        connection.rollback()
    assert unrelated.read_text(encoding="utf-8") == "kept"
    assert _staging_files(folder) == []
