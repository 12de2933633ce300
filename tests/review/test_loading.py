"""The rules' view of the imported data is exactly what the store holds (on SQLite and PostgreSQL), and the fast
paths agree with the references: answers cut from the JSON, identifier checks, normalised enterprise names."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from sqlalchemy import select
from stdnum.cn import uscc

from desktop.domain.identifiers import check_id_number, check_uscc
from desktop.domain.problems import Severity
from desktop.review.digest import answers_code, answers_of
from desktop.review.enterprises import normalise_name
from desktop.review.identifiers import id_number_problem, uscc_check_character, uscc_problem
from desktop.review.loading import load_review_data
from desktop.review.tuples import fetch_tuples
from desktop.store import schema


def test_the_view_holds_every_imported_declaration_of_the_campaign_with_its_answers_and_interests(inspector):
    d, i = schema.imported_declarations, schema.imported_interests
    with inspector.store.transaction() as connection:
        data = load_review_data(connection)
        rows = connection.execute(select(d.c.id, d.c.content).where(d.c.campaign_id == data.campaign.id)).all()
        interests = connection.execute(select(i.c.declaration_row, i.c.row_no, i.c.enterprise_name)).all()
    assert {r.row_id for r in data.declarations} == {r.id for r in rows}
    by_row = {r.row_id: r for r in data.declarations}
    for row_id, content in rows:
        parsed = json.loads(content)
        assert by_row[row_id].answers == parsed["answers"]
        # Form version 1 gives one "role" per interest, version 2 the list "roles".
        roles = [x.get("roles", [x.get("role")]) for x in parsed["interests"]]
        nominee = [n for n, held in enumerate(roles, start=1) if "nominee" in held]
        assert [x.row_no for x in by_row[row_id].interests if "nominee" in x.roles] == nominee
        assert [list(x.roles) for x in by_row[row_id].interests] == roles
    stored = {(r.declaration_row, r.row_no): r.enterprise_name for r in interests if r.declaration_row in by_row}
    assert stored == {(r.row_id, x.row_no): x.enterprise_name for r in data.declarations for x in r.interests}
    assert data.earlier, "last year's campaign is in the view for the comparison"
    assert all(r.campaign_id != data.campaign.id for r in data.earlier)


def test_fetch_tuples_returns_what_execute_returns(inspector):
    d = schema.imported_declarations
    query = select(d.c.id, d.c.police_number, d.c.valid).where(d.c.id.in_([1, 2, 3, 5, 8])).order_by(d.c.id)
    with inspector.store.transaction() as connection:
        plain = [tuple(r) for r in connection.execute(query).all()]
        fast = fetch_tuples(connection, query)
    assert [(a, b, bool(c)) for a, b, c in fast] == plain


@pytest.mark.parametrize(
    "content",
    [
        '{"acknowledged_warnings": [], "answers": {"own_business": false, "shareholding": null}, "x": {"a": 1}}',
        '{"answers":{"own_business":true},"acknowledged_warnings":["a:b"]}',
    ],
)
def test_answers_are_cut_from_the_json_in_either_spacing(content):
    expected = {**dict.fromkeys(answers_of("------")), **json.loads(content)["answers"]}
    assert answers_of(answers_code(content)) == expected


def _random_id(rng: random.Random) -> str:
    birth = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randint(0, 30000))
    body = f"{rng.choice(['110101', '220402', '440305', '999999'])}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    check = rng.choice("0123456789X")
    return body + check


def test_the_fast_id_number_check_agrees_with_the_domain_on_every_error():
    rng = random.Random(5)
    today = dt.date(2026, 12, 31)
    samples = [_random_id(rng) for _ in range(3000)] + [
        "",
        "123",
        "11010519491231002",
        "110105194902310020",
        "11010519491231002x"[:-1] + "X",
        "110105194912310021",
        "1101051949123100",
        "110105491231002",
    ]
    for number in samples:
        errors = [p.code for p in check_id_number(number, "n", today) if p.severity is Severity.ERROR]
        assert id_number_problem(number, today) == (errors[0] if errors else None), number


def test_the_fast_credit_code_check_agrees_with_stdnum_and_the_domain():
    rng = random.Random(9)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for _ in range(3000):
        body = "".join(rng.choice("0123456789") for _ in range(8)) + "".join(rng.choice(alphabet) for _ in range(9))
        assert uscc_check_character(body) == uscc.calc_check_digit(body)
        code = body + rng.choice(alphabet)
        found = [p.code for p in check_uscc(code, "u")]
        assert uscc_problem(code) == (found[0] if found else None), code
    for code in ("", "9135010", "91350100M000100Y4I", "91350100M000100Y43"):
        found = [p.code for p in check_uscc(code, "u")]
        assert uscc_problem(code) == (found[0] if found else None), code


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("清河市宏达宾馆（有限公司）", "清河市 宏达宾馆(有限公司)"),
        ("ＡＢＣ商贸", "abc商贸"),
        ("宏达·宾馆", "宏达宾馆"),
    ],
)
def test_names_written_differently_normalise_alike(first, second):
    assert normalise_name(first) == normalise_name(second)


def test_different_names_stay_different():
    assert normalise_name("宏达宾馆") != normalise_name("宏达酒店")


def test_the_first_review_digests_every_declaration_once_and_the_view_is_the_same_before_and_after(inspector):
    from sqlalchemy import func

    from desktop.review.digest import store_digests
    from desktop.services.inspection.review import run_review

    with inspector.store.transaction() as connection:
        connection.execute(schema.review_digests.delete())
        before = load_review_data(connection)  # digested in memory
    run_review(inspector)
    with inspector.store.transaction() as connection:
        declarations = connection.execute(select(func.count()).select_from(schema.imported_declarations)).scalar()
        digests = connection.execute(select(func.count()).select_from(schema.review_digests)).scalar()
        assert store_digests(connection) == 0
        after = load_review_data(connection)
    assert digests == declarations
    assert [
        (d.row_id, d.answers, d.failures, [(i.enterprise_name, i.role, i.keys) for i in d.interests])
        for d in before.declarations
    ] == [
        (d.row_id, d.answers, d.failures, [(i.enterprise_name, i.role, i.keys) for i in d.interests])
        for d in after.declarations
    ]
    assert sorted((e.row_id, e.keys, e.running) for e in before.earlier) == sorted(
        (e.row_id, e.keys, e.running) for e in after.earlier
    )
