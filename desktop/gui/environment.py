"""What the composition root (desktop.app) hands to the window. Qt-free, so that it is built before Qt loads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.gui.settings import Settings, SettingsFile
from desktop.i18n import Translator

if TYPE_CHECKING:
    from desktop.gui.store_access import StoreAccess


@dataclass
class Environment:
    settings_file: SettingsFile
    settings: Settings  # replaced when the settings dialog saves
    language: str  # the language this window runs in; a changed setting takes effect at the next start
    #: Opens a store folder. Called in a pool thread: it is where the heavy modules are first imported.
    connect: Callable[[Path], StoreAccess]
    first_folder: Path
    translate: Translator = field(init=False)

    def __post_init__(self) -> None:
        # Core messages (DeclareError, validation problems) in the window's language.
        self.translate = Translator(self.language)

    def save_settings(self, settings: Settings) -> None:
        self.settings_file.save(settings)
        self.settings = settings
