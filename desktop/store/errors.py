"""Typed errors of the store, each saying what to do."""

from __future__ import annotations

from desktop.errors import DeclareError
from desktop.i18n import N_


class StoreError(DeclareError):
    """Base of every store error."""


class StoreNotFound(StoreError):
    def __init__(self, path: str) -> None:
        super().__init__(
            N_("There is no store in {path}. Create one with 'init' (or 'demo'), or choose another folder."),
            path=path,
        )


class StoreExists(StoreError):
    def __init__(self, path: str) -> None:
        super().__init__(
            N_("A store already exists in {path}; it was left untouched. Choose an empty folder."), path=path
        )


class WrongPassword(StoreError):
    def __init__(self) -> None:
        super().__init__(N_("Wrong login name or password. Nothing was changed; try again."))


class LoginThrottled(StoreError):
    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(
            N_("Too many wrong passwords for this account. Wait {seconds} seconds, then try again."),
            seconds=seconds,
        )


class KeyFileDamaged(StoreError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            N_(
                "The key file {path} is damaged ({reason}). Nothing was changed. Restore it from a backup, "
                "or ask the administrator."
            ),
            path=path,
            reason=reason,
        )


class KeySlotDamaged(KeyFileDamaged):
    """One account's slot in the key file is damaged on disk (its checksum, or a part that does not fit the rest):
    the password may well be right. Never counted by the login throttle; the other accounts still open."""

    def __init__(self, login: str) -> None:
        StoreError.__init__(
            self,
            N_(
                "The key slot of the account {login} in the key file is damaged, so it cannot be opened (this is not "
                "a wrong password). Nothing was changed. Restore the key file from a backup, or ask an administrator "
                "to reset this account's password."
            ),
            login=login,
        )


class DatabaseDamaged(StoreError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            N_(
                "The database {path} cannot be read with its key ({reason}). Nothing was changed. Restore it "
                "from a backup together with its key file."
            ),
            path=path,
            reason=reason,
        )


class StoreTooNew(StoreError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            N_(
                "This store was written by a newer version of the application (format {found}; this one reads "
                "up to {supported}). Install the newer version."
            ),
            found=found,
            supported=supported,
        )


class WriteFailed(StoreError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            N_(
                "Could not write {path} ({reason}). The previous version is intact. Free some disk space or "
                "check the folder's permissions, then try again."
            ),
            path=path,
            reason=reason,
        )


class StoreDamaged(DatabaseDamaged):
    """A page of the database fails its check (SQLCipher's HMAC, or SQLite's structure): the file was changed or
    damaged on disk. Not a wrong password: the key that opens it came out of an authenticated key slot."""

    def __init__(self, path: str) -> None:
        StoreError.__init__(
            self,
            N_(
                "The store {path} is damaged: part of its database cannot be read. Nothing was changed; restore it "
                "from a backup ('integrity-check' tells whether a store or a backup is whole)."
            ),
            path=path,
        )


class DiskFull(StoreError):
    def __init__(self, path: str) -> None:
        super().__init__(
            N_(
                "The disk that holds {path} is full, so nothing was saved; the store is as it was before. Free some "
                "disk space, then try again."
            ),
            path=path,
        )


class StoreBusy(StoreError):
    def __init__(self, path: str) -> None:
        super().__init__(
            N_(
                "The store {path} is busy with a long task of another window or command (an import, a backup); "
                "nothing was changed. Try again when it has finished."
            ),
            path=path,
        )


class DiskError(StoreError):
    def __init__(self, path: str) -> None:
        super().__init__(
            N_(
                "The disk reported an error while reading or writing the store {path}; nothing was saved. Check "
                "the disk (or the network drive); if it happens again, restore the store from a backup."
            ),
            path=path,
        )
