"""The SQLAlchemy engine over SQLCipher 4 in raw-key mode, with the pragmas every connection needs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event, text
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DatabaseError
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from desktop.store.errors import DatabaseDamaged
from desktop.store.failures import storage_failure


def _raw_key(data_key: bytes) -> str:
    # SQLCipher raw-key syntax: the key is used as is, skipping SQLCipher's own PBKDF2 (our key is random).
    return f"x'{data_key.hex()}'"


def open_engine(path: Path, data_key: bytes, *, page_size: int) -> Engine:
    """An engine for the database at ``path``, whose pages are ``page_size`` bytes (the key file says: SQLCipher
    cannot read it from the encrypted file; a new file is made with it). The first connection proves the key opens
    the file."""
    page_pragma = f"PRAGMA cipher_page_size = {int(page_size)}"
    url = URL.create("sqlite+pysqlcipher", password=_raw_key(data_key), database=str(path))
    # A queue of connections, each used by one thread at a time and returned after (check_same_thread off: a
    # connection made in one thread is later used in another). Not the pysqlcipher dialect's default
    # SingletonThreadPool, which keeps one connection per thread and, past five threads, closes the connections of
    # other threads — even one in use, which crashed the process when the window's worker threads read at once.
    engine = create_engine(url, pool_pre_ping=False, poolclass=QueuePool, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        cursor = dbapi_connection.cursor()
        # The dialect has given the key (its own connect listener, which runs before this one); the page size comes
        # next, before any page is read or written.
        cursor.execute(page_pragma)
        # cipher_log_level then, before anything reads a page: SQLCipher would otherwise print its own lines
        # about a damaged page to stderr (the typed error below says it once, in the user's language).
        # temp_store=MEMORY: sorts and temp tables never reach a temp file on disk.
        for pragma in (
            "PRAGMA cipher_log_level = NONE",
            "PRAGMA temp_store = MEMORY",
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 10000",
        ):
            cursor.execute(pragma)
        cursor.close()

    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
    except DatabaseError as exc:
        engine.dispose()
        # The key came out of an authenticated key slot: a page that fails here is damage, not a wrong key.
        failure = storage_failure(exc, path) or DatabaseDamaged(str(path), str(exc.orig) if exc.orig else str(exc))
        raise failure from None
    return engine
