"""A digest of each imported declaration: everything the rules read of it (the officer, the answers, the signatures'
verification, the interests), in one small row of its own table (review_digests).

Reading 50,000 imported declarations costs seconds: their signed content fills overflow pages, the signatures are
stored after it, and the interests are 100,000 rows more. An imported declaration never changes, so its digest is
made once, by the first review after the import (``store_digests``); one imported since is digested in memory until
then (``pending_digests``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any, NamedTuple

from sqlalchemy import Connection, exists, func, select

from desktop.form import UnknownFormVersion, form_for
from desktop.review.tuples import fetch_tuples, insert_tuples
from desktop.store import schema

#: The questions a digest's answers code covers, in order: the form's (versions 1 and 2 ask the same six); a digest
#: of a later version follows that version's questions (``form_version``), at most 8 (the column's width).
QUESTIONS = form_for(1).question_keys
_ANSWER_CODE = {True: "y", False: "n", None: "-"}
_ANSWER_VALUE = {"y": True, "n": False, "-": None}
#: An interest's role: version 1's "role", or version 2's list "roles" (keys of interests only, in row order).
_ROLE = re.compile(r'"role":\s*"([a-z_]*)"|"roles":\s*\[([^\]]*)\]')
_ROLE_NAME = re.compile(r'"([a-z_]*)"')
#: Separators of the packed interests: ASCII unit and record separators, which cleaned text never holds.
FIELD, RECORD = "\x1f", "\x1e"
#: The fields of a packed interest, in order; the two flags are "1" or "0".
INTEREST_FIELDS = (
    "question",
    "relation",
    "holder_id_number",
    "enterprise_name",
    "uscc",
    "trade_code",
    "status",
    "within_jurisdiction",
    "related_to_duties",
    "role",
)

_D, _G, _I = schema.imported_declarations, schema.review_digests, schema.imported_interests
_COPIED = (
    "workbook_id",
    "declaration_id",
    "version",
    "police_number",
    "name",
    "id_number",
    "unit_code",
    "unit_name",
    "is_leadership_member",
    "is_unit_head",
    "is_division_level",
    "signed_at",
    "signer_fingerprint",
    "countersigned_at",
    "countersigner_fingerprint",
    "valid",
    "failures",
)


class Digest(NamedTuple):
    declaration_row: int
    campaign_id: str
    workbook_id: str
    declaration_id: str
    version: int
    police_number: str
    name: str
    id_number: str
    unit_code: str
    unit_name: str
    is_leadership_member: bool
    is_unit_head: bool
    is_division_level: bool
    answers: str  # one of y, n, - per question, in QUESTIONS order
    signed_at: str | None
    signer_fingerprint: str | None
    countersigned_at: str | None
    countersigner_fingerprint: str | None
    valid: bool
    failures: str  # JSON list of failure codes, as imported
    interests: str  # the interests packed in row order: INTEREST_FIELDS joined by FIELD, records by RECORD
    form_version: int  # the form version the declaration was made on: whose questions ``answers`` follows


_answer_cache: dict[str, str] = {}


def questions_of(form_version: int) -> tuple[str, ...]:
    """The questions of a form version, in order (version 1's for a version this program does not know)."""
    try:
        return form_for(form_version).question_keys
    except UnknownFormVersion:
        return QUESTIONS


def answers_code(content: str, questions: tuple[str, ...] = QUESTIONS) -> str:
    """The answers object of a declaration's content JSON as one character per question, without parsing the rest."""
    if questions != QUESTIONS:  # a later form's questions: rare, parsed plainly
        answers = json.loads(content).get("answers") or {}
        return "".join(_ANSWER_CODE.get(answers.get(q), "-") for q in questions)
    start = content.find('"answers"')
    opening = content.find("{", start) if start >= 0 else -1
    closing = content.find("}", opening) if opening >= 0 else -1
    if closing < 0:
        answers = json.loads(content).get("answers") or {}
        return "".join(_ANSWER_CODE.get(answers.get(q), "-") for q in QUESTIONS)
    piece = content[opening : closing + 1]
    code = _answer_cache.get(piece)
    if code is None:
        answers = json.loads(piece)
        code = "".join(_ANSWER_CODE.get(answers.get(q), "-") for q in QUESTIONS)
        if len(_answer_cache) < 4096:  # six yes/no/null answers: at most 729 different texts
            _answer_cache[piece] = code
    return code


_answers_of: dict[tuple[int, str], dict[str, bool | None]] = {}


def answers_of(code: str, form_version: int = 1) -> dict[str, bool | None]:
    """The answers a code stands for on its form version. The same dict for the same code: callers only read it."""
    answers = _answers_of.get((form_version, code))
    if answers is None:
        questions = questions_of(form_version)
        answers = {q: _ANSWER_VALUE.get(c) for q, c in zip(questions, code, strict=False)}
        if len(_answers_of) < 1024:
            _answers_of[(form_version, code)] = answers
    return answers


def undigested(connection: Connection, campaign_ids: list[str] | None) -> bool:
    """Whether some declaration (of the campaigns) has no digest: two counts from indexes, before any scan."""
    declared, digested = select(func.count()).select_from(_D), select(func.count()).select_from(_G)
    if campaign_ids is not None:
        declared = declared.where(_D.c.campaign_id.in_(campaign_ids))
        digested = digested.where(_G.c.campaign_id.in_(campaign_ids))
    return connection.execute(declared).scalar_one() != connection.execute(digested).scalar_one()


def pending_digests(
    connection: Connection, campaign_ids: list[str] | None = None, *, after: int = 0, limit: int | None = None
) -> list[Digest]:
    """Digests of the imported declarations (of ``campaign_ids``) that have none stored yet: those with a row id
    above ``after``, the first ``limit`` of them by row id when given."""
    if not undigested(connection, campaign_ids):
        return []
    return _pending(connection, campaign_ids, after, limit)


def _pending(connection: Connection, campaign_ids: list[str] | None, after: int, limit: int | None) -> list[Digest]:
    query = select(_D.c.id, _D.c.campaign_id, _D.c.content, *(_D.c[name] for name in _COPIED), _D.c.form_version).where(
        ~exists().where(_G.c.declaration_row == _D.c.id)
    )
    if campaign_ids is not None:
        query = query.where(_D.c.campaign_id.in_(campaign_ids))
    if after:
        query = query.where(_D.c.id > after)
    if limit is not None:
        query = query.order_by(_D.c.id).limit(limit)
    rows = fetch_tuples(connection, query)
    if not rows:
        return []
    interests: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    found = select(_I.c.declaration_row, _I.c.row_no, *(_I.c[name] for name in INTEREST_FIELDS[:-1]))
    if limit is not None:  # the rows' range of ids, by the index (interests of digested rows in it go unused)
        found = found.where(_I.c.declaration_row > after, _I.c.declaration_row <= rows[-1][0])
    else:
        found = found.where(_I.c.declaration_row.in_(query.with_only_columns(_D.c.id)))
    for r in fetch_tuples(connection, found):
        interests[r[0]].append(r[1:])
    return [_digest(r, interests.get(r[0])) for r in rows]


def _digest(row: tuple[Any, ...], interests: list[tuple[Any, ...]] | None) -> Digest:
    row_id, campaign_id, content, *copied, form_version = row
    packed = ""
    if interests:
        roles = [one or ",".join(_ROLE_NAME.findall(listed)) for one, listed in _ROLE.findall(content)]
        records = []
        for index, (_row_no, question, relation, holder, name, uscc, trade, status, jurisdiction, duties) in enumerate(
            sorted(interests)
        ):
            role = roles[index] if index < len(roles) else ""
            records.append(
                FIELD.join(
                    (
                        question,
                        relation,
                        holder,
                        name,
                        uscc,
                        trade,
                        status,
                        "1" if jurisdiction else "0",
                        "1" if duties else "0",
                        role,
                    )
                )
            )
        packed = RECORD.join(records)
    head, tail = copied[:11], copied[11:]
    code = answers_code(content, questions_of(form_version))
    return Digest._make((row_id, campaign_id, *head, code, *tail[:4], bool(tail[4]), tail[5], packed, form_version))


def store_digests(connection: Connection, chunk: int = 5000) -> int:
    """Digest every imported declaration that has no digest yet, ``chunk`` at a time (a province's first review
    after its import must not hold every signed content at once); returns how many were added."""
    if not undigested(connection, None):  # counted once: not again for every chunk
        return 0
    added, after = 0, 0
    while digests := _pending(connection, None, after, chunk):
        insert_tuples(connection, _G, Digest._fields, digests)
        added += len(digests)
        after = max(d.declaration_row for d in digests)
    return added
