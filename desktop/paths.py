"""Where things live: the store folder (platform user-data folder by default) and the state folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "officer-declare"


def default_data_dir() -> Path:
    """``OFFICER_DECLARE_HOME`` if set, else the platform's user data folder (e.g. ~/.local/share/officer-declare)."""
    override = os.environ.get("OFFICER_DECLARE_HOME")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """Per-user state that is not part of any store: login throttling."""
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def throttle_file() -> Path:
    return state_dir() / "login-throttle.json"
