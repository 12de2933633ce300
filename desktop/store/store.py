"""An open store: the key file, the SQLCipher engine and the data key, from creation or unlock to lock."""

from __future__ import annotations

import contextlib
import hmac
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock
from sqlalchemy import Connection, Engine, event, select

from desktop.crypto.kdf import KdfParams
from desktop.crypto.recovery import new_recovery_key, recovery_kek
from desktop.crypto.sealing import SealedKey, open_sealed
from desktop.crypto.signing import SigningKey
from desktop.crypto.wrap import UnwrapFailed, WrappedKey, unwrap, wrap
from desktop.store import rotation, schema
from desktop.store.engine import open_engine
from desktop.store.errors import (
    DatabaseDamaged,
    KeySlotDamaged,
    StoreExists,
    StoreNotFound,
    WriteFailed,
    WrongPassword,
)
from desktop.store.failures import translated_failures
from desktop.store.keyfile import (
    FORMAT_VERSION,
    PAGE_SIZES,
    AccountSlot,
    KeyFile,
    RecoverySlot,
    accounts_files,
    purpose,
)
from desktop.store.migrations import migrate

STORE_FORMAT = "officer-declare store"
DATA_KEY_BYTES = 32
#: The page size (bytes) of the databases of new stores: the import's copy and commit take about half the CPU of
#: 4,096-byte pages (decisions 160, 196). Old stores keep theirs; the key file says which (format 4).
NEW_STORE_PAGE_SIZE = 16384


@dataclass(frozen=True, slots=True)
class StorePaths:
    folder: Path

    @property
    def database(self) -> Path:
        return self.folder / "declarations.db"

    @property
    def key_file(self) -> Path:
        return self.folder / "keys.json"

    @property
    def lock_file(self) -> Path:
        """Serialises key-file updates between processes; holds nothing."""
        return self.folder / "keys.json.lock"

    @property
    def rotation_file(self) -> Path:
        """The key file a key rotation ends with, while it runs (store/rotation.py)."""
        return self.folder / "keys.rotating.json"

    @property
    def attempts_file(self) -> Path:
        """The login throttle's counts (no secrets): beside the store, so that no other state folder resets them."""
        return self.folder / "login-attempts.json"

    def store_files(self) -> list[Path]:
        db = self.database
        return [
            db,
            db.with_name(db.name + "-wal"),
            db.with_name(db.name + "-shm"),
            db.with_name(db.name + "-journal"),
            self.key_file,
            *accounts_files(self.key_file),
            self.lock_file,
            self.rotation_file,
            self.attempts_file,
            self.attempts_file.with_name(self.attempts_file.name + ".lock"),
        ]

    def exists(self) -> bool:
        return any(p.exists() for p in (self.database, self.key_file))


def make_slot(
    store_id: str, login: str, password: str, data_key: bytes, signing_key: SigningKey, kdf: KdfParams
) -> AccountSlot:
    """Wrap the data key and the account's signing key under a key derived from the account's password."""
    kek = kdf.derive(password)
    return AccountSlot(
        kdf=kdf,
        data_key=wrap(kek, data_key, purpose("data-key", store_id, login)),
        signing_key=wrap(kek, signing_key.raw(), purpose("signing-key", store_id, login)),
        public_key=signing_key.public_key,
    )


def open_slot(store_id: str, login: str, slot: AccountSlot, password: str) -> tuple[bytes, SigningKey]:
    """The data key and signing key a password opens; WrongPassword when it opens nothing, KeySlotDamaged when the
    slot was damaged on disk (its checksum, or a part that does not fit the rest)."""
    if slot.damaged:
        raise KeySlotDamaged(login)
    kek = slot.kdf.derive(password)
    try:
        signing = SigningKey.from_raw(unwrap(kek, slot.signing_key, purpose("signing-key", store_id, login)))
    except UnwrapFailed:
        raise WrongPassword from None
    # The password opened the signing key: from here on, anything that does not fit is damage, not the password.
    if not hmac.compare_digest(signing.public_key, slot.public_key):
        raise KeySlotDamaged(login)
    try:
        if isinstance(slot.data_key, SealedKey):  # given by a key rotation
            data_key = open_sealed(signing, slot.data_key, purpose("data-key", store_id, login))
        else:
            data_key = unwrap(kek, slot.data_key, purpose("data-key", store_id, login))
    except UnwrapFailed:
        raise KeySlotDamaged(login) from None
    return data_key, signing


class Store:
    """An unlocked store. ``lock()`` disposes the engine and overwrites the data key in memory."""

    def __init__(self, paths: StorePaths, key_file: KeyFile, engine: Engine, data_key: bytes) -> None:
        self.paths = paths
        self.key_file = key_file
        self.engine = engine
        self._data_key = bytearray(data_key)
        self._deferred_head: dict[str, object] | None = None
        #: A key rotation found killed part-way when this store was opened, and what the opening did about it.
        self.interrupted_rotation = rotation.Interrupted.NONE

    @property
    def store_id(self) -> str:
        return self.key_file.store_id

    @property
    def demo(self) -> bool:
        return self.key_file.demo

    @property
    def data_key(self) -> bytes:
        if not any(self._data_key):
            raise RuntimeError("the store is locked")
        return bytes(self._data_key)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A transaction, committed when the block ends. A failure of the database's files (full disk, damaged
        page, lock held too long, disk error) is raised as its typed error, never with the statement's parameters."""
        with translated_failures(self.paths.database), self.engine.begin() as connection:
            yield connection

    def write_first_key_file(self, key_file: KeyFile) -> None:
        """The key file of a store being created (there is none yet)."""
        self.key_file = key_file.save(self.paths.key_file)

    def update_key_file(self, change: Callable[[KeyFile], KeyFile]) -> None:
        """Apply ``change`` to the key file as it is on disk now, under a lock, and write it atomically.

        Another session (another window, the CLI) may have added an account or moved the audit head since this one
        read the file; starting from the disk, never from this session's copy, keeps their changes. A key file in
        format 1 (the accounts inline) or packed (a backup's) is written split whatever the change.
        """
        with FileLock(self.paths.lock_file, timeout=30):
            current = KeyFile.load(self.paths.key_file)
            if current.store_id != self.key_file.store_id:
                raise DatabaseDamaged(str(self.paths.database), "the key file belongs to another store")
            updated = change(current)
            if updated is not current or updated.accounts_file is None or updated.version < FORMAT_VERSION:
                updated = updated.save(self.paths.key_file)
        self.key_file = updated

    def current_slot(self, login: str) -> AccountSlot:
        """The account's slot as it is on disk now (another session may have changed the password). Reads the small
        key file; the accounts file it names is parsed once per process."""
        slot = KeyFile.load(self.paths.key_file).accounts.get(login)
        if slot is None:
            raise WrongPassword
        return slot

    def publish_audit_head(self, head: dict[str, object]) -> None:
        """Keep the audit chain's head in the key file too, after the transaction that extended it committed.
        The head only ever moves forward: a slower session never puts back an older one."""
        if self._deferred_head is not None:
            self._deferred_head = head
            return

        def forward(current: KeyFile) -> KeyFile:
            old = current.audit_head or {}
            # The ignore below: seq is an int in the JSON head
            if int(old.get("seq", 0)) >= int(head.get("seq", 0)):  # type: ignore[call-overload]
                return current
            return current.with_audit_head(head)

        self.update_key_file(forward)

    @contextlib.contextmanager
    def batched_audit_head(self) -> Iterator[None]:
        """For bulk work done by the system (the demo): write the audit head to the key file once, at the end, and
        commit without waiting for the disk at each transaction (synchronous=NORMAL: in WAL mode a killed process
        still loses nothing committed; only a power cut can take the last transactions, and the bulk work is then
        redone). Every connection is FULL again after the block."""
        self._deferred_head = self.key_file.audit_head or {}

        def normal(dbapi_connection: Any, _record: object, _proxy: object) -> None:
            dbapi_connection.execute("PRAGMA synchronous = NORMAL")

        event.listen(self.engine, "checkout", normal)
        try:
            yield
        finally:
            event.remove(self.engine, "checkout", normal)
            self.engine.dispose()  # the pooled connections go; new ones get FULL from open_engine
            head, self._deferred_head = self._deferred_head, None
            if head:
                self.publish_audit_head(head)

    def rotate_data_key(
        self, build: Callable[[KeyFile, bytes], KeyFile], progress: Callable[[str], None] = lambda _step: None
    ) -> None:
        """Give the database a new data key (store/rotation.py); ``build(current key file, new key)`` makes the key
        file that goes with it. This session goes on with the new key. StoreBusy while another window or command
        has the store open (nothing changed then)."""
        self.engine.dispose()  # no connection of this process may stay open across the rekey
        paths = self.paths
        key_file, data_key = rotation.rotate(
            paths.key_file, paths.rotation_file, paths.lock_file, paths.database, self.data_key, build, progress
        )
        engine = open_engine(paths.database, data_key, page_size=key_file.page_size)
        self.engine.dispose()
        self.engine, self.key_file = engine, key_file
        self._data_key[:] = data_key

    def lock(self) -> None:
        self.engine.dispose()
        for i in range(len(self._data_key)):
            self._data_key[i] = 0

    # -- opening -----------------------------------------------------------------------------------------------

    @classmethod
    def unlock(cls, paths: StorePaths, login: str, password: str) -> tuple[Store, SigningKey]:
        """Open with an account's password. Writes nothing unless the password is right."""
        key_file = KeyFile.load(paths.key_file)
        slot = key_file.accounts.get(login)
        if slot is None:
            # Spend the same time as a real attempt, so a timing does not tell which logins exist.
            if key_file.accounts:
                next(iter(key_file.accounts.values())).kdf.derive(password)
            raise WrongPassword
        data_key, signing_key = open_slot(key_file.store_id, login, slot, password)

        def slot_in(candidate: KeyFile) -> bytes:
            found = candidate.accounts.get(login)
            if found is None:
                raise WrongPassword
            return open_slot(candidate.store_id, login, found, password)[0]

        return cls._open(paths, key_file, data_key, slot_in), signing_key

    @classmethod
    def unlock_with_recovery_key(cls, paths: StorePaths, recovery_key: str) -> Store:
        key_file = KeyFile.load(paths.key_file)
        try:
            kek = recovery_kek(recovery_key, key_file.recovery.salt)
            data_key = unwrap(kek, key_file.recovery.data_key, purpose("recovery", key_file.store_id))
        except (ValueError, UnwrapFailed):
            raise WrongPassword from None

        def slot_in(candidate: KeyFile) -> bytes:
            try:
                kek = recovery_kek(recovery_key, candidate.recovery.salt)
                return unwrap(kek, candidate.recovery.data_key, purpose("recovery", candidate.store_id))
            except (ValueError, UnwrapFailed):
                raise WrongPassword from None

        return cls._open(paths, key_file, data_key, slot_in)

    @classmethod
    def _open(cls, paths: StorePaths, key_file: KeyFile, data_key: bytes, slot_in: Callable[[KeyFile], bytes]) -> Store:
        """Open the database with ``data_key`` (from ``key_file``). ``slot_in`` opens the same slot in another key
        file: a key rotation killed after its rekey left the key file it ends with beside the store."""
        if not paths.database.exists():
            raise StoreNotFound(str(paths.folder))
        hot_journal = rotation.has_journal(paths.database)
        try:
            engine = open_engine(paths.database, data_key, page_size=key_file.page_size)
        except DatabaseDamaged:
            finished = rotation.finish(paths.key_file, paths.rotation_file, paths.lock_file, paths.database, slot_in)
            if finished is None:
                raise
            key_file, data_key = finished
            engine = open_engine(paths.database, data_key, page_size=key_file.page_size)
            interrupted = rotation.Interrupted.FINISHED
        else:
            interrupted = rotation.tidy_opened(
                paths.rotation_file, paths.lock_file, paths.database, key_file, data_key, hot_journal
            )
        try:
            with translated_failures(paths.database), engine.begin() as connection:
                found = connection.execute(select(schema.meta.c.value).where(schema.meta.c.key == "store_id")).scalar()
                if found != key_file.store_id:
                    raise DatabaseDamaged(str(paths.database), "the key file belongs to another store")
                migrate(connection)
        except BaseException:
            # StoreTooNew, a failed migration …: close the file, so no -wal/-shm stays behind and nothing is held open.
            engine.dispose()
            raise
        store = cls(paths, key_file, engine, data_key)
        store.interrupted_rotation = interrupted
        if key_file.accounts_file is None or key_file.version < FORMAT_VERSION:
            # Format 1 or a restored backup: split the key file now, so signing does not parse every account's slot;
            # format 1 or 2: write it in the current format. A folder that cannot be written (a read-only copy)
            # still opens; the next change tries again.
            with contextlib.suppress(WriteFailed):
                store.update_key_file(lambda current: current)
        return store

    @classmethod
    def create(
        cls, paths: StorePaths, *, created_at: str, demo: bool, page_size: int = NEW_STORE_PAGE_SIZE
    ) -> tuple[Store, str]:
        """A new, empty, migrated store with no accounts yet; returns it and the recovery key (shown once). Its
        database has ``page_size``-byte pages, which its key file records (another size only for tests and benches
        that need a store as earlier versions made them).

        The key file is written only by the caller's ``write_first_key_file`` (with the first account); a set-up
        that fails half-way calls ``discard_new_store`` to remove what it made.
        """
        if paths.exists():
            raise StoreExists(str(paths.folder))
        paths.folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(paths.folder, 0o700)
        store_id = str(uuid.uuid4())
        data_key = os.urandom(DATA_KEY_BYTES)
        recovery_key = new_recovery_key()
        salt = os.urandom(16)
        recovery = RecoverySlot(
            salt=salt,
            data_key=wrap(recovery_kek(recovery_key, salt), data_key, purpose("recovery", store_id)),
        )
        if page_size not in PAGE_SIZES:
            raise ValueError(f"SQLCipher makes no database with {page_size}-byte pages")
        key_file = KeyFile(store_id=store_id, created_at=created_at, demo=demo, recovery=recovery, page_size=page_size)
        engine = open_engine(paths.database, data_key, page_size=page_size)
        with contextlib.suppress(OSError):
            os.chmod(paths.database, 0o600)  # encrypted anyway; still nobody else's business
        with engine.begin() as connection:
            migrate(connection)
            connection.execute(
                schema.meta.insert(),
                [
                    {"key": "store_id", "value": store_id},
                    {"key": "format", "value": STORE_FORMAT},
                    {"key": "created_at", "value": created_at},
                    {"key": "demo", "value": "1" if demo else "0"},
                ],
            )
        return cls(paths, key_file, engine, data_key), recovery_key


def discard_new_store(paths: StorePaths) -> None:
    """Remove the files of a store whose set-up failed in the same call that created it. Never call it otherwise."""
    for path in paths.store_files():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


__all__ = ["Store", "StorePaths", "WrappedKey", "discard_new_store", "make_slot", "open_slot"]
