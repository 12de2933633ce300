"""The bundled program's entry point (PyInstaller): ``officer-declare`` with the command line's arguments.

- No arguments (a double-click, the Start-menu or desktop entry): ``start``, the window on the user's store.
- ``check-window …``: ``python -m desktop.app --check-window …``, which the installers' smoke tests run (the window
  offscreen over a store folder, one JSON line on what it shows: desktop/gui/window_check.py).
- ``check-import …``: ``python -m desktop.app --check-import …``: the window's import (its ImportBatch and its
  workers) without the window, one JSON line on what it imported and whether a worker was left running
  (desktop/gui/import_check.py).
- Anything else: desktop.cli, exactly as ``python -m desktop``.

``multiprocessing.freeze_support()`` first: on Windows the import's and verify's process pools start this same
executable for their workers.
"""

from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    multiprocessing.freeze_support()
    argv = sys.argv[1:] or ["start"]
    if argv[0] in ("check-window", "check-import"):
        from desktop.app import main as window

        return window([f"--{argv[0]}", *argv[1:]])
    from desktop.cli import main as cli

    return cli(argv)


if __name__ == "__main__":
    sys.exit(main())
