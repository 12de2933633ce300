"""Where the files in resources/ are, whether run from a checkout or an installed package."""

from __future__ import annotations

from pathlib import Path

_CANDIDATES = (
    Path(__file__).resolve().parent.parent / "resources",
    Path(__file__).resolve().parent / "resources",
)


def resource_root() -> Path:
    for candidate in _CANDIDATES:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the resources folder of officer-declare is missing; reinstall the application")


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)
