"""A work-around for PySide6 6.12 on Python 3.11: its void calls drop a reference to None on every call.

The PySide6 wheels are "abi3" wheels compiled with the headers of Python 3.12 or newer, where None, True and False
are immortal (PEP 683), so ``Py_RETURN_NONE`` no longer adds a reference. Loaded by Python 3.11, every Qt method
that returns nothing (``setText``, ``show``, ``processEvents`` …) then takes one reference from None, and one that
returns a bool takes one from True or False, until the interpreter aborts with "Fatal Python error: none_dealloc:
deallocating None", after a few thousand calls in a small program. On Python 3.11 the three singletons (and the
two other constants C code returns bare) get a reference count no program can use up, as Python 3.12 gives them;
on 3.12 and later nothing is done. Remove this once the project requires Python 3.12 or a PySide6 built for 3.11.
"""

from __future__ import annotations

import ctypes
import sys

#: The count Python 3.12 gives immortal objects is about 2**32; this is as far from 0 and from overflow.
_RESERVE = 1 << 40
_SINGLETONS = (None, True, False, NotImplemented, Ellipsis)


def keep_singletons_alive() -> bool:
    """Give None, True, False … an unspendable reference count on Python < 3.12 (once). True if it applies."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for singleton in _SINGLETONS:
        # ob_refcnt is the first field of every object in a CPython (non-debug) build; id() is its address.
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < _RESERVE:
            count.value += _RESERVE
    return True
