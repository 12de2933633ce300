"""Loading the register evidence of a campaign: the declared people, one streamed pass over the register people
(only six short columns each), then the particulars of the matched ones and the interests their declarations
declare. Core SQL only, the same on SQLite and PostgreSQL; memory stays bounded by the declared people and the
matches, never by the size of the registers."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Connection, Select, exists, select

from desktop.review.enterprises import enterprise_keys
from desktop.review.pausing import gc_paused
from desktop.review.registers.matching import PeopleIndex, RegisterKey, match
from desktop.review.registers.model import (
    DeclaredInterest,
    DeclaredPerson,
    ExtractSummary,
    RegisterEnterprise,
    RegisterEntry,
    RegisterEvidence,
    RegisterMatch,
)
from desktop.review.registers.people import people_of
from desktop.review.tuples import fetch_tuples
from desktop.store import schema

_X, _E, _P = schema.register_extracts, schema.register_enterprises, schema.register_people
_D, _DP = schema.imported_declarations, schema.declared_people
STREAM_ROWS = 50_000


def stream_tuples(connection: Connection, query: Select[Any], size: int = STREAM_ROWS) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` a batch at a time (a server-side cursor on PostgreSQL), never all at once."""
    if connection.dialect.name == "sqlite":
        compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
        params = tuple(compiled.params[name] for name in compiled.positiontup or ())
        cursor = connection.connection.cursor()
        try:
            cursor.execute(str(compiled), params)
            while batch := cursor.fetchmany(size):
                yield from batch
        finally:
            cursor.close()
        return
    result = connection.execution_options(stream_results=True, yield_per=size).execute(query)
    for partition in result.partitions():
        yield from (tuple(row) for row in partition)


def extract_ids(connection: Connection) -> tuple[str, ...]:
    return tuple(sorted(connection.execute(select(_X.c.id)).scalars()))


def extract_summaries(connection: Connection) -> tuple[ExtractSummary, ...]:
    """Every imported extract, oldest first."""
    columns = (_X.c.id, _X.c.kind, _X.c.source, _X.c.label, _X.c.imported_at, _X.c.rows, _X.c.people)
    query = select(*columns).order_by(_X.c.imported_at, _X.c.source, _X.c.id)
    return tuple(ExtractSummary(*row) for row in fetch_tuples(connection, query))


def declared_people(connection: Connection, campaign_id: str, rows: Select[Any] | None = None) -> list[DeclaredPerson]:
    """The people the campaign's imported declarations name (of the declaration rows ``rows`` selects, else all):
    those made already, and those not made yet."""
    within = () if rows is None else (_D.c.id.in_(rows),)
    columns = (_DP.c.declaration_row, _DP.c.seq, _DP.c.relation, _DP.c.member_id, _DP.c.name, _DP.c.id_number)
    stored = fetch_tuples(
        connection,
        select(*columns)
        .join(_D, _D.c.id == _DP.c.declaration_row)
        .where(_D.c.campaign_id == campaign_id, *within)
        .order_by(_DP.c.declaration_row, _DP.c.seq),  # the order of a row's matches follows it
    )
    pending = fetch_tuples(
        connection,
        select(_D.c.id, _D.c.content)
        .where(_D.c.campaign_id == campaign_id, ~exists().where(_DP.c.declaration_row == _D.c.id), *within)
        .order_by(_D.c.id),
    )
    stored += [person for row_id, content in pending for person in people_of(row_id, content)]
    return [DeclaredPerson(*row) for row in stored]


def load_register_evidence(
    connection: Connection, campaign_id: str, rows: Select[Any] | None = None
) -> RegisterEvidence:
    """Match the people of ``campaign_id``'s declarations (those ``rows`` selects, else all) against every imported
    register. The cyclic garbage collector is paused meanwhile: the dictionaries of 200,000 declared people and a
    million register rows passing through would set off full collections over every object the process holds (a
    fifth of the time here, and more in a process that holds more)."""
    extracts = extract_ids(connection)
    if not extracts:
        return RegisterEvidence()
    with gc_paused():
        return _evidence(connection, campaign_id, extracts, rows)


def _evidence(
    connection: Connection, campaign_id: str, extracts: tuple[str, ...], rows: Select[Any] | None
) -> RegisterEvidence:
    people = declared_people(connection, campaign_id, rows)
    index = PeopleIndex(people)
    query = select(_P.c.extract_id, _P.c.number, _P.c.name_key, _P.c.id_number, _P.c.id_kind, _P.c.birth_date)
    counted = _Counted(stream_tuples(connection, query))
    found = list(match(index, counted))
    entries = _entries(connection, {key for _i, key, _s in found})
    matches: dict[int, list[RegisterMatch]] = defaultdict(list)
    for person_index, key, strength in found:
        person = index.people[person_index]
        matches[person.declaration_row].append(RegisterMatch(person, entries[key], strength))
    return RegisterEvidence(
        extracts,
        dict(matches),
        _declared_interests(connection, list(matches)),
        _units(connection),
        len(people),
        counted.count,
        extract_summaries(connection),
    )


class _Counted:
    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        for row in self.rows:
            self.count += 1
            yield row


def _decimal(text: object) -> Decimal | None:
    if text is None or text == "":
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def _in_chunks(numbers: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(numbers), size):
        yield numbers[start : start + size]


def _entries(connection: Connection, keys: set[RegisterKey]) -> dict[RegisterKey, RegisterEntry]:
    """The particulars of the matched register people, with their enterprises and extracts: the people by their
    keys, then their enterprises by theirs (two look-ups by primary key; a join let the planner scan every
    enterprise of the extract for each chunk of people)."""
    by_extract: dict[str, list[int]] = defaultdict(list)
    for extract_id, number in keys:
        by_extract[extract_id].append(number)
    sources = {r.id: (r.source, r.kind) for r in connection.execute(select(_X.c.id, _X.c.source, _X.c.kind))}
    people = select(
        _P.c.number, _P.c.row_no, _P.c.name, _P.c.id_number, _P.c.id_kind, _P.c.birth_date, _P.c.role,
        _P.c.role_text, _P.c.position, _P.c.share_percent, _P.c.enterprise,
    )  # fmt: skip
    firms = select(
        _E.c.number, _E.c.name, _E.c.uscc, _E.c.status, _E.c.active, _E.c.trade_code, _E.c.licence_number,
        _E.c.police_unit, _E.c.address,
    )  # fmt: skip
    found: dict[RegisterKey, RegisterEntry] = {}
    for extract_id, numbers in by_extract.items():
        source, kind = sources[extract_id]
        rows = []
        for chunk in _in_chunks(sorted(numbers)):
            rows += fetch_tuples(connection, people.where(_P.c.extract_id == extract_id, _P.c.number.in_(chunk)))
        enterprises: dict[int, RegisterEnterprise] = {}
        for chunk in _in_chunks(sorted({row[10] for row in rows})):
            for e in fetch_tuples(connection, firms.where(_E.c.extract_id == extract_id, _E.c.number.in_(chunk))):
                enterprises[e[0]] = RegisterEnterprise(
                    extract_id, e[0], source, kind, e[1], e[2], e[3], bool(e[4]), e[5], e[6], e[7], e[8],
                    enterprise_keys(e[2], e[1]),
                )  # fmt: skip
        for row in rows:
            found[(extract_id, row[0])] = RegisterEntry(
                extract_id, row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                _decimal(row[9]), enterprises[row[10]],
            )  # fmt: skip
    return found


def _declared_interests(connection: Connection, rows: list[int]) -> dict[int, list[DeclaredInterest]]:
    """The interests the matched declarations declare, from their signed content (a few, not every declaration)."""
    found: dict[int, list[DeclaredInterest]] = {}
    for start in range(0, len(rows), 500):
        for row_id, content in fetch_tuples(
            connection, select(_D.c.id, _D.c.content).where(_D.c.id.in_(rows[start : start + 500]))
        ):
            found[row_id] = [_interest(item) for item in json.loads(content).get("interests") or ()]
    return found


def _interest(item: dict[str, Any]) -> DeclaredInterest:
    roles = frozenset(item.get("roles") or ()) | ({item["role"]} if item.get("role") else set())
    return DeclaredInterest(
        str(item.get("question", "")),
        str(item.get("relation", "")),
        str(item.get("holder_name", "")),
        str(item.get("holder_id_number", "")).upper(),
        str(item.get("holder_member_id") or ""),
        enterprise_keys(str(item.get("uscc", "")), str(item.get("enterprise_name", ""))),
        roles,
        _decimal(item.get("share_percent")),
        str(item.get("status", "")),
    )


def _units(connection: Connection) -> dict[str, tuple[str, str]]:
    u = schema.units
    return {
        r.code: (r.name, r.jurisdiction or "") for r in connection.execute(select(u.c.code, u.c.name, u.c.jurisdiction))
    }
