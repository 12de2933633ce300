"""The login throttle counts beside the store (issue 12, finding 11): another state folder does not reset it."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.services.session.login import log_in
from desktop.services.session.throttle import FREE_ATTEMPTS, LoginThrottle
from desktop.store.errors import LoginThrottled, WrongPassword
from desktop.store.keyfile import KeyFile
from desktop.store.store import StorePaths
from tests.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.usefixtures("admin_session")


def test_the_count_lives_in_the_store_folder_whatever_the_state_folder(paths: StorePaths, clock, tmp_path: Path):
    first = LoginThrottle.beside(paths, fallback=tmp_path / "state-1" / "throttle.json")
    for attempt in range(FREE_ATTEMPTS):
        with pytest.raises(WrongPassword):
            log_in(paths, "admin", f"wrong-password-{attempt}", clock=clock, throttle=first)

    # Another state folder (another XDG_STATE_HOME): the same count, so even the right password waits.
    second = LoginThrottle.beside(paths, fallback=tmp_path / "state-2" / "throttle.json")
    with pytest.raises(LoginThrottled):
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=second)

    assert paths.attempts_file.is_file()
    assert not (tmp_path / "state-1").exists()
    assert not (tmp_path / "state-2").exists()
    store_id = KeyFile.load(paths.key_file).store_id
    assert second.failures(store_id, "admin") == FREE_ATTEMPTS
    assert store_id in paths.attempts_file.read_text(encoding="utf-8")
    assert ADMIN_PASSWORD not in paths.attempts_file.read_text(encoding="utf-8")


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """``folder`` made unwritable for this process: by its mode for a normal user; for root (whom modes do not stop,
    as on CI) by a read-only bind mount of the folder onto itself."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX folder modes or mounts")
def test_a_store_whose_folder_cannot_be_written_counts_in_the_state_folder_and_still_opens(
    paths: StorePaths, clock, tmp_path: Path
) -> None:
    fallback = tmp_path / "state" / "throttle.json"
    throttle = LoginThrottle.beside(paths, fallback=fallback)
    with _read_only(paths.folder):
        with pytest.raises(WrongPassword):
            log_in(paths, "admin", "wrong-password-1", clock=clock, throttle=throttle)
        assert fallback.is_file()
        assert not paths.attempts_file.exists()
