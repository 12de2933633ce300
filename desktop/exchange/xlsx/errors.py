"""The limits a workbook from outside must keep, and the typed errors for one that cannot be used."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.errors import DeclareError
from desktop.i18n import N_

MB = 1024 * 1024

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None


@dataclass(frozen=True, slots=True)
class WorkbookLimits:
    """What a workbook from outside may use. The defaults fit a province's roster or a large unit's declarations."""

    max_file_bytes: int = 200 * MB
    max_unpacked_bytes: int = 1024 * MB  # the sum of the sizes the zip directory declares
    max_ratio: int = 200  # unpacked : packed, for each part ...
    ratio_applies_above: int = 1 * MB  # ... larger than this (small XML parts compress very well and are harmless)
    max_members: int = 10_000
    max_rows: int = 100_000
    max_columns: int = 200


DEFAULT_LIMITS = WorkbookLimits()

# -- errors -------------------------------------------------------------------------------------------------------


class WorkbookError(DeclareError):
    """A workbook that cannot be used. ``code`` names the reason for machines and tests; the message is for people."""

    def __init__(self, code: str, message: str, /, **fields: object) -> None:
        self.code = code
        super().__init__(message, **fields)


class UnreadableWorkbook(WorkbookError):
    """Not an .xlsx workbook this program can read: empty, not a zip, damaged, an old .xls, a binary .xlsb."""


class EncryptedWorkbook(UnreadableWorkbook):
    """Protected with a password (standard Office encryption): the content cannot be read without it."""


class UnsafeWorkbook(WorkbookError):
    """Refused to protect the computer: macros, a size over the limits, a zip that lies, unusual XML."""


class SheetTooLarge(UnsafeWorkbook):
    """A sheet's used range is larger than the row or column cap."""


def _not_a_workbook(file: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "not_xlsx",
        N_(
            "The file {file} is not an Excel workbook (.xlsx). Open it in Excel or WPS and save it as "
            '"Excel workbook (*.xlsx)", then choose that file.'
        ),
        file=file,
    )


def _damaged(file: str, part: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "damaged",
        N_(
            "The workbook {file} is damaged (part {part} cannot be unpacked). Ask for the file again, or open it "
            "in Excel or WPS and save it again."
        ),
        file=file,
        part=part,
    )


def _unusual(file: str, part: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "unusual_xml",
        N_(
            "The part {part} of workbook {file} is written in an unusual way that this program does not read, to "
            "stay safe. Open the workbook in Excel or WPS, save it again as .xlsx, and choose the new file."
        ),
        file=file,
        part=part,
    )


def _entities(file: str, part: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "xml_entities",
        N_(
            "The part {part} of workbook {file} declares XML entities, which Excel never writes and attacks "
            "use. The file is refused; ask the sender to save it again in Excel or WPS."
        ),
        file=file,
        part=part,
    )
