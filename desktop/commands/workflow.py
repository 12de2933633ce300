"""campaign, declare, sign, queue, countersign, return, status, history, verify-declaration, audit verify."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.commands.context import CommandContext, UsageError
from desktop.commands.registry import CommandGroup
from desktop.commands.server import database_url_option, inspector_session
from desktop.i18n import N_

if TYPE_CHECKING:
    from desktop.services.inspection.stored_checks import StoredCheck


def register(commands: CommandGroup) -> None:
    """campaign create / list; declare, sign; queue, countersign, return; status, history, check; audit verify."""
    t = commands.t

    def campaign_option(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument("--campaign", help=t(N_("the campaign id (default: the newest)")))
        return sub

    campaign = commands.group("campaign", N_("campaigns (administrators create them)"))
    create = campaign.command(
        "create", N_("create a campaign with a deadline and the commitment text"), cmd_campaign_create
    )
    create.add_argument("--name", required=True, help=t(N_("the campaign's name")))
    create.add_argument("--deadline", required=True, help=t(N_("the last day to sign, YYYY-MM-DD")))
    create.add_argument("--start", help=t(N_("the first day, YYYY-MM-DD (default: today)")))
    create.add_argument("--commitment-file", help=t(N_("the commitment text (default: the official template)")))
    create.add_argument(
        "--form-version", type=int, help=t(N_("the version of the registration form (default: the current one)"))
    )
    campaign.command("list", N_("list the campaigns, newest first"), cmd_campaign_list)

    declare = campaign_option(
        commands.command("declare", N_("create or update your draft declaration from JSON"), cmd_declare)
    )
    declare.add_argument(
        "--from", dest="from_file", required=True, help=t(N_("the declaration as JSON (see docs/declaration-json.md)"))
    )
    campaign_option(commands.command("sign", N_("sign your declaration and the commitment"), cmd_sign))
    queue = campaign_option(commands.command("queue", N_("the declarations you countersign (unit heads)"), cmd_queue))
    queue.add_argument("--json", action="store_true", help=t(N_("print JSON")))
    countersign = campaign_option(
        commands.command("countersign", N_("countersign a declaration with an opinion"), cmd_countersign)
    )
    countersign.add_argument("declaration", help=t(N_("a police number or a declaration id")))
    countersign.add_argument("--opinion", required=True, help=t(N_("your opinion (审核意见)")))
    countersign.add_argument(
        "--new-key",
        action="store_true",
        help=t(N_("the officer's new or changed key was compared with the officer in person: endorse it")),
    )
    returning = campaign_option(commands.command("return", N_("return a declaration with a reason"), cmd_return))
    returning.add_argument("declaration", help=t(N_("a police number or a declaration id")))
    returning.add_argument("--reason", required=True, help=t(N_("what the officer must correct")))
    status = campaign_option(commands.command("status", N_("completeness by unit"), cmd_status))
    status.add_argument("--unit", help=t(N_("only this unit and those below it")))
    status.add_argument("--json", action="store_true", help=t(N_("print JSON")))
    hist = campaign_option(
        commands.command("history", N_("every version, signature and return of a declaration"), cmd_history)
    )
    hist.add_argument("declaration", help=t(N_("a police number or a declaration id")))
    check = campaign_option(
        commands.command("check", N_("verify the signatures of one stored declaration"), cmd_verify_declaration)
    )
    check.add_argument("declaration", help=t(N_("a police number or a declaration id")))

    audit = commands.group("audit", N_("the audit log"))
    database_url_option(
        audit.command(
            "verify",
            N_("check the audit log's hash chain, and the trusted keys and verification results against it"),
            cmd_audit_verify,
        ),
        t,
    )


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(N_("{option}: {value} is not a date (YYYY-MM-DD)."), option=option, value=text) from None


def cmd_campaign_create(ctx: CommandContext) -> int:
    from desktop.services.administration import campaigns

    args = ctx.args
    text = None
    if args.commitment_file:
        try:
            text = Path(args.commitment_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(
                N_("Cannot read the commitment text {path}: {reason}"), path=args.commitment_file, reason=str(exc)
            ) from None
    with ctx.logged_in() as session:
        campaign = campaigns.create_campaign(
            session,
            name=args.name,
            deadline=_date(args.deadline, "--deadline"),
            start_date=_date(args.start, "--start") if args.start else None,
            commitment_text=text,
            form_version=args.form_version,
        )
    ctx.say(
        N_("Created the campaign {name} ({id}), deadline {deadline}."),
        name=campaign.name,
        id=campaign.id,
        deadline=ctx.date(campaign.deadline),
    )
    return 0


def cmd_campaign_list(ctx: CommandContext) -> int:
    from desktop.services.administration import campaigns

    with ctx.logged_in() as session:
        found = campaigns.list_campaigns(session)
    for c in found:
        form = ctx.translate(N_("form version {number}"), number=c.form_version)
        print(f"{c.id}  {ctx.date(c.start_date)} → {ctx.date(c.deadline)}  {c.name}  ({form})", file=ctx.out)
    return 0


def cmd_declare(ctx: CommandContext) -> int:
    from desktop.domain.declarations import Declaration
    from desktop.services.workflow import declaring

    try:
        raw = json.loads(Path(ctx.args.from_file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(N_("Cannot read {path}: {reason}"), path=ctx.args.from_file, reason=str(exc)) from None
    if not isinstance(raw, dict):
        raise UsageError(N_("{path}: expected a JSON object (see docs/declaration-json.md)."), path=ctx.args.from_file)
    with ctx.logged_in() as session:
        # The officer's own data comes from the roster; a placeholder satisfies the reader. What the roster does not
        # hold (form version 2: political status, mobile phone) is the officer's, from the file.
        given = raw.get("officer")
        typed: dict[str, object] = given if isinstance(given, dict) else {}
        own = {key: typed[key] for key in ("political_status", "mobile") if key in typed}
        raw = {**raw, "officer": {"police_number": "", "name": "", "id_number": "", "unit_code": "", **own}}
        try:
            content = Declaration.from_dict(raw)
        except ValueError as exc:
            raise UsageError(N_("{path}: {reason}"), path=ctx.args.from_file, reason=str(exc)) from None
        saved = declaring.save_draft(session, content, ctx.args.campaign)
    if saved.amended:
        ctx.say(
            N_("Saved as version {version}, an amendment: it must be signed and countersigned again."),
            version=saved.record.version,
        )
    else:
        ctx.say(N_("Saved the draft {id} (version {version})."), id=saved.record.id, version=saved.record.version)
    for problem in saved.problems:
        print(f"  {problem.severity.value}: {problem.path}: {problem.render(ctx.translate)}", file=ctx.out)
    return 1 if any(p.severity.value == "error" for p in saved.problems) else 0


def cmd_sign(ctx: CommandContext) -> int:
    from desktop.services.workflow import declaring

    with ctx.logged_in() as session:
        record = declaring.sign(session, ctx.password_used, ctx.args.campaign)
    ctx.say(N_("Signed the declaration {id} (version {version})."), id=record.id, version=record.version)
    return 0


def cmd_queue(ctx: CommandContext) -> int:
    from desktop.domain.declarations import STATUS_LABELS
    from desktop.services.workflow import countersigning

    with ctx.logged_in() as session:
        items = countersigning.queue(session, ctx.args.campaign)
    if ctx.args.json:
        print(
            json.dumps(
                [
                    {
                        "declaration": i.record.id if i.record else None,
                        "officer": i.officer.police_number,
                        "name": i.officer.name,
                        "unit": i.officer.unit_code,
                        "status": i.status,
                        "regulated_trade": i.regulated_trade,
                        "own_jurisdiction": i.own_jurisdiction,
                        "key_person": i.key_person,
                        "late": i.late,
                        "officer_key": i.officer_key.standing.value if i.officer_key else None,
                    }
                    for i in items
                ],
                ensure_ascii=False,
                indent=1,
            ),
            file=ctx.out,
        )
        return 0
    for i in items:
        flags = " ".join(
            flag
            for flag, on in (
                (ctx.translate(N_("regulated trade")), i.regulated_trade),
                (ctx.translate(N_("own jurisdiction")), i.own_jurisdiction),
                (ctx.translate(N_("key person")), i.key_person),
                (ctx.translate(N_("late")), i.late),
                (ctx.translate(N_("NEW OR CHANGED KEY")), i.key_unconfirmed),
            )
            if on
        )
        ident = i.record.id[:10] if i.record else "-"
        status = ctx.translate(STATUS_LABELS.get(i.status, i.status))
        print(f"{ident:<10} {i.officer.police_number} {i.officer.name:<6} {status:<13} {flags}", file=ctx.out)
    return 0


def cmd_countersign(ctx: CommandContext) -> int:
    from desktop.services.workflow import countersigning

    with ctx.logged_in() as session:
        record = countersigning.countersign(
            session,
            ctx.args.declaration,
            ctx.args.opinion,
            ctx.password_used,
            ctx.args.campaign,
            confirm_new_key=ctx.args.new_key,
        )
    ctx.say(
        N_("Countersigned the declaration of {officer} (version {version})."),
        officer=record.police_number,
        version=record.version,
    )
    return 0


def cmd_return(ctx: CommandContext) -> int:
    from desktop.services.workflow import countersigning

    with ctx.logged_in() as session:
        record = countersigning.return_declaration(session, ctx.args.declaration, ctx.args.reason, ctx.args.campaign)
    ctx.say(N_("Returned the declaration of {officer} with the reason given."), officer=record.police_number)
    return 0


def cmd_status(ctx: CommandContext) -> int:
    from desktop.services.workflow.completeness import completeness

    with ctx.logged_in() as session:
        report = completeness(session, ctx.args.campaign, ctx.args.unit)
    if ctx.args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1), file=ctx.out)
        return 0
    if report.days_left >= 0:
        ctx.say(
            N_("{name}: deadline {deadline}, {days} days left."),
            name=report.campaign.name,
            deadline=ctx.date(report.campaign.deadline),
            days=report.days_left,
        )
    else:
        ctx.say(
            N_("{name}: the deadline {deadline} passed {days} days ago."),
            name=report.campaign.name,
            deadline=ctx.date(report.campaign.deadline),
            days=-report.days_left,
        )
    for u in report.units:
        ctx.say(
            N_(
                "{unit} {name}: {declared}/{roster} declared; not started {not_started}, draft {draft}, signed "
                "{signed}, returned {returned}, countersigned {countersigned}; late {late}"
            ),
            unit=u.unit_code,
            name=u.unit_name,
            declared=u.declared,
            roster=u.roster,
            late=u.late,
            **u.counts,
        )
    return 0


def cmd_history(ctx: CommandContext) -> int:
    from desktop.domain.declarations import STATUS_LABELS
    from desktop.services.workflow.history import AUDIT_ACTION_LABELS, history

    with ctx.logged_in() as session:
        found = history(session, ctx.args.declaration, ctx.args.campaign)
    for version in found.versions:
        record = version.record
        state = (
            ctx.translate(N_("valid"))
            if version.verification.valid
            else ", ".join(f.render(ctx.translate) for f in version.verification.failures)
        )
        ctx.say(
            N_("Version {version} ({id}): {status}; signatures: {state}"),
            version=record.version,
            id=record.id,
            status=STATUS_LABELS[record.status.value],
            state=state,
        )
        for entry in version.audit:
            action = ctx.translate(AUDIT_ACTION_LABELS.get(entry.action, entry.action))
            print(f"    {ctx.time(entry.at)} {entry.actor} {action}", file=ctx.out)
        for ret in version.returns:
            ctx.say(N_("    returned {at}: {reason}"), at=ctx.time(ret.returned_at), reason=ret.reason)
    return 0


def cmd_verify_declaration(ctx: CommandContext) -> int:
    from desktop.services.workflow.verification import verify

    with ctx.logged_in() as session:
        found = verify(session, ctx.args.declaration, ctx.args.campaign)
    if found.result.valid:
        ctx.say(N_("Valid: every signature of {id} verifies."), id=found.record.id)
        return 0
    for failure in found.result.failures:
        print(f"{failure.which}: {failure.render(ctx.translate)}", file=ctx.out)
    return 1


def cmd_audit_verify(ctx: CommandContext) -> int:
    from desktop.services.administration.audit_check import verify_audit_log
    from desktop.services.inspection.stored_checks import check_stored_tables

    with inspector_session(ctx) as session:
        report = verify_audit_log(session)
        on_server = getattr(session.store, "key_file", None) is None
        stored = check_stored_tables(session) if report.ok else None
    if not report.ok:
        reasons = {
            "hash_mismatch": N_("the entry was changed"),
            "link_broken": N_("an entry before it was removed or the order was changed"),
            "seq_gap": N_("entries are missing"),
            "tail_missing": N_("the newest entries were cut off"),
            "head_mismatch": N_("the log does not match the head kept in the key file"),
        }
        ctx.say(
            N_("The audit log is broken at entry {seq}: {reason}."),
            seq=report.broken_at,
            reason=ctx.translate(reasons[report.reason]),
        )
        return 1
    if on_server:
        ctx.say(
            N_(
                "The audit log is intact: {count} entries, chained (a server keeps no head outside its database: a "
                "cut-off tail cannot be seen here)."
            ),
            count=report.entries,
        )
    else:
        ctx.say(
            N_("The audit log is intact: {count} entries, chained and matching the head kept in the key file."),
            count=report.entries,
        )
    return _say_stored_check(ctx, stored)


def _say_stored_check(ctx: CommandContext, stored: StoredCheck | None) -> int:
    if stored is None:
        return 1
    if stored.trusted_added:
        ctx.say(
            N_("{count} trusted keys were added outside the program (not in the audit log): {keys}."),
            count=len(stored.trusted_added),
            keys=", ".join(stored.trusted_added),
        )
    if stored.trusted_removed:
        ctx.say(
            N_("{count} keys trusted through the program were removed outside it: {keys}."),
            count=len(stored.trusted_removed),
            keys=", ".join(stored.trusted_removed),
        )
    if stored.results_changed:
        ctx.say(
            N_(
                "The stored verification results of {count} imported workbooks differ from what their import "
                "recorded in the audit log: {workbooks}. Import those workbooks again into a fresh store."
            ),
            count=len(stored.results_changed),
            workbooks=", ".join(w[:12] for w in stored.results_changed),
        )
    if stored.results_uncovered:
        ctx.say(
            N_("{count} workbooks were imported by an earlier version, which did not record their results."),
            count=stored.results_uncovered,
        )
    if stored.ok:
        ctx.say(N_("The trusted keys and the stored verification results agree with the audit log."))
        return 0
    return 1
