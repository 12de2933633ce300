"""A row of inline texts taken whole (inline_cells, decision 243) gives exactly the values of the careful reading
cell by cell (plain_sheets' ``_other_cells``) and the same refusals: seeded random rows of the form our own writer
and openpyxl write, each mutated the ways a hostile or another program's file differs (a property-based comparison
without hypothesis, which is not in the environment), and whole sheets against python-calamine."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from desktop.exchange.workbook.reader import DECLARATION_LIMITS
from desktop.exchange.xlsx import inline_cells
from desktop.exchange.xlsx.plain_sheets import _NotPlain, _Rows, read_plain_sheet
from desktop.exchange.xlsx.sheet_scan import column_letter
from tests.exchange.xlsx.test_plain_sheets import _package

#: Texts as they stand in the XML: plain, Chinese, astral, markup characters as references and not, white space,
#: Excel escapes, quotes, what looks like a style, and characters XML forbids.
_RAW_TEXTS = [
    "是",
    "经营中",
    "510121198408055253",
    "0000000000000000000000000000008c",
    "2024-07-07",
    "𠀀 astral",
    "a &lt; b &amp; c",
    "&#13;",
    "&#x0;",
    "&bogus;",
    "a & b",
    "_x000D_",
    "x_x",
    " lead",
    "trail ",
    "\ttab",
    "nl\n",
    "in\nside",
    "cr\rinside",
    '"quoted"',
    'a s="3" b',
    'a s="',
    "a > b",
    "]]>",
    "nul\x00",
    "",
    "x" * 32_767,
    "x" * 32_768,
]


def _cell(letters: str, row: int, text: str, rng: random.Random) -> str:
    return f'<c r="{letters}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


#: Ways a cell of another program or a hostile file differs from the form taken whole.
_MUTATIONS = [
    lambda c, r: c.replace(' t="inlineStr"', ' s="3" t="inlineStr"'),
    lambda c, r: c.replace(' t="inlineStr"', ' t="inlineStr" s="3"'),
    lambda c, r: c.replace(' t="inlineStr"', ' s="3" t="inlineStr" s="4"'),
    lambda c, r: c.replace("<t>", '<t xml:space="preserve">'),
    lambda c, r: c.replace("<is><t>", "<is><r><t>").replace("</t></is>", "</t></r></is>"),
    lambda c, r: c.replace(' t="inlineStr"><is><t>', ' t="s"><v>0</v>').split("</v>")[0] + "</v></c>",
    lambda c, r: c.replace(' t="inlineStr"><is><t>', ' t="str"><v>').replace("</t></is>", "</v>"),
    lambda c, r: c.replace(' t="inlineStr"><is><t>', ' t="n"><v>1').replace("</t></is>", "</v>"),
    lambda c, r: c.replace(' t="inlineStr"><is><t>', ' t="b"><v>1').replace("</t></is>", "</v>"),
    lambda c, r: c.replace(' t="inlineStr"><is><t>', ' t="e"><v>#N/A').replace("</t></is>", "</v>"),
    lambda c, r: c.replace(' t="inlineStr"', ""),
    lambda c, r: c.replace('<c r="', '<c  r="'),
    lambda c, r: c.replace('<c r="', "<c r='").replace('" t="inlineStr"', '\' t="inlineStr"'),
    lambda c, r: c.replace('<c r="', '<x:c r="').replace("</c>", "</x:c>"),
    lambda c, r: c.replace("<is>", "<x:is>").replace("</is>", "</x:is>"),
    lambda c, r: c.replace('<c r="', '<c t="inlineStr" r="').replace('" t="inlineStr"><is>', '"><is>'),
    lambda c, r: c.replace(f'{r}" t=', '" t='),  # no row
    lambda c, r: c.replace('<c r="', '<c r="0'),  # a leading zero
    lambda c, r: c.replace(f'{r}" t=', f'{r + 1}" t='),  # another row's cell
    lambda c, r: c.replace(f'{r}" t=', f'{r}0" t='),
    lambda c, r: c.replace('<c r="', '<c r="a'),
    lambda c, r: c.replace('<c r="', '<c r="XFDA'),
    lambda c, r: c.replace('<c r="', '<c r="XFE'),
    lambda c, r: '<c r="ZZZ' + c[len('<c r="') :],  # past the column cap, out of order
    lambda c, r: c.replace("<t>", "<t><![CDATA[x]]>"),
    lambda c, r: c.replace("<t>", "<t><!--c-->"),
    lambda c, r: c.replace("<is><t>", "<is><t/>").split("<t/>")[0] + "<t/></is></c>",
    lambda c, r: c + " ",
    lambda c, r: c + "\n",
    lambda c, r: " " + c,
    lambda c, r: c.replace("</c>", "</c>junk"),
    lambda c, r: c.replace("</t></is></c>", "</t></is></c></t></is></c>"),
    lambda c, r: c.replace('" t="inlineStr"><is><t>', '" t="inlineStr"><is><t>" t="inlineStr"><is><t>'),
    lambda c, r: c + c,  # the same cell twice
]


def _row(rng: random.Random, number: int) -> str:
    columns = sorted(rng.sample(range(1, 40), rng.randint(1, 12)))
    cells = []
    for column in columns:
        text = rng.choice(_RAW_TEXTS) if rng.random() < 0.15 else rng.choice(_RAW_TEXTS[:6]) + str(column)
        cell = _cell(column_letter(column), number, text, rng)
        if rng.random() < 0.08:
            cell = rng.choice(_MUTATIONS)(cell, number)
        cells.append(cell)
    if rng.random() < 0.05:
        rng.shuffle(cells)
    return "".join(cells)


def _outcome(read: object, content: str, number: str) -> object:
    try:
        return ("values", read(content, number))  # type: ignore[operator]
    except _NotPlain:
        return ("refused", None)


@pytest.mark.parametrize("seed", range(12))
def test_rows_taken_whole_read_as_the_careful_reading_cell_by_cell(seed: int) -> None:
    rng = random.Random(seed)
    taken = 0
    for index in range(400):
        number = rng.randint(1, 2_000_000) if index % 7 == 0 else index + 1
        content = _row(rng, number)
        whole = _Rows([], DECLARATION_LIMITS)
        careful = _Rows([], DECLARATION_LIMITS)
        assert _outcome(whole._cells, content, str(number)) == _outcome(careful._other_cells, content, str(number)), (
            content[:400]
        )
        taken += inline_cells.inline_texts(content, str(number), DECLARATION_LIMITS.max_cell_characters) is not None
    assert taken > 100  # the comparison is about rows taken whole, not only rows read cell by cell


@pytest.mark.parametrize("mutation", range(len(_MUTATIONS)))
@pytest.mark.parametrize("where", ["first", "middle", "last", "only"])
def test_each_difference_from_the_form_is_read_cell_by_cell_or_refused_alike(mutation: int, where: str) -> None:
    rng = random.Random(mutation)
    number = 27
    cells = [_cell(column_letter(c), number, f"文本{c}", rng) for c in (1, 2, 5)]
    at = {"first": 0, "middle": 1, "last": 2, "only": 0}[where]
    if where == "only":
        cells = cells[:1]
    cells[at] = _MUTATIONS[mutation](cells[at], number)
    content = "".join(cells)
    if mutation != len(_MUTATIONS) - 1:  # the same cell twice is of the form: the layout refuses it, as before
        assert inline_cells.inline_texts(content, str(number), DECLARATION_LIMITS.max_cell_characters) is None
    whole, careful = _Rows([], DECLARATION_LIMITS), _Rows([], DECLARATION_LIMITS)
    assert _outcome(whole._cells, content, str(number)) == _outcome(careful._other_cells, content, str(number))


@pytest.mark.parametrize("text", _RAW_TEXTS)
def test_each_text_is_taken_as_written_only_where_the_careful_reading_gives_it_unchanged(text: str) -> None:
    rng = random.Random(0)
    content = _cell("B", 3, text, rng) + _cell("D", 3, "是", rng)
    whole, careful = _Rows([], DECLARATION_LIMITS), _Rows([], DECLARATION_LIMITS)
    expected = _outcome(careful._other_cells, content, "3")
    assert _outcome(whole._cells, content, "3") == expected
    taken = inline_cells.inline_texts(content, "3", DECLARATION_LIMITS.max_cell_characters)
    if taken is not None:
        assert expected == ("values", ["", text, "", "是"])


def test_a_row_of_the_form_is_taken_whole_with_its_gaps() -> None:
    rng = random.Random(0)
    content = "".join(_cell(letters, 9, text, rng) for letters, text in (("A", "甲"), ("C", "丙"), ("AB", "x")))
    letters, texts = inline_cells.inline_texts(content, "9", 10) or ((), [])
    assert letters == ("A", "C", "AB")
    assert texts == ["甲", "丙", "x", ""]
    row = _Rows([], DECLARATION_LIMITS)._cells(content, "9")
    assert row == ["甲", "", "丙"] + [""] * 24 + ["x"]
    assert inline_cells.inline_texts(content, "19", 10) is None  # another row's cells
    assert inline_cells.inline_texts(content, "9", 0) is None  # a text longer than a cell may be


@pytest.mark.parametrize("seed", range(6))
def test_a_sheet_of_rows_taken_whole_reads_as_calamine_reads_it(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    rows = []
    for number in range(1, 60):
        content = _row(rng, number)
        rows.append(f'<row r="{number}">{content}</row>')
    path = _package(tmp_path / "inline.xlsx", "".join(rows), None)
    with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        mine = read_plain_sheet(handle, archive, "xl/worksheets/sheet1.xml", path.name, DECLARATION_LIMITS)
    if mine is None:
        return  # left to python-calamine: a mutation the careful reading refuses (the row tests compare those)
    theirs = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python(skip_empty_area=False)
    assert mine == theirs
