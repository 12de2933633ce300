"""A throw-away form version 3, defined here only: version 2 with one extra question in one place (its entry in
``questions``). Nothing else in the program is told about it, yet it goes through draft, validation, signing,
countersigning, export (workbook format 2, by the form's columns), verification of the workbook, import into the
inspectors' store and a review rule, while the version 1 and 2 golden declarations keep their bytes and the golden
signature still verifies (issue 11, "what it must show").
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from desktop.crypto.payloads import content_bytes, officer_payload_for
from desktop.domain.declarations import DeclarationStatus
from desktop.domain.roles import Role
from desktop.domain.trades import default_catalog
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.form import ANSWER_PREFIX, FormQuestion, FormVersion, form_for, registered
from desktop.form.validation import validate_declaration
from desktop.review.digest import answers_code, answers_of, questions_of, store_digests
from desktop.review.engine import evaluate
from desktop.review.loading import load_review_data
from desktop.services.administration.campaigns import create_campaign
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.workflow.countersigning import countersign
from desktop.services.workflow.declaring import save_draft, sign
from desktop.services.workflow.export import export_unit
from desktop.services.workflow.verification import verify
from desktop.store import schema
from tests.conftest import USER_PASSWORD
from tests.crypto.test_canonical import (
    test_the_officer_payload_and_signature_match_the_golden_file as _golden_signature_verifies,
)
from tests.form.builders import TODAY, v2_declaration
from tests.form.test_form_versions import _golden
from tests.review.builders import declaration as imported
from tests.review.builders import fired, review
from tests.services.workflow.support import DEADLINE, PEOPLE, World, build_world, full_declaration

EXTRA = "reported_to_unit"

#: Version 3 = version 2 + one question, in one place.
V3: FormVersion = dataclasses.replace(
    form_for(2),
    number=3,
    questions=(
        *form_for(2).questions,
        FormQuestion(EXTRA, "Have you reported these interests to your unit before?", "是否已向本单位报告", "已报告"),
    ),
)
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def v3() -> Iterator[FormVersion]:
    with registered(V3) as form:
        yield form


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> World:
    add_user("jj01", {Role.INSPECTOR})
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1"))
    world.login("jj01")
    yield world
    world.close()


def _content(answer: bool | None = True):
    base = v2_declaration(dataclasses.replace(full_declaration(), officer=PEOPLE["o1"][0]))
    answers = {**base.answers, EXTRA: answer} if answer is not None else base.answers
    return base.with_changes(form_version=3, answers=answers)


def _goldens_unchanged() -> None:
    for name in ("v1", "v2"):
        assert content_bytes(_golden(name)) == (GOLDEN / f"{name}_content.json").read_bytes()
    _golden_signature_verifies()


def test_version_3_is_known_only_while_the_test_defines_it(v3: FormVersion) -> None:
    assert form_for(3) is v3
    assert v3.question_keys[-1] == EXTRA
    assert v3.question_keys[:-1] == form_for(2).question_keys
    # What derives from the form follows: validation, the content, the digest's questions, the workbook's columns.
    answer_keys = [c.key for c in v3.declaration_columns if c.key.startswith(ANSWER_PREFIX)]
    assert answer_keys == [ANSWER_PREFIX + k for k in v3.question_keys]
    assert next(c for c in v3.declaration_columns if c.key == ANSWER_PREFIX + EXTRA).heading == "是否已向本单位报告"
    assert questions_of(3) == v3.question_keys
    assert validate_declaration(_content(), default_catalog(), TODAY) == []
    unanswered = validate_declaration(_content(None), default_catalog(), TODAY)
    assert [(p.path, p.code) for p in unanswered] == [(f"answers.{EXTRA}", "answer.missing")]
    _goldens_unchanged()


def test_draft_sign_countersign_verify_and_review_on_version_3(v3: FormVersion, world: World) -> None:
    campaign = create_campaign(world.admin, name="2028年度专项登记", deadline=DEADLINE, form_version=3)
    saved = save_draft(world["o1"], _content(), campaign.id)
    assert saved.problems == []
    assert saved.record.declaration.form_version == 3
    assert saved.record.declaration.answers[EXTRA] is True  # kept through the store (Declaration.from_dict)

    signed = sign(world["o1"], USER_PASSWORD, campaign.id)
    assert signed.status is DeclarationStatus.SIGNED
    countersign(world["hB"], world.number("o1"), "属实", USER_PASSWORD, campaign.id)
    verified = verify(world["hB"], world.number("o1"), campaign.id)
    assert verified.result.valid, verified.result.failures
    assert verified.record.status is DeclarationStatus.COUNTERSIGNED

    with world.admin.store.transaction() as connection:
        content = (
            connection.execute(schema.declarations.select().where(schema.declarations.c.id == signed.id)).one().content
        )
    stored = json.loads(content)
    assert stored["form_version"] == 3
    assert stored["answers"][EXTRA] is True
    # The signed payload is version 3's content: the extra answer is covered by the officer's signature.
    assert verified.record.declaration.answers[EXTRA] is True
    changed = verified.record.declaration.with_changes(answers={**verified.record.declaration.answers, EXTRA: False})
    assert content_bytes(changed) != content_bytes(verified.record.declaration)

    # A review rule reads version 3's questions: the digest codes the extra answer, and a row without it is flagged.
    code = answers_code(content, questions_of(3))
    assert len(code) == 7
    answers = answers_of(code, 3)
    assert answers[EXTRA] is True
    row = imported("000201", form_version=3, answers={**imported("x").answers, EXTRA: True})
    assert "answers_contradict" not in fired(review(row), "000201")
    missing = imported("000202", form_version=3)  # the six standard answers only
    assert "answers_contradict" in fired(review(missing), "000202")
    assert "answers_contradict" not in fired(review(imported("000203")), "000203")  # version 1: six questions

    _goldens_unchanged()


def test_export_verify_and_import_a_version_3_workbook(v3: FormVersion, world: World, tmp_path: Path) -> None:
    campaign = create_campaign(world.admin, name="2028年度专项登记", deadline=DEADLINE, form_version=3)
    save_draft(world["o1"], _content(), campaign.id)
    sign(world["o1"], USER_PASSWORD, campaign.id)
    countersign(world["hB"], world.number("o1"), "属实", USER_PASSWORD, campaign.id)

    path = export_unit(world["hB"], tmp_path / "unit.xlsx", campaign_id=campaign.id).path
    read = read_workbook(path)
    assert read.problems == []
    assert read.content.cover["form_version"] == "3"
    [entry] = [e for e in read.content.declarations if e.signed.declaration.officer.police_number == world.number("o1")]
    assert entry.signed.declaration.form_version == 3
    assert entry.signed.declaration.answers[EXTRA] is True  # read back from its own answer column
    verdict = verify_workbook(read)
    assert verdict.valid, verdict

    # The extra answer is signed: changing its cell breaks the officer's signature.
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["情况登记表"]
    keys = [cell.value for cell in sheet[2]]
    column = keys.index(ANSWER_PREFIX + EXTRA) + 1
    row = next(
        r for r in range(3, sheet.max_row + 1) if sheet.cell(r, keys.index("police_number") + 1).value == "200002"
    )
    sheet.cell(row, column).value = "否"
    workbook.save(tmp_path / "edited.xlsx")
    edited = verify_workbook(read_workbook(tmp_path / "edited.xlsx"))
    assert not edited.valid

    imported_result = import_workbook(world["jj01"], path)
    assert (imported_result.declarations, imported_result.valid) == (1, 1)
    with world.admin.store.transaction() as connection:
        versions = connection.execute(select(schema.imported_declarations.c.form_version)).scalars().all()
    assert versions == [3]
    # The review reads the imported row by version 3's questions (the digest codes seven answers).
    with world.admin.store.transaction() as connection:
        store_digests(connection)
        data = load_review_data(connection, campaign.id)
    [row] = data.declarations
    assert (row.form_version, row.answers[EXTRA]) == (3, True)
    assert "answers_contradict" not in {finding.rule for finding in evaluate(data).findings}

    _goldens_unchanged()


def test_a_record_naming_an_unknown_version_cannot_be_rebuilt(v3: FormVersion, world: World) -> None:
    campaign = create_campaign(world.admin, name="2028年度专项登记", deadline=DEADLINE, form_version=3)
    save_draft(world["o1"], _content(), campaign.id)
    signed = sign(world["o1"], USER_PASSWORD, campaign.id)
    with world.admin.store.transaction() as connection:
        from desktop.store.repositories import declarations as repo

        record = repo.get(connection, signed.id)
        assert record is not None
        stored = repo.signed_declaration(connection, record)
    assert stored.officer_signature is not None
    officer_payload_for(stored.declaration, stored.officer_signature)  # known now
    with pytest.raises(ValueError, match="form version 9"):
        officer_payload_for(stored.declaration.with_changes(form_version=9), stored.officer_signature)
