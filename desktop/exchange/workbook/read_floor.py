"""A floor under a large sheet's problems, counted while its rows are read, so that the workbook's bound on
problems (decision 164) stops the *reading* of junk rows, not only their conversion (decision 188).

A sheet is read whole before its first row is converted, so a workbook of junk rows just under the cells cap
(880,000 rows of one cell: a 4 MB file) cost its reading, hundreds of MB, before the bound refused it. Here each
reader (the strict reader of our own XML, the streamed reader of other programs', in this process or in a worker)
is given a check it calls after each piece of rows: the check counts the cells of the rows read so far that
certainly fail their conversion, and stops the reading (ReadStopped) once they pass the bound. The reader
(desktop.exchange.workbook.reader) turns that into the bound's own refusal, TooManyProblems.

What is counted, and why it is a floor: only the whole-number columns (Kind.INTEGER: a declaration's version, an
interest's row number, ...), whose converter refuses an empty cell and anything but digits, and only a cell the
converter itself refuses, in a row that is not empty (the tables skip empty rows). The careful path converts every
such cell of every such row and counts each failure as a problem (listed or only counted, decision 152), so a
workbook whose floor passes the bound is refused by the careful path too, and by the chunked import, which leaves
any chunk with a problem to the careful path. The sheet's layout is known only from the cover, which is read after
the large sheets: the floor is the least over every layout this program reads (format 1, and format 2 on each known
form version), each locating its columns by the row of keys as the tables do; a layout whose columns are not all
there adds nothing (on that layout the sheet is not converted), and where none has them all, nothing is counted.
Real rows cost one test of a few cells each.

Rows that fail no conversion can still be certain problems of the assembly (decision 199): on the declarations sheet,
a row whose declaration id a row above it already holds is "the declaration appears twice" (junk rows of ``1`` in the
whole-number cells and nothing else repeat the empty id). Counted as a floor too: of k rows holding one id, the
careful path reports at least k - 1 problems beyond their cells' (the first row kept takes the id and every later
row kept repeats it; a row left out, its failed cells only counted, counts one problem more, decision 164), and equal
cells convert to equal ids. Only a text is compared as it is (any other value by the id it converts to), so that two
cells equal as Python values but not as texts (1 and True) are never taken for one id. On the interests sheet, a row
whose question, relation or status is none of the form's is "this interest row cannot be read" (on every form
version, whatever else it holds; one problem however many of them fail, decision 203), and on the family sheet one
whose relation is none of the form's "this family row cannot be read". Real rows cost a few look-ups each. A sheet
python-calamine reads (one the streamed reader does not take: numbers in its cells) comes whole, within its cells
cap; its floor is called once, before its rows are converted.

An interest or family row naming no declaration of the workbook is "this row belongs to no declaration" (one problem
a row, decision 217), counted once the floor is given the declarations sheet's ids (``declared``, DeclaredIds: every
declaration row's id, a superset of those that take their rows); from then on the floor counts again from the
sheet's first row, so the row it names is the one where the careful path's count passes the bound. Only a row the
floor counts nothing else for is counted (its cells and words read, it is kept, and with an id no declaration row
holds it is left over: one problem, whatever else the careful path finds in it). The ids are compared as the
converter reads them (a text as it is where a declaration row holds the same text). The reader gives the ids to the
floor of a sheet it reads in this process (desktop.exchange.workbook.reader); a floor in a worker has none.

A family row past the most family members of its declaration (the form's number, 50 on form version 2; decision
222) is "one too many" (``family.too_many``, one problem a row, reported as the family rows are read, before the
orphans), counted in every reader, with or without the ids, so that family rows naming one id, the workbook's own or
none of its, stop the reading where the careful path's count passes the bound. Every row that is not empty counts
toward its id's rows (the careful path counts every row it reads, whether it converts or not); past the most, a row
the floor counts nothing else for adds one. The ids are compared as the converter reads them, finer where that would
cost a conversion (a text as it is, any other value by the id it converts to, never a text with another value): a
finer count only counts less. A row the careful path leaves out (its failed cells only counted) is one the floor
counted toward its id, but it costs the careful path at least two problems to the floor's one. The counts are kept
per distinct id, forgetting those under the most once there are 100,000 (which only counts less). With the ids, the
orphans among the first 50 rows of an id no declaration holds are counted in sheet order, so the floor names a row
up to 50 rows before the careful path's (which reports the orphans last); both refuse the file.

An interest row past the most interests of its declaration (the form's number, 200 on form versions 1 and 2, so in
format 1 too; decision 234) is counted the same way (``interest.too_many``, reported as the interest rows are grouped,
before the orphans): a million interest rows naming one declaration, which a cover whose counts were raised and
re-signed lets through, stop the reading where the careful path's count passes the bound.

Not counted (decision 203): declaration rows each holding its own id (the careful path reads them as declarations,
with no problem of the reading).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from desktop.exchange import problems as _problems
from desktop.exchange.vocabulary import QUESTION_WORDS, RELATION_WORDS, STATUS_WORDS, word_table
from desktop.exchange.workbook.cells import CellError
from desktop.exchange.workbook.columns import (
    DECLARATIONS_SHEET,
    FAMILY_SHEET,
    INTERESTS_SHEET,
    READABLE_FORMAT_VERSIONS,
    Column,
    Kind,
    layout,
)
from desktop.exchange.workbook.converters import converter
from desktop.exchange.workbook.table import KEY_ROW_SEARCH, table_positions
from desktop.form import known_form_versions

__all__ = ["DeclaredIds", "ProblemFloor", "ReadStopped", "declared_ids", "floors_for", "names_only_declared"]


class ReadStopped(Exception):  # not a refusal yet: the reader refuses the file with TooManyProblems
    """Raised by a floor inside a reader, possibly in a worker (pickled by its arguments): the sheet and the row at
    which the cells that certainly fail passed the bound."""

    def __init__(self, sheet: str, row: int, bound: int) -> None:
        super().__init__(sheet, row, bound)
        self.sheet, self.row, self.bound = sheet, row, bound


def layouts_of(sheet: str) -> list[tuple[Column, ...]]:
    """The columns ``sheet`` has in every layout this program reads, each set once."""
    found: list[tuple[Column, ...]] = []
    shapes = [layout(1)] + [layout(2, number) for number in known_form_versions()]
    assert READABLE_FORMAT_VERSIONS == (1, 2)  # a new format must be listed here too
    for shape in shapes:
        columns = shape.sheets.get(sheet)
        if columns is not None and columns not in found:
            found.append(columns)
    return found


def _most_rows(sheet: str, columns: tuple[Column, ...]) -> int | None:
    """The most rows of one declaration on ``sheet`` (the family sheet: the form's most family members, decision
    222; the interests sheet: its most interests, decision 234) of the layouts whose ``sheet`` has ``columns``: the
    largest of their forms' numbers, None (nothing counted) where one has none."""
    shapes = [layout(1)] + [layout(2, number) for number in known_form_versions()]
    found = [
        shape.form.max_family_members if sheet == FAMILY_SHEET else shape.form.max_interests
        for shape in shapes
        if shape.sheets.get(sheet) == columns
    ]
    return None if not found or None in found else max(n for n in found if n is not None)


def floors_for(sheets: tuple[str, ...]) -> dict[str, ProblemFloor]:
    """A fresh floor for each of ``sheets`` (each reader of a sheet gets its own), at the workbook's bound."""
    return {sheet: ProblemFloor(sheet, _problems.MAX_PROBLEMS) for sheet in sheets}


@dataclass
class ProblemFloor:
    """Called by a reader with its rows so far (``check(rows)``), after each piece; raises ReadStopped once the
    cells that certainly fail their conversion pass ``bound``. Picklable, and small (a worker is sent only what
    locates its part, not the file): it finds the sheet's layouts itself."""

    sheet: str
    bound: int
    checked: int = 0  # rows looked at
    #: For each layout whose columns are all there: the index of its first row of data, the positions of its
    #: whole-number columns, and [the cells found failing so far, the row at which they passed the bound or 0].
    #: None until the row of keys is located; empty where nothing can be counted (no layout fits, or one that fits
    #: has no such column).
    located: list[tuple[int, tuple[int, ...], list[int]]] | None = field(default=None)
    #: For each layout of ``located`` (same order), what makes a row that converts a certain problem of the assembly
    #: (decision 199): the declarations sheet's declaration id (its position, -1 on another sheet) and the ids seen
    #: so far; the interests sheet's question, relation and status, the family sheet's relation (decision 203).
    records: list[_Records] = field(default_factory=list)
    #: The declarations sheet's ids, once known (set by the reader): an interest or family row naming none of them is
    #: counted (decision 217).
    declared: DeclaredIds | None = None

    def __call__(self, rows: Sequence[Sequence[object]]) -> None:
        if self.located is None:
            if len(rows) < KEY_ROW_SEARCH:
                return  # the row of keys is looked for among the first rows: wait for them
            self.located = self._locate(rows)
        start, self.checked = self.checked, len(rows)
        if self.declared is not None and any(r.owner >= 0 and r.declared is None for r in self.records):
            # The ids came after some rows were read: counted again from the first row, orphans included.
            start = 0
            for (_first, _positions, counted), records in zip(self.located, self.records, strict=True):
                counted[:] = [0, 0]
                records.declared = self.declared if records.owner >= 0 else None
                records.rows_of.clear()
        for (first, positions, counted), records in zip(self.located, self.records, strict=True):
            if not counted[1]:
                _count(rows, max(start, first), positions, counted, self.bound, records)
        if self.located and all(counted[1] for _first, _positions, counted in self.located):
            # The least of the layouts' counts passed the bound where the last of them did.
            raise ReadStopped(self.sheet, max(counted[1] for _first, _positions, counted in self.located), self.bound)

    def _locate(self, rows: Sequence[Sequence[object]]) -> list[tuple[int, tuple[int, ...], list[int]]]:
        head = [list(row) for row in rows[:KEY_ROW_SEARCH]]
        found = []
        for columns in layouts_of(self.sheet):
            located = table_positions(self.sheet, head, columns, [], None, None)
            if located is None:
                continue  # on this layout the sheet is not converted
            key_row, where = located
            positions = tuple(where[c.key] for c in columns if c.kind is Kind.INTEGER)
            words = tuple((where[key], table) for key, table in _WORDS.get(self.sheet, ()) if key in where)
            identity = where["declaration_id"] if self.sheet == DECLARATIONS_SHEET else -1
            owner = where["declaration_id"] if self.sheet in _OWNED and "declaration_id" in where else -1
            most = _most_rows(self.sheet, columns) if owner >= 0 else None
            records = _Records(identity, words, owner, most)
            if (
                not positions
                and records.identity < 0
                and not records.words
                and records.owner < 0
                and records.most is None
            ):
                self.records = []
                return []  # a layout that fits with nothing counted: the floor is nought
            found.append((key_row + 1, positions, [0, 0]))
            self.records.append(records)
        return found


@dataclass
class _Records:
    """What makes a row a certain problem of the assembly beside its cells: a declaration id a row above holds
    (``identity``: the column's position, -1: not counted; ``seen``: the ids so far), a word cell whose text is none
    of the words its record is read with (``words``: each column's position and its words; none: not counted), an
    interest or family row naming no declaration (``owner``: its declaration id's position, -1: not counted;
    ``declared``: the declarations' ids, None until known), a family (interest) row past the most members (interests)
    of its declaration (``most``: the form's number, None: not counted; ``rows_of``: the rows so far of each id,
    decisions 222, 234)."""

    identity: int
    words: tuple[tuple[int, frozenset[str]], ...]
    owner: int = -1
    most: int | None = None
    seen: set[object] = field(default_factory=set)
    declared: DeclaredIds | None = None
    rows_of: _RowsOf = field(default_factory=lambda: _RowsOf())

    def past_most(self, row: Sequence[object]) -> int:
        """1 if ``row`` (any row that is not empty, each once, in order) is past the most family members (interests)
        of the id it names, else 0. Its id is compared as the converter reads it, finer where that costs a
        conversion: a text as it is, any other value by the id it converts to, never a text with another value (two
        texts the converter reads as one id are then two: counted less, never more, than the careful path counts)."""
        if self.most is None:
            return 0
        value = row[self.owner] if self.owner < len(row) else None
        return 1 if self.rows_of.add(value if type(value) is str else None, value, self.most) > self.most else 0

    def assembly(self, row: Sequence[object], cells: bool) -> int:
        """The problems the assembly certainly reports for ``row`` (a row that is not empty, after those above it)
        beyond its cells' (``cells``: some of them counted): a repeated id, a word none of the form's, one past the
        most members of its id, one naming no declaration; a row counted for one is not counted for the next."""
        found = self.problem(row)
        past = self.past_most(row)  # every row counts toward its id's rows, as the careful path counts them
        if found or cells:
            return found
        return past or self.orphan(row)

    def orphan(self, row: Sequence[object]) -> int:
        """1 if ``row`` (one counted for nothing else) names no declaration of the workbook, else 0."""
        if self.declared is None:
            return 0
        return 0 if self.declared.names(row[self.owner] if self.owner < len(row) else None) else 1

    def problem(self, row: Sequence[object]) -> int:
        """1 if the assembly certainly reports ``row`` (a row that is not empty, after those above it), else 0."""
        if self.identity >= 0:
            value = row[self.identity] if self.identity < len(row) else None  # the tables pad a short row: None
            key = value if type(value) is str else _identifier(value)
            if key in self.seen:
                return 1  # this declaration appears twice, or its row is left out
            self.seen.add(key)
        for position, words in self.words:
            value = row[position] if position < len(row) else None
            if not (type(value) is str and value in words) and _word(value) not in words:
                return 1  # this interest (family) row cannot be read, or its row is left out: one problem
        return 0


#: Distinct ids a floor keeps the rows of before it forgets those with fewer rows than the most members (decision
#: 222): the rows of an id forgotten count again from nought, which only counts less; the ids kept then each have
#: that many rows, so they are bounded by the rows read over it.
_KEPT_IDS = 100_000


@dataclass
class _RowsOf:
    """The rows so far of each declaration id a family (interests) sheet's rows name: texts as they are, other values
    by the id they convert to (two tables, so that a text and another value are never one id)."""

    texts: dict[str, int] = field(default_factory=dict)
    others: dict[str, int] = field(default_factory=dict)
    kept: int = _KEPT_IDS

    def add(self, text: str | None, value: object, most: int) -> int:
        """The rows of this row's id with it: ``text`` where the cell holds one, else ``value`` converted; past
        ``kept`` ids, those of fewer than ``most`` rows are forgotten."""
        table, key = (self.texts, text) if text is not None else (self.others, _identifier(value))
        table[key] = rows = table.get(key, 0) + 1
        if len(table) > self.kept:
            for forgotten in [k for k, n in table.items() if n < most]:
                del table[forgotten]
            self.kept = max(_KEPT_IDS, 2 * len(table))
        return rows

    def clear(self) -> None:
        self.texts.clear()
        self.others.clear()


def _count(
    rows: Sequence[Sequence[object]],
    start: int,
    positions: tuple[int, ...],
    counted: list[int],
    bound: int,
    records: _Records,
) -> None:
    """Add to ``counted[0]`` the cells at ``positions`` of the rows from ``start`` on that the whole-number converter
    refuses, and the rows that are certain problems as ``records`` says, in rows that are not empty; stop at the
    row where they pass ``bound`` (its number in ``counted[1]``)."""
    convert = converter(Kind.INTEGER)
    assembled = records.identity >= 0 or bool(records.words) or records.most is not None or records.declared is not None
    failed = counted[0]
    for index in range(start, len(rows)):
        row = rows[index]
        if not any(row) and all(value in (None, "") for value in row):
            continue  # an empty row: the tables skip it
        before = failed
        for position in positions:
            value = row[position] if position < len(row) else ""
            if type(value) is str and value.isdigit() and value.isascii() and len(value) <= 9:
                continue  # what every real row holds: converted
            try:
                convert(value)
            except CellError:
                failed += 1
        if assembled:
            failed += records.assembly(row, failed > before)
        if failed > bound:
            counted[0], counted[1] = failed, index + 1
            return
    counted[0] = failed


#: The columns of each sheet whose words its record cannot be read without on any form version, whatever else it
#: holds, and the texts that name one of their words (each word and each code, as
#: desktop.exchange.vocabulary.word_to_member finds them): an interest's question, relation and status
#: (rows.interest_from_row, rows_v2.interest_from_row_v2; not its role: one word in format 1, several in format 2),
#: a family member's relation (rows_v2.member_from_row). A row failing several is one problem: counted once.
_WORDS: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    INTERESTS_SHEET: (
        ("question", frozenset(word_table(QUESTION_WORDS))),
        ("relation", frozenset(word_table(RELATION_WORDS))),
        ("status", frozenset(word_table(STATUS_WORDS))),
    ),
    FAMILY_SHEET: (("relation", frozenset(word_table(RELATION_WORDS))),),
}


#: The sheets whose rows belong to a declaration, named by its id (decision 217).
_OWNED = (INTERESTS_SHEET, FAMILY_SHEET)


@dataclass(frozen=True)
class DeclaredIds:
    """The declaration ids of a declarations sheet: each row's id cell as it is (a text) or as it converts (any other
    value), on every layout that fits; a superset of the ids that take their interest and family rows."""

    cells: frozenset[str]

    @cached_property
    def ids(self) -> frozenset[str]:
        """The ids as the assembly reads them: each converted (asked for only when a row's text is not a cell's)."""
        return frozenset(_identifier(cell) for cell in self.cells)

    def names(self, value: object) -> bool:
        """Whether an interest or family row's id cell names a declaration of the sheet (as the tables convert it)."""
        return (type(value) is str and value in self.cells) or _identifier(value) in self.ids


def names_only_declared(sheet: str, rows: Sequence[Sequence[object]], declared: DeclaredIds) -> bool:
    """Whether every row of ``sheet`` (interests or family) holds, on every layout that fits, a declaration id cell
    that is the text of a declaration row's (the case of every real workbook, told by one look-up a row): its floor
    then counts no row naming no declaration, and need not count again with the ids."""
    head = [list(row) for row in rows[:KEY_ROW_SEARCH]]
    cells = declared.cells
    for columns in layouts_of(sheet):
        located = table_positions(sheet, head, columns, [], None, None)
        if located is None:
            continue
        key_row, where = located
        position = where.get("declaration_id", -1)
        if position < 0:
            continue
        for row in rows[key_row + 1 :]:
            value = row[position] if position < len(row) else None
            if not (type(value) is str and value in cells):
                return False
    return True


def declared_ids(
    rows: Sequence[Sequence[object]], below: Callable[[int, int], Iterable[object] | None] | None = None
) -> DeclaredIds | None:
    """The ids of a declarations sheet's rows below its row of keys, on every layout this program reads that fits;
    None where none fits (the sheet is then not converted, and nothing is counted against it). ``below``: where the
    ids are kept apart from ``rows`` (a packed sheet's column; ``rows`` its first rows only), the id cells below the
    row of keys given that row and the id's position, or None where it has none there (then no ids at all)."""
    head = [list(row) for row in rows[:KEY_ROW_SEARCH]]
    cells: set[str] = set()
    fits = False
    for columns in layouts_of(DECLARATIONS_SHEET):
        located = table_positions(DECLARATIONS_SHEET, head, columns, [], None, None)
        if located is None:
            continue
        fits = True
        key_row, where = located
        position = where["declaration_id"]
        values = (
            (row[position] if position < len(row) else None for row in rows[key_row + 1 :])
            if below is None
            else below(key_row, position)
        )
        if values is None:
            return None
        cells.update(value if type(value) is str else _identifier(value) for value in values)
    return DeclaredIds(frozenset(cells)) if fits else None


def _word(value: object) -> str:
    """The text the tables make of a word cell ("" where its conversion fails: the row kept without it)."""
    try:
        return str(converter(Kind.WORD)(value) or "")
    except CellError:
        return ""


def _identifier(value: object) -> str:
    """The declaration id the tables make of a cell: what its converter gives, "" when it fails (the row kept without
    it, as the assembly reads it: ``row.get("declaration_id") or ""``)."""
    try:
        return str(converter(Kind.IDENTIFIER)(value) or "")
    except CellError:
        return ""
