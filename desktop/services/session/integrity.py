"""``integrity-check``: is the store's database whole? Any account's password opens the check; a damaged store
is never counted as a wrong password. A key rotation killed part-way is finished or undone first, as opening the
store would (desktop.store.rotation.settle): otherwise a database already under its new key would look damaged."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.services.session.throttle import LoginThrottle
from desktop.store.errors import StoreNotFound, WrongPassword
from desktop.store.integrity import database_problems
from desktop.store.keyfile import KeyFile
from desktop.store.rotation import Interrupted, settle
from desktop.store.store import StorePaths, open_slot


@dataclass(frozen=True)
class IntegrityReport:
    folder: str
    problems: list[str]
    #: A key rotation found killed part-way, and what the check did about it before checking.
    rotation: Interrupted = field(default=Interrupted.NONE)

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

    def slot_in(candidate: KeyFile) -> bytes:
        found = candidate.accounts.get(login)
        if found is None:
            raise WrongPassword
        return open_slot(candidate.store_id, login, found, password)[0]

    settled, data_key, rotation = settle(
        paths.key_file, paths.rotation_file, paths.lock_file, paths.database, (key_file, data_key), slot_in
    )
    # What the check finds is never a failure of the password.
    problems = database_problems(paths.database, data_key, settled.page_size)
    return IntegrityReport(str(paths.folder), problems, rotation)
