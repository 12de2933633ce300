"""roster import / template."""

from __future__ import annotations

from pathlib import Path

from desktop.commands.context import CommandContext, UsageError
from desktop.commands.registry import CommandGroup
from desktop.i18n import N_


def register(commands: CommandGroup) -> None:
    """roster import, roster template."""
    t = commands.t
    roster = commands.group("roster", N_("the roster of officers who must declare"))
    importing = roster.command("import", N_("import a roster workbook (all rows or none)"), cmd_roster_import)
    importing.add_argument("file", help=t(N_("the roster workbook (.xlsx)")))
    template = roster.command("template", N_("write an empty roster workbook"), cmd_roster_template)
    template.add_argument("--out", required=True, help=t(N_("where to write it (.xlsx)")))


def cmd_roster_import(ctx: CommandContext) -> int:
    from desktop.services.administration.roster import import_roster

    session = ctx.session()
    try:
        summary = import_roster(session, Path(ctx.args.file))
    finally:
        session.lock()
    ctx.say(
        N_("Roster imported: {added} officers added, {updated} updated; {units} new units."),
        added=summary.officers_added,
        updated=summary.officers_updated,
        units=summary.units_added,
    )
    for warning in summary.warnings:
        print(f"  {warning.render(ctx.translate)}", file=ctx.out)
    return 0


def cmd_roster_template(ctx: CommandContext) -> int:
    from desktop.services.administration.roster import write_roster_template

    out = Path(ctx.args.out)
    if out.exists():  # never replace a roster someone filled in with an empty one
        raise UsageError(N_("{path} exists already and was left untouched; choose another file name."), path=str(out))
    try:
        write_roster_template(out)
    except OSError as exc:
        raise UsageError(
            N_("Could not write {path} ({reason}); check that the folder exists and can be written to."),
            path=str(out),
            reason=exc.strerror or type(exc).__name__,
        ) from None
    ctx.say(N_("Wrote an empty roster to {path}."), path=ctx.args.out)
    return 0
