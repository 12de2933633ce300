"""Key file format 2 on: the small key file names an accounts file, parsed once per change; format 3 says that every
slot has its checksum, format 4 the database's page size (tests/store/test_page_size.py); formats 1, 2 and 3 (as the
code of earlier commits wrote them) still open and are rewritten in format 4."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from desktop.domain.roles import Role
from desktop.i18n import Translator
from desktop.services.administration import accounts
from desktop.services.administration.backup import backup_store, restore_backup
from desktop.services.auditing import audited_transaction
from desktop.services.session.info import describe
from desktop.services.session.login import log_in
from desktop.store.errors import KeySlotDamaged, StoreTooNew, WrongPassword
from desktop.store.keyfile import FORMAT_VERSION, KeyFile, accounts_files
from desktop.store.store import Store, StorePaths
from tests.cli.support import snapshot
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD

FORMAT_1 = Path(__file__).parent / "fixtures" / "key_file_format_1"
FORMAT_1_RECOVERY_KEY = "TM2QA2-2BRFXK-LQLG6Y-HE5TCZ-L3X6DH-X6EUQJ-6CRL3E-36HLCP"


def _document(path: Path) -> dict[str, object]:
    return json.loads(path.read_bytes())


@pytest.fixture
def format_1(tmp_path: Path) -> StorePaths:
    folder = tmp_path / "format-1"
    shutil.copytree(FORMAT_1, folder, ignore=shutil.ignore_patterns("README.md"))
    return StorePaths(folder)


def test_a_store_whose_key_file_the_previous_version_wrote_opens_and_is_split(format_1, clock, throttle):
    before = KeyFile.load(format_1.key_file)
    assert _document(format_1.key_file)["version"] == 1
    assert sorted(before.accounts) == ["admin", "inspector-1"]
    assert accounts_files(format_1.key_file) == []

    session = log_in(format_1, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    session.lock()

    header = _document(format_1.key_file)
    assert header["version"] == FORMAT_VERSION == 4
    assert "accounts" not in header
    assert [p.name for p in accounts_files(format_1.key_file)] == [header["accounts_file"]]
    after = KeyFile.load(format_1.key_file)
    assert (after.store_id, after.created_at, after.demo, after.recovery, after.accounts) == (
        before.store_id,
        before.created_at,
        before.demo,
        before.recovery,
        before.accounts,
    )
    log_in(format_1, "inspector-1", USER_PASSWORD, clock=clock, throttle=throttle).lock()
    Store.unlock_with_recovery_key(format_1, FORMAT_1_RECOVERY_KEY).lock()


def test_a_store_whose_folder_is_full_opens_in_format_1_all_the_same(format_1, monkeypatch):
    def no_space(*_args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", no_space)
        store, _signing = Store.unlock(format_1, "admin", ADMIN_PASSWORD)
        store.lock()
    assert _document(format_1.key_file)["version"] == 1
    assert accounts_files(format_1.key_file) == []


def test_an_audited_action_rewrites_only_the_small_key_file(admin_session, paths):
    (accounts_file,) = accounts_files(paths.key_file)
    stat = accounts_file.stat()
    header_size = paths.key_file.stat().st_size
    with audited_transaction(admin_session.store, "admin", admin_session.clock) as audit:
        audit.record("test_action", "subject")
    assert accounts_files(paths.key_file) == [accounts_file]
    assert (accounts_file.stat().st_ino, accounts_file.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)
    assert KeyFile.load(paths.key_file).audit_head == admin_session.store.key_file.audit_head
    assert paths.key_file.stat().st_size < 1024
    assert header_size < 1024


def test_the_accounts_are_parsed_once_per_change(admin_session, paths, clock, throttle):
    first = KeyFile.load(paths.key_file).accounts
    with audited_transaction(admin_session.store, "admin", clock) as audit:
        audit.record("test_action", "subject")
    assert KeyFile.load(paths.key_file).accounts is first  # the same objects: not parsed again
    assert admin_session.store.current_slot("admin") is first["admin"]

    accounts.add_account(admin_session, login="added", password=USER_PASSWORD, roles=frozenset({Role.INSPECTOR}))
    changed = KeyFile.load(paths.key_file).accounts
    assert changed is not first
    assert sorted(changed) == ["added", "admin"]
    assert len(accounts_files(paths.key_file)) == 1  # the old accounts file is gone


def test_an_accounts_file_left_by_a_killed_writer_is_ignored_then_removed(admin_session, paths, clock):
    (current,) = accounts_files(paths.key_file)
    orphan = paths.folder / "keys.accounts.0123456789abcdef0123456789abcdef.json"
    orphan.write_bytes(b'{"format": "officer-declare key file acc')
    with audited_transaction(admin_session.store, "admin", clock) as audit:
        audit.record("test_action", "subject")
    assert KeyFile.load(paths.key_file).accounts_file == current.name
    accounts.add_account(admin_session, login="added", password=USER_PASSWORD, roles=frozenset({Role.INSPECTOR}))
    assert orphan not in accounts_files(paths.key_file)
    assert len(accounts_files(paths.key_file)) == 1


def test_a_backup_holds_the_key_file_packed_and_a_restored_store_is_split_again(
    admin_session, paths, clock, throttle, tmp_path
):
    backup = backup_store(admin_session, tmp_path / "backups")
    assert sorted(p.name for p in backup.folder.iterdir()) == ["declarations.db", "keys.json"]
    packed = _document(backup.folder / "keys.json")
    assert packed["version"] == FORMAT_VERSION
    assert "admin" in packed["accounts"]

    restored = restore_backup(backup.folder, tmp_path / "restored")
    assert len(accounts_files(restored.key_file)) == 1
    log_in(restored, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle).lock()


# -- format 3 ------------------------------------------------------------------------------------------------------

FORMAT_2_SEALED = Path(__file__).parent / "fixtures" / "key_file_format_2_sealed"
FORMAT_2_SEALED_RECOVERY_KEY = "UPFXWK-KUMC5F-4U6MZR-SU44KD-PVND5S-HAULIQ-V7E3SG-66MQ2Z"
FORMAT_2_UNCHECKED = Path(__file__).parents[1] / "fixtures" / "made_by_9e47914" / "store"


def _copy(fixture: Path, tmp_path: Path) -> StorePaths:
    folder = tmp_path / fixture.name
    shutil.copytree(fixture, folder, ignore=shutil.ignore_patterns("README.md", "make.py"))
    return StorePaths(folder)


def _accounts_document(paths: StorePaths) -> dict[str, object]:
    return _document(paths.folder / str(_document(paths.key_file)["accounts_file"]))


def test_a_new_store_writes_format_4_with_a_checksum_in_every_slot(admin_session, add_user, paths):
    add_user("jijian01", {Role.INSPECTOR})
    assert _document(paths.key_file)["version"] == 4
    document = _accounts_document(paths)
    assert document["version"] == 4
    assert all("check" in slot for slot in document["accounts"].values())
    assert KeyFile.load(paths.key_file).version == 4


def test_a_format_2_store_with_sealed_keys_made_by_earlier_code_opens_and_is_rewritten_in_format_4(
    tmp_path, clock, throttle
):
    paths = _copy(FORMAT_2_SEALED, tmp_path)
    assert _document(paths.key_file)["version"] == 2
    before = KeyFile.load(paths.key_file)
    assert before.version == 2
    assert sorted(before.accounts) == ["admin", "inspector-1", "inspector-2"]
    (old_accounts_file,) = accounts_files(paths.key_file)

    log_in(paths, "inspector-1", USER_PASSWORD, clock=clock, throttle=throttle).lock()  # its data key is sealed

    assert _document(paths.key_file)["version"] == 4
    assert _accounts_document(paths)["version"] == 4
    assert old_accounts_file not in accounts_files(paths.key_file)
    after = KeyFile.load(paths.key_file)
    assert after.version == 4
    assert (after.store_id, after.created_at, after.recovery, after.accounts, after.audit_head) == (
        before.store_id,
        before.created_at,
        before.recovery,
        before.accounts,
        before.audit_head,
    )
    log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle).lock()  # sealed
    log_in(paths, "inspector-2", USER_PASSWORD, clock=clock, throttle=throttle).lock()  # wrapped
    Store.unlock_with_recovery_key(paths, FORMAT_2_SEALED_RECOVERY_KEY).lock()
    with pytest.raises(WrongPassword):  # revoked before the fixture was made
        log_in(paths, "clerk-1", USER_PASSWORD, clock=clock, throttle=throttle)


def test_a_format_2_store_made_before_slots_had_checksums_opens_and_gains_them(tmp_path, clock, throttle):
    paths = _copy(FORMAT_2_UNCHECKED, tmp_path)
    assert not any("check" in slot for slot in _accounts_document(paths)["accounts"].values())
    log_in(paths, "jijian01", "demo-pass-2026", clock=clock, throttle=throttle).lock()
    document = _accounts_document(paths)
    assert document["version"] == 4
    assert all("check" in slot for slot in document["accounts"].values())
    log_in(paths, "admin", "demo-pass-2026", clock=clock, throttle=throttle).lock()


def test_info_says_the_format_the_key_file_is_written_in(tmp_path, clock, throttle):
    paths = _copy(FORMAT_2_SEALED, tmp_path)
    assert describe(paths).key_file_version == 2  # not yet opened: as the earlier code wrote it
    log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle).lock()
    assert describe(paths).key_file_version == 4


def test_in_format_3_a_slot_without_its_checksum_is_damaged_not_a_wrong_password(
    admin_session, add_user, paths, clock, throttle
):
    add_user("jijian01", {Role.INSPECTOR})
    admin_session.lock()
    path = paths.folder / str(_document(paths.key_file)["accounts_file"])
    document = json.loads(path.read_bytes())
    del document["accounts"]["admin"]["check"]
    path.write_bytes(json.dumps(document).encode())
    with pytest.raises(KeySlotDamaged):
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    log_in(paths, "jijian01", USER_PASSWORD, clock=clock, throttle=throttle).lock()  # the others still open


@pytest.mark.parametrize("which", ["key file", "accounts file"])
def test_a_key_file_of_a_newer_format_says_so_and_changes_nothing(admin_session, paths, clock, throttle, which):
    admin_session.lock()
    path = paths.key_file if which == "key file" else paths.folder / str(_document(paths.key_file)["accounts_file"])
    document = json.loads(path.read_bytes())
    document["version"] = 5
    path.write_bytes(json.dumps(document).encode())
    before = snapshot(paths.folder)
    with pytest.raises(StoreTooNew) as raised:
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    assert "format 5; this one reads up to 4" in raised.value.render(Translator("en"))
    assert snapshot(paths.folder) == before


def test_a_read_only_format_2_store_still_opens(tmp_path, monkeypatch):
    paths = _copy(FORMAT_2_SEALED, tmp_path)

    def no_space(*_args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", no_space)
        store, _signing = Store.unlock(paths, "admin", ADMIN_PASSWORD)
        store.lock()
    assert _document(paths.key_file)["version"] == 2
