"""A damaged key slot or database page says "damaged, restore from a backup", never "wrong password", and is never
counted by the login throttle; integrity-check finds a single flipped byte anywhere in a real store's database
(issue 12, finding 10). Before, a damaged slot was a wrong password and counted toward the throttle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.domain.roles import Role
from desktop.services.session.integrity import check_integrity
from desktop.services.session.login import log_in
from desktop.services.session.throttle import FREE_ATTEMPTS
from desktop.store.errors import KeySlotDamaged, WrongPassword
from desktop.store.keyfile import KeyFile
from desktop.store.repositories.officers import save_officers
from desktop.store.store import StorePaths
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD
from tests.store.support import officer

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _accounts_file(paths: StorePaths) -> Path:
    return paths.folder / json.loads(paths.key_file.read_bytes())["accounts_file"]


def _flip(text: str, at: int) -> str:
    """One base64 character changed to another: the value still decodes, to different bytes."""
    position = at % (len(text.rstrip("=")) - 1)
    replacement = B64[(B64.index(text[position]) + 1) % 64]
    return text[:position] + replacement + text[position + 1 :]


PARTS = {
    "salt": ("kdf", "salt"),
    "data key nonce": ("data_key", "nonce"),
    "data key ciphertext": ("data_key", "ciphertext"),
    "signing key ciphertext": ("signing_key", "ciphertext"),
    "public key": ("public_key",),
}


def _damage(paths: StorePaths, login: str, part: tuple[str, ...], *, keep_check: bool = True) -> None:
    path = _accounts_file(paths)
    document = json.loads(path.read_bytes())
    slot = document["accounts"][login]
    if not keep_check:
        del slot["check"]  # a slot written before the checksum existed: by then, the file said format 2
        document["version"] = 2
    holder = slot
    for key in part[:-1]:
        holder = holder[key]
    holder[part[-1]] = _flip(holder[part[-1]], 7)
    path.write_bytes(json.dumps(document).encode())


@pytest.fixture
def two_accounts(admin_session, add_user) -> StorePaths:
    add_user("jijian01", {Role.INSPECTOR})
    admin_session.lock()
    return admin_session.store.paths


@pytest.mark.parametrize("part", list(PARTS), ids=list(PARTS))
def test_a_damaged_slot_says_damaged_and_is_never_counted(two_accounts: StorePaths, clock, throttle, part: str):
    paths = two_accounts
    _damage(paths, "admin", PARTS[part])
    store_id = KeyFile.load(paths.key_file).store_id

    for _ in range(FREE_ATTEMPTS + 2):  # more than the throttle lets pass: still "damaged", never "wait"
        with pytest.raises(KeySlotDamaged) as caught:
            log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
        assert not isinstance(caught.value, WrongPassword)
    message = str(caught.value)
    assert "damaged" in message
    assert "backup" in message
    assert throttle.failures(store_id, "admin") == 0
    log_in(paths, "jijian01", USER_PASSWORD, clock=clock, throttle=throttle).lock()  # the others still open


@pytest.mark.parametrize("part", ["data key ciphertext", "data key nonce", "public key"])
def test_an_old_slot_without_checksum_whose_password_opens_part_of_it_says_damaged(
    two_accounts: StorePaths, clock, throttle, part: str
):
    _damage(two_accounts, "admin", PARTS[part], keep_check=False)
    with pytest.raises(KeySlotDamaged):
        log_in(two_accounts, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    with pytest.raises(WrongPassword):  # a wrong password is still a wrong password
        log_in(two_accounts, "admin", "not-the-password-1", clock=clock, throttle=throttle)


def test_a_rewritten_key_file_keeps_a_damaged_slot_damaged(two_accounts: StorePaths, clock, throttle):
    """A change of another account rewrites every slot: the damaged one is written back as it was read, not given a
    fresh checksum that would turn the damage into a 'wrong password' for ever."""
    _damage(two_accounts, "admin", PARTS["salt"])
    session = log_in(two_accounts, "jijian01", USER_PASSWORD, clock=clock, throttle=throttle)
    try:
        session.store.update_key_file(lambda current: current.with_account("jijian01", current.accounts["jijian01"]))
    finally:
        session.lock()
    with pytest.raises(KeySlotDamaged):
        log_in(two_accounts, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)


def test_integrity_check_finds_a_single_flipped_byte_anywhere_in_a_real_store(admin_session, clock, throttle):
    with admin_session.store.transaction() as connection:
        save_officers(connection, [officer(n) for n in range(1, 3001)])
    paths = admin_session.store.paths
    admin_session.lock()  # the last connection checkpoints the WAL into the database file
    database = paths.database
    original = database.read_bytes()
    assert check_integrity(paths, "admin", ADMIN_PASSWORD, throttle=throttle).whole
    size = len(original)
    for offset in (5, 1000, 4096 + 17, size // 3, size // 2 + 123, size - 4096 + 2000, size - 1):
        damaged = bytearray(original)
        damaged[offset] ^= 0x01
        database.write_bytes(bytes(damaged))
        report = check_integrity(paths, "admin", ADMIN_PASSWORD, throttle=throttle)
        assert not report.whole, f"a flipped byte at {offset} of {size} went unnoticed"
        assert not any("测试警员" in line for line in report.problems)
    database.write_bytes(original)
    assert check_integrity(paths, "admin", ADMIN_PASSWORD, throttle=throttle).whole
