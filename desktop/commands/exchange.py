"""export, verify, import and receive: declaration workbooks."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.commands.context import CommandContext
from desktop.commands.registry import CommandGroup
from desktop.commands.server import database_url_option, inspector_session
from desktop.i18n import N_

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from desktop.exchange.workbook.verify import WorkbookVerdict
    from desktop.services.inspection.verify_chunks import ChunkedVerdict
    from desktop.services.session.session import Session

    #: What ``verify`` reports of a workbook: verified the careful way, or chunk by chunk (decision 241).
    Verdict = WorkbookVerdict | ChunkedVerdict


def register(commands: CommandGroup) -> None:
    """export, verify, import, receive."""
    t = commands.t
    export = commands.command("export", N_("export signed declarations as a workbook"), cmd_export)
    export.add_argument("--campaign", help=t(N_("the campaign id (default: the newest)")))
    export.add_argument("--out", required=True, help=t(N_("the workbook to write (.xlsx)")))
    export.add_argument("--unit", help=t(N_("the unit (administrators and inspectors)")))
    export.add_argument("--own", action="store_true", help=t(N_("your own signed declaration, for your unit head")))
    export.add_argument("--encrypt", action="store_true", help=t(N_("protect the file with a file password")))

    verify = commands.command("verify", N_("verify declaration workbooks (no store needed)"), cmd_verify)
    verify.add_argument("files", nargs="+", help=t(N_("the workbooks (.xlsx)")))
    verify.add_argument("--trust", action="append", help=t(N_("a trusted key fingerprint (repeatable)")))
    verify.add_argument("--json", action="store_true", help=t(N_("print JSON")))
    verify.epilog = t(
        N_(
            "Exit status: 0 every signature is consistent and every countersigning and exporting key is among the "
            "--trust fingerprints; 1 something does not verify, or a key is not trusted; 2 a file cannot be read or "
            "is refused as unsafe; 4 every signature is consistent but no --trust fingerprint was given, so nothing "
            "says who signed (JSON: trusted false)."
        )
    )

    importing = commands.command("import", N_("import declaration workbooks into the inspectors' store"), cmd_import)
    importing.add_argument("files", nargs="+", help=t(N_("the workbooks (.xlsx)")))
    importing.add_argument("--progress", action="store_true", help=t(N_("show progress on standard error")))
    database_url_option(importing, t)

    receiving = commands.command(
        "receive", N_("take in an officer's own exported declaration (unit heads)"), cmd_receive
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


def cmd_export(ctx: CommandContext) -> int:
    from desktop.services.workflow.export import export_own, export_unit

    with ctx.logged_in() as session:
        # The login password first, then the file password, as every command reads its passwords.
        password = ctx.passwords.file(needed=True) if ctx.args.encrypt else None
        if ctx.args.own:
            summary = export_own(session, Path(ctx.args.out), campaign_id=ctx.args.campaign, password=password)
        else:
            summary = export_unit(
                session, Path(ctx.args.out), unit_code=ctx.args.unit, campaign_id=ctx.args.campaign, password=password
            )
    ctx.say(
        N_(
            "Exported {declarations} declarations ({interests} interests) and {missing} officers without a "
            "countersigned declaration to {path}."
        ),
        declarations=summary.declarations,
        interests=summary.interests,
        missing=summary.missing,
        path=str(summary.path),
    )
    if summary.encrypted:
        ctx.say(N_("The file is protected by the file password."))
    return 0


def cmd_verify(ctx: CommandContext) -> int:
    trusted = set(ctx.args.trust) if ctx.args.trust else None
    password = ctx.passwords.file(needed=False)
    reports: list[Verdict] = []
    all_valid = True
    with contextlib.ExitStack() as stack:
        # A large workbook is read and checked on every core; a small one is not worth starting processes for (nor
        # importing multiprocessing: verify of a small file starts within the CLI's target).
        pool = None
        if any(_size(name) > _POOL_FROM_BYTES for name in ctx.args.files):
            from concurrent.futures import ProcessPoolExecutor

            pool = stack.enter_context(ProcessPoolExecutor(max_workers=os.cpu_count() or 1))
        for name in ctx.args.files:
            verdict = _verified(Path(name), password, trusted, pool, ctx.args.json)
            all_valid &= verdict.valid
            reports.append(verdict)
    status = _verify_status(reports, all_valid, trusted is not None)
    if ctx.args.json:
        print(json.dumps([_verdict_json(v, ctx) for v in reports], ensure_ascii=False, indent=1), file=ctx.out)
        return status
    for verdict in reports:
        ctx.say(
            N_("{file}: {valid} of {total} declarations verify."),
            file=verdict.file,
            valid=verdict.valid_count,
            total=verdict.total,
        )
        for problem in verdict.problems:
            print(f"  {problem.describe(ctx.translate)}", file=ctx.out)
        for d in verdict.declarations:
            if d.valid:
                continue
            reasons = "; ".join(f.render(ctx.translate) for f in d.result.failures)
            if d.untrusted_head:
                reasons = "; ".join(filter(None, [reasons, ctx.translate(N_("countersigned with an untrusted key"))]))
            ctx.say(
                N_("  row {row}: {police_number} {name} ({id}): {reasons}"),
                row=d.row,
                police_number=d.police_number,
                name=d.name,
                id=d.declaration_id,
                reasons=reasons,
            )
        _say_signing_keys(ctx, verdict)
    if status == VERIFY_UNTRUSTED:
        ctx.say(
            N_(
                "The signatures are consistent, but no key is trusted: a workbook made with fresh keys looks the same. "
                "Compare the fingerprints above with the ones you know for these heads, then repeat with --trust."
            )
        )
    else:
        ctx.say(N_("Everything verifies.") if status == 0 else N_("Something does not verify; see above."))
    return status


#: verify's exit status when every signature is consistent but no trusted key was given (docs/workbook-format.md).
VERIFY_UNTRUSTED = 4


def _verified(
    path: Path, password: str | None, trusted: set[str] | None, pool: Executor | None, every: bool
) -> Verdict:
    """``path`` verified: with a pool, chunk by chunk in its processes, holding no declaration but those the report
    lists (decision 241); the careful way whenever that cannot vouch for the whole workbook, or without a pool."""
    from desktop.exchange.workbook.reader import read_workbook
    from desktop.exchange.workbook.verify import verify_workbook

    if pool is not None:
        from desktop.services.inspection.verify_chunks import verify_in_chunks

        chunked = verify_in_chunks(path, password, pool, trusted, keep_every=every)
        if chunked is not None:
            return chunked
    # The content bytes are for an import to store: the report needs none (decision 250).
    return verify_workbook(read_workbook(path, password, executor=pool), trusted, executor=pool, keep_contents=False)


def _verify_status(reports: list[Verdict], all_valid: bool, trust_given: bool) -> int:
    """0: consistent and every countersigning and exporting key trusted; 1: something does not verify (or, with
    --trust, a key is not trusted); 4: consistent, but no key was given to trust."""
    if not all_valid:
        return 1
    if not trust_given:
        return VERIFY_UNTRUSTED
    return 0 if all(v.is_trusted for v in reports) else 1


def _say_signing_keys(ctx: CommandContext, verdict: Verdict) -> None:
    """Every key the workbook's trust rests on, by what it signed; names are as the keys sheet claims them."""
    claimed = {k.fingerprint: k for k in verdict.keys}
    counts = verdict.countersigned
    for fingerprint in verdict.head_fingerprints:
        key = claimed.get(fingerprint)
        holder = f"{key.name} ({key.police_number or key.login}, {key.unit_code})" if key else "?"
        acts = []
        if fingerprint in counts:
            acts.append(ctx.translate(N_("countersigned {count}"), count=counts[fingerprint]))
        if fingerprint == verdict.exporter_fingerprint:
            acts.append(ctx.translate(N_("signed the batch")))
        trusted = verdict.trusted is not None and fingerprint in verdict.trusted
        ctx.say(
            N_("  key {fingerprint}: {holder}; {acts}; {standing}"),
            fingerprint=fingerprint,
            holder=holder,
            acts=", ".join(acts),
            standing=N_("trusted") if trusted else N_("NOT trusted"),
        )


_POOL_FROM_BYTES = 2_000_000  # ≈ 3,000 declarations


def _size(name: str) -> int:
    try:
        return Path(name).stat().st_size
    except OSError:
        return 0  # read_workbook says what is wrong with it


def _verdict_json(verdict: Verdict, ctx: CommandContext) -> dict[str, object]:
    return {
        "file": verdict.file,
        # valid only when consistent and every countersigning and exporting key is trusted
        "valid": verdict.valid and verdict.is_trusted,
        "consistent": verdict.valid,
        "trusted": verdict.is_trusted,
        "exporter_fingerprint": verdict.exporter_fingerprint,
        "problems": [
            {
                "sheet": p.sheet,
                "row": p.row,
                "column": p.column,
                "cell": p.cell,
                "code": p.code,
                "message": p.render(ctx.translate),
            }
            for p in verdict.problems
        ],
        "head_fingerprints": verdict.head_fingerprints,
        "declarations": [
            {
                "declaration": d.declaration_id,
                "officer": d.police_number,
                "name": d.name,
                "unit": d.unit_code,
                "row": d.row,
                "valid": d.valid,
                "untrusted_head": d.untrusted_head,
                "failures": [{"signature": f.which, "code": f.code} for f in d.result.failures],
            }
            for d in verdict.declarations
        ],
    }


def cmd_import(ctx: CommandContext) -> int:
    """Import into the encrypted store (logged in as an inspector) or, with --database-url, into the team's server;
    then ask for the heads' keys that no inspector has confirmed yet."""
    from concurrent.futures import ProcessPoolExecutor

    from desktop.services.inspection.workbook_import import import_workbook

    password = ctx.passwords.file(needed=False)

    def progress(file: str, step: int, steps: int) -> None:
        if ctx.args.progress:
            print(ctx.translate(N_("{file}: step {step} of {steps}"), file=file, step=step, steps=steps), file=ctx.err)

    problems = False
    with inspector_session(ctx) as session, ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for name in ctx.args.files:
            result = import_workbook(session, Path(name), password=password, executor=pool, progress=progress)
            if result.already_imported:
                ctx.say(N_("{file}: already imported; nothing changed."), file=result.file)
                continue
            ctx.say(
                N_("{file}: imported {count} declarations; {valid} verify, {invalid} do not."),
                file=result.file,
                count=result.declarations,
                valid=result.valid,
                invalid=result.invalid,
            )
            if not result.workbook_valid:
                ctx.say(N_("  The workbook's batch signature or cover does not verify."))
            if result.duplicates:
                ctx.say(
                    N_("  {count} declarations were already imported from another workbook: {ids}"),
                    count=len(result.duplicates),
                    ids=", ".join(d[:10] for d in result.duplicates[:10]),
                )
            if not result.exporter_trusted:
                ctx.say(
                    N_(
                        "  It was exported with the key {fingerprint}, which no inspector has confirmed as trusted: a "
                        "declaration could have been left out or replaced by an older version. Every declaration from "
                        "it is flagged until that key is trusted ('keys trust')."
                    ),
                    fingerprint=result.exporter_fingerprint or "?",
                )
            elif not result.exporter_vouches:
                ctx.say(
                    N_(
                        "  It was exported with the trusted key {fingerprint} of a head of another unit, which is "
                        "neither this workbook's unit nor a unit above it: every declaration from it is flagged."
                    ),
                    fingerprint=result.exporter_fingerprint,
                )
            problems |= bool(result.invalid or not result.workbook_valid or result.duplicates)
            problems |= not result.exporter_vouches
        _ask_to_confirm_keys(ctx, session)
    return 1 if problems else 0


def _ask_to_confirm_keys(ctx: CommandContext, session: Session) -> None:
    """After an import, on standard error (a request to the inspector, beside the import's report): the heads' keys
    no inspector has confirmed yet, loudest first (a head's changed key)."""
    from desktop.services.inspection.trust import untrusted_head_keys

    waiting = sorted(untrusted_head_keys(session), key=lambda k: (not k.other_keys, k.unit_code, k.holder))
    if not waiting:
        return
    t = ctx.translate
    print(
        t(N_("Confirm these keys with their heads (by phone or on paper), then 'keys trust FINGERPRINT':")),
        file=ctx.err,
    )
    for key in waiting:
        print(f"  {key.fingerprint}  {key.name} ({key.holder})  {key.unit_code}", file=ctx.err)
        if key.other_keys:
            print(
                t(N_("  WARNING: the same head has another key: {keys}"), keys=", ".join(key.other_keys)), file=ctx.err
            )


def cmd_receive(ctx: CommandContext) -> int:
    from desktop.services.workflow.receive import KeyStanding, receive

    password = ctx.passwords.file(needed=False)
    with ctx.logged_in() as session:
        received = receive(session, Path(ctx.args.file), password, accept_new_key=ctx.args.new_key)
    fields = {
        "officer": received.record.police_number,
        "name": received.record.declaration.officer.name,
        "version": received.record.version,
        "fingerprint": received.officer_fingerprint,
    }
    if received.key_standing is KeyStanding.KNOWN:
        ctx.say(
            N_(
                "Received the declaration of {officer} (version {version}), signed with the key {fingerprint}: "
                "a key this store already knows for the officer."
            ),
            **fields,
        )
    elif received.key_standing is KeyStanding.NEW:
        ctx.say(
            N_(
                "Received the declaration of {officer} (version {version}), signed with the key {fingerprint}: "
                "a NEW key, the first this store has for the officer. Compare the fingerprint with the officer in "
                "person or by phone before you countersign it."
            ),
            **fields,
        )
    else:
        ctx.say(
            N_(
                "Received the declaration of {officer} (version {version}), signed with the key {fingerprint}: "
                "a CHANGED key, accepted with --new-key."
            ),
            **fields,
        )
        ctx.say(
            N_(
                "WARNING: this store knew other keys for {name} ({officer}): {known}. Countersign only if the "
                "officer confirmed the new fingerprint {fingerprint} in person."
            ),
            known=", ".join(received.known_fingerprints),
            **fields,
        )
    return 0
