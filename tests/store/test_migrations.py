"""Numbered migrations: a new store is at the latest version, the migrations build exactly schema.py's shape, and a
store from a newer version is refused without being touched."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from desktop.services.session.login import log_in
from desktop.store import migrations, schema
from desktop.store.errors import StoreTooNew
from desktop.store.migrations import current_version, latest_version, migrate
from desktop.store.store import Store
from tests.conftest import ADMIN_PASSWORD
from tests.store.support import snapshot

MIGRATIONS_FOLDER = Path(migrations.__file__).parent


def _shape(engine) -> dict[str, dict[str, object]]:
    """Tables → columns (name, nullable), primary key, foreign keys and unique constraints, as the database has them."""
    found = inspect(engine)
    shape: dict[str, dict[str, object]] = {}
    for table in sorted(found.get_table_names()):
        shape[table] = {
            "columns": [(c["name"], bool(c["nullable"])) for c in found.get_columns(table)],
            "primary_key": sorted(found.get_pk_constraint(table)["constrained_columns"]),
            "foreign_keys": sorted(
                (tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]))
                for fk in found.get_foreign_keys(table)
            ),
            "unique": sorted(
                [tuple(u["column_names"]) for u in found.get_unique_constraints(table)]
                + [tuple(i["column_names"]) for i in found.get_indexes(table) if i["unique"]]
            ),
        }
    return shape


def test_a_new_store_is_at_the_latest_schema_version(admin_session):
    assert latest_version() >= 1
    with admin_session.store.transaction() as connection:
        assert current_version(connection) == latest_version()
        value = (
            connection.execute(schema.meta.select().where(schema.meta.c.key == "schema_version"))
            .mappings()
            .one()["value"]
        )
        assert value == str(latest_version())
        assert migrate(connection) == []  # nothing left to apply


def test_migrations_build_exactly_the_tables_and_columns_of_schema_py(admin_session):
    expected_engine = create_engine("sqlite://")
    try:
        schema.metadata.create_all(expected_engine)
        expected = _shape(expected_engine)
    finally:
        expected_engine.dispose()
    migrated = _shape(admin_session.store.engine)

    assert sorted(migrated) == sorted(schema.metadata.tables)
    assert {t: [c for c, _ in s["columns"]] for t, s in migrated.items()} == {
        name: [c.name for c in table.columns] for name, table in schema.metadata.tables.items()
    }
    assert migrated == expected


def test_migrations_on_an_empty_plain_database_build_the_same_shape():
    """Without SQLCipher too (the schema must stay portable), step by step from version 0."""
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as connection:
            assert current_version(connection) == 0
            assert migrate(connection) == list(range(1, latest_version() + 1))
        migrated = _shape(engine)
    finally:
        engine.dispose()
    assert sorted(migrated) == sorted(schema.metadata.tables)


def _make_too_new(session) -> int:
    newer = latest_version() + 1
    with session.store.transaction() as connection:
        connection.execute(schema.meta.update().where(schema.meta.c.key == "schema_version").values(value=str(newer)))
    session.lock()
    return newer


def test_a_store_from_a_newer_version_is_refused_and_left_byte_identical(
    paths, clock, throttle, admin_session, tmp_path
):
    newer = _make_too_new(admin_session)
    before = snapshot(paths.folder)

    with pytest.raises(StoreTooNew) as refused:
        Store.unlock(paths, "admin", ADMIN_PASSWORD)
    assert refused.value.fields == {"found": newer, "supported": latest_version()}
    # No -wal/-shm left behind by an engine that stayed open, no byte changed.
    assert snapshot(paths.folder) == before

    with pytest.raises(StoreTooNew):
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    assert snapshot(paths.folder) == before


def test_migration_modules_are_numbered_from_one_without_gaps():
    names = sorted(p.name for p in MIGRATIONS_FOLDER.glob("*.py") if p.name != "__init__.py")
    assert names, "no migrations"
    pattern = re.compile(r"^m(\d{4})_[a-z0-9_]+\.py$")
    assert all(pattern.match(n) for n in names), names
    numbers = [int(pattern.match(n).group(1)) for n in names]
    assert numbers == list(range(1, len(numbers) + 1))
    assert latest_version() == len(numbers)
    for name in names:
        module = __import__(f"desktop.store.migrations.{name[:-3]}", fromlist=["upgrade"])
        assert callable(module.upgrade)


def test_a_gap_in_the_numbering_is_detected(monkeypatch):
    fake = [types.SimpleNamespace(name=n) for n in ("m0001_initial", "m0003_later")]
    monkeypatch.setattr(migrations.pkgutil, "iter_modules", lambda _path: fake)
    monkeypatch.setattr(migrations.importlib, "import_module", lambda name: types.ModuleType(name))
    with pytest.raises(RuntimeError, match="gaps"):
        latest_version()
