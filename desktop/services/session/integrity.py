"""``integrity-check``: is the store's database whole? Any account's password opens the check; a damaged store
is never counted as a wrong password."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.session.throttle import LoginThrottle
from desktop.store.errors import StoreNotFound, WrongPassword
from desktop.store.integrity import database_problems
from desktop.store.keyfile import KeyFile
from desktop.store.store import StorePaths, open_slot


@dataclass(frozen=True)
class IntegrityReport:
    folder: str
    problems: list[str]

    @property
    def whole(self) -> bool:
        return not self.problems


def check_integrity(paths: StorePaths, login: str, password: str, *, throttle: LoginThrottle) -> IntegrityReport:
    """Check every page of the store's database with the data key ``login``'s password opens. The password is
    throttled like a login; what the check finds is not."""
    key_file = KeyFile.load(paths.key_file)
    if not paths.database.is_file():
        raise StoreNotFound(str(paths.folder))
    store_id = key_file.store_id
    throttle.begin_attempt(store_id, login)  # as log_in: counted before the password is tried
    slot = key_file.accounts.get(login)
    try:
        if slot is None:
            raise WrongPassword
        data_key, _signing = open_slot(store_id, login, slot, password)
    except WrongPassword:
        raise
    except BaseException:
        throttle.take_back_attempt(store_id, login)
        raise
    throttle.record_success(store_id, login, attempt_counted=True)
    # What the check finds is never a failure of the password.
    return IntegrityReport(str(paths.folder), database_problems(paths.database, data_key))
