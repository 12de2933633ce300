"""Taking access away: disabling an account removes its key slot; revoking also gives the database a new data key.

Disabling alone stops the account's password from opening the store through the key file as it is now. Whoever kept
a copy of the key file (or of a backup) with that slot could still open the database with the old password: the
data key is the same. Revoking ("revoke and rotate") therefore also rekeys the database with a new data key, seals
it to every remaining account's public key (they keep their passwords) and wraps it under a new recovery key, shown
once; the old key file, the old recovery key and every old slot no longer open the database.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace

from desktop.crypto.recovery import new_recovery_key, recovery_kek
from desktop.crypto.sealing import seal
from desktop.crypto.wrap import wrap
from desktop.domain.roles import Role
from desktop.i18n import N_
from desktop.services.auditing import audited_transaction
from desktop.services.errors import NotAllowed, UnknownAccount
from desktop.services.session.session import Session
from desktop.store.keyfile import KeyFile, RecoverySlot, purpose
from desktop.store.repositories import accounts as repo


@dataclass(frozen=True)
class Rotation:
    """What a key rotation did: the new recovery key (shown once) and how many accounts kept their access."""

    recovery_key: str
    accounts: int


def disable_account(session: Session, login: str) -> None:
    """Disable ``login`` and remove its key slot (administrators; not their own account). Idempotent."""
    session.require(Role.ADMIN)
    if login == session.account.login:
        raise NotAllowed(N_("You cannot disable your own account; another administrator can."))
    store = session.store
    with audited_transaction(store, session.account.login, session.clock) as audit:
        account = repo.get_account(audit.connection, login)
        if account is None:
            raise UnknownAccount(login)
        repo.set_disabled(audit.connection, login, True)
        audit.record("account_disabled", login)
        # The slot goes in the same transaction: if the key file cannot be written, the flag is rolled back.
        store.update_key_file(lambda current: current.without_account(login) if login in current.accounts else current)


def revoke_and_rotate(
    session: Session, login: str | None = None, progress: Callable[[str], None] = lambda _step: None
) -> Rotation:
    """Disable ``login`` (if given) and rotate the data key: every remaining account keeps its password, the
    disabled ones and every old copy of the key file lose the database. Returns the new recovery key."""
    session.require(Role.ADMIN)
    if login is not None:
        disable_account(session, login)
    store = session.store
    with audited_transaction(store, session.account.login, session.clock) as audit:
        disabled = repo.disabled_logins(audit.connection)
        keeping = len([name for name in store.key_file.accounts if name not in disabled])
        audit.record("data_key_rotated", store.store_id, revoked=login, accounts=keeping)
    recovery_key = new_recovery_key()
    kept: list[int] = []

    def build(current: KeyFile, data_key: bytes) -> KeyFile:
        store_id = current.store_id
        accounts = {
            name: replace(slot, data_key=seal(slot.public_key, data_key, purpose("data-key", store_id, name)))
            for name, slot in current.accounts.items()
            if name not in disabled
        }
        kept.append(len(accounts))
        salt = os.urandom(16)
        recovery = RecoverySlot(
            salt=salt, data_key=wrap(recovery_kek(recovery_key, salt), data_key, purpose("recovery", store_id))
        )
        return replace(current, accounts=accounts, recovery=recovery, accounts_file=None)

    store.rotate_data_key(build, progress)
    return Rotation(recovery_key=recovery_key, accounts=kept[-1])
