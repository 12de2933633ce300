"""Prints the .deb's Maintainer, "Name <address>", from pyproject.toml's [project] maintainers: the one setting
(installer/README.md, "The .deb"). build-deb runs it unless DEB_MAINTAINER is set."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def maintainer(pyproject: Path = PYPROJECT) -> str:
    """The first of the project's maintainers, as a Debian control field wants it."""
    with pyproject.open("rb") as file:
        first = tomllib.load(file)["project"]["maintainers"][0]
    return f"{first['name']} <{first['email']}>"


if __name__ == "__main__":
    try:
        print(maintainer())
    except (OSError, KeyError, IndexError, tomllib.TOMLDecodeError) as exc:
        print(f"maintainer.py: no [project] maintainers in {PYPROJECT}: {exc}", file=sys.stderr)
        sys.exit(1)
