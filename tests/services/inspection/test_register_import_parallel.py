"""Register import with the extract parsed in a second process while this one stores the rows: the same rows as
reading in one process, atomic (a bad row, an unreadable file or a cancellation leaves nothing), the encoding found
there, and the reading process gone afterwards."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import select

from desktop.domain.roles import Role
from desktop.exchange.registers import parallel
from desktop.exchange.registers.columns import RegisterKind
from desktop.exchange.registers.parallel import ExtractRows
from desktop.exchange.xlsx.errors import UnreadableWorkbook, UnsafeWorkbook
from desktop.services.inspection.registers import InvalidRegister, import_register, remove_register
from desktop.services.session.login import log_in
from desktop.store import schema
from tests.conftest import USER_PASSWORD
from tests.domain.builders import id_number
from tests.exchange.registers.support import ENTERPRISE_HEADINGS, enterprise_rows, write_csv, write_xlsx
from tests.services.inspection.test_register_import import audit_entries, counts


@pytest.fixture
def inspector(admin_session, add_user, paths, clock, throttle):
    add_user("jijian", {Role.INSPECTOR})
    session = log_in(paths, "jijian", USER_PASSWORD, clock=clock, throttle=throttle)
    yield session
    session.lock()


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(parallel, "BATCH_ROWS", 7)  # several batches through the queue, and a full queue


def readers() -> list[multiprocessing.Process]:
    """The register-reading processes still running (other tests' process pools may be about)."""
    return [p for p in multiprocessing.active_children() if p.name == "register-reader"]


def many_rows(count: int = 40) -> list[list[str]]:
    """An enterprise extract of ``count`` rows: enterprises of one to three people each."""
    rows = [ENTERPRISE_HEADINGS]
    for n in range(count):
        firm = n // 3
        person = id_number("220402", f"19{60 + n % 40:02d}0{1 + n % 9}1{n % 9}", f"{n % 1000:03d}")
        rows.append(
            [f"清河市第{firm}号商贸有限公司", "", "有限责任公司", "存续" if firm % 4 else "注销", "2015-03-01",
             f"清河市{firm}号", "日用百货零售", "100", "", "", f"李{n}", person, "股东", "", "30", ""]
        )  # fmt: skip
    return rows


def stored(session) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    e, p = schema.register_enterprises, schema.register_people
    with session.store.transaction() as connection:
        enterprises = connection.execute(select(*[c for c in e.c if c.name != "extract_id"]).order_by(e.c.number))
        people = connection.execute(select(*[c for c in p.c if c.name != "extract_id"]).order_by(p.c.number))
        return [tuple(r) for r in enterprises], [tuple(r) for r in people]


def test_the_second_process_stores_the_same_rows_as_reading_here(inspector, tmp_path):
    path = write_csv(tmp_path / "e.csv", many_rows())
    here = import_register(inspector, path, "enterprise", parallel=False)
    rows_here = stored(inspector)
    remove_register(inspector, here.id)
    there = import_register(inspector, path, "enterprise", parallel=True)
    assert stored(inspector) == rows_here
    assert (there.rows, there.enterprises, there.people, there.encoding) == (40, 14, 40, "UTF-8")
    [_removed, entry] = audit_entries(inspector, "register_import")
    assert (entry["subject"], entry["rows"], entry["people"]) == (there.id, 40, 40)
    assert readers() == []


@pytest.mark.parametrize("parallel", [True, False])
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_progress_counts_the_rows_and_the_part_of_the_file_read(inspector, tmp_path, parallel, form):
    seen: list[tuple[int, float]] = []
    write = write_csv if form == "csv" else write_xlsx
    path = write(tmp_path / f"e.{form}", many_rows())  # type: ignore[operator]
    import_register(inspector, path, "enterprise", parallel=parallel, progress=lambda *p: seen.append(p))
    assert seen == sorted(seen)
    assert len(seen) >= 5
    assert seen[-1] == (40, 1.0)
    assert all(0 <= done <= 1 for _rows, done in seen)


def test_a_bad_row_late_in_the_file_imports_nothing_and_is_located(inspector, tmp_path):
    rows = many_rows()
    rows[35][11] = "12345"
    with pytest.raises(InvalidRegister) as refused:
        import_register(inspector, write_csv(tmp_path / "e.csv", rows, "gbk"), "enterprise", parallel=True)
    assert [(p.row, p.column, p.cell) for p in refused.value.problems] == [(36, "证件号码", "L36")]
    assert "12345" not in str(refused.value)
    assert counts(inspector) == (0, 0, 0)
    assert audit_entries(inspector, "register_import") == []
    assert readers() == []


def test_the_encoding_is_found_in_the_second_process(inspector, tmp_path):
    rows = many_rows()
    rows[1][0] = "清河市䶮字号商贸有限公司"  # a character GBK lacks: GB18030
    extract = import_register(inspector, write_csv(tmp_path / "e.csv", rows, "gb18030"), "enterprise", parallel=True)
    assert extract.encoding == "GB18030"


def test_a_cancelled_import_stores_nothing_and_stops_the_reading_process(inspector, tmp_path):
    class Stop(Exception):
        pass

    def cancel(rows: int, done: float) -> None:
        raise Stop

    with pytest.raises(Stop):
        import_register(inspector, write_csv(tmp_path / "e.csv", many_rows()), "enterprise", parallel=True,
                        progress=cancel)  # fmt: skip
    assert counts(inspector) == (0, 0, 0)
    assert audit_entries(inspector, "register_import") == []
    assert readers() == []


def test_a_file_the_second_process_cannot_read_raises_its_typed_error(inspector, tmp_path):
    utf16 = tmp_path / "e.csv"
    utf16.write_bytes("企业名称,人员姓名\r\n某公司,张三\r\n".encode("utf-16"))
    with pytest.raises(UnreadableWorkbook) as unreadable:
        import_register(inspector, utf16, "enterprise", parallel=True)
    assert unreadable.value.code in {"encoding", "not_text"}
    macro = tmp_path / "e.xlsm"
    write_xlsx(tmp_path / "x.xlsx", enterprise_rows()).rename(macro)
    with pytest.raises(UnsafeWorkbook):
        import_register(inspector, macro, "enterprise", parallel=True)
    assert counts(inspector) == (0, 0, 0)
    assert readers() == []


def test_large_files_are_read_in_a_second_process(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "e.csv", many_rows())
    assert not ExtractRows(path, RegisterKind.ENTERPRISE, {}).parallel
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", path.stat().st_size)
    assert ExtractRows(path, RegisterKind.ENTERPRISE, {}).parallel


def test_nothing_of_the_register_reaches_a_file_when_read_in_a_second_process(inspector, tmp_path, paths, monkeypatch):
    import tempfile

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", None)  # both processes take TMPDIR afresh
    rows = many_rows()
    rows[5][0] = "独一无二的商贸公司名称甲乙丙"
    import_register(inspector, write_csv(tmp_path / "e.csv", rows), "enterprise", parallel=True)
    needles = ["独一无二的商贸公司名称甲乙丙".encode(), rows[5][11].encode()]
    written = [p for p in temporary.rglob("*") if p.is_file()]
    written += [p for p in paths.store_files() if p.exists() and p.is_file()]
    for path in written:
        data = path.read_bytes()
        assert not any(n in data for n in needles), path.name


def test_a_reading_process_that_dies_is_one_sentence_and_nothing_more(tmp_path):
    import os
    import signal

    from desktop.exchange.registers.parallel import RegisterReadFailed

    path = write_csv(tmp_path / "e.csv", many_rows(400))
    with ExtractRows(path, RegisterKind.ENTERPRISE, {}, parallel=True) as rows:
        rows.open()
        assert rows._process is not None
        os.kill(rows._process.pid, signal.SIGKILL)  # as the system's out-of-memory killer would
        with pytest.raises(RegisterReadFailed) as failed:
            for _batch in rows.batches():
                pass
    assert "e.csv" in str(failed.value)
    assert readers() == []


def test_skipping_bad_rows_in_the_second_process_keeps_the_others_and_counts_them(inspector, tmp_path):
    rows = many_rows()
    rows[10][11] = "12345"
    rows[30][11] = "abc"
    extract = import_register(inspector, write_csv(tmp_path / "e.csv", rows), "enterprise", parallel=True,
                              skip_bad_rows=True)  # fmt: skip
    assert (extract.rows, extract.skipped, extract.people) == (40, 2, 38)
    assert counts(inspector)[2] == 38
    [entry] = audit_entries(inspector, "register_import")
    assert entry["skipped"] == 2
