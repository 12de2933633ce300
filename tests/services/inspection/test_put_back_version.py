"""The second attack of issue 12, finding 1, on real workbooks: the officer amends a countersigned declaration to
declare a spouse's hotel in the officer's own jurisdiction; a clerk puts the superseded clean version back in place
of the countersigned amendment and signs the batch again with a fresh key. Every declaration signature stays valid.
Also: a trusted head of another unit signing a unit's batch is said by the import itself (summary and exit code),
not only by the review."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from desktop.crypto.signing import SigningKey
from desktop.domain.interests import InterestStatus
from desktop.domain.questions import Question, Relation
from desktop.exchange.workbook.model import DeclarationEntry, WorkbookContent, batch_payload
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.writer import write_workbook
from desktop.review.batch_signer import SignerStanding
from desktop.services.clock import FixedClock
from desktop.services.inspection.review import run_review
from desktop.services.inspection.trust import trust_key
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.workflow import countersigning, declaring
from desktop.services.workflow.export import export_unit
from tests.cli.support import run
from tests.conftest import DEMO_STORE_PASSWORD, INSPECTOR, RICH_HEAD, RICH_OFFICER, ROOT_UNIT, DemoWorld
from tests.domain import builders
from tests.form.builders import on_form

CLERK = SigningKey.from_raw(b"k" * 32)


def _rich_entry(path: Path) -> DeclarationEntry:
    content = read_workbook(path).content
    return next(e for e in content.declarations if e.signed.declaration.officer.police_number == RICH_OFFICER)


def amend_with_a_spouses_hotel(world: DemoWorld) -> None:
    """RICH_OFFICER amends the countersigned declaration (a spouse's hotel in the officer's jurisdiction), signs it,
    and RICH_HEAD countersigns the amendment: version 2, superseding version 1."""
    officer = world.login(RICH_OFFICER)
    current = declaring.start_draft(officer)
    hotel = dataclasses.replace(
        builders.interest(Question.RELATIVES_BUSINESS),
        relation=Relation.SPOUSE,
        enterprise_name="清河市悦来宾馆有限公司",
        trade_code="hotel",
        status=InterestStatus.OPERATING,
        within_jurisdiction=True,
        rectification="2027年3月底前转让并办理变更登记。",  # required since decision 71
    )
    # On form version 2 the hotel's holder is the spouse listed among the family members (on_form points it there).
    content = on_form(
        current.declaration.with_changes(interests=(*current.declaration.interests, hotel)),
        current.declaration.form_version,
    )
    saved = declaring.save_draft(officer, content)
    assert saved.amended
    warnings = tuple(f"{p.path}:{p.code}" for p in saved.problems)
    declaring.save_draft(officer, saved.record.declaration.with_changes(acknowledged_warnings=warnings))
    declaring.sign(officer, DEMO_STORE_PASSWORD)
    world.clock.advance(hours=1)
    countersigning.countersign(world.login(RICH_HEAD), RICH_OFFICER, "经核对，属实。", DEMO_STORE_PASSWORD)


def put_back(amended: Path, old: DeclarationEntry, target: Path, signer: SigningKey) -> Path:
    """``amended`` with the officer's declaration replaced by ``old``, the batch signed again by ``signer``."""
    content = read_workbook(amended).content
    swapped = [old if e.signed.declaration.officer.police_number == RICH_OFFICER else e for e in content.declarations]
    previous = content.cover["exporter_fingerprint"]
    # The head exported (and countersigned): the head's key stays, the clerk's is added as the exporter's.
    clerk = dataclasses.replace(
        next(k for k in content.keys if k.fingerprint == previous),
        fingerprint=signer.fingerprint,
        public_key=signer.public_key,
        role="exporter",
    )
    interests = str(sum(len(e.signed.declaration.interests) for e in swapped))
    cover = {**content.cover, "exporter_fingerprint": signer.fingerprint, "interests": interests}
    keys = [*content.keys, clerk]
    unsigned = WorkbookContent(cover, swapped, keys, content.missing)
    write_workbook(target, dataclasses.replace(unsigned, batch_signature=signer.sign(batch_payload(unsigned))))
    return target


def _findings(world: DemoWorld, rule: str) -> dict[str, list[int]]:
    review = run_review(world.login(INSPECTOR)).review
    versions = {d.subject: d.version for d in review.data.declarations}
    found: dict[str, list[int]] = {}
    for f in review.findings:
        if f.rule == rule:
            found.setdefault(f.police_number, []).append(versions[f.subject])
    return found


def test_a_superseded_version_put_back_behind_a_re_signed_batch_is_flagged(demo_world: DemoWorld, tmp_path: Path):
    head = demo_world.login(RICH_HEAD)
    first = export_unit(head, tmp_path / "v1.xlsx").path
    old = _rich_entry(first)
    amend_with_a_spouses_hotel(demo_world)
    amended = export_unit(demo_world.login(RICH_HEAD), tmp_path / "v2.xlsx").path
    assert _rich_entry(amended).signed.officer_signature.version == 2  # type: ignore[union-attr]
    forged = put_back(amended, old, tmp_path / "put-back.xlsx", CLERK)
    inspector = demo_world.login(INSPECTOR)

    alone = import_workbook(inspector, forged)
    trust_key(inspector, head.signing_key.fingerprint, note="电话核对", new_key=True)  # the roster's head, trusted

    assert (alone.invalid, alone.workbook_valid) == (0, True)  # every signature holds
    assert alone.exporter_standing is SignerStanding.UNTRUSTED
    assert not alone.exporter_vouches
    flagged = _findings(demo_world, "exporter_untrusted")
    assert flagged[RICH_OFFICER] == [1]
    review = run_review(demo_world.login(INSPECTOR)).review
    put_back_row = next(d for d in review.data.declarations if d.police_number == RICH_OFFICER)
    assert not review.scores[put_back_row.subject].cleared

    import_workbook(demo_world.login(INSPECTOR), amended)  # the genuine amendment arrives later

    assert _findings(demo_world, "older_version") == {RICH_OFFICER: [1]}


def test_the_import_says_when_a_trusted_head_of_another_unit_signed_the_batch(
    demo_world: DemoWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    inspector = demo_world.login(INSPECTOR)
    head = demo_world.login(RICH_HEAD)
    import_workbook(inspector, export_unit(head, tmp_path / "mine.xlsx").path)
    trust_key(inspector, head.signing_key.fingerprint, note="电话核对", new_key=True)
    content = read_workbook(export_unit(inspector, tmp_path / "all.xlsx", unit_code=ROOT_UNIT).path).content
    theirs = [e for e in content.declarations if e.signed.declaration.officer.police_number != RICH_OFFICER]
    cover = {**content.cover, "exporter_fingerprint": head.signing_key.fingerprint, "declarations": str(len(theirs))}
    unsigned = WorkbookContent(cover, theirs, content.keys, content.missing)
    target = tmp_path / "signed-by-another-head.xlsx"
    write_workbook(
        target, dataclasses.replace(unsigned, batch_signature=head.signing_key.sign(batch_payload(unsigned)))
    )

    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", DEMO_STORE_PASSWORD)
    result = run(
        ["--lang", "en", "--data-dir", str(demo_world.paths.folder), "--user", INSPECTOR, "import", str(target)],
        clock=FixedClock(demo_world.clock.current),
    )

    assert result.code == 1, result.out + result.err
    assert "of a head of another unit" in result.out
    assert head.signing_key.fingerprint in result.out
