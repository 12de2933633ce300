"""Register extracts in the inspectors' store (encrypted, or the team's server): import one (all of it in one
transaction, or nothing), list them, remove one; each import and removal recorded in the audit log with the file's
name, SHA-256, encoding and counts. Inspectors only."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, delete, func, select, update

from desktop.domain.roles import Role
from desktop.errors import DeclareError
from desktop.exchange.problems import SheetProblem
from desktop.exchange.registers.columns import FIELDS_BY_KEY, RegisterKind
from desktop.exchange.registers.parallel import ExtractRows
from desktop.exchange.registers.reader import ENTERPRISE_COLUMNS, PEOPLE_COLUMNS
from desktop.exchange.registers.source import open_extract
from desktop.i18n import N_, Translator
from desktop.review.pausing import gc_paused
from desktop.review.tuples import insert_tuples
from desktop.services.auditing import audited_transaction
from desktop.services.clock import timestamp
from desktop.services.inspection import register_mappings
from desktop.services.session.session import Session
from desktop.store import schema

_X, _E, _P = schema.register_extracts, schema.register_enterprises, schema.register_people
_E_COLUMNS, _P_COLUMNS = ("extract_id", *ENTERPRISE_COLUMNS), ("extract_id", *PEOPLE_COLUMNS)
#: (rows read so far, part of the file read: 0 to 1); may raise to stop the import (nothing is kept).
Progress = Callable[[int, float], None]


class InvalidRegister(DeclareError):
    """The extract has bad rows (or no usable heading): nothing was imported. ``problems`` locates each."""

    exit_code = 2

    def __init__(self, file: str, problems: list[SheetProblem], count: int, bad_rows: int) -> None:
        self.file, self.problems, self.count = file, problems, count
        super().__init__(
            N_(
                "{file}: nothing was imported; {rows} rows have problems ({count} in all). Correct them, or import "
                "with --skip-bad-rows to leave those rows out."
            ),
            file=file,
            rows=bad_rows,
            count=count,
        )

    def render(self, translate: Translator) -> str:
        lines = [translate(self.message, **self.fields)]
        lines += [f"  {p.describe(translate)}" for p in self.problems[:50]]
        if self.count > 50:
            lines.append(translate(N_("  … and {count} more."), count=self.count - 50))
        return "\n".join(lines)


class RegisterUnusable(DeclareError):
    """An extract, a mapping or a register that cannot be used as asked."""


@dataclass(frozen=True, slots=True)
class RegisterExtract:
    id: str
    kind: str
    source: str
    label: str
    file_sha256: str
    encoding: str
    imported_at: str
    imported_by: str
    rows: int
    enterprises: int
    people: int
    skipped: int


def import_register(
    session: Session,
    path: Path | str,
    kind: RegisterKind | str,
    *,
    label: str = "",
    mapping: dict[str, str] | None = None,
    mapping_name: str | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
    parallel: bool | None = None,
) -> RegisterExtract:
    """Import the extract at ``path`` as a register of ``kind``.

    ``mapping`` (heading → field) names columns the usual headings do not; with ``mapping_name`` it is remembered
    under that name, and a later import names only ``mapping_name`` to use it again. A list of kind "other" needs a
    mapping. Bad rows stop the import (InvalidRegister) unless ``skip_bad_rows``; then they are left out, counted
    and recorded. The file is parsed in a second process while this one stores the rows (``parallel``; by
    default for files of a few megabytes and more). ``progress`` may raise (a cancellation): nothing is kept."""
    session.require(Role.INSPECTOR)
    kind = _kind(kind)
    path = Path(path)
    with session.store.transaction() as connection:
        columns = _mapping(connection, kind, mapping, mapping_name)
    extract_id = uuid.uuid4().hex
    rows = ExtractRows(path, kind, columns, prefix=(extract_id,), skip_bad_rows=skip_bad_rows, parallel=parallel)
    # No cyclic garbage collection while the batches arrive: a full collection would walk every object the process
    # holds (the window's too) for rows that make no cycles.
    with rows, gc_paused():
        source = rows.open()
        with audited_transaction(session.store, session.account.login, session.clock) as audit:
            connection = audit.connection
            _refuse_duplicate(connection, source.sha256, path.name)
            connection.execute(
                _X.insert().values(
                    id=extract_id,
                    kind=kind.value,
                    source=path.name,
                    label=label.strip(),
                    file_sha256=source.sha256,
                    encoding=source.encoding,
                    imported_at=timestamp(session.clock),
                    imported_by=session.account.login,
                    rows=0,
                    enterprises=0,
                    people=0,
                    skipped=0,
                    mapping="{}",
                )
            )
            for enterprises, people, read, done in rows.batches():
                insert_tuples(connection, _E, _E_COLUMNS, enterprises)
                insert_tuples(connection, _P, _P_COLUMNS, people)
                if progress is not None:
                    progress(read, done)
            summary = rows.summary
            if not summary.columns or (summary.problem_count and not skip_bad_rows):
                raise InvalidRegister(path.name, summary.problems, summary.problem_count, summary.bad_rows)
            if summary.person_count == 0:
                raise RegisterUnusable(
                    N_("{file} has no usable row below its headings: nothing was imported."), file=path.name
                )
            used = {summary.headings[key]: key for key in summary.columns}
            connection.execute(
                update(_X)
                .where(_X.c.id == extract_id)
                .values(
                    rows=summary.rows,
                    enterprises=summary.enterprise_count,
                    people=summary.person_count,
                    skipped=summary.bad_rows,
                    mapping=json.dumps(used, ensure_ascii=False, sort_keys=True),
                )
            )
            if mapping and mapping_name:
                register_mappings.save(connection, mapping_name, kind, mapping, session)
            audit.record(
                "register_import",
                extract_id,
                kind=kind.value,
                source=path.name,
                label=label.strip(),
                sha256=source.sha256,
                encoding=source.encoding,
                rows=summary.rows,
                enterprises=summary.enterprise_count,
                people=summary.person_count,
                skipped=summary.bad_rows,
            )
    return _by_id(session, extract_id)


def list_registers(session: Session) -> list[RegisterExtract]:
    """Every imported extract, newest first."""
    session.require(Role.INSPECTOR)
    with session.store.transaction() as connection:
        rows = connection.execute(select(*_fields()).order_by(_X.c.imported_at.desc(), _X.c.id)).all()
    return [RegisterExtract(*row) for row in rows]


def remove_register(session: Session, reference: str) -> RegisterExtract:
    """Remove the extract whose id starts with ``reference`` (and its enterprises and people); recorded."""
    session.require(Role.INSPECTOR)
    extract = _resolve(session, reference)
    with audited_transaction(session.store, session.account.login, session.clock) as audit:
        connection = audit.connection
        connection.execute(delete(_P).where(_P.c.extract_id == extract.id))
        connection.execute(delete(_E).where(_E.c.extract_id == extract.id))
        connection.execute(delete(_X).where(_X.c.id == extract.id))
        audit.record(
            "register_remove",
            extract.id,
            kind=extract.kind,
            source=extract.source,
            sha256=extract.file_sha256,
            rows=extract.rows,
        )
    return extract


def _fields() -> list[Column[Any]]:
    return [_X.c[name] for name in RegisterExtract.__slots__]


def _by_id(session: Session, extract_id: str) -> RegisterExtract:
    with session.store.transaction() as connection:
        row = connection.execute(select(*_fields()).where(_X.c.id == extract_id)).one()
    return RegisterExtract(*row)


def _resolve(session: Session, reference: str) -> RegisterExtract:
    reference = reference.strip().lower()
    found = [e for e in list_registers(session) if reference and e.id.startswith(reference)]
    if len(found) != 1:
        raise RegisterUnusable(
            N_("No single imported register has an id starting with {reference}; see registers list."),
            reference=reference,
        )
    return found[0]


def _kind(kind: RegisterKind | str) -> RegisterKind:
    try:
        return RegisterKind(kind)
    except ValueError:
        raise RegisterUnusable(
            N_("There is no kind of register {kind}; the kinds are: {kinds}."),
            kind=kind,
            kinds=", ".join(k.value for k in RegisterKind),
        ) from None


def _mapping(
    connection: Connection, kind: RegisterKind, mapping: dict[str, str] | None, name: str | None
) -> dict[str, str]:
    if mapping:
        unknown = sorted({key for key in mapping.values() if key not in FIELDS_BY_KEY})
        if unknown:
            raise RegisterUnusable(
                N_("A column mapping names no field {fields}; the fields are: {known}."),
                fields=", ".join(unknown),
                known=", ".join(FIELDS_BY_KEY),
            )
        return dict(mapping)
    if name:
        remembered = register_mappings.load(connection, name)
        if remembered is None:
            raise RegisterUnusable(
                N_("No column mapping is remembered as {name}; give the mapping once with --map."), name=name
            )
        return remembered
    if kind is RegisterKind.OTHER:
        raise RegisterUnusable(
            N_('A list of kind "other" needs a column mapping (--map heading=field), or the name of one remembered.')
        )
    return {}


def _refuse_duplicate(connection: Connection, sha256: str, file: str) -> None:
    found = connection.execute(select(_X.c.id).where(_X.c.file_sha256 == sha256)).scalar()
    if found is not None:
        raise RegisterUnusable(
            N_("{file} is imported already (the same content, register {id}); remove that one first to replace it."),
            file=file,
            id=found[:8],
        )


def register_counts(connection: Connection) -> tuple[int, int]:
    """(extracts, people) in the store: whether matching has anything to do."""
    extracts = connection.execute(select(func.count()).select_from(_X)).scalar_one()
    people = connection.execute(select(func.count()).select_from(_P)).scalar_one() if extracts else 0
    return int(extracts), int(people)


def extract_headings(path: Path | str) -> list[str]:
    """The headings of an extract (the first of its first rows with two texts or more), for setting a mapping."""
    source = open_extract(path)
    for number, values in source.rows:
        texts = [str(v).strip() for v in values if isinstance(v, str) and v.strip()]
        if len(texts) >= 2:
            return list(dict.fromkeys(texts))
        if number >= 10:
            break
    return []


def remembered_mappings(session: Session) -> list[tuple[str, str]]:
    """(name, kind) of every column mapping the store remembers."""
    session.require(Role.INSPECTOR)
    with session.store.transaction() as connection:
        return register_mappings.names(connection)
