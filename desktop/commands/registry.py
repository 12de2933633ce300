"""Where sub-commands are registered: each commands module adds its own with ``register(commands)``, and
desktop.cli only assembles the modules. A command's name and its handler are given once; a second registration of the
same name, or a handler replaced after registration, fails at once instead of silently running other code than the
reader of the registering module sees.

Building the parser must stay cheap (``--help`` within the start-up target): the modules that register commands
import only what their parsers need, and each handler imports the services it calls.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop.i18n import Translator

if TYPE_CHECKING:
    from desktop.commands.context import CommandContext

Handler = Callable[["CommandContext"], int]


class DuplicateCommand(Exception):
    """A programming error: two registrations of one command name, or a handler replaced after registration."""


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose handler, once set, cannot be replaced (also by ``set_defaults``)."""

    def set_defaults(self, **kwargs: Any) -> None:
        if "handler" in kwargs and self.get_default("handler") not in (None, kwargs["handler"]):
            raise DuplicateCommand(
                f"{self.prog}: the handler {_name(self.get_default('handler'))} is registered already; "
                f"{_name(kwargs['handler'])} may not replace it"
            )
        super().set_defaults(**kwargs)


class CommandGroup:
    """One level of sub-commands (the top level, or a group such as ``users``), with the translator for help texts
    and the options every command also accepts after its name (``common``)."""

    def __init__(
        self,
        subparsers: argparse._SubParsersAction[CommandParser],
        translate: Translator,
        common: argparse.ArgumentParser,
    ) -> None:
        self._subparsers = subparsers
        self.t = translate
        self._common = common

    def command(self, name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
        """Add the command ``name`` run by ``handler``; ``help_text`` is an English N_() template."""
        sub = self._add(name, help=self.t(help_text), description=self.t(help_text), parents=[self._common])
        sub.set_defaults(handler=handler)
        return sub

    def group(self, name: str, help_text: str) -> CommandGroup:
        """Add a group of commands (``users add``, ``users list`` …) and return it to register them in."""
        parser = self._add(name, help=self.t(help_text))
        subparsers = parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)
        return CommandGroup(subparsers, self.t, self._common)

    def _add(self, name: str, **kwargs: Any) -> CommandParser:
        if name in self._subparsers.choices:
            raise DuplicateCommand(f"{self._subparsers.choices[name].prog} is registered twice")
        parser = self._subparsers.add_parser(name, **kwargs)  # a CommandParser: argparse makes its parent's class
        return parser


def _name(handler: object) -> str:
    return f"{getattr(handler, '__module__', '?')}.{getattr(handler, '__qualname__', repr(handler))}"
