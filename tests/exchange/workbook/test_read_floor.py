"""The bound on a workbook's problems stops the reading of junk rows, not only their conversion (decision 188).

A workbook of junk rows just under the cells cap (its cover's counts raised and the batch re-signed by a fresh key,
as bench/bench_junk_rows.py --raise-counts builds it) was read whole before the bound refused it during the
conversion: 363 MB at 850,000 rows. Each reader of a large sheet now counts, as it reads, the cells that certainly
fail their conversion (whole-number columns that are empty or not digits) and stops past the bound, with the bound's
own sentence. Tested here with the bound lowered and files large enough that the reading stops after its first
pieces: the refusal, the row it names, and how many rows the reader held when it stopped (counts, not timing); and
that real workbooks (our own export, read strictly; its shared-string twin, read as a stream) count nothing."""

from __future__ import annotations

import dataclasses
import re
import shutil
import sys
import zipfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest

from bench.bench_junk_rows import FRESH, build, raised_counts
from desktop.exchange import problems as problems_module
from desktop.exchange.problems import TooManyProblems
from desktop.exchange.workbook import read_floor as floor_module
from desktop.exchange.workbook import table as table_module
from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET, layout
from desktop.exchange.workbook.model import WorkbookContent, batch_payload
from desktop.exchange.workbook.read_floor import ProblemFloor, ReadStopped, floors_for
from desktop.exchange.workbook.reader import DECLARATION_LIMITS, read_workbook
from desktop.exchange.workbook.writer import write_workbook
from desktop.exchange.xlsx.own_sheets import parse_own_sheet
from desktop.i18n import Translator
from desktop.services.inspection.workbook_import import import_workbook
from tests.cli.support import clean_env
from tests.conftest import INSPECTOR, DemoWorld
from tests.exchange.workbook import oversized
from tests.exchange.workbook.form2_workbook import write_form2_workbook
from tests.process_tree import run_measured

ROOT = Path(__file__).resolve().parents[3]
UNIT = ROOT / "tests" / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"
BOUND = 2_000
#: Junk rows in each test file: about 4.5 MB of sheet XML, several of the readers' 1 MB pieces.
JUNK_ROWS = 100_000


class _Held:
    """The most rows a floor was shown, across the floors made in this process."""

    most = 0


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> type[_Held]:
    """The bound lowered to BOUND, and the rows each floor of this process is shown recorded."""
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", BOUND)
    original = ProblemFloor.__call__
    _Held.most = 0

    def seen(self: ProblemFloor, rows: list[list[object]]) -> None:
        _Held.most = max(_Held.most, len(rows))
        original(self, rows)

    monkeypatch.setattr(floor_module.ProblemFloor, "__call__", seen)
    return _Held


def _never_converted(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the junk rows reached the conversion")

    monkeypatch.setattr(table_module, "convert_records", refuse)


E = TypeVar("E", bound=Exception)


def reading_refused(path: Path, workers: bool, refusal: type[E] = TooManyProblems) -> E:  # type: ignore[assignment]  # the default is an E
    """The ``refusal`` of ``path``'s careful reading, with two worker processes or without."""
    if workers:
        with ProcessPoolExecutor(max_workers=2) as pool, pytest.raises(refusal) as caught:
            read_workbook(path, executor=pool)
    else:
        with pytest.raises(refusal) as caught:
            read_workbook(path)
    return caught.value


def _own_junk(target: Path, rows: int) -> Path:
    """The unit export with its counts raised and junk rows appended in our own XML (one inline text in column A),
    which the strict reader takes."""
    source = raised_counts(target.with_name("raised-own.xlsx"), rows)

    def change(name: str, data: bytes) -> Iterator[bytes] | None:
        if name != oversized.DECLARATIONS_PART:
            return None
        at = data.rindex(b"</sheetData>")
        last = int(re.findall(rb'<row r="([0-9]+)"', data)[-1])

        def pieces() -> Iterator[bytes]:
            yield data[:at]
            row = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>'
            yield from oversized._batched(row % (n, n) for n in range(last + 1, rows + 1))
            yield data[at:]

        return pieces()

    return oversized._copy(source, target, change)


@pytest.fixture(scope="module")
def junk(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("junk")
    (folder / "shared").mkdir()
    (folder / "own").mkdir()
    return {
        "shared strings": build(folder / "shared" / "junk.xlsx", JUNK_ROWS, far=False, raise_counts=True),
        "our own XML": _own_junk(folder / "own" / "junk.xlsx", JUNK_ROWS),
    }


@pytest.mark.parametrize("workers", [False, True])
@pytest.mark.parametrize("kind", ["shared strings", "our own XML"])
def test_junk_rows_are_refused_while_they_are_read(
    junk: dict[str, Path], watched: type[_Held], monkeypatch: pytest.MonkeyPatch, kind: str, workers: bool
) -> None:
    """Failed before decision 188: the sheet was read whole (100,000 rows) and refused during its conversion."""
    path = junk[kind]
    if kind == "our own XML":
        with zipfile.ZipFile(path) as archive:
            assert parse_own_sheet([archive.read(oversized.DECLARATIONS_PART)], DECLARATION_LIMITS) is not None
    _never_converted(monkeypatch)
    error = reading_refused(path, workers)
    if not workers:  # what the reader held when it stopped: the first pieces' rows, not the sheet's 100,000
        assert 0 < watched.most < JUNK_ROWS // 2
    assert (error.code, error.exit_code, error.fields["limit"]) == ("too_many_problems", 2, BOUND)
    assert error.fields["sheet"] == DECLARATIONS_SHEET
    # Each junk row fails at its two whole-number cells (version, interest count) and, from the second on, repeats
    # the first one's declaration id (decision 199): 3k - 1 problems after k rows, past BOUND at the
    # (BOUND + 1) // 3 + 1st.
    junk_start = 3 + 26  # the unit's 26 declarations below the two heading rows
    assert int(error.fields["row"]) == junk_start + (BOUND + 1) // 3
    english = Translator("en")(error.message, **error.fields)
    assert english.startswith(f"The workbook junk.xlsx has more than {BOUND} problems (reading stopped at ")
    assert english.count(". ") == 0


def test_junk_rows_within_the_bound_are_read_and_converted_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below the bound the floor changes nothing: the rows are read, converted and their problems counted."""
    path = build(tmp_path / "junk.xlsx", 600, far=False, raise_counts=True)
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", 10_000)
    read = read_workbook(path)
    counts = [p for p in read.shown_problems if p.code == "cover.count"]
    assert [(p.params["field"], p.params["actual"]) for p in counts] == [("declarations", 598)]


@pytest.mark.parametrize("twin", ["own", "shared strings"])
def test_a_real_workbook_counts_nothing(tmp_path: Path, floors_called: list[ProblemFloor], twin: str) -> None:
    """Our own export (read strictly) and its shared-string twin (read as a stream): no cell of theirs fails."""
    counted = floors_called
    path = UNIT if twin == "own" else oversized.as_shared_strings(UNIT, tmp_path / "unit.xlsx")
    read = read_workbook(path)
    assert not read.problems
    assert {floor.sheet for floor in counted} == {DECLARATIONS_SHEET, INTERESTS_SHEET}
    for floor in counted:
        assert floor.located, floor.sheet  # located its columns in the layouts that fit
        assert all(count == [0, 0] for _first, _positions, count in floor.located)


def _rows(*data: list[object]) -> list[list[object]]:
    keys = [c.key for c in layout(1).sheets[DECLARATIONS_SHEET]]
    return [["headings"], list(keys), *data]


def test_what_the_floor_counts_is_what_the_conversion_refuses() -> None:
    """Only whole-number cells the converter refuses, in rows that are not empty; a full-width digit converts."""
    keys = [c.key for c in layout(1).sheets[DECLARATIONS_SHEET]]
    version, count = keys.index("version"), keys.index("interest_count")
    good = [""] * len(keys)
    good[version], good[count] = "1", "１"  # a full-width digit: the converter reads it
    good[keys.index("declaration_id")] = "d1"
    bad = list(good)
    bad[version], bad[keys.index("declaration_id")] = "x", "d2"
    [floor] = floors_for((DECLARATIONS_SHEET,)).values()
    floor.bound = 3
    floor(_rows(good, [], ["", ""], bad, ["a"]))  # an empty row and a row of empty texts count nothing
    assert floor.located is not None
    assert [counted for _first, _positions, counted in floor.located] == [[3, 0]]
    with pytest.raises(ReadStopped) as caught:
        floor(_rows(good, [], ["", ""], bad, ["a"], ["b"]))
    assert (caught.value.sheet, caught.value.row, caught.value.bound) == (DECLARATIONS_SHEET, 8, 3)


def test_a_sheet_without_the_columns_of_any_layout_counts_nothing() -> None:
    [floor] = floors_for((DECLARATIONS_SHEET,)).values()
    floor.bound = 0
    floor([["a", "b"], ["version", "interest_count"], ["x"], ["y"], ["z"], ["w"]])
    assert floor.located == []


def _own_ones(target: Path, rows: int) -> Path:
    """The unit export with its counts raised and junk rows of ``1`` in the version (B) and interest count (T)
    cells appended in our own XML, which the strict reader takes."""
    source = raised_counts(target.with_name("raised-own.xlsx"), rows)

    def change(name: str, data: bytes) -> Iterator[bytes] | None:
        if name != oversized.DECLARATIONS_PART:
            return None
        at = data.rindex(b"</sheetData>")
        last = int(re.findall(rb'<row r="([0-9]+)"', data)[-1])

        def pieces() -> Iterator[bytes]:
            yield data[:at]
            row = (
                b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>1</t></is></c>'
                b'<c r="T%d" t="inlineStr"><is><t>1</t></is></c></row>'
            )
            yield from oversized._batched(row % (n, n, n) for n in range(last + 1, rows + 1))
            yield data[at:]

        return pieces()

    return oversized._copy(source, target, change)


@pytest.fixture(scope="module")
def ones(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Junk rows that fail no conversion: ``1`` in the whole-number cells and nothing else (decision 188's variant
    the floor of its cells did not cover)."""
    folder = tmp_path_factory.mktemp("ones")
    (folder / "shared").mkdir()
    (folder / "own").mkdir()
    return {
        "shared strings": build(folder / "shared" / "ones.xlsx", JUNK_ROWS, far=False, raise_counts=True, ones=True),
        "our own XML": _own_ones(folder / "own" / "ones.xlsx", JUNK_ROWS),
    }


@pytest.mark.parametrize("workers", [False, True])
@pytest.mark.parametrize("kind", ["shared strings", "our own XML"])
def test_rows_that_cannot_be_declarations_are_refused_while_they_are_read(
    ones: dict[str, Path], watched: type[_Held], monkeypatch: pytest.MonkeyPatch, kind: str, workers: bool
) -> None:
    """Failed before decision 199: each row converts, so the sheet was read whole (100,000 rows) and converted, and
    refused only as its rows were assembled into declarations (each one's id, empty, seen in the row before)."""
    path = ones[kind]
    if kind == "our own XML":
        with zipfile.ZipFile(path) as archive:
            assert parse_own_sheet([archive.read(oversized.DECLARATIONS_PART)], DECLARATION_LIMITS) is not None
    _never_converted(monkeypatch)
    error = reading_refused(path, workers)
    if not workers:
        assert 0 < watched.most < JUNK_ROWS // 2  # the first pieces' rows, not the sheet's 100,000
    assert (error.code, error.exit_code, error.fields["limit"]) == ("too_many_problems", 2, BOUND)
    assert error.fields["sheet"] == DECLARATIONS_SHEET
    # The first junk row (row 29) takes the empty id; each later one repeats it: past BOUND at the BOUND + 1st.
    junk_start = 3 + 26
    assert int(error.fields["row"]) == junk_start + BOUND + 1
    english = Translator("en")(error.message, **error.fields)
    assert english.startswith(f"The workbook ones.xlsx has more than {BOUND} problems (reading stopped at ")


def test_rows_that_cannot_be_declarations_within_the_bound_are_reported_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below the bound nothing changes: the rows are read, converted and assembled, each repeat of the empty id
    reported as a declaration that appears twice."""
    path = build(tmp_path / "ones.xlsx", 600, far=False, raise_counts=True, ones=True)
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", 10_000)
    read = read_workbook(path)
    repeated = [p for p in read.problems if p.code == "declaration.duplicate"]
    assert [p.row for p in repeated] == list(range(30, 601))
    assert {p.params["id"] for p in repeated} == {""}


def test_the_bound_is_passed_where_assembly_passes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The floor counts no more than the careful path reports: with the bound at the problems of 600 junk rows (571
    repeated ids), that file is read and assembled; one more row and both the floor and the careful path refuse it."""
    path = build(tmp_path / "ones.xlsx", 600, far=False, raise_counts=True, ones=True)
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", 571)
    read = read_workbook(path)
    assert len([p for p in read.problems if p.code == "declaration.duplicate"]) == 571
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", 570)
    with pytest.raises(TooManyProblems) as caught:
        read_workbook(path)
    assert (caught.value.fields["sheet"], caught.value.fields["row"]) == (DECLARATIONS_SHEET, 600)


def test_what_the_floor_counts_of_repeated_ids_is_what_the_assembly_reports() -> None:
    """A declaration id a row above holds counts one: as a text, or, for a value that is not a text, the id it
    converts to ("" where it fails, as the assembly reads the row kept without it), or the empty id of a row too
    short to hold the cell. A text that only converts to an id seen (" a") is not counted: a floor."""
    keys = [c.key for c in layout(1).sheets[DECLARATIONS_SHEET]]
    keys = [*keys[1:], keys[0]]  # the declaration id last: a row may end before it
    version, count = keys.index("version"), keys.index("interest_count")

    def row(declaration_id: object) -> list[object]:
        values: list[object] = [""] * len(keys)
        values[version], values[count], values[-1] = "1", "0", declaration_id
        return values

    rows = [row("a"), row("b"), row("a"), row(1), row(True), row(1.0), row(""), row(" a")]
    [floor] = floors_for((DECLARATIONS_SHEET,)).values()
    floor.bound = 100
    floor([["headings"], keys, *rows])
    assert floor.located is not None
    # The second "a"; 1 converts to no id (""), which True, 1.0 and "" repeat; " a" is another text.
    assert [c for _first, _positions, c in floor.located] == [[4, 0]]
    floor([["headings"], keys, *rows, row("c")[:-1]])  # the tables pad it with None: the empty id
    assert [c for _first, _positions, c in floor.located] == [[5, 0]]


def test_what_the_floor_counts_of_interest_questions_is_what_the_assembly_reports() -> None:
    """An interest row whose question is none of the form's (empty, another word, a number) counts one; a word or
    a code of the form's does not, nor one that converts to it; interests repeat their declaration's id freely."""
    keys = [c.key for c in layout(1).sheets[INTERESTS_SHEET]]
    row_no, question = keys.index("row_no"), keys.index("question")

    def row(asked: object) -> list[object]:
        values: list[object] = ["d1"] + [""] * (len(keys) - 1)
        values[row_no], values[question] = "1", asked
        values[keys.index("relation")], values[keys.index("status")] = "子女", "经营中"  # counted too (decision 203)
        return values

    fine = [row("亲属经商办企业"), row("relatives_business"), row(" 本人经商办企业 ")]
    wrong = [row(""), row("亲属"), row(1), row(None)]
    [floor] = floors_for((INTERESTS_SHEET,)).values()
    floor.bound = 100
    floor([["headings"], keys, *fine, *wrong])
    assert floor.located is not None
    assert [c for _first, _positions, c in floor.located] == [[4, 0]]
    floor.bound = 4
    with pytest.raises(ReadStopped) as caught:
        floor([["headings"], keys, *fine, *wrong, row("x")])
    assert caught.value.row == 2 + len(fine) + len(wrong) + 1


#: A junk interest row of ``1`` in the row number (B) and nothing else.
ONE_ROW = b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>1</t></is></c></row>'
#: A junk interest row holding an id, ``1`` in the row number and one of the form's questions, nothing else: only its
#: relation (empty) refuses it (decision 203).
ASKED_ROW = (
    b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>d1</t></is></c><c r="B%d" t="inlineStr"><is><t>1</t></is></c>'
    + '<c r="E%d" t="inlineStr"><is><t>亲属经商办企业</t></is></c></row>'.encode()
)


def _interest_ones(target: Path, rows: int, junk: bytes = ONE_ROW) -> Path:
    """The unit export with its cover's interests count raised (the batch re-signed by a fresh key) and junk rows
    (``junk``, its row number in each of its ``%d``) on its interests sheet, in our own XML."""
    content = read_workbook(UNIT).content
    exporter = content.cover["exporter_fingerprint"]
    keys = [
        dataclasses.replace(k, fingerprint=FRESH.fingerprint, public_key=FRESH.public_key)
        if k.fingerprint == exporter
        else k
        for k in content.keys
    ]
    cover = {**content.cover, "exporter_fingerprint": FRESH.fingerprint, "interests": str(rows)}
    unsigned = WorkbookContent(cover, content.declarations, keys, content.missing)
    source = target.with_name("raised-interests.xlsx")
    write_workbook(source, dataclasses.replace(unsigned, batch_signature=FRESH.sign(batch_payload(unsigned))))

    def change(name: str, data: bytes) -> Iterator[bytes] | None:
        if name != "xl/worksheets/sheet3.xml":  # the interests sheet
            return None
        at = data.rindex(b"</sheetData>")
        last = int(re.findall(rb'<row r="([0-9]+)"', data)[-1])

        def pieces() -> Iterator[bytes]:
            yield data[:at]
            places = junk.count(b"%d")
            yield from oversized._batched(junk % ((n,) * places) for n in range(last + 1, rows + 1))
            yield data[at:]

        return pieces()

    return oversized._copy(source, target, change)


def _numeric_ones(target: Path, rows: int) -> Path:
    """The unit export made shared-string, its counts raised, with junk rows of the number 1 in the version (B) and
    interest count (T) cells: the streamed reader leaves a sheet with numbers to python-calamine."""
    source = raised_counts(target.with_name("raised-numbers.xlsx"), rows)
    resaved = oversized.as_shared_strings(source, target.with_name("resaved-numbers.xlsx"))

    def change(name: str, data: bytes) -> Iterator[bytes] | None:
        if name != oversized.DECLARATIONS_PART:
            return None
        at = data.rindex(b"</sheetData>")
        last = int(re.findall(rb'<row r="([0-9]+)"', data)[-1])

        def pieces() -> Iterator[bytes]:
            yield data[:at]
            row = b'<row r="%d"><c r="B%d"><v>1</v></c><c r="T%d"><v>1</v></c></row>'
            yield from oversized._batched(row % (n, n, n) for n in range(last + 1, rows + 1))
            yield data[at:]

        return pieces()

    return oversized._copy(resaved, target, change)


@pytest.mark.parametrize("workers", [False, True])
def test_rows_python_calamine_reads_are_counted_before_their_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: bool
) -> None:
    """Failed before decision 199: a sheet python-calamine reads (the streamed reader does not take numbers) had no
    floor, so its junk rows were converted and assembled before the bound refused them. Its rows are still read
    whole (python-calamine gives a sheet at once, within its cells cap), but counted before they are converted."""
    path = _numeric_ones(tmp_path / "numbers.xlsx", 20_000)
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", BOUND)
    _never_converted(monkeypatch)
    error = reading_refused(path, workers)
    assert (error.fields["sheet"], error.fields["row"]) == (DECLARATIONS_SHEET, 3 + 26 + BOUND + 1)


def test_an_import_of_rows_that_cannot_be_declarations_is_refused_while_they_are_read(
    ones: dict[str, Path],
    watched: type[_Held],
    monkeypatch: pytest.MonkeyPatch,
    demo_store_template: Path,
    tmp_path: Path,
) -> None:
    """The window's import (its pipeline's plan, then its careful path) stops while reading, and stores nothing."""
    from tests.services.inspection.test_import_paths_agree import _rows

    _never_converted(monkeypatch)
    world = DemoWorld(Path(shutil.copytree(demo_store_template, tmp_path / "store")), tmp_path / "throttle.json")
    try:
        inspector = world.login(INSPECTOR)
        before = _rows(inspector)
        with ProcessPoolExecutor(2) as pool, pytest.raises(TooManyProblems) as caught:
            import_workbook(inspector, ones["shared strings"], executor=pool)
        assert _rows(inspector) == before
    finally:
        world.close()
    assert (caught.value.fields["sheet"], caught.value.fields["row"]) == (DECLARATIONS_SHEET, 3 + 26 + BOUND + 1)


def test_verify_refuses_rows_that_cannot_be_declarations_past_the_real_bound(tmp_path: Path) -> None:
    """The ``verify`` command at the real bound (100,000): exit 2, one sentence, at the row where the repeated
    ids passed it (the careful path names the same row: the floor counts what the assembly reports)."""
    bound = problems_module.MAX_PROBLEMS
    path = build(tmp_path / "ones.xlsx", bound + 3_000, far=False, raise_counts=True, ones=True)
    env = clean_env(tmp_path, PYTHONPATH=str(ROOT), OFFICER_DECLARE_LANG="en")
    measured = run_measured([sys.executable, "-m", "desktop", "verify", str(path)], env, tmp_path, timeout=300)
    assert measured.code == 2, measured.err
    lines = (measured.out + measured.err).strip().splitlines()
    assert len(lines) == 1, lines[:3]
    assert f"more than {bound} problems (reading stopped at {DECLARATIONS_SHEET}, row {3 + 26 + bound + 1})" in lines[0]


def test_interest_rows_that_cannot_be_read_are_refused_while_they_are_read(
    tmp_path: Path, watched: type[_Held], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failed before decision 199: junk interest rows of ``1`` in the row number convert, and were refused only as
    interests were built (each one's question, empty), after every sheet was read and converted."""
    path = _interest_ones(tmp_path / "interests.xlsx", JUNK_ROWS)
    _never_converted(monkeypatch)
    with pytest.raises(TooManyProblems) as caught:
        read_workbook(path)
    assert 0 < watched.most < JUNK_ROWS // 2
    assert caught.value.fields["sheet"] == INTERESTS_SHEET
    assert int(caught.value.fields["row"]) == 2 + 17 + BOUND + 1  # the unit's 17 interests, then the junk


def test_interest_rows_refused_for_their_relation_are_refused_while_they_are_read(
    tmp_path: Path, watched: type[_Held], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failed before decision 203: junk interest rows holding an id, a row number and a question of the form, nothing
    else, were refused only as interests were built (each one's relation, empty), after the whole sheet was read."""
    path = _interest_ones(tmp_path / "interests.xlsx", JUNK_ROWS, ASKED_ROW)
    _never_converted(monkeypatch)
    with pytest.raises(TooManyProblems) as caught:
        read_workbook(path)
    assert 0 < watched.most < JUNK_ROWS // 2
    assert caught.value.fields["sheet"] == INTERESTS_SHEET
    assert int(caught.value.fields["row"]) == 2 + 17 + BOUND + 1  # the unit's 17 interests, then the junk


def test_interest_rows_refused_for_their_relation_within_the_bound_are_reported_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below the bound nothing changes: each such row is read, converted and reported as an interest row that cannot
    be read, for its relation; at exactly its count the file is read, one less refuses it at the same row."""
    path = _interest_ones(tmp_path / "interests.xlsx", 600, ASKED_ROW)
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", 581)
    read = read_workbook(path)
    invalid = [p for p in read.problems if p.code == "interest.invalid"]
    # The junk rows name one id: past its 200th, each is one too many instead (decision 234), one problem either way.
    assert [p.row for p in invalid] == list(range(20, 220))
    assert [p.row for p in read.problems if p.code == "interest.too_many"] == list(range(220, 601))
    assert all(str(p.params["reason"]).startswith("relation: ") for p in invalid)
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", 580)
    with pytest.raises(TooManyProblems) as caught:
        read_workbook(path)
    assert (caught.value.fields["sheet"], caught.value.fields["row"]) == (INTERESTS_SHEET, 600)


def test_what_the_floor_counts_of_interest_relations_and_statuses_is_what_the_assembly_reports() -> None:
    """An interest row whose relation or status is none of the form's counts one, once (the row cannot be read on
    any form version); a word or code of the form's does not, nor the row's role (its column differs by version)."""
    keys = [c.key for c in layout(1).sheets[INTERESTS_SHEET]]
    at = {key: keys.index(key) for key in ("row_no", "question", "relation", "status", "role")}

    def row(relation: object, status: object, role: object = "") -> list[object]:
        values: list[object] = ["d1"] + [""] * (len(keys) - 1)
        values[at["row_no"]], values[at["question"]] = "1", "亲属经商办企业"
        values[at["relation"]], values[at["status"]], values[at["role"]] = relation, status, role
        return values

    fine = [row("子女", "经营中"), row("child", "经营中", "x"), row(" 配偶 ", "经营中")]
    wrong = [row("", "经营中"), row("子女", ""), row("", ""), row(3, "经营中"), row("子女", "关门")]
    [floor] = floors_for((INTERESTS_SHEET,)).values()
    floor.bound = 100
    floor([["headings"], keys, *fine, *wrong])
    assert floor.located is not None
    assert [c for _first, _positions, c in floor.located] == [[5, 0]]


def test_what_the_floor_counts_of_family_relations_is_what_the_assembly_reports() -> None:
    """A family row whose relation is none of the form's counts one (the member cannot be read); a word or a code
    of the form's does not."""
    keys = [c.key for c in layout(2, 2).sheets[FAMILY_SHEET]]
    relation = keys.index("relation")

    def row(said: object) -> list[object]:
        values: list[object] = ["d1", "F1"] + [""] * (len(keys) - 2)
        values[relation] = said
        return values

    [floor] = floors_for((FAMILY_SHEET,)).values()
    floor.bound = 100
    floor([["headings"], keys, row("配偶"), row("spouse"), row(""), row("妻子"), row(2)])
    assert floor.located is not None
    assert [c for _first, _positions, c in floor.located] == [[3, 0]]


def test_a_real_form_2_workbook_counts_nothing(tmp_path: Path) -> None:
    """A form 2 export (family members, several roles): no row of its three large sheets is counted (each sheet
    given with empty rows after it, which count nothing, so that its floor looks for its row of keys)."""
    from python_calamine import CalamineWorkbook

    path = write_form2_workbook(tmp_path / "form2.xlsx")
    assert not read_workbook(path).problems
    workbook = CalamineWorkbook.from_path(str(path))
    for sheet, floor in floors_for((DECLARATIONS_SHEET, INTERESTS_SHEET, FAMILY_SHEET)).items():
        rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        assert len(rows) > 2, sheet
        floor([*rows, *([[]] * 5)])
        assert floor.located, sheet
        assert all(count == [0, 0] for _first, _positions, count in floor.located), sheet


def test_declaration_rows_with_their_own_ids_are_declarations_to_the_careful_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why the floor leaves junk declaration rows each holding its own id uncounted (decision 203): the careful path
    reads each as a declaration, with no problem of the reading, however low the bound."""
    path = build(tmp_path / "unique.xlsx", 600, far=False, raise_counts=True, unique=True)
    monkeypatch.setattr(problems_module, "MAX_PROBLEMS", 10)
    read = read_workbook(path)
    assert read.problems == []
    assert len(read.content.declarations) == 26 + 600 - 28  # the unit's 26, then rows 29 to 600
