"""Where a large import stages its rows: an encrypted database file of its own beside the store, not memory
(decision 212).

An import stages each chunk's rows until the workbook's identity is known (import_staging). In the connection's
temporary database they live in memory (the engine's temp_store=MEMORY), about 2.7 kB a declaration with its
interests: 135 MB at 50,000 declarations, 540 MB at 200,000 and 1.35 GB for a city's roll-up of 500,000, past the
import's memory bound. A larger import stages them instead in a database attached to the storing connection for
that import alone: a new file in the store's folder, encrypted by SQLCipher with a random key that exists only in
this process (so the file holds no readable personal data, and nothing could read it after the process ends), with
no journal (nothing in it outlives the import), and a bounded page cache, so that memory stays flat however many
rows are staged. Where the system allows it (POSIX), the file is deleted as soon as it is attached: the connection
keeps using it, its space goes back when the connection lets it go, and a killed process leaves nothing behind.
Elsewhere it is deleted once it is detached, and one a killed import left is deleted by the next import staged in a
file. It is detached when the connection goes back to the engine's pool, after the storing transaction has ended
either way (SQLite detaches nothing inside a transaction).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

from sqlalchemy import Connection, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import ConnectionPoolEntry

#: The schema name the staging file is attached under.
SCHEMA = "import_staging"
#: Up to this many declarations an import stages its rows in memory; more go to a staging file (at 50,000 the
#: staged rows take 135 MB of the import's 320 MB; decision 212).
IN_MEMORY_UP_TO = 60_000
#: The page cache of the staging file, in KiB (SQLite's negative cache_size): what the staged rows may take in memory.
CACHE_KIB = 65_536
PAGE_SIZE = 16384
#: The prefix of a staging file's name in the store's folder (never a name the store itself uses).
FILE_PREFIX = ".import-staging-"
_INFO_KEY = "import_staging_file"


def staging_schema(connection: Connection, declarations: int, folder: Path | None = None) -> str:
    """The schema an import of ``declarations`` stages its rows in on ``connection``: ``temp`` (memory) up to
    IN_MEMORY_UP_TO, else a staging file attached for this import (attached already when an earlier import's
    connection could not detach it: reused, its tables are dropped and made again) in ``folder``: the folder of the
    connection's main database (the store's) unless given (a server's import: decision 227)."""
    if declarations <= IN_MEMORY_UP_TO:
        return "temp"
    attached = _attached(connection)
    fairy = connection.connection
    _detach_on_checkin(connection)
    if SCHEMA in attached:
        fairy.info.setdefault(_INFO_KEY, "")  # detached when the connection goes back, this time
        return SCHEMA
    folder = folder or Path(attached["main"]).parent
    _delete_left_behind(folder)
    path = folder / f"{FILE_PREFIX}{uuid.uuid4().hex}.db"
    key = f"x'{os.urandom(32).hex()}'"  # SQLCipher's raw-key form: a random key, never stored
    try:
        connection.exec_driver_sql(f"ATTACH DATABASE ? AS {SCHEMA} KEY ?", (str(path), key))
    except DBAPIError as error:
        error.hide_parameters = True  # the key is one: never in the message
        error.params = None
        raise
    finally:
        del key
    try:
        connection.exec_driver_sql(f"PRAGMA {SCHEMA}.cipher_page_size = {PAGE_SIZE}")
        connection.exec_driver_sql(f"PRAGMA {SCHEMA}.journal_mode = OFF")
        connection.exec_driver_sql(f"PRAGMA {SCHEMA}.cache_size = -{CACHE_KIB}")
        connection.exec_driver_sql(f"CREATE TABLE {SCHEMA}.created (one)")  # the file exists from here on
        connection.exec_driver_sql(f"DROP TABLE {SCHEMA}.created")
    finally:
        # Deleted now where the system allows (the connection keeps the open file), else once detached.
        fairy.info[_INFO_KEY] = "" if _deleted_while_open(path) else str(path)
    return SCHEMA


def _attached(connection: Connection) -> dict[str, str]:
    return {row[1]: row[2] for row in connection.exec_driver_sql("PRAGMA database_list")}


def _delete_left_behind(folder: Path) -> None:
    """The staging files an import killed where open files cannot be deleted (Windows) left in ``folder``: encrypted,
    their keys gone with their processes. One in use by another import there cannot be deleted and is left to it; on
    POSIX another import's file is deleted as soon as it is attached, so it is never found here but in the instant
    between, and deleting it then changes nothing for that import (it keeps the open file, and deletes nothing)."""
    for left in folder.glob(f"{FILE_PREFIX}*.db"):
        with contextlib.suppress(OSError):
            left.unlink()


def _deleted_while_open(path: Path) -> bool:
    """Whether ``path`` could be deleted while open (POSIX: yes; Windows refuses)."""
    try:
        path.unlink()
    except OSError:
        return False
    return True


def _detach_on_checkin(connection: Connection) -> None:
    pool = connection.engine.pool
    if not event.contains(pool, "checkin", _detach):
        event.listen(pool, "checkin", _detach)


def _detach(dbapi_connection: DBAPIConnection | None, record: ConnectionPoolEntry) -> None:
    """Run as a connection goes back to the pool (its transaction ended): the staging file detached, and deleted
    if it could not be while attached. One that cannot be detached now (a statement still reading it) stays
    attached, noted, and is detached at a later return (the next import on the connection reuses it meanwhile)."""
    if _INFO_KEY not in record.info:
        return
    if dbapi_connection is not None and not _detached(dbapi_connection):
        return
    path = record.info.pop(_INFO_KEY)  # a connection that is gone took the file with it
    if path:
        with contextlib.suppress(OSError):
            Path(path).unlink()


def _detached(dbapi_connection: DBAPIConnection) -> bool:
    """Whether the staging file is no longer attached to the connection: detached now, or already."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"DETACH DATABASE {SCHEMA}")
        return True
    except Exception:  # "locked" (a statement still reading it), or anything else: ask what is attached
        try:
            cursor.execute("PRAGMA database_list")
            return not any(row[1] == SCHEMA for row in cursor.fetchall())
        except Exception:
            return False
    finally:
        cursor.close()
