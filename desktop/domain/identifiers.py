"""ID numbers (GB 11643) and unified social credit codes (GB 32100), checked with python-stdnum.

``stdnum.cn.ric.validate`` is not used as a whole: it also rejects an ID number whose region code was created after
the holder's birth year (220402 dates from 1983, so it "fails" for anyone born in 1970). ID numbers were first issued
in the mid-1980s, so such numbers are real and common among older officers. Length, format, birth date and check
digit are errors; an unknown or out-of-period region code is a warning.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError
from stdnum.util import clean

from desktop.domain.problems import Problem, Severity
from desktop.i18n import N_

_ID_FORMAT = re.compile(r"^\d{17}[\dX]$", re.ASCII)  # ASCII: \d alone also matches e.g. Arabic-Indic digits
_EARLIEST_BIRTH = dt.date(1900, 1, 1)


def normalise_id_number(value: str) -> str:
    """Remove spaces and dashes and upper-case a trailing x (full-width digits and x become ASCII).

    Not ``ric.compact``: it removes no separators at all.
    """
    if value.isascii() and value.isalnum():  # as nearly every stored number: nothing to remove or map
        return value.upper()
    return clean(value, " -").upper().replace("Ｘ", "X").strip()


def check_id_number(value: str, path: str, today: dt.date) -> list[Problem]:
    """Every problem with an ID number, or none. ``today`` bounds the birth date."""
    number = normalise_id_number(value)
    if not number:
        return [Problem(path, "id_number.missing", Severity.ERROR, N_("The ID number is missing."))]
    if len(number) == 15 and number.isdigit():
        return [
            Problem(
                path,
                "id_number.legacy_15",
                Severity.ERROR,
                N_("This is a 15-digit first-generation ID number, no longer valid; enter the 18-digit number."),
            )
        ]
    if len(number) != 18:
        return [
            Problem(
                path,
                "id_number.length",
                Severity.ERROR,
                N_("An ID number has 18 characters; this one has {length}."),
                {"length": len(number)},
            )
        ]
    if not _ID_FORMAT.match(number):
        return [
            Problem(
                path,
                "id_number.format",
                Severity.ERROR,
                N_("An ID number is 17 digits followed by a digit or X."),
            )
        ]
    try:
        birth = ric.get_birth_date(number)
    except ValidationError:
        message = N_("The birth date in the ID number does not exist.")
        return [Problem(path, "id_number.birth_date", Severity.ERROR, message)]
    if not _EARLIEST_BIRTH <= birth <= today:
        return [
            Problem(
                path,
                "id_number.birth_date",
                Severity.ERROR,
                N_("The birth date in the ID number ({date}) is not possible."),
                {"date": birth},  # a date: the translator writes it in the reader's form
            )
        ]
    if ric.calc_check_digit(number) != number[-1]:
        return [
            Problem(
                path,
                "id_number.check_digit",
                Severity.ERROR,
                N_("The last character of the ID number is wrong: a digit was mistyped."),
            )
        ]
    if not _region_known(number[:6]):
        return [
            Problem(
                path,
                "id_number.region",
                Severity.WARNING,
                N_("The region code {region} of the ID number is not in the list of known codes; check it."),
                {"region": number[:6]},
            )
        ]
    return []


@functools.lru_cache(maxsize=8192)
def _region_known(region: str) -> bool:
    """Whether stdnum knows the region code (the ID number's first six digits) in any period. Kept per code: the
    lookup scans stdnum's table (about half a millisecond), and there are a few thousand codes.

    The period is not checked: the number was issued when the holder registered (from the mid-1980s on), not at
    birth, so a code created after the birth year is normal, and a warning for it would only teach people to ignore
    warnings.
    """
    results = numdb.get("cn/loc").info(region)
    return any(props.get("county") or props.get("prefecture") for _part, props in results)


def check_uscc(value: str, path: str) -> list[Problem]:
    """Problems with a unified social credit code. A wrong check character is a warning the officer may confirm."""
    code = uscc.compact(value)
    if not code:
        return []
    if len(code) != 18:
        return [
            Problem(
                path,
                "uscc.length",
                Severity.ERROR,
                N_("A unified social credit code has 18 characters; this one has {length}."),
                {"length": len(code)},
            )
        ]
    try:
        uscc.validate(code)
    except ValidationError as exc:
        if exc.__class__.__name__ == "InvalidChecksum":
            return [
                Problem(
                    path,
                    "uscc.check_character",
                    Severity.WARNING,
                    N_(
                        "The check character of the credit code does not match. Check the code against the "
                        "business licence; early pilot codes exist, so you may confirm it if it is right."
                    ),
                )
            ]
        return [
            Problem(
                path,
                "uscc.format",
                Severity.ERROR,
                N_("A unified social credit code uses digits and capital letters except I, O, Z, S and V."),
            )
        ]
    return []


def birth_date_from_id_number(value: str) -> dt.date | None:
    """The birth date an 18-character ID number carries (characters 7-14), or None when it carries none."""
    number = normalise_id_number(value)
    if not _ID_FORMAT.match(number):
        return None
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def sex_from_id_number(value: str) -> str | None:
    """ "male" or "female" from the 17th character of an 18-character ID number (odd for men), or None."""
    number = normalise_id_number(value)
    if not _ID_FORMAT.match(number):
        return None
    return "male" if int(number[16]) % 2 else "female"
