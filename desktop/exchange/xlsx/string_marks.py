"""Which shared strings a sheet may use, marked as its unpacked pieces go by: one byte a string (1 where some
``<v>`` of digits names its index), so that a reader keeps only those strings (decision 165). The same marks are
made by a reading's own pass over its sheets (plain_sheets.used_strings) and by the safety scan of a large sheet in
a worker (part_scan_elsewhere.scan_alone), which unpacks the same bytes anyway (decision 233)."""

from __future__ import annotations

import re
from collections import deque
from itertools import repeat

from desktop.exchange.xlsx.errors import WorkbookLimits

#: A value of digits in a sheet: a shared string's index where its cell is of type s.
_VALUE = re.compile(rb"<v>([0-9]{1,10})</v>")
_TAIL = 24  # longer than "<v>" + ten digits + "</v>": a value cut between two pieces is seen whole


class StringMarks:
    """The marks of the parts fed so far (``used``): every ``<v>`` of digits counts, whatever its cell's type, a
    superset of the indices the reader takes, so that a string it reads is never one left out; None once an index
    passes the cap (a longer table is refused: every string is then kept, to the same refusal)."""

    def __init__(self, limits: WorkbookLimits) -> None:
        self.used: bytearray | None = bytearray(limits.max_shared_strings + 1)
        self._tail = b""

    def next_part(self) -> None:
        """The pieces fed next are another part's."""
        self._tail = b""

    def feed(self, piece: bytes) -> None:
        """Mark the strings of one unpacked piece (the bytes, not decoded: "<v>" and digits are ASCII, never part of
        a longer UTF-8 sequence)."""
        if self.used is None:
            return
        chunk = self._tail + piece if self._tail else piece
        try:
            deque(map(self.used.__setitem__, map(int, _VALUE.findall(chunk)), repeat(1)), maxlen=0)  # one C loop
        except IndexError:
            self.used = None
            return
        self._tail = chunk[-_TAIL:]  # a <v> split between two pieces (one already counted is counted again)
