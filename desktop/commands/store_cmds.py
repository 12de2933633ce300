"""init, info, integrity-check, demo and start: creating, describing and checking stores."""

from __future__ import annotations

import dataclasses
import json
import os

from desktop.commands.context import CommandContext, UsageError
from desktop.commands.registry import CommandGroup
from desktop.i18n import N_

#: Fewer officers than this cannot cast every part of the review scenario; such a demo skips the inspectors' part.
REVIEW_DEMO_MINIMUM = 30


def register(commands: CommandGroup) -> None:
    """init, demo, info, integrity-check, start."""
    t = commands.t
    init = commands.command("init", N_("create a new store with its first unit and administrator"), cmd_init)
    init.add_argument("--unit-code", required=True, help=t(N_("code of the first unit")))
    init.add_argument("--unit-name", required=True, help=t(N_("name of the first unit")))
    init.add_argument("--admin", required=True, help=t(N_("login name of the administrator")))

    demo = commands.command("demo", N_("create a demo store with made-up data for every role"), cmd_demo)
    demo.add_argument("--officers", type=int, default=60, help=t(N_("number of officers (default 60)")))
    demo.add_argument("--seed", type=int, default=2026, help=t(N_("random seed (default 2026)")))

    info = commands.command("info", N_("describe the store (never a secret)"), cmd_info)
    info.add_argument("--json", action="store_true", help=t(N_("print JSON")))
    commands.command(
        "integrity-check", N_("check every page of the store's database (exit 1 when damaged)"), cmd_integrity_check
    )

    start = commands.command(
        "start", N_("start the application (with --demo: on a demo store, made on first use)"), cmd_start
    )
    start.add_argument("--demo", action="store_true", help=t(N_("create a demo store in the folder if it is empty")))


def cmd_init(ctx: CommandContext) -> int:
    from desktop.domain.units import Unit
    from desktop.services.session.setup import create_store

    args = ctx.args
    # The administrator of the new store is the account acting: the password given is its new password.
    password = ctx.passwords.first(args.admin)
    created = create_store(
        ctx.paths,
        unit=Unit(args.unit_code, args.unit_name),
        admin_login=args.admin,
        admin_password=password,
        clock=ctx.clock,
    )
    created.session.lock()
    ctx.say(
        N_("Created a store in {folder} with the administrator {login}."),
        folder=str(ctx.paths.folder),
        login=args.admin,
    )
    ctx.say(N_("Recovery key (shown this once; write it down and keep it locked away):"))
    print(f"    {created.recovery_key}", file=ctx.out)
    ctx.say(
        N_(
            "With it, a forgotten password can be reset ('recover'); without it and without an administrator, "
            "the data cannot be opened by anyone."
        )
    )
    return 0


def cmd_demo(ctx: CommandContext) -> int:
    """A demo store, and from REVIEW_DEMO_MINIMUM officers on, the inspectors' part played in it."""
    from desktop.services.demo.store import create_demo_store

    args = ctx.args
    if args.officers < 1:
        raise UsageError(N_("--officers: a demo store needs at least one officer."))
    demo = create_demo_store(
        ctx.paths,
        officer_count=args.officers,
        seed=args.seed,
        clock=ctx.clock,
        password=os.environ.get("OFFICER_DECLARE_PASSWORD"),
        inspectors=args.officers >= REVIEW_DEMO_MINIMUM,
    )
    ctx.say(
        N_("Created a DEMO store in {folder}: {units} units, {officers} officers. Demo data only."),
        folder=str(demo.paths.folder),
        units=demo.units,
        officers=demo.officers,
    )
    _say_demo_password(ctx, demo.password)
    for role, label in (
        ("admin", N_("administrator")),
        ("inspector", N_("discipline inspector")),
        ("unit_head", N_("unit head")),
        ("officer", N_("officer")),
    ):
        logins = demo.logins.get(role, [])
        if logins:
            shown = ", ".join(logins[:3]) + (" …" if len(logins) > 3 else "")
            ctx.say(N_("  {role}: {logins}"), role=ctx.translate(label), logins=shown)
    if demo.review is not None:
        ctx.say(
            N_(
                "The inspectors have imported {workbooks} workbooks and confirmed the heads' keys; every review "
                "rule fires somewhere."
            ),
            workbooks=demo.review.workbooks,
        )
        _say_try(ctx)
    return 0


#: The demo inspector whose findings the hint shows (desktop.services.demo.review.INSPECTOR).
DEMO_INSPECTOR = "jijian01"


def _say_demo_password(ctx: CommandContext, password: str | None) -> None:
    """A demo store's password is no secret (made-up data, weak key derivation): say it, so that the hint works."""
    if password:
        ctx.say(N_("Every demo account has the password: {password}"), password=password)
    else:
        ctx.say(N_("Every demo account has the password given when the demo store was made."))


def _say_try(ctx: CommandContext) -> None:
    """A command that lists the demo inspector's findings, runnable as printed from any folder: this Python and the
    store folder in full (the console script may not be on PATH, as under `make run`)."""
    import shlex
    import subprocess
    import sys

    words = [sys.executable, "-m", "desktop", "--data-dir", str(ctx.paths.folder.resolve())]
    words += ["--user", DEMO_INSPECTOR, "findings"]
    command = subprocess.list2cmdline(words) if sys.platform == "win32" else shlex.join(words)
    ctx.say(N_("Try: {command}"), command=command)


def cmd_info(ctx: CommandContext) -> int:
    from desktop.services.session.info import describe

    session = None
    if ctx.args.user or os.environ.get("OFFICER_DECLARE_USER"):
        session = ctx.session()
    try:
        info = describe(ctx.paths, session)
    finally:
        if session is not None:
            session.lock()
    if ctx.args.json:
        print(json.dumps(dataclasses.asdict(info), ensure_ascii=False, indent=1), file=ctx.out)
        return 0
    ctx.say(N_("Store folder: {folder}"), folder=info.folder)
    ctx.say(N_("Store id: {id}  created {created}"), id=info.store_id, created=ctx.time(info.created_at))
    if info.demo:
        ctx.say(N_("This is a DEMO store: weak key derivation, made-up data. Never enter real declarations."))
    ctx.say(
        N_("Key file format {version}; {slots} accounts can log in."),
        version=info.key_file_version,
        slots=info.account_slots,
    )
    ctx.say(N_("Database page size: {size} bytes."), size=info.page_size)
    for name, size in info.files.items():
        ctx.say(N_("  {name}: {size} bytes"), name=name, size=size)
    if info.counts is None:
        ctx.say(N_("Log in with --user to see the schema version and the counts."))
    else:
        ctx.say(
            N_("Schema version {version} (this application: {latest})."),
            version=info.schema_version,
            latest=info.latest_schema_version,
        )
        ctx.say(N_("Units: {units}, officers: {officers}, accounts: {accounts}."), **info.counts)
    return 0


def cmd_integrity_check(ctx: CommandContext) -> int:
    """Exit 0 when every page of the database is whole, 1 with a sentence (and the problems found) when not."""
    from desktop.services.session.integrity import check_integrity
    from desktop.store.integrity import SHOWN_PROBLEMS
    from desktop.store.rotation import Interrupted

    login = ctx.login_name()
    report = check_integrity(ctx.paths, login, ctx.passwords.current(login), throttle=ctx.throttle())
    if report.rotation is Interrupted.FINISHED:
        ctx.say(
            N_(
                "A key rotation had been interrupted after the database was given its new key; it is finished now "
                "(the new key file is in place). Its new recovery key was never shown: run 'users revoke' to get one."
            )
        )
    elif report.rotation is Interrupted.UNDONE:
        ctx.say(
            N_(
                "A key rotation had been interrupted before it changed the database; what it had begun was undone "
                "and the database keeps its key. Run 'users revoke' again to give it a new one."
            )
        )
    if report.whole:
        ctx.say(
            N_("The store {folder} is whole: every page of its database passes the encryption's and SQLite's checks."),
            folder=report.folder,
        )
        return 0
    ctx.say(
        N_(
            "The store {folder} is damaged: {count} problems were found in its database. Stop working in it and "
            "restore it from a backup (check the backup with 'integrity-check' first)."
        ),
        folder=report.folder,
        count=len(report.problems),
    )
    for problem in report.problems[:SHOWN_PROBLEMS]:
        print(f"  {problem}", file=ctx.out)
    return 1


def cmd_start(ctx: CommandContext) -> int:
    """Prepare the store (with --demo: a demo store on first use), then open the window where one can be seen.

    Without a display (no DISPLAY or WAYLAND_DISPLAY, or Qt's offscreen platform) it stops after preparing the
    store, so that scripts and tests can run it headless.
    """
    from desktop.app import AppPaths, can_show_window, run

    made_now = ctx.args.demo and not ctx.paths.exists()
    if made_now:
        ctx.args.officers, ctx.args.seed = 60, 2026
        cmd_demo(ctx)
    if can_show_window():
        # Qt is imported only now, and only by desktop.gui.
        return run(AppPaths.for_user(ctx.paths.folder), clock=ctx.clock, language=ctx.args.lang)
    if not ctx.paths.exists():
        ctx.say(
            N_("There is no store in {folder} yet: create one with 'init', or try 'start --demo'."),
            folder=str(ctx.paths.folder),
        )
        return 2
    ctx.say(
        N_(
            "The store in {folder} is ready. No display is available here, so no window was opened; the store "
            "can be used from the command line (see 'officer-declare --help')."
        ),
        folder=str(ctx.paths.folder),
    )
    from desktop.services.session.info import has_account, is_demo

    if ctx.args.demo and not made_now and is_demo(ctx.paths) and has_account(ctx.paths, DEMO_INSPECTOR):
        _say_demo_password(ctx, os.environ.get("OFFICER_DECLARE_PASSWORD"))
        _say_try(ctx)
    return 0
