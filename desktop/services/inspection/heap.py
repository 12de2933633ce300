"""Giving the C heap's free pages back to the system while an import runs (decision 161)."""

from __future__ import annotations

import ctypes
from collections.abc import Callable


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to give back this way
        return None


def release_freed_memory() -> None:
    """glibc's malloc_trim(0): the pages of freed blocks go back to the system. The calling process of an import
    frees each chunk's rows once they are staged, in pieces too small or too scattered for the heap to reuse for
    SQLite's pages; without this its resident size grows by what it has already let go."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
