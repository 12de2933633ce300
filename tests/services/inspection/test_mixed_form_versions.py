"""Issue 11, item 5: the inspectors import workbooks of form version 1 (last year's, and files made by older code)
and of form version 2 side by side; the review works on both, a rule that needs version 2 data says how many version
1 declarations it could not check, and the report shows both."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl

from desktop.domain.family import FamilyMember
from desktop.domain.interests import InterestRole
from desktop.domain.questions import Question
from desktop.exchange.workbook.reader import read_workbook
from desktop.i18n import Translator
from desktop.review.catalog import RULES_BY_ID
from desktop.services.inspection.report import write_report
from desktop.services.inspection.review import run_review
from desktop.services.inspection.workbook_import import import_workbook
from tests.conftest import INSPECTOR, DemoWorld
from tests.exchange.workbook.form2_workbook import (
    form2_content,
    golden_declaration,
    signed_entry,
    write_form2_workbook,
)

FIXTURE_1 = Path(__file__).parents[2] / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"


def form2_with_a_public_servant_spouse(target: Path) -> Path:
    declaration = golden_declaration()
    spouse: FamilyMember = dataclasses.replace(declaration.family_members[0], public_servant=True)
    declaration = declaration.with_changes(family_members=(spouse, *declaration.family_members[1:]))
    return write_form2_workbook(target, form2_content([signed_entry(declaration)]))


def summary(path: Path) -> dict[str, object]:
    sheet = openpyxl.load_workbook(path)["核查概况"]
    return {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}


def test_form_1_and_form_2_workbooks_are_reviewed_side_by_side(demo_world: DemoWorld, tmp_path: Path) -> None:
    inspector = demo_world.login(INSPECTOR)
    old = import_workbook(inspector, FIXTURE_1)  # format 1, form 1, made by the code at 9e47914
    new = import_workbook(inspector, form2_with_a_public_servant_spouse(tmp_path / "form2.xlsx"))
    assert old.declarations
    assert new.declarations == 1
    assert (new.invalid, new.workbook_valid) == (0, True)
    form2_campaign = read_workbook(tmp_path / "form2.xlsx").content.cover["campaign_id"]

    review = run_review(inspector, campaign_id=form2_campaign).review
    (row,) = review.data.declarations
    assert review.data.form_version(row.row_id) == 2
    rules = {f.rule for f in review.findings}
    assert "public_servant_relative_business" in rules
    # Rules written for version 1 work on the version 2 declaration too: the hotel in the officer's jurisdiction.
    assert rules & {"regulated_trade", "own_jurisdiction", "regulated_in_jurisdiction"}

    report = write_report(inspector, tmp_path / "report-2.xlsx", campaign_id=form2_campaign).path
    shown = summary(report)
    assert shown["其中登记表版本2(份)"][0] == 1
    assert "其中登记表版本1(份)" not in shown
    rule = RULES_BY_ID["public_servant_relative_business"].description_zh
    assert shown[rule][:2] == ("30 / 1", 0)  # fired once; nothing left unchecked

    older = read_workbook(FIXTURE_1).content.cover["campaign_id"]
    report_1 = write_report(inspector, tmp_path / "report-1.xlsx", campaign_id=older).path
    shown_1 = summary(report_1)
    declared_1 = shown_1["其中登记表版本1(份)"][0]
    assert declared_1
    assert declared_1 == shown_1["情况登记表(份)"][0]
    assert shown_1[rule][:2] == ("30 / 0", declared_1)  # not checked: form version 1


def test_a_nominee_among_a_form_2_holders_roles_fires_answers_contradict(demo_world: DemoWorld, tmp_path: Path) -> None:
    """Version 2 lists every role of a holder ("roles"), version 1 one ("role"): the review reads both. Before the
    digest read "roles", a nominee on a version 2 form went unseen while 'disguised involvement' was answered no."""
    declaration = golden_declaration()
    (interest,) = declaration.interests
    nominee = interest.with_changes(roles=(*interest.roles, InterestRole.NOMINEE))
    declaration = declaration.with_changes(interests=(nominee,))
    assert declaration.answers[Question.DISGUISED_INVOLVEMENT] is False
    path = write_form2_workbook(tmp_path / "form2.xlsx", form2_content([signed_entry(declaration)]))
    inspector = demo_world.login(INSPECTOR)
    assert import_workbook(inspector, path).invalid == 0

    review = run_review(inspector, campaign_id=read_workbook(path).content.cover["campaign_id"]).review
    contradictions = [f for f in review.findings if f.rule == "answers_contradict"]
    assert len(contradictions) == 1
    assert "nominee" in contradictions[0].render(Translator("en"))


def test_a_store_whose_form_2_digests_were_made_before_roles_were_read_reviews_the_nominee_after_upgrading(
    demo_world: DemoWorld, tmp_path: Path
) -> None:
    """Digests are made once per imported declaration and kept. Those that code before decision 95 made of a version 2
    declaration hold no roles (it read version 1's "role" only), so a store that imported version 2 workbooks then
    kept missing nominees after the fix. Schema version 11 drops the digests of later form versions, and the next
    review makes them again from the signed content."""
    from sqlalchemy import update

    from desktop.review.digest import FIELD, INTEREST_FIELDS, RECORD
    from desktop.store import schema
    from desktop.store.migrations import latest_version

    declaration = golden_declaration()
    (interest,) = declaration.interests
    nominee = interest.with_changes(roles=(*interest.roles, InterestRole.NOMINEE))
    entry = signed_entry(declaration.with_changes(interests=(nominee,)))
    path = write_form2_workbook(tmp_path / "form2.xlsx", form2_content([entry]))
    inspector = demo_world.login(INSPECTOR)
    assert import_workbook(inspector, path).invalid == 0
    campaign_id = read_workbook(path).content.cover["campaign_id"]
    assert run_review(inspector, campaign_id=campaign_id).review.findings

    # The store as the earlier code left it: schema version 10, version 2 digests without their roles, and a run
    # recorded by the rules as they were (RULES_VERSION 4, in its data signature: not to be reused).
    digests = schema.review_digests
    role = INTEREST_FIELDS.index("role")
    with inspector.store.transaction() as connection:
        rows = connection.execute(digests.select().where(digests.c.form_version == 2)).mappings().all()
        assert any(row["interests"] for row in rows)
        for row in rows:
            records = [record.split(FIELD) for record in row["interests"].split(RECORD)] if row["interests"] else []
            for record in records:
                record[role] = ""
            emptied = RECORD.join(FIELD.join(record) for record in records)
            connection.execute(
                update(digests).where(digests.c.declaration_row == row["declaration_row"]).values(interests=emptied)
            )
        connection.execute(update(schema.review_runs).values(data_signature="0" * 64))
        connection.execute(update(schema.meta).where(schema.meta.c.key == "schema_version").values(value="10"))
    demo_world.close()

    upgraded = demo_world.login(INSPECTOR)
    with upgraded.store.transaction() as connection:
        query = schema.meta.select().where(schema.meta.c.key == "schema_version")
        version = connection.execute(query).mappings().one()["value"]
    assert int(version) == latest_version() >= 11
    review = run_review(upgraded, campaign_id=campaign_id).review
    contradictions = [f for f in review.findings if f.rule == "answers_contradict"]
    assert len(contradictions) == 1
    assert "nominee" in contradictions[0].render(Translator("en"))
