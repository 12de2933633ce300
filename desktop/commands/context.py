"""What every command handler gets: the parsed options, the output language, passwords, and a login.

Imported while the parser is built (``--help``), so the store and the services are imported only when a handler
logs in.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from desktop.domain.times import Moment, person_date, person_time
from desktop.errors import DeclareError
from desktop.i18n import N_, Translator
from desktop.services.clock import Clock, SystemClock

if TYPE_CHECKING:
    from desktop.services.session.session import Session
    from desktop.services.session.throttle import LoginThrottle
    from desktop.store.store import StorePaths


class UsageError(DeclareError):
    """The command line itself is unusable (exit code 2)."""


PASSWORD_ENV = "OFFICER_DECLARE_PASSWORD"
NEW_PASSWORD_ENV = "OFFICER_DECLARE_NEW_PASSWORD"
FILE_PASSWORD_ENV = "OFFICER_DECLARE_FILE_PASSWORD"


@dataclass
class PasswordSource:
    """Passwords from --password-stdin (one per line, in the order asked: the acting account's first, then any new
    or file password), the environment, or a prompt."""

    from_stdin: bool
    stdin: TextIO
    translate: Translator
    _lines: Iterator[str] | None = field(default=None, init=False)

    def _next_line(self) -> str:
        if self._lines is None:
            self._lines = iter(self.stdin.read().splitlines())
        try:
            return next(self._lines)
        except StopIteration:
            raise UsageError(N_("--password-stdin: standard input has no more lines for the next password.")) from None

    def current(self, login: str) -> str:
        """The password of the account that acts."""
        if self.from_stdin:
            return self._next_line()
        if PASSWORD_ENV in os.environ:
            return os.environ[PASSWORD_ENV]
        return self._prompt(
            self.translate(N_("Password for {login}: "), login=login),
            N_(
                "No password given and no terminal to ask for one: use --password-stdin or set "
                "OFFICER_DECLARE_PASSWORD."
            ),
        )

    def new(self, login: str) -> str:
        """A new password for ``login`` (beside the acting account's), asked twice at a prompt."""
        if self.from_stdin:
            return self._next_line()
        if NEW_PASSWORD_ENV in os.environ:
            return os.environ[NEW_PASSWORD_ENV]
        return self._prompt_twice(
            login,
            N_(
                "No new password given and no terminal to ask for one: use --password-stdin or set "
                "OFFICER_DECLARE_NEW_PASSWORD."
            ),
        )

    def first(self, login: str) -> str:
        """The password of a new store's first account, which is the one acting: the password given
        (OFFICER_DECLARE_PASSWORD, else OFFICER_DECLARE_NEW_PASSWORD), the first stdin line, or asked twice."""
        if self.from_stdin:
            return self._next_line()
        for name in (PASSWORD_ENV, NEW_PASSWORD_ENV):
            if name in os.environ:
                return os.environ[name]
        return self._prompt_twice(
            login,
            N_(
                "No password given and no terminal to ask for one: use --password-stdin or set "
                "OFFICER_DECLARE_PASSWORD."
            ),
        )

    def file(self, needed: bool) -> str | None:
        """A workbook's file password: OFFICER_DECLARE_FILE_PASSWORD, else (only when ``needed``) the next stdin line
        or a prompt; None when it is not needed and not given."""
        if os.environ.get(FILE_PASSWORD_ENV):
            return os.environ[FILE_PASSWORD_ENV]
        if not needed:
            return None
        if self.from_stdin:
            return self._next_line()
        return self._prompt(
            self.translate(N_("File password: ")),
            N_(
                "No file password given and no terminal to ask for one: use --password-stdin or set "
                "OFFICER_DECLARE_FILE_PASSWORD."
            ),
        )

    def recovery_key(self) -> str:
        """The recovery key shown at set-up, from the next stdin line or a prompt."""
        if self.from_stdin:
            return self._next_line()
        return self._prompt(
            self.translate(N_("Recovery key: ")),
            N_("No recovery key given and no terminal to ask for it: use --password-stdin."),
        )

    def _prompt_twice(self, login: str, missing: str) -> str:
        first = self._prompt(self.translate(N_("New password for {login}: "), login=login), missing)
        second = self._prompt(self.translate(N_("Repeat the new password: ")), missing)
        if first != second:
            raise UsageError(N_("The two passwords differ; nothing was changed."))
        return first

    def _prompt(self, text: str, missing: str) -> str:
        """Ask at the terminal; ``missing`` (an N_() template) says what to give instead where there is none."""
        if not self.stdin.isatty():
            raise UsageError(missing)
        return getpass.getpass(text)


@dataclass
class CommandContext:
    args: argparse.Namespace
    translate: Translator
    passwords: PasswordSource
    out: TextIO
    err: TextIO
    clock: Clock = field(default_factory=SystemClock)
    #: Where times are shown: None is the machine's zone (TZ), as in the window.
    zone: dt.tzinfo | None = None
    password_used: str = field(default="", repr=False)

    @property
    def paths(self) -> StorePaths:
        folder = Path(self.args.data_dir)
        # The nearest part of the path that exists must be a folder: otherwise commands fail later with an OSError
        # (exit 3) or a misleading "the key file is damaged".
        for existing in (folder, *folder.parents):
            if existing.exists():
                if not existing.is_dir():
                    raise UsageError(
                        N_(
                            "{path} is a file, not a folder: the store needs a folder (--data-dir or "
                            "OFFICER_DECLARE_HOME)."
                        ),
                        path=str(existing),
                    )
                break
        from desktop.store.store import StorePaths

        return StorePaths(folder)

    def throttle(self) -> LoginThrottle:
        from desktop.paths import throttle_file
        from desktop.services.session.throttle import LoginThrottle

        # Beside the store: another XDG_STATE_HOME does not reset it; the state folder only for a read-only copy.
        return LoginThrottle.beside(self.paths, fallback=throttle_file())

    def login_name(self) -> str:
        from desktop.services.session.login import logins

        if self.args.user:
            return str(self.args.user)
        if os.environ.get("OFFICER_DECLARE_USER"):
            return os.environ["OFFICER_DECLARE_USER"]
        names = logins(self.paths)
        if len(names) == 1:
            return names[0]
        raise UsageError(N_("Name the account with --user (or set OFFICER_DECLARE_USER)."))

    def session(self) -> Session:
        from desktop.services.session.login import log_in

        login = self.login_name()
        password = self.passwords.current(login)
        session = log_in(self.paths, login, password, clock=self.clock, throttle=self.throttle())
        # Signing and countersigning confirm the password again; in the CLI the one given for this command counts.
        self.password_used = password
        return session

    @contextlib.contextmanager
    def logged_in(self) -> Iterator[Session]:
        """A session for this command, locked (keys forgotten) when the command ends, whatever happens."""
        session = self.session()
        try:
            yield session
        finally:
            session.lock()

    def say(self, text: str, /, **params: object) -> None:
        print(self.translate(text, **params), file=self.out)

    def time(self, value: Moment) -> str:
        """A stored time as a person reads it in text output, as the window shows it: local, '2026年12月6日 09:21'
        (English: '2026-12-06 09:21'). Machine output (--json) keeps the stored ISO 8601 UTC text."""
        return person_time(value, self.zone, self.translate.language)

    def date(self, day: dt.date | None) -> str:
        """A date as the window shows it: '2026年12月21日' (English: '2026-12-21'); '-' for none."""
        return person_date(day, self.translate.language) if day is not None else "-"
