"""A new data key for the database (after an account was revoked): SQLCipher's rekey, made safe against a kill.

The key file and the database are two files, and no rename replaces both at once. So a rotation writes the key file
it will end with first, as ``keys.rotating.json`` beside the store, then rekeys the database in place, then puts
that file in place of ``keys.json``:

1. ``keys.rotating.json`` (packed: every slot inline) holds the new data key, sealed to each remaining account's
   public key and wrapped under a new recovery key. Killed here: the database is as it was, under the old key;
   the next opening removes the stale file.
2. The database is rekeyed in one transaction of SQLite's rollback journal: WAL checkpointed and switched off
   (``journal_mode = DELETE``; SQLCipher rekeys no WAL database safely, and the switch fails while another
   connection has the database open, which says "busy" and changes nothing), ``PRAGMA rekey``, WAL on again.
   Killed during the rekey: the hot journal restores every page under the old key at the next opening.
3. ``keys.rotating.json`` becomes ``keys.json`` (written as any key file: a new accounts file, then ``keys.json``
   naming it), then ``keys.rotating.json`` is removed. Killed between 2 and 3: the database is under the new key and
   ``keys.json`` still names the old one; an opening whose key no longer opens the database finishes the rotation
   from ``keys.rotating.json`` when its own slot there opens the database. Killed after ``keys.json`` was replaced
   but before ``keys.rotating.json`` was removed: the next opening removes it (its key opens the database).

The whole rotation holds the key file's lock, so no other session changes the key file meanwhile. ``settle`` does
what an opening does for a check that does not open the store (``integrity-check``): finish the rotation or undo what
is left of it, so that the database is checked with the key it is under.
"""

from __future__ import annotations

import contextlib
import enum
import os
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout
from sqlcipher3 import dbapi2 as sqlcipher

from desktop.errors import DeclareError
from desktop.store.errors import DatabaseDamaged, StoreBusy
from desktop.store.failures import storage_failure
from desktop.store.keyfile import KeyFile

DATA_KEY_BYTES = 32
#: How long the switch out of WAL waits for another connection to finish before the rotation gives up ("busy").
BUSY_MS = 3000


def _keyed(database: Path, data_key: bytes, page_size: int) -> sqlcipher.Connection:
    connection = sqlcipher.connect(str(database), isolation_level=None)
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    connection.execute(f"PRAGMA cipher_page_size = {int(page_size)}")
    connection.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    return connection


def rekey_database(database: Path, old_key: bytes, new_key: bytes, page_size: int) -> None:
    """Re-encrypt the database at ``database`` (``page_size``-byte pages, which it keeps) from ``old_key`` to
    ``new_key`` in one transaction (DELETE journal). Raises StoreBusy (nothing changed) while another connection has
    the database open."""
    try:
        connection = _keyed(database, old_key, page_size)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()
            if not mode or str(mode[0]).lower() != "delete":
                raise StoreBusy(str(database))
            connection.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
            connection.execute("PRAGMA journal_mode = WAL").fetchall()
        finally:
            connection.close()
    except sqlcipher.Error as exc:
        raise (storage_failure(exc, database) or DatabaseDamaged(str(database), str(exc))) from None


def opens(database: Path, data_key: bytes, page_size: int) -> bool:
    """Whether ``data_key`` opens the database of ``page_size``-byte pages (its first page decrypts and its schema
    reads)."""
    try:
        connection = _keyed(database, data_key, page_size)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlcipher.Error:
        return False
    return True


def rotate(
    key_file: Path,
    pending: Path,
    lock: Path,
    database: Path,
    old_key: bytes,
    build: Callable[[KeyFile, bytes], KeyFile],
    progress: Callable[[str], None] = lambda _step: None,
) -> tuple[KeyFile, bytes]:
    """Rotate the data key: ``build(current key file, new data key)`` makes the key file to end with. Returns it
    (as written) and the new key. ``progress`` hears "prepared", "rekeyed", "saved" (``keys.json`` replaced) and
    "done" (steps 1, 2 and 3 above).
    The caller has closed every connection it had to the database."""
    with FileLock(lock, timeout=30):
        current = KeyFile.load(key_file)
        new_key = os.urandom(DATA_KEY_BYTES)
        target = build(current, new_key)
        target.save_packed(pending)
        progress("prepared")
        if target.page_size != current.page_size:  # the pages keep their size: the key file must say the same
            raise ValueError("a key rotation cannot change the database's page size")
        try:
            rekey_database(database, old_key, new_key, current.page_size)
        except BaseException:
            with contextlib.suppress(OSError):  # the database is still under the old key
                pending.unlink()
            raise
        progress("rekeyed")
        saved = target.save(key_file)
        progress("saved")
        pending.unlink()
        progress("done")
    return saved, new_key


def finish(
    key_file: Path, pending: Path, lock: Path, database: Path, open_slot: Callable[[KeyFile], bytes]
) -> tuple[KeyFile, bytes] | None:
    """After a rotation killed between the rekey and the key file's replacement: when ``pending`` exists and the
    data key that ``open_slot`` takes from it opens the database, make it the key file. Returns the key file and
    its data key, or None (no rotation to finish)."""
    if not pending.exists():
        return None
    with FileLock(lock, timeout=60):
        if not pending.exists():  # finished meanwhile by the rotation itself or another session
            current = KeyFile.load(key_file)
            data_key = open_slot(current)
            return (current, data_key) if opens(database, data_key, current.page_size) else None
        target = KeyFile.load(pending)
        data_key = open_slot(target)
        if not opens(database, data_key, target.page_size):
            return None
        saved = target.save(key_file)
        pending.unlink()
    return saved, data_key


def remove_stale(pending: Path, lock: Path, database: Path, data_key: bytes, page_size: int) -> bool:
    """Remove a ``pending`` file left by a rotation killed before its rekey committed (or after ``keys.json`` was
    replaced): only when no rotation holds the lock now and ``data_key`` (the key file's, whose pages are
    ``page_size`` bytes) still opens the database, checked under the lock. Whether it was removed."""
    if not pending.exists():
        return False
    try:
        with FileLock(lock, timeout=0):
            if pending.exists() and opens(database, data_key, page_size):
                pending.unlink()
                return True
    except (Timeout, OSError):
        pass
    return False


class Interrupted(enum.Enum):
    """What ``settle`` found of a rotation killed part-way."""

    NONE = "none"  # no rotation was interrupted
    UNDONE = "undone"  # killed before its rekey committed: the database is under the old key, as the key file says
    FINISHED = "finished"  # killed after its rekey: the key file it ends with was put in place


def settle(
    key_file: Path,
    pending: Path,
    lock: Path,
    database: Path,
    current: tuple[KeyFile, bytes],
    open_slot: Callable[[KeyFile], bytes],
) -> tuple[KeyFile, bytes, Interrupted]:
    """The key file and data key the database is under, after finishing or undoing a rotation killed at any step;
    ``current`` is the key file as loaded and the data key its slot gave (``open_slot`` opens the same slot in
    another key file). When no rotation was interrupted, nothing is written and ``current`` comes back."""
    hot_journal = has_journal(database)
    loaded, data_key = current
    if opens(database, data_key, loaded.page_size):  # the first read rolls a hot journal back: the rekey undone
        return loaded, data_key, tidy_opened(pending, lock, database, loaded, data_key, hot_journal)
    finished = finish(key_file, pending, lock, database, open_slot)
    if finished is None:  # no rotation to finish: the database is damaged, or not this key file's
        return loaded, data_key, Interrupted.NONE
    return finished[0], finished[1], Interrupted.FINISHED


def has_journal(database: Path) -> bool:
    """Whether the database has a rollback journal beside it (before it is opened: a rekey killed part-way)."""
    return database.with_name(database.name + "-journal").exists()


def tidy_opened(
    pending: Path, lock: Path, database: Path, loaded: KeyFile, data_key: bytes, hot_journal: bool
) -> Interrupted:
    """After ``data_key`` (``loaded``'s) opened the database: remove what a rotation killed part-way left, and say
    what it was. ``hot_journal``: a journal was there before the database was opened (its first read rolled the
    journal back, undoing a rekey killed in the middle)."""
    completed = _same_rotation(pending, loaded)  # killed after keys.json was replaced, before the cleanup
    removed = remove_stale(pending, lock, database, data_key, loaded.page_size)
    if removed and completed:
        return Interrupted.FINISHED
    undone = removed or (hot_journal and not has_journal(database))
    return Interrupted.UNDONE if undone else Interrupted.NONE


def _same_rotation(pending: Path, loaded: KeyFile) -> bool:
    """Whether ``pending`` is the key file already in place (same recovery slot: a rotation makes a new one)."""
    if not pending.exists():
        return False
    try:
        return KeyFile.load(pending).recovery == loaded.recovery
    except (DeclareError, OSError):
        return False
