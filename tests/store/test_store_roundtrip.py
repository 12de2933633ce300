"""A store written, locked and opened again keeps everything; it is encrypted; keys and passwords behave."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.crypto.kdf import DEMO_COST, KdfParams
from desktop.crypto.signing import SigningKey
from desktop.domain.roles import Role
from desktop.domain.units import Unit
from desktop.services.administration import accounts
from desktop.services.clock import FixedClock, timestamp
from desktop.services.session.login import log_in
from desktop.services.session.setup import NewStore, create_store
from desktop.services.session.throttle import LoginThrottle
from desktop.store.errors import DatabaseDamaged, WrongPassword
from desktop.store.keyfile import KeyFile, accounts_files
from desktop.store.repositories import accounts as account_repo
from desktop.store.repositories.officers import list_officers, save_officers
from desktop.store.repositories.units import list_units, save_units
from desktop.store.store import Store, StorePaths, make_slot
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD
from tests.store.support import officer, snapshot

UNIT = Unit("220402", "辽源市公安局龙山区分局", None, "龙山区")
CHILD_UNITS = [
    Unit("220402510000", "辽源市公安局龙山区分局向阳派出所", "220402", "向阳街道"),
    Unit("220402520000", "辽源市公安局龙山区分局刑事侦查大队", "220402", ""),
]


def _new_store(paths: StorePaths, clock: FixedClock) -> NewStore:
    return create_store(paths, unit=UNIT, admin_login="admin", admin_password=ADMIN_PASSWORD, clock=clock, demo=True)


@pytest.fixture
def created(paths: StorePaths, clock: FixedClock):
    new = _new_store(paths, clock)
    yield new
    new.session.lock()


def test_everything_written_is_there_after_lock_and_log_in_again(paths, clock, throttle, admin_session):
    roster = [officer(n, unit_code=CHILD_UNITS[n % 2].code) for n in range(1, 11)]
    with admin_session.store.transaction() as connection:
        save_units(connection, CHILD_UNITS)
        save_officers(connection, roster)
    accounts.add_account(
        admin_session, login="000001", password=USER_PASSWORD, roles=frozenset({Role.OFFICER}), police_number="000001"
    )
    accounts.add_account(
        admin_session,
        login="head-510000",
        password=USER_PASSWORD,
        roles=frozenset({Role.UNIT_HEAD, Role.OFFICER}),
        police_number="000002",
        unit_code=CHILD_UNITS[0].code,
    )
    before = accounts.list_accounts(admin_session)
    admin_session.lock()

    session = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    try:
        with session.store.transaction() as connection:
            assert list_units(connection) == sorted([UNIT, *CHILD_UNITS], key=lambda u: u.code)
            assert sorted(list_officers(connection), key=lambda o: o.police_number) == roster
        assert accounts.list_accounts(session) == before
        assert {a.login for a in before} == {"admin", "000001", "head-510000"}
        officer_account = next(a for a in before if a.login == "000001")
        assert officer_account.display_name == roster[0].name
        assert officer_account.unit_code == roster[0].unit_code
    finally:
        session.lock()

    # The new accounts can log in with their own passwords, and see themselves.
    for login in ("000001", "head-510000"):
        user = log_in(paths, login, USER_PASSWORD, clock=clock, throttle=throttle)
        assert user.account.login == login
        assert user.signing_key is not None
        assert user.signing_key.fingerprint == user.account.fingerprint
        user.lock()


def test_database_file_is_encrypted_and_plain_sqlite_cannot_open_it(paths, admin_session):
    admin_session.lock()
    header = paths.database.read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
    assert not header.startswith(b"SQLite format")
    connection = sqlite3.connect(paths.database)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        connection.close()


def test_session_connection_uses_wal_and_synchronous_full(admin_session):
    with admin_session.store.transaction() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY


def test_recovery_key_unlocks_the_store(paths, created):
    created.session.lock()
    store = Store.unlock_with_recovery_key(paths, created.recovery_key)
    try:
        with store.transaction() as connection:
            assert [u.code for u in list_units(connection)] == [UNIT.code]
    finally:
        store.lock()
    # Written by hand: lower case, without the dashes, with spaces.
    relaxed = created.recovery_key.replace("-", " ").lower()
    Store.unlock_with_recovery_key(paths, relaxed).lock()


def _garble(recovery_key: str) -> str:
    """Change one character to another base32 letter (not one the decoder treats as a misreading)."""
    index = next(i for i, ch in enumerate(recovery_key) if ch.isalpha())
    replacement = "K" if recovery_key[index] != "K" else "M"
    return recovery_key[:index] + replacement + recovery_key[index + 1 :]


@pytest.mark.parametrize("kind", ["garbled", "too-short", "not-base32", "empty", "other-store"])
def test_wrong_or_garbled_recovery_key_gives_wrong_password(paths, created, clock, tmp_path, kind):
    created.session.lock()
    if kind == "other-store":
        other = _new_store(StorePaths(tmp_path / "other"), clock)
        other.session.lock()
        key = other.recovery_key
    else:
        key = {
            "garbled": _garble(created.recovery_key),
            "too-short": created.recovery_key[:-7],
            "not-base32": "this is not a recovery key!",
            "empty": "",
        }[kind]
    before = snapshot(paths.folder)
    with pytest.raises(WrongPassword):
        Store.unlock_with_recovery_key(paths, key)
    assert snapshot(paths.folder) == before


def test_reset_password_with_recovery_key_gives_new_key_pair_and_keeps_old_key_retired(paths, created, clock, throttle):
    old_public = created.session.signing_key.public_key
    old_fingerprint = created.session.account.fingerprint
    created.session.lock()

    clock.advance(days=3)
    now = timestamp(clock)
    store = Store.unlock_with_recovery_key(paths, created.recovery_key)
    try:
        updated = accounts.reset_password(store, "admin", "recovered-pass-3391", now)
        with store.transaction() as connection:
            history = account_repo.key_history(connection, updated.id)
    finally:
        store.lock()

    assert updated.fingerprint != old_fingerprint
    assert len(history) == 2
    (first_key, first_fp, _created, first_retired), (second_key, second_fp, second_created, second_retired) = history
    assert (first_key, first_fp, first_retired) == (old_public, old_fingerprint, now)
    assert second_fp == updated.fingerprint
    assert second_key != old_public
    assert (second_created, second_retired) == (now, None)

    with pytest.raises(WrongPassword):
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    session = log_in(paths, "admin", "recovered-pass-3391", clock=clock, throttle=throttle)
    assert session.account.fingerprint == updated.fingerprint
    assert session.signing_key.public_key == second_key
    session.lock()


def test_change_own_password_keeps_fingerprint_and_old_password_stops_working(paths, clock, throttle, add_user):
    add_user("inspector-1", {Role.INSPECTOR})
    user = log_in(paths, "inspector-1", USER_PASSWORD, clock=clock, throttle=throttle)
    fingerprint = user.account.fingerprint
    accounts.change_own_password(user, USER_PASSWORD, "new-secret-pass-77")
    user.lock()

    with pytest.raises(WrongPassword):
        log_in(paths, "inspector-1", USER_PASSWORD, clock=clock, throttle=throttle)
    again = log_in(paths, "inspector-1", "new-secret-pass-77", clock=clock, throttle=throttle)
    try:
        assert again.account.fingerprint == fingerprint
        assert again.signing_key.fingerprint == fingerprint
        with again.store.transaction() as connection:
            assert len(account_repo.key_history(connection, again.account.id)) == 1
    finally:
        again.lock()


def test_change_own_password_with_wrong_old_password_changes_nothing(paths, clock, throttle, add_user):
    add_user("inspector-2", {Role.INSPECTOR})
    user = log_in(paths, "inspector-2", USER_PASSWORD, clock=clock, throttle=throttle)
    key_file = paths.key_file.read_bytes()
    with pytest.raises(WrongPassword):
        accounts.change_own_password(user, "not-my-password-1", "new-secret-pass-77")
    user.lock()
    assert paths.key_file.read_bytes() == key_file


def test_admin_reset_password_changes_fingerprint(paths, clock, throttle, admin_session, add_user):
    created_account = add_user("inspector-3", {Role.INSPECTOR})
    reset = accounts.admin_reset_password(admin_session, "inspector-3", "reset-by-admin-42")
    assert reset.fingerprint != created_account.fingerprint
    with admin_session.store.transaction() as connection:
        history = account_repo.key_history(connection, reset.id)
    assert [fp for _key, fp, _created, _retired in history] == [created_account.fingerprint, reset.fingerprint]
    assert history[0][3] is not None
    assert history[1][3] is None

    with pytest.raises(WrongPassword):
        log_in(paths, "inspector-3", USER_PASSWORD, clock=clock, throttle=throttle)
    user = log_in(paths, "inspector-3", "reset-by-admin-42", clock=clock, throttle=throttle)
    assert user.account.fingerprint == reset.fingerprint
    user.lock()


def test_key_file_from_another_store_gives_database_damaged_and_changes_nothing(
    paths, clock, tmp_path: Path, admin_session
):
    admin_session.lock()
    other_paths = StorePaths(tmp_path / "other")
    other = _new_store(other_paths, clock)  # same login and password, different data key
    other.session.lock()
    # The key file and the accounts file it names (format 2 keeps the accounts' slots beside it).
    for copied in (other_paths.key_file, *accounts_files(other_paths.key_file)):
        shutil.copyfile(copied, paths.folder / copied.name)
    before = snapshot(paths.folder)

    throttle = LoginThrottle(tmp_path / "state2" / "throttle.json")
    with pytest.raises(DatabaseDamaged):
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    with pytest.raises(DatabaseDamaged):
        Store.unlock_with_recovery_key(paths, other.recovery_key)
    assert snapshot(paths.folder) == before
    assert paths.key_file.read_bytes() == other_paths.key_file.read_bytes()


def test_key_file_naming_another_store_id_gives_database_damaged(paths, clock, throttle, admin_session):
    """The right data key, but a key file that says it belongs to another store: refused, nothing changed."""
    data_key = admin_session.store.data_key
    real = admin_session.store.key_file
    admin_session.lock()
    slot = make_slot(
        "another-store", "admin", ADMIN_PASSWORD, data_key, SigningKey.generate(), KdfParams.fresh(DEMO_COST)
    )
    forged = KeyFile(
        store_id="another-store",
        created_at=real.created_at,
        demo=True,
        recovery=real.recovery,
        accounts={"admin": slot},
        page_size=real.page_size,
    )
    forged.save(paths.key_file)
    before = snapshot(paths.folder)
    with pytest.raises(DatabaseDamaged, match="another store"):
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    assert snapshot(paths.folder) == before
