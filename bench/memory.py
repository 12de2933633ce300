"""The peak memory a bench reports for its own process."""

from __future__ import annotations

import resource


def peak_rss_mb() -> float:
    """This process's peak RSS. On Linux from VmHWM: getrusage's ru_maxrss survives exec, so a process started by a
    large one (this bench, holding a workbook's rows) would report its parent's peak as its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
