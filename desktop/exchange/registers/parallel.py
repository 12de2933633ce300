"""Reading a register extract while its rows are stored: the extract is opened (hash, encoding, workbook checks) and
parsed in a second process, which hands the rows over in batches through a bounded queue; this process only stores
them. Parsing and storing take about the same time each, so on two cores the import takes about the longer of the
two instead of their sum.

The second process is started fresh ("spawn"): never a fork of a process with Qt or SQLCipher connections in it,
and the same on Windows. It writes nothing anywhere; rows reach this process through a pipe, never a file. A small
extract is read here, in this process: starting a Python process costs more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import queue as queues
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.context import SpawnProcess
from pathlib import Path
from types import TracebackType
from typing import Any

from desktop.errors import DeclareError, unexpected_detail
from desktop.exchange.problems import SheetProblem
from desktop.exchange.registers.columns import RegisterKind
from desktop.exchange.registers.reader import ExtractReader
from desktop.exchange.registers.source import open_extract
from desktop.i18n import N_

#: Extracts from this size on are parsed in a second process (a process costs about 0.3 s to start).
PARALLEL_FROM_BYTES = 4 * 1024 * 1024
BATCH_ROWS = 20_000
#: Batches in flight at most: the reading process waits when storing falls behind (memory stays bounded).
QUEUE_BATCHES = 4
_POLL_SECONDS = 0.5

Rows = list[tuple[object, ...]]


class RegisterReadFailed(DeclareError):
    """The process reading the extract ended without saying why (killed, out of memory): nothing was imported."""


@dataclass
class ReadSummary:
    """What reading the whole extract found: counts, bad rows and the columns used."""

    rows: int = 0
    bad_rows: int = 0
    problem_count: int = 0
    problems: list[SheetProblem] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)
    enterprise_count: int = 0
    person_count: int = 0

    @classmethod
    def of(cls, reader: ExtractReader) -> ReadSummary:
        return cls(
            reader.rows,
            reader.bad_rows,
            reader.problem_count,
            list(reader.problems),
            dict(reader.columns),
            dict(reader.headings),
            reader.enterprise_count,
            reader.person_count,
        )


@dataclass(frozen=True)
class SourceFacts:
    """The extract as opened: file name, SHA-256, encoding (or "xlsx") and sheet."""

    file: str
    sha256: str
    encoding: str
    sheet: str


class ExtractRows:
    """The batches of an extract, with ``prefix`` (the extract's id) before every row's values::

        with ExtractRows(path, kind, mapping, prefix=(extract_id,)) as rows:
            facts = rows.open()                      # hashed, encoding found, checked
            for enterprises, people, read, done in rows.batches():
                ...                                  # store them; ``read`` rows so far, ``done`` 0 to 1
            summary = rows.summary

    Once a row is bad, no more rows are passed on (nothing will be kept), but reading goes on to report every bad
    row, unless ``skip_bad_rows``. Leaving the block early (an error, a cancellation) stops the reading process."""

    def __init__(
        self,
        path: Path,
        kind: RegisterKind,
        mapping: dict[str, str],
        *,
        prefix: tuple[object, ...] = (),
        skip_bad_rows: bool = False,
        parallel: bool | None = None,
        batch_rows: int | None = None,
    ) -> None:
        self.path, self.kind, self.mapping, self.prefix = path, kind, dict(mapping), prefix
        self.skip_bad_rows, self.batch_rows = skip_bad_rows, batch_rows or BATCH_ROWS
        self.parallel = _large(path) if parallel is None else parallel
        self.summary = ReadSummary()
        self._reader: ExtractReader | None = None
        self._process: SpawnProcess | None = None
        self._queue: Any = None

    def __enter__(self) -> ExtractRows:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def open(self) -> SourceFacts:
        """Open the extract (in the reading process when parallel); raises what opening it raises."""
        if not self.parallel:
            source = open_extract(self.path)
            self._reader = ExtractReader(source, self.kind, self.mapping)
            return SourceFacts(source.file, source.sha256, source.encoding, source.sheet)
        context = multiprocessing.get_context("spawn")
        self._queue = context.Queue(QUEUE_BATCHES)
        process = context.Process(
            target=_read,
            args=(str(self.path), self.kind.value, self.mapping, self.prefix, self.skip_bad_rows, self.batch_rows,
                  self._queue),
            name="register-reader",
            daemon=True,
        )  # fmt: skip
        process.start()
        self._process = process  # started: close() stops it
        kind, payload = self._next()
        if kind != "source":
            raise _unexpected_message(kind)
        facts: SourceFacts = payload
        return facts

    def batches(self) -> Iterator[tuple[Rows, Rows, int, float]]:
        """(enterprises, people, rows read so far, part of the file read: 0 to 1) a batch at a time; then
        ``summary`` is complete."""
        if self._reader is not None:
            reader, prefix = self._reader, self.prefix
            for enterprises, people in reader.batches(self.batch_rows):
                if reader.problem_count and not self.skip_bad_rows:
                    continue  # keep reading, to report every bad row at once; nothing will be kept
                done = reader.source.done()
                yield [(*prefix, *e) for e in enterprises], [(*prefix, *p) for p in people], reader.rows, done
            self.summary = ReadSummary.of(reader)
            return
        while True:
            kind, payload = self._next()
            if kind == "batch":
                yield payload
            elif kind == "done":
                self.summary = payload
                return
            else:
                raise _unexpected_message(kind)

    def close(self) -> None:
        """Stop the reading process (it may be waiting to hand over a batch nobody will take)."""
        process, self._process = self._process, None
        if process is not None:
            if process.is_alive():
                process.terminate()
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()
            process.close()
        if self._queue is not None:
            self._queue.close()
            self._queue.cancel_join_thread()
            self._queue = None

    def _next(self) -> tuple[str, Any]:
        assert self._process is not None
        while True:
            try:
                kind, payload = self._queue.get(timeout=_POLL_SECONDS)
            except queues.Empty:
                if not self._process.is_alive():
                    raise RegisterReadFailed(
                        N_(
                            "Reading {file} stopped unexpectedly (exit code {code}): nothing was imported. Check "
                            "that the computer has enough free memory, and try again."
                        ),
                        file=self.path.name,
                        code=self._process.exitcode,
                    ) from None
                continue
            if kind == "error":
                raise _rebuilt(payload)
            return kind, payload


def _large(path: Path) -> bool:
    try:
        return path.stat().st_size >= PARALLEL_FROM_BYTES
    except OSError:
        return False  # opening it in this process says why it cannot be read


def _unexpected_message(kind: str) -> RegisterReadFailed:
    return RegisterReadFailed(N_("The process reading the extract sent {kind} out of turn."), kind=kind)


def _read(
    path: str,
    kind: str,
    mapping: dict[str, str],
    prefix: tuple[object, ...],
    skip_bad_rows: bool,
    batch_rows: int,
    out: Any,
) -> None:
    """The reading process: the source's facts, the batches, then the summary; or the error that stopped it."""
    # No cyclic garbage collection here: the rows make no cycles, and each batch held until it is handed over would
    # set off collections over every row of it (reference counting frees them as usual).
    gc.disable()
    try:
        source = open_extract(path)
        out.put(("source", SourceFacts(source.file, source.sha256, source.encoding, source.sheet)))
        reader = ExtractReader(source, RegisterKind(kind), mapping)
        for enterprises, people in reader.batches(batch_rows):
            if reader.problem_count and not skip_bad_rows:
                continue
            batch = [(*prefix, *e) for e in enterprises], [(*prefix, *p) for p in people], reader.rows, source.done()
            out.put(("batch", batch))
        out.put(("done", ReadSummary.of(reader)))
    except BaseException as exc:  # every error goes to the storing process, which raises it there
        out.put(("error", _portable(exc)))
    out.close()
    out.join_thread()


def _portable(error: BaseException) -> tuple[type[BaseException], tuple[Any, ...], dict[str, Any]]:
    """An exception as its class, arguments and attributes: typed errors take keyword fields their constructors
    cannot be called with again, so they are rebuilt without calling it. Only messages' fields travel: a
    DeclareError's fields never hold a row's values (names, ID numbers)."""
    if isinstance(error, DeclareError):
        return type(error), error.args, dict(vars(error))
    return RuntimeError, (f"{type(error).__name__}: {unexpected_detail(error)}",), {}


def _rebuilt(payload: tuple[type[BaseException], tuple[Any, ...], dict[str, Any]]) -> BaseException:
    cls, args, state = payload
    error = cls.__new__(cls)
    error.args = args
    vars(error).update(state)
    return error
