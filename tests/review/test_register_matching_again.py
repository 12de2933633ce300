"""Matching against the registers a second time finds what the first time found: on the same data, after a review
run was recorded, and after an extract was removed and imported again (its rows deleted and written anew); on the
encrypted store and on PostgreSQL."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import select

from desktop.review.registers.loading import load_register_evidence
from desktop.services.inspection.registers import import_register, list_registers, remove_register
from desktop.services.inspection.review import run_review
from desktop.store import schema


def matches(session) -> list[tuple[object, ...]]:
    """Every match as (declaration row, person seq, extract file, register row, role, strength), sorted."""
    campaign_id = run_review(session, record=False).review.campaign.id
    with session.store.transaction() as connection:
        evidence = load_register_evidence(connection, campaign_id)
    return sorted(
        (row, m.person.seq, m.entry.enterprise.source, m.entry.row_no, m.entry.role, m.strength)
        for row, found in evidence.matches.items()
        for m in found
    )


def reimport_licences(session, folder) -> None:
    """Remove the licence extract and import the same rows again, written back from the store."""
    [extract] = [e for e in list_registers(session) if e.kind == "licence"]
    e, p = schema.register_enterprises, schema.register_people
    with session.store.transaction() as connection:
        rows = connection.execute(
            select(e.c.licence_number, e.c.trade, e.c.name, e.c.address, e.c.police_unit, p.c.name, p.c.id_number,
                   e.c.status)
            .join(e, (e.c.extract_id == p.c.extract_id) & (e.c.number == p.c.enterprise))
            .where(p.c.extract_id == extract.id)
            .order_by(p.c.row_no)
        ).all()  # fmt: skip
    remove_register(session, extract.id)
    path = folder / extract.source
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["许可证号", "特种行业类别", "场所名称", "场所地址", "主管公安机关", "负责人", "负责人身份证号",
                         "许可证状态"])  # fmt: skip
        writer.writerows(rows)
    import_register(session, path, "licence")


@pytest.mark.parametrize("where", ["encrypted", "server"])
def test_a_second_matching_finds_the_same_matches(request, where, tmp_path):
    session = request.getfixturevalue("encrypted_inspector" if where == "encrypted" else "server_inspector")
    first = matches(session)
    assert {strength for *_rest, strength in first} == {"exact", "probable", "name_only"}
    assert matches(session) == first
    run_review(session)  # a recorded run keeps findings: matching reads none of them
    assert matches(session) == first
    reimport_licences(session, tmp_path)
    assert matches(session) == first
