"""The pipeline writes each chunk's rows into temporary tables of the storing transaction as the chunk comes back,
and copies them under the workbook's identity once it is known (decision 125). The stored rows are the careful
path's (tests/services/inspection/test_import_pipeline.py); these tests show what the staging itself promises:
another connection writes meanwhile, nothing is left behind, and a second import of the same workbook is already
imported."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop.services.inspection import import_pipeline, staging_file, workbook_import
from desktop.services.inspection.import_chunks import ChunkRows
from desktop.services.inspection.import_staging import TEMP_PAGE_SIZE, Staged
from desktop.services.inspection.row_values import DECLARATION_NAMES
from desktop.services.inspection.workbook_import import import_workbook
from desktop.store import schema
from tests.conftest import INSPECTOR, DemoWorld
from tests.services.inspection.test_import_paths_agree import _rows

#: The export (``exported``), small chunks (several staged one after another) and the ``pipelined`` spy:
#: tests/services/inspection/conftest.py; ``demo_world``, a private copy of the demo store: tests/conftest.py.
pytestmark = pytest.mark.usefixtures("small_chunks")


def _temporary_tables(connection) -> list[str]:
    return list(connection.exec_driver_sql("SELECT name FROM sqlite_temp_master WHERE type = 'table'").scalars())


def _chunk(declaration_id: str) -> ChunkRows:
    # A declaration's stored result is what the staging makes its digest line of (decision 161): a version, valid.
    values = {"declaration_id": declaration_id, "version": 1, "valid": True, "failures": "[]"}
    row = tuple(values.get(name, "") for name in DECLARATION_NAMES)
    return ChunkRows(regular=True, declarations=[row], interests=[[]])


def test_another_connection_writes_and_commits_while_rows_are_staged(demo_world: DemoWorld) -> None:
    inspector = demo_world.login(INSPECTOR)
    engine = inspector.store.engine
    with engine.begin() as staging:
        staged = Staged(staging)
        staged.add(_chunk("a" * 32))
        with engine.begin() as other:  # would wait for the busy timeout and fail if staging locked the store
            other.exec_driver_sql("CREATE TABLE IF NOT EXISTS staging_probe (x)")
            other.exec_driver_sql("INSERT INTO staging_probe VALUES (1)")
        assert staging.exec_driver_sql("SELECT count(*) FROM staging_probe").scalar_one() == 1
        assert _temporary_tables(staging) == ["import_pending_declarations", "import_pending_interests"]
        staged.drop()
        assert _temporary_tables(staging) == []


def test_staged_rows_are_dropped_when_the_workbook_needs_the_careful_path(
    demo_world: DemoWorld, exported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The batch signature checked after the last chunk fails: the pipeline gives up and the careful path stores it.
    monkeypatch.setattr(import_pipeline, "verify_signature", lambda *_args: False)
    seen: list[list[str]] = []
    original = import_pipeline._Collected.add

    def spy(self, rows):  # the temporary tables as each chunk is staged
        original(self, rows)
        seen.append(_temporary_tables(self.rows.connection))

    monkeypatch.setattr(import_pipeline._Collected, "add", spy)
    dropped: list[list[str]] = []
    store = workbook_import._store

    def storing(session, path, note, make):
        def made(connection):
            ready = make(connection)
            dropped.append(_temporary_tables(connection))
            return ready

        return store(session, path, note, made)

    monkeypatch.setattr(workbook_import, "_store", storing)
    inspector = demo_world.login(INSPECTOR)
    with ProcessPoolExecutor(2) as pool:
        result = import_workbook(inspector, exported, executor=pool)
    assert seen
    assert seen[0] == ["import_pending_declarations", "import_pending_interests"]
    assert dropped[0] == []  # the pipeline's transaction: nothing left in it
    assert result.declarations > 0
    assert result.workbook_valid


def test_a_workbook_imported_again_by_the_pipeline_is_already_imported_and_nothing_changes(
    demo_world: DemoWorld, exported: Path
) -> None:
    inspector = demo_world.login(INSPECTOR)
    with ProcessPoolExecutor(2) as pool:
        first = import_workbook(inspector, exported, executor=pool)
        before = _rows(inspector)
        again = import_workbook(inspector, exported, executor=pool)
    assert not first.already_imported
    assert again.already_imported
    assert again.workbook_id == first.workbook_id
    assert _rows(inspector) == before
    with inspector.store.transaction() as connection:
        assert connection.execute(select(schema.imported_workbooks.c.id)).scalars().all() == [first.workbook_id]
        assert connection.execute(text("SELECT count(*) FROM imported_declarations")).scalar_one() == first.declarations


# On PostgreSQL: tests/services/inspection/test_staging_server.py (decision 227).


@pytest.mark.parametrize("staged_in", ["memory", "file"])
def test_an_import_that_fails_midway_stores_nothing_leaves_nothing_and_the_next_import_stages_afresh(
    demo_world: DemoWorld, exported: Path, monkeypatch: pytest.MonkeyPatch, staged_in: str
) -> None:
    # Staged in memory (the connection's temporary tables) or, past staging_file.IN_MEMORY_UP_TO, in a file of the
    # import's own (decision 212): either way nothing is stored and nothing is left behind.
    monkeypatch.setattr(staging_file, "IN_MEMORY_UP_TO", 10**9 if staged_in == "memory" else 0)
    inspector = demo_world.login(INSPECTOR)
    before = _rows(inspector)
    original = import_pipeline._Collected.add
    added: list[str] = []

    def failing(self, rows):
        original(self, rows)
        added.append(self.rows.schema)
        if len(added) == 2:
            raise KeyboardInterrupt  # as a cancelled or killed task ends: not an error the import expects

    monkeypatch.setattr(import_pipeline._Collected, "add", failing)
    folder = demo_world.paths.folder
    with ProcessPoolExecutor(2) as pool:
        with pytest.raises(KeyboardInterrupt):
            import_workbook(inspector, exported, executor=pool)
        assert _rows(inspector) == before
        assert list(folder.glob(f"{staging_file.FILE_PREFIX}*")) == []
        monkeypatch.setattr(import_pipeline._Collected, "add", original)
        result = import_workbook(inspector, exported, executor=pool)  # stages afresh on the same connections
    assert not result.already_imported
    assert added == ["temp" if staged_in == "memory" else staging_file.SCHEMA] * 2
    with inspector.store.transaction() as connection:
        stored = connection.execute(text("SELECT count(*) FROM imported_declarations")).scalar_one()
    assert stored == result.declarations
    assert list(folder.glob(f"{staging_file.FILE_PREFIX}*")) == []


def test_declarations_already_imported_from_another_workbook_are_named_as_the_careful_path_names_them(
    demo_store_template: Path, exported: Path, tmp_path: Path
) -> None:
    from tests.services.inspection.test_import_pipeline import INTERESTS_PART, _edited

    # The same declarations again, one of them altered: another workbook (another identity), the same ids.
    altered = _edited(exported, tmp_path / "altered" / exported.name, INTERESTS_PART, "enterprise_name")
    found = {}
    for name, pool in (("fast", ProcessPoolExecutor(2)), ("careful", None)):
        world = DemoWorld(Path(shutil.copytree(demo_store_template, tmp_path / name)), tmp_path / f"{name}.json")
        try:
            inspector = world.login(INSPECTOR)
            import_workbook(inspector, exported, executor=pool)
            found[name] = (import_workbook(inspector, altered, executor=pool).duplicates, _rows(inspector))
        finally:
            world.close()
            if pool is not None:
                pool.shutdown()
    assert found["fast"][0]
    assert found["fast"] == found["careful"]


def test_staged_rows_never_reach_a_file(demo_world: DemoWorld, exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The temporary tables live in memory (temp_store=MEMORY; SQLCipher built with TEMP_STORE=2): while an import
    # of up to staging_file.IN_MEMORY_UP_TO declarations stages its rows (a larger one: test_import_staging_file.py),
    # no file appears beside the store and this process holds no SQLite temporary file open (SQLite unlinks those
    # as it opens them, "etilqs_…"; the check fails when temp_store is FILE).
    inspector = demo_world.login(INSPECTOR)
    store_folder = demo_world.paths.database.parent
    before = {p.name for p in store_folder.iterdir()}
    seen: list[set[str]] = []
    original = import_pipeline._Collected.add

    def watching(self, rows):
        original(self, rows)
        seen.append({p.name for p in store_folder.iterdir()} | {t for t in _held_files() if "etilqs" in t})

    monkeypatch.setattr(import_pipeline._Collected, "add", watching)
    staging = Staged.__init__

    def small_cache(self, connection, declarations=0, folder=None, **options):  # a file would spill at once
        connection.exec_driver_sql("PRAGMA temp.cache_size = 1")
        staging(self, connection, declarations, folder, **options)

    monkeypatch.setattr(Staged, "__init__", small_cache)
    with ProcessPoolExecutor(2) as pool:
        result = import_workbook(inspector, exported, executor=pool)
    assert not result.already_imported
    assert len(seen) > 1
    database = demo_world.paths.database.name
    assert all(names <= before | {f"{database}-wal", f"{database}-shm"} for names in seen), seen


def _held_files() -> set[str]:
    """What this process's open descriptors point at."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            found.add(os.readlink(f"/proc/self/fd/{fd}"))
    return found


def test_the_staged_rows_give_the_chunks_signature_triples_and_digest_lines(demo_world: DemoWorld) -> None:
    # The calling process keeps no triples or digest lines of its own (decision 161): what the staged table gives
    # back must be what the chunks carried, a missing countersignature (NULL) and binary signatures included.
    from desktop.services.inspection.row_values import outcome_line

    names = {name: index for index, name in enumerate(DECLARATION_NAMES)}

    def row(declaration_id: str, officer: bytes | None, counter: bytes | None, valid: bool) -> tuple[object, ...]:
        values: dict[str, object] = {
            "declaration_id": declaration_id,
            "version": 2,
            "valid": valid,
            "failures": "[]" if valid else '["officer_signature.invalid"]',
            "officer_signature": officer,
            "countersignature": counter,
        }
        return tuple(values.get(name, "") for name in names)

    rows = [row("b" * 32, bytes(range(64)), None, True), row("a" * 32, b"\x00" * 64, b"\xff" * 64, False)]
    chunk = ChunkRows(regular=True, declarations=rows, interests=[[], []])
    inspector = demo_world.login(INSPECTOR)
    with inspector.store.engine.begin() as staging:
        staged = Staged(staging)
        staged.add(chunk)
        triples = list(staged.triples())  # in the order of their ids
        lines = list(staged.outcome_lines())
        staged.drop()
    assert [tuple(t) for t in triples] == [("a" * 32, b"\x00" * 64, b"\xff" * 64), ("b" * 32, bytes(range(64)), None)]
    assert lines == [
        outcome_line("a" * 32, 2, False, '["officer_signature.invalid"]'),
        outcome_line("b" * 32, 2, True, "[]"),
    ]
    assert staged.count == 2


def test_the_staged_rows_take_large_pages_in_every_import_on_a_connection(demo_world: DemoWorld) -> None:
    # 2 kB rows fill SQLite's default 4 kB pages half; the temporary database takes larger pages when it is first
    # made, and a later import on the same (pooled) connection finds them still (decision 161).
    inspector = demo_world.login(INSPECTOR)
    with inspector.store.engine.connect() as connection:
        for _ in range(2):
            with connection.begin():
                staged = Staged(connection)
                staged.add(_chunk("c" * 32))
                assert connection.exec_driver_sql("PRAGMA temp.page_size").scalar_one() == TEMP_PAGE_SIZE
                staged.drop()


def test_interests_point_at_their_declarations_when_the_store_has_taken_the_largest_row_id(
    demo_store_template: Path, exported: Path, tmp_path: Path
) -> None:
    # The staged interests name their declaration by its place among the staged ones, and the copied declarations'
    # row ids are normally the table's largest plus 1, 2, 3, … (decision 209). Once the largest possible row id is
    # taken SQLite gives unused ids at random instead: the interests must still point at their own declarations,
    # as the careful path's do (whose ids are as random, so the rows are compared by what they hold).
    largest = 2**63 - 1
    found = {}
    for name, pool in (("fast", ProcessPoolExecutor(2)), ("careful", None)):
        world = DemoWorld(Path(shutil.copytree(demo_store_template, tmp_path / name)), tmp_path / f"{name}.json")
        try:
            inspector = world.login(INSPECTOR)
            with inspector.store.transaction() as connection:
                w, d = schema.imported_workbooks, schema.imported_declarations
                connection.execute(w.insert().values(_filled(w, id="0" * 64)))
                connection.execute(d.insert().values(_filled(d, id=largest, workbook_id="0" * 64, declaration_id="x")))
            result = import_workbook(inspector, exported, executor=pool)
            assert not result.already_imported
            found[name] = _held(inspector, result.workbook_id)
        finally:
            world.close()
            if pool is not None:
                pool.shutdown()
    declarations, interests, ids = found["fast"]
    assert len(ids) > 1
    assert ids != list(range(ids[0], ids[0] + len(ids)))  # not consecutive: the parents were looked up
    assert interests
    assert (declarations, interests) == found["careful"][:2]


def _filled(table, **given: object) -> dict[str, object]:
    """``given``, and a plain value for every other column that needs one."""
    plain = {int: 0, str: "", bool: False, bytes: b""}
    needed = (c for c in table.columns if not (c.nullable or c.default is not None or c.server_default is not None))
    return {c.name: plain[c.type.python_type] for c in needed} | given


def _held(session, workbook_id: str) -> tuple[list[tuple], list[tuple], list[int]]:
    """The workbook's declarations without their row ids, its interests with their declaration's id in place of
    the row ids, and the declarations' row ids in their stored order."""
    d, i = schema.imported_declarations, schema.imported_interests
    with session.store.transaction() as connection:
        mine = d.c.workbook_id == workbook_id
        declarations = connection.execute(select(*(c for c in d.columns if c.name != "id")).where(mine)).all()
        interests = connection.execute(
            select(d.c.declaration_id, *(c for c in i.columns if c.name not in ("id", "declaration_row")))
            .join_from(i, d, i.c.declaration_row == d.c.id)
            .where(mine)
        ).all()
        ids = connection.execute(select(d.c.id).where(mine).order_by(d.c.sheet_row)).scalars().all()
    return sorted(map(tuple, declarations)), sorted(map(tuple, interests)), list(ids)


#: Ids whose order would differ if either side compared them otherwise than by code points: past the BMP (UTF-16
#: puts them before U+E000-U+FFFF), accents, case, prefixes, and characters that JSON escapes.
_ODD_IDS = ["\U0001f600", "\uffff", "\ue000", "é", "e", "E", "Z", "a", "ab", "a b", 'a"b', "a\\b", "a\x01", " ", "~"]
_ODD_IDS += ["中"]


@pytest.mark.parametrize("staged_in", ["memory", "file"])
def test_the_staged_rows_give_the_batch_payload_identity_and_digest_byte_for_byte(
    demo_world: DemoWorld, monkeypatch: pytest.MonkeyPatch, staged_in: str
) -> None:
    # The batch payload is written from the staged triples as SQLite gives them in the order of their ids (decision
    # 216), without sorting them: it must be batch_payload_of's, whose sort is Python's order of the ids.
    import random

    from desktop.exchange.workbook.model import KeyEntry, MissingEntry, batch_payload_of
    from desktop.services.inspection.ready import identity_of
    from desktop.services.inspection.stored_checks import outcomes_digest_of, outcomes_digest_of_lines

    monkeypatch.setattr(staging_file, "IN_MEMORY_UP_TO", 10**9 if staged_in == "memory" else 0)
    names = {name: index for index, name in enumerate(DECLARATION_NAMES)}
    rng = random.Random(216)

    def signature() -> bytes | None:
        return None if rng.random() < 0.2 else rng.randbytes(64)

    ids = [uuid.UUID(int=rng.getrandbits(128)).hex for _ in range(3000)] + _ODD_IDS
    rng.shuffle(ids)
    triples = [(declaration_id, signature(), signature()) for declaration_id in ids]
    values = {"version": 2, "valid": True, "failures": "[]"}

    def row(triple: tuple[str, bytes | None, bytes | None]) -> tuple[object, ...]:
        given = {"declaration_id": triple[0], "officer_signature": triple[1], "countersignature": triple[2]}
        given |= {"content": f'{{"id":"{triple[0]}","名":1}}', "valid": triple[1] is not None}
        return tuple((values | given).get(name, "") for name in names)

    cover = {"format_version": "2", "kind": "unit", "unit_name": "清河"}
    keys = [KeyEntry("fp", b"\x01" * 32, "exporter")]
    missing = [MissingEntry("000009", "李四", "131101", "一所", "not_started")]
    inspector = demo_world.login(INSPECTOR)
    with inspector.store.engine.begin() as staging:
        staged = Staged(staging, len(triples))
        for start in range(0, len(triples), 700):  # several chunks, as an import stages them
            part = triples[start : start + 700]
            staged.add(ChunkRows(regular=True, declarations=[row(t) for t in part], interests=[[] for _ in part]))
        assert staged.schema == ("temp" if staged_in == "memory" else staging_file.SCHEMA)
        assert [t[0] for t in staged.triples()] == sorted(ids)
        payload = staged.batch_payload(cover, keys, missing)
        identity, outcomes = staged.identity(payload), outcomes_digest_of_lines(staged.outcome_lines())
        staged.drop()
    assert payload == batch_payload_of(cover, triples, keys, missing)
    # The identity and the stored results' digest from the staged rows read in the order of their ids (odd ids too):
    # what identity_of and outcomes_digest_of give from the rows themselves.
    rows = [row(t) for t in triples]
    at = names["declaration_id"], names["content"], names["version"], names["valid"], names["failures"]
    assert identity == identity_of(payload, [r[at[0]] for r in rows], [r[at[1]] for r in rows])  # type: ignore[misc]
    assert outcomes == outcomes_digest_of(sorted((r[at[0]], r[at[2]], r[at[3]], r[at[4]]) for r in rows))  # type: ignore[misc]


def test_the_staged_flags_are_kept_as_the_driver_kept_the_bools(demo_world: DemoWorld) -> None:
    # The store's Boolean columns are staged as 1 and 0 rather than as bools, which the driver binds only after
    # looking for an adapter (decision 231): what SQLite keeps must be what it kept for the bools, None included.
    from desktop.services.inspection.import_staging import _DECLARATIONS, _INTEREST_COLUMNS, _INTERESTS
    from desktop.services.inspection.row_values import INTEREST_NAMES

    names = {name: index for index, name in enumerate(DECLARATION_NAMES)}

    def declaration(declaration_id: str, flag: bool | None) -> tuple[object, ...]:
        given = {"declaration_id": declaration_id, "version": 2, "valid": flag, "failures": "[]", "late": not flag}
        given |= {"is_unit_head": flag, "is_leadership_member": True, "is_division_level": False, "row_no": 7}
        return tuple(given.get(name, "x") for name in names)

    def interest(flag: bool | None) -> tuple[object, ...]:
        given = {"within_jurisdiction": flag, "related_to_duties": not flag, "row_no": 3}
        return tuple(given.get(name, "y") for name in INTEREST_NAMES[1:])

    declarations = [declaration("a" * 32, True), declaration("b" * 32, False), declaration("c" * 32, None)]
    interests = [[interest(True), interest(None)], [], [interest(False)]]
    inspector = demo_world.login(INSPECTOR)
    with inspector.store.engine.begin() as staging:
        staged = Staged(staging)
        staged.add(ChunkRows(regular=True, declarations=declarations, interests=interests))
        columns = DECLARATION_NAMES[1:]

        def kept(table: str, names: tuple[str, ...]) -> list[tuple[object, ...]]:
            shown = ", ".join(f"typeof({name}), {name}" for name in names)
            return [tuple(r) for r in staging.exec_driver_sql(f"SELECT {shown} FROM temp.{table} ORDER BY rowid")]

        staged_declarations, staged_interests = kept(_DECLARATIONS, columns), kept(_INTERESTS, _INTEREST_COLUMNS)
        # The same rows bound as given, bools and all, into tables of the same columns.
        staging.exec_driver_sql(f"CREATE TEMP TABLE given_declarations ({', '.join(columns)})")
        staging.exec_driver_sql(f"CREATE TEMP TABLE given_interests ({', '.join(_INTEREST_COLUMNS)})")
        staging.exec_driver_sql(
            f"INSERT INTO given_declarations VALUES ({', '.join('?' * len(columns))})", [r[1:] for r in declarations]
        )
        staging.exec_driver_sql(
            f"INSERT INTO given_interests VALUES ({', '.join('?' * len(_INTEREST_COLUMNS))})",
            [(place, *r) for place, group in enumerate(interests, 1) for r in group],
        )
        assert staged_declarations == kept("given_declarations", columns)
        assert staged_interests == kept("given_interests", _INTEREST_COLUMNS)
        staged.drop()
    assert staged_declarations[0][2 * columns.index("valid") : 2 * columns.index("valid") + 2] == ("integer", 1)
    assert staged_interests[1][2 * _INTEREST_COLUMNS.index("within_jurisdiction") :][:2] == ("null", None)
