"""Qt Linguist translations of the window's own strings.

The source is resources/translations/officer_declare_<language>.ts (in git). The compiled .qm is not in git: in a
checkout it is built on first use, and again whenever the .ts is newer, with the lrelease that PySide6 ships; next to
the .ts when that folder is writable, else in the user's cache folder. So a clean clone, the tests and ``make run``
need no build step. A wheel carries the .qm its build compiled and not the .ts (setup.py), and so does a bundled
program (installer/, ``sys.frozen``): an installed program uses that .qm as it is and never runs lrelease.
``python -m desktop.gui.translations`` runs lupdate to bring the .ts up to date with the sources (see docs/gui.md for
the whole workflow).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.resources import resource_path

if TYPE_CHECKING:
    import subprocess

APP_PREFIX = "officer_declare"
TRANSLATED = ("zh_CN",)  # English is the source language
GUI_FOLDER = Path(__file__).resolve().parent


def ts_path(language: str) -> Path:
    return resource_path("translations", f"{APP_PREFIX}_{language}.ts")


def qt_tool(name: str) -> Path:
    """A Qt tool shipped inside the PySide6 package (lrelease, lupdate)."""
    return Path(PySide6.__file__).resolve().parent / (f"{name}.exe" if sys.platform == "win32" else name)


def _cache_folder() -> Path:
    import platformdirs

    from desktop.paths import APP_NAME

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "translations"


def _fresh(qm: Path, ts: Path) -> bool:
    try:
        return qm.stat().st_mtime >= ts.stat().st_mtime
    except OSError:
        return False


def compile_ts(ts: Path, qm: Path) -> bool:
    """Run lrelease into a temporary file, then move it into place; False if it could not run."""
    import subprocess  # only when a .qm must be built: not on an ordinary start

    temp = qm.with_name(f".{qm.name}.{os.getpid()}.tmp")
    try:
        qm.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [str(qt_tool("lrelease")), "-silent", str(ts), "-qm", str(temp)],
            capture_output=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or not temp.exists():
            return False
        os.replace(temp, qm)
        return True
    except OSError:
        return False
    finally:
        temp.unlink(missing_ok=True)


def compiled(language: str) -> Path | None:
    """The up-to-date .qm for ``language``, built if needed; None when there is none to be had."""
    ts = ts_path(language)
    shipped = ts.with_suffix(".qm")
    if getattr(sys, "frozen", False) or not ts.exists():
        # An installed package or a bundled program (PyInstaller): the .qm its build compiled, as it is. A bundle's
        # file times are those of the copy (its .ts, if any, may look newer), and neither has an lrelease to run.
        return shipped if shipped.is_file() else None
    for qm in (ts.with_suffix(".qm"), _cache_folder() / f"{APP_PREFIX}_{language}.qm"):
        if _fresh(qm, ts) or compile_ts(ts, qm):
            return qm
    return None


class SourceText(QTranslator):
    """English: every string as written in the source. Installed last, it wins over any translator installed
    before it, so that the window is in English even where something else left a translation behind."""

    def translate(self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1) -> str:
        return source_text

    def isEmpty(self) -> bool:
        return False


def qt_translation_folders() -> list[Path]:
    """Where Qt's own .qm files may be: Qt's configured path, then the copies PySide6 ships (a wheel's
    PySide6/Qt/translations; a frozen application's PySide6/translations). The configured path may lack them."""
    package = Path(PySide6.__file__).resolve().parent
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    folders += [package / "Qt" / "translations", package / "translations"]
    return list(dict.fromkeys(folders))


def qt_translation(language: str) -> Path | None:
    """Qt's own translation (standard buttons, the file and message dialogs) for ``language``."""
    for folder in qt_translation_folders():
        candidate = folder / f"qtbase_{language}.qm"
        if candidate.is_file():
            return candidate
    return None


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the window's translation and Qt's own (standard buttons, dialogs), or for English the source text."""
    QLocale.setDefault(QLocale("en_US" if language == "en" else "zh_CN"))
    if language not in TRANSLATED:
        english = SourceText(app)
        app.installTranslator(english)
        return [english]
    installed = []
    for found in (compiled(language), qt_translation(language)):
        translator = QTranslator(app)
        if found is not None and translator.load(str(found)):
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def remove(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()


def gui_sources() -> list[Path]:
    """Every Python file of the window: its strings belong in the .ts (the role pages' too)."""
    return sorted(p for p in GUI_FOLDER.rglob("*.py") if "__pycache__" not in p.parts)


def lupdate(ts: Path) -> subprocess.CompletedProcess[str]:
    """Bring ``ts`` up to date with the sources: new strings added unfinished, strings no longer used dropped."""
    import subprocess

    command = [
        str(qt_tool("lupdate")),
        *map(str, gui_sources()),
        "-no-obsolete",
        "-locations",
        "none",
        "-source-language",
        "en",
        "-target-language",
        ts.stem.removeprefix(f"{APP_PREFIX}_"),
        "-ts",
        str(ts),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


if __name__ == "__main__":
    for language in TRANSLATED:
        result = lupdate(ts_path(language))
        print(result.stdout.strip() or result.stderr.strip())
