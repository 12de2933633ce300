"""Atomic file replacement: temp file → fsync → replace → fsync of the folder. Readers see old or new, never half.

The temp file is made in the target's folder (a rename is atomic only within one file system) and is the owner's
alone (mode 0600 unless told otherwise). Where the system can (Linux: ``O_TMPFILE``), it has no name until it is
complete: a process killed while writing leaves nothing beside the target, not even a half-written copy of the file
the user asked for (issue 12, finding 4). Elsewhere it is a hidden ``.name.pid.tmp`` file, removed on any failure.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from desktop.store.errors import WriteFailed

#: Files the application writes for its user (exports, reports, backups, key file, PDF): the owner's alone.
PRIVATE = 0o600


def write_atomic(path: Path, data: bytes, mode: int = PRIVATE) -> None:
    """Replace ``path`` with ``data``; on any failure the old file stays as it was and no temp file is left."""

    def write(stream: BinaryIO) -> None:
        view = memoryview(data)
        while view:
            written = os.write(stream.fileno(), view)
            view = view[written:]

    write_atomic_stream(path, write, mode, digest=False)


def write_atomic_stream(
    path: Path, write: Callable[[BinaryIO], None], mode: int = PRIVATE, *, digest: bool = True
) -> str:
    """Replace ``path`` with what ``write`` writes to the stream it is given, never holding the file in memory; on
    any failure the old file stays as it was and no temp file is left. Returns the SHA-256 (hex) of the new file
    (empty when ``digest`` is False)."""
    path = Path(path)
    try:
        with _temp_file(path, mode) as (stream, place):
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
            found = ""
            if digest:
                stream.seek(0)
                found = hashlib.file_digest(stream, "sha256").hexdigest()
            place()
    except OSError as exc:
        raise WriteFailed(str(path), exc.strerror or str(exc)) from exc
    fsync_folder(path.parent)
    return found


@contextlib.contextmanager
def _temp_file(path: Path, mode: int) -> Iterator[tuple[io.BufferedRandom, Callable[[], None]]]:
    """A temp file for ``path`` and the function that moves it over ``path`` once it is complete."""
    named = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = _anonymous(path.parent, mode)
    anonymous = fd is not None
    if fd is None:
        fd = os.open(named, os.O_RDWR | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), mode)
    stream = open(fd, "w+b")  # noqa: SIM115 - closed below, after the move or on failure

    def place() -> None:
        if anonymous:
            # Give the finished file a name (linkat through /proc, as open(2) documents for O_TMPFILE), then move it.
            folder = os.open(path.parent, os.O_RDONLY)
            try:
                os.link(f"/proc/self/fd/{stream.fileno()}", named.name, dst_dir_fd=folder, follow_symlinks=True)
            finally:
                os.close(folder)
        os.replace(named, path)

    try:
        yield stream, place
    except BaseException:
        stream.close()
        with contextlib.suppress(OSError):
            named.unlink()
        raise
    stream.close()


def _anonymous(folder: Path, mode: int) -> int | None:
    """An unnamed file in ``folder`` (Linux O_TMPFILE), or None where the system or its file system has none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, mode)
    except OSError as exc:
        if isinstance(exc, IsADirectoryError | NotADirectoryError) or exc.errno in _NO_TMPFILE:
            return None
        raise


#: What open(2) answers when the kernel or the file system has no O_TMPFILE.
_NO_TMPFILE = {errno.EOPNOTSUPP, errno.EINVAL}


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
