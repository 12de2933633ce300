"""The lock files cover pyproject.toml, and the resources are found in a checkout and in an installed package.

(The wheel itself: setup.py, and .ci/wheel-smoke which builds, installs and runs it.)
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from desktop import resources

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(lock: Path) -> dict[str, set[Version]]:
    """name → the versions pinned (one per marker: numpy has two in a universal lock)."""
    found: dict[str, set[Version]] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        if match := _PIN.match(line):
            found.setdefault(canonicalize_name(match[1]), set()).add(Version(match[2]))
    return found


def uncovered(requirements: list[str], pinned: dict[str, set[Version]]) -> list[str]:
    """The requirements the pins do not satisfy: missing, or pinned below the lower bound."""
    problems = []
    for text in requirements:
        requirement = Requirement(text)
        versions = pinned.get(canonicalize_name(requirement.name), set())
        if not versions or not all(requirement.specifier.contains(v, prereleases=True) for v in versions):
            problems.append(f"{text}: pinned {sorted(map(str, versions)) or 'nowhere'}")
    return problems


def test_the_lock_pins_every_requirement_of_the_app_its_extras_and_its_build() -> None:
    project = PYPROJECT["project"]
    wanted = [*project["dependencies"], *PYPROJECT["build-system"]["requires"]]
    for extra in ("test", "bench", "server", "dev"):
        wanted += project["optional-dependencies"][extra]
    problems = uncovered(wanted, pins(ROOT / "requirements" / "lock.txt"))
    assert not problems, "run `make lock`:\n" + "\n".join(problems)


def test_the_apps_lock_pins_its_dependencies_at_the_versions_of_the_whole_lock() -> None:
    app, everything = pins(ROOT / "requirements" / "app.txt"), pins(ROOT / "requirements" / "lock.txt")
    assert not uncovered(PYPROJECT["project"]["dependencies"], app)
    assert {name: versions for name, versions in app.items() if everything.get(name) != versions} == {}


def test_a_checkout_reads_the_top_level_resources_folder() -> None:
    assert resources.resource_root() == ROOT / "resources"
    assert resources.resource_path("trades", "catalog.json").is_file()


def test_an_installed_package_reads_its_own_resources_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    installed = tmp_path / "site-packages" / "desktop" / "_resources"
    installed.mkdir(parents=True)
    monkeypatch.setattr(resources, "INSTALLED", installed)
    assert resources.resource_root() == installed


def test_a_folder_named_resources_that_is_not_ours_is_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources").mkdir()  # e.g. site-packages/resources, left there by another package
    monkeypatch.setattr(resources, "INSTALLED", tmp_path / "desktop" / "_resources")
    monkeypatch.setattr(resources, "CHECKOUT", tmp_path / "resources")
    with pytest.raises(FileNotFoundError, match="reinstall"):
        resources.resource_root()


def test_the_deb_maintainer_is_the_one_setting_in_pyproject_and_a_real_looking_address() -> None:
    """installer/linux/maintainer.py gives build-deb the Maintainer from [project] maintainers; before, the .deb took
    the commit author's address, a placeholder on these machines (…@users.noreply.h-seed-….example)."""
    import email.utils
    import subprocess
    import sys

    (first,) = PYPROJECT["project"]["maintainers"]
    printed = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "linux" / "maintainer.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert printed == f"{first['name']} <{first['email']}>"
    name, address = email.utils.parseaddr(printed)
    assert name  # lintian: no-phrase
    user, _, host = address.partition("@")
    assert user
    assert user != "root"
    assert re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}", host), host  # lintian: bogus-mail-host
    placeholders = ("example", "invalid", "test", "localhost", "local", "localdomain")
    assert host.rsplit(".", 1)[-1] not in placeholders
    assert "noreply" not in address
    assert "no-reply" not in address
    build_deb = (ROOT / "installer" / "linux" / "build-deb").read_text(encoding="utf-8")
    assert '"$HERE/maintainer.py"' in build_deb
    assert "%ae" not in build_deb  # no longer the commit author's address


def test_the_bundle_s_entry_point_lets_worker_processes_in_before_anything_else() -> None:
    # The window's import workers come from a forkserver or are spawned (decision 162): in a frozen program both
    # start the bundle's own executable, which must hand them to multiprocessing before it starts a window or a
    # command (PyInstaller's runtime hook makes freeze_support() catch both on every platform).
    import ast

    tree = ast.parse((ROOT / "installer" / "pyinstaller" / "officer_declare_main.py").read_text(encoding="utf-8"))
    (main,) = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "main"]
    assert ast.unparse(main.body[0]) == "multiprocessing.freeze_support()"
    assert "if __name__ == '__main__':" in ast.unparse(tree)
