"""The roles an account can hold. One account may hold several: a unit head also declares."""

from __future__ import annotations

from enum import StrEnum

from desktop.i18n import N_


class Role(StrEnum):
    OFFICER = "officer"
    UNIT_HEAD = "unit_head"
    INSPECTOR = "inspector"
    ADMIN = "admin"


ROLE_LABELS: dict[Role, str] = {
    Role.OFFICER: N_("officer"),
    Role.UNIT_HEAD: N_("unit head"),
    Role.INSPECTOR: N_("discipline inspector"),
    Role.ADMIN: N_("administrator"),
}


def parse_roles(text: str) -> frozenset[Role]:
    """Parse 'officer,unit_head' into roles; raises ValueError naming the unknown role."""
    roles = set()
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        try:
            roles.add(Role(part))
        except ValueError:
            known = ", ".join(r.value for r in Role)
            raise ValueError(f"unknown role {part!r}; the roles are {known}") from None
    return frozenset(roles)
