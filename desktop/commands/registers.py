"""registers import / list / remove / fields: the inspectors' register extracts (比对核查).

On the encrypted store (log in as an inspector) or, with --database-url, on the team's PostgreSQL server. Exit codes:
0 done; 2 an unusable file, mapping or reference (nothing changed).
"""

from __future__ import annotations

from pathlib import Path

from desktop.commands.context import CommandContext, UsageError
from desktop.commands.registry import CommandGroup
from desktop.commands.server import database_url_option, inspector_session
from desktop.i18n import N_

KINDS = ("enterprise", "licence", "other")


def register(commands: CommandGroup) -> None:
    t = commands.t
    group = commands.group("registers", N_("registers to cross-check the declarations against (比对核查)"))
    importing = group.command(
        "import", N_("import a register extract (.xlsx or .csv; all rows or none)"), cmd_registers_import
    )
    importing.add_argument("file", help=t(N_("the extract (.xlsx, or .csv in UTF-8, GBK or GB18030)")))
    importing.add_argument(
        "--kind",
        required=True,
        choices=KINDS,
        help=t(N_("enterprise: enterprises and their people; licence: special-trade licences; other: any list")),
    )
    importing.add_argument("--label", default="", help=t(N_("what to call it, e.g. the department and date")))
    importing.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADING=FIELD",
        help=t(N_("a column mapping: the file's heading and the field it holds (see registers fields); repeatable")),
    )
    importing.add_argument(
        "--mapping", metavar="NAME", help=t(N_("remember the --map given under NAME, or use the one remembered"))
    )
    importing.add_argument(
        "--skip-bad-rows", action="store_true", help=t(N_("import the good rows and leave out (and count) bad ones"))
    )
    database_url_option(importing, t)
    listing = group.command("list", N_("list the imported register extracts"), cmd_registers_list)
    database_url_option(listing, t)
    removing = group.command("remove", N_("remove an imported register extract"), cmd_registers_remove)
    removing.add_argument("id", help=t(N_("the register's id (its first characters are enough)")))
    database_url_option(removing, t)
    group.command("fields", N_("list the fields a column mapping may name"), cmd_registers_fields)


def _parse_map(items: list[str]) -> dict[str, str]:
    mapping = {}
    for item in items:
        heading, sep, field = item.partition("=")
        if not sep or not heading.strip() or not field.strip():
            raise UsageError(N_("A mapping is HEADING=FIELD, e.g. 证件号=person_id; not {item}."), item=item)
        mapping[heading.strip()] = field.strip()
    return mapping


def cmd_registers_import(ctx: CommandContext) -> int:
    from desktop.services.inspection.registers import import_register

    mapping = _parse_map(ctx.args.map)
    with inspector_session(ctx) as session:
        extract = import_register(
            session,
            Path(ctx.args.file),
            ctx.args.kind,
            label=ctx.args.label,
            mapping=mapping or None,
            mapping_name=ctx.args.mapping,
            skip_bad_rows=ctx.args.skip_bad_rows,
        )
    ctx.say(
        N_(
            "Register imported ({encoding}): {rows} rows, {enterprises} enterprises, {people} people; "
            "{skipped} bad rows left out. Id {id}, SHA-256 {sha256}."
        ),
        encoding=extract.encoding,
        rows=extract.rows,
        enterprises=extract.enterprises,
        people=extract.people,
        skipped=extract.skipped,
        id=extract.id[:12],
        sha256=extract.file_sha256,
    )
    return 0


def cmd_registers_list(ctx: CommandContext) -> int:
    from desktop.exchange.registers.columns import KIND_LABELS
    from desktop.services.inspection.registers import list_registers

    with inspector_session(ctx) as session:
        extracts = list_registers(session)
    if not extracts:
        ctx.say(N_("No register has been imported."))
        return 0
    for e in extracts:
        ctx.say(
            N_(
                "{id}  {kind}  {source} {label}  imported {at} by {by}: {rows} rows, {enterprises} enterprises, "
                "{people} people"
            ),
            id=e.id[:12],
            kind=ctx.translate(KIND_LABELS[e.kind]),
            source=e.source,
            label=f"({e.label})" if e.label else "",
            at=ctx.time(e.imported_at),
            by=e.imported_by,
            rows=e.rows,
            enterprises=e.enterprises,
            people=e.people,
        )
    return 0


def cmd_registers_remove(ctx: CommandContext) -> int:
    from desktop.services.inspection.registers import remove_register

    with inspector_session(ctx) as session:
        extract = remove_register(session, ctx.args.id)
    ctx.say(
        N_("Removed the register {id} ({source}, {rows} rows)."),
        id=extract.id[:12],
        source=extract.source,
        rows=extract.rows,
    )
    return 0


def cmd_registers_fields(ctx: CommandContext) -> int:
    from desktop.exchange.registers.columns import FIELDS

    for field in FIELDS:
        print(f"{field.key:20} {field.label}  ({'、'.join(field.headings)})", file=ctx.out)
    return 0
