"""Measuring a sheet part's used range (and noting signs of formulas, merged cells and entity declarations) from
its raw XML, as a stream, before any parser sees it: python-calamine allocates rows x columns of the used range at
once, so one far-away cell would abort the process. The same pass counts what else a reader would hold at once:
rows (empty ones too), shared strings and the cells that can use them, and the longest text between two tags.
Also the names of cells (column_letter, cell_reference)."""

from __future__ import annotations

import operator
import re

from desktop.exchange.xlsx.errors import _entities, _long_text, _unusual

# Any namespace prefix (calamine compares local names), then the element name.
_PREFIX = rb"(?:[^\s<>/=:\"']+:)?"
# A cell's start tag, and its reference when it is the first attribute, as every common writer puts it.
_CELL_HEAD = re.compile(rb"<" + _PREFIX + rb"c(?=[\s/>])(\s+r\s*=\s*[\"']?([A-Za-z]*)([0-9]*))?")
_PLAIN_CELL_HEAD = re.compile(rb"<c(?=[\s/>])(\s+r\s*=\s*[\"']?([A-Za-z]*)([0-9]*))?")
# A cell's start tag as every common writer puts it, ``<c r="`` and the reference's letters and digits, or any other
# cell start tag (no letters, no digits): the same tags as _PLAIN_CELL_HEAD finds, at about a third of its cost, since
# the common case starts with a literal and builds two strings, not three (decision 232).
_QUOTED_CELL_HEAD = re.compile(rb'<c r="([A-Za-z]*)([0-9]*)|<c(?=[\s/>])')
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_FIRST, _SECOND, _THIRD = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)
_ATTRIBUTE = rb"\s+[^\s=<>/\"']+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*')"
_ROW_OR_CELL = re.compile(rb"<(/?)" + _PREFIX + rb"(row|c)((?:" + _ATTRIBUTE + rb")*)\s*(/?)>")
_ATTRIBUTE_PARTS = re.compile(rb"\s+([^\s=<>/\"']+)\s*=\s*(?:\"([^\"<]*)\"|'([^'<]*)')")
_RELEVANT_TAG_START = re.compile(rb"<" + _PREFIX + rb"(?:c|row)(?:[\s/>]|\Z)|<[^\s<>/=\"']*\Z")
_CELL_REFERENCE = re.compile(rb"([A-Za-z]+)([0-9]+)")
_MAX_TAG_BYTES = 64 * 1024  # a real row or cell tag is under 200 bytes
_HEAD_BYTES = 256
_REFUSED_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"<\x00", b"\x00<")  # UTF-16 and UTF-32
# A document type declaration (where entities are declared: billion laughs, external entities). Excel, WPS and
# LibreOffice never write one; case-insensitive because some XML readers accept "<!doctype".
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_PARTS = (".xml", ".rels", ".vml")
_XML_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
# A row's start tag, and its number when it is the first attribute (as Excel, WPS, LibreOffice and openpyxl write it).
_ROW_HEAD = re.compile(rb"<" + _PREFIX + rb"row(?=[\s/>])(\s+r\s*=\s*[\"']?([0-9]*))?")
_PLAIN_ROW_HEAD = re.compile(rb"<row(?=[\s/>])(\s+r\s*=\s*[\"']?([0-9]*))?")
_PREFIXED_ROW = re.compile(rb":row[\s/>]")
_PREFIXED_STRING = re.compile(rb"<[^\s<>/=:\"']+:si[\s/>]")
_REFERENCE = re.compile(rb"&(?:#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z_][A-Za-z0-9_.-]*);")
_MAX_BYTES_PER_CHARACTER = 10  # the longest way to write one character in XML: &#x10FFFF; or &#1114111;
_RUN_BLOCK = 16 * 1024  # a block with no '<' or '>' is the sign of a long text (see _TextRuns)


class _TextRuns:
    """The longest text between two tags ('<' or '>') of a part, checked against a cell's limit as the part streams
    by: python-calamine and quick-xml hold a text or a tag whole, so one 60 MB cell costs gigabytes.

    Cheap for real XML: each block of 16 KB (half the limit) is only searched for a '<' or '>'; only a block without
    one (a run of at least a block) is measured exactly, in characters, a reference such as ``&amp;`` counting as
    one."""

    def __init__(self, file: str, part: str, limit: int) -> None:
        self.file, self.part, self.limit = file, part, limit
        self._open = b""  # the text after the last '<' or '>' of the pieces so far
        # A run longer than the limit always holds a whole block when 2 * block - 1 <= limit + 1.
        self._block = max(1, min(_RUN_BLOCK, (limit + 2) // 2))

    def feed(self, piece: bytes) -> None:
        first, last = _first_mark(piece, 0, len(piece)), _last_mark(piece)
        if first < 0:
            self._open += piece
            if len(self._open) > self.limit * _MAX_BYTES_PER_CHARACTER:
                raise _long_text(self.file, self.part, self.limit)
            return
        self._check(self._open + piece[:first])
        start = first + 1
        while start < last:
            end = min(start + self._block, last)
            if _first_mark(piece, start, end) < 0:  # a run of a block or more: measure it
                run_start = _last_mark(piece, 0, start) + 1
                run_end = _first_mark(piece, end, len(piece))
                self._check(piece[run_start:run_end])
                start = run_end + 1
            else:
                start = end
        self._open = piece[last + 1 :]

    def finish(self) -> None:
        self._check(self._open)
        self._open = b""

    def _check(self, run: bytes) -> None:
        if len(run) <= self.limit:
            return
        if len(run) > self.limit * _MAX_BYTES_PER_CHARACTER or _characters(run) > self.limit:
            raise _long_text(self.file, self.part, self.limit)


def _first_mark(data: bytes, start: int, end: int) -> int:
    """The first '<' or '>' in data[start:end], or -1."""
    found = [at for at in (data.find(b"<", start, end), data.find(b">", start, end)) if at >= 0]
    return min(found) if found else -1


def _last_mark(data: bytes, start: int = 0, end: int | None = None) -> int:
    """The last '<' or '>' in data[start:end], or -1."""
    end = len(data) if end is None else end
    return max(data.rfind(b"<", start, end), data.rfind(b">", start, end))


def _characters(run: bytes) -> int:
    """The characters of a text as a reader sees them (UTF-8 decoded, each reference one character)."""
    return len(_REFERENCE.sub(b"&", run).decode("utf-8", errors="replace"))


class _PartScanner:
    """Feeds a part's text to ``_scan`` in pieces that never cut a tag (tags contain no '<')."""

    def __init__(self, file: str, part: str, max_characters: int = 32_767) -> None:
        self.file, self.part = file, part
        self._xml = part.lower().endswith(_XML_PARTS)
        self._runs = _TextRuns(file, part, max_characters) if self._xml else None
        self.needs_sequential_scan = False
        self.max_row = 0
        self.max_column = 0
        self.rows = 0  # <row> elements, empty ones too
        self.shared_strings = 0  # <si> elements (the items of a shared strings part)
        self.string_cells = 0  # cells of type "s" (a shared string), as Excel, WPS and LibreOffice write them
        self._carry = b""
        self._head = b""

    def feed(self, data: bytes) -> None:
        if len(self._head) < _HEAD_BYTES:
            self._head += data[: _HEAD_BYTES - len(self._head)]
        if self._runs is not None:
            self._runs.feed(data)
        if self._carry:
            data = self._carry + data
        # The carry keeps everything from the last '<', so a declaration cut between two pieces is seen whole here.
        if self._xml and b"<!" in data and _DOCTYPE.search(data):
            raise _entities(self.file, self.part)
        cut = data.rfind(b"<")
        if cut < 0:
            self._carry = b""  # no tag starts here, and none was pending
            return
        self._count(data, cut)
        self._scan(data, cut)
        carry = data[cut:]
        if len(carry) > _MAX_TAG_BYTES:
            if _RELEVANT_TAG_START.match(carry):
                raise _unusual(self.file, self.part)
            carry = b""  # long text after some other tag: nothing in it matters here
        self._carry = carry

    def _count(self, data: bytes, end: int) -> None:
        self.shared_strings += data.count(b"<si>", 0, end) + data.count(b"<si ", 0, end)
        if b":si" in data:
            self.shared_strings += len(_PREFIXED_STRING.findall(data, 0, end))
        self.string_cells += data.count(b' t="s"', 0, end) + data.count(b" t='s'", 0, end)

    def finish(self) -> None:
        if self._runs is not None:
            self._runs.finish()
        self._count(self._carry, len(self._carry))
        self._scan(self._carry, len(self._carry))
        self._carry = b""
        head = self._head
        declared = _XML_DECLARATION.match(head)
        if head.startswith(_REFUSED_STARTS) or (declared and declared[1].lower() not in (b"utf-8", b"utf8")):
            # Excel writes UTF-8 only; another encoding would hide the tags from the scan above
            raise _unusual(self.file, self.part)

    def extent(self) -> tuple[int, int]:
        """The rows (the last row holding a cell, the highest row number, or the number of <row> elements, whichever
        is largest) and the last column holding a cell (1-based), or (0, 0)."""
        return max(self.max_row, self.rows), self.max_column

    def _scan(self, data: bytes, end: int) -> None:
        raise NotImplementedError

    def _note(self, row: int, column: int) -> None:
        self.max_row = max(self.max_row, row)
        self.max_column = max(self.max_column, column)


class _FastScanner(_PartScanner):
    """Takes the highest row number and column letters of cells that name their reference first, and of rows that
    name their number first, piece by piece (nothing grows with the part).

    Work per cell stays in C (one regex, set updates); a part with any other cell or row asks for the sequential
    scan."""

    def _scan(self, data: bytes, end: int) -> None:
        if b"row" in data:
            # As for cells below: a pattern that starts with a literal is far faster, where it finds the same rows.
            pattern = _ROW_HEAD if _PREFIXED_ROW.search(data, 0, end) else _PLAIN_ROW_HEAD
            heads = pattern.findall(data, 0, end)
            self.rows += len(heads)
            numbers = set(map(_SECOND, heads))
            if b"" in numbers:
                numbers.discard(b"")
                if not any(not first for first, _number in heads):
                    raise _unusual(self.file, self.part)  # r="" or r="x": calamine would guess
                self.needs_sequential_scan = True  # a row that does not name its number first
            if numbers:
                _refuse_long_numbers(numbers, self.file, self.part)
                self.max_row = max(self.max_row, max(map(int, numbers)))
        # Without a namespace-prefixed cell tag in the piece, the same matches come from a pattern that starts with
        # a literal, which the regular expression engine finds far faster than one starting with an optional prefix.
        prefixed = _PREFIXED_CELL.search(data, 0, end) is not None
        if not prefixed and self._quoted_cells(data, end):
            return
        pattern = _CELL_HEAD if prefixed else _PLAIN_CELL_HEAD
        found = pattern.findall(data, 0, end)
        if not found:
            return
        if b"" in set(map(_FIRST, found)):
            self.needs_sequential_scan = True
        rows, columns = set(map(_THIRD, found)), set(map(_SECOND, found))
        if not self.needs_sequential_scan and (b"" in rows or b"" in columns):
            # calamine reads a reference without a row or a column as column 4,294,967,295: never let it try
            raise _unusual(self.file, self.part)
        rows.discard(b"")
        columns.discard(b"")
        if rows and columns:
            _refuse_long_numbers(rows, self.file, self.part)
            self._note(max(map(int, rows)), max(map(_column_number, columns)))

    def _quoted_cells(self, data: bytes, end: int) -> bool:
        """Whether every cell start tag of data[:end] is ``<c r="`` and a reference with both letters and digits,
        the piece then taken as the general pattern takes it (each such tag names its reference first, none lacks a
        row or a column); False, nothing noted, for any other piece, which the general pattern then reads."""
        found = _QUOTED_CELL_HEAD.findall(data, 0, end)
        if not found:
            return True  # no cell at all: nothing to note, as below
        rows, columns = set(map(_SECOND, found)), set(map(_FIRST, found))
        if b"" in rows or b"" in columns:
            return False  # another cell tag, or a reference without a row or a column: read as before
        _refuse_long_numbers(rows, self.file, self.part)
        self._note(max(map(int, rows)), max(map(_column_number, columns)))
        return True


class _SequentialScanner(_PartScanner):
    """Follows rows and cells in order, placing a cell without a reference as calamine does: after the one before."""

    def __init__(self, file: str, part: str, max_characters: int = 32_767) -> None:
        super().__init__(file, part, max_characters)
        self._row = 0  # 0-based, like calamine
        self._column = 0

    def _scan(self, data: bytes, end: int) -> None:
        cells = 0
        for closing, name, attributes, empty in _ROW_OR_CELL.findall(data, 0, end):
            if name == b"row":
                self._row_tag(bool(closing), attributes, bool(empty))
            elif not closing:
                cells += 1
                self._cell_tag(attributes)
        if cells != len(_CELL_HEAD.findall(data, 0, end)):
            raise _unusual(self.file, self.part)  # a cell tag the tokenizer above cannot follow

    def _count(self, data: bytes, end: int) -> None:
        pass  # counted by the fast scan before, over the same text

    def _row_tag(self, closing: bool, attributes: bytes, empty: bool) -> None:
        if not closing:
            self.rows += 1
            reference = _attribute(attributes, b"r")
            if reference is not None:
                if not reference.isdigit() or len(reference) > MAX_DIGITS:
                    raise _unusual(self.file, self.part)
                self._row = max(int(reference) - 1, 0)
            self.max_row = max(self.max_row, self._row + 1)
        if closing or empty:
            self._row += 1
            self._column = 0

    def _cell_tag(self, attributes: bytes) -> None:
        reference = _attribute(attributes, b"r")
        if reference is None:
            row, column = self._row, self._column
        else:
            parsed = _CELL_REFERENCE.fullmatch(reference)
            if parsed is None or len(parsed[2]) > MAX_DIGITS:
                raise _unusual(self.file, self.part)
            row, column = max(int(parsed[2]) - 1, 0), _column_number(parsed[1]) - 1
        self._note(row + 1, column + 1)
        self._column = column + 1


#: The most digits a row number may have: far past any row a sheet may reach (the limits stop at 1,048,576), and
#: well within what Python turns into a number from text (4,300 digits; more raise ValueError, not a refusal).
MAX_DIGITS = 20


def _refuse_long_numbers(numbers: set[bytes], file: str, part: str) -> None:
    if max(map(len, numbers)) > MAX_DIGITS:
        raise _unusual(file, part)


def _attribute(attributes: bytes, name: bytes) -> bytes | None:
    parts: list[tuple[bytes, bytes, bytes]] = _ATTRIBUTE_PARTS.findall(attributes)
    for key, double_quoted, single_quoted in parts:
        if key == name:
            return double_quoted or single_quoted
    return None


#: Letters of a column past which its number is not worked out: already past any column a sheet may reach (Excel's
#: last is XFD), and a number of thousands of letters costs time that grows with their square (60,000: 0.6 s each).
MAX_LETTERS = 8


def _column_number(letters: bytes) -> int:
    """1 for A, 27 for AA. Long nonsense gives a huge number, which the column cap refuses: past MAX_LETTERS, the
    number of that many Z's plus one, whatever the letters."""
    if len(letters) > MAX_LETTERS:
        return _column_number(b"Z" * MAX_LETTERS) + 1
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def column_letter(column: int) -> str:
    """'A' for column 1, 'Z' for 26, 'AA' for 27."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_reference(row: int, column: int) -> str:
    """'C5' for row 5, column 3 (both 1-based)."""
    return f"{column_letter(column)}{row}"
