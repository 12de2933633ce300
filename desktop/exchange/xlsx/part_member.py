"""Where a worker process finds one member of a package the calling process has checked, without the rest of the
package: for a file on disk its path, identity and the member's offset (the worker opens the file again and reads
only its part, and nothing if the file was replaced meanwhile); for a package in memory the member's own bytes as
they lie in the package (its local header and compressed data). Used by the workers that read our own sheets
(own_sheets), scan other programs' large parts (part_scan_elsewhere) and read their sheets
(desktop.exchange.workbook.sheet_values)."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from collections.abc import Callable
from typing import BinaryIO, TypeVar

from desktop.exchange.xlsx.errors import _damaged

#: Where a worker finds its part: the member as it lies in the package (its local header and compressed data, for a
#: package in memory), or the file's path, its identity (device, inode, size, modification and change times) and
#: the member's offset (for a file on disk: the worker reads only its part, and nothing if the file was replaced).
Where = bytes | tuple[str, tuple[int, ...], int]
#: What member_where gives: where the member lies, its name, compression, compressed and unpacked sizes.
Member = tuple[Where, str, int, int, int]
T = TypeVar("T")


def member_where(handle: BinaryIO, info: zipfile.ZipInfo, file: str) -> Member:
    """What a worker needs to unpack one member, without the rest of the package."""
    name = getattr(handle, "name", None)
    if isinstance(name, str) and hasattr(handle, "fileno"):
        where: Where = (os.path.abspath(name), file_identity(handle.fileno()), info.header_offset)
    else:
        handle.seek(info.header_offset)
        header = handle.read(30)
        if len(header) != 30:
            raise _damaged(file, info.filename)
        name_length, extra_length = struct.unpack_from("<HH", header, 26)
        where = header + handle.read(name_length + extra_length + info.compress_size)
    return where, info.filename, info.compress_type, info.compress_size, info.file_size


def file_identity(descriptor: int) -> tuple[int, ...]:
    """The open file's device, inode, size, modification and change times: another file, or this one written
    meanwhile, differs."""
    status = os.fstat(descriptor)
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def with_member(member: Member, read: Callable[[BinaryIO, zipfile.ZipInfo], T]) -> T | None:
    """``read`` of the member member_where located (in a worker process), given a handle on its package and its
    ZipInfo; None when the file is not the one the package checks read (replaced meanwhile) or cannot be opened:
    the calling process then reads it (and refuses it) in its turn."""
    where, name, compress_type, compress_size, file_size = member
    info = zipfile.ZipInfo(name)
    info.compress_type, info.compress_size, info.file_size = compress_type, compress_size, file_size
    if isinstance(where, bytes):
        info.header_offset = 0
        return read(io.BytesIO(where), info)
    path, identity, info.header_offset = where
    try:
        with open(path, "rb") as handle:
            if file_identity(handle.fileno()) != identity:
                return None
            return read(handle, info)
    except OSError:
        return None
