"""Strict reading of the sheet XML our own writer produces, before the general safe path (the safety scan of every
part, then python-calamine).

openpyxl's write-only mode writes each sheet's frame and heading rows, desktop.exchange.xlsx.sheet_stream the data rows;
both write every cell as ``<c r="B7" t="inlineStr"><is><t>…</t></is></c>``, with ``s="<digits>"`` (a style) and
``xml:space="preserve"`` where needed and no element for an empty text. This module accepts exactly that (and the
``<dimension ref="…"/>`` openpyxl adds when it saves such a workbook again, decision 187) and nothing else: one
compiled pattern per row, built for the width of row 1, each cell an optional group naming the row
of its ``<row>`` element, each match starting where the row before ended (nothing can hide between rows); rows
numbered 1, 2, 3 … without gaps; only known elements before and after the rows; only the five XML entities and
numeric references to characters XML allows; only characters XML allows; strict UTF-8. A part is unpacked through
the same bounded inflater as the safety scan and parsed piece by piece, so a sheet is never held whole as one string.

The rows come back exactly as python-calamine's ``to_python(skip_empty_area=False)`` gives them (an absent cell as
"", every row as wide as the widest, no rows after the last cell; line ends as calamine reads them), or None at the
first deviation: the part then takes the general path. A workbook saved again by Excel, WPS or LibreOffice (shared
strings, other attributes) always does, and so does a text holding one of Excel's ``_xHHHH_`` escapes, which
python-calamine decodes (decision 148). The grammar has no formula and no merged cells and bounds the rows and
columns, so an accepted part needs neither the sheet-extent scan nor the search for formulas and merged cells.
See docs/decisions.md.
"""

from __future__ import annotations

import codecs
import functools
import re
import zipfile
from collections.abc import Callable, Iterable
from typing import BinaryIO

from desktop.domain.ooxml_escapes import ESCAPE
from desktop.exchange.xlsx.errors import WorkbookError, WorkbookLimits
from desktop.exchange.xlsx.packed_sheet import PackedSheet, Packer, Packing
from desktop.exchange.xlsx.part_member import Member, with_member
from desktop.exchange.xlsx.safety import _unpacked
from desktop.exchange.xlsx.sheet_scan import column_letter
from desktop.exchange.xlsx.xml_text import xml_text

_MAIN_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROOT = f'<worksheet xmlns="{_MAIN_NAMESPACE}">'
_DECLARATION = re.compile(r'<\?xml version="1\.0"(?: encoding="(?:UTF|utf)-8")?(?: standalone="(?:yes|no)")?\?>')
_ROWS_START, _ROWS_END, _ROW_END = "<sheetData>", "</sheetData>", "</row>"
#: The elements allowed around the rows (name -> parent), all without a namespace prefix or declaration.
_BEFORE_ROWS = {
    "sheetPr": "worksheet",
    "dimension": "worksheet",
    "outlinePr": "sheetPr",
    "pageSetUpPr": "sheetPr",
    "tabColor": "sheetPr",
    "sheetViews": "worksheet",
    "sheetView": "sheetViews",
    "pane": "sheetView",
    "selection": "sheetView",
    "sheetFormatPr": "worksheet",
    "cols": "worksheet",
    "col": "cols",
}
#: Elements whose attributes must be exactly these (the whole attribute text). openpyxl writes a sheet's used range
#: as ``<dimension ref="A1:AJ10002" />`` when it saves a workbook it loaded (an export opened and saved again by a
#: script): python-calamine reads the same values whatever range it names, and refuses one it cannot parse, so only a
#: plain cell or range is taken (decision 187).
_EXACT_ATTRIBUTES = {"dimension": re.compile(r' ref="[A-Z]{1,3}[1-9][0-9]{0,6}(?::[A-Z]{1,3}[1-9][0-9]{0,6})?"')}
_ANY = re.compile(r".*", re.S)
_TEXT_ELEMENTS = {"oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"}
_AFTER_ROWS = {
    "printOptions": "worksheet",
    "pageMargins": "worksheet",
    "pageSetup": "worksheet",
    "headerFooter": "worksheet",
    **dict.fromkeys(_TEXT_ELEMENTS, "headerFooter"),
}
#: A character of a text: any but markup and the characters XML 1.0 forbids (surrogates never decode from UTF-8).
_CHARACTER = r"[^<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_FRAME_TOKEN = re.compile(
    r'<(/?)([A-Za-z]+)((?: (?!xmlns)[A-Za-z]+="(?:(?![&"])' + _CHARACTER + r')*")*) ?(/?)>|(' + _CHARACTER + "+)"
)
_SPACE = r"[ \t\r\n]"  # white space in XML: calamine trims it around a text not marked xml:space="preserve"
_WIDEST = 256  # the pattern that measures row 1; a wider row 1 is not ours
_MAX_FRAME = 256 * 1024  # characters before or after the rows (ours: a few kilobytes)
_MAX_ROW = 8 * 1024 * 1024  # characters of an unfinished row kept between pieces (ours: a few kilobytes)
Rows = list[list[str]]
#: Called with the rows read so far after each piece (a floor under the sheet's problems, decision 188); what it
#: raises ends the reading and reaches the caller.
Check = Callable[[Rows], None]


def read_own_member(
    member: Member, file: str, limits: WorkbookLimits, check: Check | None = None, packing: Packing | None = None
) -> Rows | PackedSheet | None:
    """read_own_sheet of one member (part_member.member_where), in another process, packed with ``packing``; None
    also when the file was replaced (the general path then reads, and refuses, it)."""
    return with_member(member, lambda handle, info: read_own_sheet(handle, info, file, limits, check, packing))


def read_own_sheet(
    handle: BinaryIO,
    info: zipfile.ZipInfo,
    file: str,
    limits: WorkbookLimits,
    check: Check | None = None,
    packing: Packing | None = None,
) -> Rows | PackedSheet | None:
    """The rows of one sheet part in our own XML (packed as they are read, with ``packing``), or None. A part that
    unpacks wrongly is left to the safety scan, which refuses it with its usual message."""
    packer = Packer(packing) if packing is not None else None
    try:
        rows = parse_own_sheet(_unpacked(handle, info, file), limits, check, packer)
    except WorkbookError:
        return None
    return packer.finish(rows) if packer is not None and rows is not None else rows


def parse_own_sheet(
    pieces: Iterable[bytes], limits: WorkbookLimits, check: Check | None = None, packer: Packer | None = None
) -> Rows | None:
    """The rows of a sheet part given as its unpacked pieces, or None at the first deviation from our own XML;
    ``check`` is called with the rows so far after each piece, then ``packer`` takes the rows no longer changing
    (those it packs are left as empty lists)."""
    parser = _Parser(limits, check, packer)
    decode = codecs.getincrementaldecoder("utf-8")("strict").decode
    try:
        for piece in pieces:
            if not parser.feed(decode(piece)):
                return None
        return parser.finish(decode(b"", True))
    except UnicodeDecodeError:
        return None


class _Parser:
    """Takes the text of a part piece by piece: the frame before the rows, the rows, the frame after them."""

    def __init__(self, limits: WorkbookLimits, check: Check | None = None, packer: Packer | None = None) -> None:
        self.limits, self.check, self.packer = limits, check, packer
        self.buffer = ""  # text not yet taken: part of the frame, or of a row
        self.in_rows = self.after_rows = False
        self.stack: list[str] = []  # the open elements of the frame
        self.rows: Rows = []
        self.filled = 0  # the number of rows up to the last one with a cell
        self.pattern: re.Pattern[str] | None = None  # of a row, once row 1 gave the width
        #: Each distinct text once: a sheet repeats most of its texts (yes and no, words, units, the campaign, the
        #: countersigner), and holding them once keeps the two large sheets small until they are converted.
        self.texts: dict[str, str] = {}
        #: Every row without cells is this one list: 400,000 empty rows (within the row cap) would otherwise hold a
        #: list of empty texts each, 130 MB for a 2 MB file.
        self.empty_row: list[str] = []

    def feed(self, text: str) -> bool:
        buffer = self.buffer + text if self.buffer else text
        if not self.in_rows and not self.after_rows:
            start = buffer.find(_ROWS_START)
            if start < 0:
                self.buffer = buffer
                return len(buffer) <= _MAX_FRAME
            if not self._before_rows(buffer[:start]):
                return False
            buffer = buffer[start + len(_ROWS_START) :]
            self.in_rows = True
        if self.in_rows:
            rest = self._rows(buffer)
            if rest is None:
                return False
            buffer = rest
            if self.check is not None:
                self.check(self.rows)
            if self.packer is not None and self.packer.take(self.rows, self.filled):
                # The rows are let go as they are packed: their texts too (each block's pickle holds its own once).
                self.texts = {}
        self.buffer = buffer
        return len(buffer) <= (_MAX_FRAME if self.after_rows else _MAX_ROW)

    def finish(self, text: str) -> Rows | None:
        if (text and not self.feed(text)) or not self.after_rows or self.pattern is None:
            return None
        if not _frame(self.buffer, self.stack, _AFTER_ROWS) or self.stack:
            return None
        del self.rows[self.filled :]  # calamine ends the sheet at its last cell
        return self.rows

    def _before_rows(self, text: str) -> bool:
        declaration = _DECLARATION.match(text)
        start = declaration.end() if declaration else 0
        if not text.startswith(_ROOT, start):
            return False
        self.stack = ["worksheet"]
        return _frame(text[start + len(_ROOT) :], self.stack, _BEFORE_ROWS) and self.stack == ["worksheet"]

    def _rows(self, buffer: str) -> str | None:
        """Take the complete rows at the start of ``buffer``; return the rest, or None at a deviation."""
        last = buffer.rfind(_ROW_END)
        complete = last + len(_ROW_END) if last >= 0 else 0
        if self.pattern is None and complete:
            longest = self.limits.max_cell_characters
            first = _row_pattern(min(self.limits.max_columns, _WIDEST), longest).match(buffer)
            # The last group matched is the text of the last cell: 2 * width + 1.
            width = (first.lastindex or 0) // 2 if first is not None and first[1] == "1" else 0
            if not width:
                return None
            self.pattern = _row_pattern(width, longest)
        position = self._take(buffer, complete, self.pattern) if self.pattern is not None else 0
        if buffer.startswith(_ROWS_END, position):
            self.in_rows, self.after_rows = False, True
            return buffer[position + len(_ROWS_END) :]
        if position < complete:
            return None  # a complete row that does not match
        return buffer[position:]

    def _take(self, buffer: str, complete: int, pattern: re.Pattern[str]) -> int:
        """Take the rows of ``buffer`` up to ``complete`` while they are ours; return where the first other text is."""
        rows, filled, same = self.rows, self.filled, self.texts.setdefault
        # Every row is kept as wide as row 1: the cells kept, not only the rows, are capped (WorkbookLimits).
        max_rows = min(self.limits.max_rows, self.limits.max_own_cells // ((pattern.groups - 1) // 2))
        match = pattern.match
        number = len(rows)
        position = 0
        special = _special_at(buffer, 0)
        while position < complete:
            found = match(buffer, position)
            if found is None or found[1] != str(number + 1) or number == max_rows:
                break
            number += 1
            end = found.end()
            if found.lastindex == 1:  # a row without cells: one shared row of empty texts (never changed after)
                if len(self.empty_row) != (pattern.groups - 1) // 2:
                    self.empty_row = [""] * ((pattern.groups - 1) // 2)
                rows.append(self.empty_row)
                position = end
                continue
            groups = found.groups("")  # the row number, then each cell's preserve flag and text
            texts = groups[2::2]
            # Through a tuple: a list built from map() grows in steps and keeps the slack (and the allocator's
            # holes): 448 MB instead of 285 MB for 300,000 rows of 100 cells (WorkbookLimits.max_own_cells).
            row = list(tuple(map(same, texts, texts)))
            if special < end:  # a reference or a carriage return in this row
                if not _decode(row, groups[1::2]):
                    break
                special = _special_at(buffer, end)
            filled = number
            rows.append(row)
            position = end
        self.filled = filled
        return position


def _special_at(buffer: str, start: int) -> int:
    """Where the next '&', carriage return or '_x' is (the texts that need more than the pattern), or the end."""
    found = [at for at in (buffer.find("&", start), buffer.find("\r", start), buffer.find("_x", start)) if at >= 0]
    return min(found) if found else len(buffer)


def _decode(row: list[str], flags: tuple[str, ...]) -> bool:
    """Decode in place the texts of ``row`` with references or carriage returns; False if one is not ours, and
    False for a text holding one of Excel's ``_xHHHH_`` escapes (decision 148): such a sheet is left to
    python-calamine, whose decoding of them is the one every path of this program then reads."""
    for index, raw in enumerate(row):
        if "&" in raw or "\r" in raw:
            text = xml_text(raw, bool(flags[index]))
            if text is None:
                return False
            row[index] = text
        if "_x" in row[index] and ESCAPE.search(row[index]):
            return False
    return True


def _frame(text: str, stack: list[str], allowed: dict[str, str]) -> bool:
    """Whether ``text`` holds only ``allowed`` elements (name -> parent), properly nested on ``stack``, and text
    only inside a header or footer."""
    position = 0
    while position < len(text):
        token = _FRAME_TOKEN.match(text, position)
        if token is None or not stack:  # nothing may follow the closing </worksheet>
            return False
        closing, name, attributes, empty, characters = token.groups()
        if characters is not None:
            if stack[-1] not in _TEXT_ELEMENTS or xml_text(characters, True) is None:
                return False
        elif closing:
            if attributes or empty or stack.pop() != name:
                return False
        elif allowed.get(name) != stack[-1] or not _EXACT_ATTRIBUTES.get(name, _ANY).fullmatch(attributes):
            return False
        elif not empty:
            stack.append(name)
        position = token.end()
    return True


@functools.lru_cache(maxsize=8)
def _row_pattern(width: int, longest: int) -> re.Pattern[str]:
    """A row of at most ``width`` cells as our writer writes it. Groups: the row number, then for each column the
    preserve flag and the text; a text without the flag must not start or end with white space. A text is at most
    ``longest`` characters as written (a longer one, even if its references make it shorter, is not ours: the
    general path measures it)."""
    cells = []
    for index in range(width):
        flag = 2 + 2 * index
        cells.append(
            f'(?:<c r="{column_letter(index + 1)}\\1"(?: s="[0-9]{{1,9}}")? t="inlineStr"><is>'
            f'<t( xml:space="preserve")?>(?({flag})|(?!{_SPACE}))({_CHARACTER}{{1,{longest}}})(?({flag})|(?<!{_SPACE}))'
            "</t></is></c>)?"
        )
    return re.compile('<row r="([1-9][0-9]{0,8})">' + "".join(cells) + _ROW_END)
