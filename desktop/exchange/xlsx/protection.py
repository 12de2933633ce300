"""Telling a password-protected workbook by its header, before reading it: the window asks a protected file's
password before its import starts (issue 13, defect 6). Reading the content is desktop.exchange.xlsx.encryption's."""

from __future__ import annotations

from pathlib import Path

#: An OLE2 compound file's signature: how an encrypted .xlsx (and a legacy .xls) begins.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def needs_password(path: Path) -> bool:
    """True when ``path`` is an .xlsx protected with standard Office encryption (an OLE2 file holding an encrypted
    package); reads the header and the compound file's directory only. Any other file, or one that cannot be read,
    is False: importing it says what is wrong with it."""
    try:
        with path.open("rb") as handle:
            if handle.read(len(OLE2_SIGNATURE)) != OLE2_SIGNATURE:
                return False
            import msoffcrypto  # imported here: only this rare path needs it
            from msoffcrypto.format.ooxml import OOXMLFile

            handle.seek(0)
            office = msoffcrypto.OfficeFile(handle)
            return isinstance(office, OOXMLFile) and bool(office.is_encrypted())
    except Exception:  # a damaged compound file fails in many ways; the import reports it
        return False
