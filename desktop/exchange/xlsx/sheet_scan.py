"""Measuring a sheet part's used range (and noting signs of formulas, merged cells and entity declarations) from
its raw XML, as a stream, before any parser sees it: python-calamine allocates rows x columns of the used range at
once, so one far-away cell would abort the process. Also the names of cells (column_letter, cell_reference)."""

from __future__ import annotations

import operator
import re

from desktop.exchange.xlsx.errors import _entities, _unusual

# Any namespace prefix (calamine compares local names), then the element name.
_PREFIX = rb"(?:[^\s<>/=:\"']+:)?"
# A cell's start tag, and its reference when it is the first attribute, as every common writer puts it.
_CELL_HEAD = re.compile(rb"<" + _PREFIX + rb"c(?=[\s/>])(\s+r\s*=\s*[\"']?([A-Za-z]*)([0-9]*))?")
_PLAIN_CELL_HEAD = re.compile(rb"<c(?=[\s/>])(\s+r\s*=\s*[\"']?([A-Za-z]*)([0-9]*))?")
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


class _PartScanner:
    """Feeds a part's text to ``_scan`` in pieces that never cut a tag (tags contain no '<')."""

    def __init__(self, file: str, part: str) -> None:
        self.file, self.part = file, part
        self._xml = part.lower().endswith(_XML_PARTS)
        self.needs_sequential_scan = False
        self.max_row = 0
        self.max_column = 0
        self._carry = b""
        self._head = b""

    def feed(self, data: bytes) -> None:
        if len(self._head) < _HEAD_BYTES:
            self._head += data[: _HEAD_BYTES - len(self._head)]
        if self._carry:
            data = self._carry + data
        # The carry keeps everything from the last '<', so a declaration cut between two pieces is seen whole here.
        if self._xml and b"<!" in data and _DOCTYPE.search(data):
            raise _entities(self.file, self.part)
        cut = data.rfind(b"<")
        if cut < 0:
            self._carry = b""  # no tag starts here, and none was pending
            return
        self._scan(data, cut)
        carry = data[cut:]
        if len(carry) > _MAX_TAG_BYTES:
            if _RELEVANT_TAG_START.match(carry):
                raise _unusual(self.file, self.part)
            carry = b""  # long text after some other tag: nothing in it matters here
        self._carry = carry

    def finish(self) -> None:
        self._scan(self._carry, len(self._carry))
        self._carry = b""
        head = self._head
        declared = _XML_DECLARATION.match(head)
        if head.startswith(_REFUSED_STARTS) or (declared and declared[1].lower() not in (b"utf-8", b"utf8")):
            # Excel writes UTF-8 only; another encoding would hide the tags from the scan above
            raise _unusual(self.file, self.part)

    def extent(self) -> tuple[int, int]:
        """The last row and column (1-based) holding a cell, or (0, 0)."""
        return self.max_row, self.max_column

    def _scan(self, data: bytes, end: int) -> None:
        raise NotImplementedError

    def _note(self, row: int, column: int) -> None:
        self.max_row = max(self.max_row, row)
        self.max_column = max(self.max_column, column)


class _FastScanner(_PartScanner):
    """Collects the distinct row numbers and column letters of cells that name their reference first.

    Work per cell stays in C (one regex, set updates); a part with any other cell asks for the sequential scan.
    """

    def __init__(self, file: str, part: str) -> None:
        super().__init__(file, part)
        self._rows: set[bytes] = set()
        self._columns: set[bytes] = set()

    def _scan(self, data: bytes, end: int) -> None:
        # Without a namespace-prefixed cell tag in the piece, the same matches come from a pattern that starts with
        # a literal, which the regular expression engine finds far faster than one starting with an optional prefix.
        pattern = _CELL_HEAD if _PREFIXED_CELL.search(data, 0, end) else _PLAIN_CELL_HEAD
        found = pattern.findall(data, 0, end)
        if not found:
            return
        if b"" in set(map(_FIRST, found)):
            self.needs_sequential_scan = True
        self._rows.update(map(_THIRD, found))
        self._columns.update(map(_SECOND, found))

    def finish(self) -> None:
        super().finish()
        if self.needs_sequential_scan:
            return
        if b"" in self._rows or b"" in self._columns:
            # calamine reads a reference without a row or a column as column 4,294,967,295: never let it try
            raise _unusual(self.file, self.part)
        if self._rows:
            self._note(max(map(int, self._rows)), max(map(_column_number, self._columns)))


class _SequentialScanner(_PartScanner):
    """Follows rows and cells in order, placing a cell without a reference as calamine does: after the one before."""

    def __init__(self, file: str, part: str) -> None:
        super().__init__(file, part)
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

    def _row_tag(self, closing: bool, attributes: bytes, empty: bool) -> None:
        if not closing:
            reference = _attribute(attributes, b"r")
            if reference is not None:
                if not reference.isdigit():
                    raise _unusual(self.file, self.part)
                self._row = max(int(reference) - 1, 0)
        if closing or empty:
            self._row += 1
            self._column = 0

    def _cell_tag(self, attributes: bytes) -> None:
        reference = _attribute(attributes, b"r")
        if reference is None:
            row, column = self._row, self._column
        else:
            parsed = _CELL_REFERENCE.fullmatch(reference)
            if parsed is None:
                raise _unusual(self.file, self.part)
            row, column = max(int(parsed[2]) - 1, 0), _column_number(parsed[1]) - 1
        self._note(row + 1, column + 1)
        self._column = column + 1


def _attribute(attributes: bytes, name: bytes) -> bytes | None:
    parts: list[tuple[bytes, bytes, bytes]] = _ATTRIBUTE_PARTS.findall(attributes)
    for key, double_quoted, single_quoted in parts:
        if key == name:
            return double_quoted or single_quoted
    return None


def _column_number(letters: bytes) -> int:
    """1 for A, 27 for AA. Long nonsense gives a huge number, which the column cap refuses."""
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
