"""write_atomic: the new content or the old, never half, never a temp file left; a full disk is a clear error."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from desktop.domain.roles import Role
from desktop.services.administration import accounts
from desktop.services.session.login import log_in
from desktop.store.atomic import write_atomic
from desktop.store.errors import WriteFailed
from desktop.store.repositories import accounts as account_repo
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD
from tests.store.support import snapshot


def _no_space(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_write_atomic_replaces_the_content(tmp_path: Path):
    target = tmp_path / "keys.json"
    write_atomic(target, b"first")
    assert target.read_bytes() == b"first"
    write_atomic(target, b"second, longer than the first")
    assert target.read_bytes() == b"second, longer than the first"
    write_atomic(target, b"3")
    assert target.read_bytes() == b"3"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys.json"]
    assert target.stat().st_mode & 0o777 == 0o600


def test_write_atomic_writes_large_content_whole(tmp_path: Path):
    target = tmp_path / "big.bin"
    data = os.urandom(3 * 1024 * 1024 + 17)
    write_atomic(target, data)
    assert target.read_bytes() == data


@pytest.mark.parametrize("failing", ["replace", "write", "fsync", "open"])
def test_failed_write_leaves_the_original_and_no_temp_file(tmp_path: Path, monkeypatch, failing: str):
    target = tmp_path / "keys.json"
    target.write_bytes(b"the original content")
    with monkeypatch.context() as patch:
        patch.setattr(os, failing, _no_space)
        with pytest.raises(WriteFailed) as failed:
            write_atomic(target, b"new content that does not fit")
    assert target.read_bytes() == b"the original content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys.json"]
    message = str(failed.value)
    assert str(target) in message
    assert "No space left on device" in message
    assert failed.value.fields["path"] == str(target)
    assert isinstance(failed.value.__cause__, OSError)
    assert failed.value.__cause__.errno == errno.ENOSPC


def test_write_failing_half_way_leaves_the_original(tmp_path: Path, monkeypatch):
    """The first chunk is written, the second hits a full disk: the target still holds the old bytes."""
    target = tmp_path / "keys.json"
    target.write_bytes(b"old")
    real_write = os.write
    calls = []

    def write_some(fd: int, data: bytes) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[:10]))
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", write_some)
        with pytest.raises(WriteFailed, match=r"keys\.json"):
            write_atomic(target, b"x" * 100)
    assert len(calls) == 2
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys.json"]


def test_failed_first_write_creates_no_file(tmp_path: Path, monkeypatch):
    target = tmp_path / "new.json"
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", _no_space)
        with pytest.raises(WriteFailed):
            write_atomic(target, b"content")
    assert list(tmp_path.iterdir()) == []


def test_full_disk_while_adding_an_account_rolls_back_and_keeps_the_key_file(
    paths, clock, throttle, admin_session, monkeypatch
):
    key_file_bytes = paths.key_file.read_bytes()
    key_file_in_memory = admin_session.store.key_file
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", _no_space)
        with pytest.raises(WriteFailed) as failed:
            accounts.add_account(
                admin_session, login="inspector-9", password=USER_PASSWORD, roles=frozenset({Role.INSPECTOR})
            )
    assert str(paths.key_file) in str(failed.value)

    # The database has no trace of the account, the key file and its in-memory copy are unchanged.
    with admin_session.store.transaction() as connection:
        assert account_repo.get_account(connection, "inspector-9") is None
        assert connection.exec_driver_sql("SELECT count(*) FROM accounts").scalar() == 1
        assert connection.exec_driver_sql("SELECT count(*) FROM account_roles").scalar() == 1
        assert connection.exec_driver_sql("SELECT count(*) FROM account_keys").scalar() == 1
    assert paths.key_file.read_bytes() == key_file_bytes
    assert admin_session.store.key_file is key_file_in_memory
    assert not [p.name for p in paths.folder.iterdir() if p.name.endswith(".tmp")]

    # Once there is space again, the same account can be added, and both it and the admin can log in.
    accounts.add_account(admin_session, login="inspector-9", password=USER_PASSWORD, roles=frozenset({Role.INSPECTOR}))
    admin_session.lock()
    log_in(paths, "inspector-9", USER_PASSWORD, clock=clock, throttle=throttle).lock()
    log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle).lock()


def test_full_disk_while_changing_a_password_keeps_the_old_one(paths, clock, throttle, admin_session, monkeypatch):
    admin_session.lock()
    session = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    before = snapshot(paths.folder)
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", _no_space)
        with pytest.raises(WriteFailed):
            accounts.change_own_password(session, ADMIN_PASSWORD, "a-new-admin-pass-5")
    session.lock()
    assert snapshot(paths.folder)["keys.json"] == before["keys.json"]
    log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle).lock()
