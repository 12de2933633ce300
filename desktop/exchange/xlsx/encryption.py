"""Whole-file password protection with standard Office encryption (msoffcrypto-tool): Excel, WPS and LibreOffice
open such a file with its password. Decryption happens in memory; no decrypted copy is written to disk.

``open_workbook`` gives the package to read: the file itself, open (read from disk as needed, never whole), or the
decrypted package in memory."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from desktop.exchange.xlsx.safety import DEFAULT_LIMITS, EncryptedWorkbook, UnreadableWorkbook, UnsafeWorkbook
from desktop.i18n import N_

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def encrypt_workbook(plain: bytes, password: str) -> bytes:
    """The encrypted form of an .xlsx given as bytes."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    return out.getvalue()


@dataclass
class WorkbookSource:
    """The package of a workbook file: ``handle`` (the open file, or the decrypted package in memory) of ``size``
    bytes. ``reader_path``, for a file on disk, names this very open file for a reader that opens files by name
    (python-calamine): on Linux ``/proc/self/fd/N``, so that a file renamed or replaced meanwhile is not read."""

    handle: BinaryIO
    size: int
    reader_path: str | None
    file: str
    _identity: tuple[int, ...] = ()

    def check_unchanged(self) -> None:
        """Refuse the file if it was written to since it was opened (what was checked must be what was read)."""
        if self._identity and _identity(self.handle) != self._identity:
            from desktop.exchange.xlsx.errors import _changed_while_read

            raise _changed_while_read(self.file)


def _identity(handle: BinaryIO) -> tuple[int, ...]:
    status = os.fstat(handle.fileno())
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


@contextlib.contextmanager
def open_workbook(path: Path, password: str | None) -> Iterator[WorkbookSource]:
    """The workbook's package, decrypted in memory when it is password-protected, else the open file."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise _io_error(path, exc) from exc
    with handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            encrypted = handle.read(len(_OLE2)) == _OLE2
            handle.seek(0)
        except OSError as exc:
            raise _io_error(path, exc) from exc
        if encrypted:
            _check_encrypted_size(path, size)  # a plain file is checked with the limits of its kind, unread
            plain = _decrypted(handle, path, password)
            if plain is not None:
                yield WorkbookSource(io.BytesIO(plain), len(plain), None, path.name)
                return
        own = f"/proc/self/fd/{handle.fileno()}"
        reader_path = own if os.path.exists(own) else str(path)
        yield WorkbookSource(handle, size, reader_path, path.name, _identity(handle))


def _check_encrypted_size(path: Path, size: int) -> None:
    """An encrypted file is decrypted in memory, so it has its own limit, whatever the limits of its kind."""
    if size > DEFAULT_LIMITS.max_encrypted_bytes:
        raise UnsafeWorkbook(
            "file_size",
            N_(
                "The password-protected file {file} is larger than {limit} MB, more than this program decrypts in "
                "memory; it is refused unread. Export it in smaller workbooks (by unit), each with its password."
            ),
            file=path.name,
            limit=DEFAULT_LIMITS.max_encrypted_bytes // (1024 * 1024),
        )


def _io_error(path: Path, exc: OSError) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "io",
        N_("The file {file} cannot be read: {reason}. Check that it exists and is not open in another program."),
        file=path.name,
        reason=exc.strerror or str(exc),
    )


def open_workbook_bytes(path: Path, password: str | None) -> bytes:
    """The workbook's bytes, decrypted in memory when it is password-protected (for small files; a reader of
    workbooks from outside uses ``open_workbook``)."""
    with open_workbook(path, password) as source:
        source.handle.seek(0)
        return source.handle.read()


def _decrypted(handle: BinaryIO, path: Path, password: str | None) -> bytes | None:
    """The decrypted package of an encrypted OLE2 file, or None if it is another OLE2 file (a legacy .xls: the
    safety checks refuse it with the right message)."""
    import msoffcrypto
    from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError

    try:
        office = msoffcrypto.OfficeFile(handle)
        encrypted = office.is_encrypted()
    except (FileFormatError, ValueError, OSError, AssertionError, KeyError):
        encrypted = False
    if not encrypted:
        handle.seek(0)
        return None
    if not password:
        raise EncryptedWorkbook(
            "encrypted",
            N_(
                "The workbook {file} is protected by a password: give the file password (at the prompt, or in "
                "OFFICER_DECLARE_FILE_PASSWORD)."
            ),
            file=path.name,
        )
    out = io.BytesIO()
    try:
        office.load_key(password=password)
        office.decrypt(out)
    except (InvalidKeyError, DecryptionError):
        raise EncryptedWorkbook(
            "wrong_password", N_("The file password for {file} is wrong. Nothing was read; try again."), file=path.name
        ) from None
    except (FileFormatError, ValueError, AssertionError, KeyError) as exc:
        raise UnreadableWorkbook(
            "damaged", N_("The encrypted workbook {file} is damaged ({reason})."), file=path.name, reason=str(exc)
        ) from exc
    return out.getvalue()
