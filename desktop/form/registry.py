"""The form versions this program knows, by number. New campaigns use the newest."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from desktop.form import v1, v2
from desktop.form.model import FormVersion

#: Bump only by adding a folder (v3/ …) beside the others; a version on which anything was signed never changes.
NEWEST_FORM_VERSION = 2

_KNOWN: dict[int, FormVersion] = {1: v1.FORM, 2: v2.FORM}


class UnknownFormVersion(ValueError):
    """A record names a form version this program does not know (made by a newer program, or altered)."""

    def __init__(self, number: object) -> None:
        super().__init__(f"form version {number!r} is not one this program knows ({sorted(_KNOWN)})")
        self.number = number


def form_for(number: object) -> FormVersion:
    """The form version ``number``; UnknownFormVersion for any other value (a bool or text is not a number)."""
    form = _KNOWN.get(number) if type(number) is int else None
    if form is None:
        raise UnknownFormVersion(number)
    return form


def newest_form() -> FormVersion:
    return _KNOWN[NEWEST_FORM_VERSION]


def known_form_versions() -> tuple[int, ...]:
    return tuple(sorted(_KNOWN))


@contextmanager
def registered(form: FormVersion) -> Iterator[FormVersion]:
    """Make ``form`` known for the duration of the block: for a test's throw-away version, never for real data
    (a real version is a folder beside v1/ and v2/)."""
    if form.number in _KNOWN:
        raise ValueError(f"form version {form.number} already exists")
    _KNOWN[form.number] = form
    try:
        yield form
    finally:
        del _KNOWN[form.number]
