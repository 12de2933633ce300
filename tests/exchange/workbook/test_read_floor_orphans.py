"""Interest (and family) rows naming no declaration of the workbook are counted by the floor under a sheet's
problems (decision 217; decisions 188, 199, 203).

Each such row the careful path reports once (``interest.orphan``), but only after every sheet is read and converted:
``bench/bench_junk_rows.py --orphans --raise-counts`` took 528 MB at 200,000 rows and was not refused in 180 s at
800,000. The floor of the interests sheet now counts them once it knows the declarations sheet's ids: read before it
in this process, or by a worker while this process reads the interests sheet (the floor takes the ids as soon as the
worker has them, and counts the rows read before again), or, at the latest, once both sheets are read and before
either is converted. Tested as test_read_floor.py tests the other junk rows: the bound lowered, the refusal while
reading, the conversion never called; below the bound the same report as the careful path's."""

from __future__ import annotations

import functools
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from bench.bench_junk_rows import build
from desktop.exchange import problems as problems_module
from desktop.exchange.problems import TooManyProblems
from desktop.exchange.workbook import read_floor as floor_module
from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET, layout
from desktop.exchange.workbook.orphan_floor import DeclaredSource
from desktop.exchange.workbook.read_floor import ProblemFloor, declared_ids, floors_for
from desktop.exchange.workbook.reader import read_workbook, read_workbook_as
from desktop.i18n import Translator
from tests.exchange.workbook.caps_support import never_converted, read_bounded
from tests.exchange.workbook.form2_workbook import write_form2_workbook
from tests.exchange.workbook.test_read_floor import (
    BOUND,
    UNIT,
    _Held,
    _interest_ones,
    _never_converted,
    reading_refused,
)
from tests.exchange.workbook.test_read_floor import watched as _watched  # noqa: F401  # the fixture, by its name

#: Orphan rows in the test files: whole interest rows, several of the readers' 1 MB pieces.
ORPHAN_ROWS = 30_000
#: The unit's interests sheet: two heading rows, then its 17 interests; the junk starts at row 20.
FIRST_JUNK = 2 + 17 + 1
#: The unit's last interest row (row 19, whole) in our own XML, its declaration id one no declaration has and its
#: row number left to fill in.
OWN_ORPHAN = (
    '<row r="%d"><c r="A%d" t="inlineStr"><is><t>orphan</t></is></c><c r="B%d" t="inlineStr"><is><t>1</t></is></c>'
    '<c r="C%d" t="inlineStr"><is><t>000039</t></is></c><c r="D%d" t="inlineStr"><is><t>詹艳</t></is></c>'
    '<c r="E%d" t="inlineStr"><is><t>亲属经商办企业</t></is></c><c r="F%d" t="inlineStr"><is><t>子女</t></is></c>'
    '<c r="G%d" t="inlineStr"><is><t>陈小红</t></is></c>'
    '<c r="H%d" t="inlineStr"><is><t>110108198010059056</t></is></c>'
    '<c r="I%d" t="inlineStr"><is><t>立信电子网络有限公司</t></is></c>'
    '<c r="K%d" t="inlineStr"><is><t>retail</t></is></c>'
    '<c r="L%d" t="inlineStr"><is><t>批发零售</t></is></c><c r="M%d" t="inlineStr"><is><t>否</t></is></c>'
    '<c r="N%d" t="inlineStr"><is><t>出资人</t></is></c><c r="P%d" t="inlineStr"><is><t>5</t></is></c>'
    '<c r="R%d" t="inlineStr"><is><t>2016-11-25</t></is></c><c r="T%d" t="inlineStr"><is><t>经营中</t></is></c>'
    '<c r="U%d" t="inlineStr"><is><t>否</t></is></c><c r="V%d" t="inlineStr"><is><t>否</t></is></c></row>'
).encode()


@pytest.fixture(scope="module")
def orphans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("orphans")
    return build(folder / "orphans.xlsx", ORPHAN_ROWS, far=False, raise_counts=True, orphans=True)


@pytest.mark.usefixtures("_watched")
@pytest.mark.parametrize("workers", [False, True])
def test_orphan_interest_rows_are_refused_while_they_are_read(
    orphans: Path, monkeypatch: pytest.MonkeyPatch, workers: bool
) -> None:
    """Failed before decision 217: the interests sheet was read whole, converted, and its rows assembled before the
    orphans were counted. With workers, nothing is converted before the refusal."""
    _never_converted(monkeypatch) if workers else never_converted(monkeypatch, INTERESTS_SHEET)
    error = reading_refused(orphans, workers)
    if not workers:  # the declarations sheet is read first here: the interests' floor counts from its first piece
        assert 0 < _Held.most < ORPHAN_ROWS // 2
    assert (error.code, error.exit_code, error.fields["limit"]) == ("too_many_problems", 2, BOUND)
    # Each orphan row is one problem: the bound is passed at its (BOUND + 1)st, the row the careful path names.
    assert (error.fields["sheet"], int(error.fields["row"])) == (INTERESTS_SHEET, FIRST_JUNK + BOUND)
    english = Translator("en")(error.message, **error.fields)
    assert english.startswith(f"The workbook orphans.xlsx has more than {BOUND} problems (reading stopped at ")


@pytest.mark.parametrize("workers", [False, True])
def test_orphan_interest_rows_within_the_bound_are_reported_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: bool
) -> None:
    """Below the bound the floor changes nothing: every orphan row is read, converted and reported; at exactly their
    count the file is read, one less refuses it at the last orphan's row."""
    path = build(tmp_path / "orphans.xlsx", 600, far=False, raise_counts=True, orphans=True)
    read = functools.partial(read_bounded, path, monkeypatch, workers)

    found = read(600)
    orphaned = [p for p in found.problems if p.code == "interest.orphan"]
    # The rows past the 200th of the one id they name are each one too many, not orphans (decision 234).
    assert [p.row for p in orphaned] == list(range(FIRST_JUNK, FIRST_JUNK + 200))
    past = [p.row for p in found.problems if p.code == "interest.too_many"]
    assert past == list(range(FIRST_JUNK + 200, FIRST_JUNK + 600))
    assert {p.params["id"] for p in orphaned} == {"orphan"}
    assert len(found.problems) == 600
    with pytest.raises(TooManyProblems) as caught:
        read(599)
    assert (caught.value.fields["sheet"], caught.value.fields["row"]) == (INTERESTS_SHEET, FIRST_JUNK + 599)


def test_orphan_rows_of_our_own_xml_are_refused_before_their_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Our own XML read strictly (each sheet by its own reader, side by side with workers): counted, at the latest,
    once both sheets are read and before either is converted."""
    path = _interest_ones(tmp_path / "orphans.xlsx", 20_000, OWN_ORPHAN)
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", 30_000)
    # Each whole but for its id: an orphan, or past the 200th row of that one id, one too many (decision 234, reported
    # first: the first 20 listed, the others, orphans included, counted); one problem a row either way.
    assert {p.code for p in read_workbook(path).problems} == {"interest.too_many", "problems.more"}
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", BOUND)
    _never_converted(monkeypatch)
    for executor in (None, ProcessPoolExecutor(max_workers=2)):
        with pytest.raises(TooManyProblems) as caught:
            read_workbook(path, executor=executor)
        if executor is not None:
            executor.shutdown()
        assert (caught.value.fields["sheet"], int(caught.value.fields["row"])) == (INTERESTS_SHEET, FIRST_JUNK + BOUND)


def _interest_rows(*data: tuple[object, str]) -> list[list[object]]:
    """An interests sheet of form 1: each row its declaration id and relation, the rest of a whole row."""
    keys = [c.key for c in layout(1).sheets[INTERESTS_SHEET]]
    at = {key: keys.index(key) for key in ("declaration_id", "row_no", "question", "relation", "status")}
    rows: list[list[object]] = [["headings"], keys]
    for declaration_id, relation in data:
        values: list[object] = [""] * len(keys)
        values[at["declaration_id"]], values[at["row_no"]], values[at["question"]] = (
            declaration_id,
            "1",
            "亲属经商办企业",
        )
        values[at["relation"]], values[at["status"]] = relation, "经营中"
        rows.append(values)
    return rows


def _declarations(*ids: object) -> list[list[object]]:
    keys = [c.key for c in layout(1).sheets[DECLARATIONS_SHEET]]
    identity = keys.index("declaration_id")
    rows: list[list[object]] = [["headings"], keys]
    for declaration_id in ids:
        values: list[object] = [""] * len(keys)
        values[identity] = declaration_id
        rows.append(values)
    return rows


def test_what_the_floor_counts_of_orphans_is_what_the_assembly_reports() -> None:
    """An interest row whose declaration id (as the converter reads it) no declaration row holds counts one, once;
    a row already counted for another reason (its relation) is not counted again; an id any declaration row holds
    is not counted, even where that row repeats an id (the first of them takes the interests); a padded id is the
    id it converts to. Without the declarations' ids nothing of this is counted."""
    declared = declared_ids(_declarations("d1", "d2", "d2", " d3 ", 7, *[""] * 3))
    assert declared is not None
    rows = _interest_rows(
        ("d1", "子女"),  # declared
        ("d2", "子女"),  # declared (twice)
        (" d1", "子女"),  # converts to d1
        ("d3", "子女"),  # a declaration's padded id converts to it
        ("x", "子女"),  # an orphan: one
        ("x", ""),  # an orphan that cannot be read: one, for its relation
        (7, "子女"),  # the number converts to no id, as the declaration's 7 does: both ""
        ("", "子女"),  # the empty id: a declaration row is empty of it
        ("y", "子女"),  # an orphan: one
    )
    [floor] = floors_for((INTERESTS_SHEET,)).values()
    floor.bound = 100
    floor(rows)
    assert floor.located is not None
    assert [c for _first, _positions, c in floor.located] == [[1, 0]]  # the relation only: the ids not yet known
    floor.declared = declared
    floor([*rows, [], ["", ""]])  # counted again from the first row, now with the ids; empty rows count nothing
    assert [c for _first, _positions, c in floor.located] == [[3, 0]]
    floor([*rows, [], ["", ""], *_interest_rows(("z", "子女"))[2:]])
    assert [c for _first, _positions, c in floor.located] == [[4, 0]]


def test_the_declarations_ids_of_a_sheet_without_its_columns_are_unknown() -> None:
    assert declared_ids([["a", "b"], ["c"]] * 5) is None
    assert declared_ids(_declarations("d1")[:1]) is None


def test_what_the_floor_counts_of_family_orphans_is_what_the_assembly_reports() -> None:
    keys = [c.key for c in layout(2, 2).sheets[FAMILY_SHEET]]
    relation = keys.index("relation")

    def row(declaration_id: str) -> list[object]:
        values: list[object] = [declaration_id, "F1"] + [""] * (len(keys) - 2)
        values[relation] = "配偶"
        return values

    declarations = [c.key for c in layout(2, 2).sheets[DECLARATIONS_SHEET]]
    identity = declarations.index("declaration_id")
    declared_row: list[object] = [""] * len(declarations)
    declared_row[identity] = "d1"
    [floor] = floors_for((FAMILY_SHEET,)).values()
    floor.bound = 100
    floor.declared = declared_ids([["headings"], declarations, declared_row])
    floor([["headings"], keys, row("d1"), row("d2"), row("d1"), row("d3")])
    assert floor.located is not None
    assert [c for _first, _positions, c in floor.located] == [[2, 0]]


def test_a_real_form_2_workbook_counts_no_orphan(tmp_path: Path) -> None:
    """A form 2 export: with its declarations' ids, no interest or family row is counted."""
    from python_calamine import CalamineWorkbook

    path = write_form2_workbook(tmp_path / "form2.xlsx")
    workbook = CalamineWorkbook.from_path(str(path))

    def rows(sheet: str) -> list[list[object]]:
        return workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)  # type: ignore[no-any-return]

    declared = declared_ids(rows(DECLARATIONS_SHEET))
    assert declared is not None
    for sheet, floor in floors_for((INTERESTS_SHEET, FAMILY_SHEET)).items():
        floor.declared = declared
        floor([*rows(sheet), *([[]] * 5)])
        assert floor.located, sheet
        assert all(count == [0, 0] for _first, _positions, count in floor.located), sheet


@pytest.mark.parametrize("workers", [False, True])
def test_a_real_workbook_counts_no_orphan(tmp_path: Path, floors_called: list[ProblemFloor], workers: bool) -> None:
    """The unit's shared-string twin, read as a stream (with workers: its interests here, its declarations in a
    worker): nothing counted, whenever the ids came."""
    from tests.exchange.workbook import oversized

    counted = floors_called
    path = oversized.as_shared_strings(UNIT, tmp_path / "unit.xlsx")
    if workers:
        with ProcessPoolExecutor(max_workers=2) as pool:
            read = read_workbook(path, executor=pool)
    else:
        read = read_workbook(path)
    assert not read.problems
    interests = [floor for floor in counted if floor.sheet == INTERESTS_SHEET]
    assert interests
    if not workers:  # with workers the ids may come after the last piece: the rows are then only looked over
        assert interests[-1].declared is not None
    for floor in interests:
        assert floor.located
        assert all(count == [0, 0] for _first, _positions, count in floor.located)


def test_a_sheet_whose_rows_name_declaration_texts_is_only_looked_over() -> None:
    """Once both sheets are held, a sheet each of whose rows holds a declaration row's id text is not counted again
    (every real workbook); any other id (an orphan, or a text that only converts to an id) has it counted."""
    from desktop.exchange.workbook.read_floor import names_only_declared

    declared = declared_ids(_declarations("d1", "d2"))
    assert declared is not None
    assert names_only_declared(INTERESTS_SHEET, _interest_rows(("d1", "子女"), ("d2", "")), declared)
    assert not names_only_declared(INTERESTS_SHEET, _interest_rows(("d1", "子女"), ("x", "子女")), declared)
    assert not names_only_declared(INTERESTS_SHEET, _interest_rows((" d1", "子女")), declared)


@pytest.mark.usefixtures("_watched")
def test_orphan_rows_read_for_a_plan_of_chunks_are_refused_before_the_plan(
    orphans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import's reading (packed for a plan of chunks, with workers) counts the rows its floors counted without
    the declarations' ids again, as the careful reading does. Failed after the merge of decisions 215 and 217: that
    count was skipped whenever the sheets were read for a plan, so the file was read whole, gave no plan, and was read
    whole again by the careful path. Here the worker reading the declarations is always late for the interests'
    floor (its ids never reach it while the interests are read), and the floors count no row past the most interests
    of an id (decision 234 would refuse these rows of one id while read, 200 rows later, before any count again)."""
    monkeypatch.setattr(DeclaredSource, "__call__", lambda self: self.known)
    monkeypatch.setattr(floor_module, "_most_rows", lambda _sheet, _columns: None)
    planned: list[object] = []
    with ProcessPoolExecutor(max_workers=2) as pool, pytest.raises(TooManyProblems) as caught:
        read_workbook_as(orphans, planned.append, executor=pool, packed=True)
    assert planned == []
    assert (caught.value.fields["sheet"], int(caught.value.fields["row"])) == (INTERESTS_SHEET, FIRST_JUNK + BOUND)
