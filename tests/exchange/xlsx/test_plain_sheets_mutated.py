"""Seeded random mutations of generated sheets (a property-based comparison without hypothesis, which is not in the
environment): each mutated workbook is either read by the streamed reader exactly as python-calamine reads it,
values and types, or left to calamine (None); where calamine refuses a workbook the reader must leave it too."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from tests.exchange.xlsx.test_plain_sheets import _generated, _mine

_SHEET = "xl/worksheets/sheet1.xml"
_STRINGS = "xl/sharedStrings.xml"

#: Small edits a clerk's text editor makes: each replaces one occurrence of the first text by the second.
_EDITS = [
    ('<c r="', '<c  r="'),
    ('<c r="', "<c r='"),
    ('" t="s">', '" t="str">'),
    ('" t="s">', '" t="d">'),
    ('" t="s">', '" t="e">'),
    ('" t="s">', '" t="n">'),
    ('" t="s">', '" t="S">'),
    ('" t="b">', '" t="s">'),
    ('" t="inlineStr">', '" t="s">'),
    ('" t="inlineStr">', ""),
    ("<v>", "<v> "),
    ("</v>", " </v>"),
    ("<v>", "<v>-"),
    ("<v>", "<v>+"),
    ("<v>", "<v>0"),
    ("<v>1</v>", "<v>true</v>"),
    ("<v>", "<v>1e3"),
    ("</c>", "</c>\n"),
    ("</c>", "</c><c/>"),
    ("<row ", '<row r="1" '),
    ('<row r="', '<row x="1" r="'),
    ('<row r="', "<row r='"),
    ("</row>", "</row>\r\n"),
    ("<t>", "<t>&#13;"),
    ("<t>", "<t>&#x0;"),
    ("<t>", "<t>&#xFEFF;"),
    ("<t>", "<t>&#55357;"),
    ("<t>", "<t>&amp;lt;"),
    ("<t>", "<t>_x000D_"),
    ("<t>", "<t>_x005F_"),
    ("<t>", '<t xml:space="default">'),
    ("<t>", "<t>\t"),
    ("</t>", "\r</t>"),
    ("</t>", "\u00a0</t>"),
    ("<t>", "<t><![CDATA[x]]>"),
    ("<t>", "<t><!--c-->"),
    ("<si>", '<si xml:space="preserve">'),
    ("<si>", "<si><t/>"),
    ("</si>", "<rPh><t>y</t></rPh></si>"),
    ("<is>", "<is><r><t>z</t></r>"),
    ('xml:space="preserve"', "xml:space='preserve'"),
    ('xml:space="preserve"', 'x:space="preserve"'),
    ("<sheetData>", "<sheetData>\n"),
    ("</sheetData>", "</sheetData><sheetData/>"),
    ("<sst ", "<x:sst "),
    ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', '<?xml version="1.0" encoding="ascii"?>'),
    ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', ""),
    ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', '\ufeff<?xml version="1.0"?>'),
]


def _digit_edit(text: str, rng: random.Random) -> str:
    """One digit of a reference, index or row number changed."""
    digits = [index for index, character in enumerate(text) if character.isdigit()]
    if not digits:
        return text
    at = rng.choice(digits)
    return text[:at] + rng.choice("0123456789") + text[at + 1 :]


def _mutated(source: Path, target: Path, seed: int) -> Path:
    rng = random.Random(seed)
    with zipfile.ZipFile(source) as old:
        parts = {info.filename: old.read(info).decode() for info in old.infolist()}
    for _ in range(rng.randint(1, 3)):
        name = rng.choice((_SHEET, _SHEET, _STRINGS))
        text = parts[name]
        if rng.random() < 0.25:
            parts[name] = _digit_edit(text, rng)
            continue
        old_text, new_text = rng.choice(_EDITS)
        places = [index for index in range(len(text)) if text.startswith(old_text, index)][:200]
        if places:
            at = rng.choice(places)
            parts[name] = text[:at] + new_text + text[at + len(old_text) :]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data.encode("utf-8"))
    return target


def _theirs(path: Path) -> object:
    try:
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S").to_python(skip_empty_area=False)
    except Exception as error:  # calamine refuses it
        return error


@pytest.mark.parametrize("seed", range(int(__import__("os").environ.get("MUTATIONS", "150"))))
def test_a_mutated_sheet_is_read_as_calamine_reads_it_or_left_to_calamine(tmp_path: Path, seed: int) -> None:
    source = _generated(tmp_path / "g.xlsx", seed % 40)
    path = _mutated(source, tmp_path / "m.xlsx", seed)
    mine, theirs = _mine(path), _theirs(path)
    if mine is None:
        return
    assert isinstance(theirs, list), theirs
    assert mine == theirs
    assert [type(v) for row in mine for v in row] == [type(v) for row in theirs for v in row]
