"""Start to window: how long a fresh process takes to paint the window over a store, for any way of starting it.

    python installer/start_time.py STORE [--runs 7] LABEL=COMMAND [LABEL=COMMAND ...]

Each COMMAND (split like a shell would) is started with ``--data-dir STORE --config-dir TMP`` appended and must be a
window check (desktop/gui/window_check.py): ``/usr/bin/officer-declare check-window`` for the installed program,
``.venv/bin/python -m desktop.app --check-window`` for the virtual environment. The time is from just before the
process is started to the window's first paint (its ``shown`` stamp), offscreen, so the interpreter's or the
bootloader's own start counts; one run first warms the file cache and is not counted; the median of --runs is printed
with the best run, and "ready" (the store looked at and the login page filled, off the GUI thread).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time


def one_run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{shlex.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["shown"] - started, report["ready"] - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("commands", nargs="+", metavar="LABEL=COMMAND")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": temp, "XDG_CACHE_HOME": f"{temp}/cache"}
        print(f"start to window (first paint), offscreen, median of {args.runs} fresh processes after one warm-up:")
        for item in args.commands:
            label, _, command = item.partition("=")
            full = [*shlex.split(command), "--data-dir", args.store, "--config-dir", temp]
            one_run(full, env)
            runs = [one_run(full, env) for _ in range(args.runs)]
            shown = statistics.median(r[0] for r in runs)
            ready = statistics.median(r[1] for r in runs)
            best = min(r[0] for r in runs)
            print(f"  {label:<28} shown {shown:.3f} s (best {best:.3f})   login page ready {ready:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
