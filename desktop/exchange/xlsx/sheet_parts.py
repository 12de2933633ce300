"""Which part each sheet of a workbook is on, where every reader finds it alike (desktop.exchange.xlsx.own_sheets
and plain_sheets read only such parts; python-calamine reads everything else): the workbook lists its sheets the
one plain way our writer does, and each sheet named has one part, that part one sheet and one member, and a
relationship target python-calamine resolves to the same part.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable

from desktop.exchange.xlsx.errors import WorkbookError
from desktop.exchange.xlsx.safety import _parse_small_part, _sheet_entries

_OWN_TARGET = re.compile(r"(?:/xl/)?worksheets/sheet[0-9]{1,6}\.xml")  # read as the same part by calamine


def unambiguous_parts(archive: zipfile.ZipFile, file: str, sheets: Iterable[str]) -> list[tuple[str, str]]:
    """(sheet, part) of each of ``sheets`` whose part every reader finds alike: the workbook lists its sheets the
    plain way, one sheet of that name, one sheet on that part, one member of that name, and a relationship target
    that python-calamine resolves to the same part. Only these are read by a reader other than python-calamine."""
    if not _plain_listing(archive, file):
        return []
    entries = _sheet_entries(archive, file)
    members = [info.filename for info in archive.infolist()]
    chosen = []
    for sheet in sheets:
        mine = [(target, part) for name, target, part in entries if name == sheet]
        if len(mine) != 1:
            continue
        target, part = mine[0]
        if (
            not _OWN_TARGET.fullmatch(target)
            or [p for _n, _t, p in entries].count(part) != 1
            or members.count(part) != 1
        ):
            continue
        chosen.append((sheet, part))
    return chosen


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _plain_listing(archive: zipfile.ZipFile, file: str) -> bool:
    """Whether the workbook lists its sheets, and the parts they are on, the one plain way our writer does: every
    element named ``sheet`` a {main}sheet child of the one {main}sheets element under the root, and every element
    with an ``Id`` in the workbook's relationships a Relationship, each Id once. Where the listing is anything else
    (an unqualified ``sheet`` element, another element carrying an Id), readers may disagree on which part a sheet
    is, so the strict reader is not used at all."""
    try:
        workbook = _parse_small_part(archive, "xl/workbook.xml", file)
        relationships = _parse_small_part(archive, "xl/_rels/workbook.xml.rels", file)
    except (KeyError, WorkbookError):
        return False
    lists = [element for element in workbook if element.tag == _MAIN + "sheets"]
    if len(lists) != 1 or any(element.tag != _MAIN + "sheet" for element in lists[0]):
        return False
    if sum(element.tag.rpartition("}")[2] == "sheet" for element in workbook.iter()) != len(lists[0]):
        return False
    carrying = [element for element in relationships.iter() if element.get("Id") is not None]
    ids = [element.get("Id") for element in carrying]
    return (
        relationships.tag == _PACKAGE_RELATIONSHIPS + "Relationships"
        and len(ids) == len(set(ids))
        and all(element.tag == _PACKAGE_RELATIONSHIPS + "Relationship" for element in carrying)
    )
