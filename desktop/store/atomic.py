"""Atomic file replacement: temp file → fsync → replace → fsync of the folder. Readers see old or new, never half."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from desktop.store.errors import WriteFailed


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data``; on any failure the old file stays as it was and the temp file is removed."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise WriteFailed(str(path), exc.strerror or str(exc)) from exc
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename durable. Not every platform can open a folder; there it is skipped."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
