"""Decision 252: a declaration signed before forms 1 and 2 limited their rows (200 business interests, decision 234;
50 family members, decision 222) and listing more is named by the export, which then writes nothing: its unit's
workbook would be refused whole at the inspectors. Such declarations are signed here as the code before those
decisions signed them (the forms without their limits, nothing else changed), then exported with the limits back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.i18n import Translator
from desktop.services.workflow import countersigning
from desktop.services.workflow.export import export_own, export_unit
from desktop.services.workflow.export_limits import PastTheFormsLimits
from desktop.store.repositories.officers import get_officer
from tests.cli.support import run
from tests.conftest import DEMO_STORE_PASSWORD
from tests.services.workflow.limits_support import sign_with, without_the_limits

OFFICER, HEAD = "000006", "000005"
EARLIER = Path(__file__).resolve().parents[2] / "fixtures" / "made_by_9e47914"


@pytest.fixture
def before_the_limits(monkeypatch: pytest.MonkeyPatch):
    """Forms 1 and 2 without their limits; call the result to put them back."""
    return without_the_limits(monkeypatch)


def _sign(session, interests: int, members: int = 2):
    return sign_with(session, DEMO_STORE_PASSWORD, interests, members)


def _countersigned(world, interests: int, members: int = 2):
    _sign(world.login(OFFICER), interests, members)
    countersigning.countersign(world.login(HEAD), OFFICER, "属实", DEMO_STORE_PASSWORD)


def _name(world) -> str:
    session = world.login(HEAD)
    with session.store.transaction() as connection:
        officer = get_officer(connection, OFFICER)
    assert officer is not None
    return officer.name


def test_a_declaration_signed_before_the_limit_of_interests_is_named_and_nothing_is_written(
    demo_world, before_the_limits, tmp_path: Path
):
    _countersigned(demo_world, 201)
    before_the_limits()  # the limits back: this program
    out = tmp_path / "unit.xlsx"
    with pytest.raises(PastTheFormsLimits) as raised:
        export_unit(demo_world.login(HEAD), out)
    assert not out.exists()
    [(_id, police_number, name, interests, members)] = raised.value.found
    assert (police_number, name, interests, members) == (OFFICER, _name(demo_world), 201, 2)
    english = raised.value.render(Translator("en"))
    assert english == (
        "Nothing was exported: the inspectors' program refuses a file that holds a declaration listing more than 200 "
        "business interests or more than 50 family members. Countersigned declarations that do, signed before the "
        f"form limited them: 1 ({OFFICER} {_name(demo_world)}). Ask each of these officers to amend the declaration "
        "to at most 200 business interests and 50 family members and sign it again; once you countersign it, export."
    )
    chinese = raised.value.render(Translator("zh_CN"))
    assert chinese == (
        "未导出：纪检组的程序会拒收含有经商办企业情况超过200项或家庭成员超过50人的登记表的文件。在登记表设置上限之前"
        f"签字、已签字背书且超过上限的登记表：1 份（{OFFICER} {_name(demo_world)}）。请这些民警通过更正申报将登记表"
        "改为经商办企业情况不超过200项、家庭成员不超过50人并重新签字；你签字背书后再导出。"
    )


def test_a_declaration_signed_before_the_limit_of_family_members_is_named(
    demo_world, before_the_limits, tmp_path: Path
):
    _countersigned(demo_world, 1, members=51)
    before_the_limits()
    with pytest.raises(PastTheFormsLimits) as raised:
        export_unit(demo_world.login(HEAD), tmp_path / "unit.xlsx")
    assert [(p, i, m) for _id, p, _n, i, m in raised.value.found] == [(OFFICER, 1, 51)]


def test_the_officers_own_export_is_refused_in_words_of_its_own(demo_world, before_the_limits, tmp_path: Path):
    _sign(demo_world.login(OFFICER), 201)
    before_the_limits()
    with pytest.raises(PastTheFormsLimits) as raised:
        export_own(demo_world.login(OFFICER), tmp_path / "own.xlsx")
    assert raised.value.render(Translator("en")).startswith("Nothing was exported: your declaration, signed before")
    assert not (tmp_path / "own.xlsx").exists()


def test_declarations_at_the_limits_are_exported_and_verify(demo_world, tmp_path: Path):
    _countersigned(demo_world, 200, members=50)
    summary = export_unit(demo_world.login(HEAD), tmp_path / "unit.xlsx")
    verdict = verify_workbook(read_workbook(summary.path))
    assert verdict.valid, [p.code for p in verdict.problems]


def test_a_store_made_by_earlier_code_still_exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The store of commit 9e47914 (form 1, before any limit; every declaration a handful of interests)."""
    folder = tmp_path / "store"
    shutil.copytree(EARLIER / "store", folder)  # never opened in place
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", "demo-pass-2026")
    out = tmp_path / "unit.xlsx"
    exported = run(
        ["--lang", "en", "--data-dir", str(folder), "--user", "admin", "export", "--unit", "1311", "--out", str(out)]
    )
    assert exported.code == 0, exported.err
    assert "Exported 26 declarations (17 interests)" in exported.out
