"""receive: an officer signs on another computer and exports their own declaration; the unit head takes it into the
unit's store and countersigns it there. The officer's computer is a copy of the demo store (same keys, same
campaign), used on its own; the head's computer is the original. Every refusal leaves the head's store unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from desktop.domain.declarations import DeclarationStatus
from desktop.errors import DeclareError
from desktop.exchange.reader import read_workbook
from desktop.exchange.verify import verify_workbook
from desktop.services import countersigning
from desktop.services.campaigns import create_campaign, resolve_campaign
from desktop.services.errors import NotAllowed
from desktop.services.export import export_own, export_unit
from desktop.services.receive import CannotReceive, receive
from desktop.services.workbook_import import InvalidWorkbook
from desktop.services.workflow_errors import NotYourOfficer
from desktop.store import schema
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.officers import get_officer, save_officers
from tests.conftest import DEMO_STORE_PASSWORD, RICH_HEAD, DemoWorld, declare_everything

#: An officer of unit 131101 who has not started in the demo store, and the unit's head.
OFFICER, HEAD, OTHER_HEAD = "000007", "000005", "000014"


@pytest.fixture
def officer_computer(demo_world: DemoWorld, tmp_path: Path) -> DemoWorld:
    """A copy of the head's store, used from now on by the officer alone."""
    copy = DemoWorld(Path(shutil.copytree(demo_world.paths.folder, tmp_path / "officer-computer")),
                     tmp_path / "officer-throttle.json")
    copy.clock = demo_world.clock
    yield copy
    copy.close()


def sign_and_export_own(world: DemoWorld, folder: Path, name: str = "own.xlsx") -> Path:
    officer = world.login(OFFICER)
    declare_everything(officer, DEMO_STORE_PASSWORD)
    return export_own(officer, folder / name).path


def store_state(world: DemoWorld) -> dict[str, object]:
    """What a refused receive must leave as it was: the declarations, their signatures and the audit log."""
    session = world.login(HEAD)
    with session.store.transaction() as connection:
        state = {name: connection.execute(select(func.count()).select_from(getattr(schema, name))).scalar_one()
                 for name in ("declarations", "signatures", "audit_log")}
        state["latest"] = repo.latest_in_campaign(connection, resolve_campaign(connection, None).id).get(OFFICER)
    return state


def test_a_head_receives_an_officers_own_export_and_countersigns_it(demo_world, officer_computer, tmp_path):
    path = sign_and_export_own(officer_computer, tmp_path)
    assert store_state(demo_world)["latest"] is None  # nothing of the officer in the head's store yet
    head = demo_world.login(HEAD)

    received = receive(head, path)

    assert received.record.status is DeclarationStatus.SIGNED
    assert received.record.police_number == OFFICER
    assert received.officer_fingerprint == officer_computer.login(OFFICER).signing_key.fingerprint
    assert len(received.record.declaration.interests) == 6

    countersigned = countersigning.countersign(head, OFFICER, "经核对，填报内容属实。", DEMO_STORE_PASSWORD)

    assert countersigned.status is DeclarationStatus.COUNTERSIGNED
    verdict = verify_workbook(read_workbook(export_unit(head, tmp_path / "unit.xlsx").path))
    assert verdict.valid
    [mine] = [d for d in verdict.declarations if d.police_number == OFFICER]
    assert (mine.declaration_id, mine.valid) == (received.record.id, True)


def test_receiving_the_same_file_twice_is_refused_and_changes_nothing(demo_world, officer_computer, tmp_path):
    path = sign_and_export_own(officer_computer, tmp_path)
    head = demo_world.login(HEAD)
    receive(head, path)
    before = store_state(demo_world)

    with pytest.raises(CannotReceive, match="received already"):
        receive(head, path)

    assert store_state(demo_world) == before


def test_receiving_after_countersigning_is_refused_and_changes_nothing(demo_world, officer_computer, tmp_path):
    path = sign_and_export_own(officer_computer, tmp_path)
    head = demo_world.login(HEAD)
    receive(head, path)
    countersigning.countersign(head, OFFICER, "同意。", DEMO_STORE_PASSWORD)
    before = store_state(demo_world)

    with pytest.raises(CannotReceive):
        receive(head, path)

    assert store_state(demo_world) == before
    assert before["latest"].status is DeclarationStatus.COUNTERSIGNED


@pytest.mark.parametrize(("sheet", "cell", "value"), [
    ("情况登记表", "E3", "石丹"),  # the officer's name
    ("情况登记表", "N3", "否"),  # an answer
    ("经商办企业情况", "I4", "另一家企业"),  # an enterprise name
    ("情况登记表", "X3", "2026-11-20T09:30:00Z"),  # the signing time
])
def test_a_file_with_altered_content_is_refused_and_changes_nothing(demo_world, officer_computer, tmp_path, sheet,
                                                                     cell, value):
    path = sign_and_export_own(officer_computer, tmp_path)
    workbook = openpyxl.load_workbook(path)
    assert workbook[sheet][cell].value not in (None, value)
    workbook[sheet][cell] = value
    altered = tmp_path / "altered.xlsx"
    workbook.save(altered)
    before = store_state(demo_world)

    with pytest.raises(CannotReceive, match="does not verify"):
        receive(demo_world.login(HEAD), altered)

    assert store_state(demo_world) == before


def test_a_file_whose_cells_cannot_be_read_is_refused_with_located_problems(demo_world, officer_computer, tmp_path):
    path = sign_and_export_own(officer_computer, tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook["情况登记表"]["F3"] = 12345678901234567  # the ID number as a number
    broken = tmp_path / "broken.xlsx"
    workbook.save(broken)
    before = store_state(demo_world)

    with pytest.raises(InvalidWorkbook) as caught:
        receive(demo_world.login(HEAD), broken)

    assert [(p.sheet, p.cell, p.code) for p in caught.value.workbook_problems] == [("情况登记表", "F3", "cell.number")]
    assert store_state(demo_world) == before


def test_a_declaration_whose_officer_data_differs_from_the_roster_is_refused(demo_world, officer_computer, tmp_path):
    admin = officer_computer.login("admin")
    with admin.store.transaction() as connection:
        officer = get_officer(connection, OFFICER)
        save_officers(connection, [dataclasses.replace(officer, position="支队长", is_division_level=True)])
    path = sign_and_export_own(officer_computer, tmp_path)
    before = store_state(demo_world)

    with pytest.raises(CannotReceive, match="differs from this store's roster"):
        receive(demo_world.login(HEAD), path)

    assert store_state(demo_world) == before


def test_a_head_who_is_not_responsible_for_the_officer_is_refused(demo_world, officer_computer, tmp_path):
    path = sign_and_export_own(officer_computer, tmp_path)
    before = store_state(demo_world)

    with pytest.raises(NotYourOfficer):
        receive(demo_world.login(OTHER_HEAD), path)
    with pytest.raises(NotYourOfficer):
        receive(demo_world.login(RICH_HEAD), path)
    with pytest.raises(NotAllowed):
        receive(demo_world.login("000006"), path)  # an officer, not a head

    assert store_state(demo_world) == before


def test_a_declaration_of_a_campaign_this_store_lacks_is_refused(demo_world, officer_computer, tmp_path):
    create_campaign(officer_computer.login("admin"), name="2027年度专项登记", deadline=dt.date(2027, 1, 31))
    path = sign_and_export_own(officer_computer, tmp_path)
    before = store_state(demo_world)

    with pytest.raises(CannotReceive, match="2027年度专项登记"):
        receive(demo_world.login(HEAD), path)

    assert store_state(demo_world) == before


def test_a_unit_workbook_is_not_an_officers_own_declaration(demo_world, tmp_path):
    path = export_unit(demo_world.login(RICH_HEAD), tmp_path / "unit.xlsx").path
    before = store_state(demo_world)

    with pytest.raises(CannotReceive, match="not one officer's own declaration"):
        receive(demo_world.login(HEAD), path)

    assert store_state(demo_world) == before


def test_every_refusal_is_a_clear_error(demo_world, tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(DeclareError) as caught:
        receive(demo_world.login(HEAD), empty)
    assert caught.value.exit_code == 2
    assert "empty.xlsx" in str(caught.value)
