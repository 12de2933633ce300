"""Backing up a store (its key file and a consistent, still encrypted copy of its database) and restoring one.

The database is copied with SQLite's online backup API on a SQLCipher connection keyed with the store's data key, so
the copy is encrypted with the same key, page by page, while the store stays in use; it needs no decryption and no
temporary plaintext. The key file is read under the key-file lock, which is held until the copy is done, so that no
account or password change can fall between the two files. A backup is a store folder of its own: restoring it
means copying its two files into an empty folder (``restore_backup``); every password that worked at the time of the
backup, and the recovery key, open it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout
from sqlcipher3 import dbapi2 as sqlcipher

from desktop.domain.roles import Role
from desktop.errors import DeclareError
from desktop.i18n import N_
from desktop.services.auditing import audited_transaction
from desktop.services.clock import CAMPAIGN_TIMEZONE
from desktop.services.session.session import Session
from desktop.store.atomic import fsync_folder
from desktop.store.engine import open_engine
from desktop.store.errors import DatabaseDamaged, StoreExists, StoreNotFound, WriteFailed
from desktop.store.keyfile import KeyFile
from desktop.store.store import StorePaths

BACKUP_PREFIX = "officer-declare-backup-"
#: Bytes copied between progress reports (1 MiB: 256 pages of 4 kB, 64 of 16 kB).
BYTES_PER_STEP = 1 << 20

#: progress(copied_pages, total_pages)
BackupProgress = Callable[[int, int], None]


class BackupFailed(DeclareError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            N_(
                "The backup into {path} failed ({reason}); what was written there has been removed. The store "
                "itself is unchanged."
            ),
            path=path,
            reason=reason,
        )


@dataclass(frozen=True)
class Backup:
    folder: Path
    database_bytes: int
    key_file_bytes: int


def backup_store(session: Session, destination: Path | str, *, progress: BackupProgress | None = None) -> Backup:
    """Write a backup into a new folder ``officer-declare-backup-YYYYMMDD-HHMMSS`` inside ``destination``.

    Administrators only. The new folder is removed again if anything fails. The backup is recorded in the audit
    log (after the copy, so the copy itself does not contain that entry).
    """
    session.require(Role.ADMIN)
    stamp = session.clock.now().astimezone(CAMPAIGN_TIMEZONE).strftime("%Y%m%d-%H%M%S")
    folder = Path(destination) / f"{BACKUP_PREFIX}{stamp}"
    if folder.exists():
        raise StoreExists(str(folder))
    try:
        folder.mkdir(parents=True)
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)
    except OSError as exc:
        raise BackupFailed(str(folder), exc.strerror or str(exc)) from exc
    target = StorePaths(folder)
    try:
        with FileLock(session.store.paths.lock_file, timeout=30):
            key_file = KeyFile.load(session.store.paths.key_file)
            _copy_database(session, target.database, key_file.page_size, progress)
        # Packed: the accounts inline, so a backup stays a folder of two files (the store splits it when opened).
        key_file.save_packed(target.key_file)
    except (OSError, sqlcipher.Error, Timeout) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise BackupFailed(str(folder), getattr(exc, "strerror", None) or str(exc) or type(exc).__name__) from exc
    except BaseException:  # a DeclareError, a cancellation from the progress callback …: nothing half-done stays
        shutil.rmtree(folder, ignore_errors=True)
        raise
    with audited_transaction(session.store, session.account.login, session.clock) as audit:
        audit.record("backup_made", folder.name)
    return Backup(folder, target.database.stat().st_size, target.key_file.stat().st_size)


def _copy_database(session: Session, database: Path, page_size: int, progress: BackupProgress | None) -> None:
    partial = database.with_name(database.name + ".partial")
    # A connection keyed like the store's own (same data key, same page size, same pragmas): the copied pages stay
    # encrypted, and the backup's database has the store's page size, which the key file copied with it names.
    target_engine = open_engine(partial, session.store.data_key, page_size=page_size)
    try:
        source = session.store.engine.raw_connection()
        target = target_engine.raw_connection()
        try:

            def report(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            source_db, target_db = source.driver_connection, target.driver_connection
            if source_db is None or target_db is None:  # a connection just checked out of the pool has one
                raise RuntimeError("a pooled connection has no SQLCipher connection behind it")
            source_db.backup(target_db, pages=max(BYTES_PER_STEP // page_size, 1), progress=report)
            check = target_db.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise DatabaseDamaged(str(partial), str(check[0] if check else "no answer"))
            # One file, no -wal beside it: a backup is copied around as a folder of two files.
            target_db.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
            source.close()
    finally:
        target_engine.dispose()
    os.chmod(partial, 0o600)  # SQLite makes it 0644 less the umask; encrypted, but still nobody else's business
    with open(partial, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, database)
    fsync_folder(database.parent)


def restore_backup(backup_folder: Path | str, store_folder: Path | str) -> StorePaths:
    """Copy a backup into ``store_folder`` (which must hold no store), ready to log in. The backup is not changed."""
    source = StorePaths(Path(backup_folder))
    target = StorePaths(Path(store_folder))
    if not (source.database.is_file() and source.key_file.is_file()):
        raise StoreNotFound(str(source.folder))
    key_file = KeyFile.load(source.key_file)  # a damaged key file is refused before anything is copied
    if target.exists():
        raise StoreExists(str(target.folder))
    target.folder.mkdir(parents=True, exist_ok=True)
    partial = target.database.with_name(target.database.name + ".partial")
    try:
        shutil.copyfile(source.database, partial)
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(partial, 0o600)
        os.replace(partial, target.database)
        # The key file last: until it is there, the folder is not a store anyone could try to open.
        key_file.save(target.key_file)
    except WriteFailed:
        partial.unlink(missing_ok=True)
        target.database.unlink(missing_ok=True)
        raise
    except OSError as exc:
        partial.unlink(missing_ok=True)
        target.database.unlink(missing_ok=True)
        raise BackupFailed(str(target.folder), exc.strerror or str(exc)) from exc
    return target
