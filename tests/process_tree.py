"""Running a command and measuring the peak memory of its whole process tree (the process and every process it
starts, e.g. a pool's workers) and its wall time.

Two figures: ``peak_mb``, the largest sum of the tree's proportional set sizes (PSS: a page shared by forked
workers is counted once, split between them) seen while polling every few milliseconds, and ``bound_mb``, the sum
of each process's own peak resident size (VmHWM, kept by the kernel, so no spike between two polls is missed, but
pages shared after a fork are counted in every process). The second is never below the true peak of the tree;
tests assert on it."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

_POLL_SECONDS = 0.005


@dataclass(frozen=True)
class Measured:
    code: int
    out: str
    err: str
    peak_mb: float  # the largest sum of proportional set sizes seen at one poll
    bound_mb: float  # the sum of every process's own peak: an upper bound of the tree's peak
    seconds: float


def _peak_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _pss_kb(process: psutil.Process) -> int:
    try:
        return int(process.memory_full_info().pss) // 1024
    except (psutil.AccessDenied, AttributeError):
        return int(process.memory_info().rss) // 1024


def run_measured(
    command: list[str], env: dict[str, str], cwd: Path, timeout: float = 120.0, stdin: str | None = None
) -> Measured:
    """Run ``command``; its exit code, output, peak memory of the process tree (MB) and wall time (s)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    import threading

    outputs: dict[str, str] = {}

    def communicate() -> None:
        out, err = child.communicate(stdin, timeout=timeout)
        outputs["out"], outputs["err"] = out, err

    talker = threading.Thread(target=communicate, daemon=True)
    talker.start()
    root = psutil.Process(child.pid)
    peaks: dict[int, int] = {}
    peak_kb = 0
    while child.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        total = 0
        for process in tree:
            try:
                total += _pss_kb(process)
            except psutil.NoSuchProcess:
                continue
            peaks[process.pid] = max(peaks.get(process.pid, 0), _peak_kb(process.pid))
        peak_kb = max(peak_kb, total)
        if time.perf_counter() - started > timeout:
            child.kill()
            break
        time.sleep(_POLL_SECONDS)
    talker.join(timeout)
    seconds = time.perf_counter() - started
    return Measured(
        child.returncode if child.returncode is not None else -9,
        outputs.get("out", ""),
        outputs.get("err", ""),
        peak_kb / 1024,
        max(sum(peaks.values()), peak_kb) / 1024,  # a process that ended between two polls left no peak here
        seconds,
    )
