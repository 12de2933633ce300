"""Pausing Python's cyclic garbage collector while many new objects are made."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the view and the findings are built: hundreds of thousands of new objects
    (none in a cycle) would set off repeated full collections, a third of the time of a review. Reference counting
    still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
