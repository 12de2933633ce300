"""The command-line front end: ``officer-declare`` or ``python -m desktop``. A thin layer over desktop.services.

Exit codes: 0 success; 1 a check found problems; 2 unusable input or wrong password; 3 an unexpected error.
Messages are one clear line on stderr (plus one line per problem where there are several), never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from desktop import __version__
from desktop.errors import DeclareError
from desktop.i18n import LANGUAGES, N_, Translator, normalise_language
from desktop.paths import default_data_dir
from desktop.services.clock import Clock, SystemClock

if TYPE_CHECKING:
    from desktop.commands.context import CommandContext

Handler = Callable[["CommandContext"], int]


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
    from desktop.commands import exchange, review, roster, store_cmds, users, workflow

    parser = argparse.ArgumentParser(
        prog="officer-declare",
        description=t(N_("Declarations of business involvement: sign, countersign, verify.")),
    )
    parser.add_argument("--version", action="version", version=f"officer-declare {__version__}")
    _global_options(parser, t, None)
    # The same options after the command name too ("users list --password-stdin"); SUPPRESS keeps the values
    # given before the command when they are not repeated after it.
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, t, argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(
        parent: argparse._SubParsersAction, name: str, help_text: str, handler: Handler
    ) -> argparse.ArgumentParser:
        sub = parent.add_parser(name, help=t(help_text), description=t(help_text), parents=[common])
        sub.set_defaults(handler=handler)
        return sub

    init = command(
        commands, "init", N_("create a new store with its first unit and administrator"), store_cmds.cmd_init
    )
    init.add_argument("--unit-code", required=True, help=t(N_("code of the first unit")))
    init.add_argument("--unit-name", required=True, help=t(N_("name of the first unit")))
    init.add_argument("--admin", required=True, help=t(N_("login name of the administrator")))

    demo = command(commands, "demo", N_("create a demo store with made-up data for every role"), store_cmds.cmd_demo)
    demo.add_argument("--officers", type=int, default=60, help=t(N_("number of officers (default 60)")))
    demo.add_argument("--seed", type=int, default=2026, help=t(N_("random seed (default 2026)")))

    info = command(commands, "info", N_("describe the store (never a secret)"), store_cmds.cmd_info)
    info.add_argument("--json", action="store_true", help=t(N_("print JSON")))

    roster_parser = commands.add_parser("roster", help=t(N_("the roster of officers who must declare")))
    roster_commands = roster_parser.add_subparsers(dest="roster_command", metavar="COMMAND", required=True)
    roster_import = command(
        roster_commands, "import", N_("import a roster workbook (all rows or none)"), roster.cmd_roster_import
    )
    roster_import.add_argument("file", help=t(N_("the roster workbook (.xlsx)")))
    template = command(roster_commands, "template", N_("write an empty roster workbook"), roster.cmd_roster_template)
    template.add_argument("--out", required=True, help=t(N_("where to write it (.xlsx)")))

    users_parser = commands.add_parser("users", help=t(N_("accounts")))
    user_commands = users_parser.add_subparsers(dest="users_command", metavar="COMMAND", required=True)
    add = command(user_commands, "add", N_("create an account (administrators)"), users.cmd_users_add)
    add.add_argument("login", help=t(N_("login name, e.g. the police number")))
    add.add_argument("--roles", required=True, help=t(N_("comma-separated: officer, unit_head, inspector, admin")))
    add.add_argument("--officer", help=t(N_("police number of the officer on the roster")))
    add.add_argument("--unit", help=t(N_("unit code")))
    listing = command(user_commands, "list", N_("list the accounts"), users.cmd_users_list)
    listing.add_argument("--json", action="store_true", help=t(N_("print JSON")))
    passwd = command(
        user_commands, "passwd", N_("change your password, or reset another's (administrators)"), users.cmd_users_passwd
    )
    passwd.add_argument("login", nargs="?", help=t(N_("the account to reset (default: your own)")))

    start = command(
        commands,
        "start",
        N_("start the application (with --demo: on a demo store, made on first use)"),
        store_cmds.cmd_start,
    )
    start.add_argument("--demo", action="store_true", help=t(N_("create a demo store in the folder if it is empty")))

    campaign_parser = commands.add_parser("campaign", help=t(N_("campaigns (administrators create them)")))
    campaign_commands = campaign_parser.add_subparsers(dest="campaign_command", metavar="COMMAND", required=True)
    create = command(
        campaign_commands,
        "create",
        N_("create a campaign with a deadline and the commitment text"),
        workflow.cmd_campaign_create,
    )
    create.add_argument("--name", required=True, help=t(N_("the campaign's name")))
    create.add_argument("--deadline", required=True, help=t(N_("the last day to sign, YYYY-MM-DD")))
    create.add_argument("--start", help=t(N_("the first day, YYYY-MM-DD (default: today)")))
    create.add_argument("--commitment-file", help=t(N_("the commitment text (default: the official template)")))
    command(campaign_commands, "list", N_("list the campaigns, newest first"), workflow.cmd_campaign_list)

    def campaign_option(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument("--campaign", help=t(N_("the campaign id (default: the newest)")))
        return sub

    declare = campaign_option(
        command(commands, "declare", N_("create or update your draft declaration from JSON"), workflow.cmd_declare)
    )
    declare.add_argument(
        "--from", dest="from_file", required=True, help=t(N_("the declaration as JSON (see docs/declaration-json.md)"))
    )
    campaign_option(command(commands, "sign", N_("sign your declaration and the commitment"), workflow.cmd_sign))
    queue = campaign_option(
        command(commands, "queue", N_("the declarations you countersign (unit heads)"), workflow.cmd_queue)
    )
    queue.add_argument("--json", action="store_true", help=t(N_("print JSON")))
    countersign = campaign_option(
        command(commands, "countersign", N_("countersign a declaration with an opinion"), workflow.cmd_countersign)
    )
    countersign.add_argument("declaration", help=t(N_("a police number or a declaration id")))
    countersign.add_argument("--opinion", required=True, help=t(N_("your opinion (审核意见)")))
    returning = campaign_option(
        command(commands, "return", N_("return a declaration with a reason"), workflow.cmd_return)
    )
    returning.add_argument("declaration", help=t(N_("a police number or a declaration id")))
    returning.add_argument("--reason", required=True, help=t(N_("what the officer must correct")))
    status = campaign_option(command(commands, "status", N_("completeness by unit"), workflow.cmd_status))
    status.add_argument("--unit", help=t(N_("only this unit and those below it")))
    status.add_argument("--json", action="store_true", help=t(N_("print JSON")))
    hist = campaign_option(
        command(commands, "history", N_("every version, signature and return of a declaration"), workflow.cmd_history)
    )
    hist.add_argument("declaration", help=t(N_("a police number or a declaration id")))
    check = campaign_option(
        command(
            commands, "check", N_("verify the signatures of one stored declaration"), workflow.cmd_verify_declaration
        )
    )
    check.add_argument("declaration", help=t(N_("a police number or a declaration id")))
    audit_parser = commands.add_parser("audit", help=t(N_("the audit log")))
    audit_commands = audit_parser.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)
    command(audit_commands, "verify", N_("check the audit log's hash chain"), workflow.cmd_audit_verify)

    export = campaign_option(
        command(commands, "export", N_("export signed declarations as a workbook"), exchange.cmd_export)
    )
    export.add_argument("--out", required=True, help=t(N_("the workbook to write (.xlsx)")))
    export.add_argument("--unit", help=t(N_("the unit (administrators and inspectors)")))
    export.add_argument("--own", action="store_true", help=t(N_("your own signed declaration, for your unit head")))
    export.add_argument("--encrypt", action="store_true", help=t(N_("protect the file with a file password")))
    verify_parser = command(
        commands, "verify", N_("verify declaration workbooks (no store needed)"), exchange.cmd_verify
    )
    verify_parser.add_argument("files", nargs="+", help=t(N_("the workbooks (.xlsx)")))
    verify_parser.add_argument("--trust", action="append", help=t(N_("a trusted key fingerprint (repeatable)")))
    verify_parser.add_argument("--json", action="store_true", help=t(N_("print JSON")))

    importing = command(
        commands, "import", N_("import declaration workbooks into the inspectors' store"), exchange.cmd_import
    )
    importing.add_argument("files", nargs="+", help=t(N_("the workbooks (.xlsx)")))
    importing.add_argument("--progress", action="store_true", help=t(N_("show progress on standard error")))

    receiving = command(
        commands, "receive", N_("take in an officer's own exported declaration (unit heads)"), exchange.cmd_receive
    )
    receiving.add_argument("file", help=t(N_("the officer's workbook (.xlsx)")))
    receiving.add_argument(
        "--new-key",
        action="store_true",
        help=t(
            N_(
                "the officer signed with a different key than this store knows, and you confirmed its "
                "fingerprint with the "
                "officer in person"
            )
        ),
    )

    recover = command(commands, "recover", N_("reset a password with the recovery key"), users.cmd_recover)
    recover.add_argument("login", help=t(N_("the account whose password to reset")))
    # The inspectors' commands (findings, conclude, leads, report, keys, threshold); it also routes 'import' to a
    # server with --database-url, and 'demo' / 'start --demo' through the demo's inspectors' part.
    review.register(commands, command, t)
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
        return args.handler(ctx)
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
                N_("Unexpected error ({kind}): {detail}. Please report it."), kind=type(exc).__name__, detail=str(exc)
            ),
            file=err,
        )
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
