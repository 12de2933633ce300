"""The resource attacks of issue 12, finding 7, built from a real export at any scale: each stays within the limits
that existed before (the file size, the unpacked size, the compression ratio per part, the sheet extent), and each
cost far more memory than its file's size. Every part is written as a stream, so building one at full scale costs
this process little memory.

- ``shared_strings``: a sharedStrings part that no cell uses, with ``count`` strings (full scale 12 million), that
  nothing refers to; ``listed_shared_strings``: the same, named by the workbook's relationships.
- ``long_cell``: one cell of ``characters`` characters (full scale 60 million), random so that it hardly compresses.
- ``empty_rows``: ``rows`` empty rows after the data of the declarations sheet (full scale 20 million).
- ``unused_parts``: ``megabytes`` MB of parts that nothing in the package refers to (full scale 945 MB, about 17:1).
- ``far_cell``: one cell at column CV of row ``row`` (full scale 400,000: 40 million cells of used range, 1.6 GB and
  82 s before, from a 30 KB file; not in the finding's list, found while bounding it).
"""

from __future__ import annotations

import random
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

DECLARATIONS_PART = "xl/worksheets/sheet2.xml"
_PIECE = 1 << 20

FULL_SCALE = {
    "shared_strings": 12_000_000,
    "listed_shared_strings": 12_000_000,
    "long_cell": 60_000_000,
    "empty_rows": 20_000_000,
    "unused_parts": 945,
    "far_cell": 400_000,
}


def _copy(source: Path, target: Path, change: Callable[[str, bytes], Iterator[bytes] | None], extra=()) -> Path:
    """``source`` part by part into ``target``; ``change(name, data)`` gives the new content in pieces (or None:
    unchanged); ``extra``: (name, pieces) added at the end."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for info in old.infolist():
            data = old.read(info)
            pieces = change(info.filename, data)
            if pieces is None:
                new.writestr(info.filename, data)
                continue
            with new.open(info.filename, "w", force_zip64=True) as stream:
                for piece in pieces:
                    stream.write(piece)
        for name, pieces in extra:
            with new.open(name, "w", force_zip64=True) as stream:
                for piece in pieces:
                    stream.write(piece)
    return target


def _batched(items: Iterator[bytes]) -> Iterator[bytes]:
    batch: list[bytes] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item)
        if size >= _PIECE:
            yield b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)


_SHARED_STRINGS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_SHARED_STRINGS_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _listing_shared_strings(name: str, data: bytes) -> Iterator[bytes] | None:
    """The workbook's relationships and content types, naming xl/sharedStrings.xml as Excel does."""
    if name == "xl/_rels/workbook.xml.rels":
        relationship = f'<Relationship Id="rIdStrings" Type="{_SHARED_STRINGS_TYPE}" Target="sharedStrings.xml"/>'
        return iter([data.replace(b"</Relationships>", relationship.encode() + b"</Relationships>")])
    if name == "[Content_Types].xml":
        override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SHARED_STRINGS_CONTENT}"/>'
        return iter([data.replace(b"</Types>", override.encode() + b"</Types>")])
    return None


def shared_strings(source: Path, target: Path, count: int, listed: bool = False) -> Path:
    """A sharedStrings part of ``count`` distinct strings that no cell uses; ``listed``: the workbook names it
    (else nothing refers to it)."""

    def pieces() -> Iterator[bytes]:
        yield (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
            % (count, count)
        )
        yield from _batched(b"<si><t>%09d</t></si>" % n for n in range(count))
        yield b"</sst>"

    change = _listing_shared_strings if listed else (lambda _n, _d: None)
    return _copy(source, target, change, [("xl/sharedStrings.xml", pieces())])


_INLINE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t( xml:space="preserve")?>(.*?)</t></is></c>',
    re.DOTALL,  # a text may hold line ends
)


def as_shared_strings(source: Path, target: Path) -> Path:
    """The workbook with every inline text of every sheet made a shared string, as Excel writes texts."""
    strings: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        key = (match[3] or b"") + b">" + match[4]
        index = strings.setdefault(key, len(strings))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match[1], match[2] or b"", index)

    with zipfile.ZipFile(source) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    for name in [n for n in parts if n.startswith("xl/worksheets/")]:
        parts[name] = _INLINE.sub(shared, parts[name])
    items = b"".join(b"<si><t" + key + b"</t></si>" for key in strings)
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
        % (len(strings), len(strings), items)
    )
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        parts[name] = b"".join(_listing_shared_strings(name, parts[name]) or [])
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return target


def listed_shared_strings(source: Path, target: Path, count: int) -> Path:
    """shared_strings, named by the workbook's relationships and content types."""
    return shared_strings(source, target, count, listed=True)


def _random_text(characters: int, seed: int = 7) -> Iterator[bytes]:
    """``characters`` letters and digits, random (so that deflate gains little), in pieces."""
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    table = bytes(alphabet[n % len(alphabet)] for n in range(256))
    generator = random.Random(seed)
    left = characters
    while left:
        size = min(left, _PIECE)
        yield generator.randbytes(size).translate(table)
        left -= size


def long_cell(source: Path, target: Path, characters: int) -> Path:
    """The declarations sheet with the name cell of row 3 (E3) replaced by ``characters`` random characters."""

    def change(name: str, data: bytes) -> Iterator[bytes] | None:
        if name != DECLARATIONS_PART:
            return None
        start = data.index(b'<c r="E3"')
        head = data.index(b"<t>", start) + 3
        tail = data.index(b"</t>", head)

        def pieces() -> Iterator[bytes]:
            yield data[:head]
            yield from _random_text(characters)
            yield data[tail:]

        return pieces()

    return _copy(source, target, change)


def empty_rows(source: Path, target: Path, rows: int) -> Path:
    """``rows`` empty ``<row r="…"/>`` elements after the data of the declarations sheet."""

    def change(name: str, data: bytes) -> Iterator[bytes] | None:
        if name != DECLARATIONS_PART:
            return None
        at = data.rindex(b"</sheetData>")
        first = data.count(b"<row ") + 1

        def pieces() -> Iterator[bytes]:
            yield data[:at]
            yield from _batched(b'<row r="%d"/>' % n for n in range(first, first + rows))
            yield data[at:]

        return pieces()

    return _copy(source, target, change)


def _compressible(size: int, seed: int) -> Iterator[bytes]:
    """``size`` bytes that deflate about 17:1 (a random sixteenth in each piece, the rest zeros)."""
    generator = random.Random(seed)
    left = size
    while left:
        length = min(left, _PIECE)
        noise = generator.randbytes(length // 16)
        yield (noise + bytes(length - len(noise)))[:length]
        left -= length


def unused_parts(source: Path, target: Path, megabytes: int, parts: int = 10) -> Path:
    """``megabytes`` MB in ``parts`` parts that no relationship and no content type names."""
    size = megabytes * _PIECE // parts
    extra = [(f"xl/media/unused{n}.bin", _compressible(size, n)) for n in range(1, parts + 1)]
    return _copy(source, target, lambda _n, _d: None, extra)


def far_cell(source: Path, target: Path, row: int) -> Path:
    """One cell in column CV (100, the last the declaration limits allow) of row ``row`` of the declarations sheet:
    within the row and column caps, its used range is ``row`` x 100 cells."""

    def change(name: str, data: bytes) -> Iterator[bytes] | None:
        if name != DECLARATIONS_PART:
            return None
        at = data.rindex(b"</sheetData>")
        cell = b'<row r="%d"><c r="CV%d" t="inlineStr"><is><t>x</t></is></c></row>' % (row, row)
        return iter([data[:at], cell, data[at:]])

    return _copy(source, target, change)


BUILDERS: dict[str, Callable[[Path, Path, int], Path]] = {
    "shared_strings": shared_strings,
    "listed_shared_strings": listed_shared_strings,
    "long_cell": long_cell,
    "empty_rows": empty_rows,
    "unused_parts": unused_parts,
    "far_cell": far_cell,
}
