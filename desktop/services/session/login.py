"""Unlocking a store with a login and password, throttled."""

from __future__ import annotations

import re

from desktop.i18n import N_
from desktop.services.auditing import audited_transaction
from desktop.services.clock import Clock
from desktop.services.errors import NotAllowed
from desktop.services.session.session import Session
from desktop.services.session.throttle import LoginThrottle
from desktop.store.errors import WrongPassword
from desktop.store.keyfile import KeyFile
from desktop.store.repositories.accounts import get_account
from desktop.store.rotation import Interrupted
from desktop.store.store import Store, StorePaths

_LOGIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")


def check_login(login: str) -> None:
    """Refuses a login name the key file cannot hold in the open (it is stored unencrypted there)."""
    if not _LOGIN.match(login):
        raise NotAllowed(
            N_(
                "A login name is 2 to 64 letters, digits, dots, dashes or underscores (a police number works "
                "well); it must not be a personal name in Chinese characters, because login names are stored "
                "unencrypted in the key file."
            )
        )


def log_in(paths: StorePaths, login: str, password: str, *, clock: Clock, throttle: LoginThrottle) -> Session:
    """A session for ``login``. A wrong password writes nothing into the store folder and counts a failure."""
    store_id = KeyFile.load(paths.key_file).store_id
    throttle.begin_attempt(store_id, login)  # counted before the password is tried: parallel attempts all count
    try:
        store, signing_key = Store.unlock(paths, login, password)
    except WrongPassword:
        raise
    except BaseException:
        throttle.take_back_attempt(store_id, login)  # not a wrong password: a damaged file, an interrupted unlock
        raise
    failures = throttle.record_success(store_id, login, attempt_counted=True)
    with store.transaction() as connection:
        account = get_account(connection, login)
    if account is None or account.disabled:
        store.lock()
        raise NotAllowed(N_("The account {login} is disabled or was removed; ask the administrator."), login=login)
    if failures:
        # A wrong password writes nothing into the store; the count is carried into the audit log at the next
        # successful login instead.
        with audited_transaction(store, login, clock) as audit:
            audit.record("failed_logins", login, count=failures)
    if store.interrupted_rotation is not Interrupted.NONE:
        # Whoever logged in is told (services/session/interrupted_rotation.py); the log keeps it for the
        # administrators too, in case it was not one of them.
        with audited_transaction(store, login, clock) as audit:
            audit.record("data_key_rotation_settled", store.store_id, outcome=store.interrupted_rotation.value)
    return Session(store, account, signing_key, clock)


def logins(paths: StorePaths) -> list[str]:
    """The login names that can unlock the store, for a login screen. Needs no password."""
    return sorted(KeyFile.load(paths.key_file).accounts)
