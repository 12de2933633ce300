"""The bundled program's entry point (PyInstaller): ``officer-declare`` with the command line's arguments.

- No arguments (a double-click, the Start-menu or desktop entry): ``start``, the window on the user's store.
- ``check-window …``: desktop/gui/window_check.py, which the installers' smoke tests run (the window offscreen over
  a store folder, one JSON line on what it shows).
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
    if argv[0] == "check-window":
        from desktop.gui.window_check import main as check_window

        return check_window(argv[1:])
    from desktop.cli import main as cli

    return cli(argv)


if __name__ == "__main__":
    sys.exit(main())
