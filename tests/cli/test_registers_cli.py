"""registers import / list / remove / fields on the command line, on a PostgreSQL server (--database-url) when
POSTGRES_URL is set: one clear sentence and exit code 2 for an unusable file, nothing changed."""

from __future__ import annotations

import re

import pytest

from tests.cli.support import run
from tests.cli.test_review_cli import server_url  # noqa: F401  # a fixture: a fresh schema on the server
from tests.exchange.registers.support import enterprise_rows, licence_rows, write_csv, write_xlsx

SERVER = ["--lang", "en"]  # the actor on the server is the database role the test connects as


def test_fields_lists_every_field_with_its_chinese_heading():
    result = run(["--lang", "en", "registers", "fields"])
    assert result.code == 0
    assert "person_id" in result.out
    assert "证件号码" in result.out


@pytest.mark.usefixtures("server_url")
def test_import_list_and_remove_on_the_server(tmp_path, server_url):  # noqa: F811
    url = ["--database-url", server_url]
    path = write_csv(tmp_path / "enterprises.csv", enterprise_rows(), "gb18030")
    imported = run([*SERVER, "registers", "import", str(path), "--kind", "enterprise", "--label", "市场监管", *url])
    assert imported.code == 0, imported.err
    assert "3 rows, 2 enterprises, 4 people" in imported.out
    assert "(GBK)" in imported.out
    licences = run(
        [
            *SERVER,
            "registers",
            "import",
            str(write_xlsx(tmp_path / "l.xlsx", licence_rows())),
            "--kind",
            "licence",
            *url,
        ]
    )
    assert licences.code == 0, licences.err
    listed = run([*SERVER, "registers", "list", *url])
    assert listed.code == 0
    assert "enterprises.csv" in listed.out
    assert "l.xlsx" in listed.out
    # when, as the window shows it (local, to the minute), not the stored ISO UTC (decision 114)
    assert re.search(r"imported \d{4}-\d\d-\d\d \d\d:\d\d by ", listed.out), listed.out
    assert not re.search(r"T\d\d:\d\d:\d\dZ", listed.out)
    extract_id = imported.out.split("Id ")[1].split(",")[0]
    removed = run([*SERVER, "registers", "remove", extract_id, *url])
    assert removed.code == 0, removed.err
    assert "enterprises.csv" not in run([*SERVER, "registers", "list", *url]).out


@pytest.mark.usefixtures("server_url")
def test_a_bad_row_is_named_and_nothing_is_imported(tmp_path, server_url):  # noqa: F811
    rows = enterprise_rows()
    rows[2][11] = "abc"
    path = write_csv(tmp_path / "bad.csv", rows)
    result = run([*SERVER, "registers", "import", str(path), "--kind", "enterprise", "--database-url", server_url])
    assert result.code == 2
    assert "Traceback" not in result.err
    assert "row 3, 证件号码 (L3)" in result.err
    assert "No register has been imported" in run([*SERVER, "registers", "list", "--database-url", server_url]).out


@pytest.mark.usefixtures("server_url")
def test_a_large_extract_is_parsed_beside_the_import_on_the_server(tmp_path, server_url):  # noqa: F811
    from desktop.exchange.registers.parallel import PARALLEL_FROM_BYTES
    from tests.services.inspection.test_register_import_parallel import many_rows

    rows = many_rows(36_000)
    rows[35_990][11] = "abc"  # a bad ID number near the end: nothing of the rows before it may stay
    path = write_csv(tmp_path / "large.csv", rows)
    assert path.stat().st_size >= PARALLEL_FROM_BYTES  # read in a second process
    url = ["--database-url", server_url]
    refused = run([*SERVER, "registers", "import", str(path), "--kind", "enterprise", *url])
    assert refused.code == 2
    assert "row 35991, 证件号码 (L35991)" in refused.err
    assert "No register has been imported" in run([*SERVER, "registers", "list", *url]).out
    rows[35_990][11] = ""
    imported = run([*SERVER, "registers", "import", str(write_csv(path, rows)), "--kind", "enterprise", *url])
    assert imported.code == 0, imported.err
    assert "36000 rows, 12000 enterprises, 36000 people" in imported.out


@pytest.mark.usefixtures("server_url")
def test_a_csv_cut_off_in_its_last_line_is_refused_in_one_sentence(tmp_path, server_url):  # noqa: F811
    from tests.exchange.registers.test_register_reader import cut_off

    path = cut_off(write_csv(tmp_path / "cut.csv", enterprise_rows()), cells=11)
    url = ["--database-url", server_url]
    refused = run([*SERVER, "registers", "import", str(path), "--kind", "enterprise", *url])
    assert refused.code == 2  # as every damaged extract
    assert "Traceback" not in refused.err
    assert "The file cut.csv ends in the middle of line 4:" in refused.err
    assert refused.err.strip().count("\n") == 0, refused.err  # one sentence, one line
    assert "No register has been imported" in run([*SERVER, "registers", "list", *url]).out
