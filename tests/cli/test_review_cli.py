"""The inspectors' commands on a demo store made by `demo` (which plays the inspectors' part): findings (text and
--json), conclude, leads, report, threshold, keys; exit codes 0/1/2; and the same on a PostgreSQL server with
--database-url when POSTGRES_URL is set."""

from __future__ import annotations

import io
import os
import uuid
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from desktop.exchange.xlsx.encryption import open_workbook_bytes
from desktop.review.catalog import RULES
from tests.cli.support import DEMO_PASSWORD, assert_one_clear_line, copy_store, lines, make_demo, run

FILE_PASSWORD = "File-pass-2931"


@pytest.fixture(scope="module")
def reviewed_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory, 40, 2026)


@pytest.fixture
def store(reviewed_master: Path, tmp_path: Path) -> Path:
    return copy_store(reviewed_master, tmp_path)


def inspect(store: Path, *command: str) -> object:
    return run(
        ["--lang", "en", "--data-dir", str(store), "--user", "jijian01", *command, "--password-stdin"],
        lines(DEMO_PASSWORD),
    )


def test_findings_lists_every_rule_and_exits_1_while_declarations_need_an_inspector(store):
    result = inspect(store, "findings")
    assert result.code == 1, result.err
    for rule in RULES:
        if rule.needs_form_version == 1:  # the demo is on form version 1
            assert f" {rule.id} " in result.out, rule.id
    assert "need an inspector" in result.out
    flagged = [line for line in result.out.splitlines() if line.startswith("! ")]
    assert flagged
    assert all(int(line.split()[1]) >= 20 for line in flagged)


def test_findings_json_has_rule_declaration_officer_unit_and_score_for_each_finding(store):
    result = inspect(store, "findings", "--json")
    assert result.code == 1
    document = result.json()
    assert document["threshold"] == 20
    assert document["summary"]["findings"] == len(document["findings"])
    # This year's demo campaign is on form version 2: the rules that need version 2 data fire too.
    assert {f["rule"] for f in document["findings"]} == {rule.id for rule in RULES}
    for finding in document["findings"]:
        assert {"rule", "declaration", "officer", "unit", "score", "weight", "reason", "cleared"} <= set(finding)
        assert isinstance(finding["score"], int)
    missing = [f for f in document["findings"] if f["rule"] == "missing_declaration"]
    assert all(f["declaration"] is None for f in missing)


def test_findings_filters_by_rule_unit_and_least_score(store):
    by_rule = inspect(store, "findings", "--rule", "key_person", "--json").json()["findings"]
    assert by_rule
    assert {f["rule"] for f in by_rule} == {"key_person"}
    unit = by_rule[0]["unit"]
    assert {f["unit"] for f in inspect(store, "findings", "--unit", unit, "--json").json()["findings"]} == {unit}
    high = inspect(store, "findings", "--min-score", "90", "--json").json()["findings"]
    assert all(f["score"] >= 90 for f in high)
    nothing = inspect(store, "findings", "--min-score", "101")
    assert nothing.code == 0
    assert "0 findings listed" in nothing.out


def test_an_unknown_rule_exits_2_with_one_clear_line(store):
    result = inspect(store, "findings", "--rule", "no_such_rule")
    assert result.code == 2
    assert "no_such_rule" in assert_one_clear_line(result.err)


def test_conclude_records_a_lead_that_leads_list_and_update_follow(store):
    finding = next(f for f in inspect(store, "findings", "--json").json()["findings"] if f["rule"] == "regulated_trade")
    done = inspect(store, "conclude", finding["declaration"][:10], "--as", "lead", "--note", "移交线索")
    assert done.code == 0, done.err
    assert "Opened lead number 1" in done.out
    leads = inspect(store, "leads", "list", "--json")
    assert [(le["id"], le["state"], le["police_number"]) for le in leads.json()] == [(1, "open", finding["officer"])]
    assert inspect(store, "leads", "update", "1", "--state", "closed", "--note", "已办结").code == 0
    assert inspect(store, "leads", "list", "--json").json()[0]["state"] == "closed"
    again = inspect(store, "findings", "--json").json()["findings"]
    assert {f["conclusion"] for f in again if f["declaration"] == finding["declaration"]} == {"lead"}


def test_conclude_refuses_an_unknown_declaration_and_an_unknown_kind_with_exit_2(store):
    unknown = inspect(store, "conclude", "ffffffffff", "--as", "truthful", "--note", "x")
    assert unknown.code == 2
    assert "ffffffffff" in assert_one_clear_line(unknown.err)
    assert inspect(store, "conclude", "000002", "--as", "innocent", "--note", "x").code == 2


def test_report_writes_the_workbook(store, tmp_path):
    out = tmp_path / "核查报告.xlsx"
    result = inspect(store, "report", "--out", str(out))
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(out, read_only=True)
    assert "单位统计" in book.sheetnames
    book.close()


def test_report_encrypt_with_password_stdin_reads_the_login_password_first_then_the_file_password(store, tmp_path):
    out = tmp_path / "report.xlsx"

    result = run(
        [
            "--lang",
            "en",
            "--data-dir",
            str(store),
            "--user",
            "jijian01",
            "--password-stdin",
            "report",
            "--out",
            str(out),
            "--encrypt",
        ],
        lines(DEMO_PASSWORD, FILE_PASSWORD),
    )

    assert result.code == 0, result.err
    assert "单位统计" in openpyxl.load_workbook(io.BytesIO(open_workbook_bytes(out, FILE_PASSWORD))).sheetnames


def test_the_threshold_is_shown_set_and_used(store):
    assert "below 20" in inspect(store, "threshold").out
    assert inspect(store, "threshold", "45").code == 0
    assert inspect(store, "findings", "--json").json()["threshold"] == 45
    assert inspect(store, "threshold", "150").code == 2


def test_keys_list_warns_of_the_changed_key_and_trusting_it_needs_new_key(store):
    listed = inspect(store, "keys", "list", "--json").json()
    (waiting,) = [k for k in listed if not k["trusted"] and k["other_keys"]]
    assert "WARNING" in inspect(store, "keys", "list").out
    refused = inspect(store, "keys", "trust", waiting["fingerprint"])
    assert refused.code == 1
    assert "DIFFERENT" in assert_one_clear_line(refused.err)
    accepted = inspect(store, "keys", "trust", waiting["fingerprint"], "--new-key", "--note", "当面核对")
    assert accepted.code == 0, accepted.err
    rules = {f["rule"] for f in inspect(store, "findings", "--json").json()["findings"]}
    assert not rules & {"key_changed", "key_untrusted"}
    assert inspect(store, "keys", "untrust", waiting["fingerprint"]).code == 0
    assert inspect(store, "keys", "trust", "not-a-fingerprint").code == 2


def test_a_small_demo_skips_the_inspectors_part(tmp_path, monkeypatch):
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", DEMO_PASSWORD)
    folder = tmp_path / "small"
    made = run(["--lang", "en", "--data-dir", str(folder), "demo", "--officers", "5"])
    assert made.code == 0, made.err
    assert "inspectors have imported" not in made.out
    assert inspect(folder, "findings").code == 2  # nothing imported: a clear message
    assert "No declaration workbook has been imported" in inspect(folder, "findings").err


@pytest.fixture
def server_url() -> str:
    url = os.environ.get("POSTGRES_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("POSTGRES_URL is not set: CI must start PostgreSQL (see .ci/run) and set it")
        pytest.skip("POSTGRES_URL is not set")
    name = f"cli_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield (
            make_url(url).update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


def test_import_findings_conclude_and_report_on_a_postgresql_server(store, tmp_path, server_url):
    workbook = tmp_path / "all.xlsx"
    exported = inspect(store, "export", "--unit", "1311", "--out", str(workbook))
    assert exported.code == 0, exported.err
    # The owner sets the server up and adds the inspector's role; the inspector then logs in as that role.
    assert run(["--lang", "en", "server", "setup", "--database-url", server_url]).code == 0
    assert run(["--lang", "en", "server", "add-inspector", "jijian01", "--database-url", server_url]).code == 0
    server_url = make_url(server_url).set(username="jijian01").render_as_string(hide_password=False)
    server = ["--lang", "en", "--user", "jijian01"]
    imported = run([*server, "import", str(workbook), "--database-url", server_url])
    # The demo's altered and self-countersigned declarations do not verify: exit 1, everything stored.
    assert imported.code == 1, imported.err
    assert "imported" in imported.out
    assert "2 do not" in imported.out
    findings = run([*server, "findings", "--json", "--database-url", server_url])
    assert findings.code == 1, findings.err
    document = findings.json()
    assert document["summary"]["untrusted_head_keys"] > 0
    assert "key_untrusted" in {f["rule"] for f in document["findings"]}
    key = run([*server, "keys", "list", "--json", "--database-url", server_url]).json()[0]
    assert run([*server, "keys", "trust", key["fingerprint"], "--database-url", server_url]).code == 0
    declaration = next(f["declaration"] for f in document["findings"] if f["declaration"])
    done = run(
        [*server, "conclude", declaration, "--as", "truthful", "--note", "核实无误", "--database-url", server_url]
    )
    assert done.code == 0, done.err
    assert "jijian01" in done.out
    out = tmp_path / "server-report.xlsx"
    assert run([*server, "report", "--out", str(out), "--database-url", server_url]).code == 0
    assert out.exists()


def test_an_unreachable_server_is_a_clear_error_with_exit_2(tmp_path):
    result = run(["--lang", "en", "findings", "--database-url", "postgresql+psycopg://nobody@127.0.0.1:9/none"])
    assert result.code == 2
    line = assert_one_clear_line(result.err)
    assert "Cannot use the database" in line


def test_an_import_lists_the_heads_keys_waiting_for_confirmation_with_the_warning_first(store, tmp_path):
    workbook = tmp_path / "again.xlsx"
    assert inspect(store, "export", "--unit", "1311", "--out", str(workbook)).code == 0
    imported = inspect(store, "import", str(workbook))
    assert "imported" in imported.out
    assert "Confirm these keys with their heads" in imported.err  # a request, beside the import's own report
    waiting = [k for k in inspect(store, "keys", "list", "--json").json() if not k["trusted"]]
    assert waiting
    assert waiting[0]["fingerprint"] in imported.err
    assert "WARNING: the same head has another key" in imported.err
