"""Reading cells column by column: one conversion function per column kind, chosen once per column.

``converter(kind)(raw)`` is exactly ``cells.parse(kind, cells.cell_text(kind, raw))`` (the same value, or the same
CellError), with the text cells that make up nearly every workbook handled inline and everything else (numbers,
booleans, dates, None) passed to those functions. ``convert_column(kind, values)`` gives the same values for a
whole column at once, checking the column's texts together (one scan of C code instead of a Python call per cell),
or None when any cell needs the per-cell way. Tests compare all three on ordinary and hostile values.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from desktop.domain.text import CONTROL
from desktop.exchange.vocabulary import NO, YES
from desktop.exchange.workbook.cells import cell_text, parse
from desktop.exchange.workbook.columns import Kind

Converter = Callable[[object], object]

_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_IDENTIFIER = re.compile(r"^[0-9A-Za-z:.\-_]*$")
_YES_NO = {
    YES: True,
    "TRUE": True,
    "true": True,
    "=TRUE()": True,
    NO: False,
    "FALSE": False,
    "false": False,
    "=FALSE()": False,
}
_normalize = unicodedata.normalize


def clean(text: str) -> str:
    """desktop.domain.text.clean_text for a str: line ends as \\n, no control characters, NFC, no surrounding white
    space."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if CONTROL.search(text):
        text = CONTROL.sub("", text)
    if not text.isascii():
        text = _normalize("NFC", text)
    return text.strip()


def converter(kind: Kind) -> Converter:
    """The conversion function of a column of ``kind``."""

    def generic(raw: object) -> object:
        return parse(kind, cell_text(kind, raw))

    fast = _FAST.get(kind)
    return generic if fast is None else fast(generic)  # DECIMAL: few cells, and parse_decimal is the rule


# Each takes the column's generic conversion (for whatever is not plainly the text of its kind) and returns the
# conversion that handles such text inline.


def _text(generic: Converter) -> Converter:
    def text(raw: object) -> object:
        return clean(raw) if type(raw) is str else generic(raw)

    return text


def _identifier(generic: Converter) -> Converter:
    def identifier(raw: object) -> object:
        if type(raw) is not str:
            return generic(raw)
        value = clean(raw)
        if (value.isascii() and value.isalnum()) or _IDENTIFIER.match(value):
            return value
        return generic(raw)  # raises the cell's error

    return identifier


def _yes_no(generic: Converter) -> Converter:
    def yes_no(raw: object) -> object:
        if type(raw) is str:
            value = _YES_NO.get(clean(raw))
            if value is not None:
                return value
        return generic(raw)

    return yes_no


def _date(generic: Converter) -> Converter:
    def date(raw: object) -> object:
        if type(raw) is not str:
            return generic(raw)
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


def _time(generic: Converter) -> Converter:
    def time(raw: object) -> object:
        if type(raw) is not str:
            return generic(raw)
        value = clean(raw)
        if not value:
            return None
        return value if _TIME.match(value) else generic(raw)

    return time


def _integer(generic: Converter) -> Converter:
    def integer(raw: object) -> object:
        if type(raw) is str:
            value = clean(raw)
            if value.isascii() and value.isdigit() and len(value) <= 9:
                return int(value)
        return generic(raw)

    return integer


def _base64(generic: Converter) -> Converter:
    def b64(raw: object) -> object:
        if type(raw) is not str:
            return generic(raw)
        value = clean(raw)
        if not value:
            return None
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return generic(raw)

    return b64


_FAST: dict[Kind, Callable[[Converter], Converter]] = {
    Kind.TEXT: _text,
    Kind.WORD: _text,
    Kind.WORDS: _text,  # several words, one per line: split where the row is read
    Kind.IDENTIFIER: _identifier,
    Kind.YES_NO: _yes_no,
    Kind.DATE: _date,
    Kind.TIME: _time,
    Kind.INTEGER: _integer,
    Kind.BASE64: _base64,
}


# -- a whole column at once ---------------------------------------------------------------------------------------

_STR = {str}
_SEPARATOR = "\n"  # joins a column's texts for the checks below: a stable NFC boundary, not a control character
_IDENTIFIERS = re.compile(r"[0-9A-Za-z:.\-_\n]*")
_TIMES = re.compile(r"(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)?(?:\n(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)?)*")
_INTEGERS = re.compile(r"\d{1,9}(?:\n\d{1,9})*")


def convert_column(kind: Kind, values: list[object] | tuple[object, ...]) -> list[object] | None:
    """``[converter(kind)(v) for v in values]`` when every cell converts; None when any cell is not text, or not
    plainly the text of its kind (then the per-cell way gives each cell's value or locates its error).

    The checks that make ``clean`` a mere ``strip`` (no \\r, no control character, NFC already) are made once on the
    column's texts joined by \\n, which stands between two NFC segments without changing either; the checks of a
    kind's alphabet count the separators, so that a cell holding a \\n cannot pass for two cells."""
    if not values:
        return []
    if set(map(type, values)) != _STR:
        return None
    texts: list[str] = values  # type: ignore[assignment]  # checked above: every value is a str
    joined = _SEPARATOR.join(texts)
    if "\r" in joined or CONTROL.search(joined):
        return None
    ascii_only = joined.isascii()
    if not ascii_only and not unicodedata.is_normalized("NFC", joined):
        return None
    try:
        return _COLUMNS[kind](list(map(str.strip, texts)), ascii_only)
    except (KeyError, ValueError):  # a word that is no answer; a CellError, binascii.Error: both ValueErrors
        return None


# Each takes a column's texts, already clean but for the surrounding white space (stripped), and whether they are
# all ASCII; it returns their values, None when a cell needs the per-cell way, or raises KeyError or ValueError.
ColumnConverter = Callable[[list[str], bool], list[object] | None]


def _texts(stripped: list[str], _ascii_only: bool) -> list[object]:
    return stripped  # type: ignore[return-value]


def _yes_nos(stripped: list[str], _ascii_only: bool) -> list[object]:
    return list(map(_YES_NO.__getitem__, stripped))


def _decimals(stripped: list[str], _ascii_only: bool) -> list[object]:
    return _memoized(converter(Kind.DECIMAL), stripped)


def _ascii(convert: Callable[[list[str], str], list[object] | None]) -> ColumnConverter:
    """For the kinds that are ASCII when written: ``convert(stripped, joined)`` once the texts are ASCII and no cell
    holds a line break inside (``joined``: the texts joined by the separator)."""

    def column(stripped: list[str], ascii_only: bool) -> list[object] | None:
        if not ascii_only:
            return None  # let each cell say what it is
        joined = _SEPARATOR.join(stripped)
        if joined.count(_SEPARATOR) != len(stripped) - 1:
            return None  # a cell holds a line break inside
        return convert(stripped, joined)

    return column


def _identifiers(stripped: list[str], joined: str) -> list[object] | None:
    return stripped if _IDENTIFIERS.fullmatch(joined) else None  # type: ignore[return-value]


def _times(stripped: list[str], joined: str) -> list[object] | None:
    return [v or None for v in stripped] if _TIMES.fullmatch(joined) else None


def _integers(stripped: list[str], joined: str) -> list[object] | None:
    return list(map(int, stripped)) if _INTEGERS.fullmatch(joined) else None


def _dates(stripped: list[str], _joined: str) -> list[object]:
    return [None if not v else dt.date.fromisoformat(v) if len(v) == 10 else _refuse() for v in stripped]


def _base64s(stripped: list[str], _joined: str) -> list[object]:
    decode = base64.b64decode
    return [decode(v, validate=True) if v else None for v in stripped]


_COLUMNS: dict[Kind, ColumnConverter] = {
    Kind.TEXT: _texts,
    Kind.WORD: _texts,
    Kind.WORDS: _texts,
    Kind.YES_NO: _yes_nos,
    Kind.DECIMAL: _decimals,
    Kind.IDENTIFIER: _ascii(_identifiers),
    Kind.TIME: _ascii(_times),
    Kind.INTEGER: _ascii(_integers),
    Kind.DATE: _ascii(_dates),
    Kind.BASE64: _ascii(_base64s),
}


def _refuse() -> object:
    raise ValueError


def _memoized(convert: Converter, texts: list[str]) -> list[object]:
    """Each distinct text converted once (amounts repeat: 20, 50, 100 …); the values are immutable."""
    seen: dict[str, object] = {}
    out = []
    for text in texts:
        try:
            out.append(seen[text])
        except KeyError:
            value = seen[text] = convert(text)
            out.append(value)
    return out
