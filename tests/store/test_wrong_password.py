"""A store that cannot be opened is never written to: wrong passwords, damaged key files, missing or existing stores,
and throttling of repeated wrong passwords (kept outside the store folder)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from pathlib import Path

import pytest

from desktop.domain.units import Unit
from desktop.services.session.login import log_in
from desktop.services.session.setup import create_store
from desktop.services.session.throttle import FREE_ATTEMPTS, LoginThrottle
from desktop.store.errors import KeyFileDamaged, LoginThrottled, StoreExists, StoreNotFound, WrongPassword
from desktop.store.keyfile import KeyFile
from desktop.store.store import Store, StorePaths
from tests.conftest import ADMIN_PASSWORD
from tests.store.support import snapshot

pytestmark = pytest.mark.usefixtures("admin_session")


@pytest.fixture(params=["locked", "open"])
def store_state(request, admin_session):
    """'open': another session still holds the store (the -wal and -shm files exist); 'locked': it was locked."""
    if request.param == "locked":
        admin_session.lock()
    return request.param


def _files(paths: StorePaths) -> set[str]:
    return {p.name for p in paths.folder.iterdir()}


def test_wrong_password_raises_and_leaves_every_file_byte_identical(paths, clock, throttle, store_state):
    if store_state == "open":
        assert {"declarations.db-wal", "declarations.db-shm"} <= _files(paths)
    before = snapshot(paths.folder)
    with pytest.raises(WrongPassword):
        log_in(paths, "admin", "not-the-password-1", clock=clock, throttle=throttle)
    with pytest.raises(WrongPassword):
        Store.unlock(paths, "admin", ADMIN_PASSWORD + "x")
    with pytest.raises(WrongPassword):
        Store.unlock(paths, "admin", "")
    assert snapshot(paths.folder) == before
    assert set(before) == {p.name for p in paths.folder.iterdir()}


def test_unknown_login_raises_wrong_password_and_changes_nothing(paths, clock, throttle, store_state):
    before = snapshot(paths.folder)
    with pytest.raises(WrongPassword):
        log_in(paths, "nobody", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    with pytest.raises(WrongPassword):
        Store.unlock(paths, "ADMIN", ADMIN_PASSWORD)  # login names are exact
    assert snapshot(paths.folder) == before


def _truncated(raw: bytes) -> bytes:
    return raw[: len(raw) // 2]


def _wrong_format_name(raw: bytes) -> bytes:
    document = json.loads(raw)
    document["format"] = "some other key file"
    return json.dumps(document).encode()


def _wrong_version(raw: bytes) -> bytes:
    document = json.loads(raw)
    document["version"] = 0  # no format has it (a greater one than this program's is a newer program's: StoreTooNew)
    return json.dumps(document).encode()


def _garbage_base64(raw: bytes) -> bytes:
    document = json.loads(raw)
    document["accounts"]["admin"]["kdf"]["salt"] = "%%%not base64%%%"
    return json.dumps(document).encode()


def _garbage_base64_ciphertext(raw: bytes) -> bytes:
    document = json.loads(raw)
    document["accounts"]["admin"]["data_key"]["ciphertext"] = "QUJD*RA=="
    return json.dumps(document).encode()


def _missing_field(raw: bytes) -> bytes:
    document = json.loads(raw)
    del document["recovery"]
    return json.dumps(document).encode()


def _not_utf8(raw: bytes) -> bytes:
    return b"\xff\xfe" + raw


def _json_list(_raw: bytes) -> bytes:
    return b"[1, 2, 3]"


def _empty(_raw: bytes) -> bytes:
    return b""


def _accounts_file(paths: StorePaths) -> Path:
    """The accounts file the key file names (format 2 keeps the accounts' slots there)."""
    return paths.folder / json.loads(paths.key_file.read_bytes())["accounts_file"]


def _named_elsewhere(raw: bytes) -> bytes:
    document = json.loads(raw)
    document["accounts_file"] = "../" + document["accounts_file"]
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    "damage",
    [
        _truncated,
        _wrong_format_name,
        _wrong_version,
        _missing_field,
        _not_utf8,
        _json_list,
        _empty,
        _named_elsewhere,
    ],
)
def test_damaged_key_file_gives_key_file_damaged_and_changes_nothing(paths, clock, throttle, damage):
    paths.key_file.write_bytes(damage(paths.key_file.read_bytes()))
    before = snapshot(paths.folder)
    with pytest.raises(KeyFileDamaged):
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    with pytest.raises(KeyFileDamaged):
        Store.unlock(paths, "admin", ADMIN_PASSWORD)
    assert snapshot(paths.folder) == before


@pytest.mark.parametrize(
    "damage",
    [
        _truncated,
        _wrong_format_name,
        _wrong_version,
        _garbage_base64,
        _garbage_base64_ciphertext,
        _not_utf8,
        _json_list,
        _empty,
    ],
)
def test_a_damaged_accounts_file_gives_key_file_damaged_and_changes_nothing(paths, clock, throttle, damage):
    accounts = _accounts_file(paths)
    accounts.write_bytes(damage(accounts.read_bytes()))
    before = snapshot(paths.folder)
    with pytest.raises(KeyFileDamaged):
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    with pytest.raises(KeyFileDamaged):
        Store.unlock(paths, "admin", ADMIN_PASSWORD)
    assert snapshot(paths.folder) == before


def test_a_missing_accounts_file_gives_key_file_damaged_and_changes_nothing(paths, clock, throttle):
    _accounts_file(paths).unlink()
    before = snapshot(paths.folder)
    with pytest.raises(KeyFileDamaged, match="accounts file"):
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    assert snapshot(paths.folder) == before


def test_damage_helpers_produce_bytes_that_really_differ(paths):
    """Guards the test above: each damage really changes the file, and the undamaged file loads."""
    raw = paths.key_file.read_bytes()
    KeyFile.load(paths.key_file)
    for damage in (_truncated, _wrong_format_name, _named_elsewhere):
        assert damage(raw) != raw
    accounts = _accounts_file(paths).read_bytes()
    for damage in (_truncated, _wrong_format_name, _garbage_base64, _garbage_base64_ciphertext):
        assert damage(accounts) != accounts
    with pytest.raises(binascii.Error):
        base64.b64decode("%%%not base64%%%", validate=True)


def test_missing_store_gives_store_not_found_and_creates_nothing(clock, throttle, tmp_path: Path):
    missing = StorePaths(tmp_path / "no-store-here")
    with pytest.raises(StoreNotFound):
        log_in(missing, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    with pytest.raises(StoreNotFound):
        Store.unlock(missing, "admin", ADMIN_PASSWORD)
    assert not missing.folder.exists()

    empty = StorePaths(tmp_path / "empty-folder")
    empty.folder.mkdir()
    with pytest.raises(StoreNotFound):
        log_in(empty, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    assert list(empty.folder.iterdir()) == []


def test_key_file_without_its_database_gives_store_not_found_and_creates_no_database(
    paths, clock, throttle, admin_session
):
    admin_session.lock()
    paths.database.unlink()
    before = snapshot(paths.folder)
    with pytest.raises(StoreNotFound):
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    assert snapshot(paths.folder) == before
    assert not paths.database.exists()


@pytest.mark.parametrize("keep", ["both", "database only", "key file only"])
def test_creating_where_a_store_exists_raises_store_exists_and_touches_nothing(paths, clock, admin_session, keep):
    admin_session.lock()
    if keep == "database only":
        paths.key_file.unlink()
    elif keep == "key file only":
        paths.database.unlink()
    before = snapshot(paths.folder)
    with pytest.raises(StoreExists):
        Store.create(paths, created_at="2026-11-21T09:30:00Z", demo=True)
    with pytest.raises(StoreExists):
        create_store(
            paths,
            unit=Unit("220403", "另一个单位"),
            admin_login="admin2",
            admin_password="other-pass-9911",
            clock=clock,
            demo=True,
        )
    assert snapshot(paths.folder) == before


def test_creating_where_an_open_store_exists_touches_nothing(paths, clock, admin_session):
    before = snapshot(paths.folder)
    with pytest.raises(StoreExists):
        create_store(
            paths,
            unit=Unit("220403", "另一个单位"),
            admin_login="admin",
            admin_password=ADMIN_PASSWORD,
            clock=clock,
            demo=True,
        )
    assert snapshot(paths.folder) == before
    with admin_session.store.transaction() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM units").scalar() == 1


class _WallClock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC).timestamp()

    def __call__(self) -> float:
        return self.now


def test_fourth_attempt_after_three_wrong_passwords_is_throttled_until_time_passes(paths, clock, tmp_path, store_state):
    wall = _WallClock()
    throttle = LoginThrottle(tmp_path / "state" / "throttle.json", wall_clock=wall)
    store_id = KeyFile.load(paths.key_file).store_id
    before = snapshot(paths.folder)

    assert FREE_ATTEMPTS == 3
    for attempt in range(1, 4):
        with pytest.raises(WrongPassword):
            log_in(paths, "admin", f"wrong-password-{attempt}", clock=clock, throttle=throttle)
        assert throttle.failures(store_id, "admin") == attempt

    with pytest.raises(LoginThrottled) as throttled:
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)  # even the right password waits
    seconds = throttled.value.fields["seconds"]
    assert isinstance(seconds, int)
    assert seconds > 0
    assert throttle.failures(store_id, "admin") == 3  # a throttled attempt is not another failure

    # Another account of the same store is not throttled by admin's failures.
    with pytest.raises(WrongPassword):
        log_in(paths, "someone-else", ADMIN_PASSWORD, clock=clock, throttle=throttle)

    # The throttle lives outside the store folder, which none of this touched.
    assert throttle.path.exists()
    assert not throttle.path.resolve().is_relative_to(paths.folder.resolve())
    assert snapshot(paths.folder) == before

    wall.now += seconds - 1
    with pytest.raises(LoginThrottled):
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    wall.now += 1
    session = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    session.lock()
    assert throttle.failures(store_id, "admin") == 0

    # The counter was reset: three more wrong passwords are allowed before the next wait.
    for attempt in range(3):
        with pytest.raises(WrongPassword):
            log_in(paths, "admin", f"wrong-again-{attempt}", clock=clock, throttle=throttle)
    with pytest.raises(LoginThrottled):
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)


def test_default_throttle_fixture_lives_outside_the_store_folder(paths, throttle):
    assert not throttle.path.resolve().is_relative_to(paths.folder.resolve())


def _attempt_in_parallel(folder: str, throttle_file: str, password: str, barrier) -> str:  # runs in a child process
    from desktop.services.clock import FixedClock

    barrier.wait(timeout=60)
    clock = FixedClock(dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC))
    try:
        log_in(StorePaths(Path(folder)), "admin", password, clock=clock, throttle=LoginThrottle(Path(throttle_file)))
    except WrongPassword:
        return "wrong"
    except LoginThrottled:
        return "throttled"
    return "in"


def test_parallel_wrong_passwords_are_all_counted_and_only_the_free_attempts_are_tried(paths, tmp_path, store_state):
    """Six processes at once: before, all six tried their password and the count lost updates."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    throttle_file = tmp_path / "state" / "throttle.json"
    attempts = 6
    barrier = context.Manager().Barrier(attempts)
    with context.Pool(attempts) as pool:
        results = pool.starmap(
            _attempt_in_parallel,
            [(str(paths.folder), str(throttle_file), f"wrong-password-{n}", barrier) for n in range(attempts)],
        )
    assert sorted(results) == ["throttled"] * (attempts - FREE_ATTEMPTS) + ["wrong"] * FREE_ATTEMPTS
    store_id = KeyFile.load(paths.key_file).store_id
    assert LoginThrottle(throttle_file).failures(store_id, "admin") == FREE_ATTEMPTS


def test_an_attempt_that_fails_for_another_reason_than_the_password_is_not_counted(paths, clock, tmp_path):
    throttle = LoginThrottle(tmp_path / "state" / "throttle.json")
    store_id = KeyFile.load(paths.key_file).store_id
    moved = paths.database.rename(tmp_path / "elsewhere.db")
    for _ in range(FREE_ATTEMPTS + 1):  # the right password, but the database is missing: never throttled
        with pytest.raises(StoreNotFound):
            log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    assert throttle.failures(store_id, "admin") == 0
    moved.rename(paths.database)

    throttle.begin_attempt(store_id, "admin")  # what log_in does first
    assert throttle.failures(store_id, "admin") == 1
    session = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    session.lock()
    assert throttle.failures(store_id, "admin") == 0
