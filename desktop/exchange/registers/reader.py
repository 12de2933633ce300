"""Reading the rows of a register extract into enterprises and their people, with every bad row reported by row and
column. One row names an enterprise (repeated on each of its people's rows) and one or two people: the legal
representative (or operator) in columns of its own, and a person of any role (shareholder, manager …)."""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from desktop.exchange.problems import SheetProblem
from desktop.exchange.registers.columns import FIELDS, FIELDS_BY_KEY, HEADING_SEARCH_ROWS, REQUIRED, RegisterKind
from desktop.exchange.registers.ids import FULL, BadIdNumber, name_key, parse_register_id
from desktop.exchange.registers.source import ExtractSource, cut_off
from desktop.exchange.registers.trades import trade_code_of
from desktop.exchange.xlsx.errors import Cell
from desktop.exchange.xlsx.sheet_scan import cell_reference
from desktop.i18n import N_

#: Columns of the tuples this module makes (the store's, after extract_id).
ENTERPRISE_COLUMNS = (
    "number",
    "row_no",
    "name",
    "uscc",
    "enterprise_type",
    "status",
    "active",
    "established",
    "address",
    "scope",
    "capital",
    "licence_number",
    "trade",
    "trade_code",
    "police_unit",
)
PEOPLE_COLUMNS = (
    "number",
    "enterprise",
    "row_no",
    "name",
    "name_key",
    "id_number",
    "id_kind",
    "birth_date",
    "role",
    "role_text",
    "position",
    "share_percent",
    "subscribed_capital",
)
#: Register roles: what the register says a person is in the enterprise.
LEGAL_REPRESENTATIVE, SHAREHOLDER, MANAGER, OPERATOR, OTHER = (
    "legal_representative",
    "shareholder",
    "manager",
    "operator",
    "other",
)
_ROLE_WORDS = (
    (("法定代表人", "法人"), LEGAL_REPRESENTATIVE),
    (("董事", "监事", "经理", "高管", "高级管理", "财务负责人", "厂长"), MANAGER),
    (("股东", "投资人", "出资人", "合伙人"), SHAREHOLDER),
    (("经营者", "负责人", "业主"), OPERATOR),
)
_OPERATOR_HEADINGS = frozenset({"负责人", "经营者"})
#: Status words that mean the enterprise (or licence) no longer operates; anything else, blank included, is active.
_ENDED = re.compile("注销|吊销|撤销|迁出|停业|歇业|过期|失效|终止|关闭")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_HEADING_SPACE = re.compile(r"[\s*＊]")
_FULL_ID = re.compile(r"\d{17}[\dX]", re.ASCII)  # matched from the start; the length is checked apart
MAX_PROBLEMS = 200


def _blank(values: list[Cell]) -> bool:
    return not any(values) or not any(v is not None and (type(v) is not str or v.strip()) for v in values)


def heading_text(value: Cell) -> str:
    """A heading as typed, without white space or a required-marker '*', in NFKC (full-width brackets as ASCII)."""
    return _HEADING_SPACE.sub("", unicodedata.normalize("NFKC", str(value))) if isinstance(value, str) else ""


def is_ended(status: str) -> bool:
    return bool(_ENDED.search(status))


@dataclass
class ExtractReader:
    """Reads ``source`` as a register of ``kind``; ``mapping`` (heading → field key) adds to or replaces the usual
    headings. Rows come out in batches of enterprise and person tuples; ``problems`` fills as they are read."""

    source: ExtractSource
    kind: RegisterKind
    mapping: dict[str, str] = field(default_factory=dict)
    rows: int = 0  # data rows read (blank rows not counted)
    bad_rows: int = 0
    problem_count: int = 0
    problems: list[SheetProblem] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)  # field key → 0-based column
    headings: dict[str, str] = field(default_factory=dict)  # field key → the heading found for it
    enterprise_count: int = 0
    person_count: int = 0
    _padding: list[Cell] = field(default_factory=list, repr=False)
    _width: int = field(default=0, repr=False)  # the cells of the heading row
    _take: Callable[[list[Cell]], tuple[Cell, ...]] = field(default=operator.itemgetter(-1, -1), repr=False)
    _position: dict[str, int] = field(default_factory=dict, repr=False)  # field key → index in a row's cells

    def batches(self, size: int = 20_000) -> Iterator[tuple[list[tuple[object, ...]], list[tuple[object, ...]]]]:
        """(enterprises, people) a batch at a time; the rows of a bad row are left out (see ``problems``)."""
        rows = self.source.rows
        heading_row = self._find_headings(rows)
        if heading_row is None:
            return
        enterprises: list[tuple[object, ...]] = []
        people: list[tuple[object, ...]] = []
        known: dict[str, int] = {}
        number, values = heading_row, list[Cell]()  # after the loop: the last row read
        for number, values in rows:
            first = values[0] if values else None
            if not (type(first) is str and first and not first[0].isspace()) and _blank(values):
                continue
            self.rows += 1
            self._row(number, values, known, enterprises, people)
            if len(people) >= size:
                yield enterprises, people
                enterprises, people = [], []
        if self.source.unterminated and number != heading_row and len(values) < self._width:
            raise cut_off(self.source.file, number, len(values), self._width)  # nothing of the file is kept
        if enterprises or people:
            yield enterprises, people

    # -- headings ---------------------------------------------------------------------------------------------

    def _find_headings(self, rows: Iterator[tuple[int, list[Cell]]]) -> int | None:
        by_heading = {h: f.key for f in FIELDS for h in f.headings} if self.kind is not RegisterKind.OTHER else {}
        by_heading.update({heading_text(h): key for h, key in self.mapping.items()})
        for number, values in rows:
            found: dict[str, int] = {}
            names: dict[str, str] = {}
            for index, value in enumerate(values):
                key = by_heading.get(heading_text(value))
                if key is not None and key not in found:
                    found[key] = index
                    names[key] = heading_text(value)
            if len(found) >= 2:
                missing = [group for group in REQUIRED[self.kind.value] if not any(k in found for k in group)]
                if missing:
                    self._add(
                        number,
                        None,
                        "register.missing_column",
                        N_("The heading row has no column for {fields}: add it, or map a column to it."),
                        fields=" / ".join(FIELDS_BY_KEY[k].label for k in missing[0]),
                    )
                    return None
                self.columns, self.headings, self._width = found, names, len(values)
                # A row's cells are those of the mapped fields, then one blank cell that every unmapped field
                # points at: only the columns read are taken and made text.
                mapped = [f.key for f in FIELDS if f.key in found]
                self._padding = [None] * (max(found.values()) + 2)
                self._take = operator.itemgetter(*(found[key] for key in mapped), -1)
                self._position = {f.key: len(mapped) for f in FIELDS} | {key: i for i, key in enumerate(mapped)}
                return number
            if number >= HEADING_SEARCH_ROWS:
                break
        self._add(
            0,
            None,
            "register.no_heading",
            N_(
                "No heading row was found in the first {count} rows: none names the columns this kind of register "
                "needs. Check the kind, or give a column mapping."
            ),
            count=HEADING_SEARCH_ROWS,
        )
        return None

    # -- rows -------------------------------------------------------------------------------------------------

    def _add(self, row: int, key: str | None, code: str, message: str, **params: object) -> None:
        self.problem_count += 1
        if len(self.problems) >= MAX_PROBLEMS:
            return
        column = self.columns.get(key, -1) if key else -1
        self.problems.append(
            SheetProblem(
                self.source.sheet,
                row,
                cell_reference(row, column + 1) if column >= 0 and row else "",
                code,
                message,
                params,
                self.headings.get(key, "") if key else "",
            )
        )

    def _row(
        self,
        number: int,
        values: list[Cell],
        known: dict[str, int],
        enterprises: list[tuple[object, ...]],
        people: list[tuple[object, ...]],
    ) -> None:
        text = _Texts(self, number, values)
        name, uscc, licence = text.get("enterprise_name"), text.uscc(), text.identifier("licence_number")
        if not (name or uscc or licence):
            text.problem(
                "enterprise_name",
                "register.no_enterprise",
                N_("The row names no enterprise: give its name or credit code."),
            )
        found = self._people(text)
        key = uscc or (("licence:" + licence) if licence else "name:" + name_key(name))
        enterprise = known.get(key)
        row: tuple[object, ...] | None = None
        if enterprise is None:  # the enterprise's columns are read on its first row only
            row = self._enterprise(text, number, name, uscc, licence)
        if text.bad:
            self.bad_rows += 1
            return
        if enterprise is None and row is not None:
            self.enterprise_count += 1
            enterprise = known[key] = self.enterprise_count
            enterprises.append((enterprise, *row))
        for person_name, id_number, id_kind, birth, role, role_text, position, share, capital, _key in found:
            self.person_count += 1
            people.append(
                (
                    self.person_count,
                    enterprise,
                    number,
                    person_name,
                    name_key(person_name),
                    id_number,
                    id_kind,
                    birth,
                    role,
                    role_text,
                    position,
                    share,
                    capital,
                )
            )

    def _people(self, text: _Texts) -> list[tuple[str, str, str, str | None, str, str, str, str | None, str, str]]:
        found: list[tuple[str, str, str, str | None, str, str, str, str | None, str, str]] = []
        legal_name = text.get("legal_rep_name")
        legal_id, legal_kind = text.id_number("legal_rep_id")
        if legal_name or legal_id:
            role = OPERATOR if self.headings.get("legal_rep_name") in _OPERATOR_HEADINGS else LEGAL_REPRESENTATIVE
            found.append((legal_name, legal_id, legal_kind, None, role, "", "", None, "", "legal_rep_name"))
        person_name = text.get("person_name")
        person_id, person_kind = text.id_number("person_id")
        if person_name or person_id:
            role_text, position = text.get("person_role"), text.get("person_position")
            share, capital = text.share(), text.get("subscribed_capital")
            role = _role(role_text, position, share is not None or bool(capital))
            birth = text.date("person_birth")
            found.append(
                (person_name, person_id, person_kind, birth, role, role_text, position, share, capital, "person_name")
            )
        if not found:
            text.problem("person_name", "register.no_person", N_("The row names no person: give at least a name."))
        for person in found:
            if not person[0]:
                text.problem(person[-1], "register.no_name", N_("The person's name is missing."))
        return found

    def _enterprise(self, text: _Texts, number: int, name: str, uscc: str, licence: str) -> tuple[object, ...]:
        """The columns of a new enterprise (after its number)."""
        trade, scope, status = text.get("trade"), text.get("scope"), text.get("status")
        return (
            number,
            name,
            uscc,
            text.get("enterprise_type"),
            status,
            not is_ended(status),
            text.date("established"),
            text.get("address"),
            scope,
            text.get("capital"),
            licence,
            trade,
            trade_code_of(trade, name, scope),
            text.get("police_unit"),
        )


@functools.lru_cache(maxsize=4096)
def _role(role_text: str, position: str, holds_capital: bool) -> str:
    """What the register calls the person, from the role column, else the position, else the share held."""
    for text in (role_text, position):
        if text:
            for words, role in _ROLE_WORDS:
                if any(word in text for word in words):
                    return role
    if holds_capital:
        return SHAREHOLDER
    return MANAGER if position else OTHER


class _Texts:
    """The cells of one row as the fields' texts, with problems reported against their columns."""

    __slots__ = ("bad", "cells", "number", "position", "reader", "texts")

    def __init__(self, reader: ExtractReader, number: int, values: list[Cell]) -> None:
        # The mapped fields' cells taken at once, then one blank cell for every unmapped field (the padding's last);
        # and their texts, made once: a row is read a million times, each field several times.
        self.reader, self.number, self.bad, self.position = reader, number, False, reader._position
        self.cells: tuple[Cell, ...] = reader._take(values + reader._padding)
        self.texts = [v.strip() if type(v) is str else ("" if v is None else _text(v)) for v in self.cells]

    def cell(self, key: str) -> Cell:
        return self.cells[self.position[key]]

    def problem(self, key: str, code: str, message: str, **params: object) -> None:
        self.bad = True
        self.reader._add(self.number, key, code, message, **params)

    def get(self, key: str) -> str:
        return self.texts[self.position[key]]

    def identifier(self, key: str) -> str:
        value = self.cell(key)
        if value is not None and not isinstance(value, str):
            self.problem(
                key,
                "register.number_cell",
                N_("An identifier stored as a number may have lost digits: format the column as text and type it."),
            )
            return ""
        if not value:
            return ""
        return (value if value.isascii() else unicodedata.normalize("NFKC", value)).strip().upper()

    def uscc(self) -> str:
        code = self.identifier("uscc").replace(" ", "")
        if len(code) > 18:
            self.problem(
                "uscc",
                "register.bad_uscc",
                N_("A unified social credit code has 18 characters; this one has {count}."),
                count=len(code),
            )
            return ""
        return code

    def id_number(self, key: str) -> tuple[str, str]:
        value = self.cells[self.position[key]]
        if value is None or value == "":
            return "", ""
        if type(value) is str and len(value) == 18 and _FULL_ID.match(value):  # the usual case: nothing to clean
            return value, FULL
        raw = self.identifier(key)
        try:
            return parse_register_id(raw)
        except BadIdNumber:
            self.problem(
                key,
                "register.bad_id_number",
                N_(
                    "Not an ID number: 18 characters (the last may be X), 15 digits, or 18 positions with '*' "
                    "where it is masked."
                ),
            )
            return "", ""

    def date(self, key: str) -> str | None:
        value = self.cell(key)
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        found = _date_text(self.get(key))
        if found is None:
            self.problem(key, "register.bad_date", N_("Not a date: write it as 2020-05-01."))
        return found

    def share(self) -> str | None:
        text = self.get("share_percent")
        if not text:
            return None
        found = _share_text(text)
        if found is None:
            self.problem("share_percent", "register.bad_share", N_("A share is a number from 0 to 100 (per cent)."))
        return found


def _text(value: Cell) -> str:
    """The text of a cell that is not text: a whole number without '.0', a date in ISO 8601."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@functools.lru_cache(maxsize=65536)
def _date_text(text: str) -> str | None:
    """An ISO date from 2020-05-01, 2020/5/1, 2020.5.1, 2020年5月1日 or 20200501; None when it is none."""
    match = _DATE.match(text)
    if match is None and len(text) == 8 and text.isdigit():
        match = re.match(r"(\d{4})(\d{2})(\d{2})", text)
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def _share_text(text: str) -> str | None:
    """A share of 0 to 100 per cent as decimal text ("60", "33.3333"); None when it is none."""
    try:
        share = Decimal(text.replace("%", "").replace("％", "").strip())
    except InvalidOperation:
        return None
    if not share.is_finite() or not 0 <= share <= 100:
        return None
    return format(share.quantize(Decimal("0.0001")).normalize(), "f")
