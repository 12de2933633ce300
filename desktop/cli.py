"""The command-line front end: ``officer-declare`` or ``python -m desktop``. A thin layer over desktop.services.

Exit codes: 0 success; 1 a check found problems; 2 unusable input or wrong password; 3 an unexpected error.
Messages are one clear line on stderr (plus one line per problem where there are several), never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from desktop import __version__
from desktop.errors import DeclareError, unexpected_detail
from desktop.i18n import LANGUAGES, N_, Translator, normalise_language
from desktop.paths import default_data_dir
from desktop.services.clock import Clock, SystemClock

if TYPE_CHECKING:  # imported where used: building the parser stays cheap
    from desktop.commands.registry import Handler


def _language(argv: Sequence[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return normalise_language(argv[index + 1])
        if arg.startswith("--lang="):
            return normalise_language(arg.split("=", 1)[1])
    return normalise_language(os.environ.get("OFFICER_DECLARE_LANG"))


def _global_options(parser: argparse.ArgumentParser, t: Translator, default: object) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default,
        help=t(N_("the store folder (default: OFFICER_DECLARE_HOME or the user data folder)")),
    )
    parser.add_argument("--user", default=default, help=t(N_("the login name of the account that acts")))
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        default=default or False,
        help=t(N_("read passwords from standard input, one per line")),
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=default, help=t(N_("language of messages (default: Chinese)"))
    )


def build_parser(t: Translator) -> argparse.ArgumentParser:
    """The whole command line: the global options here, each command group's parsers and handlers registered by
    its own module (desktop.commands.*.register), which import nothing heavy until a handler runs."""
    from desktop.commands import exchange, registers, review, roster, server, store_cmds, users, workflow
    from desktop.commands.registry import CommandGroup, CommandParser

    parser = CommandParser(
        prog="officer-declare",
        description=t(N_("Declarations of business involvement: sign, countersign, verify.")),
    )
    parser.add_argument("--version", action="version", version=f"officer-declare {__version__}")
    _global_options(parser, t, None)
    # The same options after the command name too ("users list --password-stdin"); SUPPRESS keeps the values
    # given before the command when they are not repeated after it.
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, t, argparse.SUPPRESS)
    commands = CommandGroup(parser.add_subparsers(dest="command", metavar="COMMAND", required=True), t, common)
    for module in (store_cmds, roster, users, workflow, exchange, review, registers, server):
        module.register(commands)
    return parser


class _NotFast(Exception):
    pass


class _LightParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotFast(message)


def _fast_start(argv: list[str]) -> int | None:
    """``start`` on an existing store where a window can be seen: open it without loading the command line's
    modules (SQLAlchemy, openpyxl, Faker …), so the login window shows within the start-up target. Anything else
    returns None and takes the full path."""
    light = _LightParser(add_help=False)
    light.add_argument("--data-dir", type=Path)
    light.add_argument("--lang", choices=LANGUAGES)
    light.add_argument("--demo", action="store_true")
    light.add_argument("command")
    try:
        args, rest = light.parse_known_args(argv)
    except _NotFast:
        return None
    if args.command != "start" or rest:
        return None
    from desktop.app import AppPaths, can_show_window, run

    folder = args.data_dir or default_data_dir()
    if not (folder / "keys.json").is_file() or not can_show_window():
        return None
    return run(AppPaths.for_user(folder), language=args.lang)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if stdout is None and clock is None and (code := _fast_start(argv)) is not None:
        return code
    from desktop.commands.context import CommandContext, PasswordSource

    out, err = stdout or sys.stdout, stderr or sys.stderr
    translate = Translator(_language(argv))
    parser = build_parser(translate)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message
        return int(exc.code or 0)
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    ctx = CommandContext(
        args=args,
        translate=translate,
        passwords=PasswordSource(args.password_stdin, stdin or sys.stdin, translate),
        out=out,
        err=err,
        clock=clock or SystemClock(),
    )
    try:
        handler: Handler = args.handler
        return handler(ctx)
    except DeclareError as exc:
        print(exc.render(translate), file=err)
        return exc.exit_code
    except BrokenPipeError:  # the reader (e.g. `head`) closed the pipe: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(translate(N_("Interrupted; nothing half-done was saved.")), file=err)
        return 130
    except Exception as exc:
        print(
            translate(
                N_("Unexpected error ({kind}): {detail}. Please report it."),
                kind=type(exc).__name__,
                detail=unexpected_detail(exc),
            ),
            file=err,
        )
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
