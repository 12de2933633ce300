"""The value of a text of sheet XML as python-calamine reads it: its line ends and its references decoded, or None
where it holds a reference that is not XML's or where calamine would trim the white space a reference made. Shared by
the strict reader of our own sheets (own_sheets) and the streamed reader of other programs' sheets (plain_sheets),
so that both give calamine's values."""

from __future__ import annotations

import re

_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_REFERENCE = re.compile(r"(?:(amp|lt|gt|quot|apos)|#([0-9]{1,8})|#x([0-9A-Fa-f]{1,6}));")


def xml_text(raw: str, preserved: bool) -> str | None:
    """The value of a text as calamine reads it: line ends as in XML (a carriage return, alone or before a line
    feed, becomes a line feed), then references replaced. None for a reference that is not ours, or where calamine
    would trim white space that a reference made."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in raw:
        return raw
    head, *pieces = raw.split("&")
    out = [head]
    for piece in pieces:
        reference = _REFERENCE.match(piece)
        if reference is None:
            return None
        name, decimal, hexadecimal = reference.groups()
        if name:
            out.append(_ENTITIES[name])
        else:
            code = int(decimal) if decimal else int(hexadecimal, 16)
            if not (
                code in (0x9, 0xA, 0xD)
                or 0x20 <= code <= 0xD7FF
                or 0xE000 <= code <= 0xFFFD
                or 0x10000 <= code <= 0x10FFFF
            ):
                return None  # a character XML 1.0 forbids
            out.append(chr(code))
        out.append(piece[reference.end() :])
    text = "".join(out)
    if not preserved and (text[0] in " \t\r\n" or text[-1] in " \t\r\n"):
        return None
    return text
