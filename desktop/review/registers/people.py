"""The people an imported declaration names, for matching against registers: the officer, the family members a
version 2 form lists, and the relatives holding its interests (for version 1, the only place relatives are named).

Made once per imported declaration (an imported declaration never changes) into ``declared_people``, by the first
review after the import, as the digests are: reading 50,000 signed contents again at every review would cost seconds.
Every declaration has at least its officer's row, which tells a declaration already done from one not done yet.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, exists, func, select

from desktop.review.tuples import fetch_tuples, insert_tuples
from desktop.store import schema

SELF = "self"
#: The relations whose holders are matched: relatives and specific-related persons, not "other" (a nominee's name,
#: whose own other businesses are not the officer's to declare).
MATCHED_RELATIONS = frozenset({"spouse", "child", "child_spouse", "parent", "sibling", "specific_related"})
COLUMNS = ("declaration_row", "seq", "relation", "member_id", "name", "id_number")

_D, _P = schema.imported_declarations, schema.declared_people


def people_of(row_id: int, content: str) -> list[tuple[object, ...]]:
    """The rows of ``declared_people`` for one declaration's content JSON (the officer first)."""
    data: dict[str, Any] = json.loads(content)
    officer = data.get("officer") or {}
    found: list[tuple[str, str, str, str]] = [(SELF, "", str(officer.get("name", "")), _id(officer.get("id_number")))]
    seen = {(found[0][2], found[0][3])}
    for member in data.get("family_members") or ():
        person = (
            str(member.get("relation", "")),
            str(member.get("member_id", "")),
            str(member.get("name", "")),
            _id(member.get("id_number")),
        )
        if (person[2], person[3]) not in seen and person[2]:
            seen.add((person[2], person[3]))
            found.append(person)
    for interest in data.get("interests") or ():
        relation = str(interest.get("relation", ""))
        person = (
            relation,
            str(interest.get("holder_member_id") or ""),
            str(interest.get("holder_name", "")),
            _id(interest.get("holder_id_number")),
        )
        if relation in MATCHED_RELATIONS and person[2] and (person[2], person[3]) not in seen:
            seen.add((person[2], person[3]))
            found.append(person)
    return [(row_id, seq, *person) for seq, person in enumerate(found)]


def _id(value: object) -> str:
    return str(value or "").strip().upper()[:18]


def store_declared_people(connection: Connection, chunk: int = 2000) -> int:
    """Make the rows of every imported declaration that has none yet, ``chunk`` declarations at a time (never every
    signed content at once); returns how many declarations were done."""
    declared = connection.execute(select(func.count()).select_from(_D)).scalar_one()
    done = connection.execute(select(func.count(func.distinct(_P.c.declaration_row)))).scalar_one()
    if declared == done:
        return 0
    query = select(_D.c.id, _D.c.content).where(~exists().where(_P.c.declaration_row == _D.c.id)).order_by(_D.c.id)
    count, after = 0, 0
    while rows := fetch_tuples(connection, query.where(_D.c.id > after).limit(chunk)):
        made = [person for row_id, content in rows for person in people_of(row_id, content)]
        insert_tuples(connection, _P, COLUMNS, made)
        count += len(rows)
        after = rows[-1][0]
    return count
