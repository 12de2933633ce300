"""Register extracts in the encrypted store: atomic import recorded in the audit log, list, remove, remembered
column mappings, and nothing of a register in plaintext on disk."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from desktop.domain.roles import Role
from desktop.exchange.xlsx.errors import UnreadableWorkbook
from desktop.services.inspection.registers import (
    InvalidRegister,
    RegisterUnusable,
    import_register,
    list_registers,
    remove_register,
)
from desktop.services.session.login import log_in
from desktop.store import schema
from tests.conftest import USER_PASSWORD
from tests.exchange.registers.support import ZHANG_ID, enterprise_rows, licence_rows, write_csv, write_xlsx
from tests.exchange.registers.test_register_reader import cut_off


@pytest.fixture
def inspector(admin_session, add_user, paths, clock, throttle):
    add_user("jijian", {Role.INSPECTOR})
    session = log_in(paths, "jijian", USER_PASSWORD, clock=clock, throttle=throttle)
    yield session
    session.lock()


def counts(session) -> tuple[int, int, int]:
    with session.store.transaction() as connection:
        return tuple(
            connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (schema.register_extracts, schema.register_enterprises, schema.register_people)
        )


def audit_entries(session, action: str) -> list[dict]:
    log = schema.audit_log
    with session.store.transaction() as connection:
        rows = connection.execute(select(log.c.subject, log.c.details).where(log.c.action == action)).all()
    return [{"subject": r.subject, **json.loads(r.details)} for r in rows]


def test_import_is_recorded_with_source_hash_and_counts(inspector, tmp_path):
    path = write_xlsx(tmp_path / "市场监管.xlsx", enterprise_rows())
    extract = import_register(inspector, path, "enterprise", label="市场监管局 2026-11")
    assert (extract.rows, extract.enterprises, extract.people, extract.encoding) == (3, 2, 4, "xlsx")
    assert counts(inspector) == (1, 2, 4)
    [entry] = audit_entries(inspector, "register_import")
    assert entry["subject"] == extract.id
    assert entry["source"] == "市场监管.xlsx"
    assert entry["rows"] == 3
    import hashlib

    assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest() == extract.file_sha256
    assert [e.id for e in list_registers(inspector)] == [extract.id]


def test_a_file_with_a_bad_row_imports_nothing_unless_bad_rows_are_skipped(inspector, tmp_path):
    rows = enterprise_rows()
    rows[3][9] = "12345"
    path = write_csv(tmp_path / "e.csv", rows, "gbk")
    with pytest.raises(InvalidRegister) as refused:
        import_register(inspector, path, "enterprise")
    assert [(p.row, p.column) for p in refused.value.problems] == [(4, "法定代表人身份证号")]
    assert counts(inspector) == (0, 0, 0)
    assert audit_entries(inspector, "register_import") == []
    extract = import_register(inspector, path, "enterprise", skip_bad_rows=True)
    assert (extract.rows, extract.skipped, extract.people, extract.encoding) == (3, 1, 3, "GBK")


def test_the_same_file_twice_is_refused(inspector, tmp_path):
    path = write_xlsx(tmp_path / "l.xlsx", licence_rows())
    import_register(inspector, path, "licence")
    with pytest.raises(RegisterUnusable):
        import_register(inspector, path, "licence")
    assert counts(inspector)[0] == 1


def test_remove_deletes_the_extract_and_records_it(inspector, tmp_path):
    extract = import_register(inspector, write_xlsx(tmp_path / "l.xlsx", licence_rows()), "licence")
    remove_register(inspector, extract.id[:6])
    assert counts(inspector) == (0, 0, 0)
    assert audit_entries(inspector, "register_remove")[0]["subject"] == extract.id


def test_a_mapping_is_remembered_by_name(inspector, tmp_path):
    rows = [["单位", "人员", "证件"], ["清河市某某网吧", "赵六", ZHANG_ID]]
    mapping = {"单位": "enterprise_name", "人员": "person_name", "证件": "person_id"}
    with pytest.raises(RegisterUnusable):
        import_register(inspector, write_csv(tmp_path / "a.csv", rows), "other")
    import_register(inspector, write_csv(tmp_path / "a.csv", rows), "other", mapping=mapping, mapping_name="某省")
    rows[1][1] = "钱七"
    again = import_register(inspector, write_csv(tmp_path / "b.csv", rows), "other", mapping_name="某省")
    assert again.people == 1
    with pytest.raises(RegisterUnusable):
        import_register(inspector, tmp_path / "b.csv", "other", mapping={"单位": "no_such_field"})


def test_only_inspectors_import(admin_session, tmp_path):
    from desktop.services.errors import NotAllowed

    with pytest.raises(NotAllowed):
        import_register(admin_session, write_xlsx(tmp_path / "l.xlsx", licence_rows()), "licence")


def test_nothing_of_a_register_is_in_plaintext_in_the_store_files(inspector, tmp_path, paths):
    rows = licence_rows()
    rows[1][2] = "独一无二的宾馆名称甲乙丙"
    import_register(inspector, write_csv(tmp_path / "l.csv", rows), "licence")
    needles = ["独一无二的宾馆名称甲乙丙".encode(), ZHANG_ID.encode(), "独一无二".encode("gb18030")]
    for path in paths.store_files():
        if path.exists() and path.is_file():
            data = path.read_bytes()
            assert not any(n in data for n in needles), path.name


def test_an_extract_with_headings_only_is_refused_with_one_sentence(inspector, tmp_path):
    with pytest.raises(RegisterUnusable) as refused:
        import_register(inspector, write_csv(tmp_path / "e.csv", enterprise_rows()[:1]), "enterprise")
    assert "no usable row" in str(refused.value)
    assert counts(inspector) == (0, 0, 0)


@pytest.mark.parametrize("parallel", [False, True])
def test_a_csv_cut_off_in_its_last_line_stores_nothing(inspector, tmp_path, parallel):
    """Before, the cut-off line was stored with its missing cells empty; now the file is refused, in the second
    process too (the error rebuilt from its class and fields), and nothing is kept."""
    path = cut_off(write_csv(tmp_path / "e.csv", enterprise_rows()), cells=11)
    with pytest.raises(UnreadableWorkbook) as refused:
        import_register(inspector, path, "enterprise", parallel=parallel)
    assert (refused.value.code, refused.value.fields["row"], refused.value.exit_code) == ("csv_cut_off", 4, 2)
    assert counts(inspector) == (0, 0, 0)
    assert audit_entries(inspector, "register_import") == []
    assert list_registers(inspector) == []
