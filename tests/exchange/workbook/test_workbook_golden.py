"""The workbook format pinned by a golden file: a small unit export made with a fixed clock, fixed keys and fixed ids,
compared value by value, cell by cell, sheet by sheet, with tests/exchange/golden/small_export.json.

Everything in the export is deterministic here: Ed25519 signatures are deterministic, the keys come from fixed seeds
(SigningKey.generate is replaced; key generation is an input that identifies nobody) and the ids from a counter
(uuid.uuid4 is replaced), so the golden file pins the signatures, fingerprints and the batch signature too.

The golden file is never rewritten by a test run. If the format changes on purpose, rewrite it with
``python -m tests.exchange.workbook.test_workbook_golden --write-golden``, review the diff, and commit it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import tempfile
import uuid
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from desktop.crypto.signing import SigningKey
from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.officers import Officer
from desktop.domain.questions import Question, Relation
from desktop.domain.roles import Role
from desktop.domain.units import Unit
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.services.administration import accounts
from desktop.services.administration.campaigns import create_campaign
from desktop.services.clock import FixedClock
from desktop.services.session.login import log_in
from desktop.services.session.setup import create_store
from desktop.services.session.throttle import LoginThrottle
from desktop.services.workflow import countersigning, declaring
from desktop.services.workflow.export import export_unit
from desktop.store.repositories.officers import save_officers
from desktop.store.repositories.units import save_units
from desktop.store.store import StorePaths

#: In tests/exchange/golden/, where it was written: moving this test does not move the golden file.
GOLDEN = Path(__file__).parents[1] / "golden" / "small_export.json"
#: The same export as written in workbook format 1 (before format 2): never rewritten, it must keep verifying.
GOLDEN_FORMAT_1 = GOLDEN.with_name("small_export_format1.json")
ADMIN_PASSWORD = "Golden-admin-4821"
PASSWORD = "Golden-user-7314"
ROOT = Unit("220402", "辽源市公安局龙山区分局", None, "龙山区")
STATION = Unit("220402510000", "辽源市公安局龙山区分局向阳派出所", "220402", "向阳街道")
#: The head of the station, an officer whose police number has leading zeros and whose ID number ends in X, an
#: officer with nothing to declare, and one who has not declared.
OFFICERS = (
    Officer(
        "200001",
        "陈所长",
        "220402197205050317",
        STATION.code,
        position="所长",
        rank_level="二级高级警长",
        is_unit_head=True,
    ),
    Officer(
        "012345",
        "王建国",
        "22040219700315007X",
        STATION.code,
        position="副所长",
        rank_level="一级警长",
        is_leadership_member=True,
    ),
    Officer("200003", "孙警官", "220402198808080528", STATION.code, position="民警", rank_level="二级警长"),
    Officer("200004", "赵警官", "220402199001010531", STATION.code, position="民警", rank_level="一级警员"),
)
COMMITMENT = "本人承诺:以上填报内容真实、准确、完整,如有隐瞒、虚报,愿承担相应责任。"
INTERESTS = (
    BusinessInterest(
        question=Question.OWN_BUSINESS,
        relation=Relation.SELF,
        holder_name="王建国",
        holder_id_number="",
        enterprise_name="龙山区建国餐馆",
        uscc="92220402MA0Y7K3L0D",
        trade_code="catering",
        role=InterestRole.LEGAL_REPRESENTATIVE,
        capital_wan=Decimal("12.5"),
        start_date=dt.date(2015, 3, 1),
    ),
    BusinessInterest(
        question=Question.RELATIVES_BUSINESS,
        relation=Relation.SPOUSE,
        holder_name="张丽",
        holder_id_number="220402197207080421",
        enterprise_name='=HYPERLINK("http://example.com")',
        trade_code="hotel",
        role=InterestRole.INVESTOR,
        share_percent=Decimal(30),
        capital_wan=Decimal(3),
        start_date=dt.date(2010, 9, 1),
        end_date=dt.date(2024, 2, 1),
        status=InterestStatus.EXITED,
        within_jurisdiction=True,
        note="已于2024年转让。\n第二行",
    ),
)


def _deterministic(patch: pytest.MonkeyPatch) -> None:
    keys = iter(range(1, 1000))
    ids = iter(range(1, 1000))
    patch.setattr(
        SigningKey,
        "generate",
        classmethod(lambda cls: cls.from_raw(hashlib.sha256(b"golden-key-%d" % next(keys)).digest())),
    )
    patch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=next(ids)))


def make_small_export(folder: Path, patch: pytest.MonkeyPatch) -> Path:
    """Build a store and export the station head's workbook, every input fixed."""
    _deterministic(patch)
    clock = FixedClock(dt.datetime(2026, 11, 21, 1, 30, tzinfo=dt.UTC))
    paths = StorePaths(folder / "store")
    throttle = LoginThrottle(folder / "throttle.json")
    admin = create_store(
        paths, unit=ROOT, admin_login="admin", admin_password=ADMIN_PASSWORD, clock=clock, demo=True
    ).session
    sessions = [admin]
    try:
        with admin.store.transaction() as connection:
            save_units(connection, [STATION])
            save_officers(connection, list(OFFICERS))
        for officer in OFFICERS:
            roles = {Role.OFFICER} | ({Role.UNIT_HEAD} if officer.is_unit_head else set())
            accounts.add_account(
                admin,
                login=officer.police_number,
                password=PASSWORD,
                roles=frozenset(roles),
                police_number=officer.police_number,
            )
        create_campaign(
            admin,
            name="2026年度经商办企业专项登记",
            start_date=dt.date(2026, 11, 20),
            deadline=dt.date(2026, 11, 30),
            commitment_text=COMMITMENT,
            commitment_version="golden-1",
            form_version=1,  # the golden file is form version 1's (form 2's: tests/exchange/workbook/form2_workbook)
        )

        def login(name: str):
            session = log_in(paths, name, PASSWORD, clock=clock, throttle=throttle)
            sessions.append(session)
            return session

        officer = login("012345")
        clock.advance(minutes=5)
        content = Declaration(
            campaign_id="",
            officer=OFFICERS[1],
            unit_name="",
            answers={**dict.fromkeys(Question, False), Question.OWN_BUSINESS: True, Question.RELATIVES_BUSINESS: True},
            interests=INTERESTS,
            remarks="无其他需要说明的情况。",
        )
        saved = declaring.save_draft(officer, content)
        warnings = tuple(f"{p.path}:{p.code}" for p in saved.problems)
        declaring.save_draft(officer, saved.record.declaration.with_changes(acknowledged_warnings=warnings))
        declaring.sign(officer, PASSWORD)
        clock.advance(minutes=7)
        plain = login("200003")
        declaring.save_draft(
            plain,
            Declaration(campaign_id="", officer=OFFICERS[2], unit_name="", answers=dict.fromkeys(Question, False)),
        )
        declaring.sign(plain, PASSWORD)
        clock.advance(hours=2)
        head = login("200001")
        countersigning.countersign(head, "012345", "经核对，填报内容属实。", PASSWORD)
        clock.advance(minutes=1)
        countersigning.countersign(head, "200003", "已核实，无异议。", PASSWORD)
        clock.advance(minutes=30)
        return export_unit(head, folder / "small.xlsx").path
    finally:
        for session in sessions:
            session.lock()


def cell_values(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's cell values as openpyxl reads them (rows of equal length, as in the sheet's dimension)."""
    workbook = openpyxl.load_workbook(path)
    found: dict[str, list[list[object]]] = {}
    for sheet in workbook.worksheets:
        rows = []
        for row in sheet.iter_rows():
            values = []
            for cell in row:
                assert cell.value is None or isinstance(cell.value, str), (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
            rows.append(values)
        found[sheet.title] = rows
    return found


def golden_document(path: Path) -> dict[str, object]:
    # "about" names this test's place when the file was written (tests/exchange/); it is kept word for word so that
    # rewriting the golden file without a change of format leaves its bytes as they are.
    return {
        "about": "Every cell value of every sheet of a small unit export (fixed clock, keys and ids) for "
        "tests/exchange/test_workbook_golden.py; see its docstring before rewriting.",
        "sheets": cell_values(path),
    }


def _load_golden() -> dict[str, object]:
    if not GOLDEN.exists():
        pytest.fail(
            f"{GOLDEN} is missing: it is never regenerated silently. Write it with "
            "'python -m tests.exchange.workbook.test_workbook_golden --write-golden' and commit it after review."
        )
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture
def small_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_small_export(tmp_path, monkeypatch)


def test_every_cell_of_a_small_export_matches_the_golden_file(small_export):
    golden = _load_golden()["sheets"]
    found = cell_values(small_export)

    assert list(found) == list(golden)  # the sheets, in order
    for sheet, rows in golden.items():
        assert len(found[sheet]) == len(rows), sheet
        for number, (want, got) in enumerate(zip(rows, found[sheet], strict=True), start=1):
            assert got == want, f"{sheet}, row {number}"


def test_the_golden_export_verifies_and_pins_its_signatures(small_export):
    verdict = verify_workbook(read_workbook(small_export))
    assert verdict.valid
    assert sorted(d.police_number for d in verdict.declarations) == ["012345", "200003"]

    golden = _load_golden()["sheets"]
    keys = dict(zip(golden["情况登记表"][1], golden["情况登记表"][2], strict=True))
    assert keys["police_number"] == "012345"
    assert keys["id_number"].endswith("X")
    assert keys["officer_signature"]
    assert keys["countersignature"]
    cover = {row[1]: row[2] for row in golden["封面"][1:]}
    assert cover["batch_signature"]
    assert cover["exported_at"] == "2026-11-21T04:13:00Z"


def test_the_same_inputs_give_the_same_bytes_of_content(tmp_path, monkeypatch):
    """The export is reproducible: two stores built from the same inputs give the same cells."""
    with pytest.MonkeyPatch.context() as patch:
        first = make_small_export(tmp_path / "one", patch)
    second = make_small_export(tmp_path / "two", monkeypatch)
    assert cell_values(first) == cell_values(second)


def workbook_from_cells(sheets: dict[str, list[list[object]]], target: Path) -> Path:
    """An .xlsx holding exactly these cell values, every one a text cell (a value starting with = stays text)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    cell = sheet.cell(r, c)
                    cell.value = value
                    cell.data_type = "s"
    workbook.save(target)
    return target


def test_the_format_1_golden_export_still_verifies(tmp_path):
    """Written by the code before format 2 (its cells, unchanged): read as format 1 and every signature verifies."""
    sheets = json.loads(GOLDEN_FORMAT_1.read_text(encoding="utf-8"))["sheets"]
    assert {row[1]: row[2] for row in sheets["封面"][1:]}["format_version"] == "1"
    verdict = verify_workbook(read_workbook(workbook_from_cells(sheets, tmp_path / "format1.xlsx")))
    assert verdict.valid, [p.code for p in verdict.problems]
    assert sorted(d.police_number for d in verdict.declarations if d.valid) == ["012345", "200003"]


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-golden"]:
        sys.exit("usage: python -m tests.exchange.workbook.test_workbook_golden --write-golden")
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(name, str(Path(folder) / "home" / name.lower()))
        document = golden_document(make_small_export(Path(folder), patch))
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
