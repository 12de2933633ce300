"""Translation of messages raised by the Qt-free core (errors, validation problems, CLI output).

The GUI translates its own widgets with Qt Linguist; messages that come from the core are translated here, from
one JSON catalog per language in resources/i18n/, so that the CLI and the GUI say the same thing in Chinese.
Source strings are English and marked with ``N_`` so that a test can find every one of them.
"""

from __future__ import annotations

import datetime as dt
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
        # invisible format character in a field (a right-to-left override in a name) is shown as ⟨U+202E⟩; a date
        # as a person reads it in that language.
        catalog = _catalog(self.language)
        fields = {k: self._field(catalog, v) for k, v in params.items()}
        return translated.format(**fields)

    def _field(self, catalog: Mapping[str, str], value: object) -> object:
        if isinstance(value, str):
            return shown(catalog.get(value) or value)
        if type(value) is dt.date:  # a datetime needs a zone: its caller formats it (desktop.domain.times)
            return local_date(value, self.language)
        return value


def local_date(day: dt.date, language: str) -> str:
    """A date as a person reads it: '2026年12月21日' in Chinese, '2026-12-21' in English. The one form of a date
    for the window, the printout, the report and the command line (desktop.domain.times.person_date)."""
    if language.startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def local_list(items: list[str], language: str) -> str:
    """Items as a person reads a list of them: joined with '、' in Chinese, ', ' in English."""
    return ("、" if language.startswith("zh") else ", ").join(items)


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
