"""Reading a sheet in the plain layout other programs write (LibreOffice, Excel, WPS, openpyxl: shared strings,
styles, other attributes) as a stream, after the package checks, with exactly the values python-calamine's
``to_python(skip_empty_area=False)`` gives, or None at the first thing this reader does not take.

Why: python-calamine builds a whole sheet (its cells in Rust, then every row in Python) before the first row can be
used, and its used range had to be capped at 6,000,000 cells (WorkbookLimits.max_cells) to bound that; a city's
roll-up saved again by another program did not fit (decisions 110, 129). This reader unpacks the part in 1 MB
pieces through the same bounded inflater as the safety scan, keeps each shared string once (every cell that uses
it holds the same object) and builds each row at its exact size, so a sheet costs its slots and its distinct
texts, capped like the strict reader of our own sheets (WorkbookLimits.max_own_cells).

It takes, and nothing else: rows ``<row r="N" …>`` in increasing order; cells ``<c r="B7">`` with at most an
``s`` (style, ignored: it changes only how a number shows) and a ``t`` of ``s`` (a shared string), ``inlineStr``
(``<is><t>…</t></is>``) or ``b`` (a boolean ``<v>0</v>`` or ``<v>1</v>``), or no value at all, in increasing
columns of their own row; shared strings ``<si><t>…</t></si>`` or runs of rich text (their texts joined), either
followed by phonetic properties (``<phoneticPr …/>``, which calamine ignores). A number, a date, an error, a
formula, an inline text of runs, phonetic runs (``<rPh>``), a text with an Excel escape (``_x000D_``) or with white
space at an end that is not marked ``xml:space="preserve"``, a prefixed or unknown element: None, and the caller
reads the sheet with python-calamine under its own cap. A declaration workbook's large sheets hold only texts, so a
re-saved one is read here whole.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from itertools import repeat
from typing import BinaryIO

from desktop.exchange.xlsx.errors import WorkbookError, WorkbookLimits
from desktop.exchange.xlsx.inline_cells import inline_first, inline_texts
from desktop.exchange.xlsx.part_scan import SHARED_STRINGS_PART
from desktop.exchange.xlsx.safety import _unpacked
from desktop.exchange.xlsx.sheet_scan import column_letter
from desktop.exchange.xlsx.string_marks import StringMarks
from desktop.exchange.xlsx.xml_text import xml_text

Value = str | bool
Rows = list[list[Value]]
#: The shared strings by index; None for one that no sheet read in this process uses (used_strings).
Strings = list[str | None]
#: Called with the rows read so far after each piece (a floor under the sheet's problems, decision 188); what it
#: raises ends the reading and reaches the caller.
Check = Callable[[Rows], None]

_SPACE = " \t\r\n"
_ATTRIBUTES = r'(?: [A-Za-z][A-Za-z0-9:]{0,40}="[^"<>&]*")*'
_STRINGS_START = re.compile(r"(?:<\?xml[^<>]*\?>)?[ \t\r\n]*<sst" + _ATTRIBUTES + ">")
_RUN_PROPERTIES = r'(?:<rPr>(?:<[A-Za-z]{1,20}(?: [A-Za-z]{1,20}="[^"<>&]*")*/>)*</rPr>)?'
#: A shared string: one text (its flag and text), or runs of rich text (only their texts count, as in calamine).
#: Excel and WPS in an East Asian locale end an item with its phonetic properties, which calamine ignores.
_PHONETIC = r'(?:<phoneticPr(?: [A-Za-z]{1,20}="[^"<>&]*")*/>)?'
_SHARED = re.compile(
    r'<si><t( xml:space="preserve")?>([^<]*)</t>' + _PHONETIC + "</si>|<si><t/>" + _PHONETIC + "</si>"
    r"|<si>((?:<r>" + _RUN_PROPERTIES + r'<t(?: xml:space="preserve")?>[^<]*</t></r>)+)' + _PHONETIC + "</si>"
)
_RUN_TEXT = re.compile(r'<t( xml:space="preserve")?>([^<]*)</t>')
_SHEET_DATA = re.compile(r"<sheetData(/?)>")
#: The start of a row: its number, and "/" for a row without content. White space between rows is ignored, as
#: calamine does.
_ROW = re.compile(r'[ \t\r\n]*<row r="([1-9][0-9]{0,6})"' + _ATTRIBUTES + r"(/?)>")
_CELL_PATTERN = (
    r'(<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="[0-9]{1,9}")?(?: t="(s|b|inlineStr)")?(?: s="[0-9]{1,9}")?'
    r'(?:/>|>(?:<v>([0-9]{1,10})</v>|<is><t( xml:space="preserve")?>([^<]*)</t></is>|(<is><t/></is>))?</c>))'
)
#: One cell: the whole cell, its column letters, its row, its type, its <v> (digits: a shared string's index or a
#: boolean; a number is left to calamine), an inline text's flag and text, and an empty inline text.
_CELL = re.compile(_CELL_PATTERN)
#: A cell holding a shared string, the common case, matched alone first (faster): the whole cell, its column
#: letters, its row and the string's index.
_SHARED_CELL = re.compile(
    r'(<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="[0-9]{1,9}" t="s"| t="s"(?: s="[0-9]{1,9}")?)'
    r"><v>([0-9]{1,10})</v></c>)"
)
_MAX_PENDING = 8 * 1024 * 1024  # characters of an unfinished row or string kept between pieces


class _NotPlain(Exception):
    """Something this reader does not take: the sheet goes to python-calamine."""


def read_plain_sheet(
    handle: BinaryIO,
    archive: zipfile.ZipFile,
    part: str,
    file: str,
    limits: WorkbookLimits,
    strings: Strings | None = None,
    padded: bool = True,
    check: Check | None = None,
) -> Rows | None:
    """The rows of the sheet on ``part``, or None. A part that unpacks wrongly is left to the safety scan.
    ``strings``: the workbook's shared strings as shared_strings gave them, for a process reading several sheets.
    ``padded=False``: each row only up to its last cell with a value (an empty row: one shared empty list), the
    rest of calamine's row being empty texts: a reader of tables pads a block of rows at a time, so that junk rows
    with one far cell do not cost the whole sheet's width each (decision 164)."""
    try:
        if strings is None:
            used = used_strings(handle, archive, [part], file, limits)
            strings = _shared_strings(handle, archive, file, limits, used)
        return _sheet(_pieces(handle, archive.getinfo(part), file), strings, limits, padded, check)
    except (_NotPlain, WorkbookError, KeyError, UnicodeDecodeError):
        return None


def shared_strings(
    handle: BinaryIO, archive: zipfile.ZipFile, file: str, limits: WorkbookLimits, used: bytearray | None = None
) -> Strings | None:
    """The workbook's shared strings as the streamed reader takes them, or None where it does not; with ``used``
    (used_strings), only those some sheet may use are kept (the others None)."""
    try:
        return _shared_strings(handle, archive, file, limits, used)
    except (_NotPlain, WorkbookError, UnicodeDecodeError):
        return None


def used_strings(
    handle: BinaryIO, archive: zipfile.ZipFile, parts: Iterable[str], file: str, limits: WorkbookLimits
) -> bytearray | None:
    """Which shared strings the sheets on ``parts`` may use (1 at each index, string_marks.StringMarks), or None
    where a part cannot be scanned (then every string is kept). A hostile table of strings no cell uses then costs
    one byte a string instead of a Python object each (decision 165)."""
    marks = StringMarks(limits)
    try:
        for part in parts:
            marks.next_part()
            for piece in _unpacked(handle, archive.getinfo(part), file):
                marks.feed(piece)
                if marks.used is None:
                    return None  # an index past the cap: the reader refuses it, whatever is kept
    except (WorkbookError, KeyError):
        return None
    return marks.used


def used_by_either(first: bytearray | None, second: bytearray | None) -> bytearray | None:
    """The strings either of two used_strings marks (one byte a string, 0 or 1); None (every string) where either
    is None."""
    if first is None or second is None:
        return None
    either = int.from_bytes(first, "little") | int.from_bytes(second, "little")  # byte by byte: 0 or 1 each
    return bytearray(either.to_bytes(max(len(first), len(second)), "little"))


def strings_used(strings: Strings, used: bytearray | None) -> Strings:
    """The table as a reader of the sheets ``used`` marks needs it: the other strings None (all kept for None)."""
    if used is None:
        return strings
    # The marks are one longer than the table's cap, so at least as long as any table taken.
    return [text if mark else None for text, mark in zip(strings, used, strict=False)]


def _pieces(handle: BinaryIO, info: zipfile.ZipInfo, file: str) -> Iterator[str]:
    decode = codecs.getincrementaldecoder("utf-8")("strict").decode
    for piece in _unpacked(handle, info, file):
        yield decode(piece)
    yield decode(b"", True)


def _plain_text(raw: str, preserved: bool, limits: WorkbookLimits) -> str:
    """A text's value as calamine reads it, where this reader takes the text."""
    if raw and not preserved and (raw[0] in _SPACE or raw[-1] in _SPACE):
        raise _NotPlain  # calamine trims it
    if "_x" in raw or len(raw) > limits.max_cell_characters:
        raise _NotPlain  # an Excel escape, which calamine decodes; or longer than a cell (the scan refuses it)
    text = xml_text(raw, preserved)
    if text is None or "_x" in text:
        raise _NotPlain  # not as calamine reads it, or an escape made of references (&#95;x000D_)
    return text


def _shared_strings(
    handle: BinaryIO, archive: zipfile.ZipFile, file: str, limits: WorkbookLimits, used: bytearray | None = None
) -> Strings:
    """The workbook's shared strings, each one object that every cell using it holds; none without the part.
    ``used``: the strings to keep (the others are checked as before, then left out: None)."""
    try:
        info = archive.getinfo(SHARED_STRINGS_PART)
    except KeyError:
        return []
    if [member.filename for member in archive.infolist()].count(SHARED_STRINGS_PART) != 1:
        raise _NotPlain
    strings: Strings = []  # each item once: a table of distinct texts needs no dictionary to share them
    match = _SHARED.match
    kept = len(used) if used is not None else 0
    buffer, ended = "", False
    for text in _after_start(_pieces(handle, info, file)):
        buffer = buffer + text if buffer else text
        if ended:
            if buffer.strip(_SPACE):
                raise _NotPlain  # nothing may follow </sst>
            buffer = ""
            continue
        position = 0
        while (found := match(buffer, position)) is not None:
            text = _shared_value(found, limits)  # checked whether kept or not: the same table taken or left
            strings.append(text if used is None or (len(strings) < kept and used[len(strings)]) else None)
            position = found.end()
        if len(strings) > limits.max_shared_strings:
            raise _NotPlain  # the scan refuses it
        buffer = buffer[position:]
        ended = _strings_end(buffer)
        if ended:
            buffer = ""
    if not ended:
        raise _NotPlain
    return strings


def _after_start(pieces: Iterable[str]) -> Iterator[str]:
    """The text of the shared strings part after its <sst …> element starts."""
    buffer = ""
    iterator = iter(pieces)
    for text in iterator:
        buffer += text
        start = _STRINGS_START.match(buffer)
        if start is not None:
            yield buffer[start.end() :]
            yield from iterator
            return
        if len(buffer) > 4096:
            raise _NotPlain
    raise _NotPlain


def _shared_value(found: re.Match[str], limits: WorkbookLimits) -> str:
    if found[3] is None:
        return _plain_text(found[2] or "", bool(found[1]), limits)
    text = "".join(_plain_text(raw, bool(flag), limits) for flag, raw in _RUN_TEXT.findall(found[3]))
    if len(text) > limits.max_cell_characters:
        raise _NotPlain
    return text


def _strings_end(rest: str) -> bool:
    """Whether ``rest`` (what follows the complete items) ends the shared strings; it must otherwise be the start of
    an item still being unpacked."""
    if rest.startswith("</sst>"):
        if rest[6:].strip(_SPACE):
            raise _NotPlain
        return True
    if len(rest) > _MAX_PENDING or not (
        (rest.startswith("<si>") and "</si>" not in rest) or "<si>".startswith(rest) or "</sst>".startswith(rest)
    ):
        raise _NotPlain  # an item this reader does not take
    return False


def _markup_only(pieces: Iterable[str], mentions: list[int]) -> Iterator[str]:
    """The pieces of a sheet part, refused (None for the whole sheet) where they hold a comment, a CDATA section,
    a declaration or a processing instruction after the first: markup inside one is text to calamine but would
    look like rows to the patterns. ``mentions`` gets how often "sheetData" occurs, so that rows under another
    prefix, which calamine reads by their local name, are never taken for the ones read here."""
    tail = ""
    for index, text in enumerate(pieces):
        if index == 0:
            declaration = re.match(r"<\?xml[^<>]*\?>", text)
            checked = text[declaration.end() :] if declaration else text
        else:
            checked = tail + text
        if "<!" in checked or "<?" in checked:
            raise _NotPlain
        mentions[0] += checked.count("sheetData") - tail.count("sheetData") * (index > 0)
        tail = checked[-16:]
        yield text


def _sheet(
    pieces: Iterable[str], strings: Strings, limits: WorkbookLimits, padded: bool = True, check: Check | None = None
) -> Rows:
    reader = _Rows(strings, limits, check)
    buffer, state = "", "before"
    mentions, expected = [0], 0
    for text in _markup_only(pieces, mentions):
        buffer = buffer + text if buffer else text
        if state == "before":
            found = _SHEET_DATA.search(buffer)
            if found is None:
                buffer = buffer[-16:]  # the frame before the rows: the safety scan checked it
                continue
            state, expected = ("after", 1) if found[1] else ("rows", 2)
            buffer = buffer[found.end() :]
        if state == "rows":
            buffer = buffer[reader.take(buffer) :].lstrip(_SPACE)
            if buffer.startswith("</sheetData>"):
                state, buffer = "after", buffer[len("</sheetData>") :]
            elif len(buffer) > _MAX_PENDING:
                raise _NotPlain
        if state == "after":
            if "<sheetData" in buffer:
                raise _NotPlain  # a second one: calamine's reading of it is not this reader's
            buffer = buffer[-16:]
    if state != "after" or mentions[0] != expected:
        raise _NotPlain
    return reader.padded() if padded else reader.trimmed()


class _Rows:
    """The rows of one sheet as they are taken, each up to its last cell with a value."""

    def __init__(self, strings: Strings, limits: WorkbookLimits, check: Check | None = None) -> None:
        self.strings, self.limits, self.check = strings, limits, check
        self.rows: Rows = []
        self.empty: list[Value] = []  # every row without a value, until the end makes it one row of empty texts
        self.width = 0
        #: The columns of each row's letters, and for each column up to the last the position of its cell among
        #: the row's cells (-1: none): rows repeat a few layouts (which optional cells are empty).
        self.layouts: dict[tuple[str, ...], tuple[list[int], list[int]]] = {}
        self.lookup = [*strings, ""]  # the shared strings, and an empty text where a row has no cell
        #: Each column's letters within the column cap, and its number (a layout is found without a loop).
        self.column_of = {column_letter(c): c for c in range(1, limits.max_columns + 1)}

    def take(self, buffer: str) -> int:
        """Take the complete rows at the start of ``buffer``; return where the rest starts."""
        match, find, rows, limits = _ROW.match, buffer.find, self.rows, self.limits
        position = 0
        while (found := match(buffer, position)) is not None:
            if found[2]:
                content, end = "", found.end()
            else:
                close = find("</row>", found.end())
                if close < 0:
                    break  # the rest of the row is in the next piece
                content, end = buffer[found.end() : close], close + 6
            number = int(found[1])
            if number <= len(rows) or number > limits.max_rows:
                raise _NotPlain  # rows out of order, or past the cap (the scan refuses the latter)
            row = self._cells(content, found[1]) if content else None
            while len(rows) < number - 1:
                rows.append(self.empty)
            if row is None:
                rows.append(self.empty)
            else:
                self.width = max(self.width, len(row))
                rows.append(row)
            if self.width * len(rows) > limits.max_own_cells:
                raise _NotPlain  # more cells than a sheet may keep: calamine's path refuses it (max_cells)
            position = end
        rest = buffer[position:]
        if "</row>" in rest and not rest.lstrip(_SPACE).startswith("</sheetData>"):
            raise _NotPlain  # a complete row this reader does not take
        if self.check is not None:
            self.check(rows)  # the rows taken so far (a floor under the sheet's problems, decision 188)
        return position

    def _cells(self, content: str, number: str) -> list[Value] | None:
        """The row's values up to its last cell with a value, or None if it has none."""
        if inline_first(content):  # inline texts, as our own writer and openpyxl write them (decision 243)
            inline = inline_texts(content, number, self.limits.max_cell_characters)
            if inline is not None:
                _columns, positions = self.layouts.get(inline[0]) or self._layout(inline[0])
                return list(map(inline[1].__getitem__, positions))  # position -1: the empty text at the end
            return self._other_cells(content, number)
        shared = _SHARED_CELL.findall(content)
        if shared:
            wholes, letters, numbers, values = zip(*shared, strict=True)
            if sum(map(len, wholes)) == len(content):  # every cell a shared string: the common case, no loop
                if set(numbers) != {number}:
                    raise _NotPlain  # a cell of another row
                _columns, positions = self.layouts.get(letters) or self._layout(letters)
                indices = list(map(int, values))
                if max(indices) >= len(self.strings):
                    raise _NotPlain  # calamine refuses it with its own message
                indices.append(len(self.strings))  # position -1: the empty text after the strings
                # Through a tuple: at its exact size (a list built from map() keeps slack).
                row = list(tuple(map(self.lookup.__getitem__, map(indices.__getitem__, positions))))
                if None in row:
                    raise _NotPlain  # a string left out of the table (never, as used_strings counts every <v>)
                return row  # type: ignore[return-value]  # no None, checked
        return self._other_cells(content, number)

    def _other_cells(self, content: str, number: str) -> list[Value] | None:
        found = _CELL.findall(content)
        if not found:
            raise _NotPlain  # content, but no cell
        wholes, letters, numbers, kinds, values, flags, inlines, empties = zip(*found, strict=True)
        if sum(map(len, wholes)) != len(content):
            raise _NotPlain  # something between the cells that the pattern does not take
        if max(map(str.count, wholes, repeat(' s="'))) > 1:
            raise _NotPlain  # a style twice (or a text that looks like one): not well-formed, or not worth the doubt
        if set(numbers) != {number}:
            raise _NotPlain  # a cell of another row
        columns, _positions = self.layouts.get(letters) or self._layout(letters)
        cells, columns = _mixed(zip(columns, kinds, values, flags, inlines, empties, wholes, strict=True), self)
        if not cells:
            return None
        width = columns[-1]
        if width == len(cells):
            return list(tuple(cells))  # at its exact size (a list built by appending keeps slack)
        row: list[Value] = [""] * width
        for column, cell in zip(columns, cells, strict=True):
            row[column - 1] = cell
        return row

    def _layout(self, letters: tuple[str, ...]) -> tuple[list[int], list[int]]:
        # Rows whose layout changes each time come here for every row: the columns by one lookup each, not by
        # arithmetic on their letters in Python (decision 166).
        try:
            columns = list(map(self.column_of.__getitem__, letters))
        except KeyError:
            raise _NotPlain from None  # past the column cap: the scan refuses it
        if len(set(columns)) != len(columns) or columns != sorted(columns):
            raise _NotPlain  # out of order, or twice
        positions = [-1] * columns[-1]
        for position, column in enumerate(columns):
            positions[column - 1] = position
        if len(self.layouts) < 4096:
            self.layouts[letters] = (columns, positions)
        return columns, positions

    def trimmed(self) -> Rows:
        """The rows as taken, no rows after the last with a value."""
        rows, empty = self.rows, self.empty
        while rows and rows[-1] is empty:
            rows.pop()
        return rows

    def padded(self) -> Rows:
        """Every row as wide as the widest, no rows after the last with a value (as calamine gives them)."""
        rows, empty, width = self.trimmed(), self.empty, self.width
        blank: list[Value] = [""] * width
        for index, row in enumerate(rows):
            if row is empty:
                rows[index] = blank  # one list for every such row, never changed by the readers
            elif len(row) < width:
                rows[index] = row + blank[len(row) :]
        return rows


def _mixed(cells: Iterable[tuple[int, str, str, str, str, str, str]], reader: _Rows) -> tuple[list[Value], list[int]]:
    """The values and columns of a row with other cells than shared strings; a cell without a value is not part
    of the used range."""
    values: list[Value] = []
    columns: list[int] = []
    strings = reader.strings
    for column, kind, value, preserved, inline, empty, whole in cells:
        if kind == "s" and value:
            text = strings[int(value)] if int(value) < len(strings) else None
            if text is None:
                raise _NotPlain  # past the table (calamine refuses it), or left out of it (never: used_strings)
            values.append(text)
        elif kind == "b" and value in ("0", "1"):
            values.append(value == "1")
        elif kind == "inlineStr" and not value and "<is>" in whole:  # without <is>, calamine has no value
            values.append(_plain_text(inline, bool(preserved), reader.limits))
        elif kind or value or inline or preserved or empty:
            raise _NotPlain  # a number or a date (calamine reads it with its style), or a cell not taken here
        else:
            continue
        columns.append(column)
    return values, columns
