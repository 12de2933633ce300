"""A plan made from packed sheets (decision 215) gives the very chunks a plan from the rows gives: each BlockChunk,
unpacked in its worker, is the Chunk the same rows make, across block boundaries, with empty rows, on form 2's family
rows, and where the interest rows are out of the declarations' order (then grouped from the unpacked rows). The
hostile edits are made on the rows (packed with pack_rows) and, at the end, on the sheets' XML of a small export (packed
by the parser, in a forkserver pool's workers as the program reads it)."""

from __future__ import annotations

import random
import re
import zipfile
from array import array
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import pairwise
from pathlib import Path

import pytest

from desktop.exchange.workbook import reader
from desktop.exchange.workbook.chunks import BlockChunk, BlockRecords, Chunk, plan_chunks
from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET
from desktop.exchange.workbook.reader import DECLARATION_LIMITS, STRICT_SHEETS, packing_for, read_workbook_as
from desktop.exchange.workbook.table import KEY_ROW_SEARCH
from desktop.exchange.xlsx import packed_sheet
from desktop.exchange.xlsx.own_sheets import read_own_sheet
from desktop.exchange.xlsx.packed_sheet import PackedSheet, pack_rows
from desktop.exchange.xlsx.sheet_parts import unambiguous_parts
from desktop.services.inspection.import_workers import start_method
from tests.exchange.workbook.form2_workbook import form2_content, golden_declaration, signed_entry, write_form2_workbook

UNIT = Path(__file__).resolve().parents[2] / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"
Edit = Callable[[list[list[str]]], list[list[str]]]


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packed_sheet, "BLOCK_ROWS", 3)  # chunks of 3 declarations span blocks, and share them


@pytest.fixture(scope="module")
def form2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    entries = [signed_entry(golden_declaration(), declaration_id=f"{index:032x}") for index in range(8)]
    return write_form2_workbook(tmp_path_factory.mktemp("form2") / "form2.xlsx", form2_content(entries))


def _unpacked(chunks: list[Chunk | BlockChunk]) -> list[Chunk]:
    return [chunk.chunk() if isinstance(chunk, BlockChunk) else chunk for chunk in chunks]


def _plan(path: Path, packed: bool, edit: tuple[str, Edit] | None = None, **kwargs: object) -> tuple[object, ...]:
    """The plan of ``path`` read with its sheets packed or not; ``edit``: one sheet's rows changed before the plan
    (and packed again where they were packed)."""

    def planned(opened: reader.OpenedWorkbook) -> tuple[object, ...] | None:
        if edit is not None:
            name, change = edit
            sheets: reader._Sheets = opened.sheets  # type: ignore[assignment]
            taken = sheets.pop_packed(name)
            rows = change(taken.rows() if taken is not None else sheets.pop(name))  # type: ignore[arg-type]
            sheets.own[name] = pack_rows(rows, packing_for(name)) if taken is not None else rows  # type: ignore[assignment]
        plan = plan_chunks(opened, per_chunk=3)
        if plan is None:
            return None
        return (plan.context, plan.keys, plan.missing, plan.batch_signature, plan.declarations, list(plan.chunks))

    return read_workbook_as(path, planned, packed=packed, **kwargs)  # type: ignore[arg-type]


def _same_plans(path: Path, edit: tuple[str, Edit] | None = None) -> list[Chunk | BlockChunk]:
    packed, plain = _plan(path, True, edit), _plan(path, False, edit)
    assert packed is not None
    assert plain is not None
    assert packed[:5] == plain[:5]
    chunks: list[Chunk | BlockChunk] = packed[5]  # type: ignore[assignment]
    assert len(chunks) > 2
    assert _unpacked(chunks) == plain[5]
    return chunks


@pytest.mark.parametrize("source", ["unit", "form2"])
def test_the_chunks_of_packed_sheets_are_the_chunks_of_their_rows(source: str, form2: Path) -> None:
    chunks = _same_plans(UNIT if source == "unit" else form2)
    assert all(isinstance(chunk, BlockChunk) for chunk in chunks)
    spanning = [chunk for chunk in chunks if len(chunk.declarations.blocks) > 1]  # type: ignore[union-attr]
    assert spanning  # a chunk's declarations in more than one block
    # a block at a chunk's end is also at the next one's start
    assert any(a.declarations.blocks[-1] is b.declarations.blocks[0] for a, b in pairwise(chunks))  # type: ignore[union-attr]
    if source == "form2":
        assert any(isinstance(c.members, BlockRecords) and c.members.numbers for c in chunks)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    """Workers as the program makes them (a forkserver on Linux): nothing set in this process reaches them but what
    their tasks carry."""
    with ProcessPoolExecutor(2, mp_context=start_method()) as workers:
        yield workers


def test_the_chunks_are_the_same_when_a_pool_packs_the_sheets(form2: Path, pool: ProcessPoolExecutor) -> None:
    packed = _plan(form2, True, executor=pool)
    assert packed is not None
    assert _unpacked(packed[5]) == _plan(form2, False)[5]  # type: ignore[index, arg-type]
    # the workers packed in blocks of 3 rows: the block size travels with the task
    assert len({id(block) for chunk in packed[5] for block in chunk.declarations.blocks}) > 2  # type: ignore[attr-defined]


def _first_data_row(rows: list[list[str]]) -> int:
    return next(index for index, row in enumerate(rows) if "declaration_id" in row) + 1


def _shuffled(rows: list[list[str]]) -> list[list[str]]:
    first = _first_data_row(rows)
    data = rows[first:]
    random.Random(7).shuffle(data)
    return rows[:first] + data


def _with_empty_rows(rows: list[list[str]]) -> list[list[str]]:
    first = _first_data_row(rows)
    empty = [""] * len(rows[0])
    return [*rows[: first + 1], empty, empty, *rows[first + 1 : -1], empty, *rows[-1:]]


@pytest.mark.parametrize("sheet", [INTERESTS_SHEET, FAMILY_SHEET])
def test_rows_out_of_the_declarations_order_are_grouped_from_the_unpacked_rows(sheet: str, form2: Path) -> None:
    chunks = _same_plans(form2, (sheet, _shuffled))
    grouped = [c.interests if sheet == INTERESTS_SHEET else c.members for c in chunks]  # type: ignore[union-attr]
    assert not any(isinstance(part, BlockRecords) for part in grouped)
    assert any(part[0] for part in grouped)  # type: ignore[index]


@pytest.mark.parametrize("sheet", STRICT_SHEETS)
def test_empty_rows_between_the_rows_are_left_out_alike(sheet: str, form2: Path) -> None:
    chunks = _same_plans(form2, (sheet, _with_empty_rows))
    assert all(isinstance(chunk, BlockChunk) for chunk in chunks)


@pytest.mark.parametrize("sheet", [INTERESTS_SHEET, FAMILY_SHEET])
def test_a_row_naming_no_declaration_gives_no_plan_either_way(sheet: str, form2: Path) -> None:
    def stray(rows: list[list[str]]) -> list[list[str]]:
        at = rows[_first_data_row(rows) - 1].index("declaration_id")
        last = list(rows[-1])
        last[at] = "f" * 32
        return [*rows[:-1], last]

    assert _plan(form2, True, (sheet, stray)) is None
    assert _plan(form2, False, (sheet, stray)) is None


def test_a_sheet_whose_columns_the_packer_placed_elsewhere_is_unpacked(form2: Path) -> None:
    def moved(rows: list[list[str]]) -> list[list[str]]:
        first = _first_data_row(rows)
        return [["", *row] for row in rows[:first]] + [["", *row] for row in rows[first:]]

    def misplaced(opened: reader.OpenedWorkbook) -> object:
        sheets: reader._Sheets = opened.sheets  # type: ignore[assignment]
        taken = sheets.pop_packed(DECLARATIONS_SHEET)
        assert taken is not None
        wrong = pack_rows(taken.rows(), packing_for(DECLARATIONS_SHEET))
        at, values = wrong.columns["declaration_id"]
        wrong.columns["declaration_id"] = (at + 1, values)
        sheets.own[DECLARATIONS_SHEET] = wrong
        plan = plan_chunks(opened, per_chunk=3)
        assert plan is not None
        return list(plan.chunks)

    chunks = read_workbook_as(form2, misplaced, packed=True)
    assert not any(isinstance(c, BlockChunk) and isinstance(c.declarations, BlockRecords) for c in chunks)
    assert _unpacked(chunks) == _plan(form2, False)[5]  # type: ignore[index]
    assert _same_plans(form2, (DECLARATIONS_SHEET, moved))


def test_packed_rows_come_back_whole() -> None:
    rows = [["h1", "h2", "h3"], ["declaration_id", "x", "signer_fingerprint"]]
    rows += [[f"d{index}", "", "k"] if index % 3 else ["", "", ""] for index in range(7)]
    packed = pack_rows(rows, packing_for(DECLARATIONS_SHEET))
    assert isinstance(packed, PackedSheet)
    assert (len(packed), packed.width, len(packed.blocks), packed.block_rows) == (9, 3, 3, 3)
    assert packed.key_row == 1
    assert packed.head == rows[:KEY_ROW_SEARCH]
    assert packed.columns == {
        "declaration_id": (0, [r[0] for r in rows]),
        "signer_fingerprint": (2, [r[2] for r in rows]),
    }
    assert packed.empty == [2, 5, 8]
    assert packed.rows() == rows
    empty = pack_rows([], packing_for(DECLARATIONS_SHEET))
    assert (empty.rows(), empty.blocks, empty.key_row, empty.columns) == ([], [], -1, {})


@pytest.mark.parametrize("sheet", STRICT_SHEETS)
def test_a_sheet_packed_while_it_is_parsed_is_the_sheet_packed_after(sheet: str, form2: Path) -> None:
    with zipfile.ZipFile(form2) as archive, form2.open("rb") as handle:
        part = dict(unambiguous_parts(archive, form2.name, (sheet,)))[sheet]
        info = archive.getinfo(part)
        rows = read_own_sheet(handle, info, form2.name, DECLARATION_LIMITS)
        seen: list[int] = []
        packed = read_own_sheet(
            handle, info, form2.name, DECLARATION_LIMITS, lambda so_far: seen.append(len(so_far)), packing_for(sheet)
        )
    assert isinstance(rows, list)
    assert isinstance(packed, PackedSheet)
    assert packed == pack_rows(rows, packing_for(sheet))
    assert len(packed.blocks) > 2
    assert seen[-1] == len(rows)


def test_unpacking_a_packed_sheet_lets_its_blocks_go() -> None:
    rows = [["h1", "h2"], ["declaration_id", "signer_fingerprint"], *([f"d{index}", "k"] for index in range(7))]
    packed = pack_rows(rows, packing_for(DECLARATIONS_SHEET))
    assert len(packed.blocks) == 3
    assert packed.rows() == rows
    assert packed.blocks == []  # each block dropped as it was unpacked: the rows and the blocks are never both held
    with pytest.raises(ValueError, match="once"):
        packed.rows()  # never an empty sheet in its place


def test_a_packed_sheet_asked_for_as_rows_is_kept_as_rows(form2: Path) -> None:
    def asked(opened: reader.OpenedWorkbook) -> tuple[object, ...]:
        sheets: reader._Sheets = opened.sheets  # type: ignore[assignment]
        first = sheets[DECLARATIONS_SHEET]  # as count_held asks for it (decision 217)
        return first, sheets[DECLARATIONS_SHEET], sheets.pop_packed(DECLARATIONS_SHEET), sheets.pop(DECLARATIONS_SHEET)

    first, again, packed, popped = read_workbook_as(form2, asked, packed=True)
    assert first == again == popped
    assert len(first) > 8  # type: ignore[arg-type]
    assert packed is None  # the plan then plans from the rows


# -- the same hostile edits made on the sheets' XML, packed by the parser in a forkserver pool ------------------------


def _rezipped(source: Path, target: Path, sheet: str, change: Callable[[list[bytes]], list[bytes]]) -> Path:
    """``source`` with the rows of ``sheet`` (each its cells' XML) changed by ``change``, numbered again."""
    with zipfile.ZipFile(source) as old:
        part = dict(unambiguous_parts(old, source.name, (sheet,)))[sheet]
        parts = {info.filename: old.read(info) for info in old.infolist()}
    before, rest = parts[part].split(b"<sheetData>")
    body, after = rest.split(b"</sheetData>")
    rows = re.findall(rb"<row r=\"\d+\">(.*?)</row>", body, re.S)
    assert b"".join(_row(number, cells) for number, cells in enumerate(rows, 1)) == body  # every row seen
    numbered = b"".join(_row(number, cells) for number, cells in enumerate(change(rows), 1))
    parts[part] = before + b"<sheetData>" + numbered + b"</sheetData>" + after
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return target


def _row(number: int, cells: bytes) -> bytes:
    cells = re.sub(rb'<c r="([A-Z]+)[0-9]+"', lambda cell: b'<c r="%s%d"' % (cell[1], number), cells)
    return b'<row r="%d">%s</row>' % (number, cells)


def _first_text(cells: bytes, text: bytes) -> bytes:
    return re.sub(rb"<t>[^<]*</t>", b"<t>" + text + b"</t>", cells, count=1)


def _xml_edits() -> dict[str, tuple[str, Callable[[list[bytes]], list[bytes]]]]:
    def shuffled(rows: list[bytes]) -> list[bytes]:
        data = rows[2:]
        random.Random(7).shuffle(data)
        return rows[:2] + data

    return {
        # a copy of the headings above them, its first cell naming declaration_id (decision 220's open finding)
        "above": (DECLARATIONS_SHEET, lambda rows: [_first_text(rows[0], b"declaration_id"), *rows]),
        "empty": (DECLARATIONS_SHEET, lambda rows: [*rows[:3], b"", b"", *rows[3:-1], b"", rows[-1]]),
        "interests shuffled": (INTERESTS_SHEET, shuffled),
        "family shuffled": (FAMILY_SHEET, shuffled),
        "family empty": (FAMILY_SHEET, lambda rows: [*rows[:2], b"", *rows[2:]]),
        "stray interest": (INTERESTS_SHEET, lambda rows: [*rows[:-1], _first_text(rows[-1], b"f" * 32)]),
        "stray member": (FAMILY_SHEET, lambda rows: [*rows[:-1], _first_text(rows[-1], b"f" * 32)]),
    }


@pytest.mark.parametrize("edit", list(_xml_edits()))
def test_edited_xml_packed_by_the_workers_plans_as_its_rows(
    edit: str, form2: Path, pool: ProcessPoolExecutor, tmp_path: Path
) -> None:
    sheet, change = _xml_edits()[edit]
    path = _rezipped(form2, tmp_path / form2.name, sheet, change)

    def read_packed(opened: reader.OpenedWorkbook) -> bool:
        return isinstance(opened.sheets.pop_packed(sheet), PackedSheet)

    assert read_workbook_as(path, read_packed, packed=True, executor=pool)  # the parser took the edited XML
    packed, plain = _plan(path, True, executor=pool), _plan(path, False)
    if edit.startswith("stray"):
        assert packed is None
        assert plain is None
        return
    assert packed is not None
    assert plain is not None
    assert packed[:5] == plain[:5]
    assert _unpacked(packed[5]) == plain[5]  # type: ignore[arg-type]
    blocked = [c for c in packed[5] if isinstance(c, BlockChunk) and isinstance(c.declarations, BlockRecords)]  # type: ignore[attr-defined]
    assert len(blocked) == len(packed[5])  # type: ignore[arg-type]  # planned from the blocks, not unpacked
    assert len({id(block) for c in blocked for block in c.declarations.blocks}) > 2  # type: ignore[union-attr]  # of 3 rows
    if edit.endswith("shuffled"):
        grouped = [c.interests if sheet == INTERESTS_SHEET else c.members for c in blocked]
        assert not any(isinstance(part, BlockRecords) for part in grouped)


def test_a_chunk_of_blocks_holds_its_row_numbers_and_ids_compactly(form2: Path) -> None:
    # Held by the calling process for every chunk from the plan until each is sent: as Python ints and texts they
    # were 11 and 4 MB of small objects at 50,000 form-2 declarations (decision 225).
    chunks = _same_plans(form2)
    parts = [part for c in chunks for part in (c.declarations, c.interests, c.members)]  # type: ignore[union-attr]
    blocked = [part for part in parts if isinstance(part, BlockRecords)]
    assert blocked
    assert all(isinstance(part.numbers, array) and part.numbers.itemsize == 8 for part in blocked)
    assert all(isinstance(chunk.raw_ids, bytes) for chunk in chunks)  # one object, not a text object per declaration
    assert all(type(chunk.chunk().declarations[0]) is list for chunk in chunks)  # type: ignore[union-attr]  # as the rows'
