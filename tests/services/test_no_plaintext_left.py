"""Nothing personal is written outside the store except the file the user asked for (issue 12, finding 4), and that
file is the owner's alone (finding 12: mode 0600).

Every writer of the application (a unit's export and an officer's own export, each plain and encrypted; the
verification report, plain and encrypted; the roster template; the printed form as PDF; the backup) runs in a child
process (tests/services/leak_child.py) on a copy of the demo store with TMPDIR pointing to an empty folder that the
test watches while the child runs. Then each is killed with SIGKILL midway — while the sheets are being written, and
when the output is complete but not yet in place — and no file left in TMPDIR or beside the target may hold a name or
an ID number of the people in the file (searched in UTF-8 and the other encodings of tests/cli/support.py, also
inside the deflated parts of a zip, whole or cut off).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest

from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.workflow.export import export_unit
from desktop.store.repositories.officers import get_officer
from tests.cli.support import needles
from tests.conftest import INSPECTOR, RICH_HEAD, RICH_OFFICER
from tests.services.leak_child import WRITERS

ROOT = Path(__file__).resolve().parents[2]
CHILD_TIMEOUT = 60.0
#: The writers whose files hold personal data (the roster template holds none), and where each can be stopped.
KILL_POINTS = {
    "unit": ("sheet", "sync"),
    "unit-encrypted": ("sheet", "sync"),
    "own": ("sheet", "sync"),
    "own-encrypted": ("sheet", "sync"),
    "report": ("sheet", "sync"),
    "report-encrypted": ("sheet", "sync"),
    "pdf": ("sync",),
    "backup": ("sync",),
}
OUTPUT_NAMES = {"pdf": "form.pdf", "backup": "backups", "template": "roster.xlsx"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def world(demo_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A copy of the demo store in which the inspector has imported RICH_HEAD's unit (so that the report names
    RICH_OFFICER), and the texts no stray file may hold."""
    import shutil

    from tests.conftest import DemoWorld

    root = tmp_path_factory.mktemp("leaks")
    folder = Path(shutil.copytree(demo_store_template, root / "store"))
    world = DemoWorld(folder, root / "throttle.json")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(name, str(root / "home" / name.lower()))
        try:
            exported = export_unit(world.login(RICH_HEAD), root / "import.xlsx")
            import_workbook(world.login(INSPECTOR), exported.path)
            with world.login(INSPECTOR).store.transaction() as connection:
                officer, head = get_officer(connection, RICH_OFFICER), get_officer(connection, RICH_HEAD)
        finally:
            world.close()
    (root / "import.xlsx").unlink()
    assert officer is not None
    assert head is not None
    return {"store": folder, "texts": [officer.name, officer.id_number, head.name, head.id_number]}


def _start(world: dict[str, object], writer: str, folder: Path, pause: str) -> tuple[subprocess.Popen, Path, Path]:
    """The child for ``writer`` on a fresh copy of the store, with an empty TMPDIR and an empty output folder."""
    import shutil

    store = Path(shutil.copytree(world["store"], folder / "store"))
    temp, out_folder = folder / "tmp", folder / "out"
    temp.mkdir()
    out_folder.mkdir()
    home = folder / "home"
    out = out_folder / OUTPUT_NAMES.get(writer, f"{writer}.xlsx")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "TMPDIR": str(temp),
        "TMP": str(temp),
        "TEMP": str(temp),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "LANG": "C.UTF-8",
    }
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.services.leak_child",
            writer,
            str(store),
            str(folder / "t.json"),
            str(out),
            pause,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return child, temp, out


def _texts_in(path: Path) -> list[bytes]:
    """The file's bytes, and what inflates from each zip part in it (also of a zip cut off while being written)."""
    data = path.read_bytes()
    found = [data]
    at = data.find(b"PK\x03\x04")
    while at >= 0:
        if len(data) >= at + 30:
            name_length, extra_length = (
                int.from_bytes(data[at + 26 : at + 28], "little"),
                int.from_bytes(data[at + 28 : at + 30], "little"),
            )
            start = at + 30 + name_length + extra_length
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            with contextlib.suppress(zlib.error):
                found.append(inflater.decompress(data[start:]))
        at = data.find(b"PK\x03\x04", at + 4)
    return found


def _personal_text(folders: list[Path], texts: list[str]) -> list[tuple[str, str, str]]:
    wanted = needles(texts)
    hits = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            for content in _texts_in(path):
                for needle, (text, encoding) in wanted.items():
                    if needle in content:
                        hits.append((str(path), text, encoding))
    return sorted(set(hits))


class _Watcher:
    """Every file that appears under ``folder`` while it runs (polled every few milliseconds)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen: set[str] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            for _root, _dirs, files in os.walk(self.folder):
                self.seen.update(files)
            time.sleep(0.002)

    def stop(self) -> set[str]:
        self._stop.set()
        self._thread.join()
        return self.seen


@pytest.mark.parametrize("writer", WRITERS)
def test_a_writer_leaves_nothing_in_the_temp_folder_and_writes_a_file_only_its_owner_reads(
    world: dict[str, object], tmp_path: Path, writer: str
) -> None:
    child, temp, out = _start(world, writer, tmp_path, "none")
    watcher = _Watcher(temp)
    try:
        stdout, stderr = child.communicate(timeout=CHILD_TIMEOUT)
    finally:
        seen = watcher.stop()
    assert child.returncode == 0, stderr
    assert stdout.strip() == "done"
    assert seen == set(), f"{writer} wrote into the temp folder: {sorted(seen)}"
    assert list(temp.iterdir()) == []
    assert [p.name for p in out.parent.iterdir()] == [out.name], "something besides the output was left"
    written = [out] if out.is_file() else [p for p in out.rglob("*") if p.is_file()]
    assert written
    modes = {str(p.relative_to(out.parent)): oct(p.stat().st_mode & 0o777) for p in written}
    assert set(modes.values()) == {"0o600"}, modes


@pytest.mark.parametrize(
    ("writer", "pause"), [(writer, pause) for writer, pauses in KILL_POINTS.items() for pause in pauses]
)
def test_a_writer_killed_midway_leaves_no_personal_text_outside_the_store(
    world: dict[str, object], tmp_path: Path, writer: str, pause: str
) -> None:
    child, temp, out = _start(world, writer, tmp_path, pause)
    timer = threading.Timer(CHILD_TIMEOUT, child.kill)  # never hang the run; the test then fails below
    timer.start()
    try:
        line = child.stdout.readline().strip()
        assert line == "paused", f"the child did not reach the pause ({line!r}): {child.stderr.read()}"
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        timer.cancel()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    # No partial file under the name asked for (nor a complete one not yet put in place): a person who finds a file
    # there may take it for the finished export. (The backup's database is copied, encrypted, into a file named
    # .partial, which restore never takes for a store.)
    left = [out] if out.is_file() else [p for p in out.rglob("*") if p.is_file()] if out.is_dir() else []
    left = [p for p in left if not p.name.endswith(".partial")]
    assert left == [], f"a killed {writer} left {[p.name for p in left]} behind"
    hits = _personal_text([temp, out.parent], world["texts"])
    assert hits == [], f"personal text left behind by a killed {writer} export: {hits}"
    assert list(temp.iterdir()) == [], "a killed writer left files in the temp folder"
