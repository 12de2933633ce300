"""The store's write lock taken before a transaction reads what decides its writes."""

from __future__ import annotations

from sqlalchemy import Connection


def take_write_lock(connection: Connection) -> None:
    """Take the write lock of ``connection``'s transaction now, waiting for another writer as the busy timeout
    allows, so that what the transaction reads next includes every commit made before it.

    On SQLite (WAL) a transaction reads from the snapshot of its first read: one that reads, then writes what the
    read decided, is refused with "database is locked" if another connection committed in between, however long it
    would wait (two imports of the same workbook at once: the second must say "already imported", not "busy"). A
    statement that could write, changing nothing, takes the lock before any snapshot is read. PostgreSQL needs
    nothing here: a unique key decides there, and its violation is answered where it is caught."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("UPDATE imported_workbooks SET id = id WHERE 0")
