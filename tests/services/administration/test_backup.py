"""Backups of a real SQLCipher store: consistent, still encrypted, restorable, and logged in to with the same keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.domain.roles import Role
from desktop.services.administration import accounts
from desktop.services.administration.audit_check import verify_audit_log
from desktop.services.administration.backup import BACKUP_PREFIX, BackupFailed, backup_store, restore_backup
from desktop.services.errors import NotAllowed
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.store.errors import StoreExists, StoreNotFound, WrongPassword
from desktop.store.keyfile import KeyFile
from desktop.store.repositories.units import list_units
from desktop.store.store import StorePaths
from tests.cli.support import find_plaintext, snapshot
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD


def test_a_backup_restored_into_an_empty_folder_opens_with_the_same_password(
    admin_session: Session, tmp_path: Path, clock, throttle
) -> None:
    steps: list[tuple[int, int]] = []

    backup = backup_store(admin_session, tmp_path / "backups", progress=lambda done, total: steps.append((done, total)))

    assert backup.folder.name.startswith(BACKUP_PREFIX)
    assert sorted(p.name for p in backup.folder.iterdir()) == ["declarations.db", "keys.json"]
    assert steps
    assert steps[-1][0] == steps[-1][1] > 0
    restored = restore_backup(backup.folder, tmp_path / "restored")
    session = log_in(restored, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    try:
        with session.store.transaction() as connection:
            assert [u.code for u in list_units(connection)] == ["220402"]
        assert session.store.store_id == admin_session.store.store_id
        assert verify_audit_log(session).ok
    finally:
        session.lock()


def test_the_backup_holds_what_was_there_when_it_was_made_and_nothing_later(
    admin_session: Session, add_user, tmp_path: Path, clock, throttle
) -> None:
    add_user("jijian01", {Role.INSPECTOR})
    backup = backup_store(admin_session, tmp_path / "backups")
    add_user("jijian02", {Role.INSPECTOR})

    restored = restore_backup(backup.folder, tmp_path / "restored")

    assert sorted(KeyFile.load(restored.key_file).accounts) == ["admin", "jijian01"]
    session = log_in(restored, "jijian01", USER_PASSWORD, clock=clock, throttle=throttle)
    session.lock()
    with pytest.raises(WrongPassword):
        log_in(restored, "jijian02", USER_PASSWORD, clock=clock, throttle=throttle)


def test_the_backup_is_encrypted_and_leaves_no_plaintext(admin_session: Session, tmp_path: Path) -> None:
    backup = backup_store(admin_session, tmp_path / "backups")

    assert find_plaintext(backup.folder, ["辽源市公安局龙山区分局", "龙山区"]) == []
    assert not backup.folder.joinpath("declarations.db").read_bytes().startswith(b"SQLite format 3")


def test_the_recovery_key_and_a_changed_password_work_as_at_backup_time(
    admin_session: Session, tmp_path: Path, clock, throttle
) -> None:
    backup = backup_store(admin_session, tmp_path / "backups")
    accounts.change_own_password(admin_session, ADMIN_PASSWORD, "Later-pass-7310")
    restored = restore_backup(backup.folder, tmp_path / "restored")

    with pytest.raises(WrongPassword):
        log_in(restored, "admin", "Later-pass-7310", clock=clock, throttle=throttle)
    log_in(restored, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle).lock()


def test_only_an_administrator_makes_a_backup(
    admin_session: Session, add_user, paths: StorePaths, tmp_path: Path, clock, throttle
) -> None:
    add_user("jijian01", {Role.INSPECTOR})
    inspector = log_in(paths, "jijian01", USER_PASSWORD, clock=clock, throttle=throttle)
    try:
        with pytest.raises(NotAllowed):
            backup_store(inspector, tmp_path / "backups")
    finally:
        inspector.lock()
    assert not (tmp_path / "backups").exists()


def test_a_backup_is_recorded_in_the_audit_log(admin_session: Session, tmp_path: Path) -> None:
    from desktop.store import audit

    backup = backup_store(admin_session, tmp_path / "backups")

    with admin_session.store.transaction() as connection:
        last = audit.entries(connection)[-1]
    assert (last.action, last.actor, last.subject) == ("backup_made", "admin", backup.folder.name)
    assert verify_audit_log(admin_session).ok


def test_restoring_into_a_folder_that_holds_a_store_is_refused_and_changes_nothing(
    admin_session: Session, paths: StorePaths, tmp_path: Path
) -> None:
    backup = backup_store(admin_session, tmp_path / "backups")
    admin_session.lock()
    before = snapshot(paths.folder)

    with pytest.raises(StoreExists):
        restore_backup(backup.folder, paths.folder)

    assert snapshot(paths.folder) == before


def test_restoring_from_a_folder_without_a_backup_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreNotFound):
        restore_backup(tmp_path / "empty", tmp_path / "restored")
    assert not (tmp_path / "restored").exists()


def test_a_destination_that_cannot_be_written_fails_cleanly(admin_session: Session, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")

    with pytest.raises(BackupFailed):
        backup_store(admin_session, blocker)

    assert blocker.read_text(encoding="utf-8") == "not a folder"
