"""A key is a head's because it countersigned, and an exporter's because it signed the batch, never because the keys
sheet's role cell says so (issue 12, finding 3): a countersigning key labelled "officer" stays in the trust list, in
`verify`'s fingerprints, and in the key_changed rule's view."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from desktop.crypto.signing import SigningKey
from desktop.exchange.workbook.model import WorkbookContent, batch_payload
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.exchange.workbook.writer import write_workbook
from desktop.services.inspection.trust import list_head_keys
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.workflow.export import export_unit
from tests.conftest import INSPECTOR, RICH_HEAD, ROOT_UNIT
from tests.exchange.workbook.test_workbook_tampering import forge


def relabelled_as_officers(path: Path, target: Path, exporter: SigningKey) -> Path:
    """The same workbook with every key's role cell saying "officer", the batch signed again by ``exporter`` (a
    hostile head or clerk who exports with a tool of their own)."""
    content = read_workbook(path).content
    keys = [dataclasses.replace(k, role="officer") for k in content.keys]
    unsigned = WorkbookContent(content.cover, content.declarations, keys, content.missing)
    write_workbook(target, dataclasses.replace(unsigned, batch_signature=exporter.sign(batch_payload(unsigned))))
    return target


def test_a_countersigning_key_labelled_officer_is_still_a_heads_key_in_verify_and_the_trust_list(
    demo_world, tmp_path: Path
) -> None:
    genuine = export_unit(demo_world.login(INSPECTOR), tmp_path / "all.xlsx", unit_code=ROOT_UNIT).path
    forged, _real_heads = forge(genuine, tmp_path / "forged.xlsx")
    forger = SigningKey.from_raw(b"h" * 32)
    labelled = relabelled_as_officers(forged, tmp_path / "labelled.xlsx", forger)

    verdict = verify_workbook(read_workbook(labelled))
    assert verdict.valid  # consistent: the role cells are covered by the batch the forger signed again
    assert {k.role for k in verdict.read.content.keys} == {"officer"}
    assert forger.fingerprint in verdict.head_fingerprints
    assert forger.fingerprint in verdict.countersigning_fingerprints
    assert verdict.exporter_fingerprint == forger.fingerprint

    inspector = demo_world.login(INSPECTOR)
    import_workbook(inspector, labelled)
    listed = {k.fingerprint: k for k in list_head_keys(inspector)}
    assert forger.fingerprint in listed
    assert listed[forger.fingerprint].role == "unit_head"
    assert not listed[forger.fingerprint].trusted


def test_a_heads_own_export_with_every_role_cell_saying_officer_still_lists_the_heads_key(
    demo_world, tmp_path: Path
) -> None:
    head = demo_world.login(RICH_HEAD)
    inspector = demo_world.login(INSPECTOR)
    first = relabelled_as_officers(
        export_unit(head, tmp_path / "unit.xlsx").path, tmp_path / "first.xlsx", head.signing_key
    )
    verdict = verify_workbook(read_workbook(first))
    import_workbook(inspector, first)
    assert head.signing_key.fingerprint in {k.fingerprint for k in list_head_keys(inspector)}
    assert head.signing_key.fingerprint in verdict.head_fingerprints
