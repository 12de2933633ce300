"""Revocation (issue 12, finding 6): a disabled account loses its key slot; revoking rotates the data key, so that
an old copy of the key file with the old password no longer opens the database, and a rotation killed at any point
leaves a store that opens (the old one, or the finished new one). Real stores, real SQLCipher rekeys, real kills."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop.domain.roles import Role
from desktop.services.administration import accounts
from desktop.services.administration.revocation import disable_account, revoke_and_rotate
from desktop.services.errors import NotAllowed
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.store.errors import DatabaseDamaged, StoreBusy, WrongPassword
from desktop.store.keyfile import KeyFile, accounts_files
from desktop.store.repositories.officers import count_officers, save_officers
from desktop.store.store import Store, StorePaths
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD
from tests.store.support import officer

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def store_with_people(admin_session: Session, add_user) -> Session:
    add_user("clerk01", {Role.ADMIN})
    add_user("jijian01", {Role.INSPECTOR})
    with admin_session.store.transaction() as connection:
        save_officers(connection, [officer(n) for n in range(1, 201)])
    return admin_session


def _copy_key_files(paths: StorePaths, into: Path) -> Path:
    into.mkdir()
    for path in [paths.key_file, *accounts_files(paths.key_file)]:
        shutil.copy2(path, into / path.name)
    return into


def _with_old_key_files(paths: StorePaths, old_keys: Path, into: Path) -> StorePaths:
    """The database as it is now, beside the key files copied earlier: what someone who kept a copy holds."""
    into.mkdir()
    for suffix in ("", "-wal"):
        database = paths.database.with_name(paths.database.name + suffix)
        if database.exists():
            shutil.copy2(database, into / database.name)
    for path in old_keys.iterdir():
        shutil.copy2(path, into / path.name)
    return StorePaths(into)


def test_disabling_an_account_removes_its_slot_and_its_login(store_with_people: Session, clock, throttle):
    paths = store_with_people.store.paths
    disable_account(store_with_people, "clerk01")

    assert "clerk01" not in KeyFile.load(paths.key_file).accounts
    with pytest.raises(WrongPassword):
        log_in(paths, "clerk01", USER_PASSWORD, clock=clock, throttle=throttle)
    listed = {a.login: a for a in accounts.list_accounts(store_with_people)}
    assert listed["clerk01"].disabled
    with pytest.raises(NotAllowed):
        disable_account(store_with_people, "admin")  # not one's own


def test_disabling_alone_leaves_an_old_key_file_working_and_revoking_ends_it(
    store_with_people: Session, clock, throttle, tmp_path: Path
):
    """The attack: a copy of keys.json taken while the account was active, plus its password, opened the current
    database after the account was disabled (the data key never changed)."""
    paths = store_with_people.store.paths
    old_keys = _copy_key_files(paths, tmp_path / "kept-by-clerk")
    disable_account(store_with_people, "clerk01")
    with store_with_people.store.transaction() as connection:
        save_officers(connection, [officer(500)])  # written after the disabling

    copied = _with_old_key_files(paths, old_keys, tmp_path / "after-disable")
    store, _key = Store.unlock(copied, "clerk01", USER_PASSWORD)  # disabling alone does not stop a kept copy
    store.lock()

    rotation = revoke_and_rotate(store_with_people, "clerk01")
    with store_with_people.store.transaction() as connection:
        save_officers(connection, [officer(501)])  # this session goes on under the new key

    copied = _with_old_key_files(paths, old_keys, tmp_path / "after-revoke")
    for login, password in (("clerk01", USER_PASSWORD), ("admin", ADMIN_PASSWORD)):
        with pytest.raises(DatabaseDamaged):
            Store.unlock(copied, login, password)
    assert rotation.accounts == 2  # admin and jijian01 keep their passwords
    for login, password in (("admin", ADMIN_PASSWORD), ("jijian01", USER_PASSWORD)):
        session = log_in(paths, login, password, clock=clock, throttle=throttle)
        with session.store.transaction() as connection:
            assert count_officers(connection) == 202
        session.lock()
    with pytest.raises(WrongPassword):
        log_in(paths, "clerk01", USER_PASSWORD, clock=clock, throttle=throttle)
    Store.unlock_with_recovery_key(paths, rotation.recovery_key).lock()


def test_the_old_recovery_key_does_not_open_the_rotated_store(paths: StorePaths, clock):
    from desktop.domain.units import Unit
    from desktop.services.session.setup import create_store

    created = create_store(
        paths,
        unit=Unit("220402", "辽源市公安局龙山区分局"),
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        clock=clock,
        demo=True,
    )
    old_recovery = created.recovery_key
    Store.unlock_with_recovery_key(paths, old_recovery).lock()
    revoke_and_rotate(created.session)
    created.session.lock()
    with pytest.raises(WrongPassword):
        Store.unlock_with_recovery_key(paths, old_recovery)


def test_rotation_is_refused_while_another_session_has_the_store_open(store_with_people: Session, clock, throttle):
    paths = store_with_people.store.paths
    other = log_in(paths, "jijian01", USER_PASSWORD, clock=clock, throttle=throttle)
    before = KeyFile.load(paths.key_file)
    try:
        with other.store.transaction() as connection:
            count_officers(connection)
        with pytest.raises(StoreBusy):
            revoke_and_rotate(store_with_people)
    finally:
        other.lock()
    assert not paths.rotation_file.exists()
    assert KeyFile.load(paths.key_file).recovery == before.recovery
    with store_with_people.store.transaction() as connection:  # still works with the old key
        assert count_officers(connection) == 200


# -- killed rotations ----------------------------------------------------------------------------------------------


class _Rotation:
    def __init__(self, paths: StorePaths, wait_at: str) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.services.administration.rotation_child",
                str(paths.folder),
                ADMIN_PASSWORD,
                "clerk01",
                wait_at,
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self._watchdog = threading.Timer(60, self.process.kill)
        self._watchdog.start()

    def wait_for(self, step: str) -> None:
        while True:
            line = self.process.stdout.readline()
            assert line, f"the child ended early: {self.process.stderr.read()}"
            if line.strip() == step:
                return

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._watchdog.cancel()
        self.process.stdout.close()
        self.process.stderr.close()
        assert self.process.returncode == -signal.SIGKILL, "the child finished before it was killed"

    def kill_during_rekey(self, paths: StorePaths) -> Path:
        """Kill the child once the rekey's rollback journal has appeared; returns the journal's path."""
        journal = paths.database.with_name(paths.database.name + "-journal")
        deadline = time.monotonic() + 30
        while not journal.exists() and time.monotonic() < deadline:
            time.sleep(0.0005)
        assert journal.exists(), "the rekey's rollback journal never appeared"
        self.kill()
        return journal


@pytest.fixture
def big_store(store_with_people: Session) -> StorePaths:
    """Enough pages that a rekey takes a while (to be killed in the middle of it)."""
    with store_with_people.store.transaction() as connection:
        save_officers(connection, [officer(n) for n in range(1000, 61_000)])
    paths = store_with_people.store.paths
    store_with_people.lock()
    return paths


def _officers_after_kill(paths: StorePaths, clock, throttle) -> int:
    session = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    try:
        with session.store.transaction() as connection:
            return count_officers(connection)
    finally:
        session.lock()


@pytest.mark.slow
@pytest.mark.parametrize("killed_at", ["prepared", "during the rekey", "rekeyed"])
def test_a_rotation_killed_at_any_step_leaves_a_store_that_opens(big_store: StorePaths, clock, throttle, killed_at):
    paths = big_store
    old_key_file = KeyFile.load(paths.key_file)
    child = _Rotation(paths, "rekeyed" if killed_at == "rekeyed" else "never")
    child.wait_for("ready")
    if killed_at == "prepared":
        child.kill()  # before the child reached the rekey, or while it prepares: either way before it commits
    elif killed_at == "during the rekey":
        journal = child.kill_during_rekey(paths)
        assert journal.exists()  # killed in the middle: a hot journal is left
    else:
        child.wait_for("rekeyed")
        child.kill()
        assert paths.rotation_file.exists()

    assert _officers_after_kill(paths, clock, throttle) == 60_200
    assert not paths.rotation_file.exists()
    recovery = KeyFile.load(paths.key_file).recovery
    if killed_at == "rekeyed":  # finished by the next opening: the new key file is in place
        assert recovery != old_key_file.recovery
        assert "clerk01" not in KeyFile.load(paths.key_file).accounts
    else:  # rolled back: the old key file still opens the database
        assert recovery == old_key_file.recovery
        store, _key = Store.unlock(paths, "jijian01", USER_PASSWORD)
        store.lock()


def test_a_rotation_leaves_out_a_damaged_slot(store_with_people: Session, clock, throttle):
    from tests.store.test_damaged_key_slot import PARTS, _damage

    paths = store_with_people.store.paths
    _damage(paths, "jijian01", PARTS["public key"])

    rotation = revoke_and_rotate(store_with_people)

    assert rotation.accounts == 2  # admin and clerk01; jijian01 needs a password reset
    assert "jijian01" not in KeyFile.load(paths.key_file).accounts
    log_in(paths, "clerk01", USER_PASSWORD, clock=clock, throttle=throttle).lock()
