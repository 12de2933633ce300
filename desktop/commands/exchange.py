"""export, verify, import and receive: declaration workbooks."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from desktop.commands.context import CommandContext
from desktop.i18n import N_


def _file_password(ctx: CommandContext, needed: bool) -> str | None:
    """The workbook's file password: env OFFICER_DECLARE_FILE_PASSWORD, else a prompt when it is needed."""
    if os.environ.get("OFFICER_DECLARE_FILE_PASSWORD"):
        return os.environ["OFFICER_DECLARE_FILE_PASSWORD"]
    if not needed:
        return None
    return ctx.passwords.secret(N_("File password: "))


def cmd_export(ctx: CommandContext) -> int:
    from desktop.services.workflow.export import export_own, export_unit

    password = _file_password(ctx, ctx.args.encrypt) if ctx.args.encrypt else None
    with ctx.logged_in() as session:
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
    from concurrent.futures import ProcessPoolExecutor

    from desktop.exchange.workbook.reader import read_workbook
    from desktop.exchange.workbook.verify import verify_workbook

    trusted = set(ctx.args.trust) if ctx.args.trust else None
    password = _file_password(ctx, False)
    reports, all_valid = [], True
    with contextlib.ExitStack() as stack:
        # A large workbook is read and checked on every core; a small one is not worth starting processes for.
        pool = (
            stack.enter_context(ProcessPoolExecutor(max_workers=os.cpu_count() or 1))
            if any(_size(name) > _POOL_FROM_BYTES for name in ctx.args.files)
            else None
        )
        for name in ctx.args.files:
            verdict = verify_workbook(read_workbook(Path(name), password, executor=pool), trusted, executor=pool)
            all_valid &= verdict.valid
            reports.append(verdict)
    if ctx.args.json:
        print(json.dumps([_verdict_json(v, ctx) for v in reports], ensure_ascii=False, indent=1), file=ctx.out)
        return 0 if all_valid else 1
    for verdict in reports:
        valid = sum(d.valid for d in verdict.declarations)
        ctx.say(
            N_("{file}: {valid} of {total} declarations verify."),
            file=verdict.file,
            valid=valid,
            total=len(verdict.declarations),
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
        ctx.say(N_("  heads' key fingerprints: {fingerprints}"), fingerprints=", ".join(verdict.head_fingerprints))
    ctx.say(N_("Everything verifies.") if all_valid else N_("Something does not verify; see above."))
    return 0 if all_valid else 1


_POOL_FROM_BYTES = 2_000_000  # ≈ 3,000 declarations


def _size(name: str) -> int:
    try:
        return Path(name).stat().st_size
    except OSError:
        return 0  # read_workbook says what is wrong with it


def _verdict_json(verdict: object, ctx: CommandContext) -> dict[str, object]:
    return {
        "file": verdict.file,  # type: ignore[attr-defined]
        "valid": verdict.valid,  # type: ignore[attr-defined]
        "problems": [
            {"sheet": p.sheet, "row": p.row, "cell": p.cell, "code": p.code, "message": p.render(ctx.translate)}
            for p in verdict.problems
        ],  # type: ignore[attr-defined]
        "head_fingerprints": verdict.head_fingerprints,  # type: ignore[attr-defined]
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
        ],  # type: ignore[attr-defined]
    }


def cmd_import(ctx: CommandContext) -> int:
    from concurrent.futures import ProcessPoolExecutor

    from desktop.services.inspection.workbook_import import import_workbook

    password = _file_password(ctx, False)

    def progress(file: str, step: int, steps: int) -> None:
        if ctx.args.progress:
            print(ctx.translate(N_("{file}: step {step} of {steps}"), file=file, step=step, steps=steps), file=ctx.err)

    problems = False
    with ctx.logged_in() as session, ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
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
            problems |= bool(result.invalid or not result.workbook_valid or result.duplicates)
    return 1 if problems else 0


def cmd_receive(ctx: CommandContext) -> int:
    from desktop.services.workflow.receive import KeyStanding, receive

    password = _file_password(ctx, False)
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
