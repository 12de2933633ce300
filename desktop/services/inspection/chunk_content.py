"""A declaration's content written straight from its converted workbook rows (the declaration row, its interest rows
and family rows): the canonical JSON its officer signed and the tuples its interests are stored as, without the
domain objects (Officer, BusinessInterest, FamilyMember, Declaration) the careful path builds first.

The same text as ``content_bytes(signed_from_rows(...) [with_form_v2(...)])`` and the same tuples as
``row_values.interest_values``: each writer mirrors what the careful path does with a row (desktop.exchange.workbook
.rows, rows_v2, family) and what the fast content writer then does with the objects (desktop.crypto.content_json),
expression by expression. Only rows that the careful path builds directly are written here: every value of its
column's kind as the converters give it (text str, amounts Decimal, dates date, flags bool), every word one of the
format's words. Anything else raises NotRegular, and the chunk is read the careful way, which decides.
tests/services/inspection/test_import_direct.py compares both on generated and hostile values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from operator import itemgetter
from typing import Any

from desktop.crypto.canonical import canonical_bytes
from desktop.crypto.content_json import json_string
from desktop.domain.declarations import CONTENT_VERSION
from desktop.domain.interests import InterestRole
from desktop.domain.questions import Question
from desktop.domain.text import decimal_text
from desktop.exchange.vocabulary import (
    POLITICAL_STATUS_WORDS,
    QUESTION_WORDS,
    RELATION_WORDS,
    ROLE_WORDS,
    STATUS_WORDS,
    word_table,
)
from desktop.exchange.workbook.columns import ANSWER_PREFIX
from desktop.exchange.workbook.rows import INTEREST_KEYS
from desktop.form import FormVersion, form_for

Row = dict[str, object]
#: A converted interest or family row by position (table.convert_columns).
Cells = tuple[object, ...]
#: An interest's stored values (row_values.INTEREST_NAMES without the parent row's id).
InterestValues = tuple[object, ...]


class NotRegular(Exception):
    """A row the careful path does not build directly (or cannot read): the chunk goes the careful way."""


_QUESTIONS, _RELATIONS, _ROLES, _STATUSES, _POLITICAL = (
    word_table(w) for w in (QUESTION_WORDS, RELATION_WORDS, ROLE_WORDS, STATUS_WORDS, POLITICAL_STATUS_WORDS)
)
_STANDARD = frozenset(q.value for q in Question)
_CONSTANTS: dict[object, str] = {None: "null", True: "true", False: "false"}
_FLAGS = {True: "true", False: "false"}
_CONTENT_VERSION = canonical_bytes(CONTENT_VERSION).decode()
_ANSWER_TYPES = frozenset({bool, type(None)})
_MEMBER_ID = re.compile(r"^F([1-9][0-9]{0,3})$")  # as desktop.exchange.workbook.family
_OTHER_ROLE = (InterestRole.OTHER,)
_NONE_OR_DECIMAL = frozenset({Decimal, type(None)})
_NONE_OR_DATE = frozenset({dt.date, type(None)})
_STR = frozenset({str})


def _code(table: dict[str, object], value: object) -> str:
    """The code of the member a word cell names (``str(value or "")`` looked up as the careful path does)."""
    member = table.get(str(value or ""))
    if member is None:
        raise NotRegular  # the careful path tries word_to_member, or reports the cell
    return member._value_  # type: ignore[attr-defined, no-any-return]  # a member of a StrEnum


class Amounts(dict[Decimal, str]):
    """decimal_text of each amount once (amounts repeat: 20, 50, 100 …; equal amounts have one text)."""

    def __missing__(self, amount: Decimal) -> str:
        text = decimal_text(amount)
        if text is None:  # only None gives None
            raise NotRegular
        self[amount] = text
        return text


class DirectForm:
    """How the declarations of one workbook layout are written: the form version their content is signed on, and
    its answers object (each combination of answers written once)."""

    def __init__(self, layout_form: int, family: bool) -> None:
        #: Whether the rows are read as form version 2 and later are (rows_v2.with_form_v2), as the careful path
        #: decides: by the layout's form number.
        self.version_2 = layout_form >= 2
        self.layout_form = layout_form
        self.number = layout_form if self.version_2 else 1
        try:
            form = form_for(self.number)
        except ValueError:  # UnknownFormVersion: the careful path reports it for each declaration
            raise NotRegular from None
        shape = form.shape if type(form) is FormVersion else 0
        if shape != (2 if self.version_2 else 1) or family != self.version_2:
            raise NotRegular  # a combination the fast content writer would not take: the careful path decides
        keys = sorted(form.question_keys, key=lambda key: key.encode("utf-16-be"))
        # A later version's own questions have their own cells; version 1 reads only the standard questions' cells.
        self._columns = tuple(ANSWER_PREFIX + key if self.version_2 or key in _STANDARD else None for key in keys)
        self._format = "{" + ",".join(json_string(key).replace("%", "%%") + ":%s" for key in keys) + "}"
        self._answers: dict[tuple[object, ...], str] = {}

    def answers(self, row: Row) -> str:
        values = tuple(None if column is None else row.get(column) for column in self._columns)
        if not _ANSWER_TYPES.issuperset(map(type, values)):  # first: 1 == True, so an int would find a bool's text
            raise NotRegular
        found = self._answers.get(values)
        if found is None:
            found = self._answers[values] = self._format % tuple(map(_CONSTANTS.__getitem__, values))
        return found


_OFFICER_TEXTS = ("id_number", "name", "police_number", "position", "rank_level", "unit_code")


def content_json(
    form: DirectForm,
    row: Row,
    interests: list[Cells],
    members: list[Cells],
    amounts: Amounts,
    cells: tuple[InterestCells, MemberCells | None],
) -> tuple[str, list[InterestValues]]:
    """The canonical JSON of the declaration of ``row`` with its ``interests`` (in row_no order) and family
    ``members`` (in member order), rows by position where ``cells`` say, and its interests' stored tuples."""
    interest_cells, member_cells = cells
    officer_texts = [row.get(key) or "" for key in _OFFICER_TEXTS]
    if not _STR.issuperset(map(type, officer_texts)):
        raise NotRegular  # the careful path cleans it (Officer.from_dict)
    id_number, name, police_number, position, rank_level, unit_code = map(json_string, officer_texts)  # type: ignore[arg-type]
    division = _FLAGS[bool(row.get("is_division_level"))]
    leadership = _FLAGS[bool(row.get("is_leadership_member"))]
    head = _FLAGS[bool(row.get("is_unit_head"))]
    warnings = sorted(line for line in str(row.get("acknowledged_warnings") or "").splitlines() if line.strip())
    listed = ",".join(map(json_string, warnings))
    campaign_id = json_string(str(row.get("campaign_id") or ""))
    remarks = json_string(str(row.get("remarks") or ""))
    unit_name = json_string(str(row.get("unit_name") or ""))
    answered = form.answers(row)
    values: list[InterestValues] = []
    if not form.version_2:
        written = ",".join(
            [
                _interest_1(interest_cells, interest, number, amounts, values)
                for number, interest in enumerate(interests, 1)
            ]
        )
        return (
            f'{{"acknowledged_warnings":[{listed}],"answers":{answered},"campaign_id":{campaign_id},'
            f'"content_version":{_CONTENT_VERSION},"interests":[{written}],"officer":{{"id_number":{id_number},'
            f'"is_division_level":{division},"is_leadership_member":{leadership},"is_unit_head":{head},'
            f'"name":{name},"police_number":{police_number},"position":{position},"rank_level":{rank_level},'
            f'"unit_code":{unit_code}}},"remarks":{remarks},"unit_name":{unit_name}}}'
        ), values
    status = str(row.get("political_status") or "")
    political = json_string(_code(_POLITICAL, status)) if status else "null"
    mobile = json_string(str(row.get("mobile") or ""))
    written = ",".join(
        [_interest_2(interest_cells, interest, number, amounts, values) for number, interest in enumerate(interests, 1)]
    )
    family = ",".join([_member_json(member_cells, member) for member in members])  # type: ignore[arg-type]
    return (
        f'{{"acknowledged_warnings":[{listed}],"answers":{answered},"campaign_id":{campaign_id},'
        f'"content_version":{_CONTENT_VERSION},"family_members":[{family}],"form_version":{form.number},'
        f'"interests":[{written}],"officer":{{"id_number":{id_number},"is_division_level":{division},'
        f'"is_leadership_member":{leadership},"is_unit_head":{head},"mobile":{mobile},"name":{name},'
        f'"police_number":{police_number},"political_status":{political},"position":{position},'
        f'"rank_level":{rank_level},"unit_code":{unit_code}}},"remarks":{remarks},"unit_name":{unit_name}}}'
    ), values


_COMMON_TEXTS = ("holder_name", "holder_id_number", "enterprise_name", "uscc", "trade_code", "rectification", "note")
_COMMON_VALUES = ("share_percent", "capital_wan", "income_wan", "start_date", "end_date")
_V2_TEXTS = ("holder_member_id", "registered_address", "business_scope", "registration_authority")
_V2_KEYS = ("roles", "registered_capital_wan", *_V2_TEXTS, *(k for k in INTEREST_KEYS if k != "role"))
_MEMBER_TEXTS = ("id_number", "member_id", "name", "position", "work_unit")


def _getter(at: dict[str, int], keys: tuple[str, ...]) -> Callable[[Cells], Any]:
    """itemgetter of the keys' positions (one key: its value; several: a tuple); NotRegular when the sheet lacks one
    (every export has all: the careful path reads a sheet without one from_dict, with defaults)."""
    if not at.keys() >= set(keys):
        raise NotRegular
    return itemgetter(*(at[key] for key in keys))


class InterestCells:
    """Where an interest row's cells are (its sheet's column positions), for one chunk's converted rows."""

    def __init__(self, at: dict[str, int], version_2: bool) -> None:
        if version_2 and "role" in at:
            raise NotRegular  # rows_v2 reads no role cell: the careful path decides
        self.common = _getter(at, ("question", "relation", "status", "within_jurisdiction", "related_to_duties"))
        self.texts = _getter(at, _COMMON_TEXTS)
        self.values = _getter(at, _COMMON_VALUES)
        self.role = _getter(at, ("roles",) if version_2 else ("role",))
        _getter(at, _V2_KEYS if version_2 else INTEREST_KEYS)  # every cell the careful path builds from
        self.v2_texts = _getter(at, _V2_TEXTS) if version_2 else None
        self.registered = _getter(at, ("registered_capital_wan",)) if version_2 else None
        self.row_no = _getter(at, ("row_no",))


class MemberCells:
    """Where a family row's cells are, for one chunk's converted rows."""

    def __init__(self, at: dict[str, int]) -> None:
        self.member_id = _getter(at, ("member_id",))
        self.relation = _getter(at, ("relation",))
        self.public_servant = _getter(at, ("public_servant",))
        self.texts = _getter(at, _MEMBER_TEXTS)


def _interest_common(
    cells: InterestCells, row: Cells, number: int, amounts: Amounts, values: list[InterestValues]
) -> tuple[str, ...]:
    """What both versions' interests write alike: the JSON texts of capital_wan, end_date, enterprise_name,
    holder_id_number, holder_name, income_wan, note, question, rectification, related_to_duties, relation,
    share_percent, start_date, status, trade_code, uscc, within_jurisdiction; the stored tuple appended to
    ``values``."""
    question, relation, status, within, related = cells.common(row)
    question = _code(_QUESTIONS, question)
    relation = _code(_RELATIONS, relation)
    status = _code(_STATUSES, status)
    texts = cells.texts(row)
    share, capital, income, start, end = cells.values(row)
    if not (
        type(within) is bool
        and type(related) is bool
        and _STR.issuperset(map(type, texts))
        and _NONE_OR_DECIMAL.issuperset((type(share), type(capital), type(income)))
        and _NONE_OR_DATE.issuperset((type(start), type(end)))
    ):
        raise NotRegular
    holder, holder_id, enterprise, uscc, trade, rectification, note = texts
    holder_id, uscc = holder_id.upper(), uscc.upper()
    share_text = None if share is None else amounts[share]
    capital_text = None if capital is None else amounts[capital]
    start_text = start.isoformat() if start else None
    end_text = end.isoformat() if end else None
    values.append(
        (
            number,
            question,
            relation,
            holder,
            holder_id,
            enterprise,
            uscc,
            trade,
            share_text,
            capital_text,
            start_text,
            end_text,
            status,
            within,
            related,
        )
    )
    return (
        "null" if capital_text is None else json_string(capital_text),
        "null" if end_text is None else json_string(end_text),
        json_string(enterprise),
        json_string(holder_id),
        json_string(holder),
        "null" if income is None else json_string(amounts[income]),
        json_string(note),
        json_string(question),
        json_string(rectification),
        _FLAGS[related],
        json_string(relation),
        "null" if share_text is None else json_string(share_text),
        "null" if start_text is None else json_string(start_text),
        json_string(status),
        json_string(trade),
        json_string(uscc),
        _FLAGS[within],
    )


def _interest_1(cells: InterestCells, row: Cells, number: int, amounts: Amounts, values: list[InterestValues]) -> str:
    """The canonical JSON of interest_from_row(row).to_dict(1)."""
    role = _code(_ROLES, cells.role(row))
    (capital, end, enterprise, holder_id, holder, income, note, question, rectification, related, relation, share,
     start, status, trade, uscc, within) = _interest_common(cells, row, number, amounts, values)  # fmt: skip
    return (
        f'{{"capital_wan":{capital},"end_date":{end},"enterprise_name":{enterprise},'
        f'"holder_id_number":{holder_id},"holder_name":{holder},"income_wan":{income},"note":{note},'
        f'"question":{question},"rectification":{rectification},"related_to_duties":{related},'
        f'"relation":{relation},"role":{json_string(role)},"share_percent":{share},"start_date":{start},'
        f'"status":{status},"trade_code":{trade},"uscc":{uscc},"within_jurisdiction":{within}}}'
    )


def _interest_2(cells: InterestCells, row: Cells, number: int, amounts: Amounts, values: list[InterestValues]) -> str:
    """The canonical JSON of interest_from_row_v2(row).to_dict(2)."""
    words = [word.strip() for word in str(cells.role(row) or "").split("\n") if word.strip()]
    roles = tuple(dict.fromkeys([_code(_ROLES, word) for word in words])) or (InterestRole.OTHER._value_,)
    texts = cells.v2_texts(row)  # type: ignore[misc]  # set for version 2
    registered = cells.registered(row)  # type: ignore[misc]
    if not (_STR.issuperset(map(type, texts)) and type(registered) in _NONE_OR_DECIMAL):
        raise NotRegular
    member_id, address, scope, authority = map(json_string, texts)
    registered_text = "null" if registered is None else json_string(amounts[registered])
    (capital, end, enterprise, holder_id, holder, income, note, question, rectification, related, relation, share,
     start, status, trade, uscc, within) = _interest_common(cells, row, number, amounts, values)  # fmt: skip
    return (
        f'{{"business_scope":{scope},"capital_wan":{capital},"end_date":{end},"enterprise_name":{enterprise},'
        f'"holder_id_number":{holder_id},"holder_member_id":{member_id},"holder_name":{holder},'
        f'"income_wan":{income},"note":{note},"question":{question},"rectification":{rectification},'
        f'"registered_address":{address},"registered_capital_wan":{registered_text},'
        f'"registration_authority":{authority},"related_to_duties":{related},"relation":{relation},'
        f'"roles":[{",".join(map(json_string, roles))}],"share_percent":{share},"start_date":{start},'
        f'"status":{status},"trade_code":{trade},"uscc":{uscc},"within_jurisdiction":{within}}}'
    )


def member_number(cells: MemberCells, row: Cells) -> int:
    """The number of a family row's member id (F1 → 1), 0 when it is not one (as family.read_members)."""
    member_id = cells.member_id(row)
    if type(member_id) is not str:
        raise NotRegular
    match = _MEMBER_ID.match(member_id)
    return int(match[1]) if match else 0


def _member_json(cells: MemberCells, row: Cells) -> str:
    """The canonical JSON of member_from_row(row).to_dict()."""
    relation = _code(_RELATIONS, cells.relation(row))
    public_servant = cells.public_servant(row)
    texts = cells.texts(row)
    if type(public_servant) is not bool or not _STR.issuperset(map(type, texts)):
        raise NotRegular
    id_number, member_id, name, position, work_unit = texts
    return (
        f'{{"id_number":{json_string(id_number.upper())},"member_id":{json_string(member_id)},'
        f'"name":{json_string(name)},"position":{json_string(position)},"public_servant":{_FLAGS[public_servant]},'
        f'"relation":{json_string(relation)},"work_unit":{json_string(work_unit)}}}'
    )
