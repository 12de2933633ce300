"""The head's page marks a declaration signed with a changed officer key (an administrator reset the officer's
password and signed in the officer's name) and countersigning it needs the deliberate confirmation in the dialog,
recorded in the audit log (issue 12, finding 5)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel

from desktop.domain.declarations import DeclarationStatus
from desktop.gui.head.page import HeadPage
from desktop.gui.head.queue_model import RISKS, RISKS_ROLE
from desktop.services.administration import accounts
from desktop.services.session.login import log_in
from desktop.services.workflow import countersigning, declaring
from desktop.store import audit
from tests.gui import test_head_fixtures as support
from tests.gui.test_head_fixtures import PASSWORD, ReviewWorld, show
from tests.gui.test_head_page import OPINION, open_countersign, status_of, type_text, wait_until_decided

review_template, review_world, page_context = support.review_template, support.review_world, support.page_context

IMPOSTOR_PASSWORD = "Impostor-pass-8841"


@pytest.fixture
def impostor_signed(review_world: ReviewWorld) -> str:
    """The administrator resets the password of an officer waiting for the head, and signs again in their name."""
    officer = review_world.template.waiting[0]
    countersigning.return_declaration(review_world.login(review_world.head), officer, "请补充说明。")
    accounts.admin_reset_password(review_world.login("admin"), officer, IMPOSTOR_PASSWORD)
    impostor = log_in(
        review_world.paths, officer, IMPOSTOR_PASSWORD, clock=review_world.clock, throttle=review_world.throttle
    )
    review_world.sessions.append(impostor)
    current = declaring.start_draft(impostor)
    declaring.save_draft(impostor, current.declaration.with_changes(remarks="无。"))
    declaring.sign(impostor, IMPOSTOR_PASSWORD)
    return officer


def test_a_changed_officer_key_is_marked_and_countersigning_needs_the_confirmation(
    qtbot, review_world: ReviewWorld, page_context, impostor_signed: str
) -> None:
    page = HeadPage(page_context(review_world.login(review_world.head)))
    show(qtbot, page)
    row = page.model.row_of(impostor_signed)
    assert "officer_key" in page.model.index(row, RISKS).data(RISKS_ROLE)
    others = [page.model.index(r, RISKS).data(RISKS_ROLE) for r in range(page.model.rowCount()) if r != row]
    assert not any("officer_key" in risks for risks in others)

    dialog = open_countersign(qtbot, page, impostor_signed)
    warning = dialog.findChild(QLabel, "officerKeyWarning")
    assert warning is not None
    assert warning.isVisible()
    type_text(dialog.text, OPINION)
    qtbot.keyClicks(dialog.password, PASSWORD)
    assert not dialog.ok_button.isEnabled()  # not without the confirmation
    dialog.findChild(QCheckBox, "officerKeyConfirm").setChecked(True)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_until_decided(qtbot, page)

    assert status_of(review_world, impostor_signed) is DeclarationStatus.COUNTERSIGNED
    with review_world.sessions[0].store.transaction() as connection:
        confirmed = [e for e in audit.entries(connection) if e.action == "officer_key_confirmed"]
    assert [e.details["officer"] for e in confirmed] == [impostor_signed]


def test_with_signing_unlocked_a_changed_key_still_asks_for_the_confirmation(
    qtbot, review_world: ReviewWorld, page_context, impostor_signed: str
) -> None:
    from PySide6.QtWidgets import QPushButton

    from desktop.gui.head.review_dialogs import CountersignDialog
    from desktop.services.workflow.head_signing import unlock_signing
    from tests.gui.test_head_page import open_to_countersign

    session = review_world.login(review_world.head)
    page = HeadPage(page_context(session))
    show(qtbot, page)
    unlock_signing(session, PASSWORD, idle_seconds=900)  # the head unlocked signing for the session
    view = open_to_countersign(qtbot, page, impostor_signed)
    qtbot.mouseClick(view.findChild(QPushButton, "viewCountersign"), Qt.MouseButton.LeftButton)

    dialog = page.decision
    assert isinstance(dialog, CountersignDialog)  # not countersigned at once, as an established key would be
    assert dialog.findChild(QCheckBox, "officerKeyConfirm") is not None
    assert status_of(review_world, impostor_signed) is DeclarationStatus.SIGNED
