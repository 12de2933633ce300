"""Text already encoded as UTF-8 written to a command's output as it is, when that output is a UTF-8 stream whose
bytes can be reached: the findings listing's kept text (16 MB at 50,000 declarations) is neither decoded nor encoded
again (decision 168). Anywhere else (a StringIO, another encoding, a stream that translates line ends, text holding
an unpaired surrogate) it is decoded and written as text: the same characters either way."""

from __future__ import annotations

import codecs
import os
import re
from typing import TextIO

#: An unpaired surrogate as "surrogatepass" encodes it: a UTF-8 stream refuses it as text, so it goes the text way.
_SURROGATE = re.compile(rb"\xed[\xa0-\xbf]")


def write_utf8(out: TextIO, data: bytes) -> None:
    """Write ``data`` (UTF-8, as ``surrogatepass`` encodes) to ``out``."""
    raw = getattr(out, "buffer", None)
    if raw is not None and _is_utf8(out) and os.linesep == "\n" and not _SURROGATE.search(data):
        out.flush()
        raw.write(data)
        return
    out.write(data.decode("utf-8", "surrogatepass"))


def _is_utf8(out: TextIO) -> bool:
    try:
        return codecs.lookup(out.encoding).name == "utf-8"
    except (LookupError, TypeError):
        return False
