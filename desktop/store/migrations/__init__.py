"""Numbered migrations. Each module ``mNNNN_*.py`` has ``upgrade(connection)``; the number is the schema version.

A migration's table definitions are frozen copies of the shape at that version, so that an old store upgrades
through exactly the steps it missed.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType

from sqlalchemy import Connection, inspect, select

from desktop.store import schema
from desktop.store.errors import StoreTooNew

Upgrade = Callable[[Connection], None]


def _modules() -> list[tuple[int, ModuleType]]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            found.append((int(info.name[1:5]), importlib.import_module(f"{__name__}.{info.name}")))
    found.sort()
    numbers = [n for n, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migrations are not numbered 1..n without gaps: {numbers}")
    return found


def latest_version() -> int:
    return len(_modules())


def current_version(connection: Connection) -> int:
    if not inspect(connection).has_table("meta"):
        return 0
    value = connection.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).scalar()
    return int(value) if value is not None else 0


def migrate(connection: Connection) -> list[int]:
    """Apply every pending migration, each in the caller's transaction; returns the versions applied."""
    version = current_version(connection)
    latest = latest_version()
    if version > latest:
        raise StoreTooNew(version, latest)
    applied = []
    for number, module in _modules():
        if number <= version:
            continue
        module.upgrade(connection)
        _set_version(connection, number)
        applied.append(number)
    return applied


def _set_version(connection: Connection, number: int) -> None:
    table = schema.meta
    exists = connection.execute(select(table.c.key).where(table.c.key == "schema_version")).first()
    if exists:
        connection.execute(table.update().where(table.c.key == "schema_version").values(value=str(number)))
    else:
        connection.execute(table.insert().values(key="schema_version", value=str(number)))
