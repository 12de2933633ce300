"""What the window does with a store folder before anyone is logged in: look, log in, create. Qt-free.

Imported only after the first window is shown: it pulls in SQLAlchemy and SQLCipher through the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.units import Unit
from desktop.services.clock import Clock
from desktop.services.session.info import is_demo
from desktop.services.session.login import log_in, logins
from desktop.services.session.session import Session
from desktop.services.session.setup import NewStore, create_store
from desktop.services.session.throttle import LoginThrottle
from desktop.store.store import StorePaths


@dataclass(frozen=True)
class StoreState:
    """What a folder holds, as the start screens need it. Never a secret."""

    folder: Path
    exists: bool
    demo: bool = False
    logins: list[str] = field(default_factory=list)


class StoreAccess:
    """One store folder, with the clock and the login throttle the composition root chose."""

    def __init__(self, folder: Path, *, clock: Clock, throttle: LoginThrottle) -> None:
        self.paths = StorePaths(folder)
        self.clock = clock
        self.throttle = throttle

    @property
    def folder(self) -> Path:
        return self.paths.folder

    def state(self) -> StoreState:
        """Raises KeyFileDamaged (and the like) for a folder whose store cannot be read."""
        if not self.paths.exists():
            return StoreState(self.paths.folder, exists=False)
        return StoreState(self.paths.folder, exists=True, demo=is_demo(self.paths), logins=logins(self.paths))

    def log_in(self, login: str, password: str) -> Session:
        return log_in(self.paths, login, password, clock=self.clock, throttle=self.throttle)

    def create(self, *, unit_code: str, unit_name: str, admin_login: str, admin_password: str) -> NewStore:
        """A real store (production key-derivation cost, tuned to this machine): takes a few seconds."""
        return create_store(
            self.paths,
            unit=Unit(unit_code.strip(), unit_name.strip()),
            admin_login=admin_login,
            admin_password=admin_password,
            clock=self.clock,
        )
