"""ID numbers as registers give them: full, old 15-digit, or masked (``220402********1234``): what is visible is
kept, position by position, and matched together with the name."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from stdnum.cn import ric

FULL, MASKED = "full", "masked"
_MASKS = str.maketrans({c: "*" for c in "＊×●○#?？xX"})  # X is a check character only in the 18th place
_FULL = re.compile(r"^\d{17}[\dX]$", re.ASCII)
_OLD = re.compile(r"^\d{15}$", re.ASCII)
_MASKED = re.compile(r"^[\d*]{17}[\dX*]$", re.ASCII)


class BadIdNumber(ValueError):
    """Neither a full, an old 15-digit nor an 18-position masked ID number."""


def parse_register_id(text: str) -> tuple[str, str]:
    """(number, kind): the ID number upper-cased and without spaces, with every masked position as '*'; kind is
    FULL, MASKED or "" (no number). An old 15-digit number becomes its 18-digit form. Raises BadIdNumber."""
    if len(text) == 18 and _FULL.match(text):  # the usual case, as identifier cells come: stripped, upper case
        return text, FULL
    value = unicodedata.normalize("NFKC", text).replace(" ", "").replace("-", "").upper()
    if not value:
        return "", ""
    if _FULL.match(value):
        return value, FULL
    if _OLD.match(value):
        body = value[:6] + "19" + value[6:]
        return body + ric.calc_check_digit(body + "0"), FULL  # it expects a (dummy) check digit in place
    masked = value[:17].translate(_MASKS) + (value[17:] if value[17:] in {"X", ""} else value[17:].translate(_MASKS))
    if _MASKED.match(masked) and "*" in masked:
        return masked, MASKED
    raise BadIdNumber(value)


def masked_agrees(masked: str, number: str) -> bool:
    """Whether a full ID number shows the same characters wherever the masked one shows any."""
    if len(masked) != len(number):
        return False
    return all(m == "*" or m == n for m, n in zip(masked, number, strict=True))


def birth_date_of(number: str) -> dt.date | None:
    """The birth date a full (or a masked one that shows it) ID number carries."""
    digits = number[6:14]
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


_NAME_DROP = str.maketrans("", "", " \t\u3000·・•.．")


def name_key(name: str) -> str:
    """A person's name in one form for matching: NFKC, without spaces and the middle dot of transcribed names."""
    if name.isalnum() and unicodedata.is_normalized("NFKC", name):  # most names: nothing to drop or change
        return name.lower()
    return unicodedata.normalize("NFKC", name).translate(_NAME_DROP).lower()
