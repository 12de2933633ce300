"""users add / list / passwd and recover."""

from __future__ import annotations

import json

from desktop.commands.context import CommandContext, UsageError
from desktop.commands.registry import CommandGroup
from desktop.domain.roles import ROLE_LABELS, Role, parse_roles
from desktop.i18n import N_


def register(commands: CommandGroup) -> None:
    """users add, users list, users passwd, users disable, users revoke; recover."""
    t = commands.t
    users = commands.group("users", N_("accounts"))
    add = users.command("add", N_("create an account (administrators)"), cmd_users_add)
    add.add_argument("login", help=t(N_("login name, e.g. the police number")))
    add.add_argument("--roles", required=True, help=t(N_("comma-separated: officer, unit_head, inspector, admin")))
    add.add_argument("--officer", help=t(N_("police number of the officer on the roster")))
    add.add_argument("--unit", help=t(N_("unit code")))
    listing = users.command("list", N_("list the accounts"), cmd_users_list)
    listing.add_argument("--json", action="store_true", help=t(N_("print JSON")))
    passwd = users.command("passwd", N_("change your password, or reset another's (administrators)"), cmd_users_passwd)
    passwd.add_argument("login", nargs="?", help=t(N_("the account to reset (default: your own)")))

    disable = users.command(
        "disable", N_("disable an account and remove its key slot (administrators)"), cmd_users_disable
    )
    disable.add_argument("login", help=t(N_("the account to disable")))
    revoke = users.command(
        "revoke",
        N_("disable an account and give the database a new data key, so that no old copy of the key file opens it"),
        cmd_users_revoke,
    )
    revoke.add_argument("login", nargs="?", help=t(N_("the account to disable (none: only rotate the data key)")))

    recover = commands.command("recover", N_("reset a password with the recovery key"), cmd_recover)
    recover.add_argument("login", help=t(N_("the account whose password to reset")))


def cmd_users_add(ctx: CommandContext) -> int:
    from desktop.services.administration import accounts

    args = ctx.args
    try:
        roles = parse_roles(args.roles)
    except ValueError as exc:
        raise UsageError(N_("--roles: {reason}"), reason=str(exc)) from None
    session = ctx.session()
    try:
        session.require(Role.ADMIN)  # before asking for a new password that would be thrown away
        password = ctx.passwords.new(args.login)
        account = accounts.add_account(
            session, login=args.login, password=password, roles=roles, police_number=args.officer, unit_code=args.unit
        )
    finally:
        session.lock()
    ctx.say(
        N_("Created the account {login}; key fingerprint {fingerprint}."),
        login=account.login,
        fingerprint=account.fingerprint,
    )
    return 0


def cmd_users_list(ctx: CommandContext) -> int:
    from desktop.services.administration import accounts

    session = ctx.session()
    try:
        session.require(Role.ADMIN)
        found = accounts.list_accounts(session)
    finally:
        session.lock()
    if ctx.args.json:
        rows = [
            {
                "name": a.login,
                "roles": sorted(r.value for r in a.roles),
                "unit": a.unit_code,
                "officer": a.police_number,
                "display_name": a.display_name,
                "fingerprint": a.fingerprint,
                "disabled": a.disabled,
            }
            for a in found
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=1), file=ctx.out)
        return 0
    for a in found:
        roles = ", ".join(ctx.translate(ROLE_LABELS[r]) for r in sorted(a.roles))
        print(f"{a.login:<12} {a.display_name:<8} {a.unit_code or '-':<10} {roles}", file=ctx.out)
    return 0


def cmd_users_passwd(ctx: CommandContext) -> int:
    from desktop.services.administration import accounts

    target = ctx.args.login
    acting = ctx.login_name()
    session = ctx.session()
    try:
        if target is None or target == acting:
            # The password just used to log in is the current one: --password-stdin gives current, then new.
            accounts.change_own_password(session, ctx.password_used, ctx.passwords.new(acting))
            ctx.say(N_("Your password was changed; your signing key stays the same."))
        else:
            session.require(Role.ADMIN)  # before asking for a new password that would be thrown away
            account = accounts.admin_reset_password(session, target, ctx.passwords.new(target))
            ctx.say(
                N_(
                    "The password of {login} was reset. It has a new signing key ({fingerprint}); signatures made "
                    "with the old key remain verifiable."
                ),
                login=target,
                fingerprint=account.fingerprint,
            )
    finally:
        session.lock()
    return 0


def cmd_recover(ctx: CommandContext) -> int:
    from desktop.services.administration import accounts
    from desktop.services.clock import timestamp
    from desktop.services.session.interrupted_rotation import rotation_notice
    from desktop.store.store import Store

    login = ctx.args.login
    recovery_key = ctx.passwords.recovery_key()
    store = Store.unlock_with_recovery_key(ctx.paths, recovery_key)
    # The recovery key's holder need not be an administrator: told as anyone else is (decision 118).
    notice = rotation_notice(store.interrupted_rotation, admin=False)
    if notice is not None:
        print(ctx.translate(notice), file=ctx.err)
    try:
        account = accounts.reset_password(store, login, ctx.passwords.new(login), timestamp(ctx.clock))
    finally:
        store.lock()
    ctx.say(
        N_("The password of {login} was reset with the recovery key; new key fingerprint {fingerprint}."),
        login=login,
        fingerprint=account.fingerprint,
    )
    return 0


def cmd_users_disable(ctx: CommandContext) -> int:
    from desktop.services.administration.revocation import disable_account

    session = ctx.session()
    try:
        disable_account(session, ctx.args.login)
    finally:
        session.lock()
    ctx.say(
        N_(
            "The account {login} is disabled and its key slot removed. A copy of the key file made earlier still "
            "opens the store with its old password: 'users revoke' gives the database a new key."
        ),
        login=ctx.args.login,
    )
    return 0


def cmd_users_revoke(ctx: CommandContext) -> int:
    from desktop.services.administration.revocation import revoke_and_rotate

    session = ctx.session()
    try:
        rotation = revoke_and_rotate(session, ctx.args.login)
    finally:
        session.lock()
    if ctx.args.login:
        ctx.say(N_("The account {login} is disabled."), login=ctx.args.login)
    ctx.say(
        N_(
            "The database has a new data key; {count} accounts keep their passwords. Old copies of the key file and "
            "the old recovery key no longer open it; backups made before now still open with the old passwords."
        ),
        count=rotation.accounts,
    )
    ctx.say(N_("New recovery key (shown this once; write it down and keep it locked away):"))
    print(f"    {rotation.recovery_key}", file=ctx.out)
    return 0
