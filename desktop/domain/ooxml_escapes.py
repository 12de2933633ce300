"""Excel's ``_xHHHH_`` escapes (ECMA-376 Part 1, 22.4.2.2 ST_Xstring): in a cell of an .xlsx file the text ``_x000D_``
(underscore, lower-case x, four hexadecimal digits of either case, underscore) stands for the character U+000D.
python-calamine, Excel, WPS and LibreOffice decode it when they read a cell; a literal underscore that would start
such a sequence is written ``_x005F_`` (an escaped underscore). Decision 148 and docs/workbook-format.md, A.2."""

from __future__ import annotations

import re

#: A sequence a reader of a cell decodes (python-calamine: lower-case x only, hexadecimal digits of either case).
ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
#: What typed text may not hold (decision 148): the sequence with either x and one to four digits, so that no program
#: reads it as another text. LibreOffice 7.4 also decodes one to three digits for some characters (``_x4_`` is
#: U+0004, ``_x5F_`` an underscore) and writes them back decoded; python-calamine decodes only four.
TYPED_ESCAPE = re.compile(r"_[xX][0-9A-Fa-f]{1,4}_")
_STARTS_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def escape_cell_text(text: str) -> str:
    """``text`` as a writer puts it in a cell so that a reader that decodes ``_xHHHH_`` reads ``text`` back: every
    underscore that starts such a sequence becomes ``_x005F_``. Any other text is unchanged (the common case)."""
    if "_x" not in text:
        return text
    return _STARTS_ESCAPE.sub("_x005F_", text)


def escape_sequences(text: str) -> list[str]:
    """The ``_xHHHH_`` sequences (either case of x) in a typed ``text``, in order."""
    if "_" not in text:
        return []
    return TYPED_ESCAPE.findall(text)
