"""receive: an officer signs on another computer and exports their own declaration; the unit head takes it into the
unit's store and countersigns it there. The officer's computer is a copy of the demo store (same keys, same
campaign), used on its own; the head's computer is the original. Every refusal leaves the head's store unchanged.
The officer's key in the file is "known" to the head's store, "new" to it, or a changed key that is refused unless
the head accepts it knowingly."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from desktop.domain.declarations import DeclarationStatus
from desktop.domain.roles import Role
from desktop.errors import DeclareError
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.services.administration import accounts
from desktop.services.administration.campaigns import create_campaign, resolve_campaign
from desktop.services.errors import InvalidWorkbook, NotAllowed, NotYourOfficer, OfficerKeyNotConfirmed
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.services.workflow import countersigning, declaring
from desktop.services.workflow.export import export_own, export_unit
from desktop.services.workflow.receive import CannotReceive, KeyStanding, OfficerKeyChanged, receive
from desktop.services.workflow.verification import key_lookup, store_keys
from desktop.store import audit, schema
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.officers import get_officer, save_officers
from tests.conftest import DEMO_STORE_PASSWORD, RICH_HEAD, DemoWorld, declare_everything
from tests.domain import builders
from tests.exchange.workbook.cells import cell_of

#: An officer of unit 131101 who has not started in the demo store, and the unit's head.
OFFICER, HEAD, OTHER_HEAD = "000007", "000005", "000014"
#: The officer's password on the officer's computer after a reset there (which gives the account a new key pair).
RESET_PASSWORD = "Reset-pass-4417"
#: An officer added to the roster of both computers, with an account only on the officer's computer.
NEWCOMER = "000099"


@pytest.fixture
def officer_computer(demo_world: DemoWorld, tmp_path: Path) -> DemoWorld:
    """A copy of the head's store, used from now on by the officer alone."""
    copy = DemoWorld(
        Path(shutil.copytree(demo_world.paths.folder, tmp_path / "officer-computer")),
        tmp_path / "officer-throttle.json",
    )
    copy.clock = demo_world.clock
    yield copy
    copy.close()


def sign_and_export_own(world: DemoWorld, folder: Path, name: str = "own.xlsx") -> Path:
    officer = world.login(OFFICER)
    declare_everything(officer, DEMO_STORE_PASSWORD)
    return export_own(officer, folder / name).path


def log_in_with(world: DemoWorld, login: str, password: str) -> Session:
    session = log_in(world.paths, login, password, clock=world.clock, throttle=world.throttle)
    world.sessions.append(session)
    return session


def sign_with_a_new_key(world: DemoWorld, folder: Path, name: str = "own.xlsx") -> tuple[Path, str]:
    """On the officer's computer the administrator resets the officer's password (a new key pair); the officer signs
    and exports with the new key. Returns the file and the new key's fingerprint."""
    accounts.admin_reset_password(world.login("admin"), OFFICER, RESET_PASSWORD)
    officer = log_in_with(world, OFFICER, RESET_PASSWORD)
    declare_everything(officer, RESET_PASSWORD)
    return export_own(officer, folder / name).path, officer.signing_key.fingerprint


def add_newcomer(head_computer: DemoWorld, officer_computer: DemoWorld) -> None:
    """The same new officer of unit 131101 on both rosters; an account (a key pair) only on the officer's computer."""
    with head_computer.login("admin").store.transaction() as connection:
        newcomer = dataclasses.replace(
            get_officer(connection, OFFICER),
            police_number=NEWCOMER,
            name="新来民警",
            id_number=builders.id_number(birth="19980214", sequence="317"),
        )
    for world in (head_computer, officer_computer):
        with world.login("admin").store.transaction() as connection:
            save_officers(connection, [newcomer])
    accounts.add_account(
        officer_computer.login("admin"),
        login=NEWCOMER,
        password=DEMO_STORE_PASSWORD,
        roles=frozenset({Role.OFFICER}),
        police_number=NEWCOMER,
    )


def account_fingerprints(world: DemoWorld, login: str) -> list[str]:
    """Every key the account has had in that store, oldest first."""
    from desktop.store.repositories.accounts import get_account, key_history

    with world.login("admin").store.transaction() as connection:
        return [row[1] for row in key_history(connection, get_account(connection, login).id)]


def received_entries(world: DemoWorld) -> list[audit.AuditEntry]:
    with world.login(HEAD).store.transaction() as connection:
        return [e for e in audit.entries(connection) if e.action == "received"]


def store_state(world: DemoWorld) -> dict[str, object]:
    """What a refused receive must leave as it was: the declarations, their signatures and the audit log."""
    session = world.login(HEAD)
    with session.store.transaction() as connection:
        state = {
            name: connection.execute(select(func.count()).select_from(getattr(schema, name))).scalar_one()
            for name in ("declarations", "signatures", "audit_log")
        }
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
    assert received.key_standing is KeyStanding.KNOWN  # the officer's account key in the head's store
    assert received.known_fingerprints == (received.officer_fingerprint,)
    [entry] = received_entries(demo_world)
    assert (entry.subject, entry.details["key"], entry.details["fingerprint"]) == (
        received.record.id,
        "known",
        received.officer_fingerprint,
    )

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


@pytest.mark.parametrize(
    ("sheet", "key", "row", "value"),
    [
        ("情况登记表", "name", 3, "某某"),  # the officer's name (never a generated one)
        ("情况登记表", "answer_own_business", 3, "否"),  # an answer
        ("经商办企业情况", "enterprise_name", 4, "另一家企业"),  # an enterprise name
        ("情况登记表", "signed_at", 3, "2026-11-20T09:30:00Z"),  # the signing time
    ],
)
def test_a_file_with_altered_content_is_refused_and_changes_nothing(
    demo_world, officer_computer, tmp_path, sheet, key, row, value
):
    path = sign_and_export_own(officer_computer, tmp_path)
    workbook = openpyxl.load_workbook(path)
    cell = cell_of(workbook[sheet], key, row)
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
    sheet = workbook["情况登记表"]
    id_cell = cell_of(sheet, "id_number", 3)
    sheet[id_cell] = 12345678901234567  # the ID number as a number
    broken = tmp_path / "broken.xlsx"
    workbook.save(broken)
    before = store_state(demo_world)

    with pytest.raises(InvalidWorkbook) as caught:
        receive(demo_world.login(HEAD), broken)

    assert [(p.sheet, p.cell, p.code) for p in caught.value.workbook_problems] == [
        ("情况登记表", id_cell, "cell.number")
    ]
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


# -- the officer's key ---------------------------------------------------------------------------------------------


def test_a_retired_key_of_the_officers_account_is_known(demo_world, officer_computer, tmp_path):
    """The officer signed on their computer; meanwhile the head's store reset the officer's password (a new key)."""
    path = sign_and_export_own(officer_computer, tmp_path)
    accounts.admin_reset_password(demo_world.login("admin"), OFFICER, RESET_PASSWORD)
    old, current = account_fingerprints(demo_world, OFFICER)

    received = receive(demo_world.login(HEAD), path)

    assert (received.officer_fingerprint, received.key_standing) == (old, KeyStanding.KNOWN)
    assert set(received.known_fingerprints) == {old, current}


def test_the_first_key_the_store_sees_for_an_officer_is_new(demo_world, officer_computer, tmp_path):
    add_newcomer(demo_world, officer_computer)
    newcomer = officer_computer.login(NEWCOMER)
    declare_everything(newcomer, DEMO_STORE_PASSWORD)
    path = export_own(newcomer, tmp_path / "own.xlsx").path

    received = receive(demo_world.login(HEAD), path)

    assert (received.record.police_number, received.record.status) == (NEWCOMER, DeclarationStatus.SIGNED)
    assert (received.officer_fingerprint, received.key_standing) == (newcomer.signing_key.fingerprint, KeyStanding.NEW)
    assert received.known_fingerprints == ()
    [entry] = received_entries(demo_world)
    assert (entry.details["key"], entry.details["fingerprint"]) == ("new", received.officer_fingerprint)
    assert "known_keys" not in entry.details
    # A first key is received, but endorsing it needs the head's deliberate confirmation (issue 12, finding 5).
    head = demo_world.login(HEAD)
    with pytest.raises(OfficerKeyNotConfirmed):
        countersigning.countersign(head, NEWCOMER, "同意。", DEMO_STORE_PASSWORD)
    countersigned = countersigning.countersign(head, NEWCOMER, "同意。", DEMO_STORE_PASSWORD, confirm_new_key=True)
    assert countersigned.status is DeclarationStatus.COUNTERSIGNED


def test_a_declaration_signed_with_a_different_key_is_refused_and_changes_nothing(
    demo_world, officer_computer, tmp_path
):
    path, new_key = sign_with_a_new_key(officer_computer, tmp_path)
    [known] = account_fingerprints(demo_world, OFFICER)
    assert new_key != known
    before = store_state(demo_world)

    with pytest.raises(OfficerKeyChanged) as caught:
        receive(demo_world.login(HEAD), path)

    assert isinstance(caught.value, CannotReceive)
    assert caught.value.exit_code == 1
    assert (caught.value.officer, caught.value.fingerprint, caught.value.known) == (OFFICER, new_key, (known,))
    message = str(caught.value)
    for needed in (new_key, known, "nothing was received", "in person", "--new-key"):
        assert needed in message
    assert store_state(demo_world) == before


def test_a_different_key_accepted_knowingly_is_received_and_audited(demo_world, officer_computer, tmp_path):
    path, new_key = sign_with_a_new_key(officer_computer, tmp_path)
    [known] = account_fingerprints(demo_world, OFFICER)
    head = demo_world.login(HEAD)
    with pytest.raises(OfficerKeyChanged):
        receive(head, path)

    received = receive(head, path, accept_new_key=True)

    assert (received.officer_fingerprint, received.key_standing) == (new_key, KeyStanding.CHANGED)
    assert received.known_fingerprints == (known,)
    assert received.record.status is DeclarationStatus.SIGNED
    [entry] = received_entries(demo_world)
    assert (entry.actor, entry.subject) == (HEAD, received.record.id)
    assert entry.details == {"file": "own.xlsx", "fingerprint": new_key, "key": "changed", "known_keys": [known]}
    with pytest.raises(OfficerKeyNotConfirmed):  # accepting the file does not endorse the key
        countersigning.countersign(head, OFFICER, "同意。", DEMO_STORE_PASSWORD)
    countersigned = countersigning.countersign(
        head, OFFICER, "经当面核对指纹，同意。", DEMO_STORE_PASSWORD, confirm_new_key=True
    )
    assert countersigned.status is DeclarationStatus.COUNTERSIGNED
    assert verify_workbook(read_workbook(export_unit(head, tmp_path / "unit.xlsx").path)).valid


def test_accept_new_key_changes_nothing_for_a_known_key(demo_world, officer_computer, tmp_path):
    path = sign_and_export_own(officer_computer, tmp_path)

    received = receive(demo_world.login(HEAD), path, accept_new_key=True)

    assert received.key_standing is KeyStanding.KNOWN
    assert "known_keys" not in received_entries(demo_world)[0].details


def test_a_key_received_before_is_known_for_the_officers_next_version(demo_world, officer_computer, tmp_path):
    """The key accepted with the first version is the one on the officer's received signature; the amendment
    signed with it is then 'known', although the officer's account in the head's store has another key."""
    first, new_key = sign_with_a_new_key(officer_computer, tmp_path, "v1.xlsx")
    head = demo_world.login(HEAD)
    receive(head, first, accept_new_key=True)
    # On the officer's computer: countersigned there, amended, signed again with the same (new) key.
    countersigning.countersign(
        officer_computer.login(HEAD), OFFICER, "同意。", DEMO_STORE_PASSWORD, confirm_new_key=True
    )
    officer = log_in_with(officer_computer, OFFICER, RESET_PASSWORD)
    current = declaring.start_draft(officer)
    saved = declaring.save_draft(officer, current.declaration.with_changes(remarks="补充说明：已整改。"))
    assert saved.amended
    declaring.sign(officer, RESET_PASSWORD)
    second = export_own(officer, tmp_path / "v2.xlsx").path

    received = receive(head, second)

    assert (received.record.version, received.key_standing) == (2, KeyStanding.KNOWN)
    assert new_key in received.known_fingerprints


def test_a_changed_key_is_accepted_only_if_it_is_the_one_confirmed(demo_world, officer_computer, tmp_path):
    """The window shows the new fingerprint, the head confirms it, and the file is read again: a file replaced in
    between with another new key is refused, not taken on the strength of the other key's confirmation."""
    path, new_key = sign_with_a_new_key(officer_computer, tmp_path)
    head = demo_world.login(HEAD)
    before = store_state(demo_world)

    with pytest.raises(OfficerKeyChanged) as caught:
        receive(head, path, accept_new_key=True, confirmed_fingerprint="0000:" + new_key[5:])

    assert caught.value.fingerprint == new_key
    assert store_state(demo_world) == before
    received = receive(head, path, accept_new_key=True, confirmed_fingerprint=new_key)
    assert (received.officer_fingerprint, received.key_standing) == (new_key, KeyStanding.CHANGED)


def test_the_key_lookup_of_one_declaration_finds_what_the_whole_table_holds(demo_world, officer_computer, tmp_path):
    """Countersigning looks keys up one fingerprint at a time (its cost does not grow with the accounts): the same
    answers as the table of every key, received keys included."""
    add_newcomer(demo_world, officer_computer)
    newcomer = officer_computer.login(NEWCOMER)
    declare_everything(newcomer, DEMO_STORE_PASSWORD)
    receive(demo_world.login(HEAD), export_own(newcomer, tmp_path / "own.xlsx").path)
    head = demo_world.login(HEAD)
    with head.store.transaction() as connection:
        everything = store_keys(connection)
        one_by_one = key_lookup(connection)
        fingerprints = set(connection.execute(select(schema.account_keys.c.fingerprint)).scalars())
        fingerprints |= set(connection.execute(select(schema.signatures.c.signer_fingerprint)).scalars())
        assert newcomer.signing_key.fingerprint in fingerprints
        assert len(fingerprints) > 3
        for fingerprint in [*sorted(fingerprints), "00:" * 15 + "00"]:
            assert one_by_one(fingerprint) == everything(fingerprint), fingerprint
    assert one_by_one(newcomer.signing_key.fingerprint) == newcomer.signing_key.public_key
