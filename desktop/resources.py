"""Where the files in resources/ are, whether run from a checkout or an installed package.

A checkout (and an editable install) reads the top-level resources/ folder beside desktop/. A wheel carries the same
files as the package data of ``desktop._resources`` (setup.py maps resources/ to that name, with the window's
translations compiled), so an installed program finds them inside its own package, and never looks for a folder
named resources/ beside it (other packages may have put one in site-packages).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
INSTALLED = _PACKAGE / "_resources"
CHECKOUT = _PACKAGE.parent / "resources"
#: A file every complete resources folder has: a folder without it is not ours.
_MARKER = ("trades", "catalog.json")


def resource_root() -> Path:
    """The resources folder: the installed package's if there is one, else the checkout's."""
    if INSTALLED.is_dir():
        return INSTALLED
    if CHECKOUT.joinpath(*_MARKER).is_file():
        return CHECKOUT
    raise FileNotFoundError("the resources folder of officer-declare is missing; reinstall the application")


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)
