"""roster import / template."""

from __future__ import annotations

from pathlib import Path

from desktop.commands.context import CommandContext, UsageError
from desktop.i18n import N_


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
