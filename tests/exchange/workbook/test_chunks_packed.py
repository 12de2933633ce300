"""A plan made from packed sheets (decision 215) gives the very chunks a plan from the rows gives: each BlockChunk,
unpacked in its worker, is the Chunk the same rows make, across block boundaries, with empty rows, on form 2's family
rows, and where the interest rows are out of the declarations' order (then grouped from the unpacked rows)."""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from itertools import pairwise
from pathlib import Path

import pytest

from desktop.exchange.workbook import reader
from desktop.exchange.workbook.chunks import BlockChunk, BlockRecords, Chunk, plan_chunks
from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET
from desktop.exchange.workbook.reader import DECLARATION_LIMITS, PLANNED_COLUMNS, STRICT_SHEETS, read_workbook_as
from desktop.exchange.workbook.table import KEY_ROW_SEARCH
from desktop.exchange.xlsx import packed_sheet
from desktop.exchange.xlsx.own_sheets import read_own_sheet
from desktop.exchange.xlsx.packed_sheet import PackedSheet, Packing, pack_rows
from desktop.exchange.xlsx.sheet_parts import unambiguous_parts
from tests.exchange.workbook.form2_workbook import form2_content, golden_declaration, signed_entry, write_form2_workbook

UNIT = Path(__file__).resolve().parents[2] / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"
PACKING = Packing(KEY_ROW_SEARCH, PLANNED_COLUMNS)
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
            sheets.own[name] = pack_rows(rows, PACKING) if taken is not None else rows  # type: ignore[assignment]
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


def test_the_chunks_are_the_same_when_a_pool_packs_the_sheets(form2: Path) -> None:
    with ProcessPoolExecutor(2) as pool:
        packed = _plan(form2, True, executor=pool)
    assert packed is not None
    assert _unpacked(packed[5]) == _plan(form2, False)[5]  # type: ignore[index, arg-type]


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
        wrong = pack_rows(taken.rows(), PACKING)
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
    packed = pack_rows(rows, PACKING)
    assert isinstance(packed, PackedSheet)
    assert packed.rows() == rows
    assert (len(packed), packed.width, len(packed.blocks), packed.block_rows) == (9, 3, 3, 3)
    assert packed.key_row == 1
    assert packed.head == rows[:KEY_ROW_SEARCH]
    assert packed.columns == {
        "declaration_id": (0, [r[0] for r in rows]),
        "signer_fingerprint": (2, [r[2] for r in rows]),
    }
    assert packed.empty == [2, 5, 8]
    empty = pack_rows([], PACKING)
    assert (empty.rows(), empty.blocks, empty.key_row, empty.columns) == ([], [], -1, {})


@pytest.mark.parametrize("sheet", STRICT_SHEETS)
def test_a_sheet_packed_while_it_is_parsed_is_the_sheet_packed_after(sheet: str, form2: Path) -> None:
    with zipfile.ZipFile(form2) as archive, form2.open("rb") as handle:
        part = dict(unambiguous_parts(archive, form2.name, (sheet,)))[sheet]
        info = archive.getinfo(part)
        rows = read_own_sheet(handle, info, form2.name, DECLARATION_LIMITS)
        seen: list[int] = []
        packed = read_own_sheet(
            handle, info, form2.name, DECLARATION_LIMITS, lambda so_far: seen.append(len(so_far)), PACKING
        )
    assert isinstance(rows, list)
    assert isinstance(packed, PackedSheet)
    assert packed == pack_rows(rows, PACKING)
    assert len(packed.blocks) > 2
    assert seen[-1] == len(rows)
