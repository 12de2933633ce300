"""What a person is told after logging in finished or undid a key rotation that had been killed part-way.

A rotation (``users revoke``) is finished by the next opening when it was killed after the database got its new
key: the key file it ends with is put in place. Its new recovery key existed only in the killed process and was
never shown, and the old recovery key no longer opens the database: the store has no recovery key anyone knows
until an administrator rotates again. A rotation killed before its rekey committed is undone: the database keeps
its old key, so a copy of the old key file (the revoked account's slot) still opens it until an administrator
rotates again. Either way the remedy is the same, a new rotation, and nothing can be got back of the lost key
(docs/decisions.md, 118)."""

from __future__ import annotations

from desktop.i18n import N_
from desktop.store.rotation import Interrupted

__all__ = ["FOR_ADMIN", "FOR_OTHERS", "Interrupted", "rotation_notice"]  # Interrupted: for the window

#: For an administrator, who can rotate again (the CLI's 'users revoke'; the window offers it at once).
FOR_ADMIN = {
    Interrupted.FINISHED: N_(
        "A key rotation that had been interrupted was finished while logging in, but its new recovery key was never "
        "shown and the old one no longer opens the store: run 'users revoke' now and write down the recovery key it "
        "shows."
    ),
    Interrupted.UNDONE: N_(
        "A key rotation that had been interrupted before it changed the database was undone while logging in, so "
        "the database keeps its old key: run 'users revoke' again."
    ),
}

#: For anyone else, who cannot.
FOR_OTHERS = {
    Interrupted.FINISHED: N_(
        "A key rotation that had been interrupted was finished while logging in; its new recovery key was never "
        "shown, so tell an administrator to run 'users revoke' again."
    ),
    Interrupted.UNDONE: N_(
        "A key rotation that had been interrupted was undone while logging in; tell an administrator to run "
        "'users revoke' again."
    ),
}


def rotation_notice(outcome: Interrupted, admin: bool) -> str | None:
    """The sentence (untranslated, N_) to show after a login whose opening did ``outcome``; None when nothing."""
    if outcome is Interrupted.NONE:
        return None
    return (FOR_ADMIN if admin else FOR_OTHERS)[outcome]
