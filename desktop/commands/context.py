"""What every command handler gets: the parsed options, the output language, passwords, and a login."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from desktop.errors import DeclareError
from desktop.i18n import N_, Translator
from desktop.paths import throttle_file
from desktop.services.clock import Clock, SystemClock
from desktop.services.session.login import log_in, logins
from desktop.services.session.session import Session
from desktop.services.session.throttle import LoginThrottle
from desktop.store.store import StorePaths


class UsageError(DeclareError):
    """The command line itself is unusable (exit code 2)."""


@dataclass
class PasswordSource:
    """Passwords from --password-stdin (one per line, in the order asked), the environment, or a prompt."""

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
        if "OFFICER_DECLARE_PASSWORD" in os.environ:
            return os.environ["OFFICER_DECLARE_PASSWORD"]
        return self._prompt(self.translate(N_("Password for {login}: "), login=login))

    def new(self, login: str) -> str:
        """A new password for ``login``, asked twice at a prompt."""
        if self.from_stdin:
            return self._next_line()
        if "OFFICER_DECLARE_NEW_PASSWORD" in os.environ:
            return os.environ["OFFICER_DECLARE_NEW_PASSWORD"]
        first = self._prompt(self.translate(N_("New password for {login}: "), login=login))
        second = self._prompt(self.translate(N_("Repeat the new password: ")))
        if first != second:
            raise UsageError(N_("The two passwords differ; nothing was changed."))
        return first

    def secret(self, prompt: str) -> str:
        """Any other secret (a recovery key), from the next stdin line or a prompt."""
        if self.from_stdin:
            return self._next_line()
        return self._prompt(self.translate(prompt))

    def _prompt(self, text: str) -> str:
        if not sys.stdin.isatty():
            raise UsageError(
                N_(
                    "No password given and no terminal to ask for one: use --password-stdin or set "
                    "OFFICER_DECLARE_PASSWORD."
                )
            )
        return getpass.getpass(text)


@dataclass
class CommandContext:
    args: argparse.Namespace
    translate: Translator
    passwords: PasswordSource
    out: TextIO
    err: TextIO
    clock: Clock = field(default_factory=SystemClock)
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
        return StorePaths(folder)

    def throttle(self) -> LoginThrottle:
        return LoginThrottle(throttle_file())

    def login_name(self) -> str:
        if self.args.user:
            return str(self.args.user)
        if os.environ.get("OFFICER_DECLARE_USER"):
            return os.environ["OFFICER_DECLARE_USER"]
        names = logins(self.paths)
        if len(names) == 1:
            return names[0]
        raise UsageError(N_("Name the account with --user (or set OFFICER_DECLARE_USER)."))

    def session(self) -> Session:
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
