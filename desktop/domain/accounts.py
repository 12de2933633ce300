"""An account: a login with roles, optionally tied to an officer on the roster and to a unit."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.roles import Role


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    login: str
    roles: frozenset[Role]
    police_number: str | None
    unit_code: str | None
    display_name: str
    fingerprint: str  # of the current signing key
    disabled: bool = False

    def has(self, role: Role) -> bool:
        return role in self.roles
