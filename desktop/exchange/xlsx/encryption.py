"""Whole-file password protection with standard Office encryption (msoffcrypto-tool): Excel, WPS and LibreOffice
open such a file with its password. Decryption happens in memory; no decrypted copy is written to disk."""

from __future__ import annotations

import io
from pathlib import Path

from desktop.exchange.xlsx.safety import DEFAULT_LIMITS, EncryptedWorkbook, UnreadableWorkbook, UnsafeWorkbook
from desktop.i18n import N_

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def encrypt_workbook(plain: bytes, password: str) -> bytes:
    """The encrypted form of an .xlsx given as bytes."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    return out.getvalue()


def needs_password(path: Path) -> bool:
    """True when ``path`` is an .xlsx protected with standard Office encryption (an OLE2 file holding an encrypted
    package); reads the header and the compound file's directory only. Any other file, or one that cannot be read,
    is False: importing it says what is wrong with it."""
    try:
        with path.open("rb") as handle:
            if handle.read(len(_OLE2)) != _OLE2:
                return False
            import msoffcrypto
            from msoffcrypto.format.ooxml import OOXMLFile

            handle.seek(0)
            office = msoffcrypto.OfficeFile(handle)
            return isinstance(office, OOXMLFile) and bool(office.is_encrypted())
    except Exception:  # a damaged compound file fails in many ways; the import reports it
        return False


def open_workbook_bytes(path: Path, password: str | None) -> bytes:
    """The workbook's bytes, decrypted in memory when it is password-protected."""
    try:
        size = path.stat().st_size
        if size > DEFAULT_LIMITS.max_file_bytes:
            raise UnsafeWorkbook(
                "file_size",
                N_("The file {file} is larger than {limit} MB; it is refused unread."),
                file=path.name,
                limit=DEFAULT_LIMITS.max_file_bytes // (1024 * 1024),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableWorkbook(
            "io",
            N_("The file {file} cannot be read: {reason}. Check that it exists and is not open in another program."),
            file=path.name,
            reason=exc.strerror or str(exc),
        ) from exc
    if not data.startswith(_OLE2):
        return data
    import msoffcrypto
    from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        encrypted = office.is_encrypted()
    except (FileFormatError, ValueError, OSError, AssertionError, KeyError):
        encrypted = False
    if not encrypted:
        return data  # a legacy .xls or another OLE2 file: the safety checks refuse it with the right message
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
