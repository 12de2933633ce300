"""Reading cells column by column: one conversion function per column kind, chosen once per column.

``converter(kind)(raw)`` is exactly ``cells.parse(kind, cells.cell_text(kind, raw))`` (the same value, or the same
CellError), with the text cells that make up nearly every workbook handled inline and everything else (numbers,
booleans, dates, None) passed to those functions. A test compares both on ordinary and hostile values.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from desktop.exchange.cells import cell_text, parse
from desktop.exchange.columns import Kind
from desktop.exchange.vocabulary import NO, YES

Converter = Callable[[object], object]

_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_IDENTIFIER = re.compile(r"^[0-9A-Za-z:.\-_]*$")
_YES_NO = {YES: True, "TRUE": True, "true": True, "=TRUE()": True, NO: False, "FALSE": False, "false": False,
           "=FALSE()": False}
_normalize = unicodedata.normalize


def clean(text: str) -> str:
    """desktop.domain.text.clean_text for a str: line ends as \\n, NFC, no surrounding white space."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = _normalize("NFC", text)
    return text.strip()


def converter(kind: Kind) -> Converter:
    """The conversion function of a column of ``kind``."""

    def generic(raw: object) -> object:
        return parse(kind, cell_text(kind, raw))

    if kind in (Kind.TEXT, Kind.WORD):
        def text(raw: object) -> object:
            if type(raw) is str:
                return raw.strip() if raw.isascii() and "\r" not in raw else clean(raw)  # clean(raw), inlined
            return generic(raw)
        return text

    if kind is Kind.IDENTIFIER:
        def identifier(raw: object) -> object:
            if type(raw) is not str:
                return generic(raw)
            value = raw.strip() if raw.isascii() and "\r" not in raw else clean(raw)  # clean(raw), inlined
            if (value.isascii() and value.isalnum()) or _IDENTIFIER.match(value):
                return value
            return generic(raw)  # raises the cell's error
        return identifier

    if kind is Kind.YES_NO:
        def yes_no(raw: object) -> object:
            if type(raw) is str:
                value = _YES_NO.get(clean(raw))
                if value is not None:
                    return value
            return generic(raw)
        return yes_no

    if kind is Kind.DATE:
        def date(raw: object) -> object:
            if type(raw) is str:
                value = clean(raw)
                if not value:
                    return None
                if len(value) == 10 and value.isascii():
                    try:
                        return dt.date.fromisoformat(value)
                    except ValueError:
                        pass
            return generic(raw)
        return date

    if kind is Kind.TIME:
        def time(raw: object) -> object:
            if type(raw) is str:
                value = clean(raw)
                if not value:
                    return None
                if _TIME.match(value):
                    return value
            return generic(raw)
        return time

    if kind is Kind.INTEGER:
        def integer(raw: object) -> object:
            if type(raw) is str:
                value = clean(raw)
                if value.isascii() and value.isdigit() and len(value) <= 9:
                    return int(value)
            return generic(raw)
        return integer

    if kind is Kind.BASE64:
        def b64(raw: object) -> object:
            if type(raw) is str:
                value = clean(raw)
                if not value:
                    return None
                try:
                    return base64.b64decode(value, validate=True)
                except (binascii.Error, ValueError):
                    pass
            return generic(raw)
        return b64

    return generic  # DECIMAL: few cells, and parse_decimal is the rule
