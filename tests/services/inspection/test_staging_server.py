"""An import into the team server's PostgreSQL stages its rows in a SQLite database of its own process, in memory or
in an encrypted staging file in the system's temporary folder, and copies them into the server in bounded batches
in the transaction that stores the workbook (decision 227): the same stored rows as the careful path and as the
encrypted store's staging, nothing held per declaration in the calling process, nothing left behind by a failed or
killed import. Against a real server (POSTGRES_URL; skipped without it, but never under CI=true)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from desktop.services.clock import FixedClock
from desktop.services.inspection import import_pipeline, staging_file, staging_server
from desktop.services.inspection.review_store import server_session
from desktop.services.inspection.row_values import DECLARATION_NAMES
from desktop.services.inspection.workbook_import import import_workbook
from desktop.store import schema
from tests.conftest import INSPECTOR, DemoWorld
from tests.services.inspection.test_import_paths_agree import _rows
from tests.services.inspection.test_import_staging import _held

#: The export (``exported``), small chunks, the ``pipelined`` spy and ``server_urls`` (two fresh schemas on the
#: server): tests/services/inspection/conftest.py.
pytestmark = pytest.mark.usefixtures("small_chunks")

ROOT = Path(__file__).resolve().parents[3]
CLOCK = FixedClock(dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC))


def _staging_files(folder: Path) -> list[str]:
    """The staging files in ``folder``, and those this process holds open anywhere (deleted or not)."""
    held = {h for h in _open_files(os.getpid()) if staging_file.FILE_PREFIX in h}
    return sorted({p.name for p in folder.glob(f"{staging_file.FILE_PREFIX}*")} | held)


@pytest.fixture
def staging_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(staging_server, "staging_folder", lambda: folder)
    return folder


@pytest.mark.parametrize("staged_in", ["memory", "file"])
def test_on_postgresql_the_rows_are_staged_in_sqlite_and_stored_as_the_careful_path_stores_them(
    exported: Path,
    server_urls: list[str],
    staging_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    pipelined: list[bool],
    staged_in: str,
) -> None:
    monkeypatch.setattr(staging_file, "IN_MEMORY_UP_TO", 10**9 if staged_in == "memory" else 0)
    monkeypatch.setattr(staging_server, "DECLARATIONS_PER_COPY", 2)  # many copies, interests across their edges
    seen: list[tuple[str, list[str]]] = []
    original = import_pipeline._Collected.add

    def watching(self, rows):
        original(self, rows)
        seen.append((self.rows.schema, _staging_files(staging_folder)))

    monkeypatch.setattr(import_pipeline._Collected, "add", watching)
    fast, careful = (server_session(url, None, CLOCK) for url in server_urls)
    try:
        with ProcessPoolExecutor(2) as pool:
            first = import_workbook(fast, exported, executor=pool)
            again = import_workbook(fast, exported, executor=pool)
        read = import_workbook(careful, exported)
        assert pipelined == [True, True]
        assert len(seen) > 2  # the pipeline, chunk after chunk (the second import too)
        schemas = {schema for schema, _files in seen}
        assert schemas == {"temp" if staged_in == "memory" else staging_file.SCHEMA}
        files = [files for _schema, files in seen]
        if staged_in == "memory":
            assert files == [[]] * len(seen)
        else:  # deleted as soon as attached, kept open while staged: "…/.import-staging-….db (deleted)"
            assert all(len(f) == 1 and f[0].endswith(" (deleted)") for f in files), files
        assert _staging_files(staging_folder) == []  # nothing left, nothing held open
        assert again.already_imported
        assert (first.workbook_id, first.valid, first.invalid) == (read.workbook_id, read.valid, read.invalid)
        assert _rows(fast) == _rows(careful)  # the row ids too
        assert _outcomes(fast) == _outcomes(careful)
    finally:
        fast.lock()
        careful.lock()


def _outcomes(session) -> list[str]:
    """The digests of the stored results the audit log recorded for each import."""
    with session.store.transaction() as connection:
        details = connection.execute(text("SELECT details FROM audit_log WHERE action = 'imported' ORDER BY seq"))
        return [json.loads(d)["outcomes"] for d in details.scalars()]


def test_a_server_import_stores_what_the_encrypted_stores_pipeline_stores(
    exported: Path,
    server_urls: list[str],
    demo_world: DemoWorld,
    staging_folder: Path,
) -> None:
    server = server_session(server_urls[0], None, CLOCK)
    local = demo_world.login(INSPECTOR)
    try:
        with ProcessPoolExecutor(2) as pool:
            on_server = import_workbook(server, exported, executor=pool)
            on_store = import_workbook(local, exported, executor=pool)
        assert on_server.workbook_id == on_store.workbook_id
        assert (on_server.valid, on_server.invalid, on_server.duplicates) == (
            on_store.valid,
            on_store.invalid,
            on_store.duplicates,
        )
        # What each holds (the row ids aside: the demo store holds other imports already).
        assert _held(server, on_server.workbook_id)[:2] == _held(local, on_store.workbook_id)[:2]
    finally:
        server.lock()


def test_declarations_already_on_the_server_are_named_as_the_careful_path_names_them(
    exported: Path,
    server_urls: list[str],
    staging_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from tests.services.inspection.test_import_pipeline import INTERESTS_PART, _edited

    monkeypatch.setattr(staging_server, "DECLARATIONS_PER_COPY", 2)  # the staged ids asked of the server in parts
    # The same declarations again, one of them altered: another workbook (another identity), the same ids.
    altered = _edited(exported, tmp_path / "altered" / exported.name, INTERESTS_PART, "enterprise_name")
    found = {}
    for url, pool in zip(server_urls, (ProcessPoolExecutor(2), None), strict=True):
        session = server_session(url, None, CLOCK)
        try:
            import_workbook(session, exported, executor=pool)
            found[url] = (import_workbook(session, altered, executor=pool).duplicates, _rows(session))
        finally:
            session.lock()
            if pool is not None:
                pool.shutdown()
    fast, careful = found.values()
    assert fast[0]
    assert fast == careful


#: An import into the server (argv: its URL, the workbook, a marker file, and when to stop), which writes the
#: marker and waits to be killed once two chunks are staged ("staging") or once the first rows are copied into the
#: server ("copying"); staged in a staging file in the temporary folder (TMPDIR), in small chunks and copies.
_KILLED_IMPORT = """
import datetime as dt, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
sys.path.insert(0, {root!r})
from desktop.exchange.workbook import chunks
from desktop.services.clock import FixedClock
from desktop.services.inspection import import_pipeline, staging_file, staging_server
from desktop.services.inspection.row_values import DECLARATION_NAMES
from desktop.services.inspection.review_store import server_session
from desktop.services.inspection.workbook_import import import_workbook

url, workbook, marker, when = sys.argv[1:5]
chunks.DECLARATIONS_PER_CHUNK, staging_file.IN_MEMORY_UP_TO, staging_server.DECLARATIONS_PER_COPY = 3, 0, 2
calls = []

def stopping(original):
    def stop(*args):
        original(*args)
        calls.append(1)
        if len(calls) == 2:
            Path(marker).write_text("stopped")
            time.sleep(600)
    return stop

if when == "staging":
    import_pipeline._Collected.add = stopping(import_pipeline._Collected.add)
else:
    staging_server.copy_rows = stopping(staging_server.copy_rows)
session = server_session(url, None, FixedClock(dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)))
with ProcessPoolExecutor(2) as pool:
    import_workbook(session, Path(workbook), executor=pool)
"""


def _open_files(pid: int) -> list[str]:
    found = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            found.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
    return found


@pytest.mark.parametrize("when", ["staging", "copying"])
def test_a_killed_import_leaves_nothing_on_the_server_and_no_staging_file(
    exported: Path,
    server_urls: list[str],
    tmp_path: Path,
    when: str,
) -> None:
    url = server_urls[0]
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    marker = tmp_path / "marker"
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_IMPORT.format(root=str(ROOT)), url, str(exported), str(marker), when],
        env={**os.environ, "TMPDIR": str(temporary)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the pool's workers are killed with it
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.05)
        staged = [p for p in temporary.rglob("*") if staging_file.FILE_PREFIX in p.name or "etilqs" in p.name]
        assert staged == []  # the staging file was deleted as soon as it was attached
        held = _open_files(child.pid)  # and is kept open by the import
        assert [h for h in held if staging_file.FILE_PREFIX in h and h.endswith(" (deleted)")], held
        os.killpg(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        if child.stderr:
            child.stderr.close()
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            # Waits for the killed import's transaction to end (the server rolls it back when its client is gone).
            connection.execute(text("SET LOCAL lock_timeout = '60s'"))
            tables = ("imported_workbooks", "imported_declarations", "imported_interests", "imported_keys")
            connection.execute(text(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE"))
            counts = {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
    finally:
        engine.dispose()
    assert counts == dict.fromkeys(tables, 0)
    left = [p for p in temporary.rglob("*") if staging_file.FILE_PREFIX in p.name or "etilqs" in p.name]
    assert left == []


def test_where_an_open_file_cannot_be_deleted_the_staging_file_is_deleted_once_the_import_ends(
    exported: Path, server_urls: list[str], staging_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows: the file stays listed while the import stages in it, and is deleted when its connection is closed.
    # Meanwhile it holds the staged rows encrypted: none of the officers' names or ID numbers can be read in it.
    monkeypatch.setattr(staging_file, "IN_MEMORY_UP_TO", 0)
    monkeypatch.setattr(staging_file, "CACHE_KIB", 64)  # the staged pages reach the file
    monkeypatch.setattr(staging_file, "_deleted_while_open", lambda _path: False)
    seen: list[list[str]] = []
    personal: set[bytes] = set()
    sizes: list[int] = []
    original = import_pipeline._Collected.add
    name, id_number = DECLARATION_NAMES.index("name"), DECLARATION_NAMES.index("id_number")

    def watching(self, rows):
        personal.update(str(row[i]).encode() for row in rows.declarations for i in (name, id_number))
        original(self, rows)
        seen.append([p.name for p in staging_folder.iterdir()])
        data = (staging_folder / seen[-1][0]).read_bytes() if seen[-1] else b""
        sizes.append(len(data))
        assert not [value for value in personal if value in data]

    monkeypatch.setattr(import_pipeline._Collected, "add", watching)
    session = server_session(server_urls[0], None, CLOCK)
    try:
        with ProcessPoolExecutor(2) as pool:
            result = import_workbook(session, exported, executor=pool)
    finally:
        session.lock()
    assert not result.already_imported
    assert len(seen) > 2
    assert all(len(names) == 1 and names[0].startswith(staging_file.FILE_PREFIX) for names in seen), seen
    assert len({names[0] for names in seen}) == 1
    assert max(sizes) >= 4 * staging_file.PAGE_SIZE  # rows were written to it
    assert len(personal) > 10
    assert list(staging_folder.iterdir()) == []


def test_two_imports_copying_at_once_take_ids_apart_and_store_what_the_careful_path_stores(
    exported: Path,
    server_urls: list[str],
    staging_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    pipelined: list[bool],
    tmp_path: Path,
) -> None:
    # Two processes' imports into one server (two sessions here: two engines): the first stops after its first copy
    # of declarations and interests, its transaction open, while the second is imported whole; then it goes on.
    # Each takes its declarations' row ids from the sequence, so the second's fall between the first's.
    from tests.services.inspection.test_import_pipeline import INTERESTS_PART, _edited

    monkeypatch.setattr(staging_server, "DECLARATIONS_PER_COPY", 2)
    other = _edited(exported, tmp_path / "other" / exported.name, INTERESTS_PART, "enterprise_name")
    copied, go_on = threading.Event(), threading.Event()
    original = staging_server.copy_rows
    calls: list[str] = []

    def pausing(cursor, table, names, rows) -> None:
        original(cursor, table, names, rows)
        if threading.current_thread().name == "first" and len(calls) < 2:
            calls.append(table.name)
            if len(calls) == 2:  # the first part's declarations, then their interests
                copied.set()
                assert go_on.wait(120)

    monkeypatch.setattr(staging_server, "copy_rows", pausing)
    first, second, careful = (server_session(url, None, CLOCK) for url in (*server_urls[:1], *server_urls))
    results = {}
    try:
        with ProcessPoolExecutor(2) as pool:

            def import_first() -> None:
                results["first"] = import_workbook(first, exported, executor=pool)

            thread = threading.Thread(target=import_first, name="first")
            thread.start()
            try:
                assert copied.wait(120)
                results["second"] = import_workbook(second, other, executor=pool)
            finally:
                go_on.set()
                thread.join(120)
        assert not thread.is_alive()
        expected = [import_workbook(careful, path) for path in (exported, other)]
        assert pipelined == [True, True]
        assert calls == ["imported_declarations", "imported_interests"]
        stored = [results["first"], results["second"]]
        assert [(r.workbook_id, r.valid, r.invalid) for r in stored] == [
            (r.workbook_id, r.valid, r.invalid) for r in expected
        ]
        ids = {r.workbook_id: _declaration_ids(first, r.workbook_id) for r in stored}
        first_ids, second_ids = ids[results["first"].workbook_id], ids[results["second"].workbook_id]
        assert min(first_ids) < min(second_ids)  # the copies interleaved
        assert max(second_ids) < max(first_ids)
        assert not first_ids & second_ids
        assert _by_workbook(first) == _by_workbook(careful)  # each interest with its own declaration
        assert sorted(_outcomes(first)) == sorted(_outcomes(careful))  # the second committed first
    finally:
        for session in (first, second, careful):
            session.lock()


def _declaration_ids(session, workbook_id: str) -> set[int]:
    with session.store.transaction() as connection:
        return set(
            connection.execute(
                text("SELECT id FROM imported_declarations WHERE workbook_id = :w"), {"w": workbook_id}
            ).scalars()
        )


_ROW_IDS = ("id", "declaration_row")


def _by_workbook(session) -> list[tuple]:
    """Every stored declaration with its interests, its row ids left out (each interest named by its declaration's
    workbook and id instead of its row)."""
    d, i = schema.imported_declarations, schema.imported_interests
    with session.store.transaction() as connection:
        declarations = connection.execute(select(*(c for c in d.columns if c.name != "id"))).all()
        interests = connection.execute(
            select(
                d.c.workbook_id, d.c.declaration_id, *(c for c in i.columns if c.name not in ("id", "declaration_row"))
            ).join(d, d.c.id == i.c.declaration_row)
        ).all()
    return sorted(map(tuple, declarations)) + sorted(map(tuple, interests))
