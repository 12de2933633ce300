"""Translation of messages raised by the Qt-free core (errors, validation problems, CLI output).

The GUI translates its own widgets with Qt Linguist; messages that come from the core are translated here, from
one JSON catalog per language in resources/i18n/, so that the CLI and the GUI say the same thing in Chinese.
Source strings are English and marked with ``N_`` so that a test can find every one of them.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from desktop.resources import resource_path

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")


def N_(text: str) -> str:
    """Mark a source string for translation; returns it unchanged."""
    return text


@cache
def _catalog(language: str) -> Mapping[str, str]:
    if language == "en":
        return {}
    path: Path = resource_path("i18n", f"{language}.json")
    with path.open(encoding="utf-8") as handle:
        catalog: dict[str, str] = json.load(handle)
    return catalog


@dataclass(frozen=True)
class Translator:
    """Looks up a source string in the catalog of one language and fills in its fields."""

    language: str = DEFAULT_LANGUAGE
    _missing: list[str] = field(default_factory=list, compare=False, repr=False)

    def __call__(self, text: str, /, **params: object) -> str:
        translated = _catalog(self.language).get(text)
        if not translated:  # missing, or not yet translated: the English source is better than nothing
            translated = text
            if self.language != "en":
                self._missing.append(text)
        if not params:
            return translated
        # A field that is itself a source string (a role, a status, a reason) is shown in the same language; an
        # invisible format character in a field (a right-to-left override in a name) is shown as ⟨U+202E⟩.
        catalog = _catalog(self.language)
        fields = {k: shown(catalog.get(v) or v) if isinstance(v, str) else v for k, v in params.items()}
        return translated.format(**fields)


def shown(text: str) -> str:
    """``text`` with every invisible format character (Unicode category Cf: zero-width, bidi controls) made visible
    as ⟨U+XXXX⟩, for printing where a person reads it: a right-to-left override in a name must not turn the rest of
    a message around."""
    if text.isprintable():  # no format character (Cf is not printable): most texts, decided in C
        return text
    return "".join(
        f"⟨U+{ord(character):04X}⟩" if unicodedata.category(character) == "Cf" else character for character in text
    )


def normalise_language(value: str | None) -> str:
    """Map 'zh', 'zh_CN.UTF-8', 'en_US' and the like to a supported language; Chinese when unsure."""
    if not value:
        return DEFAULT_LANGUAGE
    value = value.split(".")[0].replace("-", "_").lower()
    if value.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE
