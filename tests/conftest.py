"""Shared fixtures: real SQLCipher stores in tmp_path, a fixed clock, a throttle file outside the store."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from desktop.domain.roles import Role
from desktop.domain.units import Unit
from desktop.services import accounts
from desktop.services.clock import FixedClock
from desktop.services.session import Session
from desktop.services.setup import create_store
from desktop.services.throttle import LoginThrottle
from desktop.store.store import StorePaths

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ADMIN_PASSWORD = "admin-pass-8472"
USER_PASSWORD = "user-pass-5531"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every per-user folder (data, state, config) into a temporary home, so no test touches the real one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for name in ("OFFICER_DECLARE_HOME", "OFFICER_DECLARE_PASSWORD", "OFFICER_DECLARE_USER",
                 "OFFICER_DECLARE_NEW_PASSWORD", "OFFICER_DECLARE_LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC))


@pytest.fixture
def paths(tmp_path: Path) -> StorePaths:
    return StorePaths(tmp_path / "store")


@pytest.fixture
def throttle(tmp_path: Path) -> LoginThrottle:
    return LoginThrottle(tmp_path / "state" / "throttle.json")


@pytest.fixture
def admin_session(paths: StorePaths, clock: FixedClock) -> Session:
    """A demo-cost store with one unit (220402) and an administrator 'admin'."""
    created = create_store(
        paths,
        unit=Unit("220402", "辽源市公安局龙山区分局", None, "龙山区"),
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        clock=clock,
        demo=True,
    )
    yield created.session
    created.session.lock()


@pytest.fixture
def add_user(admin_session: Session):
    def _add(login: str, roles: set[Role], **kwargs: object):
        return accounts.add_account(admin_session, login=login, password=USER_PASSWORD, roles=frozenset(roles),
                                    **kwargs)

    return _add
