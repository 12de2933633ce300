"""What pyproject.toml cannot say: which files go into the package. All the metadata is in pyproject.toml.

- ``desktop`` and its sub-packages, from desktop/.
- resources/ (kept at the top level, where the design names it) becomes the package data of ``desktop._resources``
  in a wheel, where desktop/resources.py finds it in an installed program. An editable install and a checkout read
  resources/ itself.
- The window's translations are compiled (.ts → .qm, with the lrelease PySide6 ships; PySide6-Essentials is a build
  requirement) into the wheel, so that an installed program shows Chinese with no Qt tool; the .ts sources stay out
  of the wheel, and no .qm is kept in git (docs/decisions.md, decision 29).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES_PACKAGE = "desktop._resources"
TRANSLATIONS = ROOT / "resources" / "translations"


class BuildWithTranslations(build_py):
    """build_py, then every resources/translations/*.ts compiled into the built desktop/_resources/translations/."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # the checkout's resources/ is used; the window compiles its .qm there on first use
        import PySide6

        lrelease = Path(PySide6.__file__).resolve().parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
        sources = sorted(TRANSLATIONS.glob("*.ts"))
        if not sources:
            raise SystemExit(f"no translation sources (*.ts) in {TRANSLATIONS}")
        target = Path(self.build_lib, *RESOURCES_PACKAGE.split("."), "translations")
        target.mkdir(parents=True, exist_ok=True)
        for ts in sources:
            qm = target / ts.with_suffix(".qm").name
            subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
            if not qm.is_file() or qm.stat().st_size == 0:
                raise SystemExit(f"lrelease made no {qm.name} from {ts}")


# resources/ and each folder in it, as packages (setuptools wants every folder of data to be one).
RESOURCE_PACKAGES = [
    RESOURCES_PACKAGE,
    *(f"{RESOURCES_PACKAGE}.{name}" for name in find_namespace_packages(where="resources", exclude=["*__pycache__*"])),
]

setup(
    packages=[
        *find_namespace_packages(include=["desktop", "desktop.*"], exclude=["*.__pycache__"]),
        *RESOURCE_PACKAGES,
    ],
    package_dir={RESOURCES_PACKAGE: "resources"},
    package_data={"desktop": ["py.typed"], **{name: ["*"] for name in RESOURCE_PACKAGES}},
    # The sources of the translations, and any .qm a checkout compiled for itself: the build compiles its own.
    exclude_package_data={f"{RESOURCES_PACKAGE}.translations": ["*.ts", "*.qm"]},
    cmdclass={"build_py": BuildWithTranslations},
)
