"""``verify`` of a large workbook chunk by chunk (decision 241): with its process pool (a workbook past
_POOL_FROM_BYTES; here every workbook, the threshold lowered), a workbook the import's plan vouches for is verified by
the import's workers chunk by chunk, holding no declaration but those the report lists; any other is verified the
careful way. Either way the exit code, the report and the JSON are those of the careful path, on the CLI's verify
fixtures, the tampered workbooks and every hostile file."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from desktop.commands import exchange as exchange_commands
from desktop.crypto.signing import SigningKey
from desktop.exchange.workbook import chunks, reader
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.services.clock import FixedClock
from desktop.services.inspection.verify_chunks import verify_in_chunks
from desktop.services.workflow.export import export_own, export_unit
from tests.cli.support import run
from tests.cli.test_workbook_cli import hostile  # noqa: F401 - the module's fixture of hostile files
from tests.conftest import DEMO_STORE_PASSWORD, INSPECTOR, RICH_HEAD, RICH_OFFICER, ROOT_UNIT, DemoWorld
from tests.exchange.workbook.test_workbook_hostile import HOSTILE_NAMES
from tests.exchange.workbook.test_workbook_tampering import BATCH_EDITS, Book, forge, other_digit

DECLARATIONS, INTERESTS = "情况登记表", "经商办企业情况"


@pytest.fixture
def both(demo_world: DemoWorld, monkeypatch: pytest.MonkeyPatch):
    """``both(*argv)``: ``verify`` run the careful way (no pool) and with a pool (chunk by chunk where it can, in
    chunks of 3 declarations); both results, which must be the same."""
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", DEMO_STORE_PASSWORD)
    monkeypatch.delenv("OFFICER_DECLARE_FILE_PASSWORD", raising=False)
    monkeypatch.setattr(chunks, "DECLARATIONS_PER_CHUNK", 3)
    clock = FixedClock(demo_world.clock.current)

    def call(*argv: str):
        with monkeypatch.context() as careful:
            careful.setattr(exchange_commands, "_POOL_FROM_BYTES", 1 << 60)
            slow = run(["--lang", "en", "verify", *argv], clock=clock)
        with monkeypatch.context() as pooled:
            pooled.setattr(exchange_commands, "_POOL_FROM_BYTES", -1)
            fast = run(["--lang", "en", "verify", *argv], clock=clock)
        return slow, fast

    return call


def workbooks(demo_world: DemoWorld, folder: Path) -> dict[str, Path]:
    """The verify tests' workbooks: genuine (14 declarations of several heads; one head's unit; one officer's own),
    with altered signed cells (one also shown for people), forged with fresh keys, a batch edit, and a column headed
    like a signed one."""
    found = {
        "all": export_unit(demo_world.login(INSPECTOR), folder / "all.xlsx", unit_code=ROOT_UNIT).path,
        "unit": export_unit(demo_world.login(RICH_HEAD), folder / "unit.xlsx").path,
        "own": export_own(demo_world.login(RICH_OFFICER), folder / "own.xlsx").path,
    }
    book = Book(found["all"])
    row = book.row_of(RICH_OFFICER)
    book.set(DECLARATIONS, row, "id_number", other_digit(str(book.get(DECLARATIONS, row, "id_number")), 10))
    found["altered"] = book.save("altered.xlsx")  # also a shown column (the birth date): the careful path
    book = Book(found["all"])
    book.set(DECLARATIONS, row, "opinion", "不同意。")
    declaration_id = book.get(DECLARATIONS, row, "declaration_id")
    first = min(
        book.rows(INTERESTS, "declaration_id", declaration_id), key=lambda r: int(book.get(INTERESTS, r, "row_no"))
    )
    book.set(INTERESTS, first, "enterprise_name", "龙山区另一家餐馆")
    found["opinion and interest"] = book.save("edited.xlsx")  # both signatures fail, no other problem
    book = Book(found["all"])
    book.set(DECLARATIONS, row, "opinion", "不同意。")
    found["opinion"] = book.save("opinion.xlsx")  # the countersignature fails, the officer's holds
    found["forged"], _heads = forge(found["all"], folder / "forged.xlsx")
    sheet, column, row_of, value = BATCH_EDITS["the cover's export time"]
    book = Book(found["all"])
    book.workbook[sheet][f"{column}{row_of(book)}"].value = value
    found["batch edited"] = book.save("batch.xlsx")
    workbook = openpyxl.load_workbook(found["unit"])
    declarations = workbook[DECLARATIONS]
    real = next(c.column for c in declarations[2] if c.value == "answer_own_business")
    shadow = declarations.max_column + 1
    declarations.cell(1, shadow).value = declarations.cell(1, real).value
    for at in range(3, declarations.max_row + 1):
        declarations.cell(at, shadow).value = "否"
    found["shadowed"] = folder / "shadowed.xlsx"
    workbook.save(found["shadowed"])
    return found


def test_a_regular_workbook_is_verified_without_reading_it_whole(demo_world, tmp_path, monkeypatch):
    """Before: verify with a pool read every declaration into memory (read_workbook) before checking any."""
    path = export_unit(demo_world.login(INSPECTOR), tmp_path / "all.xlsx", unit_code=ROOT_UNIT).path
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", DEMO_STORE_PASSWORD)
    monkeypatch.setattr(chunks, "DECLARATIONS_PER_CHUNK", 3)
    monkeypatch.setattr(exchange_commands, "_POOL_FROM_BYTES", -1)

    def whole(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("read whole")

    monkeypatch.setattr(reader, "read_workbook", whole)
    result = run(["--lang", "en", "verify", str(path)], clock=FixedClock(demo_world.clock.current))

    assert result.code == 4, result.err
    assert result.out.splitlines()[0] == "all.xlsx: 14 of 14 declarations verify."


def test_verify_reports_the_same_either_way(both, demo_world, tmp_path):
    files = workbooks(demo_world, tmp_path)
    heads = json.loads(both("--json", str(files["all"]))[0].out)[0]["head_fingerprints"]
    trust_real = [arg for fingerprint in heads for arg in ("--trust", fingerprint)]
    stranger = ["--trust", SigningKey.from_raw(b"s" * 32).fingerprint]
    every = [str(path) for path in files.values()]
    for trust in ([], trust_real, stranger):
        for argv in ([*trust, *every], ["--json", *trust, *every], *([*trust, one] for one in every)):
            slow, fast = both(*argv)
            assert (fast.code, fast.out, fast.err) == (slow.code, slow.out, slow.err), argv


def test_every_hostile_file_is_reported_the_same_either_way(both, hostile):  # noqa: F811 - the fixture
    for name in HOSTILE_NAMES:
        path, case = hostile[name]
        if case.password:
            continue  # a password from the environment: the CLI fixture's own tests cover it
        slow, fast = both(str(path))
        assert (fast.code, fast.out, fast.err) == (slow.code, slow.out, slow.err), name


def test_only_the_declarations_that_do_not_verify_are_kept(demo_world, tmp_path, monkeypatch):
    monkeypatch.setattr(chunks, "DECLARATIONS_PER_CHUNK", 4)
    files = workbooks(demo_world, tmp_path)
    for name in ("opinion", "opinion and interest"):
        careful = verify_workbook(read_workbook(files[name]))

        kept = verify_in_chunks(files[name], None, None)
        every = verify_in_chunks(files[name], None, None, keep_every=True)

        assert kept is not None
        assert every is not None
        assert (kept.total, kept.valid_count, every.total, every.valid_count) == (14, 13, 14, 13)
        assert kept.declarations == [d for d in careful.declarations if not d.valid]
        assert every.declarations == careful.declarations
        assert kept.countersigned == careful.countersigned
        assert kept.head_fingerprints == careful.head_fingerprints
        assert (kept.problems, kept.valid) == (careful.problems, careful.valid) == ([], False)
    assert verify_in_chunks(files["altered"], None, None) is None  # a shown column: the careful path locates it
    assert verify_in_chunks(files["batch edited"], None, None) is None  # the careful path states the batch problem
    assert verify_in_chunks(files["shadowed"], None, None) is None
