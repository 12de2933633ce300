"""The head's signing for a working session (issue 13, decision 62): unlocked once with the password, locked again
on demand, and the window's countersignature of what was read (desktop.services.session.signing_unlock)."""

from __future__ import annotations

from desktop.domain.roles import Role
from desktop.services.session.session import Session
from desktop.services.session.signing_unlock import SigningUnlock
from desktop.services.workflow.countersigning import _confirm_password, countersign
from desktop.services.workflow.read_mark import ReadDeclaration
from desktop.store.repositories.declarations import DeclarationRecord


def unlock_signing(session: Session, password: str, *, idle_seconds: int, minutes: int | None = None) -> SigningUnlock:
    """Confirm the head's password once; countersignatures then need no password until the window locks, or for
    ``minutes`` (never longer than the idle lock ``idle_seconds``)."""
    session.require(Role.UNIT_HEAD)
    _confirm_password(session, password)
    unlock = SigningUnlock.starting(session.clock.now(), idle_seconds, minutes)
    session.signing_unlock = unlock
    return unlock


def lock_signing(session: Session) -> None:
    """Ask for the password again at the next countersignature."""
    session.signing_unlock = None


def countersign_read(
    session: Session,
    reference: str,
    opinion: str,
    password: str | None,
    read: ReadDeclaration,
    *,
    unlock: int | None,
    idle: int,
    confirm_new_key: bool = False,
) -> DeclarationRecord:
    """Countersign what the head read (the window's one way). With a password and ``unlock`` (0: until the window
    locks, else minutes), signing is unlocked first and stays so; with ``unlock`` None the password signs this one
    only; without a password, signing must be unlocked already."""
    if password is not None and unlock is not None:
        unlock_signing(session, password, idle_seconds=idle, minutes=unlock or None)
        password = None
    return countersign(session, reference, opinion, password, read=read, confirm_new_key=confirm_new_key)
