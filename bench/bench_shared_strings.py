"""A hostile table of shared strings near its caps (decisions 146, 165): ``--strings`` items of ``--length`` ASCII
characters (2,000,000 of 112: about 248 MB unpacked, under the 256 MB cap), and a sheet whose cells use ``--used`` of
them (two rows of one cell each by default; ``--used all``: every string, two cells a row). One process reads the
sheet as a worker does (``read_plain_sheet``) or only the table, whole as before decision 165 (``--whole``); printed:
its peak resident size (VmHWM), its CPU time and the load average, and the figure line (the wall of the fresh
process) beside the hostile-input bound of DESIGN.md, 300 MB and 20 s (decision 249: the wall is shown here, not
asserted in a test).

    .venv/bin/python bench/bench_shared_strings.py [--strings 2000000] [--length 112] [--used 2|all] [--whole]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.measure import add_runs_argument, figure, repeated, verdict  # noqa: E402

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"

_MEASURE = """
import resource, sys, time, zipfile
from desktop.exchange.workbook.reader import DECLARATION_LIMITS
from desktop.exchange.xlsx.plain_sheets import read_plain_sheet, shared_strings
path, whole = sys.argv[1], sys.argv[2] == "whole"
with open(path, "rb") as handle, zipfile.ZipFile(handle) as archive:
    if whole:
        taken = shared_strings(handle, archive, "b.xlsx", DECLARATION_LIMITS)
    else:
        taken = read_plain_sheet(handle, archive, "xl/worksheets/sheet1.xml", "b.xlsx", DECLARATION_LIMITS, None, False)
    kept = "None" if taken is None else len(taken)
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(f"{kept} {peak / 1024:.0f} {usage.ru_utime + usage.ru_stime:.1f}")
"""


def _batched(pieces: Iterator[str], size: int = 1 << 20) -> Iterator[bytes]:
    batch: list[str] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch).encode()
            batch, length = [], 0
    yield "".join(batch).encode()


def build(target: Path, strings: int, length: int, used: list[int] | None) -> Path:
    """The package (only what the reader reads): the shared strings and one sheet using ``used`` (None: all)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        with package.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{_MAIN}" count="{strings}">'.encode())
            for piece in _batched(f"<si><t>{n:0{length}d}</t></si>" for n in range(strings)):
                part.write(piece)
            part.write(b"</sst>")
        if used is None:
            cells = (
                f'<row r="{r}"><c r="A{r}" t="s"><v>{2 * r - 2}</v></c><c r="B{r}" t="s"><v>{2 * r - 1}</v></c></row>'
                for r in range(1, strings // 2 + 1)
            )
        else:
            cells = (f'<row r="{r}"><c r="A{r}" t="s"><v>{index}</v></c></row>' for r, index in enumerate(used, 1))
        with package.open(SHEET, "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            for piece in _batched(cells):
                part.write(piece)
            part.write(b"</sheetData></worksheet>")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strings", type=int, default=2_000_000)
    parser.add_argument("--length", type=int, default=112)
    parser.add_argument("--used", default="2", help="how many strings the sheet uses, or 'all'")
    parser.add_argument("--whole", action="store_true", help="only the table, whole (as before decision 165)")
    add_runs_argument(parser, default=1)
    options = parser.parse_args()
    count = None if options.used == "all" else int(options.used)
    used = None if count is None else [options.strings * n // count for n in range(count)]
    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder) / "strings.xlsx", options.strings, options.length, used)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        runs, results = repeated(
            lambda: subprocess.run(
                [sys.executable, "-c", _MEASURE, str(path), "whole" if options.whole else "sheet"],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ),
            options.runs,
        )
        kept, peak, cpu = results[-1].stdout.split()
        what = (
            f"{options.strings} strings of {options.length} characters, sheet using {options.used}, "
            f"{'the table whole' if options.whole else 'the sheet read'}"
        )
        print(
            f"{what}: file {path.stat().st_size / 2**20:.0f} MB, {kept} items or rows, peak {peak} MB, CPU {cpu} s, "
            f"load {os.getloadavg()[0]:.1f}"
        )
        peaks = statistics.median(float(r.stdout.split()[1]) for r in results)
        wall = statistics.median(r.wall for r in runs)
        print(
            figure(
                what,
                runs,
                f"bound ≤ 20 s wall: {verdict(wall <= 20)}; {peaks:.0f} MB, bound ≤ 300 MB: {verdict(peaks <= 300)}",
            )
        )


if __name__ == "__main__":
    main()
