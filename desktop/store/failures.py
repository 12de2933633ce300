"""What a failure of the database means for a person: SQLite's result codes turned into typed errors.

SQLAlchemy's message of a failed statement carries the statement and its parameters (names, ID numbers, whole
declarations); none of it may reach a message or a log (issue 12, finding 10). The driver's result code says what
happened: a full disk, a damaged page, a lock held too long, a disk error. Everything else (a constraint, a bug) is
left to the caller, which knows what a constraint means in its work.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from desktop.store.errors import DiskError, DiskFull, StoreBusy, StoreDamaged, StoreError

# SQLite's primary result codes (sqlite3.h).
_BUSY, _LOCKED, _IOERR, _CORRUPT, _FULL, _NOTADB = 5, 6, 10, 11, 13, 26


def _code(exc: BaseException) -> int | None:
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(original, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def storage_failure(exc: BaseException, database: Path | str) -> StoreError | None:
    """The typed error for a database failure ``exc`` of the store whose database is ``database``, or None when
    the failure is not about the store's files (the caller re-raises it)."""
    code = _code(exc)
    path = str(database)
    if code == _FULL:
        return DiskFull(path)
    if code in (_CORRUPT, _NOTADB):
        return StoreDamaged(path)
    if code in (_BUSY, _LOCKED):
        return StoreBusy(path)
    if code == _IOERR:
        # SQLite reports ENOSPC while it grows the -wal or -shm file as a disk I/O error, not as SQLITE_FULL.
        return DiskFull(path) if _little_room(Path(database)) else DiskError(path)
    return None


#: Less free space than this beside the database, after an I/O error, is taken for a full disk.
LITTLE_ROOM = 16 * 1024 * 1024


def _little_room(database: Path) -> bool:
    try:
        return shutil.disk_usage(database.parent).free < LITTLE_ROOM
    except OSError:
        return False


@contextlib.contextmanager
def translated_failures(database: Path | str) -> Iterator[None]:
    """Raise a database failure of the block as its typed error (storage_failure); others pass unchanged. The
    original is dropped from the chain (``from None``) so that no traceback printer shows its parameters."""
    try:
        yield
    except Exception as exc:  # SQLAlchemy's DBAPIError, or the driver's own from a raw cursor (bulk paths)
        failure = storage_failure(exc, database)
        if failure is None:
            raise
        raise failure from None
