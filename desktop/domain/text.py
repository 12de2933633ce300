"""Normalising the text, dates and amounts that officers type, so that what is stored is what is signed."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

#: The control characters clean_text drops.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def format_characters(text: str) -> list[str]:
    """The invisible format characters (Unicode category Cf: zero-width spaces and joiners, bidirectional
    controls such as U+202E, soft hyphens, byte-order marks) in ``text``, in order of appearance.

    They change what a text shows, or how it compares, without being seen: U+200B inside an enterprise name stops two
    declarations of the same enterprise from matching, and U+202E makes a name print backwards. Text that people
    type is refused when it holds one (validation), never silently changed: what is signed is what was typed.
    """
    return [character for character in text if unicodedata.category(character) == "Cf"]


def without_format_characters(text: str) -> str:
    """``text`` with its format characters removed: for comparing and matching only, never for storing or signing."""
    return "".join(character for character in text if unicodedata.category(character) != "Cf")


def clean_text(value: object) -> str:
    """NFC-normalised text without surrounding white space; None becomes ''.

    NFC is the one normal form used everywhere (input, storage, signatures), so that the same visible text typed
    on two systems signs to the same bytes.
    """
    if value is None:
        return ""
    # Line ends too have one form: a cell saved on Windows comes back with \r\n.
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    # Other control characters (a vertical tab pasted from Word) cannot be carried by an .xlsx cell: dropped here,
    # where text enters, so what is signed is what a workbook can carry.
    text = CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text).strip()


def parse_decimal(value: object, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{field}: {value!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{field}: {value!r} is not a number")
    return number


def decimal_text(value: Decimal | None) -> str | None:
    """One text form per amount: no exponent, no trailing zeros ('12.50' and '12.5' are the same amount)."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def parse_date(value: object, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        # A date and time ('2020-01-02 00:00:00', '2020-01-02T08:00') gives its date; anything else must be a date
        # as a whole, so that a typo such as '2020-01-021' is refused instead of cut to 2020-01-02.
        return dt.date.fromisoformat(text[:10] if len(text) > 10 and text[10] in "T " else text)
    except ValueError:
        raise ValueError(f"{field}: {value!r} is not a date (YYYY-MM-DD)") from None


#: What people type between the parts of a date: 2019-05-01, 2019/5/1, 2019.5.1, 2019年5月1日 (or 号).
_TYPED_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")


def read_typed_date(text: str) -> dt.date | None:
    """A date as a person types it: 2019-05-01, 20190501, 2019/5/1, 2019.5.1, 2019年5月1日 (full-width digits
    too); None for nothing typed. ValueError for anything else. Kept apart from parse_date, which reads the stored
    and exchanged forms strictly: a workbook cell must not change meaning with this leniency."""
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None
    parts: tuple[str, ...]
    if re.fullmatch(r"\d{8}", value):
        parts = (value[:4], value[4:6], value[6:])
    elif match := _TYPED_DATE.fullmatch(value):
        parts = match.groups()
    else:
        raise ValueError(f"{text!r} is not a date")
    year, month, day = (int(part) for part in parts)
    try:
        return dt.date(year, month, day)
    except ValueError:  # 2019-02-30, 2019-13-01
        raise ValueError(f"{text!r} is not a date") from None


def parse_flag(value: object, field: str) -> bool:
    """A yes/no value: a bool, or text such as true/false, 1/0, yes/no, 是/否; empty is no."""
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return False
    text = str(value).strip().lower()
    if text in {"true", "1", "yes", "是", "y"}:
        return True
    if text in {"false", "0", "no", "否", "n"}:
        return False
    raise ValueError(f"{field}: {value!r} is not yes or no")
