"""A clerk who carries a workbook drops a declaration, or puts back an officer's superseded version, and signs the
batch again with a key of their own: every declaration's own signature stays valid, so before this the import said
everything was valid and nothing was flagged (issue 12, finding 1). Now the whole workbook is flagged until its batch
signer is a trusted key, and an older version beside a newer one is flagged."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from desktop.crypto.signing import SigningKey
from desktop.exchange.workbook.model import WorkbookContent, batch_payload
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.writer import write_workbook
from desktop.services.inspection.review import run_review
from desktop.services.inspection.trust import trust_key
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.workflow.export import export_unit
from tests.conftest import INSPECTOR, RICH_HEAD, RICH_OFFICER, ROOT_UNIT

CLERK = SigningKey.from_raw(b"c" * 32)


def without(path: Path, target: Path, police_number: str, signer: SigningKey) -> Path:
    """The workbook without ``police_number``'s declaration, the batch signed again by ``signer``."""
    content = read_workbook(path).content
    kept = [e for e in content.declarations if e.signed.declaration.officer.police_number != police_number]
    assert len(kept) == len(content.declarations) - 1
    # The cover's counts made to match too (checked since format 2's description: a careless forger is caught anyway).
    cover = {
        **content.cover,
        "exporter_fingerprint": signer.fingerprint,
        "declarations": str(len(kept)),
        "interests": str(sum(len(e.signed.declaration.interests) for e in kept)),
    }
    exporter = dataclasses.replace(
        next(k for k in content.keys if k.fingerprint == content.cover["exporter_fingerprint"]),
        fingerprint=signer.fingerprint,
        public_key=signer.public_key,
    )
    keys = [exporter, *(k for k in content.keys if k.fingerprint != content.cover["exporter_fingerprint"])]
    unsigned = WorkbookContent(cover, kept, keys, content.missing)
    write_workbook(target, dataclasses.replace(unsigned, batch_signature=signer.sign(batch_payload(unsigned))))
    return target


def test_a_dropped_declaration_behind_a_re_signed_batch_flags_every_declaration_of_the_workbook(demo_world, tmp_path):
    genuine = export_unit(demo_world.login(INSPECTOR), tmp_path / "all.xlsx", unit_code=ROOT_UNIT).path
    dropped = without(genuine, tmp_path / "dropped.xlsx", RICH_OFFICER, CLERK)
    inspector = demo_world.login(INSPECTOR)

    result = import_workbook(inspector, dropped)

    assert result.invalid == 0  # every signature holds: nothing else would show it
    assert result.workbook_valid
    assert (result.exporter_fingerprint, result.exporter_trusted) == (CLERK.fingerprint, False)
    review = run_review(inspector).review
    flagged = {f.police_number for f in review.findings if f.rule == "exporter_untrusted"}
    assert flagged == {d.police_number for d in review.data.declarations}
    assert flagged
    assert not any(review.scores[d.subject].cleared for d in review.data.declarations)


def test_a_workbook_batch_signed_by_a_trusted_head_of_the_unit_is_not_flagged(demo_world, tmp_path):
    head = demo_world.login(RICH_HEAD)
    genuine = export_unit(head, tmp_path / "unit.xlsx").path
    inspector = demo_world.login(INSPECTOR)
    import_workbook(inspector, genuine)
    assert "exporter_untrusted" in {f.rule for f in run_review(inspector).review.findings}

    trust_key(inspector, head.signing_key.fingerprint, note="电话核对", new_key=True)

    assert "exporter_untrusted" not in {f.rule for f in run_review(inspector).review.findings}


def test_a_trusted_head_of_another_unit_signing_the_batch_is_flagged(demo_world, tmp_path):
    """A head's trusted key vouches for the head's own unit and those below it, not for a sibling unit's workbook."""
    inspector = demo_world.login(INSPECTOR)
    head = demo_world.login(RICH_HEAD)
    import_workbook(inspector, export_unit(head, tmp_path / "mine.xlsx").path)
    trust_key(inspector, head.signing_key.fingerprint, note="电话核对", new_key=True)
    others = export_unit(inspector, tmp_path / "all.xlsx", unit_code=ROOT_UNIT).path
    content = read_workbook(others).content
    theirs = [e for e in content.declarations if e.signed.declaration.officer.police_number != RICH_OFFICER]
    cover = {**content.cover, "exporter_fingerprint": head.signing_key.fingerprint, "declarations": str(len(theirs))}
    unsigned = WorkbookContent(cover, theirs, content.keys, content.missing)
    target = tmp_path / "signed-by-another-head.xlsx"
    write_workbook(
        target, dataclasses.replace(unsigned, batch_signature=head.signing_key.sign(batch_payload(unsigned)))
    )

    result = import_workbook(inspector, target)

    assert result.exporter_trusted
    messages = [f for f in run_review(inspector).review.findings if f.rule == "exporter_untrusted"]
    assert messages
