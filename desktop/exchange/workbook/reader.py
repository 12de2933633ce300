"""Reading a declaration workbook from an untrusted file: safety checks first, then the visible cells, mapped by the
machine keys of row 2 to values. Every problem is reported with its sheet, row and cell; the caller decides whether
anything may be stored (an import takes all of a workbook or nothing)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from desktop.domain.interests import BusinessInterest
from desktop.exchange.problems import SheetProblem
from desktop.exchange.vocabulary import DECLARATION_STATUS_WORDS
from desktop.exchange.workbook.cells import CellError, parse, to_text
from desktop.exchange.workbook.columns import (
    COVER_SHEET,
    DECLARATIONS_SHEET,
    FAMILY_SHEET,
    INTERESTS_SHEET,
    KEYS_SHEET,
    MISSING_SHEET,
    SHEET_COLUMNS,
    Kind,
    Layout,
    layout,
)
from desktop.exchange.workbook.cover import read_cover
from desktop.exchange.workbook.family import form_version_problems, orphan_members, read_members, shown_v2_problems
from desktop.exchange.workbook.model import DeclarationEntry, KeyEntry, MissingEntry, WorkbookContent
from desktop.exchange.workbook.rows import interest_from_row, signed_from_rows
from desktop.exchange.workbook.rows_v2 import interest_from_row_v2, with_form_v2
from desktop.exchange.workbook.table import read_table
from desktop.exchange.xlsx.encryption import WorkbookSource, open_workbook
from desktop.exchange.xlsx.errors import _entities, _unusual
from desktop.exchange.xlsx.own_sheets import read_own_sheets
from desktop.exchange.xlsx.safety import (
    UnreadableWorkbook,
    WorkbookLimits,
    _check_contents,
    _check_extension,
    _sheet_names,
    _unpacked,
    cell_reference,
    open_checked_package,
)
from desktop.i18n import N_

#: Declaration workbooks hold up to a city's roll-up: 500,000 declarations with 1,000,000 interests (decision 110;
#: what each limit bounds: WorkbookLimits and docs/workbook-format.md, "Size limits"). Rows: Excel's own maximum.
#: A plain file up to 1 GB (≈ 0.65 kB a declaration, measured) and 3.5 GB unpacked (≈ 4.5 kB a declaration on form
#: version 1, ≈ 7 kB on version 2 with two family members): both bound only the time of the streamed checks.
DECLARATION_LIMITS = WorkbookLimits(
    max_file_bytes=1024 * 1024 * 1024,
    max_unpacked_bytes=3584 * 1024 * 1024,
    max_rows=1_048_576,
    max_columns=100,
)


@dataclass
class ReadWorkbook:
    name: str
    content: WorkbookContent
    problems: list[SheetProblem] = field(default_factory=list)
    #: Sheet rows of each declaration, to name the row when its signature fails.
    declaration_rows: dict[str, int] = field(default_factory=dict)
    #: Cells shown for people but not signed that disagree with the signed data (findings of verification, not
    #: reasons to refuse the file).
    shown_problems: list[SheetProblem] = field(default_factory=list)


def read_workbook(
    path: Path,
    password: str | None = None,
    limits: WorkbookLimits = DECLARATION_LIMITS,
    executor: Executor | None = None,
) -> ReadWorkbook:
    """Read ``path``. Raises UnreadableWorkbook / UnsafeWorkbook (exit 2) when the file cannot be read safely at all;
    otherwise returns the content and every problem found in its cells. With an ``executor`` (a process pool), the
    two large sheets are parsed side by side in its processes."""
    _check_extension(path)
    with open_workbook(path, password) as source:
        read = _read_package(path.name, source, limits, executor)
        source.check_unchanged()  # what was checked is what was read
    return read


def _read_package(file: str, source: WorkbookSource, limits: WorkbookLimits, executor: Executor | None) -> ReadWorkbook:
    from python_calamine import CalamineError, CalamineWorkbook

    marked: set[str] = set()
    stream = source.handle
    with open_checked_package(stream, file, source.size, limits) as archive:
        # The two large sheets as our own writer writes them are read strictly, once (desktop.exchange.xlsx.own_sheets);
        # the parts it accepted need no scan. Every other part, and one it did not accept, is checked as before.
        own = read_own_sheets(stream, archive, file, limits, (DECLARATIONS_SHEET, INTERESTS_SHEET), executor)
        _check_contents(stream, archive, file, limits, marked, skip_parts=own.parts)
        problems = _structural_problems(stream, archive, file, marked)
    try:
        if source.reader_path is not None:
            workbook = CalamineWorkbook.from_path(source.reader_path)  # read from disk as needed, not whole
        else:
            stream.seek(0)
            workbook = CalamineWorkbook.from_filelike(stream)
        present = set(workbook.sheet_names)
        _require_sheets(file, present, (COVER_SHEET,))
    except CalamineError as exc:
        raise _unreadable(file, exc) from exc
    # Each sheet is read when its turn comes and dropped once converted (peak memory of a large import).
    sheets = _Sheets(file, workbook, own.rows)
    seen: list[SheetProblem] = []
    cover, shape = read_cover(sheets.pop(COVER_SHEET), problems, seen)
    _require_sheets(file, present, tuple(shape.sheets))
    return _assemble(file, sheets, problems, cover, shape, seen)  # type: ignore[arg-type]  # _Sheets pops like a dict


def _require_sheets(file: str, present: set[str], names: tuple[str, ...]) -> None:
    missing = [name for name in names if name not in present]
    if missing:
        raise UnreadableWorkbook(
            "missing_sheet",
            N_(
                "The workbook {file} has no sheet named {sheet}: it is not an exported declaration workbook, or "
                "a sheet was renamed or deleted."
            ),
            file=file,
            sheet=missing[0],
        )


def _unreadable(file: str, exc: Exception) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "unreadable",
        N_("The workbook {file} cannot be read ({reason}). Open it in Excel or WPS, save it again, and retry."),
        file=file,
        reason=str(exc),
    )


class _Sheets:
    """The values of the workbook's sheets by name: those the strict reader gave (``own``, the same values as
    python-calamine's), the others read by python-calamine on first use."""

    def __init__(self, file: str, workbook: object, own: dict[str, list[list[str]]] | None = None) -> None:
        self.file, self.workbook = file, workbook
        self.own = cast("dict[str, list[list[object]]]", own or {})

    def __getitem__(self, name: str) -> list[list[object]]:
        from python_calamine import CalamineError

        own = self.own.get(name)
        if own is not None:
            return own
        try:
            return self.workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)  # type: ignore[attr-defined, no-any-return]  # calamine: untyped
        except CalamineError as exc:
            raise _unreadable(self.file, exc) from exc

    def pop(self, name: str) -> list[list[object]]:
        """The sheet's values, no longer kept here: the caller drops each sheet once it is converted."""
        own = self.own.pop(name, None)
        return own if own is not None else self[name]


_DATA_SHEETS = frozenset({COVER_SHEET, *layout(2, 2).sheets, *SHEET_COLUMNS})
_MAX_LOCATED = 20  # problems of one kind located per sheet; more add nothing a person can act on
_MERGE = re.compile(rb"<(?:[^\s<>/=:\"']+:)?mergeCell\b[^>]*?\sref\s*=\s*[\"']([A-Za-z]+)([0-9]+)")


def _structural_problems(
    handle: BinaryIO, archive: zipfile.ZipFile, file: str, marked: set[str] | None = None
) -> list[SheetProblem]:
    """Formulas and merged cells, found in the sheet XML itself (readers hide both behind values). ``marked``: the
    parts the safety scan saw any sign of either in (check_workbook_stream); only those are read again, as a stream
    (a marked part may be large)."""
    found: list[SheetProblem] = []
    names = _sheet_names(archive, file)
    for part, sheet in names.items():
        if sheet not in _DATA_SHEETS:
            continue
        if marked is not None and part not in marked:
            continue
        info = archive.getinfo(part)
        for row, cell in _merged_cells(_unpacked(handle, info, file)):
            found.append(
                SheetProblem(
                    sheet,
                    row,
                    cell,
                    "merged_cells",
                    N_("The sheet has merged cells; unmerge them (the exported file has none)."),
                )
            )
        # Prefixed forms too (<x:f t="shared" …>); a false alarm only costs the precise parse below.
        if _has_formula_mark(_unpacked(handle, info, file)):
            for cell in _formula_cells(io.BufferedReader(_PiecesReader(_unpacked(handle, info, file))), file, part):
                found.append(
                    SheetProblem(
                        sheet,
                        int("".join(filter(str.isdigit, cell)) or 0),
                        cell,
                        "formula",
                        N_("A formula stands where a value belongs."),
                    )
                )
    return found


_FORMULA_MARKS = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/")
_OVERLAP = 256  # bytes of the piece before kept in front of the next: a mark or a merge reference cut between two


def _has_formula_mark(pieces: Iterator[bytes]) -> bool:
    tail = b""
    for piece in pieces:
        text = tail + piece
        if any(mark in text for mark in _FORMULA_MARKS):
            return True
        tail = piece[-_OVERLAP:]
    return False


def _merged_cells(pieces: Iterator[bytes]) -> list[tuple[int, str]]:
    """(row, first cell) of the first merged ranges, found in the part's pieces (each match once, also when it is
    cut between two pieces)."""
    found: list[tuple[int, str]] = []
    tail, offset, seen_until = b"", 0, -1  # offset: where ``tail`` starts in the part
    for piece in pieces:
        text = tail + piece
        if b"mergeCell" in text:
            for match in _MERGE.finditer(text):
                at = offset + match.start()
                if at <= seen_until:
                    continue
                seen_until = at
                found.append((int(match[2]), f"{match[1].decode().upper()}{int(match[2])}"))
                if len(found) >= _MAX_LOCATED:
                    return found
        keep = min(len(text), _OVERLAP)
        offset += len(text) - keep
        tail = text[len(text) - keep :]
    return found


class _PiecesReader(io.RawIOBase):
    """A readable stream over an iterator of bytes pieces (for a parser that reads from a file)."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces, self._rest = pieces, memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._rest:
            try:
                self._rest = memoryview(next(self._pieces))
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._rest))
        buffer[:size] = self._rest[:size]
        self._rest = self._rest[size:]
        return size


def _formula_cells(xml: IO[bytes], file: str, part: str) -> list[str]:
    """The first cells holding a formula, parsed as a stream (a sheet of formulas must not build a tree of
    millions of elements in memory); entity declarations and broken XML refuse the file."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    cells: list[str] = []
    reference = ""
    try:
        for event, element in iterparse(xml, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag.endswith("}c") or tag == "c":
                    reference = element.get("r", "")
            elif tag.endswith("}f") or tag == "f":
                cells.append(reference)
                if len(cells) >= _MAX_LOCATED:
                    break
            elif tag.endswith("}row") or tag == "row":
                element.clear()  # the rows read so far are no longer needed
    except DefusedXmlException:
        raise _entities(file, part) from None
    except ParseError:
        raise _unusual(file, part) from None
    return cells


def _assemble(
    file: str,
    sheets: dict[str, list[list[object]]],
    problems: list[SheetProblem],
    cover: dict[str, str],
    shape: Layout,
    seen: list[SheetProblem],
) -> ReadWorkbook:
    """``seen``: what people see that disagrees with the format (a heading, a label), found so far."""
    positions: dict[str, dict[str, int]] = {}
    # Each sheet's raw values are dropped as soon as its cells are converted (peak memory of a large import).
    tables = {
        name: read_table(name, sheets.pop(name), columns, problems, positions, seen)
        for name, columns in shape.sheets.items()
    }
    version_2 = shape.form.number >= 2
    members = read_members(tables.get(FAMILY_SHEET, []), problems) if shape.family else {}
    interests = _interests(tables[INTERESTS_SHEET], problems, version_2)
    entries: list[DeclarationEntry] = []
    rows_of: dict[str, int] = {}
    for row_number, row in tables[DECLARATIONS_SHEET]:
        declaration_id = str(row.get("declaration_id") or "")
        if declaration_id in rows_of:
            problems.append(
                _row_problem(
                    DECLARATIONS_SHEET,
                    row_number,
                    "declaration.duplicate",
                    N_("The declaration {id} appears twice (also in row {other})."),
                    id=declaration_id,
                    other=rows_of[declaration_id],
                )
            )
            continue
        rows_of[declaration_id] = row_number
        own = sorted(interests.pop(declaration_id, []), key=lambda item: item[0])
        numbers = [n for n, _r, _i in own]
        if numbers != list(range(1, len(own) + 1)):
            problems.append(
                _row_problem(
                    DECLARATIONS_SHEET,
                    row_number,
                    "interests.numbering",
                    N_("The interest rows of this declaration are not numbered 1, 2, 3 …: a row was added or deleted."),
                )
            )
        try:
            signed = signed_from_rows(row, [i for _n, _r, i in own])
            if version_2:
                signed = with_form_v2(signed, row, shape.form, [m for _r, m in members.pop(declaration_id, [])])
                problems += form_version_problems(row, row_number, shape.form.number)
        except ValueError as exc:
            problems.append(
                _row_problem(
                    DECLARATIONS_SHEET,
                    row_number,
                    "declaration.invalid",
                    N_("This declaration row cannot be read: {reason}"),
                    reason=str(exc),
                )
            )
            continue
        shown_status = str(row.get("status") or "")
        status = _STATUS_CODES.get(shown_status, shown_status)
        countersigner = str(row.get("countersigner_name") or "")
        entries.append(DeclarationEntry(signed, status, bool(row.get("late")), countersigner))
    problems += orphan_members(members)
    for declaration_id, orphans in interests.items():
        for _n, row_number, _i in orphans:
            problems.append(
                _row_problem(
                    INTERESTS_SHEET,
                    row_number,
                    "interest.orphan",
                    N_("This interest row belongs to no declaration in the workbook ({id})."),
                    id=declaration_id,
                )
            )
    keys = [
        KeyEntry(
            str(r.get("fingerprint") or ""),
            r.get("public_key") or b"",  # type: ignore[arg-type]  # a BASE64 column: bytes
            str(r.get("role") or ""),
            str(r.get("login") or ""),
            str(r.get("police_number") or ""),
            str(r.get("name") or ""),
            str(r.get("unit_code") or ""),
        )
        for _n, r in tables[KEYS_SHEET]
    ]
    missing = [
        MissingEntry(
            str(r.get("police_number") or ""),
            str(r.get("name") or ""),
            str(r.get("unit_code") or ""),
            str(r.get("unit_name") or ""),
            next((c for c, w in DECLARATION_STATUS_WORDS.items() if w == r.get("status")), str(r.get("status") or "")),
        )
        for _n, r in tables[MISSING_SHEET]
    ]
    batch = cover.pop("batch_signature", "")
    try:
        batch_signature = parse(Kind.BASE64, batch) if batch else None
    except CellError:
        batch_signature = None
        problems.append(
            SheetProblem(
                COVER_SHEET, 0, "", "cover.batch_signature", N_("The batch signature on the cover is damaged.")
            )
        )
    content = WorkbookContent(cover, entries, keys, missing, batch_signature)  # type: ignore[arg-type]  # BASE64: bytes
    problems += _key_role_problems(tables[KEYS_SHEET], positions.get(KEYS_SHEET, {}))
    counts = {
        "declarations": len(tables[DECLARATIONS_SHEET]),
        "interests": len(tables[INTERESTS_SHEET]),
        "missing": len(tables[MISSING_SHEET]),
    }
    if shape.family:
        counts["family_members"] = len(tables[FAMILY_SHEET])
    shown = [
        *seen,
        *_cover_count_problems(cover, counts),
        *_shown_problems(tables, positions, cover, keys),
        *shown_v2_problems(tables, positions, shape),
    ]
    return ReadWorkbook(file, content, problems, rows_of, shown)


#: The values of the keys sheet's role cell: what the exporter says a key is. Checked, never believed: a key is a
#: head's because it countersigned (docs/workbook-format.md, "Consistent is not trusted").
KEY_ROLES = frozenset({"unit_head", "officer", "exporter"})


def _key_role_problems(rows: list[tuple[int, dict[str, object]]], positions: dict[str, int]) -> list[SheetProblem]:
    position = positions.get("role")
    return [
        SheetProblem(
            KEYS_SHEET,
            number,
            cell_reference(number, position + 1) if position is not None else "",
            "key.role",
            N_("The role of a key must be unit_head, officer or exporter, not {role}."),
            {"role": str(values.get("role"))},
        )
        for number, values in rows
        if "role" in values and values["role"] not in KEY_ROLES
    ][:_MAX_LOCATED]


def _cover_count_problems(cover: dict[str, str], counts: dict[str, int]) -> list[SheetProblem]:
    """The cover's counts are what people read first; each must equal the rows of its sheet."""
    return [
        SheetProblem(
            COVER_SHEET,
            0,
            "",
            "cover.count",
            N_("The cover says {shown} for {field}, but the workbook has {actual} rows."),
            {"shown": cover.get(key, ""), "field": key, "actual": actual},
        )
        for key, actual in counts.items()
        if key in cover and cover[key] != str(actual)
    ]


def _interests(
    rows: list[tuple[int, dict[str, object]]], problems: list[SheetProblem], version_2: bool
) -> dict[str, list[tuple[int, int, BusinessInterest]]]:
    """The interests by declaration id, as (row_no, sheet row, interest)."""
    interests: dict[str, list[tuple[int, int, BusinessInterest]]] = {}
    for row_number, row in rows:
        try:
            interest = interest_from_row_v2(row) if version_2 else interest_from_row(row)
        except ValueError as exc:
            problems.append(
                _row_problem(
                    INTERESTS_SHEET,
                    row_number,
                    "interest.invalid",
                    N_("This interest row cannot be read: {reason}"),
                    reason=str(exc),
                )
            )
            continue
        interests.setdefault(str(row.get("declaration_id") or ""), []).append(
            (int(row.get("row_no") or 0), row_number, interest)  # type: ignore[call-overload]  # an INTEGER column
        )
    return interests


_CHINA_OFFSET = dt.timedelta(hours=8)  # deadlines are dates in China Standard Time (UTC+8, no summer time)
_SHOWN_COLUMNS = {
    sheet: {c.key: c for c in columns if not c.signed} for sheet, columns in layout(2, 2).sheets.items()
} | {sheet: {c.key: c for c in columns if not c.signed} for sheet, columns in SHEET_COLUMNS.items()}
_STATUS_CODES = {word: code for code, word in DECLARATION_STATUS_WORDS.items()}


def _shown_problems(
    tables: dict[str, list[tuple[int, dict[str, object]]]],
    positions: dict[str, dict[str, int]],
    cover: dict[str, str],
    keys: list[KeyEntry],
) -> list[SheetProblem]:
    """The columns not covered by a signature (signed=False) are derived from signed data in the workbook: the
    officer on an interest row from its declaration, the count of interests, the status, lateness and the
    countersigner's name from the signatures, the cover and the keys. Each must agree, or a reader of the workbook
    could be misled while every signature verifies. (The trade's name and whether it is regulated come from the
    exporter's trade catalog, which may differ from this one; they are not compared.)"""
    found: list[SheetProblem] = []
    declarations = {v.get("declaration_id"): v for _n, v in tables[DECLARATIONS_SHEET]}
    interest_counts: dict[object, int] = {}
    for row_number, values in tables[INTERESTS_SHEET]:
        declaration_id = values.get("declaration_id")
        interest_counts[declaration_id] = interest_counts.get(declaration_id, 0) + 1
        for key, expected in _officer_differences(values, declarations.get(declaration_id)):
            found.append(_mismatch(positions, INTERESTS_SHEET, row_number, key, expected))
    shown = _ShownDeclaration(interest_counts, _deadline(cover), {k.fingerprint: k.name for k in keys})
    for row_number, values in tables[DECLARATIONS_SHEET]:
        for key, expected in shown.differences(values):
            found.append(_mismatch(positions, DECLARATIONS_SHEET, row_number, key, expected))
    return found


def _mismatch(
    positions: dict[str, dict[str, int]], sheet: str, row_number: int, key: str, expected: object
) -> SheetProblem:
    column = _SHOWN_COLUMNS[sheet][key]
    position = positions.get(sheet, {}).get(key)
    text = DECLARATION_STATUS_WORDS.get(str(expected), "") if key == "status" else to_text(column.kind, expected)
    return SheetProblem(
        sheet,
        row_number,
        cell_reference(row_number, position + 1) if position is not None else "",
        "shown.mismatch",
        N_("Expected {expected}."),
        {"expected": text},
        column=column.heading,
    )


def _officer_differences(values: dict[str, object], declaration: dict[str, object] | None) -> list[tuple[str, object]]:
    """The officer shown on an interest row against the declaration's: (column key, the declaration's value)."""
    if declaration is None:
        return []
    return [
        (key, declaration[key])
        for key in ("police_number", "name")
        if key in values and key in declaration and values[key] != declaration[key]
    ]


def _deadline(cover: dict[str, str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(cover.get("campaign_deadline", ""))
    except ValueError:
        return None


_AGREES = object()  # what a check of a shown column returns when the cell shows what the signed data says


class _ShownDeclaration:
    """What the unsigned columns of a declaration row must show, derived from its signatures, the interest rows,
    the campaign's deadline and the keys' names."""

    def __init__(self, interest_counts: dict[object, int], deadline: dt.date | None, names: dict[str, str]) -> None:
        self.interest_counts, self.deadline, self.names = interest_counts, deadline, names
        self.late_by_hour: dict[str, bool] = {}
        self.checks = (
            ("interest_count", self._interest_count),
            ("status", self._status),
            ("late", self._late),
            ("countersigner_name", self._countersigner_name),
        )

    def differences(self, values: dict[str, object]) -> list[tuple[str, object]]:
        """(column key, expected value) of each shown column of the row that disagrees."""
        found = []
        for key, check in self.checks:
            if key in values:
                expected = check(values)
                if expected is not _AGREES:
                    found.append((key, expected))
        return found

    def _interest_count(self, values: dict[str, object]) -> object:
        count = self.interest_counts.get(values.get("declaration_id"), 0)
        return _AGREES if values["interest_count"] == count else count

    def _status(self, values: dict[str, object]) -> object:
        if not values.get("officer_signature"):
            return _AGREES
        status = "countersigned" if values.get("countersignature") else "signed"
        shown = _STATUS_CODES.get(values["status"], values["status"])  # type: ignore[call-overload]
        return _AGREES if shown == status else status

    def _late(self, values: dict[str, object]) -> object:
        signed_at = values.get("signed_at")
        if self.deadline is None or not signed_at:
            return _AGREES
        hour = str(signed_at)[:13]  # signed_at: checked YYYY-MM-DDTHH:MM:SSZ; the date in China changes on the hour
        late = self.late_by_hour.get(hour)
        if late is None:
            late = self.late_by_hour[hour] = (dt.datetime.fromisoformat(hour) + _CHINA_OFFSET).date() > self.deadline
        return _AGREES if values["late"] == late else late

    def _countersigner_name(self, values: dict[str, object]) -> object:
        if not values.get("countersignature"):
            return _AGREES
        name = self.names.get(str(values.get("countersigner_fingerprint") or ""))
        return _AGREES if name is None or values["countersigner_name"] == name else name


def _row_problem(sheet: str, row: int, code: str, message: str, **params: object) -> SheetProblem:
    return SheetProblem(sheet, row, "", code, message, params)
