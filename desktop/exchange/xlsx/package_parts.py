"""Which parts of an .xlsx package something refers to.

A package is a tree of relationships: ``_rels/.rels`` names the workbook and the document properties, each part's
own ``_rels/<name>.rels`` names the parts it uses (sheets, styles, shared strings, drawings, images …). Excel, WPS
and LibreOffice write no part outside that tree. A part outside it is read by no spreadsheet program, yet a reader
may still unpack it (python-calamine opens ``xl/sharedStrings.xml`` by name, used or not), and it costs the scan
time: such a part is refused, from the directory and the small relationship parts, before anything large is
unpacked (issue 12, finding 7: 945 MB of unused parts in a 55 MB file).
"""

from __future__ import annotations

import posixpath
import zipfile
from urllib.parse import unquote

from desktop.exchange.xlsx.errors import _unreferenced

_CONTENT_TYPES = "[Content_Types].xml"
_ROOT_RELATIONSHIPS = "_rels/.rels"


def relationships_part(part: str) -> str:
    """The name of the part that holds ``part``'s relationships: ``xl/_rels/workbook.xml.rels`` for
    ``xl/workbook.xml``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _resolve(source: str, target: str) -> str:
    """The part a relationship target names, relative to the folder of its source part (or absolute)."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def check_referenced(archive: zipfile.ZipFile, file: str) -> None:
    """Refuse the package if any member other than the content types, a relationship part of a part in the tree,
    or a folder entry is not reached from ``_rels/.rels`` by internal relationships. Part names compare
    case-insensitively, as Office compares them."""
    from desktop.exchange.xlsx.package_checks import _parse_small_part  # the same defused parser

    members = {info.filename.casefold(): info.filename for info in archive.infolist()}
    reached: set[str] = set()
    pending = [""]  # "" stands for the package itself, whose relationships are _rels/.rels
    while pending:
        source = pending.pop()
        holder = _ROOT_RELATIONSHIPS if source == "" else relationships_part(source)
        name = members.get(holder.casefold())
        if name is None:
            continue
        reached.add(holder.casefold())
        root = _parse_small_part(archive, name, file)
        for element in root.iter():
            if not element.tag.endswith("Relationship") or element.get("TargetMode", "Internal") == "External":
                continue
            target = element.get("Target")
            if not target:
                continue
            part = _resolve(source, target).casefold()
            if part in members and part not in reached:
                reached.add(part)
                pending.append(members[part])
    for folded, name in members.items():
        if folded in reached or name == _CONTENT_TYPES or name.endswith("/"):
            continue
        raise _unreferenced(file, name)
