"""The window's own settings (language, idle-lock time) in a small JSON file in the user's config folder.

Never a secret goes in here: no password, key, login name or personal data. Qt-free, so that the composition root
reads it before Qt is imported.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES
from desktop.store.atomic import write_atomic

DEFAULT_IDLE_LOCK_SECONDS = 10 * 60
#: Bounds for a value read from the file; the settings dialog offers whole minutes from 1 to 240.
MIN_IDLE_LOCK_SECONDS = 1
MAX_IDLE_LOCK_SECONDS = 24 * 60 * 60


@dataclass(frozen=True, slots=True)
class Settings:
    language: str = DEFAULT_LANGUAGE
    idle_lock_seconds: int = DEFAULT_IDLE_LOCK_SECONDS


@dataclass(frozen=True, slots=True)
class SettingsFile:
    path: Path

    def load(self) -> Settings:
        """The saved settings; defaults for anything missing, unknown or damaged (a bad file never stops the app)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Settings()
        if not isinstance(data, dict):
            return Settings()
        language = data.get("language")
        seconds = data.get("idle_lock_seconds")
        return Settings(
            language=language if language in LANGUAGES else DEFAULT_LANGUAGE,
            idle_lock_seconds=(
                min(MAX_IDLE_LOCK_SECONDS, max(MIN_IDLE_LOCK_SECONDS, seconds))
                if isinstance(seconds, int) and not isinstance(seconds, bool)
                else DEFAULT_IDLE_LOCK_SECONDS
            ),
        )

    def save(self, settings: Settings) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, (json.dumps(asdict(settings), indent=1) + "\n").encode("utf-8"), mode=0o644)
