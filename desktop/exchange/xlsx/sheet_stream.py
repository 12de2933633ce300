"""The data rows of the large sheets, streamed straight into the .xlsx package as SpreadsheetML.

openpyxl writes the workbook (cover, styles, column widths, frozen panes, print setup and titles, and the two heading
rows of every sheet); its per-cell objects and XML serialiser cost ≈ 50 µs per row of 30 cells, so the rows below the
headings of the declarations and interests sheets are written here instead, as the same inline-string cells openpyxl
writes in write-only mode (``<c r="A3" t="inlineStr"><is><t>…</t></is></c>``), and spliced into each sheet's part
before ``</sheetData>`` while the package is copied to its target. See docs/decisions.md.

Every cell is a text cell: no ``<f>`` (formula) element can be produced, whatever the text. A text that a program
could take for a formula when it is typed again (``=``, ``+``, ``-``, ``@`` first) gets the quote-prefix style, as
before. Text is XML-escaped; the control characters XML 1.0 cannot carry are refused as openpyxl refuses them. An
underscore that starts one of Excel's ``_xHHHH_`` escapes is written ``_x005F_`` (decision 148).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from desktop.domain.ooxml_escapes import escape_cell_text

#: Rows per piece written to the zip stream (bounded memory, few calls).
_ROWS_PER_PIECE = 2000
#: The same characters openpyxl refuses (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE).
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_FORMULA_START = frozenset("=+-@")
_SPACE = frozenset(" \t\n\r")
_SHEET_DATA_END = b"</sheetData>"
#: Deflate level of the package. Level 1 makes the data parts ~15 % larger than level 6 in a third of the time.
COMPRESS_LEVEL = 1


class IllegalCharacter(ValueError):
    """A text holds a control character that an .xlsx cannot carry."""


def _column_letters(count: int) -> list[str]:
    letters = []
    for index in range(1, count + 1):
        name, number = "", index
        while number:
            number, remainder = divmod(number - 1, 26)
            name = chr(65 + remainder) + name
        letters.append(name)
    return letters


def rows_xml(width: int, rows: Iterable[list[str]], first_row: int, quote_style: int) -> Iterator[str]:
    """``<row>`` elements for ``rows`` of texts (``width`` columns), numbered from ``first_row``, in pieces.

    Empty texts are left out (an empty cell); a text starting like a formula gets style ``quote_style``.
    """
    starts = [f'<c r="{letter}' for letter in _column_letters(width)]
    quoted = f'" s="{quote_style}" t="inlineStr"><is><t'
    piece: list[str] = []
    number = first_row
    for texts in rows:
        row = str(number)
        piece.append(f'<row r="{row}">')
        for start, text in zip(starts, texts, strict=True):
            if not text:
                continue
            if "_x" in text:  # Excel's escapes: a literal "_x0041_" is written "_x005F_x0041_" (decision 148)
                text = escape_cell_text(text)
            if "&" in text or "<" in text or ">" in text:
                text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            middle = quoted if text[0] in _FORMULA_START else '" t="inlineStr"><is><t'
            space = ' xml:space="preserve">' if text[0] in _SPACE or text[-1] in _SPACE else ">"
            piece.append(f"{start}{row}{middle}{space}{text}</t></is></c>")
        piece.append("</row>")
        number += 1
        if number % _ROWS_PER_PIECE == 0:
            yield _checked("".join(piece))
            piece = []
    if piece:
        yield _checked("".join(piece))


def values_xml(width: int, rows: Iterable[Sequence[str | int]], first_row: int, quote_style: int) -> Iterator[str]:
    """``<row>`` elements for ``rows`` of texts and whole numbers, as openpyxl writes the values of a write-only
    sheet: a whole number as a number cell (``<c r="A2" t="n"><v>35</v></c>``), a text as an inline string,
    ``xml:space="preserve"`` where openpyxl puts it (a text with something but white space, starting or ending with
    white space), an empty text as an empty text cell (``<c r="J2" t="inlineStr"/>``, read back as none). Otherwise as
    ``rows_xml``: formula-like texts get ``quote_style``, Excel's escapes are escaped, control characters refused."""
    starts = [f'<c r="{letter}' for letter in _column_letters(width)]
    quoted = f'" s="{quote_style}" t="inlineStr"><is><t'
    piece: list[str] = []
    number = first_row
    for values in rows:
        row = str(number)
        piece.append(f'<row r="{row}">')
        for start, value in zip(starts, values, strict=True):
            if isinstance(value, int):  # a bool is an int too: none comes here (openpyxl would write t="b")
                piece.append(f'{start}{row}" t="n"><v>{value}</v></c>')
                continue
            text = value
            if not text:
                piece.append(f'{start}{row}" t="inlineStr"/>')
                continue
            if "_x" in text:
                text = escape_cell_text(text)
            if "&" in text or "<" in text or ">" in text:
                text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            middle = quoted if text[0] in _FORMULA_START else '" t="inlineStr"><is><t'
            stripped = text.strip()
            space = ' xml:space="preserve">' if stripped and stripped != text else ">"
            piece.append(f"{start}{row}{middle}{space}{text}</t></is></c>")
        piece.append("</row>")
        number += 1
        if number % _ROWS_PER_PIECE == 0:
            yield _checked("".join(piece))
            piece = []
    if piece:
        yield _checked("".join(piece))


def _checked(xml: str) -> str:
    found = _ILLEGAL.search(xml)
    if found:
        raise IllegalCharacter(f"a control character (U+{ord(found[0]):04X}) that a workbook cannot hold")
    return xml


def splice(template: bytes, target: Path | BinaryIO, rows: dict[str, Iterable[str]]) -> None:
    """Copy the .xlsx package ``template`` to ``target``, adding the XML pieces ``rows[part]`` at the end of the
    ``sheetData`` of each named part (e.g. ``xl/worksheets/sheet2.xml``)."""
    pending = dict(rows)
    with (
        zipfile.ZipFile(_bytes_io(template)) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as out,
    ):
        for info in source.infolist():
            data = source.read(info)
            pieces = pending.pop(info.filename, None)
            if pieces is None:
                out.writestr(info.filename, data)
                continue
            at = data.rfind(_SHEET_DATA_END)
            if at < 0:
                raise ValueError(f"{info.filename} has no sheetData")
            with out.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(data[:at])
                for piece in pieces:
                    stream.write(piece.encode("utf-8"))
                stream.write(data[at:])
    if pending:
        raise ValueError(f"parts not in the package: {sorted(pending)}")


def _bytes_io(data: bytes) -> BinaryIO:
    import io

    return io.BytesIO(data)
