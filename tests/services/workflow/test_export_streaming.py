"""The unit export is streamed from the store (desktop/services/workflow/export.py): the same workbook as the in-memory
path
made (every record loaded into one WorkbookContent), read a batch at a time, from one snapshot of the store.

The store here is the demo store (declarations in every state, amendments, heads at several levels) plus a few
hundred countersigned declarations bulk-inserted with Core, so that the export spans many batches."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import io
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.crypto.payloads import countersign_payload, officer_payload
from desktop.crypto.signing import SigningKey
from desktop.domain.declarations import Declaration, DeclarationStatus
from desktop.domain.officers import Officer
from desktop.domain.questions import Question
from desktop.exchange.workbook.columns import KIND_UNIT
from desktop.exchange.workbook.model import DeclarationEntry, MissingEntry, WorkbookContent, batch_payload
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.exchange.workbook.writer import write_workbook
from desktop.services.administration.campaigns import resolve_campaign
from desktop.services.session.session import Session
from desktop.services.workflow import declaring, export
from desktop.services.workflow.export import export_unit
from desktop.store import schema
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.officers import save_officers
from desktop.store.repositories.units import list_units
from tests.conftest import INSPECTOR, RICH_HEAD, RICH_OFFICER, RICH_UNIT, ROOT_UNIT, DemoWorld
from tests.domain import builders
from tests.form.builders import on_form

BULK = 300
BATCH = 64  # BATCH_SIZE during these tests: the bulk spans several batches
OPINIONS = ("经核对，填报内容属实。", "@所有人 已核实", "=同意", "  前后有空格  ")


def add_countersigned(world: DemoWorld, count: int) -> None:
    """``count`` officers in RICH_UNIT with countersigned declarations (0-3 interests each), inserted with Core and
    countersigned by RICH_HEAD's key, as bench/bench_workbooks.py builds its store."""
    head = world.login(RICH_HEAD)
    assert head.signing_key is not None
    officer_key = SigningKey.generate()
    questions = list(Question)
    with head.store.transaction() as connection:
        campaign = resolve_campaign(connection, None)
        unit_name = {u.code: u.name for u in list_units(connection)}[RICH_UNIT]
        head_id = connection.execute(
            select(schema.accounts.c.id).where(schema.accounts.c.login == RICH_HEAD)
        ).scalar_one()
        officers = [
            Officer(
                f"9{n:05d}",
                f"测试民警{n}",
                builders.id_number(sequence=f"{n % 1000:03d}"),
                RICH_UNIT,
                "民警",
                "一级警员",
            )
            for n in range(count)
        ]
        save_officers(connection, officers)
        declaration_rows, signature_rows = [], []
        for n, officer in enumerate(officers):
            interests = tuple(builders.interest(q) for q in questions[: n % 4])
            answers = {q: any(i.question is q for i in interests) for q in questions}
            content = Declaration(campaign.id, officer, unit_name, answers, interests, remarks=f"第{n}份")
            content = on_form(content, campaign.form_version)  # the campaign's form, as saving makes it
            content = Declaration.from_dict(content.to_dict())  # as the store gives it back
            declaration_id = f"{n + 1:032x}"
            late = n % 7 == 0  # signed after the campaign's deadline
            signed_at, countersigned_at = (
                ("2027-01-04T09:30:00Z", "2027-01-05T10:30:00Z")
                if late
                else ("2026-11-21T09:30:00Z", "2026-11-21T10:30:00Z")
            )
            payload = officer_payload(
                content,
                declaration_id=declaration_id,
                version=1,
                commitment_sha256=campaign.commitment_sha256,
                signer_fingerprint=officer_key.fingerprint,
                signed_at=signed_at,
            )
            signature = officer_key.sign(payload)
            opinion = OPINIONS[n % len(OPINIONS)].strip()
            counter = countersign_payload(
                payload,
                signature,
                officer_public_key=officer_key.public_key,
                opinion=opinion,
                countersigner_fingerprint=head.signing_key.fingerprint,
                countersigned_at=countersigned_at,
            )
            declaration_rows.append(
                {
                    "id": declaration_id,
                    "campaign_id": campaign.id,
                    "police_number": officer.police_number,
                    "version": 1,
                    "form_version": content.form_version,
                    "status": "countersigned",
                    "content": repo.content_json(content),
                    "created_at": signed_at,
                    "updated_at": countersigned_at,
                    "supersedes": None,
                }
            )
            signature_rows.append(
                {
                    "declaration_id": declaration_id,
                    "kind": repo.OFFICER_KIND,
                    "signer_account_id": None,
                    "signer_fingerprint": officer_key.fingerprint,
                    "signed_at": signed_at,
                    "commitment_sha256": campaign.commitment_sha256,
                    "opinion": None,
                    "officer_public_key": None,
                    "signature": signature,
                    "is_late": late,
                    "void": False,
                }
            )
            signature_rows.append(
                {
                    "declaration_id": declaration_id,
                    "kind": repo.COUNTERSIGN_KIND,
                    "signer_account_id": head_id,
                    "signer_fingerprint": head.signing_key.fingerprint,
                    "signed_at": countersigned_at,
                    "commitment_sha256": None,
                    "opinion": opinion,
                    "officer_public_key": officer_key.public_key,
                    "signature": head.signing_key.sign(counter),
                    "is_late": False,
                    "void": False,
                }
            )
        connection.execute(schema.declarations.insert(), declaration_rows)
        connection.execute(schema.signatures.insert(), signature_rows)


@pytest.fixture
def world(demo_world: DemoWorld, monkeypatch: pytest.MonkeyPatch) -> DemoWorld:
    add_countersigned(demo_world, BULK)
    monkeypatch.setattr(export, "BATCH_SIZE", BATCH)
    return demo_world


def in_memory_export(session: Session, unit_code: str | None) -> bytes:
    """The unit export as export_unit made it before it was streamed: every record of the unit loaded (the
    per-declaration repository reads), one WorkbookContent, batch_payload over it, written to memory."""
    assert session.signing_key is not None
    with session.store.transaction() as connection:
        campaign = resolve_campaign(connection, None)
        unit, officers = export._scope(session, connection, unit_code)
        latest = repo.latest_in_campaign(connection, campaign.id)
        unit_names = {u.code: u.name for u in list_units(connection)}
        entries, missing, heads = [], [], set()
        for officer in officers:
            record = latest.get(officer.police_number)
            if record is None or record.status is not DeclarationStatus.COUNTERSIGNED:
                missing.append(
                    MissingEntry(
                        officer.police_number,
                        officer.name,
                        officer.unit_code,
                        unit_names.get(officer.unit_code, ""),
                        record.status.value if record else "not_started",
                    )
                )
                continue
            signed = repo.signed_declaration(connection, record)
            officer_row, counter_row = repo.current_signatures(connection, record.id)
            assert signed.countersignature is not None
            assert counter_row is not None
            heads.add(signed.countersignature.countersigner_fingerprint)
            entries.append(
                DeclarationEntry(
                    signed,
                    record.status.value,
                    bool(officer_row and officer_row.is_late),
                    export._name_of(connection, counter_row.signer_account_id),
                )
            )
        keys = export._key_entries(
            connection, heads | {session.signing_key.fingerprint}, session.signing_key.fingerprint
        )
        counts = (len(entries), sum(len(e.signed.declaration.interests) for e in entries), len(missing))
        cover = export._cover(session, connection, campaign, KIND_UNIT, unit, counts)
    content = WorkbookContent(cover, entries, keys, missing)
    content = dataclasses.replace(content, batch_signature=session.signing_key.sign(batch_payload(content)))
    buffer = io.BytesIO()
    write_workbook(buffer, content)
    return buffer.getvalue()


_TIMES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def parts(data: bytes) -> list[tuple[str, int, bytes]]:
    """Every part of the package in order, as (name, compression, bytes); the creation and modification times that
    openpyxl writes into docProps/core.xml (the clock, not the inputs) left out."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, info.compress_type, _TIMES.sub(b"", archive.read(info))) for info in archive.infolist()]


@pytest.mark.parametrize(("login", "unit_code"), [(RICH_HEAD, None), (INSPECTOR, ROOT_UNIT)])
def test_the_streamed_export_is_the_in_memory_export(world, tmp_path, login, unit_code):
    session = world.login(login)
    before = in_memory_export(session, unit_code)

    summary = export_unit(session, tmp_path / "unit.xlsx", unit_code=unit_code)

    streamed = summary.path.read_bytes()
    assert parts(streamed) == parts(before)  # every part, byte for byte; so the batch signature too
    verdict = verify_workbook(read_workbook(summary.path))
    assert verdict.valid, verdict.problems
    assert summary.declarations == len(verdict.declarations) > BULK
    assert summary.interests == sum(len(d.signed.declaration.interests) for d in verdict.read.content.declarations)
    assert summary.missing == len(verdict.read.content.missing) > 0
    assert not list(tmp_path.glob(".*.tmp"))


def head_campaign_form(session: Session) -> int:
    with session.store.transaction() as connection:
        return resolve_campaign(connection, None).form_version


def test_the_store_is_read_a_batch_at_a_time_and_no_more_is_held(world, tmp_path, monkeypatch):
    """The records are read BATCH_SIZE at a time, once per sheet; when a batch is read, the one before it is gone:
    the only declaration alive in the process is the one being written."""
    read = repo.records_by_id
    batches: list[int] = []
    alive: list[int] = []

    def counted(connection, declaration_ids):
        alive.append(sum(1 for o in gc.get_objects() if type(o) is Declaration))
        found = read(connection, declaration_ids)
        batches.append(len(found))
        return found

    monkeypatch.setattr(repo, "records_by_id", counted)
    head = world.login(RICH_HEAD)
    gc.collect()
    before = sum(1 for o in gc.get_objects() if type(o) is Declaration)  # held by earlier tests in this process
    summary = export_unit(head, tmp_path / "unit.xlsx")

    assert max(batches) == BATCH
    # The declarations sheet, the family members' sheet (form version 2 and later), then the interests sheet.
    passes = 3 if head_campaign_form(head) >= 2 else 2
    assert sum(batches) == passes * summary.declarations
    assert len(batches) >= 2 * (BULK // BATCH)
    assert max(alive) - before <= 2, (before, alive)  # the one being written; the in-memory path held them all


def test_a_change_during_the_export_does_not_reach_the_file(world, tmp_path, monkeypatch):
    """An officer amends a countersigned declaration while the export is being written: the file is the store as it
    was when the export began (one snapshot), so it still verifies, the old version countersigned in it."""
    officer = world.login(RICH_OFFICER)
    read = repo.records_by_id
    amended: list[bool] = []

    def amend_once(connection, declaration_ids):
        if not amended:
            record = repo.latest(connection, resolve_campaign(connection, None).id, RICH_OFFICER)
            assert record is not None
            amended.append(declaring.save_draft(officer, record.declaration.with_changes(remarks="补充说明")).amended)
        return read(connection, declaration_ids)

    monkeypatch.setattr(repo, "records_by_id", amend_once)
    summary = export_unit(world.login(RICH_HEAD), tmp_path / "unit.xlsx")

    assert amended == [True]
    verdict = verify_workbook(read_workbook(summary.path))
    assert verdict.valid, verdict.problems
    mine = [d for d in verdict.read.content.declarations if d.signed.declaration.officer.police_number == RICH_OFFICER]
    assert [d.status for d in mine] == ["countersigned"]
    with world.login(RICH_HEAD).store.transaction() as connection:  # the amendment itself was saved
        latest = repo.latest(connection, resolve_campaign(connection, None).id, RICH_OFFICER)
        assert latest is not None
        assert (latest.status, latest.version) == (DeclarationStatus.DRAFT, 2)


def test_sqlite_counts_the_interests_and_family_members_as_decoding_each_declaration_does(world):
    session = world.login(RICH_HEAD)
    with session.store.transaction() as connection:
        ids, contents = zip(
            *connection.execute(select(schema.declarations.c.id, schema.declarations.c.content)), strict=True
        )
        listed = {declaration_id: (i, m) for declaration_id, i, m in repo.rows_listed(connection, ids)}
        assert listed == {i: repo.rows_of(content) for i, content in zip(ids, contents, strict=True)}
        assert sum(i for i, _m in listed.values()) > BULK
        assert any(m for _i, m in listed.values()) == (head_campaign_form(session) >= 2)
        assert repo.rows_listed(connection, []) == []


def test_the_unit_export_of_an_empty_campaign_lists_everyone_as_missing(demo_world, tmp_path):
    """No declaration at all to stream: the sheets have their headings only, the roster is in 未登记人员."""
    from desktop.services.administration.campaigns import create_campaign

    campaign = create_campaign(
        demo_world.login("admin"),
        name="2027年度专项登记",
        start_date=dt.date(2026, 11, 21),
        deadline=dt.date(2026, 12, 31),
        commitment_text="本人承诺如实填报。",
    )

    summary = export_unit(
        demo_world.login(INSPECTOR), tmp_path / "empty.xlsx", unit_code=ROOT_UNIT, campaign_id=campaign.id
    )

    assert (summary.declarations, summary.interests) == (0, 0)
    assert summary.missing > 0
    verdict = verify_workbook(read_workbook(summary.path))
    assert verdict.valid, verdict.problems
    assert len(verdict.read.content.missing) == summary.missing


def test_a_failed_export_leaves_the_previous_file_and_no_temp_file(world, tmp_path, monkeypatch):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "unit.xlsx"
    out.write_bytes(b"previous")

    def broken(connection, declaration_ids):
        raise RuntimeError("the store went away")

    monkeypatch.setattr(repo, "records_by_id", broken)
    with pytest.raises(RuntimeError):
        export_unit(world.login(RICH_HEAD), out)

    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in out.parent.iterdir()) == ["unit.xlsx"]


def test_written_from_a_re_iterable_source_or_a_list_the_bytes_are_the_same(world, tmp_path):
    """write_workbook's two forms share one implementation: a StreamedContent over a re-iterable source gives the
    WorkbookContent's bytes; a one-shot iterator is refused (the interests sheet would come out empty)."""
    from desktop.exchange.workbook.writer import StreamedContent

    session = world.login(RICH_HEAD)
    content = read_workbook(Path(export_unit(session, tmp_path / "unit.xlsx").path)).content

    class Source:
        def __iter__(self):
            yield from content.declarations

    listed, streamed = io.BytesIO(), io.BytesIO()
    write_workbook(listed, content)
    write_workbook(
        streamed, StreamedContent(content.cover, Source(), content.keys, content.missing, content.batch_signature)
    )
    assert parts(streamed.getvalue()) == parts(listed.getvalue())
    with pytest.raises(TypeError):
        write_workbook(
            io.BytesIO(),
            StreamedContent(
                content.cover, iter(content.declarations), content.keys, content.missing, content.batch_signature
            ),
        )


class _Stop(Exception):
    pass


def test_an_export_stopped_between_batches_leaves_no_file_and_no_audit_entry(world, tmp_path):
    """The window cancels its tasks when it locks: ``check`` raises before a batch, the export ends, its read
    transaction with it (nothing holds the store when the key is zeroed), and there is no file, not even a temp
    one, and no audit entry."""
    from desktop.store import audit

    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "unit.xlsx"
    head = world.login(RICH_HEAD)
    with head.store.transaction() as connection:
        entries_before = len(audit.entries(connection))
    calls = []

    def check() -> None:
        calls.append(1)
        if len(calls) == 3:  # the third batch: the workbook is being written
            raise _Stop

    with pytest.raises(_Stop):
        export_unit(head, out, check=check)

    assert len(calls) == 3
    assert list(out.parent.iterdir()) == []
    with head.store.transaction() as connection:
        assert len(audit.entries(connection)) == entries_before
    assert head.store.engine.pool.checkedout() == 0  # the export's connection is back, its transaction ended
    assert export_unit(head, out).declarations > 0  # and the store is usable as before
