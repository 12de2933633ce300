"""Cell text ↔ value, one meaning per cell whichever program saved the file and whichever reader read it.

Everything a signature covers is written as text. Reading accepts what Excel, WPS, LibreOffice, openpyxl and
python-calamine turn text into (an empty string into an empty cell, a date into a date, a yes into TRUE), and maps
it back to the one value it stood for. A number where an identifier belongs is refused: its digits may be lost.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

from desktop.domain.text import clean_text, decimal_text, parse_decimal
from desktop.exchange.vocabulary import NO, YES
from desktop.exchange.workbook.columns import Column, Kind
from desktop.i18n import N_

_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_IDENTIFIER = re.compile(r"^[0-9A-Za-z:.\-_]*$")


class CellError(ValueError):
    """A cell's content does not fit its column; the message says what was expected (English, for the report)."""

    def __init__(self, code: str, expected: str) -> None:
        self.code = code
        self.expected = expected
        super().__init__(expected)


def to_text(kind: Kind, value: object) -> str:
    """The text written for a value."""
    if value is None:
        return ""
    if kind is Kind.YES_NO:
        return YES if value else NO
    if kind is Kind.DECIMAL:
        return decimal_text(value) or ""  # type: ignore[arg-type]  # a DECIMAL value is a Decimal
    if kind is Kind.DATE:
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if kind is Kind.BASE64:
        return base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else str(value)
    return str(value)


def cell_text(kind: Kind, raw: object) -> str:
    """The text a cell stands for, from whatever a reader returned."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return clean_text(raw)
    if isinstance(raw, bool):  # before int: a bool is an int
        return _boolean_text(kind, raw)
    if isinstance(raw, dt.date):
        return _date_text(kind, raw)
    if isinstance(raw, int | float):
        return _number_text(kind, raw)
    raise CellError("cell.type", N_("text"))


def _boolean_text(kind: Kind, raw: bool) -> str:
    if kind is Kind.YES_NO:
        return YES if raw else NO
    raise CellError("cell.boolean", N_("text, not TRUE/FALSE"))


def _date_text(kind: Kind, raw: dt.date) -> str:
    """A date or a date and time (a datetime is a date) where text was written."""
    if isinstance(raw, dt.datetime):
        if kind is Kind.DATE:
            return raw.date().isoformat()
        if kind is Kind.TIME:
            return raw.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%SZ")
    elif kind is Kind.DATE:
        return raw.isoformat()
    raise CellError("cell.date", N_("text, not a date"))


def _number_text(kind: Kind, raw: int | float) -> str:
    if kind is Kind.DECIMAL:
        return decimal_text(Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)) or ""
    if kind is Kind.INTEGER and float(raw).is_integer():
        return str(int(raw))
    raise CellError("cell.number", N_("text, not a number (digits of a number may be lost; format the cell as text)"))


def parse(kind: Kind, text: str) -> object:
    """The value of a cell's text for its kind; CellError when it does not fit."""
    parse_kind = _PARSERS.get(kind)
    if parse_kind is None:
        raise AssertionError(kind)
    return parse_kind(text)


def _parse_text(text: str) -> object:
    return text


def _parse_identifier(text: str) -> object:
    if not _IDENTIFIER.match(text):
        raise CellError("cell.identifier", N_("digits and letters only"))
    return text


def _parse_yes_no(text: str) -> object:
    if text in (YES, "TRUE", "true", "=TRUE()"):
        return True
    if text in (NO, "FALSE", "false", "=FALSE()"):
        return False
    raise CellError("cell.yes_no", N_("是 or 否"))


def _parse_decimal(text: str) -> object:
    try:
        return parse_decimal(text, "")
    except ValueError:
        raise CellError("cell.decimal", N_("a number such as 12.5")) from None


def _parse_date(text: str) -> object:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else _bad_date()
    except ValueError:
        raise CellError("cell.date_text", N_("a date as YYYY-MM-DD")) from None


def _parse_time(text: str) -> object:
    if not text:
        return None
    if not _TIME.match(text):
        raise CellError("cell.time", N_("a time as YYYY-MM-DDTHH:MM:SSZ"))
    return text


def _parse_integer(text: str) -> object:
    if not text.isdigit() or len(text) > 9:
        raise CellError("cell.integer", N_("a whole number"))
    return int(text)


def _parse_base64(text: str) -> object:
    if not text:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise CellError("cell.base64", N_("Base64 text as exported")) from None


_PARSERS: dict[Kind, Callable[[str], object]] = {
    Kind.TEXT: _parse_text,
    Kind.WORD: _parse_text,
    Kind.WORDS: _parse_text,
    Kind.IDENTIFIER: _parse_identifier,
    Kind.YES_NO: _parse_yes_no,
    Kind.DECIMAL: _parse_decimal,
    Kind.DATE: _parse_date,
    Kind.TIME: _parse_time,
    Kind.INTEGER: _parse_integer,
    Kind.BASE64: _parse_base64,
}


def _bad_date() -> object:
    raise ValueError


def _text_of(kind: Kind) -> Callable[[object], str]:
    """The text written for a value of ``kind``: the same as ``to_text``, chosen once per column."""
    if kind is Kind.YES_NO:
        return lambda value: "" if value is None else (YES if value else NO)
    if kind is Kind.DECIMAL:
        # The ignore below: a DECIMAL value is a Decimal
        return lambda value: "" if value is None else (decimal_text(value) or "")  # type: ignore[arg-type]
    if kind is Kind.DATE:
        return lambda value: "" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)
    if kind is Kind.BASE64:
        return lambda value: (
            "" if value is None else base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else str(value)
        )
    return lambda value: "" if value is None else value if type(value) is str else str(value)


def texts_of(columns: tuple[Column, ...]) -> Callable[[dict[str, object]], list[str]]:
    """A function giving a row's texts, column by column (one conversion function per column, chosen once)."""
    plan = [(column.key, _text_of(column.kind)) for column in columns]
    return lambda row: [text(row.get(key)) for key, text in plan]
