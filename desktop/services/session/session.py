"""A logged-in account on an unlocked store: what every use case after login receives."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.crypto.signing import SigningKey
from desktop.domain.accounts import Account
from desktop.domain.roles import ROLE_LABELS, Role
from desktop.i18n import N_
from desktop.services.clock import Clock
from desktop.services.errors import NotAllowed
from desktop.services.session.signing_unlock import SigningUnlock
from desktop.store.store import Store


@dataclass
class Session:
    store: Store
    account: Account
    signing_key: SigningKey | None  # None after lock(), or when opened with the recovery key
    clock: Clock
    signing_unlock: SigningUnlock | None = None  # the head's countersigning without a password each time

    def require(self, role: Role) -> None:
        if not self.account.has(role):
            raise NotAllowed(
                N_("This needs the role '{role}', which the account {login} does not have."),
                role=ROLE_LABELS[role],
                login=self.account.login,
            )

    def lock(self) -> None:
        """Forget the keys: dispose of the engine, zero the data key, drop the signing key."""
        self.signing_key = None
        self.signing_unlock = None
        self.store.lock()
