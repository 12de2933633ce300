"""Signing: save what is open, ask for the password, sign off the GUI thread (Argon2 takes about 0.3 s on a real
store), then keep the handwritten signature if one was drawn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from desktop.errors import DeclareError
from desktop.gui.errors import error_text
from desktop.gui.officer import labels
from desktop.gui.officer.form_state import REVIEW_STEP
from desktop.gui.officer.look import SUCCESS_COLOUR
from desktop.gui.officer.password_dialog import PasswordDialog
from desktop.gui.worker import Progress
from desktop.services.workflow.declaring import save_handwritten_signature, sign
from desktop.services.workflow.records import DeclarationRecord

if TYPE_CHECKING:
    from desktop.gui.officer.page import OfficerPage


class SigningFlow(QObject):
    """Wires the commitment page's Sign button to the services; results come back as the page's ``signed``."""

    def __init__(self, page: OfficerPage) -> None:
        super().__init__(page)
        self._page = page
        assert page.form_view is not None
        self._commitment = page.form_view.commitment
        self._commitment.sign_requested.connect(self.start)
        self.dialog: PasswordDialog | None = None

    def start(self) -> None:
        """Save, check, then ask for the password (the dialog does not block: the answer arrives in _answered)."""
        page = self._page
        if not self._commitment.ready or page.form is None or page.state is None:
            return
        self._commitment.show_message("")
        if not page.flush():
            return
        if page.form.blocking():
            self._commitment.show_message(self.tr("The form still has problems; solve them before signing."))
            assert page.form_view is not None
            page.form_view.go_to(REVIEW_STEP)
            return
        explanation = labels.fill(
            self.tr(
                "Enter your password to sign version %1 of your declaration for %2. By signing you make the "
                "commitment you have just read."
            ),
            page.state.record.version,
            page.state.campaign.name,
        )
        dialog = PasswordDialog(explanation, page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._answered(dialog.take_password()))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _answered(self, password: str) -> None:
        page = self._page
        assert page.state is not None
        session, campaign_id = page.session, page.state.campaign.id
        drawing = None if self._commitment.pad.is_empty() else self._commitment.pad.to_png()
        self._commitment.set_busy(True)
        page.form_view.setEnabled(False)  # type: ignore[union-attr]  # shown while signing
        page.save_button.setEnabled(False)

        def work(_progress: Progress) -> DeclarationRecord:
            return sign(session, password, campaign_id)

        page.runner.start(work, on_done=lambda record: self._signed(record, drawing), on_error=self._failed, owner=page)

    def _signed(self, record: DeclarationRecord, drawing: bytes | None) -> None:
        page = self._page
        self._finish()
        note = ""
        if drawing is not None:
            try:
                save_handwritten_signature(page.session, drawing, record.campaign_id)
            except DeclareError as error:
                note = " " + labels.fill(
                    self.tr("The handwritten signature was not kept: %1"), error_text(error, page.translate)
                )
            else:
                self._commitment.pad.clear()
        page.reload()
        self._commitment.show_message(
            self.tr("Signed. Your declaration now waits for the unit head's review.") + note, SUCCESS_COLOUR
        )
        page.signed.emit(record.id)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self._commitment.show_message(labels.fill(self.tr("Not signed: %1"), error_text(error, self._page.translate)))

    def _finish(self) -> None:
        page = self._page
        self._commitment.set_busy(False)
        page.form_view.setEnabled(True)  # type: ignore[union-attr]  # shown while signing
        page.save_button.setEnabled(True)
