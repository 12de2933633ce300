"""The command line on form version 2: `campaign create --form-version`, `campaign list` naming it, `declare --from`
with version 2's fields (political status and mobile kept from the file, the rest of the officer from the roster),
`sign`, `check`; an unknown version is one clear line and nothing is created."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop.services.clock import FixedClock
from tests.cli.support import assert_one_clear_line, run
from tests.conftest import DEMO_STORE_PASSWORD, DemoWorld
from tests.domain.builders import id_number

OFFICER, ADMIN = "000007", "admin"  # an officer of the demo store who has not started
SPOUSE_ID = id_number("110105", "19800101", "002")
QUESTIONS = (
    "own_business",
    "shareholding",
    "paid_part_time",
    "disguised_involvement",
    "relatives_business",
    "specific_related_business",
)


@pytest.fixture
def cli(demo_world: DemoWorld, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", DEMO_STORE_PASSWORD)

    def call(user: str, *argv: str):
        prefix = ["--lang", "en", "--data-dir", str(demo_world.paths.folder), "--user", user]
        return run([*prefix, *argv], clock=FixedClock(demo_world.clock.current))

    return call


def _version_2_file(folder: Path) -> Path:
    content = {
        "officer": {"political_status": "cpc_member", "mobile": "13904371234"},
        "answers": {
            "own_business": False,
            "shareholding": False,
            "paid_part_time": False,
            "disguised_involvement": False,
            "relatives_business": True,
            "specific_related_business": False,
        },
        "family_members": [
            {
                "member_id": "F1",
                "relation": "spouse",
                "name": "李梅",
                "id_number": SPOUSE_ID,
                "work_unit": "清河市宏达旅馆",
                "position": "经营者",
                "public_servant": False,
            }
        ],
        "interests": [
            {
                "question": "relatives_business",
                "relation": "spouse",
                "holder_member_id": "F1",
                "enterprise_name": "清河市宏达旅馆",
                "trade_code": "hotel",
                "roles": ["investor", "legal_representative"],
                "registered_address": "清河市建设路1号",
                "business_scope": "住宿服务",
                "registered_capital_wan": "50",
                "registration_authority": "清河市市场监督管理局",
                "capital_wan": "20",
                "start_date": "2018-05-01",
                "status": "operating",
                "within_jurisdiction": True,
                "rectification": "2027年3月底前转让并办理变更登记。",
            }
        ],
        # The officer confirms what the program asks: the prohibited business (decision 71) and each section carried
        # over from the demo's earlier declaration (decision 70); confirming one that is not raised changes nothing.
        "acknowledged_warnings": [
            "interests[0].within_jurisdiction:involvement.regulated_in_jurisdiction",
            *(f"answers.{q}:carried_over" for q in QUESTIONS),
            "family_members:carried_over",
            "officer.personal_details:carried_over",
        ],
        "remarks": "",
    }
    path = folder / "v2.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_version_2_campaign_through_the_command_line(cli, tmp_path: Path) -> None:
    made = cli(
        ADMIN, "campaign", "create", "--name", "2027年度专项登记", "--deadline", "2027-01-31", "--form-version", "2"
    )
    assert made.code == 0, made.err
    campaign_id = re.search(r"\(([0-9a-f]{32})\)", made.out).group(1)  # type: ignore[union-attr]
    listed = cli(ADMIN, "campaign", "list")
    assert f"{campaign_id}  " in listed.out
    assert any(campaign_id in line and "(form version 2)" in line for line in listed.out.splitlines())

    declared = cli(OFFICER, "declare", "--from", str(_version_2_file(tmp_path)), "--campaign", campaign_id)
    assert declared.code == 0, declared.out + declared.err
    signed = cli(OFFICER, "sign", "--campaign", campaign_id)
    assert signed.code == 0, signed.out + signed.err
    checked = cli(OFFICER, "check", OFFICER, "--campaign", campaign_id)
    assert checked.code == 0, checked.out + checked.err


def test_a_version_2_file_missing_political_status_says_so(cli, tmp_path: Path) -> None:
    made = cli(
        ADMIN, "campaign", "create", "--name", "2027年度专项登记", "--deadline", "2027-01-31", "--form-version", "2"
    )
    campaign_id = re.search(r"\(([0-9a-f]{32})\)", made.out).group(1)  # type: ignore[union-attr]
    path = _version_2_file(tmp_path)
    content = json.loads(path.read_text(encoding="utf-8"))
    del content["officer"]
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    declared = cli(OFFICER, "declare", "--from", str(path), "--campaign", campaign_id)
    assert declared.code == 1
    assert "officer.political_status: Choose the political status." in declared.out


def test_an_unknown_form_version_is_one_clear_line_and_creates_nothing(cli) -> None:
    before = cli(ADMIN, "campaign", "list").out
    made = cli(ADMIN, "campaign", "create", "--name", "x", "--deadline", "2027-01-31", "--form-version", "7")
    assert made.code != 0
    assert "There is no form version 7; the versions are 1, 2." in assert_one_clear_line(made.err)
    assert cli(ADMIN, "campaign", "list").out == before
