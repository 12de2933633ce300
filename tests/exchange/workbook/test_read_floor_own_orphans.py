"""Interest rows naming no declaration, in our own XML, are refused while the interests sheet is read (decision 226;
decisions 217, 220).

Our own large sheets are read strictly, each by its own reader (side by side with workers); decision 217 gave the
interests sheet's floor the declarations' ids only when it was read in this process after them, so our own XML of
orphan rows was counted once both sheets were read whole (decision 220: 1,000,000 such rows, 400 MB, 16.8 s; the
import read the file twice, 29 s). Now the interests sheet is read in this process whenever the declarations sheet is
read too: after it where the declarations sheet is far smaller (never in a real workbook; the floor counts from the
first row), beside a worker reading it otherwise (the floor takes its ids as soon as the worker is done). Tested as
test_read_floor_orphans.py: the bound lowered, the refusal while reading, the conversion never called, the row the
careful path names; and that a real export counts nothing and reads as before."""

from __future__ import annotations

import pickle
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from desktop.exchange.problems import TooManyProblems
from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET
from desktop.exchange.workbook.orphan_floor import DeclaredSource, ids_of, read_here
from desktop.exchange.workbook.read_floor import ProblemFloor, declared_ids, floors_for
from desktop.exchange.workbook.reader import read_workbook, read_workbook_as
from desktop.exchange.xlsx.packed_sheet import pack_rows
from tests.conftest import INSPECTOR, DemoWorld
from tests.exchange.workbook.test_read_floor import (
    BOUND,
    UNIT,
    _Held,
    _interest_ones,
    _never_converted,
    reading_refused,
)
from tests.exchange.workbook.test_read_floor import watched as _watched  # noqa: F401  # the fixture, by its name
from tests.exchange.workbook.test_read_floor_orphans import FIRST_JUNK, OWN_ORPHAN, _declarations

#: Orphan rows in the test file: whole interest rows in our own XML, several of the strict reader's 1 MB pieces.
OWN_ROWS = 30_000


@pytest.fixture(scope="module")
def own_orphans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _interest_ones(tmp_path_factory.mktemp("own-orphans") / "orphans.xlsx", OWN_ROWS, OWN_ORPHAN)


@pytest.mark.usefixtures("_watched")
@pytest.mark.parametrize("packed", [False, True], ids=["careful", "plan"])
@pytest.mark.parametrize("workers", [False, True])
def test_orphan_rows_of_our_own_xml_are_refused_while_the_interests_sheet_is_read(
    own_orphans: Path, monkeypatch: pytest.MonkeyPatch, workers: bool, packed: bool
) -> None:
    """Failed before decision 226: the interests sheet was read whole (by a worker, or here without the ids) and
    counted only then; the reading for a plan of chunks was not refused at all (no plan, then the careful path
    read the file again)."""
    _never_converted(monkeypatch)
    if packed:
        planned: list[object] = []
        pool = ProcessPoolExecutor(max_workers=2) if workers else None
        try:
            with pytest.raises(TooManyProblems) as caught:
                read_workbook_as(own_orphans, planned.append, executor=pool, packed=True)
        finally:
            if pool is not None:
                pool.shutdown()
        assert planned == []
        error = caught.value
    else:
        error = reading_refused(own_orphans, workers)
    # This process read the interests sheet and stopped after its first pieces: never held whole.
    assert 0 < _Held.most < OWN_ROWS // 2
    assert (error.code, error.exit_code, error.fields["limit"]) == ("too_many_problems", 2, BOUND)
    assert (error.fields["sheet"], int(error.fields["row"])) == (INTERESTS_SHEET, FIRST_JUNK + BOUND)


@pytest.mark.usefixtures("_watched")
def test_an_import_of_orphan_rows_in_our_own_xml_reads_the_file_once(
    own_orphans: Path, monkeypatch: pytest.MonkeyPatch, demo_store_template: Path, tmp_path: Path
) -> None:
    """The import's reading for a plan refuses the file itself: the careful path never reads it again."""
    from desktop.services.inspection import workbook_import

    def careful(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("read again by the careful path")

    _never_converted(monkeypatch)
    monkeypatch.setattr(workbook_import, "read_workbook", careful)
    world = DemoWorld(Path(shutil.copytree(demo_store_template, tmp_path / "store")), tmp_path / "throttle.json")
    try:
        inspector = world.login(INSPECTOR)
        with ProcessPoolExecutor(2) as pool, pytest.raises(TooManyProblems) as caught:
            workbook_import.import_workbook(inspector, own_orphans, executor=pool)
    finally:
        world.close()
    assert (caught.value.fields["sheet"], int(caught.value.fields["row"])) == (INTERESTS_SHEET, FIRST_JUNK + BOUND)
    assert 0 < _Held.most < OWN_ROWS // 2


@pytest.mark.parametrize("workers", [False, True])
def test_our_own_export_counts_no_orphan(floors_called: list[ProblemFloor], workers: bool) -> None:
    """The unit's own export: its interests' floor counts nothing, whenever the ids came, and the reading is the
    same as before."""
    if workers:
        with ProcessPoolExecutor(max_workers=2) as pool:
            read = read_workbook(UNIT, executor=pool)
    else:
        read = read_workbook(UNIT)
    assert not read.problems
    assert len(read.content.declarations) == 26
    interests = [floor for floor in floors_called if floor.sheet == INTERESTS_SHEET]
    assert interests
    if not workers:  # read after the declarations sheet (with workers, its ids may come after the last piece)
        assert interests[-1].declared is not None
    for floor in interests:
        assert floor.located
        assert all(count == [0, 0] for _first, _positions, count in floor.located)


def test_which_sheets_this_process_reads() -> None:
    """The interests sheet whenever the declarations sheet is read too; the declarations before it, and the family
    sheet after it, where the declarations are far smaller than either; else the default (the smallest)."""
    real = {DECLARATIONS_SHEET: 110, INTERESTS_SHEET: 108}
    assert read_here(real) == [INTERESTS_SHEET]
    assert read_here(real | {FAMILY_SHEET: 87}) == [INTERESTS_SHEET]  # a real form 2 export
    assert read_here({DECLARATIONS_SHEET: 1, INTERESTS_SHEET: 64}) == [DECLARATIONS_SHEET, INTERESTS_SHEET]
    assert read_here({DECLARATIONS_SHEET: 1, FAMILY_SHEET: 64}) == [DECLARATIONS_SHEET, FAMILY_SHEET]
    assert read_here({DECLARATIONS_SHEET: 1, INTERESTS_SHEET: 2, FAMILY_SHEET: 64}) == [
        DECLARATIONS_SHEET,
        INTERESTS_SHEET,
        FAMILY_SHEET,
    ]
    assert read_here({DECLARATIONS_SHEET: 1, INTERESTS_SHEET: 64, FAMILY_SHEET: 2}) == [
        DECLARATIONS_SHEET,
        INTERESTS_SHEET,
    ]
    assert read_here({DECLARATIONS_SHEET: 10, FAMILY_SHEET: 64}) == []


def test_a_floor_sent_to_a_worker_is_the_floor_alone() -> None:
    """The check that feeds a floor the ids is pickled (sent to a worker) as its floor: the ids stay here."""
    source = DeclaredSource()
    [floor] = floors_for((INTERESTS_SHEET,)).values()
    sent = pickle.loads(pickle.dumps(source.fed(floor)))
    assert isinstance(sent, ProblemFloor)
    assert (sent.sheet, sent.bound, sent.declared) == (floor.sheet, floor.bound, None)


@pytest.mark.parametrize("above", [False, True], ids=["plain", "a row above naming declaration_id"])
def test_the_ids_of_a_packed_declarations_sheet_are_those_of_its_rows(above: bool) -> None:
    from desktop.exchange.workbook.reader import packing_for

    rows = _declarations("d1", "d2", " d3 ", 7, "")
    if above:  # the packer and the tables take the same row of keys (decision 225), not this one
        rows = [["declaration_id"], *rows]
    packed = pack_rows(rows, packing_for(DECLARATIONS_SHEET))
    assert ids_of(packed) == declared_ids(rows)
    assert ids_of(rows) == declared_ids(rows)
    assert ids_of(None) is None


def test_a_packed_sheet_whose_packer_kept_another_column_gives_no_ids_and_stays_packed() -> None:
    """Failed before: the ids were read by unpacking the sheet (rows(), which lets its blocks go and may be asked only
    once), so the plan or the careful reading that asked for the sheet next raised ValueError. Without the packer's
    column of ids there are no ids for the floor (it then counts less, never more) and the sheet is left whole."""
    from dataclasses import replace

    from desktop.exchange.workbook.reader import packing_for

    rows = _declarations("d1", "d2", " d3 ")
    packed = pack_rows(rows, replace(packing_for(DECLARATIONS_SHEET), keys=("signer_fingerprint",)))
    assert "declaration_id" not in packed.columns
    assert ids_of(packed) is None
    assert packed.rows() == [list(row) for row in rows]


def test_ids_that_come_late_are_counted_from_the_next_row_where_every_row_named_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The floor shown rows before the ids came: where each row it counted names a declaration row's id text, it
    goes on with the ids from its next row (nothing to count again); where one does not, it counts again from the
    first row, that row included."""
    from desktop.exchange.workbook import read_floor as floor_module
    from tests.exchange.workbook.test_read_floor_orphans import _interest_rows

    starts: list[int] = []
    original = floor_module._count

    def count(rows: object, start: int, *args: object) -> None:
        starts.append(start)
        original(rows, start, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(floor_module, "_count", count)
    declared = declared_ids(_declarations("d1", "d2"))
    named = _interest_rows(*[("d1", "子女"), ("d2", "子女")] * 2)  # past the rows the floor waits for (its keys')
    orphaned = _interest_rows(("x", "子女"), *[("d1", "子女")] * 3)
    for first, then, counted, again in ((named, [("x", "子女")], 1, False), (orphaned, [("d1", "子女")], 1, True)):
        source = DeclaredSource()
        [floor] = floors_for((INTERESTS_SHEET,)).values()
        check = source.fed(floor)
        check(first)
        assert floor.located is not None
        source.known = declared
        before = [records.declared for records in floor.records]
        starts.clear()
        check([*first, *_interest_rows(*then)[2:]])
        assert starts == [2 if again else len(first)]
        assert before == [None]
        assert [c for _first, _positions, c in floor.located] == [[counted, 0]]
        assert source.counted[INTERESTS_SHEET] == len(first) + 1
