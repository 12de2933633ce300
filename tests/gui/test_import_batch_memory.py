"""An import batch gives back the heap its files freed (decision 247): after an import the window's process kept what
SQLite's staged rows had freed in the import thread's malloc arena (about 200 MB after form 2's 50,000, decision
237), because nothing gave it back until the next import. Measured as the process's resident size, on glibc."""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

import pytest

from desktop.services.inspection.workbook_import import ImportResult
from tests.gui.batch_support import run_batch


def _glibc() -> bool:
    try:
        return hasattr(ctypes.CDLL("libc.so.6"), "malloc_trim")
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not _glibc(), reason="glibc's heap, measured in /proc"
)

#: What each file's work leaves freed in its thread's heap: far above the spread of this process's own allocations.
FREED_MB = 96
#: Blocks too large for Python's small-object allocator and too small for their own mapping: malloc's heap keeps them.
BLOCK = 4096


def _resident_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_an_import_batch_gives_back_what_each_file_freed(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pinned: list[bytes] = []  # one block above each file's freed ones, held past the batch: no trim from the top
    resident: list[tuple[float, float]] = []  # (when a file's import starts, when it has freed its blocks)

    def import_workbook(_session, path: Path, **_options) -> ImportResult:
        at_start = _resident_mb()
        blocks = [bytes(BLOCK) for _ in range(FREED_MB * 2**20 // BLOCK)]  # written: resident
        pinned.append(bytes(BLOCK))
        del blocks  # freed in the middle of the heap, as SQLite's staged pages are once copied
        resident.append((at_start, _resident_mb()))
        return ImportResult(path.name, f"id-{path.name}")

    run_batch(qtbot, monkeypatch, import_workbook, [tmp_path / "a.xlsx", tmp_path / "b.xlsx"])
    after = _resident_mb()
    # Not asserted: that allocating the blocks grew the process (a heap with free pages resident already would
    # give them); once freed they are resident either way, and only given back is the process smaller by them.
    (_, first_freed), (second_start, second_freed) = resident
    assert second_start < first_freed - FREED_MB / 2  # given back after the first file, before the second
    assert after < second_freed - FREED_MB / 2  # and after the last
    assert len(pinned) == 2
