"""The inspectors' commands: findings, conclude, leads, report, keys, threshold.

Each works on the encrypted store (log in as an inspector) or, with --database-url (or OFFICER_DECLARE_DATABASE_URL),
on the team's PostgreSQL server. Exit codes: 0 done (findings: nothing at or above the threshold); 1 findings need
an inspector, or a key change was refused; 2 unusable input.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.commands.context import CommandContext
from desktop.commands.registry import CommandGroup
from desktop.commands.server import database_url_option, inspector_session
from desktop.i18n import N_

if TYPE_CHECKING:
    from desktop.services.inspection.conclusions import Conclusion


# -- findings ---------------------------------------------------------------------------------------------------


def cmd_findings(ctx: CommandContext) -> int:
    from desktop.commands.utf8_output import write_utf8
    from desktop.services.inspection.conclusions import latest_conclusions
    from desktop.services.inspection.listing import findings_listing
    from desktop.services.inspection.listing_kept import KeptListing
    from desktop.services.inspection.trust import untrusted_head_key_count

    t = ctx.translate
    with inspector_session(ctx) as session:
        listing = findings_listing(session, t, campaign_id=ctx.args.campaign, threshold=ctx.args.threshold)
        filters = {"unit": ctx.args.unit, "rule": ctx.args.rule, "min_score": ctx.args.min_score}
        listed, needing = listing.tally(**filters)
        with session.store.transaction() as connection:
            latest = latest_conclusions(connection, listing.campaign.id)
            untrusted = untrusted_head_key_count(connection)
        # The lines are written as they are read: on a server they come from the run's rows a few at a time.
        if ctx.args.json:
            from desktop.commands.streamed_json import write_streamed
            from desktop.review.catalog import RULES_BY_ID

            described = {rule: t(r.description) for rule, r in RULES_BY_ID.items()}
            document = {
                "campaign": {"id": listing.campaign.id, "name": listing.campaign.name},
                "threshold": listing.threshold,
                "run": listing.run_id,
                "summary": {
                    "declarations": listing.declarations,
                    "findings": listing.findings,
                    "listed": listed,
                    "flagged": listing.flagged,
                    "cleared": listing.cleared,
                    "untrusted_head_keys": untrusted,
                },
            }
            items = (
                {
                    "rule": f.rule,
                    "rule_description": described[f.rule],
                    "declaration": f.declaration_id,
                    "row": f.declaration_row,
                    "officer": f.police_number,
                    "name": f.name,
                    "unit": f.unit_code,
                    "weight": f.weight,
                    "score": f.score,
                    "cleared": f.cleared,
                    "reason": f.reason,
                    "conclusion": _conclusion_kind(latest, f.declaration_id, f.police_number),
                }
                for f in listing.select(**filters)
            )
            write_streamed(ctx.out, document, "findings", items)
            return 1 if needing else 0
        if isinstance(listing, KeptListing) and not any(value is not None for value in filters.values()):
            write_utf8(ctx.out, listing.utf8())  # the kept text as it is kept (decision 168)
        else:
            for part in listing.printed(**filters):  # the kept text whole, or a server's lines as they are read
                ctx.out.write(part)
    ctx.say(
        N_(
            "{listed} findings listed ({findings} in all) for the campaign {campaign}; {flagged} at or above the "
            "threshold {threshold} need an inspector, {cleared} were cleared automatically."
        ),
        listed=listed,
        findings=listing.findings,
        campaign=listing.campaign.name,
        flagged=listing.flagged,
        threshold=listing.threshold,
        cleared=listing.cleared,
    )
    if untrusted:
        ctx.say(
            N_("{count} heads' keys are not yet confirmed as trusted: see 'keys list', then 'keys trust'."),
            count=untrusted,
        )
    return 1 if needing else 0


def _conclusion_kind(latest: dict[str, Conclusion], declaration_id: str | None, police_number: str) -> str | None:
    found = latest.get(declaration_id or f"officer:{police_number}")
    return found.kind if found is not None else None


# -- conclusions and leads --------------------------------------------------------------------------------------


def cmd_conclude(ctx: CommandContext) -> int:
    from desktop.services.inspection.conclusions import KINDS, conclude

    with inspector_session(ctx) as session:
        done = conclude(session, ctx.args.subject, ctx.args.kind, ctx.args.note, campaign_id=ctx.args.campaign)
    ctx.say(
        N_("Recorded the conclusion '{kind}' for {officer} ({declaration}) as {inspector}."),
        kind=ctx.translate(KINDS[done.kind]),
        officer=done.police_number,
        declaration=done.declaration_id or ctx.translate(N_("no declaration")),
        inspector=done.inspector,
    )
    if done.lead_id is not None:
        ctx.say(
            N_("Opened lead number {lead} to follow up ('leads update {lead} --state in_progress')."), lead=done.lead_id
        )
    return 0


def cmd_leads_list(ctx: CommandContext) -> int:
    from desktop.services.inspection.conclusions import LEAD_STATES, list_leads

    with inspector_session(ctx) as session, session.store.transaction() as connection:
        leads = list_leads(connection, state=ctx.args.state)
    if ctx.args.json:
        print(json.dumps([lead.__dict__ for lead in leads], ensure_ascii=False, indent=1), file=ctx.out)
        return 0
    for lead in leads:
        print(
            f"{lead.id:4d}  {ctx.translate(LEAD_STATES.get(lead.state, lead.state)):8s}  {lead.police_number}  "
            f"{lead.unit_code}  {(lead.declaration_id or '-')[:12]}  {ctx.time(lead.updated_at)}  {lead.note}",
            file=ctx.out,
        )
    ctx.say(N_("{count} leads."), count=len(leads))
    return 0


def cmd_leads_update(ctx: CommandContext) -> int:
    from desktop.services.inspection.conclusions import LEAD_STATES, update_lead

    with inspector_session(ctx) as session:
        lead = update_lead(session, ctx.args.lead, ctx.args.state, ctx.args.note or "")
    ctx.say(N_("Lead {lead} is now '{state}'."), lead=lead.id, state=ctx.translate(LEAD_STATES[lead.state]))
    return 0


# -- report, threshold ------------------------------------------------------------------------------------------


def cmd_report(ctx: CommandContext) -> int:
    from desktop.services.inspection.report import write_report

    with inspector_session(ctx) as session:
        # The login password first, then the file password, as every command reads its passwords.
        password = ctx.passwords.file(needed=True) if ctx.args.encrypt else None
        summary = write_report(
            session, Path(ctx.args.out), campaign_id=ctx.args.campaign, threshold=ctx.args.threshold, password=password
        )
    ctx.say(
        N_(
            "Wrote the verification report to {path}: {declarations} declarations, {findings} findings, "
            "{flagged} need an inspector, {cleared} cleared automatically, {conclusions} conclusions, "
            "{leads} leads."
        ),
        path=str(summary.path),
        declarations=summary.declarations,
        findings=summary.findings,
        flagged=summary.flagged,
        cleared=summary.cleared,
        conclusions=summary.conclusions,
        leads=summary.leads,
    )
    return 0


def cmd_threshold(ctx: CommandContext) -> int:
    from desktop.services.inspection.current import stored_threshold
    from desktop.services.inspection.review import set_threshold

    with inspector_session(ctx) as session:
        if ctx.args.value is None:
            with session.store.transaction() as connection:
                value = stored_threshold(connection)
        else:
            value = set_threshold(session, ctx.args.value)
    ctx.say(N_("Declarations scoring below {threshold} are cleared automatically."), threshold=value)
    return 0


# -- trusted keys -----------------------------------------------------------------------------------------------


def cmd_keys_list(ctx: CommandContext) -> int:
    from desktop.services.inspection.trust import list_head_keys

    with inspector_session(ctx) as session:
        keys = list_head_keys(session)
    if ctx.args.json:
        print(
            json.dumps([{**k.__dict__, "other_keys": list(k.other_keys)} for k in keys], ensure_ascii=False, indent=1),
            file=ctx.out,
        )
        return 0
    for key in keys:
        state = ctx.translate(N_("trusted") if key.trusted else N_("NOT TRUSTED"))
        print(
            f"{key.fingerprint}  {state}  {key.name} ({key.holder})  {key.unit_code}  "
            f"{ctx.translate(N_('{count} countersigned'), count=key.countersigned)}",
            file=ctx.out,
        )
        if key.other_keys:
            ctx.say(N_("  WARNING: the same head has another key: {keys}"), keys=", ".join(key.other_keys))
    waiting = sum(1 for k in keys if not k.trusted)
    if waiting:
        ctx.say(
            N_(
                "{count} keys wait for confirmation: compare each fingerprint with the head (by phone or on "
                "paper), then 'keys trust FINGERPRINT'."
            ),
            count=waiting,
        )
    return 0


def cmd_keys_trust(ctx: CommandContext) -> int:
    from desktop.services.inspection.trust import trust_key

    with inspector_session(ctx) as session:
        key = trust_key(session, ctx.args.fingerprint, note=ctx.args.note or "", new_key=ctx.args.new_key)
    ctx.say(
        N_("Trusted the key {fingerprint} of {name} ({holder}, unit {unit})."),
        fingerprint=key.fingerprint,
        name=key.name,
        holder=key.holder,
        unit=key.unit_code,
    )
    return 0


def cmd_keys_untrust(ctx: CommandContext) -> int:
    from desktop.services.inspection.trust import distrust_key

    with inspector_session(ctx) as session:
        removed = distrust_key(session, ctx.args.fingerprint)
    ctx.say(N_("The key is no longer trusted.") if removed else N_("That key was not trusted; nothing changed."))
    return 0


# -- registration -----------------------------------------------------------------------------------------------


def register(commands: CommandGroup) -> None:
    """findings, conclude, leads list / update, report, threshold, keys list / trust / untrust."""
    t = commands.t

    def server(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        return database_url_option(sub, t)

    def campaign(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument("--campaign", help=t(N_("the campaign id (default: the newest imported)")))
        sub.add_argument(
            "--threshold",
            type=int,
            help=t(N_("clear declarations scoring below this automatically (default: the stored threshold)")),
        )
        return server(sub)

    findings = campaign(
        commands.command("findings", N_("what the rules found in the imported declarations"), cmd_findings)
    )
    findings.add_argument("--unit", help=t(N_("only this unit and those below it")))
    findings.add_argument("--rule", help=t(N_("only this rule")))
    findings.add_argument("--min-score", type=int, help=t(N_("only declarations scoring at least this")))
    findings.add_argument("--json", action="store_true", help=t(N_("print JSON")))

    conclude = server(
        commands.command("conclude", N_("record a conclusion on a declaration (inspectors)"), cmd_conclude)
    )
    conclude.add_argument("subject", help=t(N_("a declaration id (or its first characters) or a police number")))
    conclude.add_argument(
        "--as",
        dest="kind",
        required=True,
        choices=("truthful", "omission", "concealment", "needs_checking", "lead"),
        help=t(N_("the conclusion")),
    )
    conclude.add_argument("--note", required=True, help=t(N_("what was checked and found")))
    conclude.add_argument("--campaign", help=t(N_("the campaign id (default: the newest imported)")))

    leads = commands.group("leads", N_("leads and their follow-up"))
    listing = server(leads.command("list", N_("list the leads"), cmd_leads_list))
    listing.add_argument("--state", choices=("open", "in_progress", "closed"), help=t(N_("only leads in this state")))
    listing.add_argument("--json", action="store_true", help=t(N_("print JSON")))
    update = server(leads.command("update", N_("move a lead to another state"), cmd_leads_update))
    update.add_argument("lead", type=int, help=t(N_("the lead number")))
    update.add_argument(
        "--state", required=True, choices=("open", "in_progress", "closed"), help=t(N_("the new state"))
    )
    update.add_argument("--note", help=t(N_("what was done")))

    report = campaign(commands.command("report", N_("write the verification report workbook"), cmd_report))
    report.add_argument("--out", required=True, help=t(N_("the workbook to write (.xlsx)")))
    report.add_argument("--encrypt", action="store_true", help=t(N_("protect the file with a file password")))

    threshold = server(commands.command("threshold", N_("show or set the automatic-clearing threshold"), cmd_threshold))
    threshold.add_argument("value", nargs="?", type=int, help=t(N_("the new threshold, 0 to 100")))

    keys = commands.group("keys", N_("the inspectors' trusted unit-head keys"))
    key_list = server(
        keys.command("list", N_("the heads' keys in the imported workbooks, and their trust"), cmd_keys_list)
    )
    key_list.add_argument("--json", action="store_true", help=t(N_("print JSON")))
    trust = server(keys.command("trust", N_("confirm a head's key fingerprint as trusted"), cmd_keys_trust))
    trust.add_argument("fingerprint", help=t(N_("the key's fingerprint, as the head read it to you")))
    trust.add_argument("--note", help=t(N_("how it was confirmed")))
    trust.add_argument(
        "--new-key",
        action="store_true",
        help=t(N_("the head has a new key, confirmed in person (replaces nothing; both stay trusted)")),
    )
    untrust = server(keys.command("untrust", N_("withdraw trust from a key"), cmd_keys_untrust))
    untrust.add_argument("fingerprint", help=t(N_("the key's fingerprint")))
