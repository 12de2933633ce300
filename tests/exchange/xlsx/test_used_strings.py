"""The streamed reader keeps only the shared strings its sheets may use (decision 165), and still reads exactly what
python-calamine reads: hostile values (Excel escapes, rich text runs, empty strings, astral characters, references
to surrogates), strings used twice or never, and indices split between two of the inflater's 1 MB pieces; a table
no cell uses costs one byte a string; rows read without padding are calamine's rows up to their last value."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from desktop.exchange.workbook.reader import DECLARATION_LIMITS
from desktop.exchange.xlsx.plain_sheets import read_plain_sheet, shared_strings, used_strings
from tests.exchange.xlsx.test_plain_sheets import _both, _package

SHEET = "xl/worksheets/sheet1.xml"

#: Shared string items, hostile ones among them, each as XML.
_ITEMS = [
    "<si><t/></si>",  # an empty string
    '<si><t xml:space="preserve"> </t></si>',
    "<si><t>张三</t></si>",
    "<si><t>𠀀𠀁 astral</t></si>",  # two characters outside the BMP (surrogate pairs in UTF-16)
    "<si><t>&#x20000;&#65279;&#160;x</t></si>",  # an astral character, a BOM and a no-break space as references
    '<si><r><rPr><sz val="11"/></rPr><t>富</t></r><r><t xml:space="preserve"> 文本 </t></r></si>',  # rich runs
    '<si><r><t xml:space="preserve">a </t></r><r><t>run</t></r></si>',
    "<si><t>a &lt; b &amp; c</t></si>",
    "<si><t>line&#10;break</t></si>",
    "<si><t>110101199003077777</t></si>",
]


def _sheet_using(indices: list[int]) -> str:
    return "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>{index}</v></c></row>' for n, index in enumerate(indices, 1))


@pytest.mark.parametrize("seed", range(10))
def test_strings_used_in_any_order_read_as_calamine_reads_them(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    items = [*_ITEMS, *(f"<si><t>unused {n}</t></si>" for n in range(20))]
    used = [rng.randrange(len(_ITEMS)) for _ in range(rng.randint(1, 30))]  # some twice, the "unused" ones never
    mine, theirs = _both(_package(tmp_path / "s.xlsx", _sheet_using(used), items))
    assert mine is not None
    assert mine == theirs


@pytest.mark.parametrize(
    "item",
    [
        "<si><t>_x000D_</t></si>",  # an Excel escape, which calamine decodes
        "<si><t>&#xD800;</t></si>",  # a reference to a lone surrogate, which calamine refuses
        "<si><r><t>_x0041_</t></r></si>",
        "<si><r><t/></r><r><t>run</t></r></si>",  # an empty run, which this reader does not take
    ],
)
def test_a_string_no_cell_uses_is_still_checked_as_before(tmp_path: Path, item: str) -> None:
    """The sheet is left to calamine (None) as before the table kept only used strings, not read past the item."""
    path = _package(tmp_path / "s.xlsx", _sheet_using([0]), ["<si><t>used</t></si>", item])
    with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        assert read_plain_sheet(handle, archive, SHEET, path.name, DECLARATION_LIMITS) is None


def test_indices_split_between_two_pieces_are_kept(tmp_path: Path) -> None:
    """About 3 MB of sheet XML: several of the 1 MB pieces end inside a cell's <v>."""
    items = [f"<si><t>text {n}</t></si>" for n in range(60_000)]
    path = _package(tmp_path / "big.xlsx", _sheet_using(list(range(60_000))), items)
    mine, theirs = _both(path)
    assert mine is not None
    assert mine == theirs


def test_a_table_no_cell_uses_costs_a_byte_a_string(tmp_path: Path) -> None:
    items = [f"<si><t>{n:0112d}</t></si>" for n in range(50_000)]
    path = _package(tmp_path / "t.xlsx", _sheet_using([7, 49_999]), items)
    with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        used = used_strings(handle, archive, [SHEET], path.name, DECLARATION_LIMITS)
        table = shared_strings(handle, archive, path.name, DECLARATION_LIMITS, used)
        whole = shared_strings(handle, archive, path.name, DECLARATION_LIMITS)
    assert table is not None
    assert whole is not None
    assert len(table) == len(whole) == 50_000
    assert [n for n, text in enumerate(table) if text is not None] == [7, 49_999]
    assert (table[7], table[49_999]) == (whole[7], whole[49_999])


def test_rows_without_padding_are_calamine_s_up_to_their_last_value(tmp_path: Path) -> None:
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="D1" t="s"><v>1</v></c></row>'
        '<row r="3"><c r="B3" t="s"><v>1</v></c></row><row r="4"><c r="A4" s="2"/></row>'
    )
    path = _package(tmp_path / "p.xlsx", rows, ["<si><t>a</t></si>", "<si><t>b</t></si>"])
    mine, theirs = _both(path)
    with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        bare = read_plain_sheet(handle, archive, SHEET, path.name, DECLARATION_LIMITS, padded=False)
    assert bare == [["a", "", "", "b"], [], ["", "b"]]
    assert mine == theirs == [row + [""] * (4 - len(row)) for row in bare]
